/**
 * HTTP helpers shared by the modules: media types, content negotiation
 * with q-values, and answers written directly so that other modules'
 * `http-error` formatting never touches them.
 */
import type { HttpEvent, ServerResponse } from "net.http.server";
import type { UtilError } from "util.error";
import { formdecode } from "util.http";
import * as json from "./json";

/** Response headers, named as Prosody's HTTP server takes them (`content_type`). */
export type Headers = { [name: string]: string };

/** The media type of a Content-Type header, lower case, parameters dropped. */
export function mediaType(header: string | undefined): string | undefined {
  if (header === undefined) {
    return undefined;
  }
  const [found] = string.match(header, "^%s*([^%s;,]+)");
  return found === undefined ? undefined : string.lower(found);
}

/**
 * Decode an application/x-www-form-urlencoded body into a map (the last
 * of repeated names wins). Nil when the body is not a form at all.
 * Values are not validated here: they may hold any decoded bytes.
 */
export function decodeForm(body: string): LuaMap<string, string> | undefined {
  if (body === "") {
    return new LuaMap();
  }
  const decoded = formdecode(body);
  if (typeof decoded === "string") {
    return undefined;
  }
  const fields = new LuaMap<string, string>();
  for (const [name, value] of pairs(decoded)) {
    if (typeof name === "string" && typeof value === "string") {
      fields.set(name, value);
    }
  }
  return fields;
}

interface AcceptRange {
  type: string;
  subtype: string;
  q: number;
}

/** Parse an Accept header into media ranges with their weights. */
function parseAccept(header: string): AcceptRange[] {
  const ranges: AcceptRange[] = [];
  for (const [item] of string.gmatch(header, "[^,]+")) {
    const [type, subtype, params] = string.match(item, "^%s*([^%s/;]+)/([^%s;]+)%s*(.*)$");
    if (type !== undefined && subtype !== undefined) {
      let q = 1;
      const [qvalue] = string.match(params ?? "", ";%s*[qQ]%s*=%s*([0-9.]+)");
      if (qvalue !== undefined) {
        q = tonumber(qvalue) ?? 0;
      }
      ranges.push({ type: string.lower(type), subtype: string.lower(subtype), q });
    }
  }
  return ranges;
}

/** How specifically a range matches a type: 3 exact, 2 `type/*`, 1 `*\/*`, 0 none. */
function specificity(range: AcceptRange, offered: string): number {
  const [type, subtype] = string.match(offered, "^([^/]+)/(.+)$");
  if (range.type === type && range.subtype === subtype) {
    return 3;
  } else if (range.type === type && range.subtype === "*") {
    return 2;
  } else if (range.type === "*" && range.subtype === "*") {
    return 1;
  }
  return 0;
}

/**
 * The offered media type the client prefers (RFC 9110 §12.5.1): each offer
 * takes the q of its most specific matching range; highest q wins, ties go
 * to the earlier offer; q=0 refuses. Nil when the header is absent or
 * accepts none of them.
 */
export function negotiate(header: string | undefined, offers: string[]): string | undefined {
  if (header === undefined || string.find(header, "%S")[0] === undefined) {
    return undefined;
  }
  const ranges = parseAccept(header);
  let best: string | undefined;
  let bestQ = 0;
  for (const offer of offers) {
    let matched = 0;
    let q = 0;
    for (const range of ranges) {
      const level = specificity(range, offer);
      if (level > matched) {
        matched = level;
        q = range.q;
      }
    }
    if (q > bestQ) {
      best = offer;
      bestQ = q;
    }
  }
  return best;
}

/** Write a complete answer; returns true, the "already answered" handler result. */
export function respond(response: ServerResponse, status: number, body: string, contentType: string, headers?: Headers): true {
  response.status_code = status;
  response.headers.content_type = contentType;
  if (headers !== undefined) {
    for (const [name, value] of pairs(headers)) {
      response.headers[name] = value;
    }
  }
  response.send(body);
  return true;
}

/** The JSON error document shared by the modules. */
export function errorDocument(err: UtilError, status: number): string {
  return json.encode({
    type: "error",
    error: { type: err.type, condition: err.condition, text: err.text },
    code: status,
  });
}

/**
 * Answer with a util.error: its `code` is the status; the body is JSON when
 * the client prefers it, else one line of text.
 */
export function respondError(event: HttpEvent, err: UtilError, headers?: Headers): true {
  const status = err.code ?? 500;
  const format = negotiate(event.request.headers.accept, ["text/plain", "application/json"]);
  if (format === "application/json") {
    return respond(event.response, status, errorDocument(err, status), "application/json", headers);
  }
  const text = err.text ?? err.condition;
  return respond(event.response, status, `${text}\n`, "text/plain; charset=utf-8", headers);
}
