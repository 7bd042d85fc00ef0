/** @noSelfInFile */

/** util.set: sets of values (option getters return these). */
/** @noResolution */
declare module "util.set" {
  export interface Set<T> {
    contains(item: T): boolean;
    add(item: T): void;
    remove(item: T): void;
    empty(): boolean;
    /** Iterate the members. */
    items(): LuaIterable<T>;
    add_list(list: T[]): void;
    include(other: Set<T>): void;
    exclude(other: Set<T>): void;
    contains_set(other: Set<T>): boolean;
  }
  function new_<T>(list?: T[]): Set<T>;
  export { new_ as new };
  export function is_set(value: unknown): value is Set<unknown>;
  export function union<T>(a: Set<T>, b: Set<T>): Set<T>;
  export function difference<T>(a: Set<T>, b: Set<T>): Set<T>;
  export function intersection<T>(a: Set<T>, b: Set<T>): Set<T>;
}
