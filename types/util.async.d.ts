/** @noSelfInFile */

/**
 * util.async: coroutine-based waiting. Code that waits must run inside a
 * runner (Prosody runs stanza and HTTP handlers in one): `wait_for(promise)`
 * then blocks the handler, not the server. Prefer util.promise chains
 * where they serve.
 */
/** @noResolution */
declare module "util.async" {
  import type { Promise } from "util.promise";

  /** Runner states. */
  export type RunnerState = "ready" | "running" | "waiting";

  /** Callbacks on state changes (called with the runner, and the error for `error`). */
  export interface RunnerWatchers<T> {
    /** The runner went idle. */
    ready?: (this: void, runner: Runner<T>) => void;
    /** The runner is blocked waiting. */
    waiting?: (this: void, runner: Runner<T>) => void;
    /** A work item raised; the error has a traceback. */
    error?: (this: void, runner: Runner<T>, err: string) => void;
  }

  /** Runs `func` on each queued item in a coroutine that may wait. Methods are colon calls. */
  export interface Runner<T> {
    /** Current state. */
    state: RunnerState;
    /** Short id used in log lines. */
    id: string;
    /** The `data` given to `runner`. */
    data: unknown;
    /** Queue an item (when non-nil) and process the queue: true, the state and the items left. */
    run(input?: T): LuaMultiReturn<[true, RunnerState, number]>;
    /** Queue an item without processing it. */
    enqueue(input: T): this;
    /** Log with the runner's id. */
    log(level: "debug" | "info" | "warn" | "error", format: string, ...args: unknown[]): void;
    /** Set the `ready` watcher. */
    onready(f: (this: void, runner: Runner<T>) => void): this;
    /** Set the `waiting` watcher. */
    onwaiting(f: (this: void, runner: Runner<T>) => void): this;
    /** Set the `error` watcher. */
    onerror(f: (this: void, runner: Runner<T>, err: string) => void): this;
  }

  /** True (and the thread) inside a runner; false and a message otherwise. */
  export function ready(): LuaMultiReturn<[true, LuaThread] | [false, string]>;
  /**
   * A wait function and a done function: `wait()` blocks until `done()`
   * has been called `num` times (default 1). Raises outside a runner.
   */
  export function waiter(num?: number, allow_many?: boolean): LuaMultiReturn<[wait: (this: void) => void, done: (this: void) => void]>;
  /** Block until the promise settles: its value, or nil and the rejection reason (also nil, nil for a falsy value). */
  export function wait_for<T>(promise: Promise<T>): LuaMultiReturn<[T, undefined] | [undefined, any]>;
  /**
   * Old name of `wait_for`.
   * @deprecated Use `wait_for` (`wait = wait_for; -- COMPAT w/trunk pre-0.12` in util/async.lua of 0.12 and 13).
   */
  export function wait<T>(promise: Promise<T>): LuaMultiReturn<[T, undefined] | [undefined, any]>;
  /** Block for `seconds` (only where a schedule function is configured, as in Prosody). */
  export function sleep(seconds: number): void;
  /** A new runner calling `func(item)` for each item (default: call the item). */
  export function runner<T = (this: void) => void>(func?: (this: void, item: T) => void, watchers?: RunnerWatchers<T>, data?: unknown): Runner<T>;
  /**
   * Mutual exclusion by id: `guard(id)` waits for the previous holder and
   * returns the release function; `guard(id, f)` runs `f` and releases.
   */
  export function guarder(): (this: void, id: unknown, func?: (this: void) => void) => ((this: void) => void) | undefined;
}
