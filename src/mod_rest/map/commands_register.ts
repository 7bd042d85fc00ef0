/**
 * `register` (XEP-0077 in-band registration, jabber:iq:register):
 *
 *     true                                     -- <query/>: ask for the fields
 *     { registered: true, instructions,
 *       username, nick, password, name, first, last, email, address,
 *       city, state, zip, phone, url, date, misc, text, key,
 *       remove: true, form: dataform, data: formdata }
 *
 * A field the service asks for is an empty element (<username/>), "" in
 * JSON. Children are written in the order of XEP-0077's schema
 * (registered, instructions, the fields, remove, the form); `order` says
 * when the XML had another one (Prosody writes the configured extra
 * fields in configuration order). A child the list lacks (<x
 * xmlns='jabber:x:oob'/>) leaves the query in `unmapped`. `data` (input
 * only) is written as a form of type submit.
 */
import type { Stanza } from "util.stanza";
import type { FieldMapper, JsonDoc, MapResult } from "./field";
import type { Properties } from "./shape";
import { anyOf, boolean, literalTrue, object, text } from "./shape";
import { XMLNS_DATA, dataformFromJson, dataformShape, dataformToJson, formdataFromJson, formdataShape } from "./dataform";
import { kindSequence, orderHint, orderShape, exactOrNil, writingOrder } from "./exact";

export const XMLNS_REGISTER = "jabber:iq:register";

/** The text fields of XEP-0077, in its schema's order. */
const TEXT_FIELDS = [
  "instructions", "username", "nick", "password", "name", "first", "last", "email", "address", "city", "state", "zip", "phone", "url",
  "date", "misc", "text", "key",
];
const TEXT_SET = new LuaSet<string>();
for (const name of TEXT_FIELDS) {
  TEXT_SET.add(name);
}

/** The kinds of the query's children, in the order written when it has no `order`. */
const REGISTER_KINDS = ["registered"];
for (const name of TEXT_FIELDS) {
  REGISTER_KINDS.push(name);
}
REGISTER_KINDS.push("remove");
REGISTER_KINDS.push("x");

const properties: Properties = [["registered", boolean("True: <registered/> (already registered).")]];
for (const name of TEXT_FIELDS) {
  properties.push([name, text()]);
}
properties.push(["remove", boolean("True: <remove/> (cancel the registration).")]);
properties.push(["form", dataformShape]);
properties.push(["data", formdataShape]);
properties.push(["order", orderShape(REGISTER_KINDS)]);

const registerObject = object(properties, undefined, "Registration fields; \"\" marks a field the service asks for.");

function writeRegister(stanza: Stanza, value: unknown): string | undefined {
  if (value === true) {
    stanza.tag("query", { xmlns: XMLNS_REGISTER }).up();
    return undefined;
  }
  const doc = value as JsonDoc;
  const form = doc.get("form");
  const data = doc.get("data");
  if (form !== undefined && data !== undefined) {
    return "register: give form or data, not both";
  }
  stanza.tag("query", { xmlns: XMLNS_REGISTER });
  let problem: string | undefined;
  for (const kind of writingOrder(doc.get("order"), REGISTER_KINDS)) {
    const item = doc.get(kind);
    if (kind === "registered" || kind === "remove") {
      if (item === true) {
        stanza.tag(kind).up();
      }
    } else if (kind !== "x") {
      if (item !== undefined) {
        stanza.text_tag(kind, item as string);
      }
    } else if (form !== undefined) {
      problem = dataformFromJson(stanza, form, "register.form");
    } else if (data !== undefined) {
      problem = formdataFromJson(stanza, data, "submit", "register.data");
    }
  }
  stanza.up();
  return problem;
}

/** The kind of a child: its name (unknown children are refused before). */
function childKind(child: Stanza): string {
  return child.name;
}

function registerToJson(stanza: Stanza): unknown {
  const query = stanza.get_child("query", XMLNS_REGISTER);
  if (query === undefined) {
    return undefined;
  }
  if (query.tags.length === 0 && query.get_text() === "") {
    return true;
  }
  const doc = new LuaTable<string, unknown>();
  for (const child of query.tags) {
    const ns = child.attr.xmlns;
    if (ns === XMLNS_DATA && child.name === "x" && doc.get("form") === undefined) {
      const form = dataformToJson(child);
      if (form === undefined) {
        return undefined;
      }
      doc.set("form", form);
    } else if ((ns !== undefined && ns !== XMLNS_REGISTER) || doc.get(child.name) !== undefined) {
      return undefined;
    } else if (child.name === "registered" || child.name === "remove") {
      doc.set(child.name, true);
    } else if (TEXT_SET.has(child.name) && child.tags.length === 0) {
      doc.set(child.name, child.get_text() ?? "");
    } else {
      return undefined;
    }
  }
  doc.set("order", orderHint(kindSequence(query, childKind) ?? [], REGISTER_KINDS));
  return exactOrNil(query, doc, writeRegister, registerObject, "register");
}

/** `register`: true to ask for the fields, an object of fields otherwise. */
export const register: FieldMapper = {
  name: "register",
  kinds: { iq: true },
  implies: "iq",
  description: "In-band registration: true to ask, {username, password, email, ..., registered, remove, instructions, form, data} otherwise.",
  spec: "XEP-0077",
  shape: anyOf([literalTrue("Ask for the registration fields."), registerObject]),
  elements: [{ name: "query", xmlns: XMLNS_REGISTER }],
  form: "any value (present: true)",
  toJson: registerToJson,
  fromJson: writeRegister,
  fromForm: (): MapResult<unknown> => $multi(true, undefined),
  toForm: (value) => (value === true ? "" : undefined),
};
