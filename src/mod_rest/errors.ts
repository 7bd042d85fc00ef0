/**
 * mod_rest's errors: one registry (HTTP status, XMPP type and condition,
 * text side by side) and the answer that carries one, in the format the
 * client accepts. Only mod_rest's own answers are formatted so: the global
 * `http-error` event is never hooked.
 */
import * as errorlib from "util.error";
import * as st from "util.stanza";
import type { HttpEvent } from "net.http.server";
import type { UtilError } from "util.error";
import { negotiate } from "../lib/negotiate";
import { mediaType } from "../lib/media_type";
import { errorDocument, respond } from "../lib/respond";
import type { Headers } from "../lib/respond";

const XMLNS_STREAMS = "http://etherx.jabber.org/streams";
const XMLNS_STREAM_ERRORS = "urn:ietf:params:xml:ns:xmpp-streams";

const XML_TYPE = "application/xmpp+xml";
const JSON_TYPE = "application/json";
const TEXT_TYPE = "text/plain";

export const errors = errorlib.init("rest", {
  // Authentication
  "auth-required": { code: 401, type: "auth", condition: "not-authorized", text: "No credentials provided" },
  "auth-refused": { code: 401, type: "auth", condition: "not-authorized", text: "Credentials not accepted" },
  "auth-throttled": {
    code: 429, type: "wait", condition: "policy-violation",
    text: "Too many failed authentication attempts; try again later",
  },
  // The payload
  "parse": { code: 400, type: "modify", condition: "not-well-formed", text: "Failed to parse payload" },
  "too-deep": { code: 400, type: "modify", condition: "policy-violation", text: "Elements are nested too deep" },
  "encoding": {
    code: 400, type: "modify", condition: "unsupported-encoding",
    text: "The body must be UTF-8 text without control characters",
  },
  "mediatype": {
    code: 415, type: "cancel", condition: "bad-format",
    text: "Unsupported media type: use application/xmpp+xml, application/json, application/x-www-form-urlencoded or text/plain",
  },
  "size": { code: 413, type: "modify", condition: "resource-constraint", text: "Payload too large" },
  "field": { code: 422, type: "modify", condition: "bad-format", text: "Invalid payload" },
  "text-path": {
    code: 422, type: "modify", condition: "bad-format",
    text: "A text/plain body needs a message path (it is the body) or a presence path (it is the show)",
  },
  "query": { code: 422, type: "modify", condition: "bad-format", text: "The query string is not a form" },
  // The stanza
  "xmlns": { code: 422, type: "modify", condition: "invalid-namespace", text: "'xmlns' attribute must be empty or jabber:client" },
  "name": { code: 422, type: "modify", condition: "unsupported-stanza-type", text: "Invalid stanza, must be 'message', 'presence' or 'iq'" },
  "to": { code: 422, type: "modify", condition: "improper-addressing", text: "Invalid destination JID" },
  "self-presence": {
    code: 422, type: "modify", condition: "improper-addressing",
    text: "Presence broadcast needs a client session: address the presence to someone",
  },
  "from": { code: 422, type: "modify", condition: "invalid-from", text: "Invalid source JID" },
  "from-auth": { code: 403, type: "auth", condition: "not-authorized", text: "Not authorized to send stanza with requested 'from'" },
  "iq-type": { code: 422, type: "modify", condition: "invalid-xml", text: "'iq' stanza must be of type 'get' or 'set'" },
  "iq-tags": { code: 422, type: "modify", condition: "bad-format", text: "'iq' stanza must have exactly one child tag" },
  // Routes
  "not-found": { code: 404, type: "cancel", condition: "unsupported-feature", text: "No such route" },
  // Waiting for replies
  "iq-timeout": { code: 504, type: "wait", condition: "remote-server-timeout", text: "No reply to the iq in time" },
  "iq-pending": {
    code: 429, type: "wait", condition: "resource-constraint",
    text: "Too many iq requests of this account are waiting for replies",
  },
  "busy": { code: 503, type: "wait", condition: "resource-constraint", text: "Too many iq requests are waiting for replies" },
  "unloading": {
    code: 503, type: "wait", condition: "service-unavailable",
    text: "The module was unloaded or reloaded while the iq waited; its reply cannot be received, try again",
  },
  "internal": { code: 500, type: "cancel", condition: "internal-server-error", text: "Internal error" },
});

/** A key of the registry. */
export type ErrorKey = keyof typeof errors.registry;

/** An error of the registry with a more precise text. */
export function detailed(key: ErrorKey, text: string): UtilError {
  const err = errors.new(key);
  err.text = text;
  return err;
}

/** The stream error document of the XML error body. */
function xmlBody(err: UtilError): string {
  const doc = st.stanza("error", { xmlns: XMLNS_STREAMS });
  doc.tag(err.condition, { xmlns: XMLNS_STREAM_ERRORS }).up();
  if (err.text !== undefined) {
    doc.text_tag("text", err.text, { xmlns: XMLNS_STREAM_ERRORS });
  }
  return tostring(doc);
}

/**
 * The format of an error body: what `Accept` prefers (q-values honoured)
 * among JSON, XML and text; a wildcard or no `Accept` gives the format of
 * the request's body when it is JSON or XML, else text.
 */
export function errorFormat(accept: string | undefined, contentType: string | undefined): string {
  const sent = mediaType(contentType);
  const first = sent === JSON_TYPE || sent === XML_TYPE ? sent : TEXT_TYPE;
  return negotiate(accept ?? "*/*", [first, TEXT_TYPE, JSON_TYPE, XML_TYPE]) ?? first;
}

/** The body of an error in a format. */
export function errorBody(format: string, err: UtilError, status: number): string {
  if (format === JSON_TYPE) {
    return errorDocument(err, status);
  } else if (format === XML_TYPE) {
    return xmlBody(err);
  }
  return `${err.text ?? err.condition}\n`;
}

/** Answer a request with an error of the registry (or any util.error: its code, else 500). */
export function respondError(event: HttpEvent, err: UtilError, headers?: Headers): true {
  const status = err.code ?? 500;
  const request = event.request;
  const format = errorFormat(request.headers.accept, request.headers.content_type);
  const contentType = format === TEXT_TYPE ? "text/plain; charset=utf-8" : format;
  return respond(event.response, status, errorBody(format, err, status), contentType, headers);
}
