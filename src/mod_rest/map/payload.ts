/**
 * Payloads of any kind: `nick` (XEP-0172, anykind_nick.ts), `delay`
 * (XEP-0203, anykind_delay.ts), `payload` {datatype, data} (XEP-0432
 * Simple JSON Messaging, urn:xmpp:json-msg:0), `data` being any JSON
 * value, carried as JSON text in the element, and `rsm` (XEP-0059, a
 * result set directly in the stanza, rsm.ts). None implies a kind.
 */
import type { Stanza } from "util.stanza";
import * as json from "../../lib/json";
import { isXmlSafe } from "../../lib/text";
import type { FieldMapper, JsonDoc, MapResult } from "./field";
import { ANY_KIND, objectError, optionalTextError } from "./field";
import { anything, object, text } from "./shape";
import { nick } from "./anykind_nick";
import { delay } from "./anykind_delay";
import { rsm } from "./rsm";

export const XMLNS_JSON_MSG = "urn:xmpp:json-msg:0";

function payloadToJson(stanza: Stanza): unknown {
  const element = stanza.get_child("payload", XMLNS_JSON_MSG);
  if (element === undefined) {
    return undefined;
  }
  const text = element.get_text();
  if (text === undefined) {
    return undefined;
  }
  const data = json.decode(text);
  if (data === undefined) {
    return undefined;
  }
  const doc = new LuaTable<string, unknown>();
  doc.set("datatype", element.attr.datatype);
  doc.set("data", data);
  return doc;
}

/** What `encodeInto` made. */
interface Encoded {
  text?: string;
}

function encodeInto(value: unknown, out: Encoded): void {
  out.text = json.encode(value);
}

function payloadFromJson(stanza: Stanza, value: unknown): string | undefined {
  const problem = objectError("payload", value);
  if (problem !== undefined) {
    return problem;
  }
  const payload = value as JsonDoc;
  const datatype = payload.get("datatype");
  const data = payload.get("data");
  const wrong = optionalTextError("payload.datatype", datatype);
  if (wrong !== undefined) {
    return wrong;
  }
  if (data === undefined) {
    return "payload.data: missing (any JSON value, null included)";
  }
  const out: Encoded = {};
  const [ok] = pcall(encodeInto, data, out);
  if (!ok || out.text === undefined) {
    return "payload.data: cannot be encoded as JSON";
  }
  if (!isXmlSafe(out.text)) {
    return "payload.data: invalid UTF-8 in a string";
  }
  stanza.text_tag("payload", out.text, { xmlns: XMLNS_JSON_MSG, datatype: datatype as string | undefined });
  return undefined;
}

function payloadFromForm(): MapResult<unknown> {
  return $multi(undefined, "payload: an object, not available in forms (send JSON)");
}

/** `payload` {datatype, data}: not expressible in a form. */
export const payload: FieldMapper = {
  name: "payload",
  kinds: ANY_KIND,
  description: "A JSON value carried in the stanza, with an optional datatype naming its kind.",
  spec: "XEP-0432",
  shape: object([["datatype", text()], ["data", anything("Any JSON value, null included.")]], ["data"]),
  elements: [{ name: "payload", xmlns: XMLNS_JSON_MSG }],
  toJson: payloadToJson,
  fromJson: payloadFromJson,
  fromForm: payloadFromForm,
  toForm: () => undefined,
};

/** Fields of any kind, in the order their elements are written. */
export const ANY_KIND_FIELDS: FieldMapper[] = [nick, delay, payload, rsm];
