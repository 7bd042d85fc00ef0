/**
 * The shape every field mapper of the JSON mapping has, and the checks
 * they share. One file per XEP group (core.ts, message.ts, presence.ts,
 * iq.ts, payload.ts, ...) exports its mappers; index.ts lists them in a
 * fixed order.
 *
 * A mapper never raises: wrong JSON types, out-of-range numbers, control
 * characters and invalid UTF-8 give an error text that names the field
 * (`"priority: expected an integer from -128 to 127"`), checked before
 * anything reaches util.stanza (which raises on them).
 */
import type { Stanza, StanzaKind } from "util.stanza";
import type { Shape } from "./shape";
import * as json from "../../lib/json";
import { isXmlSafe } from "../../lib/text";
import { setOf } from "../../lib/collections";

/** A decoded JSON object. */
export type JsonDoc = LuaTable<string, unknown>;

/** A value, or nil and a text naming the wrong field. */
export type MapResult<T> = LuaMultiReturn<[T, undefined] | [undefined, string]>;

/** The kinds a field applies to (a plain set of kind names). */
export type KindSet = { [K in StanzaKind]?: true };

/** Every stanza kind. */
export const ANY_KIND: KindSet = { message: true, presence: true, iq: true };

/**
 * A child element a field stands for: its name and namespace (nil: the
 * stanza's own, jabber:client), `many` when the field takes every such
 * child rather than the first. Children no field stands for are reported
 * in the document's `unmapped` list.
 */
export interface ChildElement {
  readonly name: string;
  readonly xmlns?: string;
  readonly many?: true;
}

/**
 * How one top-level JSON field maps to child elements of a stanza, both
 * ways, and its shape in a flat form (application/x-www-form-urlencoded).
 */
export interface FieldMapper {
  /** The JSON key. */
  readonly name: string;
  /** Stanza kinds the field exists in; ignored in the others. */
  readonly kinds: KindSet;
  /** The kind a document without `kind` or a telling `type` gets when it has this field (nil: none). */
  readonly implies?: StanzaKind;
  /** What the field is (schema description and docs), one sentence. */
  readonly description: string;
  /** The specification it comes from ("XEP-0085", "RFC 6121"). */
  readonly spec: string;
  /** The JSON value's shape: checked before fromJson runs, and published as the field's JSON Schema. */
  readonly shape: Shape;
  /** The child elements the field stands for (see ChildElement). */
  readonly elements: ChildElement[];
  /** How the field is written in a flat form, for the docs and OpenAPI; nil: not available in forms. */
  readonly form?: string;
  /** The field's value for a stanza, nil when the stanza has nothing this field covers. */
  readonly toJson: (this: void, stanza: Stanza) => unknown;
  /** Add the field's children to `stanza` (cursor at the top, left there); an error text when the value is wrong. */
  readonly fromJson: (this: void, stanza: Stanza, value: unknown) => string | undefined;
  /** The JSON value of a form field (default: the string itself). */
  readonly fromForm?: (this: void, value: string) => MapResult<unknown>;
  /** The form value of the field's JSON value, nil when a form cannot express it (default: `formScalar`). */
  readonly toForm?: (this: void, value: unknown) => string | undefined;
}

/** "a string", "an array", ... for an error text. */
export function describe(value: unknown): string {
  if (value === json.NULL) {
    return "null";
  }
  const luaType = type(value);
  if (luaType === "table") {
    return isArray(value) ? "an array" : "an object";
  }
  if (luaType === "number") {
    return "a number";
  }
  if (luaType === "boolean") {
    return "a boolean";
  }
  if (luaType === "string") {
    return "a string";
  }
  return luaType;
}

/** The error text for a value of the wrong JSON type. */
export function wrongType(path: string, expected: string, value: unknown): string {
  return `${path}: expected ${expected}, got ${describe(value)}`;
}

/**
 * True for a JSON array: a table with util.array's metatable (what
 * util.json decodes arrays into), or a plain table holding only the
 * sequence 1..n with n ≥ 1. An empty plain table is an object.
 */
export function isArray(value: unknown): value is LuaTable<number, unknown> {
  if (type(value) !== "table" || value === json.NULL) {
    return false;
  }
  const t = value as LuaTable<AnyNotNil, unknown>;
  if (getmetatable(t) !== undefined) {
    return true;
  }
  let count = 0;
  for (const [key] of pairs(t)) {
    if (type(key) !== "number") {
      return false;
    }
    count += 1;
  }
  return count > 0 && t.length() === count;
}

/** True for a JSON object (not an array, not null). */
export function isObject(value: unknown): value is JsonDoc {
  return json.isObject(value) && !isArray(value);
}

/**
 * Nil when `value` is a string util.stanza accepts (valid UTF-8, no
 * control characters other than tab, LF, CR); else an error text.
 */
export function textError(path: string, value: unknown): string | undefined {
  if (type(value) !== "string") {
    return wrongType(path, "a string", value);
  }
  if (!isXmlSafe(value as string)) {
    return `${path}: invalid UTF-8 or a character XML does not allow`;
  }
  return undefined;
}

/** Nil when `value` is nil or a valid text (see `textError`). */
export function optionalTextError(path: string, value: unknown): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  return textError(path, value);
}

/** Nil when `value` is one of `words`; else an error text listing them. */
export function enumError(path: string, value: unknown, words: LuaSet<string>, listed: string): string | undefined {
  if (type(value) !== "string") {
    return wrongType(path, `one of ${listed}`, value);
  }
  if (!words.has(value as string)) {
    return `${path}: expected one of ${listed}`;
  }
  return undefined;
}

/** True for a whole number from `min` to `max` (a JSON number, not a string). */
export function isIntegerIn(value: unknown, min: number, max: number): value is number {
  if (type(value) !== "number") {
    return false;
  }
  const n = value as number;
  return n === n && n >= min && n <= max && math.floor(n) === n;
}

/** Nil when `value` is a whole number from `min` to `max`; else an error text. */
export function integerError(path: string, value: unknown, min: number, max: number): string | undefined {
  if (isIntegerIn(value, min, max)) {
    return undefined;
  }
  const got = type(value) === "number" ? tostring(value) : describe(value);
  return `${path}: expected an integer from ${integerText(min)} to ${integerText(max)}, got ${got}`;
}

/** Decimal digits with an optional sign: the only integer text accepted from XML or forms. */
const INTEGER_TEXT = "^[+-]?%d+$";

/** The integer written in `text` when it lies from `min` to `max`, else nil. */
export function parseInteger(text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined || string.find(text, INTEGER_TEXT)[0] === undefined || text.length > 20) {
    return undefined;
  }
  const n = tonumber(text);
  if (n === undefined || !isIntegerIn(n, min, max)) {
    return undefined;
  }
  return math.floor(n);
}

/** An integer as decimal text ("5", never "5.0"). */
export function integerText(n: number): string {
  return string.format("%d", n);
}

/** The form value of a scalar JSON value: strings as they are, integers in decimal, `true` as "". */
export function formScalar(value: unknown): string | undefined {
  const luaType = type(value);
  if (luaType === "string") {
    return value as string;
  }
  if (luaType === "number") {
    const n = value as number;
    if (n === n && math.floor(n) === n && n > -(2 ** 53) && n < 2 ** 53) {
      return integerText(n);
    }
    return tostring(n);
  }
  if (value === true) {
    return "";
  }
  return undefined;
}

/** Nil when `value` is absent or an object; else an error text. */
export function objectError(path: string, value: unknown): string | undefined {
  if (!isObject(value)) {
    return wrongType(path, "an object", value);
  }
  return undefined;
}

/** Namespaces a stanza's own children may carry (none when built inside Prosody). */
const STANZA_NAMESPACES = setOf(["jabber:client", "jabber:server", "jabber:component:accept"]);

/** The first child `<name/>` in the stanza's own namespace. */
export function ownChild(stanza: Stanza, name: string): Stanza | undefined {
  for (const child of stanza.tags) {
    const ns = child.attr.xmlns;
    if (child.name === name && (ns === undefined || ns === stanza.attr.xmlns || STANZA_NAMESPACES.has(ns))) {
      return child;
    }
  }
  return undefined;
}

/** The text of a child of the stanza's own namespace (nil when absent or holding elements). */
export function ownChildText(stanza: Stanza, name: string): string | undefined {
  const child = ownChild(stanza, name);
  if (child === undefined || child.tags.length > 0) {
    return undefined;
  }
  return child.get_text();
}

/** True when an element has an attribute other than its namespace. */
export function hasAttributes(element: Stanza): boolean {
  for (const [key] of pairs(element.attr)) {
    if (key !== "xmlns") {
      return true;
    }
  }
  return false;
}

/** A field holding the text of a `<name/>` child of the stanza (body, subject, status). */
export function textChildField(name: string, kinds: KindSet, shape: Shape, spec: string, description: string, implies?: StanzaKind): FieldMapper {
  return {
    name,
    kinds,
    implies,
    description,
    spec,
    shape,
    elements: [{ name }],
    form: "the text",
    toJson: (stanza) => {
      const child = ownChild(stanza, name);
      // Exact or nothing: a child with attributes (xml:lang) or elements is left to `unmapped`.
      if (child === undefined || child.tags.length > 0 || hasAttributes(child)) {
        return undefined;
      }
      return child.get_text() ?? "";
    },
    fromJson: (stanza, value) => {
      const problem = textError(name, value);
      if (problem !== undefined) {
        return problem;
      }
      stanza.text_tag(name, value as string);
      return undefined;
    },
  };
}

/** util.array is callable, which a namespace import cannot express: required by a computed name. */
const ARRAY_LIBRARY = "util.array";
const utilArray = require(ARRAY_LIBRARY) as typeof import("util.array");

/** An empty list that util.json encodes as `[]` even while empty. */
export function jsonArray<T>(): T[] {
  return utilArray<T>() as unknown as T[];
}

/**
 * The whole-stanza mapping, for fields that nest a stanza (a forwarded
 * message): set by index.ts once loaded, so field files need not import it.
 */
export const nestedStanza: {
  toJson?: (this: void, stanza: Stanza) => JsonDoc;
  fromJson?: (this: void, doc: JsonDoc) => MapResult<Stanza>;
} = {};
