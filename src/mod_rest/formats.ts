/**
 * The formats stanzas travel in over HTTP: XML (application/xmpp+xml),
 * JSON and flat forms (the JSON mapping of map/), in and out.
 */
import * as xml from "util.xml";
import { NS_SEPARATOR } from "./map/unmapped";
import { formdecode, formencode } from "util.http";
import type { Stanza } from "util.stanza";
import type { UtilError } from "util.error";
import * as json from "../lib/json";
import { isXmlSafe } from "../lib/text";
import { negotiate } from "../lib/negotiate";
import { mediaType } from "../lib/media_type";
import { errors, detailed } from "./errors";
import type { ErrorKey } from "./errors";
import { formToJson, jsonToForm, jsonToStanza, stanzaToJson } from "./map/index";
import type { JsonDoc } from "./map/index";
import { topTag } from "../lib/lazy_log";

export const XMPP_XML = "application/xmpp+xml";
export const JSON_TYPE = "application/json";
export const FORM = "application/x-www-form-urlencoded";
export const TEXT = "text/plain";
export type StanzaFormat = typeof XMPP_XML | typeof JSON_TYPE | typeof FORM;

/** The output formats, in preference order (XML first). */
export const STANZA_FORMATS: StanzaFormat[] = [XMPP_XML, JSON_TYPE, FORM];

const XMLNS_CLIENT = "jabber:client";

/**
 * Deepest element nesting accepted in an XML payload. Real stanzas stay
 * well under 20 levels; util.stanza serializes and clones recursively, so
 * a body of 192 KiB of `<a>` would overflow the Lua stack.
 */
export const MAX_DEPTH = 100;

type StanzaResult = LuaMultiReturn<[Stanza, undefined] | [undefined, UtilError]>;
type EncodeResult = LuaMultiReturn<[string, undefined] | [undefined, UtilError]>;

/** The stanza format of a media type, nil for any other. */
export function stanzaFormat(media: string | undefined): StanzaFormat | undefined {
  if (media === XMPP_XML || media === JSON_TYPE || media === FORM) {
    return media;
  }
  return undefined;
}

/**
 * The format of an answer: the one `Accept` prefers (q-values honoured);
 * on a tie or a wildcard the request's own format; when `Accept` is absent
 * or accepts none of them, the request's format, else XML.
 */
export function outputFormat(accept: string | undefined, contentType: string | undefined): StanzaFormat {
  const sent = stanzaFormat(mediaType(contentType));
  const offers: StanzaFormat[] = sent === undefined ? STANZA_FORMATS : [sent, XMPP_XML, JSON_TYPE, FORM];
  return (negotiate(accept, offers) as StanzaFormat | undefined) ?? sent ?? XMPP_XML;
}

/** JSON for a stanza, under pcall: a mapping bug must not take the answer down. */
function toJsonDoc(stanza: Stanza): JsonDoc | undefined {
  const [ok, doc] = pcall(stanzaToJson, stanza);
  if (!ok) {
    module.log("warn", "Could not map %s to JSON: %s", stanza.top_tag(), tostring(doc));
    return undefined;
  }
  return doc;
}

/**
 * Encode a stanza for output; an error when it cannot be expressed in that
 * format (several stanzas in a form), and the caller falls back to XML.
 */
export function encodeStanza(format: StanzaFormat, stanza: Stanza): EncodeResult {
  if (format === XMPP_XML) {
    return $multi(tostring(stanza), undefined);
  }
  if (format === FORM && stanza.name === "xmpp") {
    return $multi(undefined, detailed("field", "Several stanzas cannot be expressed as one form"));
  }
  const doc = toJsonDoc(stanza);
  if (doc === undefined) {
    return $multi(undefined, detailed("field", "The stanza cannot be expressed in JSON"));
  }
  if (format === JSON_TYPE) {
    return $multi(json.encode(doc), undefined);
  }
  const fields = jsonToForm(doc) as unknown as { [name: string]: string };
  return $multi(formencode(fields), undefined);
}

/**
 * Encode for output in `format`, or in XML when that format cannot express
 * the stanza. Returns the body and the format used.
 */
export function encodeOrXml(format: StanzaFormat, stanza: Stanza): LuaMultiReturn<[string, StanzaFormat]> {
  const [body] = encodeStanza(format, stanza);
  if (body === undefined) {
    module.log("debug", "Answering %s in XML: it cannot be expressed as %s", topTag(stanza), format);
    return $multi(tostring(stanza), XMPP_XML);
  }
  return $multi(body, format);
}

/**
 * Check the depth of a parsed payload and drop the `jabber:client`
 * namespace where the client stream's parser would not have set it: on the
 * top element and on children in that namespace under it (an element in
 * jabber:client inside a foreign element, as in a forwarded message,
 * keeps it). Says what is wrong when the nesting is too deep or an
 * attribute is in a namespace. Iterative: no recursion on untrusted depth.
 */
function normalise(top: Stanza): "too-deep" | "namespaced-attribute" | undefined {
  // Three parallel stacks: element, its depth, whether its parent is in jabber:client.
  const elements: Stanza[] = [top];
  const depths: number[] = [1];
  const inClient: boolean[] = [true];
  while (elements.length > 0) {
    const element = elements.pop() as Stanza;
    const depth = depths.pop() as number;
    const parentInClient = inClient.pop() as boolean;
    if (depth > MAX_DEPTH) {
      return "too-deep";
    }
    for (const [name] of pairs(element.attr)) {
      // util.xml names an attribute in a namespace other than xml "NS\1name": no way to write that back.
      if (string.find(name as string, NS_SEPARATOR, 1, true)[0] !== undefined) {
        return "namespaced-attribute";
      }
    }
    const xmlns = element.attr.xmlns;
    let childrenInClient = false;
    if (parentInClient && (xmlns === undefined || xmlns === XMLNS_CLIENT)) {
      element.attr.xmlns = undefined;
      childrenInClient = true;
    }
    for (const child of element.tags) {
      elements.push(child);
      depths.push(depth + 1);
      inClient.push(childrenInClient);
    }
  }
  return undefined;
}

/** Parse an XML payload: one element, not too deep, jabber:client or no namespace on top. */
export function decodeXml(body: string): StanzaResult {
  const [parsed] = xml.parse(body);
  if (parsed === undefined) {
    return $multi(undefined, errors.new("parse"));
  }
  const xmlns = parsed.attr.xmlns;
  if (xmlns !== undefined && xmlns !== XMLNS_CLIENT) {
    return $multi(undefined, errors.new("xmlns"));
  }
  const problem = normalise(parsed);
  if (problem === "too-deep") {
    return $multi(undefined, detailed("too-deep", `Elements are nested more than ${MAX_DEPTH} deep`));
  } else if (problem === "namespaced-attribute") {
    return $multi(undefined, detailed("field", "Attributes in a namespace (other than xml:) are not supported"));
  }
  return $multi(parsed, undefined);
}

/** The error of a mapping problem (a text naming the field). */
export function fieldError(problem: string): UtilError {
  return detailed("field", `Invalid payload: ${problem}`);
}

/**
 * Decode a JSON body into any JSON value (nil and the 400 when it is not
 * JSON). A JSON object is what a stanza needs; a payload path takes any value.
 */
export function decodeJson(body: string): LuaMultiReturn<[unknown, undefined] | [undefined, UtilError]> {
  const decoded = json.decode(body);
  if (decoded === undefined) {
    return $multi(undefined, detailed("parse", "Failed to parse payload: not JSON"));
  }
  return $multi(decoded, undefined);
}

/**
 * Decode a form (a body, or a query string) into its fields: nil and the
 * 400 (`notForm`: a query string's own error) when it is not a form, a 422
 * when a name is empty or repeated (which of two values is meant?).
 */
export function decodeFormBody(body: string, notForm: ErrorKey = "parse"): LuaMultiReturn<[LuaMap<string, string>, undefined] | [undefined, UtilError]> {
  const fields = new LuaMap<string, string>();
  if (body === "") {
    return $multi(fields, undefined);
  }
  const decoded = formdecode(body);
  if (typeof decoded === "string") {
    return $multi(undefined, notForm === "parse" ? detailed("parse", "Failed to parse payload: not a form") : errors.new(notForm));
  }
  for (const item of decoded) {
    if (item.name === "") {
      return $multi(undefined, fieldError("a form field without a name"));
    }
    if (fields.has(item.name)) {
      const named = isXmlSafe(item.name) ? `'${item.name}'` : "a field";
      return $multi(undefined, fieldError(`${named} is repeated`));
    }
    fields.set(item.name, item.value);
  }
  return $multi(fields, undefined);
}

/** The document of flat form fields (nil and the 422 naming the field). */
export function formDocument(form: LuaMap<string, string>): LuaMultiReturn<[JsonDoc, undefined] | [undefined, UtilError]> {
  const [doc, problem] = formToJson(form);
  if (doc === undefined) {
    return $multi(undefined, fieldError(problem as string));
  }
  return $multi(doc, undefined);
}

/** The stanza of a JSON document (nil and the 422 naming the field). */
export function documentToStanza(doc: unknown): StanzaResult {
  if (!json.isObject(doc)) {
    return $multi(undefined, detailed("field", "Invalid payload: expected a JSON object"));
  }
  const kind = doc.get("kind");
  if (kind !== undefined && kind !== "message" && kind !== "presence" && kind !== "iq") {
    return $multi(undefined, errors.new("name"));
  }
  // jsonToStanza never raises (map/index.ts).
  const [stanza, problem] = jsonToStanza(doc);
  if (stanza === undefined) {
    return $multi(undefined, fieldError(problem ?? "invalid document"));
  }
  return $multi(stanza, undefined);
}

/**
 * Decode a body of the given media type (parameters dropped, lower case)
 * into a stanza: XML, JSON or form. text/plain is not handled here (its
 * meaning depends on the route); another media type gives the 415.
 */
export function decodeStanza(media: string | undefined, body: string): StanzaResult {
  if (media === XMPP_XML) {
    return decodeXml(body);
  } else if (media === JSON_TYPE) {
    const [decoded, err] = decodeJson(body);
    if (err !== undefined) {
      return $multi(undefined, err);
    }
    return documentToStanza(decoded);
  } else if (media === FORM) {
    const [form, formErr] = decodeFormBody(body);
    if (form === undefined) {
      return $multi(undefined, formErr);
    }
    const [doc, docErr] = formDocument(form);
    if (doc === undefined) {
      return $multi(undefined, docErr);
    }
    return documentToStanza(doc);
  }
  return $multi(undefined, errors.new("mediatype"));
}
