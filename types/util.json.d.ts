/** @noSelfInFile */

/**
 * util.json: JSON encoding and decoding.
 *
 * Caveat: TSTL strips a `.json` suffix from every require path, so
 * `import * as json from "util.json"` compiles to `require("util")`. Use
 * these types with `require` of a computed name instead:
 *
 *     const JSON_LIBRARY = "util.json";
 *     const json = require(JSON_LIBRARY) as typeof import("util.json");
 *
 * Arrays: decoded arrays carry util.array's metatable, and a table with
 * that metatable (`array()` from util.array) encodes as an array even when
 * empty; other empty tables encode as `{}`.
 */
/** @noResolution */
declare module "util.json" {
  /** The sentinel that stands for JSON `null` (Lua nil cannot be stored in tables). */
  const null_: unique symbol;
  export { null_ as null };
  /** A decoded JSON value: tables for objects and arrays, `json.null` for null. */
  export type Value = string | number | boolean | typeof null_ | LuaTable<string | number, unknown>;
  /** Encode a value; functions and other non-JSON values become `null`, keys of other types are skipped; cycles raise. */
  export function encode(value: unknown): string;
  /** Encode a table as an array (its sequence part) even when empty. */
  export function encode_array(value: unknown[]): string;
  /** Encode with object keys sorted, for stable output. */
  export function encode_ordered(value: unknown): string;
  /** Decode; nil and a message on invalid input. Some inputs raise: wrap untrusted input in pcall. */
  export function decode(json: string): LuaMultiReturn<[Value, undefined] | [undefined, string]>;
}
