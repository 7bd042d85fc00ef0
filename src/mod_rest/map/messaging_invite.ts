/**
 * `invite` {jid, password, reason, thread, continue} (XEP-0249 Direct MUC
 * Invitations) and `encryption` (XEP-0380 Explicit Message Encryption).
 */
import type { Stanza } from "util.stanza";
import { setOf } from "../../lib/collections";
import type { FieldMapper, JsonDoc } from "./field";
import { isObject } from "./field";
import { anyOf, boolean, described, object, text } from "./shape";
import { isBareElement, MESSAGE_ONLY, notInForms } from "./messaging_element";

export const XMLNS_CONFERENCE = "jabber:x:conference";
export const XMLNS_EME = "urn:xmpp:eme:0";

const INVITE_TEXTS = ["jid", "password", "reason", "thread"];
const INVITE_ATTRIBUTES = setOf(["jid", "password", "reason", "thread", "continue"]);

/** The invitation, nil without jid, with anything else, or a `continue` other than "true"/"false" ("1"/"0" would not come back). */
function inviteToJson(stanza: Stanza): unknown {
  const element = stanza.get_child("x", XMLNS_CONFERENCE);
  if (element === undefined || element.attr.jid === undefined || !isBareElement(element, INVITE_ATTRIBUTES)) {
    return undefined;
  }
  const doc = new LuaTable<string, unknown>();
  for (const name of INVITE_TEXTS) {
    doc.set(name, element.attr[name]);
  }
  const continued = element.attr.continue;
  if (continued === "true") {
    doc.set("continue", true);
  } else if (continued === "false") {
    doc.set("continue", false);
  } else if (continued !== undefined) {
    return undefined;
  }
  return doc;
}

function inviteFromJson(stanza: Stanza, value: unknown): string | undefined {
  const doc = value as JsonDoc;
  const attr: { [name: string]: string | undefined } = { xmlns: XMLNS_CONFERENCE };
  for (const name of INVITE_TEXTS) {
    attr[name] = doc.get(name) as string | undefined;
  }
  const continued = doc.get("continue");
  if (continued !== undefined) {
    attr.continue = continued === true ? "true" : "false";
  }
  stanza.tag("x", attr).up();
  return undefined;
}

/** `invite`: a direct invitation to a room. */
export const invite: FieldMapper = {
  name: "invite",
  kinds: MESSAGE_ONLY,
  description: "A direct invitation to a multi-user chat room.",
  spec: "XEP-0249",
  shape: object([
    ["jid", described(text(), "The JID of the room.")],
    ["password", described(text(), "The room's password.")],
    ["reason", described(text(), "Why the invitation is sent.")],
    ["thread", described(text(), "The thread of the one-to-one chat the room continues.")],
    ["continue", boolean("True when the room continues a one-to-one chat.")],
  ], ["jid"]),
  elements: [{ name: "x", xmlns: XMLNS_CONFERENCE }],
  toJson: inviteToJson,
  fromJson: inviteFromJson,
  fromForm: notInForms("invite", "an object"),
  toForm: () => undefined,
};

const EME_ATTRIBUTES = setOf(["namespace", "name"]);

/** The encryption namespace (a string, as the community module maps it), or {namespace, name} when a name is given. */
function encryptionToJson(stanza: Stanza): unknown {
  const element = stanza.get_child("encryption", XMLNS_EME);
  if (element === undefined || element.attr.namespace === undefined || !isBareElement(element, EME_ATTRIBUTES)) {
    return undefined;
  }
  if (element.attr.name === undefined) {
    return element.attr.namespace;
  }
  const doc = new LuaTable<string, unknown>();
  doc.set("namespace", element.attr.namespace);
  doc.set("name", element.attr.name);
  return doc;
}

function encryptionFromJson(stanza: Stanza, value: unknown): string | undefined {
  if (isObject(value)) {
    stanza.tag("encryption", { xmlns: XMLNS_EME, namespace: value.get("namespace") as string, name: value.get("name") as string }).up();
  } else {
    stanza.tag("encryption", { xmlns: XMLNS_EME, namespace: value as string }).up();
  }
  return undefined;
}

/** `encryption`: the namespace of the encryption used, with its name when the element gives one. */
export const encryption: FieldMapper = {
  name: "encryption",
  kinds: MESSAGE_ONLY,
  description: "The encryption the body is under: its namespace (a string), or {namespace, name} when the name is given.",
  spec: "XEP-0380",
  shape: anyOf([
    described(text(), "The namespace of the encryption protocol (urn:xmpp:omemo:2)."),
    object([
      ["namespace", described(text(), "The namespace of the encryption protocol.")],
      ["name", described(text(), "Its human-readable name, for clients that do not know it.")],
    ], ["namespace", "name"], "The namespace with the name (without a name, the string form)."),
  ]),
  elements: [{ name: "encryption", xmlns: XMLNS_EME }],
  form: "the namespace",
  toJson: encryptionToJson,
  fromJson: encryptionFromJson,
  toForm: (value) => (type(value) === "string" ? (value as string) : undefined),
};

/** Invitation and encryption fields, in the order their elements are written. */
export const INVITE_FIELDS: FieldMapper[] = [encryption, invite];
