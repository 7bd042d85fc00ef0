/**
 * `extdisco` (XEP-0215 External Service Discovery, urn:xmpp:extdisco:2):
 * {type, services: [{host, port, transport, type, username, password,
 * restricted, expires, name, action}]}. A query is {} or {type}; a result
 * or a push lists the services. Requests for credentials
 * (`<credentials/>`) and services carrying an extension form are left to
 * `unmapped`.
 */
import type { Stanza } from "util.stanza";
import type { FieldMapper, JsonDoc, KindSet, MapResult } from "./field";
import { integerText, isArray, isObject, jsonArray } from "./field";
import { arrayOf, boolean, integer, object, oneOfWords, text } from "./shape";
import { exactBoolean, nonEmptyText, onlyWhitespaceText } from "./services_values";
import { exactOrNil } from "./exact";
import { exactInteger, hasOnlyAttributes } from "./anykind_element";
import { dateTime, isDateTime } from "./anykind_datetime";
import { setOf } from "../../lib/collections";

export const XMLNS_EXTDISCO = "urn:xmpp:extdisco:2";

const IQ: KindSet = { iq: true };
const SERVICES_ATTRIBUTES = setOf(["type"]);

/** Text attributes of a service, in the order they are listed. */
const TEXT_ATTRIBUTES = ["host", "type", "transport", "username", "password", "name"];
const SERVICE_ATTRIBUTES = setOf(["host", "type", "transport", "username", "password", "name", "port", "restricted", "expires", "action"]);
const ACTIONS = ["add", "delete", "modify"];
const ACTION_SET = setOf(ACTIONS);

/** One `<service/>` as JSON, nil when it holds what JSON cannot (a child, a port or flag not written canonically). */
function serviceToJson(service: Stanza): JsonDoc | undefined {
  const attr = service.attr;
  if (attr.host === undefined || attr.type === undefined || service.tags.length > 0 || !onlyWhitespaceText(service)) {
    return undefined;
  }
  if (!hasOnlyAttributes(service, SERVICE_ATTRIBUTES)) {
    return undefined;
  }
  const doc = new LuaTable<string, unknown>();
  for (const name of TEXT_ATTRIBUTES) {
    doc.set(name, attr[name]);
  }
  if (attr.port !== undefined) {
    const port = exactInteger(attr.port, 0, 65535);
    if (port === undefined) {
      return undefined;
    }
    doc.set("port", port);
  }
  if (attr.restricted !== undefined) {
    const restricted = exactBoolean(attr.restricted, "1", "0");
    if (restricted === undefined) {
      return undefined;
    }
    doc.set("restricted", restricted);
  }
  if (attr.expires !== undefined) {
    if (!isDateTime(attr.expires)) {
      return undefined;
    }
    doc.set("expires", attr.expires);
  }
  if (attr.action !== undefined) {
    if (!ACTION_SET.has(attr.action)) {
      return undefined;
    }
    doc.set("action", attr.action);
  }
  return doc;
}

function extdiscoToJson(stanza: Stanza): unknown {
  const element = stanza.get_child("services", XMLNS_EXTDISCO);
  if (element === undefined || !hasOnlyAttributes(element, SERVICES_ATTRIBUTES) || !onlyWhitespaceText(element)) {
    return undefined;
  }
  const doc = new LuaTable<string, unknown>();
  doc.set("type", element.attr.type);
  if (element.tags.length === 0) {
    return doc;
  }
  const services = jsonArray<JsonDoc>();
  for (const child of element.tags) {
    if (child.name !== "service" || (child.attr.xmlns !== undefined && child.attr.xmlns !== element.attr.xmlns)) {
      return undefined;
    }
    const service = serviceToJson(child);
    if (service === undefined) {
      return undefined;
    }
    services.push(service);
  }
  doc.set("services", services);
  return doc;
}

function serviceAttributes(service: JsonDoc): LuaTable<string, string> {
  const attr = new LuaTable<string, string>();
  for (const name of TEXT_ATTRIBUTES) {
    const value = service.get(name);
    if (value !== undefined) {
      attr.set(name, value as string);
    }
  }
  const port = service.get("port");
  if (port !== undefined) {
    attr.set("port", integerText(port as number));
  }
  const restricted = service.get("restricted");
  if (restricted !== undefined) {
    attr.set("restricted", restricted === true ? "1" : "0");
  }
  for (const name of ["expires", "action"]) {
    const value = service.get(name);
    if (value !== undefined) {
      attr.set(name, value as string);
    }
  }
  return attr;
}

function extdiscoFromJson(stanza: Stanza, value: unknown): string | undefined {
  const doc = value as JsonDoc;
  stanza.tag("services", { xmlns: XMLNS_EXTDISCO, type: doc.get("type") as string | undefined });
  const services = doc.get("services");
  if (isArray(services)) {
    for (let i = 1; i <= services.length(); i++) {
      stanza.tag("service", serviceAttributes(services.get(i) as JsonDoc) as unknown as { [name: string]: string }).up();
    }
  }
  stanza.up();
  return undefined;
}

/** Form: empty asks for every service, else for services of that type. */
function extdiscoFromForm(value: string): MapResult<unknown> {
  const doc = new LuaTable<string, unknown>();
  if (value !== "") {
    doc.set("type", value);
  }
  return $multi(doc, undefined);
}

/** Form output: the type of a query (empty: every type); a list of services is left out. */
function extdiscoToForm(value: unknown): string | undefined {
  if (!isObject(value) || value.get("services") !== undefined) {
    return undefined;
  }
  const serviceType = value.get("type");
  if (serviceType === undefined) {
    return "";
  }
  return type(serviceType) === "string" ? (serviceType as string) : undefined;
}

const SERVICE = object(
  [
    ["host", nonEmptyText("The service's host name or IP address.")],
    ["type", nonEmptyText("The service type (stun, turn, turns, ftp, ...).")],
    ["port", integer(0, 65535, "The port.")],
    ["transport", text("The transport (udp, tcp, ...).")],
    ["username", text("A user name for the service.")],
    ["password", text("A password for the service.")],
    ["restricted", boolean("Whether credentials are needed (written 1 or 0).")],
    ["expires", dateTime("When the credentials expire.")],
    ["name", text("A human-readable name.")],
    ["action", oneOfWords(ACTIONS, "In a push: what changed about the service.")],
  ],
  ["host", "type"],
);

/** `extdisco` {type, services}: urn:xmpp:extdisco:2. */
export const extdisco: FieldMapper = {
  name: "extdisco",
  kinds: IQ,
  implies: "iq",
  description: "External services (STUN, TURN, ...): {} or {type} to ask, {type, services} in a result or a push.",
  spec: "XEP-0215",
  shape: object([
    ["type", text("The service type asked for or listed.")],
    ["services", arrayOf(SERVICE, undefined, "The services.")],
  ]),
  elements: [{ name: "services", xmlns: XMLNS_EXTDISCO }],
  form: "empty: every service; else the service type",
  toJson: (stanza) => exactOrNil(stanza.get_child("services", XMLNS_EXTDISCO), extdiscoToJson(stanza), extdiscoFromJson),
  fromJson: extdiscoFromJson,
  fromForm: extdiscoFromForm,
  toForm: extdiscoToForm,
};
