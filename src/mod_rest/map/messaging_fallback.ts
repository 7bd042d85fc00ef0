/**
 * `fallback` (XEP-0428 Fallback Indication): which parts of the body or
 * subject are only there for clients that do not understand another
 * element (a quote for XEP-0461 replies, ...).
 *
 * The community module maps it as `true`, whatever the element holds; that
 * stays the value of one bare `<fallback/>`. Anything richer is a list,
 * one object per `<fallback/>`: {for, bodies, subjects}, each range
 * {start, end} (a range without them: the whole body or subject).
 * `[{}]` is written as a bare `<fallback/>`, read back as `true`.
 */
import type { Stanza } from "util.stanza";
import { setOf } from "../../lib/collections";
import type { FieldMapper, JsonDoc } from "./field";
import { integerText, isArray, jsonArray } from "./field";
import type { Shape } from "./shape";
import { anyOf, arrayOf, described, integer, literalTrue, object, text } from "./shape";
import {
  childrenNamed, formTrue, hasOnlyAttributes, inNamespace, isBareElement, MAX_OFFSET, MESSAGE_ONLY, offsetAttribute,
} from "./messaging_element";

export const XMLNS_FALLBACK = "urn:xmpp:fallback:0";

const RANGE_ATTRIBUTES = setOf(["start", "end"]);
const FOR_ONLY = setOf(["for"]);

const RANGE: Shape = object([
  ["start", integer(0, MAX_OFFSET, "First character of the fallback text (code points from 0).")],
  ["end", integer(0, MAX_OFFSET, "Character after the last one of the fallback text.")],
], undefined, "A range of the text; without start and end, the whole text.");

const FALLBACK_ITEM: Shape = object([
  ["for", described(text(), "The namespace of the element the fallback stands in for (urn:xmpp:reply:0).")],
  ["bodies", arrayOf(RANGE, 1, "Ranges of the body that are fallback text.")],
  ["subjects", arrayOf(RANGE, 1, "Ranges of the subject that are fallback text.")],
]);

/** {start, end} of a `<body/>` or `<subject/>` inside a fallback, nil when it carries anything else. */
function rangeToJson(element: Stanza): JsonDoc | undefined {
  if (!isBareElement(element, RANGE_ATTRIBUTES)) {
    return undefined;
  }
  const start = offsetAttribute(element, "start");
  const end = offsetAttribute(element, "end");
  if (start === false || end === false) {
    return undefined;
  }
  const range = new LuaTable<string, unknown>();
  range.set("start", start);
  range.set("end", end);
  return range;
}

/** One `<fallback/>` as {for, bodies, subjects}; nil when it holds anything else or a subject before a body. */
function itemToJson(element: Stanza): JsonDoc | undefined {
  if (!hasOnlyAttributes(element, FOR_ONLY)) {
    return undefined;
  }
  const item = new LuaTable<string, unknown>();
  item.set("for", element.attr.for);
  let bodies: JsonDoc[] | undefined;
  let subjects: JsonDoc[] | undefined;
  for (const node of element.children()) {
    if (typeof node === "string" || !inNamespace(node, XMLNS_FALLBACK)) {
      return undefined;
    }
    const range = rangeToJson(node);
    if (range === undefined) {
      return undefined;
    }
    if (node.name === "body" && subjects === undefined) {
      // Bodies are written before subjects: a body after a subject would not come back in place.
      bodies = bodies ?? jsonArray<JsonDoc>();
      bodies.push(range);
    } else if (node.name === "subject") {
      subjects = subjects ?? jsonArray<JsonDoc>();
      subjects.push(range);
    } else {
      return undefined;
    }
  }
  item.set("bodies", bodies);
  item.set("subjects", subjects);
  return item;
}

function fallbackToJson(stanza: Stanza): unknown {
  const elements = childrenNamed(stanza, "fallback", XMLNS_FALLBACK);
  if (elements.length === 0) {
    return undefined;
  }
  if (elements.length === 1 && isBareElement(elements[0])) {
    return true;
  }
  const list = jsonArray<JsonDoc>();
  for (const element of elements) {
    const item = itemToJson(element);
    if (item === undefined) {
      return undefined;
    }
    list.push(item);
  }
  return list;
}

function addRanges(stanza: Stanza, name: string, ranges: unknown): void {
  if (!isArray(ranges)) {
    return; // absent, or an empty table (util.json decodes [] as one)
  }
  for (let i = 1; i <= ranges.length(); i++) {
    const range = ranges.get(i) as JsonDoc;
    const start = range.get("start");
    const end = range.get("end");
    stanza.tag(name, {
      start: start === undefined ? undefined : integerText(start as number),
      end: end === undefined ? undefined : integerText(end as number),
    }).up();
  }
}

function fallbackFromJson(stanza: Stanza, value: unknown): string | undefined {
  if (value === true) {
    stanza.tag("fallback", { xmlns: XMLNS_FALLBACK }).up();
    return undefined;
  }
  const list = value as LuaTable<number, JsonDoc>;
  for (let i = 1; i <= list.length(); i++) {
    const item = list.get(i);
    stanza.tag("fallback", { xmlns: XMLNS_FALLBACK, for: item.get("for") as string | undefined });
    addRanges(stanza, "body", item.get("bodies"));
    addRanges(stanza, "subject", item.get("subjects"));
    stanza.up();
  }
  return undefined;
}

/** `fallback`: true, or [{for, bodies, subjects}]. */
export const fallback: FieldMapper = {
  name: "fallback",
  kinds: MESSAGE_ONLY,
  description: "Marks fallback text: true (a bare <fallback/>), or one object per <fallback/> naming what it stands in for and its ranges.",
  spec: "XEP-0428",
  shape: anyOf([literalTrue(), arrayOf(FALLBACK_ITEM, 1)]),
  elements: [{ name: "fallback", xmlns: XMLNS_FALLBACK, many: true }],
  form: "any value (present: true)",
  toJson: fallbackToJson,
  fromJson: fallbackFromJson,
  fromForm: formTrue,
  toForm: (value) => (value === true ? "" : undefined),
};
