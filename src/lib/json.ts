/**
 * util.json, loaded by a computed name: TSTL strips a ".json" suffix from
 * literal require paths, which would turn "util.json" into "util".
 */
type JsonLib = typeof import("util.json");

const JSON_LIBRARY = "util.json";
const json = require(JSON_LIBRARY) as JsonLib;

/** Encode a value (tables, strings, numbers, booleans, json.null). */
export const encode = json.encode;

/** The value standing for JSON null. */
export const NULL = json.null;

/**
 * Decode untrusted JSON. util.json itself can raise on some inputs (a key
 * named "__hash" holding a number, nesting deep enough to overflow the C
 * stack), so the call is protected. Nil for anything that is not JSON.
 */
export function decode(text: string): unknown {
  const [ok, value] = pcall(decodeUnprotected, text);
  if (!ok) {
    return undefined;
  }
  return value;
}

function decodeUnprotected(text: string): unknown {
  const [value] = json.decode(text);
  return value;
}

/** True for a decoded JSON object (arrays and json.null carry a metatable). */
export function isObject(value: unknown): value is LuaTable<string, unknown> {
  return type(value) === "table" && getmetatable(value as object) === undefined;
}
