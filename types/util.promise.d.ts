/** @noSelfInFile */

/** util.promise: Prosody's promises (not JavaScript's; no async/await). */
/** @noResolution */
declare module "util.promise" {
  /** A value or a promise of it, as accepted by resolve and returned from handlers. */
  export type Awaitable<T> = T | Promise<T>;

  export interface Promise<T> {
    /** Chain: the handlers' return value (or promise) settles the new promise. */
    next<R = T, E = never>(
      on_fulfilled?: (this: void, value: T) => Awaitable<R>,
      on_rejected?: (this: void, reason: any) => Awaitable<E>, // reasons are untyped in Prosody
    ): Promise<R | E>;
    catch<E>(on_rejected: (this: void, reason: any) => Awaitable<E>): Promise<T | E>; // reasons are untyped in Prosody
    /** Run on either outcome; the value passes through. */
    finally(on_finally: (this: void) => void): Promise<T>;
  }

  /** A new promise settled by calling resolve or reject. */
  function new_<T>(executor: (this: void, resolve: (this: void, value: Awaitable<T>) => void, reject: (this: void, reason: unknown) => void) => void): Promise<T>;
  export { new_ as new };
  export function resolve<T>(value: Awaitable<T>): Promise<T>;
  export function reject<T = never>(reason: unknown): Promise<T>;
  export function all<T>(promises: Promise<T>[]): Promise<T[]>;
  export function all_settled<T>(promises: Promise<T>[]): Promise<Array<{ status: "fulfilled"; value: T } | { status: "rejected"; reason: unknown }>>;
  export function race<T>(promises: Promise<T>[]): Promise<T>;
  /** Run f and turn its result or error into a promise. */
  export function try_<T>(f: (this: void) => Awaitable<T>): Promise<T>;
  export function is_promise(value: unknown): value is Promise<unknown>;
}
