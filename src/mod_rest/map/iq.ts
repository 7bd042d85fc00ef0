/**
 * Iq payloads (one per iq): `ping` (XEP-0199), `version` (XEP-0092),
 * `disco` and `items` (XEP-0030), `lastactivity` (XEP-0012). Each implies
 * kind iq when a document has neither `kind` nor a telling `type`; an iq
 * without `type` is a get.
 *
 * Next issue: disco `extensions` (XEP-0128 forms keyed by FORM_TYPE),
 * command, register, gateway, oob, stats, extdisco, upload, archive,
 * block/blocklist/unblock — one file per group beside this one.
 */
import type { Stanza } from "util.stanza";
import type { FieldMapper, JsonDoc, KindSet, MapResult } from "./field";
import {
  integerError, integerText, isArray, isObject, jsonArray, optionalTextError, parseInteger, textError, wrongType,
} from "./field";

const IQ: KindSet = { iq: true };

export const XMLNS_PING = "urn:xmpp:ping";
export const XMLNS_VERSION = "jabber:iq:version";
export const XMLNS_DISCO_INFO = "http://jabber.org/protocol/disco#info";
export const XMLNS_DISCO_ITEMS = "http://jabber.org/protocol/disco#items";
export const XMLNS_LAST = "jabber:iq:last";

/** Largest `seconds` of last activity: the largest integer a double holds exactly. */
const MAX_SECONDS = 2 ** 53 - 1;

/** Form shape of the query payloads: whatever the value, the field asks (→ true). */
function formTrue(): MapResult<unknown> {
  return $multi(true, undefined);
}

/** Form shape of disco and items: empty → true, else the node. */
function formNode(value: string): MapResult<unknown> {
  if (value === "") {
    return $multi(true, undefined);
  }
  return $multi(value, undefined);
}

/** `ping`: true. */
export const ping: FieldMapper = {
  name: "ping",
  kinds: IQ,
  implies: "iq",
  toJson: (stanza) => (stanza.get_child("ping", XMLNS_PING) === undefined ? undefined : true),
  fromJson: (stanza, value) => {
    if (value !== true) {
      return wrongType("ping", "true", value);
    }
    stanza.tag("ping", { xmlns: XMLNS_PING }).up();
    return undefined;
  },
  fromForm: formTrue,
};

const VERSION_FIELDS = ["name", "version", "os"];

function versionToJson(stanza: Stanza): unknown {
  const query = stanza.get_child("query", XMLNS_VERSION);
  if (query === undefined) {
    return undefined;
  }
  if (query.tags.length === 0) {
    return true;
  }
  const doc = new LuaTable<string, unknown>();
  let empty = true;
  for (const name of VERSION_FIELDS) {
    const text = query.get_child_text(name);
    if (text !== undefined) {
      doc.set(name, text);
      empty = false;
    }
  }
  if (empty) {
    return true;
  }
  return doc;
}

function versionFromJson(stanza: Stanza, value: unknown): string | undefined {
  if (value === true) {
    stanza.tag("query", { xmlns: XMLNS_VERSION }).up();
    return undefined;
  }
  if (!isObject(value)) {
    return wrongType("version", "true or an object", value);
  }
  for (const name of VERSION_FIELDS) {
    const problem = optionalTextError(`version.${name}`, value.get(name));
    if (problem !== undefined) {
      return problem;
    }
  }
  stanza.tag("query", { xmlns: XMLNS_VERSION });
  for (const name of VERSION_FIELDS) {
    const text = value.get(name);
    if (text !== undefined) {
      stanza.text_tag(name, text as string);
    }
  }
  stanza.up();
  return undefined;
}

/** `version`: true for a query, {name, version, os} for a result (true when none of them is there). */
export const version: FieldMapper = {
  name: "version",
  kinds: IQ,
  implies: "iq",
  toJson: versionToJson,
  fromJson: versionFromJson,
  fromForm: formTrue,
};

function discoToJson(stanza: Stanza): unknown {
  const query = stanza.get_child("query", XMLNS_DISCO_INFO);
  if (query === undefined) {
    return undefined;
  }
  if (query.tags.length === 0) {
    return query.attr.node ?? true;
  }
  const identities = jsonArray<JsonDoc>();
  const features = jsonArray<string>();
  for (const identity of query.childtags("identity")) {
    const category = identity.attr.category;
    const identityType = identity.attr.type;
    if (category !== undefined && identityType !== undefined) {
      const doc = new LuaTable<string, unknown>();
      doc.set("category", category);
      doc.set("type", identityType);
      doc.set("name", identity.attr.name);
      identities.push(doc);
    }
  }
  for (const feature of query.childtags("feature")) {
    const featureVar = feature.attr.var;
    if (featureVar !== undefined) {
      features.push(featureVar);
    }
  }
  if (identities.length === 0 && features.length === 0) {
    return query.attr.node ?? true;
  }
  const doc = new LuaTable<string, unknown>();
  doc.set("node", query.attr.node);
  doc.set("identities", identities);
  doc.set("features", features);
  return doc;
}

function identitiesError(value: unknown): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!isArray(value)) {
    return wrongType("disco.identities", "an array", value);
  }
  for (let i = 1; i <= value.length(); i++) {
    const path = `disco.identities[${i - 1}]`;
    const identity = value.get(i);
    if (!isObject(identity)) {
      return wrongType(path, "an object", identity);
    }
    const required = textError(`${path}.category`, identity.get("category")) ?? textError(`${path}.type`, identity.get("type"));
    if (required !== undefined) {
      return required;
    }
    const problem = optionalTextError(`${path}.name`, identity.get("name"));
    if (problem !== undefined) {
      return problem;
    }
  }
  return undefined;
}

function featuresError(value: unknown): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!isArray(value)) {
    return wrongType("disco.features", "an array", value);
  }
  for (let i = 1; i <= value.length(); i++) {
    const problem = textError(`disco.features[${i - 1}]`, value.get(i));
    if (problem !== undefined) {
      return problem;
    }
  }
  return undefined;
}

function discoFromJson(stanza: Stanza, value: unknown): string | undefined {
  if (value === true) {
    stanza.tag("query", { xmlns: XMLNS_DISCO_INFO }).up();
    return undefined;
  }
  if (type(value) === "string") {
    const problem = textError("disco", value);
    if (problem !== undefined) {
      return problem;
    }
    stanza.tag("query", { xmlns: XMLNS_DISCO_INFO, node: value as string }).up();
    return undefined;
  }
  if (!isObject(value)) {
    return wrongType("disco", "true, a node string or an object", value);
  }
  const node = value.get("node");
  const identities = value.get("identities");
  const features = value.get("features");
  const problem = optionalTextError("disco.node", node) ?? identitiesError(identities) ?? featuresError(features);
  if (problem !== undefined) {
    return problem;
  }
  stanza.tag("query", { xmlns: XMLNS_DISCO_INFO, node: node as string | undefined });
  if (identities !== undefined) {
    const list = identities as LuaTable<number, JsonDoc>;
    for (let i = 1; i <= list.length(); i++) {
      const identity = list.get(i);
      const attr = {
        category: identity.get("category") as string,
        type: identity.get("type") as string,
        name: identity.get("name") as string | undefined,
      };
      stanza.tag("identity", attr).up();
    }
  }
  if (features !== undefined) {
    const list = features as LuaTable<number, string>;
    for (let i = 1; i <= list.length(); i++) {
      stanza.tag("feature", { var: list.get(i) }).up();
    }
  }
  stanza.up();
  return undefined;
}

/**
 * `disco`: true (a query), a node string (a query on that node), or
 * {node, identities, features} (XML → JSON: when there is an identity or
 * a feature; extensions are the next issue's).
 */
export const disco: FieldMapper = {
  name: "disco",
  kinds: IQ,
  implies: "iq",
  toJson: discoToJson,
  fromJson: discoFromJson,
  fromForm: formNode,
};

function itemsToJson(stanza: Stanza): unknown {
  const query = stanza.get_child("query", XMLNS_DISCO_ITEMS);
  if (query === undefined) {
    return undefined;
  }
  const items = jsonArray<JsonDoc>();
  for (const item of query.childtags("item")) {
    const itemJid = item.attr.jid;
    if (itemJid !== undefined) {
      const doc = new LuaTable<string, unknown>();
      doc.set("jid", itemJid);
      doc.set("node", item.attr.node);
      doc.set("name", item.attr.name);
      items.push(doc);
    }
  }
  if (items.length === 0 && stanza.attr.type !== "result") {
    return query.attr.node ?? true;
  }
  return items;
}

function itemError(path: string, item: unknown): string | undefined {
  if (type(item) === "string") {
    return textError(path, item);
  }
  if (!isObject(item)) {
    return wrongType(path, "an object or a JID string", item);
  }
  return (
    textError(`${path}.jid`, item.get("jid")) ??
    optionalTextError(`${path}.node`, item.get("node")) ??
    optionalTextError(`${path}.name`, item.get("name"))
  );
}

function itemsFromJson(stanza: Stanza, value: unknown): string | undefined {
  if (value === true) {
    stanza.tag("query", { xmlns: XMLNS_DISCO_ITEMS }).up();
    return undefined;
  }
  if (type(value) === "string") {
    const problem = textError("items", value);
    if (problem !== undefined) {
      return problem;
    }
    stanza.tag("query", { xmlns: XMLNS_DISCO_ITEMS, node: value as string }).up();
    return undefined;
  }
  if (isObject(value)) {
    // {node}: what a query string gives (GET /rest/items/{to}?node=...).
    const node = value.get("node");
    const problem = optionalTextError("items.node", node);
    if (problem !== undefined) {
      return problem;
    }
    stanza.tag("query", { xmlns: XMLNS_DISCO_ITEMS, node: node as string | undefined }).up();
    return undefined;
  }
  if (!isArray(value)) {
    return wrongType("items", "true, a node string or an array of items", value);
  }
  for (let i = 1; i <= value.length(); i++) {
    const problem = itemError(`items[${i - 1}]`, value.get(i));
    if (problem !== undefined) {
      return problem;
    }
  }
  stanza.tag("query", { xmlns: XMLNS_DISCO_ITEMS });
  for (let i = 1; i <= value.length(); i++) {
    const item = value.get(i);
    if (type(item) === "string") {
      stanza.tag("item", { jid: item as string }).up();
    } else {
      const doc = item as JsonDoc;
      const attr = { jid: doc.get("jid") as string, node: doc.get("node") as string | undefined, name: doc.get("name") as string | undefined };
      stanza.tag("item", attr).up();
    }
  }
  stanza.up();
  return undefined;
}

/**
 * `items`: true (a query), a node string (a query on that node), or a
 * flat list [{jid, node, name}] (a JID string stands for {jid}; items
 * without jid are left out). A result without items is []. The node of a
 * result is not kept.
 */
export const items: FieldMapper = {
  name: "items",
  kinds: IQ,
  implies: "iq",
  toJson: itemsToJson,
  fromJson: itemsFromJson,
  fromForm: formNode,
};

function lastActivityToJson(stanza: Stanza): unknown {
  const query = stanza.get_child("query", XMLNS_LAST);
  if (query === undefined) {
    return undefined;
  }
  const seconds = parseInteger(query.attr.seconds, 0, MAX_SECONDS);
  let text = query.get_text();
  if (text === "") {
    text = undefined;
  }
  if (seconds === undefined && text === undefined) {
    return true;
  }
  const doc = new LuaTable<string, unknown>();
  doc.set("seconds", seconds);
  doc.set("status", text);
  return doc;
}

function lastActivityFromJson(stanza: Stanza, value: unknown): string | undefined {
  if (value === true) {
    stanza.tag("query", { xmlns: XMLNS_LAST }).up();
    return undefined;
  }
  if (!isObject(value)) {
    return wrongType("lastactivity", "true or an object", value);
  }
  const seconds = value.get("seconds");
  const statusText = value.get("status");
  const problem =
    (seconds === undefined ? undefined : integerError("lastactivity.seconds", seconds, 0, MAX_SECONDS)) ??
    optionalTextError("lastactivity.status", statusText);
  if (problem !== undefined) {
    return problem;
  }
  const attr = { xmlns: XMLNS_LAST, seconds: seconds === undefined ? undefined : integerText(seconds as number) };
  stanza.tag("query", attr).text(statusText as string | undefined).up();
  return undefined;
}

/** `lastactivity`: true for a query, {seconds, status} for a result. */
export const lastActivity: FieldMapper = {
  name: "lastactivity",
  kinds: IQ,
  implies: "iq",
  toJson: lastActivityToJson,
  fromJson: lastActivityFromJson,
  fromForm: formTrue,
};

/** Iq payload fields, in inference order. */
export const IQ_FIELDS: FieldMapper[] = [ping, version, disco, items, lastActivity];
