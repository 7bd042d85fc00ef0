/**
 * `rsm` (XEP-0059 Result Set Management): {max, after, before, index}
 * in a request, {first, last, count} in a result, mapping
 * `<set xmlns='http://jabber.org/protocol/rsm'/>` both ways.
 *
 * - `max`, `index`, `count`: integers (xs:int, from 0);
 * - `after`, `before`, `last`: texts; `before: ""` is the empty
 *   `<before/>` that asks for the last page;
 * - `first`: the text, or {id, index} when `<first/>` carries the
 *   result's `index` attribute.
 *
 * Children are written in XEP-0059's order (max, after, before, index,
 * first, last, count); a set in another order (Prosody's util.rsm writes
 * table order) gets `order`, the names in document order (see exact.ts).
 * A set that repeats a child or holds anything else (an attribute, a child element, an integer
 * written "05") is not mapped: it stays in `unmapped` (or the enclosing
 * payload's) as it is, so XML → JSON → XML is exact.
 *
 * The helpers are exported for the payloads that carry a set inside a
 * query (MAM, disco, pubsub): `rsmShape`, `rsmToJson`, `rsmFromJson`.
 */
import type { Stanza } from "util.stanza";
import { setOf } from "../../lib/collections";
import type { FieldMapper } from "./field";
import { ANY_KIND, integerText, isObject } from "./field";
import type { Properties, Shape } from "./shape";
import { anyOf, integer, object, text } from "./shape";
import { orderHint, orderShape, writingOrder } from "./exact";
import { MAX_XS_INT, exactInteger, hasNoText, hasOnlyAttributes, notInForms, plainText } from "./anykind_element";

export const XMLNS_RSM = "http://jabber.org/protocol/rsm";

/** The children of a set, in the order they are written. */
const ORDER = ["max", "after", "before", "index", "first", "last", "count"];
const KNOWN = setOf(ORDER);
const INTEGERS = setOf(["max", "index", "count"]);
const NO_ATTRIBUTES = new LuaSet<string>();
const FIRST_ATTRIBUTES = setOf(["index"]);

function count(description: string): Shape {
  return integer(0, MAX_XS_INT, description);
}

const PROPERTIES: Properties = [
  ["max", count("Request: the most items to return (0: only the count).")],
  ["after", text("Request: the page after this item id.")],
  ["before", text("Request: the page before this item id; \"\" for the last page.")],
  ["index", count("Request: the index of the first item of the page.")],
  [
    "first",
    anyOf(
      [
        text("The first item's id."),
        object([["id", text("The first item's id.")], ["index", count("Its index in the whole set.")]], ["id", "index"]),
      ],
      "Result: the first item of the page: its id, or {id, index} with its index in the whole set.",
    ),
  ],
  ["last", text("Result: the last item's id.")],
  ["count", count("Result: the number of items in the whole set.")],
  ["order", orderShape(ORDER)],
];

/** The shape of an RSM set (see the file comment). */
export const rsmShape: Shape = object(PROPERTIES, undefined, "XEP-0059 result set management: the page asked for, or the page returned.");

/** The JSON value of one child of a set, nil when it is not written the way the mapping writes it. */
function childToJson(child: Stanza): unknown {
  const name = child.name;
  if (name === "first") {
    const id = plainText(child);
    if (id === undefined || !hasOnlyAttributes(child, FIRST_ATTRIBUTES)) {
      return undefined;
    }
    if (child.attr.index === undefined) {
      return id;
    }
    const index = exactInteger(child.attr.index, 0, MAX_XS_INT);
    if (index === undefined) {
      return undefined;
    }
    const doc = new LuaTable<string, unknown>();
    doc.set("id", id);
    doc.set("index", index);
    return doc;
  }
  const body = plainText(child);
  if (body === undefined || !hasOnlyAttributes(child, NO_ATTRIBUTES)) {
    return undefined;
  }
  if (INTEGERS.has(name)) {
    return exactInteger(body, 0, MAX_XS_INT);
  }
  return body;
}

/**
 * The JSON object of an RSM `<set/>` element (an empty set gives {}), or
 * nil when the set holds something the shape cannot give back exactly.
 */
export function rsmToJson(set: Stanza): unknown {
  if (!hasOnlyAttributes(set, NO_ATTRIBUTES) || !hasNoText(set)) {
    return undefined;
  }
  const doc = new LuaTable<string, unknown>();
  const sequence: string[] = [];
  for (const child of set.tags) {
    if (child.attr.xmlns !== undefined && child.attr.xmlns !== XMLNS_RSM) {
      return undefined;
    }
    if (!KNOWN.has(child.name) || doc.get(child.name) !== undefined) {
      return undefined; // unknown or repeated
    }
    const value = childToJson(child);
    if (value === undefined) {
      return undefined;
    }
    doc.set(child.name, value);
    sequence.push(child.name);
  }
  doc.set("order", orderHint(sequence, ORDER));
  return doc;
}

/**
 * Add the `<set/>` of `value` to `stanza` (cursor left where it was), or
 * give the text naming what is wrong in it (`path` names the value in
 * that text: "rsm", "archive.page", ...).
 */
export function rsmFromJson(stanza: Stanza, value: unknown, path = "rsm"): string | undefined {
  const problem = rsmShape.check(path, value);
  if (problem !== undefined) {
    return problem;
  }
  const doc = value as LuaTable<string, unknown>;
  stanza.tag("set", { xmlns: XMLNS_RSM });
  for (const name of writingOrder(doc.get("order"), ORDER)) {
    const item = doc.get(name);
    if (item === undefined) {
      continue;
    }
    if (name === "first" && isObject(item)) {
      stanza.text_tag("first", item.get("id") as string, { index: integerText(item.get("index") as number) });
    } else if (INTEGERS.has(name)) {
      stanza.text_tag(name, integerText(item as number));
    } else {
      stanza.text_tag(name, item as string);
    }
  }
  stanza.up();
  return undefined;
}

/** `rsm`: an RSM set that is a direct child of the stanza (payloads map the sets inside their queries). */
export const rsm: FieldMapper = {
  name: "rsm",
  kinds: ANY_KIND,
  description: "A result set (XEP-0059 <set/>) directly in the stanza; sets inside a query belong to that query's field.",
  spec: "XEP-0059",
  shape: rsmShape,
  elements: [{ name: "set", xmlns: XMLNS_RSM }],
  toJson: (stanza) => {
    const set = stanza.get_child("set", XMLNS_RSM);
    return set === undefined ? undefined : rsmToJson(set);
  },
  fromJson: (stanza, value) => rsmFromJson(stanza, value),
  fromForm: notInForms("rsm"),
  toForm: () => undefined,
};
