/** @noSelfInFile */

/**
 * util.timer: server-wide timers (the net.server backend's). Modules
 * usually want `module:add_timer`, whose timers stop when the module is
 * unloaded.
 */
/** @noResolution */
declare module "util.timer" {
  /**
   * Called at the due time with the current time, the timer id and the
   * parameter; returning a number runs it again that many seconds later.
   */
  export type TaskCallback<P> = (this: void, now: number, id: number, param: P) => number | void;
  /** Run `callback` after `delay` seconds; returns the timer id. */
  export function add_task<P = undefined>(delay: number, callback: TaskCallback<P>, param?: P): number;
  /** Cancel a timer. */
  export function stop(id: number): void;
  /** Move a pending timer to `delay` seconds from now. */
  export function reschedule(id: number, delay: number): void;
}
