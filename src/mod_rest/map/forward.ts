/**
 * `forwarded` (XEP-0297 Stanza Forwarding, urn:xmpp:forward:0): {delay,
 * message}, the forwarded stanza as a whole JSON document of its own
 * (through index.ts's mapping, reached by `nestedStanza` so this file
 * need not import it) and the time it was first sent (anykind_delay.ts's shape:
 * the stamp, or {stamp, from, text}). Used as a message field and by the
 * MAM result (`archive` in a message, archive_result.ts).
 *
 * The forwarded stanza keeps its own `to`/`from`/`id` as given (the API
 * rewrites only the outer stanza's). XML → JSON is exact or nil: a
 * forwarded element holding anything else, or a stanza the mapping would
 * not give back the same, stays XML. As at the top, the forwarded
 * stanza's children are written in the mapping's order: "the same"
 * compares them as a set (their order has no meaning).
 */
import * as st from "util.stanza";
import type { Stanza } from "util.stanza";
import type { FieldMapper, JsonDoc, KindSet } from "./field";
import { nestedStanza } from "./field";
import type { Shape } from "./shape";
import { object, stanzaDocument } from "./shape";
import { XMLNS_DELAY, delayElementFromJson, delayElementToJson, delayShape } from "./anykind_delay";
import { hasOnlyAttributes, notInForms } from "./anykind_element";
import { onlyWhitespaceText } from "./services_values";
import { setOf } from "../../lib/collections";

export const XMLNS_FORWARD = "urn:xmpp:forward:0";
export const XMLNS_CLIENT = "jabber:client";

const MESSAGE: KindSet = { message: true };
const STANZA_NAMES = setOf(["message", "presence", "iq"]);
const NO_ATTRIBUTES = new LuaSet<string>();

/** The shape of {delay, message}. */
export const forwardedShape: Shape = object(
  [
    ["delay", delayShape],
    ["message", stanzaDocument("The forwarded stanza (a message, or any stanza given its kind) as a document of this mapping.")],
  ],
  ["message"],
  "A forwarded stanza and when it was first sent.",
);

/**
 * Deepest element nesting of a `<forwarded/>` mapped to JSON. Each level
 * of a forward within a forward is checked for exactness again (the
 * check rewrites the levels below), so the cost grows with the square of
 * the depth: deeper ones stay XML in `unmapped`, which costs one pass.
 */
export const MAX_FORWARDED_DEPTH = 32;

/** True when no element in `element` lies deeper than `limit` levels (itself level 1). Iterative: no recursion on untrusted depth. */
function depthWithin(element: Stanza, limit: number): boolean {
  const elements: Stanza[] = [element];
  const depths: number[] = [1];
  while (elements.length > 0) {
    const current = elements.pop() as Stanza;
    const depth = depths.pop() as number;
    if (depth > limit) {
      return false;
    }
    for (const child of current.tags) {
      elements.push(child);
      depths.push(depth + 1);
    }
  }
  return true;
}

/** The JSON of the children of a `<forwarded/>` element (see the file comment), not yet checked for exactness. */
function readForwarded(forwarded: Stanza): JsonDoc | undefined {
  if (!hasOnlyAttributes(forwarded, NO_ATTRIBUTES) || !onlyWhitespaceText(forwarded) || nestedStanza.toJson === undefined) {
    return undefined;
  }
  if (!depthWithin(forwarded, MAX_FORWARDED_DEPTH)) {
    return undefined;
  }
  const doc = new LuaTable<string, unknown>();
  const children = forwarded.tags;
  let next = 0;
  const first = children[0];
  if (first !== undefined && first.name === "delay" && first.attr.xmlns === XMLNS_DELAY) {
    const delay = delayElementToJson(first);
    if (delay === undefined) {
      return undefined;
    }
    doc.set("delay", delay);
    next = 1;
  }
  const inner = children[next];
  if (children.length !== next + 1 || !STANZA_NAMES.has(inner.name) || inner.attr.xmlns !== XMLNS_CLIENT) {
    return undefined;
  }
  doc.set("message", nestedStanza.toJson(inner));
  return doc;
}

/**
 * Add `<forwarded/>` for a value to `stanza` (cursor left where it was),
 * or the text naming what is wrong (`path`: "forwarded",
 * "archive.forward"). The forwarded document's own problems are named
 * under `path.message` ("forwarded.message.body: expected a string, ...").
 */
export function forwardedFromJson(stanza: Stanza, value: unknown, path: string): string | undefined {
  const problem = forwardedShape.check(path, value);
  if (problem !== undefined) {
    return problem;
  }
  if (nestedStanza.fromJson === undefined) {
    return `${path}.message: the stanza mapping is not loaded`;
  }
  const doc = value as JsonDoc;
  const [inner, innerProblem] = nestedStanza.fromJson(doc.get("message") as JsonDoc);
  if (inner === undefined) {
    const text = innerProblem ?? "invalid document";
    if (string.find(text, "^[%w_%-%.%[%]]+: ")[0] !== undefined) {
      return `${path}.message.${text}`;
    }
    return `${path}.message: ${text}`;
  }
  inner.attr.xmlns = XMLNS_CLIENT;
  stanza.tag("forwarded", { xmlns: XMLNS_FORWARD });
  const delay = doc.get("delay");
  if (delay !== undefined) {
    const delayProblem = delayElementFromJson(stanza, delay, `${path}.delay`);
    if (delayProblem !== undefined) {
      return delayProblem;
    }
  }
  stanza.add_child(inner);
  stanza.up();
  return undefined;
}

/** The namespace `element` is in, given its parent's. */
function namespaceIn(element: Stanza, parentNs: string | undefined): string | undefined {
  return element.attr.xmlns ?? parentNs;
}

/** True when both hold the same attributes, xmlns aside. */
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

/** An element child, or the text between two of them. */
type Part = Stanza | string;

/**
 * The children of `element` with adjacent texts joined; empty texts, and
 * whitespace-only ones beside elements (indentation), left out.
 */
function parts(element: Stanza): Part[] {
  const list: Part[] = [];
  const hasElements = element.tags.length > 0;
  let pending = "";
  const flush = (): void => {
    if (pending !== "" && !(hasElements && string.find(pending, "^%s*$")[0] !== undefined)) {
      list.push(pending);
    }
    pending = "";
  };
  for (const node of element.children()) {
    if (typeof node === "string") {
      pending = pending + node;
    } else {
      flush();
      list.push(node);
    }
  }
  flush();
  return list;
}

/** The texts of `list` joined, for a stanza whose children may come in any order. */
function textsOf(list: Part[]): string {
  const texts: string[] = [];
  for (const part of list) {
    if (typeof part === "string") {
      texts.push(part);
    }
  }
  return texts.join("");
}

/**
 * True when `a` and `b` are the same XML, except that the children of a
 * stanza (a jabber:client message, presence or iq, at any depth) may come
 * in any order: the mapping writes a forwarded stanza's children in its
 * own order, as it does the top stanza's. Elsewhere children and texts
 * are compared in order.
 */
function sameXml(a: Stanza, b: Stanza, nsA: string | undefined, nsB: string | undefined): boolean {
  const ownA = namespaceIn(a, nsA);
  const ownB = namespaceIn(b, nsB);
  if (a.name !== b.name || ownA !== ownB || !sameAttributes(a, b) || a.tags.length !== b.tags.length) {
    return false;
  }
  const partsA = parts(a);
  const partsB = parts(b);
  if (partsA.length !== partsB.length) {
    return false;
  }
  if (ownA === XMLNS_CLIENT && STANZA_NAMES.has(a.name)) {
    if (textsOf(partsA) !== textsOf(partsB)) {
      return false;
    }
    const used = new LuaSet<Stanza>();
    for (const childA of a.tags) {
      let found = false;
      for (const childB of b.tags) {
        if (!used.has(childB) && sameXml(childA, childB, ownA, ownB)) {
          used.add(childB);
          found = true;
          break;
        }
      }
      if (!found) {
        return false;
      }
    }
    return true;
  }
  for (let i = 0; i < partsA.length; i++) {
    const x = partsA[i];
    const y = partsB[i];
    if (typeof x === "string" || typeof y === "string") {
      if (x !== y) {
        return false;
      }
    } else if (!sameXml(x, y, ownA, ownB)) {
      return false;
    }
  }
  return true;
}

/** What `writeInto` made. */
interface Written {
  problem?: string;
}

type Write = (this: void, stanza: Stanza, value: unknown) => string | undefined;

function writeInto(write: Write, scratch: Stanza, value: unknown, out: Written): void {
  out.problem = write(scratch, value);
}

/**
 * `value` when writing it with `write` gives `element` back (a stanza
 * inside compared with its children in any order, see `sameXml`), else
 * nil: the exactness guard of the fields that nest a stanza (forwarded,
 * the MAM result).
 */
export function nestingExactOrNil(element: Stanza, value: unknown, write: Write): unknown {
  if (value === undefined) {
    return undefined;
  }
  const scratch = st.stanza("scratch");
  const out: Written = {};
  const [ok] = pcall(writeInto, write, scratch, value, out);
  if (!ok || out.problem !== undefined || scratch.tags.length !== 1 || !sameXml(element, scratch.tags[0], undefined, undefined)) {
    return undefined;
  }
  return value;
}

function writeForwarded(stanza: Stanza, value: unknown): string | undefined {
  return forwardedFromJson(stanza, value, "forwarded");
}

/** The JSON of a `<forwarded/>` element, nil unless writing it back gives the same element. */
export function forwardedToJson(forwarded: Stanza): JsonDoc | undefined {
  return nestingExactOrNil(forwarded, readForwarded(forwarded), writeForwarded) as JsonDoc | undefined;
}

/** `forwarded` {delay, message}: a forwarded stanza in a message. */
export const forwarded: FieldMapper = {
  name: "forwarded",
  kinds: MESSAGE,
  description: "A forwarded stanza: {delay, message}, the stanza as a document of its own and when it was first sent.",
  spec: "XEP-0297",
  shape: forwardedShape,
  elements: [{ name: "forwarded", xmlns: XMLNS_FORWARD }],
  toJson: (stanza) => {
    const element = stanza.get_child("forwarded", XMLNS_FORWARD);
    return element === undefined ? undefined : forwardedToJson(element);
  },
  fromJson: (stanza, value) => forwardedFromJson(stanza, value, "forwarded"),
  fromForm: notInForms("forwarded"),
  toForm: () => undefined,
};

