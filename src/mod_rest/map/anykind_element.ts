/**
 * Checks shared by the fields that map one namespaced element exactly
 * (nick, delay, rsm, caps, idle, muc, vcard_update): a field maps an
 * element only when its JSON can give the same element back, so an
 * unknown attribute, a stray text node or child decides "leave it to
 * `unmapped`".
 */
import type { Stanza } from "util.stanza";
import type { MapResult } from "./field";
import { integerText, parseInteger } from "./field";

/** True when every attribute of `element` other than `xmlns` is one of `allowed`. */
export function hasOnlyAttributes(element: Stanza, allowed: LuaSet<string>): boolean {
  for (const [name] of pairs(element.attr as unknown as LuaTable<string, string>)) {
    if (name !== "xmlns" && !allowed.has(name)) {
      return false;
    }
  }
  return true;
}

/**
 * True when `element` holds no text: nothing, or child elements with at
 * most whitespace between them (indentation, which no mapper keeps and
 * the exactness guard of exact.ts ignores too).
 */
export function hasNoText(element: Stanza): boolean {
  const indented = element.tags.length > 0;
  for (const node of element.children()) {
    if (type(node) === "string" && !(indented && string.find(node as string, "^%s*$")[0] !== undefined)) {
      return false;
    }
  }
  return true;
}

/** The text of an element that holds only text ("" when empty); nil when it holds elements. */
export function plainText(element: Stanza): string | undefined {
  if (element.tags.length > 0) {
    return undefined;
  }
  return element.get_text() ?? "";
}

/**
 * The text of an element with no attribute but `xmlns` and no child
 * element ("" when empty), nil otherwise.
 */
export function bareText(element: Stanza): string | undefined {
  if (!hasOnlyAttributes(element, new LuaSet<string>())) {
    return undefined;
  }
  return plainText(element);
}

/**
 * The integer written in `text` when it lies from `min` to `max` and is
 * written as the mapping writes it back ("5", not "05" or "+5"); else nil.
 */
export function exactInteger(text: string | undefined, min: number, max: number): number | undefined {
  const n = parseInteger(text, min, max);
  if (n === undefined || integerText(n) !== text) {
    return undefined;
  }
  return n;
}

/** The largest xs:int (XML Schema), the bound of XEP counts and sizes. */
export const MAX_XS_INT = 2147483647;

/** The `fromForm` of a field a flat form cannot express: it refuses, naming the field. */
export function notInForms(name: string): (this: void, value: string) => MapResult<unknown> {
  return () => $multi(undefined, `${name}: an object, not available in forms (send JSON)`);
}

/** True when `element` holds nothing: no text, no child element. */
export function isEmptyElement(element: Stanza): boolean {
  return element.tags.length === 0 && hasNoText(element);
}
