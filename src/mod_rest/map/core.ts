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
import { ANY_KIND, enumError, isObject, objectError, optionalTextError, ownChild, textError, wrongType } from "./field";

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
const ERROR_TYPE_LIST = "cancel, continue, modify, auth, wait";

/** The defined conditions of RFC 6120 §8.3.3. */
const CONDITIONS = setOf([
  "bad-request", "conflict", "feature-not-implemented", "forbidden", "gone", "internal-server-error",
  "item-not-found", "jid-malformed", "not-acceptable", "not-allowed", "not-authorized", "policy-violation",
  "recipient-unavailable", "redirect", "registration-required", "remote-server-not-found",
  "remote-server-timeout", "resource-constraint", "service-unavailable", "subscription-required",
  "undefined-condition", "unexpected-request",
]);

/** The `<error/>` child of a stanza of type error, in the stanza's own namespace. */
function errorElement(stanza: Stanza): Stanza | undefined {
  if (stanza.attr.type !== "error") {
    return undefined;
  }
  return ownChild(stanza, "error");
}

function errorToJson(stanza: Stanza): unknown {
  const element = errorElement(stanza);
  if (element === undefined) {
    return undefined;
  }
  const doc = new LuaTable<string, unknown>();
  const errorType = element.attr.type;
  doc.set("type", errorType !== undefined && ERROR_TYPES.has(errorType) ? errorType : "cancel");
  doc.set("by", element.attr.by);
  let condition: string | undefined;
  for (const child of element.tags) {
    if (child.attr.xmlns === XMLNS_STANZAS) {
      if (child.name === "text") {
        if (doc.get("text") === undefined) {
          doc.set("text", child.get_text());
        }
      } else if (condition === undefined && CONDITIONS.has(child.name)) {
        condition = child.name;
      }
    }
  }
  doc.set("condition", condition ?? "undefined-condition");
  return doc;
}

function errorFromJson(stanza: Stanza, value: unknown): string | undefined {
  const notObject = objectError("error", value);
  if (notObject !== undefined) {
    return notObject;
  }
  const e = value as JsonDoc;
  const errorType = e.get("type") ?? "cancel";
  const condition = e.get("condition") ?? "undefined-condition";
  const text = e.get("text");
  const by = e.get("by");
  const typeProblem = enumError("error.type", errorType, ERROR_TYPES, ERROR_TYPE_LIST) ?? conditionError(condition);
  if (typeProblem !== undefined) {
    return typeProblem;
  }
  const textProblem = optionalTextError("error.text", text) ?? optionalTextError("error.by", by);
  if (textProblem !== undefined) {
    return textProblem;
  }
  stanza.tag("error", { type: errorType as string, by: by as string | undefined });
  stanza.tag(condition as string, { xmlns: XMLNS_STANZAS }).up();
  if (text !== undefined) {
    stanza.text_tag("text", text as string, { xmlns: XMLNS_STANZAS });
  }
  stanza.up();
  return undefined;
}

function conditionError(condition: unknown): string | undefined {
  if (type(condition) !== "string") {
    return wrongType("error.condition", "a string", condition);
  }
  if (!CONDITIONS.has(condition as string)) {
    return "error.condition: expected a defined condition of RFC 6120 (bad-request, item-not-found, ...)";
  }
  return undefined;
}

/**
 * `error` {type, condition, text, by}: the `<error/>` of a stanza of type
 * error. JSON → XML: type defaults to cancel, condition to
 * undefined-condition; a document with `error` and no `type` gets type
 * error. XML → JSON: a condition that is not one of RFC 6120 reads as
 * undefined-condition, a missing or unknown type as cancel (so the JSON
 * always maps back); application-specific conditions are left to XML.
 */
export const errorField: FieldMapper = {
  name: "error",
  kinds: ANY_KIND,
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
 * without type is a get, as in the community module; `error` without
 * `type` makes it type error), `to`/`from`/`id`/`lang` as XML text.
 */
export function attributesFromJson(kind: StanzaKind, doc: JsonDoc): LuaMultiReturn<[LuaTable<string, string>, undefined] | [undefined, string]> {
  const attr = new LuaTable<string, string>();
  let typeWord = doc.get("type");
  if (typeWord === undefined) {
    if (doc.get("error") !== undefined) {
      typeWord = "error";
    } else if (kind === "iq") {
      typeWord = "get";
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
