/**
 * Message payloads: `body`, `subject`, `thread` (RFC 6121), `html`
 * (XEP-0071 XHTML-IM), `oob` / `oob_url` (XEP-0066 in a message).
 * Message fields imply no kind: a document without hints is a message.
 *
 * Each field maps its element only when the JSON says all of it (no
 * attribute it does not keep, no child it does not read, children in the
 * order it writes them); otherwise the element stays in `unmapped`.
 */
import * as st from "util.stanza";
import * as xml from "util.xml";
import type { Stanza } from "util.stanza";
import { setOf } from "../../lib/collections";
import type { FieldMapper, JsonDoc, KindSet, MapResult } from "./field";
import { isObject, ownChild } from "./field";
import { anyOf, object, text, textMatching } from "./shape";
import { hasOnlyAttributes, inNamespace } from "./messaging_element";

const MESSAGE: KindSet = { message: true };

export const XMLNS_XHTML_IM = "http://jabber.org/protocol/xhtml-im";
export const XMLNS_XHTML = "http://www.w3.org/1999/xhtml";
export const XMLNS_X_OOB = "jabber:x:oob";

/** The text of the stanza's own `<name/>`, nil when it has attributes (xml:lang, ...) or elements. */
function plainChildText(stanza: Stanza, name: string): string | undefined {
  const child = ownChild(stanza, name);
  if (child === undefined || child.tags.length > 0 || !hasOnlyAttributes(child)) {
    return undefined;
  }
  return child.get_text();
}

/** A message field holding the text of a `<name/>` child without attributes (body, subject). */
function plainTextField(name: string, description: string): FieldMapper {
  return {
    name,
    kinds: MESSAGE,
    description,
    spec: "RFC 6121",
    shape: text(),
    elements: [{ name }],
    form: "the text",
    toJson: (stanza) => plainChildText(stanza, name),
    fromJson: (stanza, value) => {
      stanza.text_tag(name, value as string);
      return undefined;
    },
  };
}

const PARENT_ONLY = setOf(["parent"]);

function threadToJson(stanza: Stanza): unknown {
  const thread = ownChild(stanza, "thread");
  if (thread === undefined || thread.tags.length > 0 || !hasOnlyAttributes(thread, PARENT_ONLY)) {
    return undefined;
  }
  const doc = new LuaTable<string, unknown>();
  const id = thread.get_text();
  if (id !== undefined && id !== "") {
    doc.set("id", id);
  }
  doc.set("parent", thread.attr.parent);
  return doc;
}

/** The shape (checked before) is a string, the id, or {id, parent}. */
function threadFromJson(stanza: Stanza, value: unknown): string | undefined {
  if (!isObject(value)) {
    stanza.text_tag("thread", value as string);
    return undefined;
  }
  stanza.text_tag("thread", value.get("id") as string | undefined, { parent: value.get("parent") as string | undefined });
  return undefined;
}

function threadToForm(value: unknown): string | undefined {
  if (isObject(value) && type(value.get("id")) === "string") {
    return value.get("id") as string;
  }
  return undefined;
}

/** The XHTML-IM `<html/>` of a message. */
function htmlElement(stanza: Stanza): Stanza | undefined {
  return stanza.get_child("html", XMLNS_XHTML_IM);
}

/** Opening tag of the wrapper the bodies are serialised in (the XHTML namespace then goes without saying). */
const HTML_WRAPPER_OPEN = `<html xmlns='${XMLNS_XHTML}'>`;
const HTML_WRAPPER_CLOSE = "</html>";

/** The bodies as XML text; nil when `<html/>` holds anything but XHTML bodies (or has attributes). */
function htmlToJson(stanza: Stanza): unknown {
  const html = htmlElement(stanza);
  if (html === undefined || !hasOnlyAttributes(html)) {
    return undefined;
  }
  const wrapper = st.stanza("html", { xmlns: XMLNS_XHTML });
  for (const node of html.children()) {
    if (typeof node === "string" || node.name !== "body" || node.attr.xmlns !== XMLNS_XHTML) {
      return undefined;
    }
    wrapper.add_direct_child(node);
  }
  if (wrapper.tags.length === 0) {
    return undefined;
  }
  const text = tostring(wrapper);
  return string.sub(text, HTML_WRAPPER_OPEN.length + 1, text.length - HTML_WRAPPER_CLOSE.length);
}

/** What `parseInto` found. */
interface Parsed {
  element?: Stanza;
  problem?: string;
}

function parseInto(text: string, out: Parsed): void {
  const [element, problem] = xml.parse(text);
  out.element = element;
  out.problem = problem;
}

/** Parse an `html` value: one or more XHTML `<body>` elements, nothing else but whitespace. */
function parseHtml(value: string): MapResult<Stanza> {
  const source = `<x:html xmlns:x='${XMLNS_XHTML_IM}' xmlns='${XMLNS_XHTML}'>${value}</x:html>`;
  const out: Parsed = {};
  const [ok] = pcall(parseInto, source, out);
  const parsed = out.element;
  if (!ok || parsed === undefined) {
    // The parser's line and column count from the wrapper, not from the value: left out.
    const problem = out.problem ?? "parser error";
    const detail = string.match(problem, "^(.-) %(line %d")[0] ?? problem;
    return $multi(undefined, `html: not well-formed XHTML (${detail})`);
  }
  const html = st.stanza("html", { xmlns: XMLNS_XHTML_IM });
  for (const node of parsed.children()) {
    if (typeof node === "string") {
      if (string.find(node, "^%s*$")[0] === undefined) {
        return $multi(undefined, "html: text outside <body>");
      }
    } else if (node.name !== "body" || node.attr.xmlns !== XMLNS_XHTML) {
      return $multi(undefined, "html: expected <body> elements of XHTML");
    } else {
      html.add_direct_child(node);
    }
  }
  if (html.tags.length === 0) {
    return $multi(undefined, "html: expected a <body> element");
  }
  return $multi(html, undefined);
}

function htmlFromJson(stanza: Stanza, value: unknown): string | undefined {
  const [html, htmlProblem] = parseHtml(value as string);
  if (html === undefined) {
    return htmlProblem;
  }
  stanza.add_child(html);
  return undefined;
}

function oobElement(stanza: Stanza): Stanza | undefined {
  return stanza.get_child("x", XMLNS_X_OOB);
}

/** The text of an attribute-less, element-less child of jabber:x:oob, nil otherwise. */
function oobPart(node: Stanza): string | undefined {
  if (!inNamespace(node, XMLNS_X_OOB) || node.tags.length > 0 || !hasOnlyAttributes(node)) {
    return undefined;
  }
  return node.get_text();
}

/** {url, desc}; nil unless the element is exactly `<url/>` then `<desc/>` (each optional), without attributes. */
function oobToJson(stanza: Stanza): unknown {
  const x = oobElement(stanza);
  if (x === undefined || !hasOnlyAttributes(x)) {
    return undefined;
  }
  const doc = new LuaTable<string, unknown>();
  for (const node of x.children()) {
    if (typeof node === "string") {
      return undefined;
    }
    const part = oobPart(node);
    // Written as url then desc, once each: another order or a second one would not come back.
    const inPlace = node.name === "url" ? doc.get("url") === undefined && doc.get("desc") === undefined : node.name === "desc" && doc.get("desc") === undefined;
    if (part === undefined || !inPlace) {
      return undefined;
    }
    doc.set(node.name, part);
  }
  return doc;
}

function addOob(stanza: Stanza, url: string | undefined, desc: string | undefined): void {
  stanza.tag("x", { xmlns: XMLNS_X_OOB });
  if (url !== undefined) {
    stanza.text_tag("url", url);
  }
  if (desc !== undefined) {
    stanza.text_tag("desc", desc);
  }
  stanza.up();
}

function oobFromJson(stanza: Stanza, value: unknown): string | undefined {
  const oob = value as JsonDoc;
  addOob(stanza, oob.get("url") as string | undefined, oob.get("desc") as string | undefined);
  return undefined;
}

/**
 * `oob_url`, the community module's shorthand for `oob.url`. Written only
 * when the document has no `oob` (which then wins); both are output.
 */
function oobUrlFromJson(stanza: Stanza, value: unknown): string | undefined {
  if (oobElement(stanza) === undefined) {
    addOob(stanza, value as string, undefined);
  }
  return undefined;
}

/** The URL, only where `oob` maps the element too (else the element would count as covered, lossily). */
function oobUrlToJson(stanza: Stanza): unknown {
  const oob = oobToJson(stanza);
  return isObject(oob) ? oob.get("url") : undefined;
}

function oobFromForm(value: string): MapResult<unknown> {
  const doc = new LuaTable<string, unknown>();
  doc.set("url", value);
  return $multi(doc, undefined);
}

function oobToForm(value: unknown): string | undefined {
  if (isObject(value) && type(value.get("url")) === "string") {
    return value.get("url") as string;
  }
  return undefined;
}

export const body = plainTextField("body", "The message text (the first <body/>; one with xml:lang stays in `unmapped`).");
export const subject = plainTextField("subject", "The message subject (the first <subject/>; one with xml:lang stays in `unmapped`).");

/** `thread` {id, parent} (a string is taken as the id). */
export const thread: FieldMapper = {
  name: "thread",
  kinds: MESSAGE,
  description: "The conversation thread: its id and the parent thread's id (a string is taken as the id).",
  spec: "RFC 6121",
  shape: anyOf([text(), object([["id", text()], ["parent", text()]])]),
  elements: [{ name: "thread" }],
  form: "the thread id",
  toJson: threadToJson,
  fromJson: threadFromJson,
  toForm: threadToForm,
};

/** `html`: the XHTML-IM `<body>` element(s) as XML text, without the XHTML namespace declaration. */
export const html: FieldMapper = {
  name: "html",
  kinds: MESSAGE,
  description: "The XHTML-IM <body/> element(s) as XML text, without the XHTML namespace declaration; invalid XHTML is refused (422).",
  spec: "XEP-0071",
  shape: textMatching("^%s*<body[%s/>]", {
    pattern: "^\\s*<body[\\s/>]",
    examples: ["<body><p>Hello <em>world</em></p></body>"],
  }, "XHTML <body/> elements as XML text"),
  elements: [{ name: "html", xmlns: XMLNS_XHTML_IM }],
  form: "the XML text",
  toJson: htmlToJson,
  fromJson: htmlFromJson,
};

/** `oob` {url, desc}: jabber:x:oob. */
export const oob: FieldMapper = {
  name: "oob",
  kinds: MESSAGE,
  description: "An out-of-band URL with an optional description (jabber:x:oob).",
  spec: "XEP-0066",
  shape: object([["url", text()], ["desc", text()]]),
  elements: [{ name: "x", xmlns: XMLNS_X_OOB }],
  form: "the URL",
  toJson: oobToJson,
  fromJson: oobFromJson,
  fromForm: oobFromForm,
  toForm: oobToForm,
};

/** `oob_url`: the URL of jabber:x:oob alone. Must come after `oob` in the registry. */
export const oobUrl: FieldMapper = {
  name: "oob_url",
  kinds: MESSAGE,
  description: "The URL of jabber:x:oob alone (a shorthand of `oob`).",
  spec: "XEP-0066",
  shape: text(),
  elements: [{ name: "x", xmlns: XMLNS_X_OOB }],
  form: "the URL",
  toJson: oobUrlToJson,
  fromJson: oobUrlFromJson,
};

/** Message fields, in the order their elements are written. */
export const MESSAGE_FIELDS: FieldMapper[] = [body, subject, thread, html, oob, oobUrl];
