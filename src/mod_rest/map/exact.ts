/**
 * The exactness guard of payload mappers: an element is given a JSON value
 * only when writing that value back gives the same element. Mappers parse
 * leniently, then `sameElement` compares the rewrite with the original, so
 * an unknown child, an attribute the mapping does not keep, a second
 * value or another child order leaves the element to `unmapped` intact.
 */
import * as st from "util.stanza";
import type { Stanza } from "util.stanza";
import { isArray, jsonArray } from "./field";
import type { Shape } from "./shape";
import { arrayOf, oneOfWords } from "./shape";

/** An element child or the text between two element children. */
type Part = Stanza | string;

/** False for no text, an empty one, and indentation between elements. */
function significant(text: string | undefined, hasElements: boolean): boolean {
  if (text === undefined || text === "") {
    return false;
  }
  return !(hasElements && string.find(text, "^%s*$")[0] !== undefined);
}

/**
 * The children of `element` with adjacent texts joined (empty ones dropped); whitespace-only
 * texts between elements (indentation) dropped, as no mapper keeps them.
 */
function parts(element: Stanza): Part[] {
  const list: Part[] = [];
  const nodes = element as unknown as LuaTable<number, Part>;
  const hasElements = element.tags.length > 0;
  let pending: string | undefined;
  for (let i = 1; i <= nodes.length(); i++) {
    const node = nodes.get(i);
    if (type(node) === "string") {
      pending = (pending ?? "") + (node as string);
    } else {
      if (significant(pending, hasElements)) {
        list.push(pending as string);
      }
      pending = undefined;
      list.push(node);
    }
  }
  if (significant(pending, hasElements)) {
    list.push(pending as string);
  }
  return list;
}

/** True when both attribute tables hold the same names and values, xmlns aside. */
function sameAttributes(a: Stanza, b: Stanza): boolean {
  const attrA = a.attr as unknown as LuaTable<string, string>;
  const attrB = b.attr as unknown as LuaTable<string, string>;
  for (const [name, value] of pairs(attrA)) {
    if (name !== "xmlns" && attrB.get(name) !== value) {
      return false;
    }
  }
  for (const [name, value] of pairs(attrB)) {
    if (name !== "xmlns" && attrA.get(name) !== value) {
      return false;
    }
  }
  return true;
}

/**
 * True when `a` and `b` are the same XML: names, effective namespaces
 * (`nsA`/`nsB`: the parents'), attributes, and children in order.
 */
export function sameElement(a: Stanza, b: Stanza, nsA?: string, nsB?: string): boolean {
  const ownA = a.attr.xmlns ?? nsA;
  const ownB = b.attr.xmlns ?? nsB;
  if (a.name !== b.name || ownA !== ownB || !sameAttributes(a, b)) {
    return false;
  }
  const partsA = parts(a);
  const partsB = parts(b);
  if (partsA.length !== partsB.length) {
    return false;
  }
  for (let i = 0; i < partsA.length; i++) {
    const x = partsA[i];
    const y = partsB[i];
    if (type(x) === "string" || type(y) === "string") {
      if (x !== y) {
        return false;
      }
    } else if (!sameElement(x as Stanza, y as Stanza, ownA, ownB)) {
      return false;
    }
  }
  return true;
}

/** What `writeInto` made. */
interface Written {
  problem?: string;
}

/**
 * True when `write` (a fromJson that adds one element to a stanza) turns
 * `value` back into exactly `original`. A write that refuses or raises is
 * not exact.
 */
export function writesBack(original: Stanza, value: unknown, write: (this: void, stanza: Stanza, value: unknown) => string | undefined): boolean {
  const scratch = st.stanza("scratch");
  const out: Written = {};
  const [ok] = pcall(writeInto, write, scratch, value, out);
  if (!ok || out.problem !== undefined || scratch.tags.length !== 1) {
    return false;
  }
  // The rewrite has no parent: an element written without xmlns (<error/>, <body/>) stands in the original's.
  return sameElement(original, scratch.tags[0], undefined, original.attr.xmlns);
}

/**
 * `value` when it fits `shape` (if given; `path` names it in the check) and
 * writing it with `write` (the field's fromJson) gives `element` back
 * exactly, else nil: the last guard of a toJson, so an element the mapping
 * would change stays XML.
 */
export function exactOrNil<T>(
  element: Stanza | undefined,
  value: T | undefined,
  write: (this: void, stanza: Stanza, value: unknown) => string | undefined,
  shape?: Shape,
  path?: string,
): T | undefined {
  if (element === undefined || value === undefined) {
    return undefined;
  }
  if (shape !== undefined && shape.check(path ?? "value", value) !== undefined) {
    return undefined;
  }
  return writesBack(element, value, write) ? value : undefined;
}

function writeInto(write: (this: void, stanza: Stanza, value: unknown) => string | undefined, scratch: Stanza, value: unknown, out: Written): void {
  out.problem = write(scratch, value);
}

/**
 * The kinds of `element`'s children in document order, each named once;
 * nil when the children of one kind are not together (a value, an
 * option, a value), which no order of kinds can say.
 */
export function kindSequence(element: Stanza, kindOf: (this: void, child: Stanza) => string): string[] | undefined {
  const sequence: string[] = [];
  const seen = new LuaSet<string>();
  let last: string | undefined;
  for (const child of element.tags) {
    const kind = kindOf(child);
    if (kind !== last) {
      if (seen.has(kind)) {
        return undefined;
      }
      seen.add(kind);
      sequence.push(kind);
      last = kind;
    }
  }
  return sequence;
}

/** `sequence` as a JSON list, or nil when it is the default order (`defaults` restricted to the kinds present). */
export function orderHint(sequence: string[], defaults: string[]): string[] | undefined {
  const present = new LuaSet<string>();
  for (const kind of sequence) {
    present.add(kind);
  }
  let i = 0;
  for (const kind of defaults) {
    if (present.has(kind)) {
      if (sequence[i] !== kind) {
        const list = jsonArray<string>();
        for (const item of sequence) {
          list.push(item);
        }
        return list;
      }
      i += 1;
    }
  }
  return undefined;
}

/** The kinds in writing order: those of `hint` (a list of kinds, or nil) first, each once, then the rest of `defaults`. */
export function writingOrder(hint: unknown, defaults: string[]): string[] {
  const order: string[] = [];
  const taken = new LuaSet<string>();
  const known = new LuaSet<string>();
  for (const kind of defaults) {
    known.add(kind);
  }
  if (isArray(hint)) {
    for (let i = 1; i <= hint.length(); i++) {
      const kind = hint.get(i) as string;
      if (known.has(kind) && !taken.has(kind)) {
        taken.add(kind);
        order.push(kind);
      }
    }
  }
  for (const kind of defaults) {
    if (!taken.has(kind)) {
      order.push(kind);
    }
  }
  return order;
}

/** The shape of an `order` hint over these kinds (in their default order). */
export function orderShape(kinds: string[]): Shape {
  const defaults = kinds.join(", ");
  const description = `The order of the element's children by kind, given only when it is not the default one (${defaults}).`;
  return arrayOf(oneOfWords(kinds), undefined, `${description} Kinds left out follow in the default order.`);
}
