/**
 * Iq payloads (one per iq): `ping` (XEP-0199), `version` (XEP-0092),
 * `disco` and `items` (XEP-0030), `lastactivity` (XEP-0012). Each implies
 * kind iq when a document has neither `kind` nor a telling `type`; an iq
 * without `type` is a get.
 *
 * disco carries XEP-0128 `extensions` (forms keyed by FORM_TYPE, in the
 * shape of dataform.ts). Other iq payloads: commands.ts, services.ts,
 * archive.ts.
 */
import * as st from "util.stanza";
import type { Stanza } from "util.stanza";
import type { FieldMapper, JsonDoc, KindSet, MapResult } from "./field";
import { anyOf, arrayOf, integer, literalTrue, mapOf, object, text } from "./shape";
import { XMLNS_DATA, dataformFromJson, dataformShape, dataformToJson } from "./dataform";
import { kindSequence, orderHint, orderShape, exactOrNil, writingOrder } from "./exact";
import { XMLNS_RSM, rsmFromJson, rsmShape, rsmToJson } from "./rsm";
import {
  integerError, integerText, isArray, isObject, jsonArray, optionalTextError, parseInteger, wrongType,
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
  description: "A ping (true); a result of a ping has no payload.",
  spec: "XEP-0199",
  shape: literalTrue(),
  elements: [{ name: "ping", xmlns: XMLNS_PING }],
  form: "any value (present: true)",
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
  description: "Software version: true to ask, {name, version, os} in a result.",
  spec: "XEP-0092",
  shape: anyOf([literalTrue(), object([["name", text()], ["version", text()], ["os", text()]])]),
  elements: [{ name: "query", xmlns: XMLNS_VERSION }],
  form: "any value (present: true)",
  toJson: versionToJson,
  fromJson: versionFromJson,
  fromForm: formTrue,
};

/** The kinds of a disco#info result's children, in the order written when it has no `order`. */
const DISCO_KINDS = ["identity", "feature", "x"];

const identityShape = object(
  [["category", text()], ["type", text()], ["name", text()]],
  ["category", "type"],
  "An identity (its xml:lang is not mapped: an identity with one leaves the query unmapped).",
);

const discoObject = object([
  ["node", text()],
  ["identities", arrayOf(identityShape)],
  ["features", arrayOf(text())],
  ["extensions", mapOf(dataformShape, "XEP-0128 extension forms keyed by their FORM_TYPE (a form without one gets it, hidden, first).")],
  ["order", orderShape(DISCO_KINDS)],
  [
    "extensions_order",
    arrayOf(text(), undefined, "The FORM_TYPEs of the extensions in their XML order, given only when it is not sorted; others follow sorted."),
  ],
]);

/** The FORM_TYPE of a mapped form: the single string value of its FORM_TYPE field. */
function formTypeOf(form: JsonDoc): string | undefined {
  const fields = form.get("fields");
  if (!isArray(fields)) {
    return undefined;
  }
  for (let i = 1; i <= fields.length(); i++) {
    const field = fields.get(i) as JsonDoc;
    if (field.get("var") === "FORM_TYPE") {
      const value = field.get("value");
      return type(value) === "string" ? (value as string) : undefined;
    }
  }
  return undefined;
}

/** The extension keys in writing order (sorted). */
function sortedKeys(map: JsonDoc): string[] {
  const keys: string[] = [];
  for (const [key] of pairs(map)) {
    keys.push(key);
  }
  table.sort(keys);
  return keys;
}

/** The kind of a child: its name (unknown children are refused before). */
function childKind(child: Stanza): string {
  return child.name;
}

/** A copy of a disco#info query with its children grouped by kind, in the default order. */
function grouped(query: Stanza): Stanza {
  const copy = st.stanza("query", query.attr);
  for (const kind of DISCO_KINDS) {
    for (const child of query.tags) {
      if (childKind(child) === kind) {
        copy.add_direct_child(child);
      }
    }
  }
  return copy;
}

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
  let extensions: JsonDoc | undefined;
  const formTypes: string[] = [];
  for (const child of query.tags) {
    const ns = child.attr.xmlns;
    if (child.name === "x" && ns === XMLNS_DATA) {
      const form = dataformToJson(child);
      const formType = form === undefined ? undefined : formTypeOf(form);
      // XEP-0128: one form per FORM_TYPE; without one it cannot be keyed (the community module crashed).
      if (formType === undefined || (extensions !== undefined && extensions.get(formType) !== undefined)) {
        return undefined;
      }
      extensions = extensions ?? new LuaTable<string, unknown>();
      extensions.set(formType, form);
      formTypes.push(formType);
    } else if (ns !== undefined && ns !== XMLNS_DISCO_INFO) {
      return undefined;
    } else if (child.name === "identity") {
      const doc = new LuaTable<string, unknown>();
      doc.set("category", child.attr.category);
      doc.set("type", child.attr.type);
      doc.set("name", child.attr.name);
      identities.push(doc);
    } else if (child.name === "feature") {
      const featureVar = child.attr.var;
      if (featureVar === undefined) {
        return undefined;
      }
      features.push(featureVar);
    } else {
      return undefined;
    }
  }
  const doc = new LuaTable<string, unknown>();
  doc.set("node", query.attr.node);
  doc.set("identities", identities);
  doc.set("features", features);
  doc.set("extensions", extensions);
  const sequence = kindSequence(query, childKind);
  // Interleaved identities and features (Prosody's MUC writes them so): XEP-0030 gives the order no
  // meaning, so they are mapped and written back grouped (identities, features, forms).
  doc.set("order", sequence === undefined ? undefined : orderHint(sequence, DISCO_KINDS));
  if (extensions !== undefined) {
    doc.set("extensions_order", orderHint(formTypes, sortedKeys(extensions)));
  }
  const original = sequence === undefined ? grouped(query) : query;
  return exactOrNil(original, doc, writeDiscoInfo, discoObject, "disco");
}

/** An extension form with its FORM_TYPE: the form itself, or a copy with the field added first (and type result when absent). */
function extensionForm(key: string, form: JsonDoc, path: string): MapResult<JsonDoc> {
  const formType = formTypeOf(form);
  const fields = form.get("fields");
  if (formType !== undefined) {
    if (formType !== key) {
      return $multi(undefined, `${path}: its FORM_TYPE field holds another FORM_TYPE`);
    }
    return $multi(form, undefined);
  }
  if (isArray(fields)) {
    for (let i = 1; i <= fields.length(); i++) {
      if ((fields.get(i) as JsonDoc).get("var") === "FORM_TYPE") {
        return $multi(undefined, `${path}.fields[${i - 1}]: FORM_TYPE must have one value, the key`);
      }
    }
  }
  const copy = new LuaTable<string, unknown>();
  for (const [name, value] of pairs(form)) {
    copy.set(name, value);
  }
  if (copy.get("type") === undefined) {
    copy.set("type", "result");
  }
  const withType = jsonArray<unknown>();
  const hidden = new LuaTable<string, unknown>();
  hidden.set("var", "FORM_TYPE");
  hidden.set("type", "hidden");
  hidden.set("value", key);
  withType.push(hidden);
  if (isArray(fields)) {
    for (let i = 1; i <= fields.length(); i++) {
      withType.push(fields.get(i));
    }
  }
  copy.set("fields", withType);
  return $multi(copy, undefined);
}

/** Write a disco value that fits the shape (no check here). */
function writeDiscoInfo(stanza: Stanza, value: unknown): string | undefined {
  if (value === true) {
    stanza.tag("query", { xmlns: XMLNS_DISCO_INFO }).up();
    return undefined;
  }
  if (type(value) === "string") {
    stanza.tag("query", { xmlns: XMLNS_DISCO_INFO, node: value as string }).up();
    return undefined;
  }
  const doc = value as JsonDoc;
  const forms: JsonDoc[] = [];
  const extensions = doc.get("extensions") as JsonDoc | undefined;
  if (extensions !== undefined) {
    for (const key of writingOrder(doc.get("extensions_order"), sortedKeys(extensions))) {
      const [form, problem] = extensionForm(key, extensions.get(key) as JsonDoc, `disco.extensions.${key}`);
      if (form === undefined) {
        return problem;
      }
      forms.push(form);
    }
  }
  stanza.tag("query", { xmlns: XMLNS_DISCO_INFO, node: doc.get("node") as string | undefined });
  for (const kind of writingOrder(doc.get("order"), DISCO_KINDS)) {
    if (kind === "identity") {
      writeIdentities(stanza, doc.get("identities"));
    } else if (kind === "feature") {
      const features = doc.get("features");
      if (isArray(features)) {
        for (let i = 1; i <= features.length(); i++) {
          stanza.tag("feature", { var: features.get(i) as string }).up();
        }
      }
    } else {
      for (const form of forms) {
        const problem = dataformFromJson(stanza, form, "disco.extensions");
        if (problem !== undefined) {
          return problem;
        }
      }
    }
  }
  stanza.up();
  return undefined;
}

function writeIdentities(stanza: Stanza, identities: unknown): void {
  if (!isArray(identities)) {
    return;
  }
  for (let i = 1; i <= identities.length(); i++) {
    const identity = identities.get(i) as JsonDoc;
    const attr = {
      category: identity.get("category") as string,
      type: identity.get("type") as string,
      name: identity.get("name") as string | undefined,
    };
    stanza.tag("identity", attr).up();
  }
}

/**
 * `disco`: true (a query), a node string (a query on that node), or
 * {node, identities, features, extensions} (a result: XEP-0128 forms
 * keyed by FORM_TYPE), written identities, features, forms sorted by
 * FORM_TYPE; `order` and `extensions_order` say when the XML had another
 * order. A result holding what this cannot carry exactly
 * (a form without FORM_TYPE, two forms of one FORM_TYPE, an identity's
 * xml:lang, an unknown child) is left in `unmapped`.
 */
export const disco: FieldMapper = {
  name: "disco",
  kinds: IQ,
  implies: "iq",
  description:
    "Service discovery info: true to ask, a node to ask about it, {node, identities, features, extensions} in a result (extensions: forms keyed by FORM_TYPE).",
  spec: "XEP-0030, XEP-0128",
  shape: anyOf([literalTrue(), text(), discoObject]),
  elements: [{ name: "query", xmlns: XMLNS_DISCO_INFO }],
  form: "empty: true; else the node",
  toJson: discoToJson,
  fromJson: writeDiscoInfo,
  fromForm: formNode,
};

const itemShape = anyOf([
  text("A JID (input: stands for {jid})."),
  object([["jid", text()], ["node", text()], ["name", text()]], ["jid"]),
]);

const itemsObject = object(
  [["node", text()], ["items", arrayOf(itemShape)], ["rsm", rsmShape]],
  undefined,
  "A query on a node or with a result set ({node, rsm}), or a result that has a node or a set ({node, items, rsm}).",
);

function itemsToJson(stanza: Stanza): unknown {
  const query = stanza.get_child("query", XMLNS_DISCO_ITEMS);
  if (query === undefined) {
    return undefined;
  }
  const list = jsonArray<JsonDoc>();
  let page: unknown;
  for (const child of query.tags) {
    const ns = child.attr.xmlns;
    if (child.name === "set" && ns === XMLNS_RSM && page === undefined) {
      page = rsmToJson(child);
      if (page === undefined) {
        return undefined;
      }
    } else if (child.name === "item" && (ns === undefined || ns === XMLNS_DISCO_ITEMS)) {
      const doc = new LuaTable<string, unknown>();
      doc.set("jid", child.attr.jid);
      doc.set("node", child.attr.node);
      doc.set("name", child.attr.name);
      list.push(doc);
    } else {
      return undefined;
    }
  }
  const node = query.attr.node;
  let value: unknown;
  if (list.length === 0 && stanza.attr.type !== "result") {
    if (page === undefined) {
      value = node ?? true;
    } else {
      const doc = new LuaTable<string, unknown>();
      doc.set("node", node);
      doc.set("rsm", page);
      value = doc;
    }
  } else if (node === undefined && page === undefined) {
    value = list;
  } else {
    const doc = new LuaTable<string, unknown>();
    doc.set("node", node);
    doc.set("items", list);
    doc.set("rsm", page);
    value = doc;
  }
  return exactOrNil(query, value, writeItems, items.shape, "items");
}

/** Write each item of a list that fits arrayOf(itemShape). */
function writeItemList(stanza: Stanza, list: LuaTable<number, unknown>): void {
  for (let i = 1; i <= list.length(); i++) {
    const item = list.get(i);
    if (type(item) === "string") {
      stanza.tag("item", { jid: item as string }).up();
    } else {
      const doc = item as JsonDoc;
      const attr = { jid: doc.get("jid") as string, node: doc.get("node") as string | undefined, name: doc.get("name") as string | undefined };
      stanza.tag("item", attr).up();
    }
  }
}

/** Write an items value that fits the shape (no check here). */
function writeItems(stanza: Stanza, value: unknown): string | undefined {
  if (value === true) {
    stanza.tag("query", { xmlns: XMLNS_DISCO_ITEMS }).up();
    return undefined;
  }
  if (type(value) === "string") {
    stanza.tag("query", { xmlns: XMLNS_DISCO_ITEMS, node: value as string }).up();
    return undefined;
  }
  if (isArray(value)) {
    stanza.tag("query", { xmlns: XMLNS_DISCO_ITEMS });
    writeItemList(stanza, value);
    stanza.up();
    return undefined;
  }
  const doc = value as JsonDoc;
  stanza.tag("query", { xmlns: XMLNS_DISCO_ITEMS, node: doc.get("node") as string | undefined });
  const list = doc.get("items");
  if (isArray(list)) {
    writeItemList(stanza, list);
  }
  const page = doc.get("rsm");
  const problem = page === undefined ? undefined : rsmFromJson(stanza, page, "items.rsm");
  stanza.up();
  return problem;
}

/**
 * `items`: true (a query), a node string (a query on that node), {node,
 * rsm} (a query with a result set), or in a result a flat list [{jid,
 * node, name}] (a JID string stands for {jid} on input), {node, items,
 * rsm} when the result has a node or a set. A result without items is []
 * (or {node, items: []}).
 */
export const items: FieldMapper = {
  name: "items",
  kinds: IQ,
  implies: "iq",
  description:
    "Service discovery items: true to ask, a node to ask about it, {node, rsm} to ask for a page; a list of {jid, node, name} in a result, {node, items, rsm} when it has a node or a page.",
  spec: "XEP-0030, XEP-0059",
  shape: anyOf([literalTrue(), text(), itemsObject, arrayOf(itemShape)]),
  elements: [{ name: "query", xmlns: XMLNS_DISCO_ITEMS }],
  form: "empty: true; else the node",
  toJson: itemsToJson,
  fromJson: writeItems,
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
  description: "Last activity: true to ask, {seconds, status} in a result.",
  spec: "XEP-0012",
  shape: anyOf([literalTrue(), object([["seconds", integer(0, MAX_SECONDS)], ["status", text()]])]),
  elements: [{ name: "query", xmlns: XMLNS_LAST }],
  form: "any value (present: true)",
  toJson: lastActivityToJson,
  fromJson: lastActivityFromJson,
  fromForm: formTrue,
};

/** Iq payload fields, in inference order. */
export const IQ_FIELDS: FieldMapper[] = [ping, version, disco, items, lastActivity];
