/**
 * What a message says about another: `reply` {to, id} (XEP-0461),
 * `reactions` {id, reactions[]} (XEP-0444), `reference` {type, uri,
 * begin, end, anchor} (XEP-0372, the first `<reference/>`; further ones
 * stay in `unmapped`).
 */
import type { Stanza } from "util.stanza";
import { setOf } from "../../lib/collections";
import type { FieldMapper, JsonDoc } from "./field";
import { integerText, jsonArray } from "./field";
import { arrayOf, described, integer, object, oneOfWords, text } from "./shape";
import {
  hasNoChildren, hasOnlyAttributes, inNamespace, isBareElement, MAX_OFFSET, MESSAGE_ONLY, notInForms, offsetAttribute,
} from "./messaging_element";

export const XMLNS_REPLY = "urn:xmpp:reply:0";
export const XMLNS_REACTIONS = "urn:xmpp:reactions:0";
export const XMLNS_REFERENCE = "urn:xmpp:reference:0";

const REPLY_ATTRIBUTES = setOf(["to", "id"]);

function replyToJson(stanza: Stanza): unknown {
  const element = stanza.get_child("reply", XMLNS_REPLY);
  if (element === undefined || element.attr.id === undefined || !isBareElement(element, REPLY_ATTRIBUTES)) {
    return undefined;
  }
  const doc = new LuaTable<string, unknown>();
  doc.set("to", element.attr.to);
  doc.set("id", element.attr.id);
  return doc;
}

/** `reply` {to, id}: the message this one replies to. */
export const reply: FieldMapper = {
  name: "reply",
  kinds: MESSAGE_ONLY,
  description: "The message this one replies to: its id and, optionally, the JID of its author.",
  spec: "XEP-0461",
  shape: object([
    ["to", described(text(), "The JID of the author of the message replied to.")],
    ["id", described(text(), "The id of the message replied to (its stanza-id in a groupchat).")],
  ], ["id"]),
  elements: [{ name: "reply", xmlns: XMLNS_REPLY }],
  toJson: replyToJson,
  fromJson: (stanza, value) => {
    const doc = value as JsonDoc;
    stanza.tag("reply", { xmlns: XMLNS_REPLY, to: doc.get("to") as string | undefined, id: doc.get("id") as string }).up();
    return undefined;
  },
  fromForm: notInForms("reply", "an object"),
  toForm: () => undefined,
};

const ID_ONLY = setOf(["id"]);

/** The reactions as {id, reactions}; nil when anything but text-only `<reaction/>` children is inside. */
function reactionsToJson(stanza: Stanza): unknown {
  const element = stanza.get_child("reactions", XMLNS_REACTIONS);
  if (element === undefined || element.attr.id === undefined || !hasOnlyAttributes(element, ID_ONLY)) {
    return undefined;
  }
  const list = jsonArray<string>();
  for (const node of element.children()) {
    if (typeof node === "string" || node.name !== "reaction" || !inNamespace(node, XMLNS_REACTIONS) || !hasOnlyAttributes(node)) {
      return undefined;
    }
    const reaction = node.get_text();
    if (reaction === undefined) {
      return undefined;
    }
    list.push(reaction);
  }
  const doc = new LuaTable<string, unknown>();
  doc.set("id", element.attr.id);
  doc.set("reactions", list);
  return doc;
}

/** `reactions` {id, reactions}: the sender's reactions (emoji) to a message; an empty list takes them all back. */
export const reactions: FieldMapper = {
  name: "reactions",
  kinds: MESSAGE_ONLY,
  description: "The sender's reactions to a message (each usually one emoji); an empty list withdraws them all.",
  spec: "XEP-0444",
  shape: object([
    ["id", described(text(), "The id of the message reacted to (its stanza-id in a groupchat).")],
    ["reactions", arrayOf(text(), undefined, "The reactions, in order.")],
  ], ["id", "reactions"]),
  elements: [{ name: "reactions", xmlns: XMLNS_REACTIONS }],
  toJson: reactionsToJson,
  fromJson: (stanza, value) => {
    const doc = value as JsonDoc;
    stanza.tag("reactions", { xmlns: XMLNS_REACTIONS, id: doc.get("id") as string });
    const list = doc.get("reactions") as LuaTable<number, string>;
    for (let i = 1; i <= list.length(); i++) {
      stanza.text_tag("reaction", list.get(i));
    }
    stanza.up();
    return undefined;
  },
  fromForm: notInForms("reactions", "an object"),
  toForm: () => undefined,
};

const REFERENCE_TYPES = ["mention", "data"];
const REFERENCE_TYPE_SET = setOf(REFERENCE_TYPES);
const REFERENCE_ATTRIBUTES = setOf(["type", "uri", "begin", "end", "anchor"]);

function referenceToJson(stanza: Stanza): unknown {
  const element = stanza.get_child("reference", XMLNS_REFERENCE);
  if (element === undefined || !hasNoChildren(element) || !hasOnlyAttributes(element, REFERENCE_ATTRIBUTES)) {
    return undefined;
  }
  const referenceType = element.attr.type;
  const uri = element.attr.uri;
  const begin = offsetAttribute(element, "begin");
  const end = offsetAttribute(element, "end");
  if (referenceType === undefined || !REFERENCE_TYPE_SET.has(referenceType) || uri === undefined || begin === false || end === false) {
    return undefined;
  }
  const doc = new LuaTable<string, unknown>();
  doc.set("type", referenceType);
  doc.set("uri", uri);
  doc.set("begin", begin);
  doc.set("end", end);
  doc.set("anchor", element.attr.anchor);
  return doc;
}

/** An optional integer of a JSON object as attribute text. */
function offsetText(doc: JsonDoc, name: string): string | undefined {
  const value = doc.get(name);
  return value === undefined ? undefined : integerText(value as number);
}

/** `reference` {type, uri, begin, end, anchor}: a mention or a data reference in the message. */
export const reference: FieldMapper = {
  name: "reference",
  kinds: MESSAGE_ONLY,
  description: "A reference from the message to a URI (a mention of a JID, a link to data), optionally to a range of the body.",
  spec: "XEP-0372",
  shape: object([
    ["type", oneOfWords(REFERENCE_TYPES, "mention (of an entity) or data (a resource).")],
    ["uri", described(text(), "The URI referred to (xmpp:juliet@example.com for a mention).")],
    ["begin", integer(0, MAX_OFFSET, "First character of the body the reference covers (code points from 0).")],
    ["end", integer(0, MAX_OFFSET, "Character after the last one the reference covers.")],
    ["anchor", described(text(), "A URI the reference is anchored to (another message).")],
  ], ["type", "uri"]),
  elements: [{ name: "reference", xmlns: XMLNS_REFERENCE }],
  toJson: referenceToJson,
  fromJson: (stanza, value) => {
    const doc = value as JsonDoc;
    stanza.tag("reference", {
      xmlns: XMLNS_REFERENCE,
      type: doc.get("type") as string,
      uri: doc.get("uri") as string,
      begin: offsetText(doc, "begin"),
      end: offsetText(doc, "end"),
      anchor: doc.get("anchor") as string | undefined,
    }).up();
    return undefined;
  },
  fromForm: notInForms("reference", "an object"),
  toForm: () => undefined,
};

/** Reply, reaction and reference fields, in the order their elements are written. */
export const REPLY_FIELDS: FieldMapper[] = [reply, reactions, reference];
