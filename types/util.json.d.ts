/** @noSelfInFile */

/**
 * util.json: JSON encoding and decoding.
 * TSTL strips a `.json` suffix from every require path, so
 * `import ... from "util.json"` compiles to `require("util")`: use these
 * types with `require` of a computed name (see src/lib/json.ts).
 */
/** @noResolution */
declare module "util.json" {
  /** The sentinel that stands for JSON `null` (Lua nil cannot be stored in tables). */
  const null_: unique symbol;
  export { null_ as null };
  /** A decoded JSON value: tables for objects and arrays, `json.null` for null. */
  export type Value = string | number | boolean | typeof null_ | LuaTable<string | number, unknown>;
  /** Encode a value; raises on values that cannot be encoded (functions, cycles). */
  export function encode(value: unknown): string;
  /** Encode a table as an array even when empty. */
  export function encode_array(value: unknown[]): string;
  /** Encode with keys sorted, for stable output. */
  export function encode_ordered(value: unknown): string;
  /** Decode; nil and a message on invalid input. */
  export function decode(json: string): LuaMultiReturn<[unknown, undefined] | [undefined, string]>;
  /** Mark a table to be encoded as an array. */
  export function array<T>(items: T[]): T[];
}
