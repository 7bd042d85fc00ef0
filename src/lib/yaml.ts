/**
 * A small deterministic YAML writer for JSON-like Lua values (what
 * util.json decodes or encodes): block style, object keys sorted (a
 * preferred order first, then byte order), every string that could be
 * read as something else double-quoted with JSON-compatible escapes, so
 * the same value always gives the same text and a YAML 1.2 reader gets
 * the JSON value back.
 *
 *     yaml.encode({ openapi: "3.1.0", info: { title: "API" } }, ["openapi", "info"])
 *     -- openapi: "3.1.0"
 *     -- info:
 *     --   title: API
 *
 * Arrays: a table with util.array's metatable (empty: `[]`), or a plain
 * sequence 1..n; an empty plain table is `{}`, as util.json writes it.
 */
import * as json from "./json";

type Table = LuaTable<AnyNotNil, unknown>;

/** Plain words YAML 1.1 or 1.2 readers take for booleans or null. */
const RESERVED = new LuaSet<string>();
for (const word of ["y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"]) {
  RESERVED.add(word);
}

/** JSON's short escapes; every other control byte is written \u00XX. */
const SHORT_ESCAPES: { [char: string]: string } = {
  "\"": "\\\"",
  "\\": "\\\\",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
};

function escapeByte(char: string): string {
  return SHORT_ESCAPES[char] ?? string.format("\\u%04X", string.byte(char));
}

/** Characters YAML reads as line breaks or markers, though JSON does not (NEL, LS, PS, BOM), as UTF-8 bytes. */
const UNICODE_ESCAPES: [string, string][] = [
  [string.char(0xc2, 0x85), "\\u0085"],
  [string.char(0xe2, 0x80, 0xa8), "\\u2028"],
  [string.char(0xe2, 0x80, 0xa9), "\\u2029"],
  [string.char(0xef, 0xbb, 0xbf), "\\uFEFF"],
];

/** A string as a double-quoted YAML scalar, which is also a JSON string. */
export function quote(text: string): string {
  let escaped = string.gsub(text, "[%c\"\\]", escapeByte)[0];
  for (const [bytes, escape] of UNICODE_ESCAPES) {
    escaped = string.gsub(escaped, bytes, escape)[0];
  }
  return `"${escaped}"`;
}

/**
 * True when `text` reads back as the same string unquoted: letters,
 * digits, spaces and `_./-()`, starting with a letter, `_` or `/`, not
 * ending with a space, and not a word read as a boolean or null.
 */
function isPlain(text: string): boolean {
  if (string.find(text, "^[%a_/][%w_%./%-() ]*$")[0] === undefined || string.sub(text, -1) === " ") {
    return false;
  }
  return !RESERVED.has(string.lower(text));
}

function scalarText(text: string): string {
  return isPlain(text) ? text : quote(text);
}

/** A number as JSON writes it: integers in decimal, others with enough digits to read back the same. */
function numberText(n: number): string {
  if (n !== n || n === math.huge || n === -math.huge) {
    return "null";
  }
  if (math.floor(n) === n && math.abs(n) < 2 ** 53) {
    return string.format("%d", n);
  }
  const short = string.format("%.14g", n);
  return tonumber(short) === n ? short : string.format("%.17g", n);
}

/** True for a value written as a YAML sequence. */
function isList(value: Table): boolean {
  if (getmetatable(value) !== undefined) {
    return true;
  }
  let count = 0;
  for (const [key] of pairs(value)) {
    if (type(key) !== "number") {
      return false;
    }
    count += 1;
  }
  return count > 0 && value.length() === count;
}

/** Keys in output order: those of `preferred` in its order, then the others sorted. */
function sortedKeys(value: Table, rank: LuaMap<string, number>): string[] {
  const keys: string[] = [];
  for (const [key] of pairs(value)) {
    keys.push(tostring(key));
  }
  table.sort(keys, (a, b) => {
    const ra = rank.get(a);
    const rb = rank.get(b);
    if (ra !== undefined || rb !== undefined) {
      if (ra === undefined) {
        return false;
      }
      if (rb === undefined) {
        return true;
      }
      return ra < rb;
    }
    return a < b;
  });
  return keys;
}

/** A scalar or an empty collection on one line; nil for a non-empty collection. */
function inline(value: unknown): string | undefined {
  if (value === json.NULL || value === undefined) {
    return "null";
  }
  const luaType = type(value);
  if (luaType === "boolean") {
    return value === true ? "true" : "false";
  } else if (luaType === "number") {
    return numberText(value as number);
  } else if (luaType === "string") {
    return scalarText(value as string);
  } else if (luaType !== "table") {
    return "null";
  }
  if (next(value as Table)[0] === undefined) {
    return getmetatable(value as Table) === undefined ? "{}" : "[]";
  }
  return undefined;
}

/** Write a non-empty collection as lines, each indented by `indent` spaces. */
function block(value: Table, indent: string, rank: LuaMap<string, number>, lines: string[]): void {
  if (isList(value)) {
    for (let i = 1; i <= value.length(); i++) {
      const item = value.get(i);
      const one = inline(item);
      if (one !== undefined) {
        lines.push(`${indent}- ${one}`);
      } else {
        // The item's own block, its first line starting after the dash.
        const first = lines.length;
        block(item as Table, `${indent}  `, rank, lines);
        lines[first] = `${indent}- ${string.sub(lines[first], indent.length + 3)}`;
      }
    }
    return;
  }
  for (const key of sortedKeys(value, rank)) {
    const item = value.get(key);
    const one = inline(item);
    if (one !== undefined) {
      lines.push(`${indent}${scalarText(key)}: ${one}`);
    } else {
      lines.push(`${indent}${scalarText(key)}:`);
      block(item as Table, `${indent}  `, rank, lines);
    }
  }
}

/**
 * The YAML text of a JSON-like value, ending with a newline. `preferred`
 * keys come first in every object, in that order (e.g. OpenAPI's
 * `openapi`, `info`, `paths`); other keys follow in byte order.
 */
export function encode(value: unknown, preferred?: string[]): string {
  const rank = new LuaMap<string, number>();
  if (preferred !== undefined) {
    for (let i = 0; i < preferred.length; i++) {
      rank.set(preferred[i], i);
    }
  }
  const one = inline(value);
  if (one !== undefined) {
    return `${one}\n`;
  }
  const lines: string[] = [];
  block(value as Table, "", rank, lines);
  return `${lines.join("\n")}\n`;
}
