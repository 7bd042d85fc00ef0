/** @noSelfInFile */

/**
 * util.array: Lua sequences with methods (a metatable). util.json encodes
 * a table with this metatable as an array even when it is empty, and
 * decodes arrays into such tables.
 *
 * The library itself is callable (`array(list)` wraps a list), which a
 * namespace import cannot express: `import * as array from "util.array"`
 * gives the free functions; to call the library use a plain require:
 *
 *     const array = require("util.array") as typeof import("util.array");
 *     const empty = array<string>();
 */
/** @noResolution */
declare module "util.array" {
  /** Give `list` (a new table when nil) the array metatable; returns it. */
  function array<T>(list?: T[]): array.UtilArray<T>;
  /** The free functions (they make new arrays) and the array type. */
  namespace array {
    /**
     * A sequence with the array metatable. Methods are colon calls and
     * transform the array in place (the free functions of the same names
     * make new arrays). Index it with `[i]` (1-based in Lua: prefer the
     * methods or convert with `as T[]`).
     */
    interface UtilArray<T> {
      /** Items, 1-based. */
      [index: number]: T;
      /** Number of items. */
      length(): number;
      /** Append an item. */
      push(item: T): this;
      /** Remove and return the item at `index` (the last when nil). */
      pop(index?: number): T | undefined;
      /** Append every item of a list. */
      append(list: T[] | UtilArray<T>): this;
      /** Replace each item with `f(item)`. */
      map(f: (this: void, item: T) => T): this;
      /** Keep the items for which `f` is truthy. */
      filter(f: (this: void, item: T) => unknown): this;
      /** Keep items `i` to `j` (negative counts from the end). */
      slice(i: number, j?: number): this;
      /** Sort in place (`table.sort`). */
      sort(compare?: (this: void, a: T, b: T) => boolean): this;
      /** Drop repeated items, keeping the first. */
      unique(): this;
      /** Reverse in place. */
      reverse(): this;
      /** Shuffle in place. */
      shuffle(): this;
      /** A random item. */
      random(): T | undefined;
      /** The items as strings joined with `sep`. */
      concat(sep?: string): string;
    }
    /** A new array of the values of a Lua iterator. */
    function collect<T>(f: (this: void, state: any, control: any) => T | undefined, state?: unknown, control?: unknown): UtilArray<T>;
    /** A new array of `f(item)` for each item. */
    function map<T, R>(list: T[] | UtilArray<T>, f: (this: void, item: T) => R): UtilArray<R>;
    /** A new array of the items for which `f` is truthy. */
    function filter<T>(list: T[] | UtilArray<T>, f: (this: void, item: T) => unknown): UtilArray<T>;
    /** A new array of items `i` to `j` (negative counts from the end). */
    function slice<T>(list: T[] | UtilArray<T>, i: number, j?: number): UtilArray<T>;
    /** A new sorted array. */
    function sort<T>(list: T[] | UtilArray<T>, compare?: (this: void, a: T, b: T) => boolean): UtilArray<T>;
    /** A new array without repeated items. */
    function unique<T>(list: T[] | UtilArray<T>): UtilArray<T>;
    /** A new array in reverse order. */
    function reverse<T>(list: T[] | UtilArray<T>): UtilArray<T>;
    /** A new array of `item[key]` for each item (`default` when nil). */
    function pluck<T, K extends keyof T>(list: T[] | UtilArray<T>, key: K, default_value?: T[K]): UtilArray<T[K]>;
  }
  export = array;
}
