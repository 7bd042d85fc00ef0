/**
 * Values shared by the service, archive and forwarding mappers: exact
 * readings of attribute texts (a text is read only when writing its
 * value back gives the same text, so XML → JSON → XML is exact), numbers
 * from query strings, and checks that an element holds nothing a mapper
 * would drop (with anykind_element.ts and exact.ts).
 */
import type { Stanza } from "util.stanza";
import { setOf } from "../../lib/collections";
import type { Shape } from "./shape";
import { anyOf, integer, text } from "./shape";
import { integerText, isIntegerIn, wrongType } from "./field";
import type { FieldMapper } from "./field";
import { hasOnlyAttributes } from "./anykind_element";

/** Largest integer a double holds exactly (sizes, counts). */
export const MAX_EXACT_INTEGER = 2 ** 53 - 1;

/** A finite number as the shortest decimal text that reads back as the same number. */
export function numberText(n: number): string {
  if (math.floor(n) === n && n > -(2 ** 53) && n < 2 ** 53) {
    return integerText(n);
  }
  for (const digits of [15, 16, 17]) {
    const written = string.format(`%.${digits}g`, n);
    if (tonumber(written) === n) {
      return written;
    }
  }
  return string.format("%.17g", n);
}

/** The number of a decimal text that `numberText` writes back unchanged, else nil. */
export function exactNumber(value: string | undefined): number | undefined {
  if (value === undefined || string.find(value, "^%-?%d+%.?%d*$")[0] === undefined) {
    return undefined;
  }
  const n = tonumber(value);
  if (n === undefined || n !== n || n === math.huge || n === -math.huge) {
    return undefined;
  }
  return numberText(n) === value ? n : undefined;
}

/** The boolean of an xs:boolean written as `trueText`/`falseText` (the forms this mapping writes), else nil. */
export function exactBoolean(value: string | undefined, trueText: string, falseText: string): boolean | undefined {
  if (value === trueText) {
    return true;
  }
  if (value === falseText) {
    return false;
  }
  return undefined;
}

/** True when `element` holds no text but whitespace between its children. */
export function onlyWhitespaceText(element: Stanza): boolean {
  for (const node of element.children()) {
    if (typeof node === "string" && string.find(node, "^%s*$")[0] === undefined) {
      return false;
    }
  }
  return true;
}

/** True when `element` is a plain text element: no child elements, only the `allowed` attributes. */
export function isTextElement(element: Stanza, allowed?: LuaSet<string>): boolean {
  return element.tags.length === 0 && hasOnlyAttributes(element, allowed ?? new LuaSet<string>());
}

/** Decimal digits: how an integer arrives from a query string or a form. */
function decimalText(min: number, max: number): Shape {
  const range = `${integerText(min)} to ${integerText(max)}`;
  return {
    schema: { type: "string", pattern: "^[0-9]+$", description: `The same integer as decimal text (what a query string gives), ${range}.` },
    expected: `decimal digits (${range})`,
    accepts: setOf(["a string"]),
    check: (path, value) => {
      if (type(value) !== "string") {
        return wrongType(path, `decimal digits (${range})`, value);
      }
      const s = value as string;
      if (string.find(s, "^%d+$")[0] === undefined || s.length > 17 || !isIntegerIn(tonumber(s), min, max)) {
        return `${path}: expected an integer from ${range}, got a string of other characters or out of range`;
      }
      return undefined;
    },
  };
}

/**
 * An integer from `min` (≥ 0) to `max`, or the same as decimal digits (a
 * GET query string or a form body gives every value as text); output is
 * always the number.
 */
export function integerOrDigits(min: number, max: number, description?: string): Shape {
  return anyOf([integer(min, max), decimalText(min, max)], description);
}

/** The integer of a value `integerOrDigits` accepted. */
export function integerValue(value: unknown): number {
  if (type(value) === "string") {
    return math.floor(tonumber(value as string) as number);
  }
  return value as number;
}

/** A text, required non-empty (a JID, a URL). */
export function nonEmptyText(description?: string): Shape {
  const plain = text();
  return {
    schema: { type: "string", minLength: 1, description },
    expected: "a non-empty string",
    accepts: plain.accepts,
    check: (path, value) => {
      const problem = plain.check(path, value);
      if (problem !== undefined) {
        return problem;
      }
      return value === "" ? `${path}: expected a non-empty string` : undefined;
    },
  };
}

/**
 * The texts of `element`'s children named in `names`, when it holds
 * nothing else: each at most once, in that order, in `element`'s own
 * namespace, without attributes or child elements, no text of its own
 * but whitespace. Nil when anything else is there (a mapper built on it
 * would drop it).
 */
export function orderedTextChildren(element: Stanza, names: string[]): LuaMap<string, string> | undefined {
  if (!onlyWhitespaceText(element)) {
    return undefined;
  }
  const found = new LuaMap<string, string>();
  let next = 0;
  for (const child of element.tags) {
    if (child.attr.xmlns !== undefined && child.attr.xmlns !== element.attr.xmlns) {
      return undefined;
    }
    let position = -1;
    for (let i = next; i < names.length; i++) {
      if (names[i] === child.name) {
        position = i;
        break;
      }
    }
    if (position < 0 || !isTextElement(child)) {
      return undefined;
    }
    found.set(child.name, child.get_text() ?? "");
    next = position + 1;
  }
  return found;
}

/**
 * The same mapper whose toJson gives only values its shape accepts (an
 * element the JSON could not be sent back as, such as an empty
 * `<block/>`, then stays in `unmapped`): what XML → JSON produces always
 * maps back.
 */
export function shapeChecked(mapper: FieldMapper): FieldMapper {
  const read = mapper.toJson;
  return {
    name: mapper.name,
    kinds: mapper.kinds,
    implies: mapper.implies,
    description: mapper.description,
    spec: mapper.spec,
    shape: mapper.shape,
    elements: mapper.elements,
    form: mapper.form,
    toJson: (stanza) => {
      const value = read(stanza);
      if (value === undefined || mapper.shape.check(mapper.name, value) !== undefined) {
        return undefined;
      }
      return value;
    },
    fromJson: mapper.fromJson,
    fromForm: mapper.fromForm,
    toForm: mapper.toForm,
  };
}

/** Every mapper of a list through `shapeChecked`. */
export function shapeCheckedAll(mappers: FieldMapper[]): FieldMapper[] {
  const list: FieldMapper[] = [];
  for (const mapper of mappers) {
    list.push(shapeChecked(mapper));
  }
  return list;
}
