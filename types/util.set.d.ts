/** @noSelfInFile */

/** util.set: sets of values (the option getters return these). Methods are colon calls. */
/** @noResolution */
declare module "util.set" {
  /** An unordered set. */
  export interface Set<T> {
    /** True when the item is a member (nil otherwise). */
    contains(item: T): true | undefined;
    /** Add an item. */
    add(item: T): void;
    /** Remove an item (no-op when absent). */
    remove(item: T): void;
    /** True when the set has no members. */
    empty(): boolean;
    /** Iterate the members (in no particular order). */
    items(): LuaIterable<T>;
    /** Add every item of a list. */
    add_list(list: T[] | undefined): void;
    /** Add every member of another set. */
    include(other: Set<T>): void;
    /** Remove every member of another set. */
    exclude(other: Set<T>): void;
    /** True when every member of `other` is a member of this set. */
    contains_set(other: Set<T>): boolean;
  }
  /** A set of the items of a list. */
  function new_<T>(list?: T[]): Set<T>;
  export { new_ as new };
  /** True for a util.set object. */
  export function is_set(value: unknown): value is Set<unknown>;
  /** Members of either set (also `a + b`). */
  export function union<T>(a: Set<T>, b: Set<T>): Set<T>;
  /** Members of `a` not in `b` (also `a - b`). */
  export function difference<T>(a: Set<T>, b: Set<T>): Set<T>;
  /** Members of both sets. */
  export function intersection<T>(a: Set<T>, b: Set<T>): Set<T>;
  /** Members of exactly one of the sets. */
  export function xor<T>(a: Set<T>, b: Set<T>): Set<T>;
}
