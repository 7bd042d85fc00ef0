/**
 * Several pieces of one module that each need to run at unload: Prosody
 * calls the single `module.unload`, so each adds itself to a chain instead
 * of replacing what another piece set (run in the order added).
 */

/** Run `task` when the module unloads (or reloads), after the tasks added before it. */
export function addUnloadTask(task: (this: void) => void): void {
  const previous = module.unload;
  module.unload = () => {
    previous?.();
    task();
  };
}
