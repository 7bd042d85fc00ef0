/**
 * HTTP File Upload (XEP-0363, urn:xmpp:http:upload:0): `upload_request`
 * {filename, size, content-type} asks for a slot, `upload_slot` {put
 * {url, headers [{name, value}]}, get {url}} is the answer.
 *
 * GET /rest/upload_request/{to}?filename=a&size=5&content-type=text/plain
 * gives every value as text: `size` is accepted as decimal digits too
 * (the community module converted it the same way; its path pattern made
 * the route unreachable, a defect fixed here).
 *
 * XEP-0363 gives the order of `<put/>` and `<get/>` no meaning, and both
 * are seen: Prosody writes `<get/>` first (the default here), the XEP's
 * examples `<put/>`: `order: ["put", "get"]` (exact.ts's order hint)
 * keeps the latter, so either comes back as it was.
 */
import type { Stanza } from "util.stanza";
import type { FieldMapper, JsonDoc, KindSet, MapResult } from "./field";
import { integerText, isArray, jsonArray } from "./field";
import { arrayOf, object, oneOfWords, text } from "./shape";
import { exactOrNil, orderHint, orderShape, writingOrder } from "./exact";
import { MAX_EXACT_INTEGER, integerOrDigits, integerValue, isTextElement, nonEmptyText, onlyWhitespaceText } from "./services_values";
import { exactInteger, hasOnlyAttributes } from "./anykind_element";
import { setOf } from "../../lib/collections";

export const XMLNS_HTTP_UPLOAD = "urn:xmpp:http:upload:0";

const IQ: KindSet = { iq: true };
const REQUEST_ATTRIBUTES = setOf(["filename", "size", "content-type"]);
const URL_ATTRIBUTES = setOf(["url"]);
const HEADER_ATTRIBUTES = setOf(["name"]);

/** The header names XEP-0363 allows in a slot (the others must be dropped by clients). */
const HEADER_NAMES = ["Authorization", "Cookie", "Expires"];
const HEADER_NAME_SET = setOf(HEADER_NAMES);

/** The children of a slot in their default writing order (Prosody's). */
const SLOT_ORDER = ["get", "put"];

function requestToJson(stanza: Stanza): unknown {
  const request = stanza.get_child("request", XMLNS_HTTP_UPLOAD);
  if (request === undefined || request.tags.length > 0 || !onlyWhitespaceText(request) || !hasOnlyAttributes(request, REQUEST_ATTRIBUTES)) {
    return undefined;
  }
  const filename = request.attr.filename;
  const size = exactInteger(request.attr.size, 0, MAX_EXACT_INTEGER);
  if (filename === undefined || filename === "" || size === undefined) {
    return undefined;
  }
  const doc = new LuaTable<string, unknown>();
  doc.set("filename", filename);
  doc.set("size", size);
  doc.set("content-type", request.attr["content-type"]);
  return doc;
}

function requestFromJson(stanza: Stanza, value: unknown): string | undefined {
  const request = value as JsonDoc;
  const attr = {
    xmlns: XMLNS_HTTP_UPLOAD,
    filename: request.get("filename") as string,
    size: integerText(integerValue(request.get("size"))),
    "content-type": request.get("content-type") as string | undefined,
  };
  stanza.tag("request", attr).up();
  return undefined;
}

/** Form: a single value cannot hold the three fields (the GET route reads them from the query string). */
function requestFromForm(): MapResult<unknown> {
  return $multi(undefined, "upload_request: needs filename and size (a JSON object, or the query fields filename, size, content-type)");
}

/** The only `<name/>` child of `slot` (its namespace), nil when absent or repeated. */
function onlyChild(slot: Stanza, name: string): Stanza | undefined {
  let found: Stanza | undefined;
  for (const child of slot.tags) {
    if (child.name === name) {
      if (found !== undefined) {
        return undefined;
      }
      found = child;
    }
  }
  return found;
}

function putToJson(put: Stanza): JsonDoc | undefined {
  const url = put.attr.url;
  if (url === undefined || url === "" || !hasOnlyAttributes(put, URL_ATTRIBUTES) || !onlyWhitespaceText(put)) {
    return undefined;
  }
  const doc = new LuaTable<string, unknown>();
  doc.set("url", url);
  if (put.tags.length === 0) {
    return doc;
  }
  const headers = jsonArray<JsonDoc>();
  for (const header of put.tags) {
    const name = header.attr.name;
    const ownNamespace = header.attr.xmlns === undefined || header.attr.xmlns === put.attr.xmlns;
    if (header.name !== "header" || !ownNamespace || name === undefined || !HEADER_NAME_SET.has(name) || !isTextElement(header, HEADER_ATTRIBUTES)) {
      return undefined;
    }
    const entry = new LuaTable<string, unknown>();
    entry.set("name", name);
    entry.set("value", header.get_text() ?? "");
    headers.push(entry);
  }
  doc.set("headers", headers);
  return doc;
}

function slotToJson(stanza: Stanza): unknown {
  const slot = stanza.get_child("slot", XMLNS_HTTP_UPLOAD);
  if (slot === undefined || !hasOnlyAttributes(slot, new LuaSet()) || !onlyWhitespaceText(slot) || slot.tags.length !== 2) {
    return undefined;
  }
  const putElement = onlyChild(slot, "put");
  const getElement = onlyChild(slot, "get");
  if (putElement === undefined || getElement === undefined) {
    return undefined;
  }
  for (const child of slot.tags) {
    if (child.attr.xmlns !== undefined && child.attr.xmlns !== slot.attr.xmlns) {
      return undefined;
    }
  }
  const put = putToJson(putElement);
  const getUrl = getElement.attr.url;
  const getIsPlain = getElement.tags.length === 0 && onlyWhitespaceText(getElement) && hasOnlyAttributes(getElement, URL_ATTRIBUTES);
  if (put === undefined || getUrl === undefined || getUrl === "" || !getIsPlain) {
    return undefined;
  }
  const get = new LuaTable<string, unknown>();
  get.set("url", getUrl);
  const doc = new LuaTable<string, unknown>();
  doc.set("put", put);
  doc.set("get", get);
  doc.set("order", orderHint([slot.tags[0].name, slot.tags[1].name], SLOT_ORDER));
  return doc;
}

function addPut(stanza: Stanza, put: JsonDoc): void {
  stanza.tag("put", { url: put.get("url") as string });
  const headers = put.get("headers");
  if (isArray(headers)) {
    for (let i = 1; i <= headers.length(); i++) {
      const header = headers.get(i) as JsonDoc;
      stanza.text_tag("header", header.get("value") as string, { name: header.get("name") as string });
    }
  }
  stanza.up();
}

function slotFromJson(stanza: Stanza, value: unknown): string | undefined {
  const slot = value as JsonDoc;
  const put = slot.get("put") as JsonDoc;
  const get = slot.get("get") as JsonDoc;
  stanza.tag("slot", { xmlns: XMLNS_HTTP_UPLOAD });
  for (const name of writingOrder(slot.get("order"), SLOT_ORDER)) {
    if (name === "put") {
      addPut(stanza, put);
    } else {
      stanza.tag("get", { url: get.get("url") as string }).up();
    }
  }
  stanza.up();
  return undefined;
}

function slotFromForm(): MapResult<unknown> {
  return $multi(undefined, "upload_slot: an object, not available in forms (send JSON)");
}

/** `upload_request` {filename, size, content-type}. */
export const uploadRequest: FieldMapper = {
  name: "upload_request",
  kinds: IQ,
  implies: "iq",
  description: "Asks an upload service for a slot: the file's name, its size in bytes and its media type.",
  spec: "XEP-0363",
  shape: object(
    [
      ["filename", nonEmptyText("The file's name.")],
      ["size", integerOrDigits(0, MAX_EXACT_INTEGER, "The file's size in bytes (decimal digits accepted: query strings).")],
      ["content-type", text("The file's media type.")],
    ],
    ["filename", "size"],
  ),
  elements: [{ name: "request", xmlns: XMLNS_HTTP_UPLOAD }],
  toJson: (stanza) => exactOrNil(stanza.get_child("request", XMLNS_HTTP_UPLOAD), requestToJson(stanza), requestFromJson),
  fromJson: requestFromJson,
  fromForm: requestFromForm,
  toForm: () => undefined,
};

const URL = nonEmptyText("The URL.");

/** `upload_slot` {put {url, headers}, get {url}}. */
export const uploadSlot: FieldMapper = {
  name: "upload_slot",
  kinds: IQ,
  implies: "iq",
  description: "An upload slot: where to PUT the file (with the headers to send), where it can then be fetched, and the order of <get/> and <put/> when <put/> comes first.",
  spec: "XEP-0363",
  shape: object(
    [
      [
        "put",
        object(
          [
            ["url", URL],
            [
              "headers",
              arrayOf(
                object([["name", oneOfWords(HEADER_NAMES, "The header's name.")], ["value", text("The header's value.")]], ["name", "value"]),
                undefined,
                "Headers to send with the PUT.",
              ),
            ],
          ],
          ["url"],
        ),
      ],
      ["get", object([["url", URL]], ["url"])],
      ["order", orderShape(SLOT_ORDER)],
    ],
    ["put", "get"],
  ),
  elements: [{ name: "slot", xmlns: XMLNS_HTTP_UPLOAD }],
  toJson: (stanza) => exactOrNil(stanza.get_child("slot", XMLNS_HTTP_UPLOAD), slotToJson(stanza), slotFromJson),
  fromJson: slotFromJson,
  fromForm: slotFromForm,
  toForm: () => undefined,
};
