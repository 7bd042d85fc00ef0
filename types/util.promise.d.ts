/** @noSelfInFile */

/**
 * util.promise: Prosody's promises. They are not JavaScript's: no
 * async/await; chain with `:next()`. Handlers run synchronously when the
 * promise is already settled. Rejection reasons are untyped (`any`): a
 * util.error from Prosody's own APIs, or whatever a handler raised (a
 * string with a traceback).
 */
/** @noResolution */
declare module "util.promise" {
  /** A value or a promise of it, as accepted by resolve and returned from handlers. */
  export type Awaitable<T> = T | Promise<T>;

  /** The value type of a promise (or the type itself for a plain value). */
  export type Settled<T> = T extends Promise<infer U> ? U : T;

  /** A promise of a value of type T. */
  export interface Promise<T> {
    /** Chain: the handler's return value (or the promise it returns) settles the new promise; a raised error rejects it. */
    next<R = T, E = never>(
      on_fulfilled?: ((this: void, value: T) => Awaitable<R>) | undefined,
      on_rejected?: (this: void, reason: any) => Awaitable<E>, // reasons are untyped in Prosody
    ): Promise<R | E>;
    /** Handle a rejection; the new promise resolves with the handler's result. */
    catch<E>(on_rejected: (this: void, reason: any) => Awaitable<E>): Promise<T | E>; // reasons are untyped in Prosody
    /** Run on either outcome; the value or rejection passes through. */
    finally(on_finally: (this: void) => void): Promise<T>;
  }

  /** A new promise settled by calling resolve or reject (the executor runs at once); pending forever without one. */
  function new_<T>(executor?: (this: void, resolve: (this: void, value: Awaitable<T>) => void, reject: (this: void, reason: unknown) => void) => void): Promise<T>;
  export { new_ as new };
  /** A promise resolved with `value` (or following it, when it is a promise). */
  export function resolve<T = undefined>(value?: Awaitable<T>): Promise<T>;
  /** A promise rejected with `reason`. */
  export function reject<T = never>(reason: unknown): Promise<T>;
  /** Resolves with every value (same keys; non-promises pass through) once all resolve; rejects with the first rejection. */
  export function all<const T extends readonly unknown[]>(promises: T): Promise<{ -readonly [K in keyof T]: Settled<T[K]> }>;
  /** Resolves, once all have settled, with `{ status, value }` or `{ status, reason }` for each promise. */
  export function all_settled<T>(promises: Promise<T>[]): Promise<Array<{ status: "fulfilled"; value: T } | { status: "rejected"; reason: unknown }>>;
  /** Wait for all the promises, then call `handler` with their values as arguments. */
  export function join<R>(handler: (this: void, ...values: any[]) => Awaitable<R>, ...promises: Promise<unknown>[]): Promise<R>;
  /** Settles like the first of the promises to settle. */
  export function race<T>(promises: Promise<T>[]): Promise<T>;
  /** Call `f` and turn its result, or the error it raises, into a promise. */
  function try_<T>(f: (this: void) => Awaitable<T>): Promise<T>;
  export { try_ as try };
  /** True for a util.promise object. */
  export function is_promise(value: unknown): value is Promise<unknown>;
}
