/**
 * Type-level assertions for the declaration tests. Nothing here runs:
 * the tests only have to compile (`tsc -p types/test/tsconfig.json`).
 *
 *     const ok: Equals<typeof value, string | undefined> = true; // exact type
 *     expectAssignable<string>(value);                          // assignable
 */

/** True when A and B are the same type (not just mutually assignable). */
export type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;

/** Compiles when the value is assignable to T. */
export declare function expectAssignable<T>(value: T): void;

/** A value of type T, for arguments and receivers. */
export declare function value<T>(): T;
