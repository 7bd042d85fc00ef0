/**
 * Top level of the JSON mapping: `kind`, `type`, `to`, `from`, `id`,
 * `lang` (xml:lang) and `error` {type, condition, text, by}.
 *
 * Addresses are taken as given (checked only as XML text): the API
 * validates and rewrites them.
 */
import type { Stanza, StanzaKind } from "util.stanza";
import { setOf } from "../../lib/collections";
import type { FieldMapper, JsonDoc } from "./field";
import { arrayOf, object, oneOfWords, text, xmlText } from "./shape";
import { exactOrNil } from "./exact";
import { elementText, unmappedFromJson } from "./unmapped";
import { ANY_KIND, enumError, isObject, jsonArray, ownChild, textError, wrongType } from "./field";

export const XMLNS_STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";

/** The attributes mapped as top-level string fields: JSON name, then XML name. */
export const ATTRIBUTES: [string, string][] = [
  ["to", "to"],
  ["from", "from"],
  ["id", "id"],
  ["lang", "xml:lang"],
];

/** The kinds, for `kind`. */
export const KINDS = setOf<string>(["message", "presence", "iq"]);

/** The kind a `type` implies (inference step 2); `error` implies none. */
export const KIND_BY_TYPE = new LuaMap<string, StanzaKind>();
for (const word of ["get", "set", "result"]) {
  KIND_BY_TYPE.set(word, "iq");
}
for (const word of ["normal", "chat", "headline", "groupchat"]) {
  KIND_BY_TYPE.set(word, "message");
}
for (const word of ["available", "unavailable", "subscribe", "subscribed", "unsubscribe", "unsubscribed", "probe"]) {
  KIND_BY_TYPE.set(word, "presence");
}

/**
 * Iq payloads that mean an action, sent with type set when the document
 * or path gives no type (XEP-0050 commands, XEP-0313 queries, XEP-0191
 * blocking), as the community module does; every other iq: get.
 */
export const SET_PAYLOADS = setOf(["command", "archive", "block", "unblock"]);

/** The type of an iq document without `type`: set when it holds one of SET_PAYLOADS, else get. */
function defaultIqType(doc: JsonDoc): string {
  for (const name of SET_PAYLOADS) {
    if (doc.get(name) !== undefined) {
      return "set";
    }
  }
  return "get";
}

/** The `type` words of each kind (RFC 6120/6121), as listed in error texts. */
const TYPE_LISTS: { [K in StanzaKind]: string } = {
  message: "normal, chat, headline, groupchat, error",
  presence: "available, unavailable, subscribe, subscribed, unsubscribe, unsubscribed, probe, error",
  iq: "get, set, result, error",
};

const TYPE_WORDS: { [K in StanzaKind]: LuaSet<string> } = {
  message: setOf(["normal", "chat", "headline", "groupchat", "error"]),
  presence: setOf(["available", "unavailable", "subscribe", "subscribed", "unsubscribe", "unsubscribed", "probe", "error"]),
  iq: setOf(["get", "set", "result", "error"]),
};

/** Nil when `value` is a `type` word of `kind`; else an error text. */
export function typeError(kind: StanzaKind, value: unknown): string | undefined {
  return enumError("type", value, TYPE_WORDS[kind], TYPE_LISTS[kind]);
}

/**
 * The kind of a document, in this fixed order:
 * 1. `kind`, when present (must be message, presence or iq);
 * 2. else the kind its `type` implies (get/set/result: iq;
 *    normal/chat/headline/groupchat: message; available/unavailable/
 *    (un)subscribe(d)/probe: presence);
 * 3. else the kind implied by the first field present in `mappers`' order
 *    (iq payloads first, then presence fields);
 * 4. else message.
 */
export function inferKind(doc: JsonDoc, mappers: FieldMapper[]): LuaMultiReturn<[StanzaKind, undefined] | [undefined, string]> {
  const kind = doc.get("kind");
  if (kind !== undefined) {
    if (type(kind) !== "string" || !KINDS.has(kind as string)) {
      if (type(kind) === "string") {
        return $multi(undefined, "kind: expected one of message, presence, iq");
      }
      return $multi(undefined, wrongType("kind", "one of message, presence, iq", kind));
    }
    return $multi(kind as StanzaKind, undefined);
  }
  const typeWord = doc.get("type");
  if (typeWord !== undefined) {
    if (type(typeWord) !== "string") {
      return $multi(undefined, wrongType("type", "a string", typeWord));
    }
    const implied = KIND_BY_TYPE.get(typeWord as string);
    if (implied !== undefined) {
      return $multi(implied, undefined);
    }
  }
  for (const mapper of mappers) {
    if (mapper.implies !== undefined && doc.get(mapper.name) !== undefined) {
      return $multi(mapper.implies, undefined);
    }
  }
  return $multi("message", undefined);
}

/** The error types of RFC 6120 §8.3.2. */
const ERROR_TYPES = setOf(["cancel", "continue", "modify", "auth", "wait"]);

/** The defined conditions of RFC 6120 §8.3.3. */
const CONDITION_LIST = [
  "bad-request", "conflict", "feature-not-implemented", "forbidden", "gone", "internal-server-error",
  "item-not-found", "jid-malformed", "not-acceptable", "not-allowed", "not-authorized", "policy-violation",
  "recipient-unavailable", "redirect", "registration-required", "remote-server-not-found",
  "remote-server-timeout", "resource-constraint", "service-unavailable", "subscription-required",
  "undefined-condition", "unexpected-request",
];
const CONDITIONS = setOf(CONDITION_LIST);

/** The `<error/>` child of a stanza of type error, in the stanza's own namespace. */
function errorElement(stanza: Stanza): Stanza | undefined {
  if (stanza.attr.type !== "error") {
    return undefined;
  }
  return ownChild(stanza, "error");
}

/** The parts of an `<error/>` read leniently; `errorToJson` keeps them only when they write back exactly. */
function readError(element: Stanza): JsonDoc {
  const doc = new LuaTable<string, unknown>();
  doc.set("type", element.attr.type);
  doc.set("by", element.attr.by);
  let others: string[] | undefined;
  for (const child of element.tags) {
    const defined = child.attr.xmlns === XMLNS_STANZAS;
    if (defined && child.name === "text" && doc.get("text") === undefined) {
      doc.set("text", child.get_text() ?? "");
      doc.set("lang", child.attr["xml:lang"]);
    } else if (defined && doc.get("condition") === undefined && CONDITIONS.has(child.name)) {
      doc.set("condition", child.name);
      const address = child.get_text();
      if (address !== undefined && address !== "") {
        doc.set("uri", address);
      }
    } else {
      others = others ?? jsonArray<string>();
      others.push(elementText(child, element.attr.xmlns));
    }
  }
  doc.set("unmapped", others);
  return doc;
}

/**
 * The JSON of a stanza's `<error/>`, nil (the element then goes to the
 * stanza's `unmapped`) when it lacks a valid type or a defined condition,
 * or holds something this shape cannot give back exactly.
 */
function errorToJson(stanza: Stanza): unknown {
  const element = errorElement(stanza);
  if (element === undefined) {
    return undefined;
  }
  const doc = readError(element);
  const errorType = doc.get("type");
  if (errorType === undefined || !ERROR_TYPES.has(errorType as string) || doc.get("condition") === undefined) {
    return undefined;
  }
  return exactOrNil(element, doc, writeError);
}

/** Add the `<error/>` of a checked JSON error. */
function writeError(stanza: Stanza, value: unknown): string | undefined {
  const e = value as JsonDoc;
  const condition = (e.get("condition") ?? "undefined-condition") as string;
  const uri = e.get("uri") as string | undefined;
  stanza.tag("error", { type: (e.get("type") ?? "cancel") as string, by: e.get("by") as string | undefined });
  stanza.text_tag(condition, uri ?? "", { xmlns: XMLNS_STANZAS });
  const text = e.get("text") as string | undefined;
  // `lang` is the text's: without a text it has nothing to stand on and is left out.
  if (text !== undefined) {
    stanza.text_tag("text", text, { xmlns: XMLNS_STANZAS, "xml:lang": e.get("lang") as string | undefined });
  }
  const problem = unmappedFromJson(stanza, e.get("unmapped"), "error.unmapped");
  stanza.up();
  return problem;
}

function errorFromJson(stanza: Stanza, value: unknown): string | undefined {
  return writeError(stanza, value);
}

/**
 * `error` {type, condition, text, lang, by, uri, unmapped}: the `<error/>`
 * of a stanza of type error. JSON → XML: type defaults to cancel,
 * condition to undefined-condition; a document with `error` and no `type`
 * gets type error. XML → JSON: the first defined condition (RFC 6120) and
 * the first text; other children (application-specific conditions such as
 * XEP-0363's <file-too-large/>) in `error.unmapped`. An error without a
 * valid type or a defined condition is left whole to the stanza's
 * `unmapped`.
 */
export const errorField: FieldMapper = {
  name: "error",
  kinds: ANY_KIND,
  description: "The error of a stanza of type error: its type, defined condition, text and the rest of its children.",
  spec: "RFC 6120",
  shape: object([
    ["type", oneOfWords(["cancel", "continue", "modify", "auth", "wait"], "Default: cancel.")],
    ["condition", oneOfWords(CONDITION_LIST, "Default: undefined-condition.")],
    ["text", text("The descriptive text.")],
    ["lang", text("The text's xml:lang.")],
    ["by", text("The entity that set the error.")],
    ["uri", text("The text of the condition element: the alternate address of gone or redirect (RFC 6120 §8.3.3.5, §8.3.3.14).")],
    ["unmapped", arrayOf(xmlText(), undefined, "Other children of <error/> (application-specific conditions, a second text) as XML texts.")],
  ]),
  elements: [{ name: "error" }],
  toJson: errorToJson,
  fromJson: errorFromJson,
  toForm: () => undefined,
  fromForm: (value) => $multi(undefined, wrongType("error", "an object (not expressible in a form)", value)),
};

/** The top-level attributes of a stanza as JSON fields (nil ones absent). */
export function attributesToJson(stanza: Stanza, doc: JsonDoc): void {
  doc.set("kind", stanza.name);
  let typeWord = stanza.attr.type;
  if (stanza.name === "presence" && typeWord === undefined) {
    typeWord = "available";
  }
  doc.set("type", typeWord);
  for (const [jsonName, xmlName] of ATTRIBUTES) {
    doc.set(jsonName, stanza.attr[xmlName]);
  }
}

/**
 * The attributes of the stanza a document describes, or an error text:
 * `type` checked against the kind (presence `available` = no type; an iq
 * without type is a get, or a set for the payloads of SET_PAYLOADS, as in
 * the community module; `error` without
 * `type` makes it type error), `to`/`from`/`id`/`lang` as XML text.
 */
export function attributesFromJson(kind: StanzaKind, doc: JsonDoc): LuaMultiReturn<[LuaTable<string, string>, undefined] | [undefined, string]> {
  const attr = new LuaTable<string, string>();
  let typeWord = doc.get("type");
  if (typeWord === undefined) {
    if (doc.get("error") !== undefined) {
      typeWord = "error";
    } else if (kind === "iq") {
      typeWord = defaultIqType(doc);
    }
  } else {
    const problem = typeError(kind, typeWord);
    if (problem !== undefined) {
      return $multi(undefined, problem);
    }
    if (doc.get("error") !== undefined && typeWord !== "error") {
      return $multi(undefined, "error: only allowed with type error");
    }
  }
  if (typeWord !== undefined && !(kind === "presence" && typeWord === "available")) {
    attr.set("type", typeWord as string);
  }
  for (const [jsonName, xmlName] of ATTRIBUTES) {
    const value = doc.get(jsonName);
    if (value !== undefined) {
      const problem = textError(jsonName, value);
      if (problem !== undefined) {
        return $multi(undefined, problem);
      }
      attr.set(xmlName, value as string);
    }
  }
  return $multi(attr, undefined);
}

/** True for a decoded JSON object that can be a stanza document. */
export function isDocument(value: unknown): value is JsonDoc {
  return isObject(value);
}
