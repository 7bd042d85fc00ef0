/**
 * Message payloads: `body`, `subject`, `thread` (RFC 6121), `html`
 * (XEP-0071 XHTML-IM), `oob` / `oob_url` (XEP-0066 in a message).
 * Message fields imply no kind: a document without hints is a message.
 */
import * as st from "util.stanza";
import * as xml from "util.xml";
import type { Stanza } from "util.stanza";
import type { FieldMapper, JsonDoc, KindSet, MapResult } from "./field";
import { isObject, objectError, optionalTextError, ownChild, textChildField, textError, wrongType } from "./field";

const MESSAGE: KindSet = { message: true };

export const XMLNS_XHTML_IM = "http://jabber.org/protocol/xhtml-im";
export const XMLNS_XHTML = "http://www.w3.org/1999/xhtml";
export const XMLNS_X_OOB = "jabber:x:oob";

function threadToJson(stanza: Stanza): unknown {
  const thread = ownChild(stanza, "thread");
  if (thread === undefined || thread.tags.length > 0) {
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

function threadFromJson(stanza: Stanza, value: unknown): string | undefined {
  if (type(value) === "string") {
    const problem = textError("thread", value);
    if (problem !== undefined) {
      return problem;
    }
    stanza.text_tag("thread", value as string);
    return undefined;
  }
  if (!isObject(value)) {
    return wrongType("thread", "an object or a string", value);
  }
  const id = value.get("id");
  const parent = value.get("parent");
  const problem = optionalTextError("thread.id", id) ?? optionalTextError("thread.parent", parent);
  if (problem !== undefined) {
    return problem;
  }
  stanza.text_tag("thread", id as string | undefined, { parent: parent as string | undefined });
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

function htmlToJson(stanza: Stanza): unknown {
  const html = htmlElement(stanza);
  if (html === undefined) {
    return undefined;
  }
  const wrapper = st.stanza("html", { xmlns: XMLNS_XHTML });
  for (const body of html.childtags("body", XMLNS_XHTML)) {
    wrapper.add_direct_child(body);
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
  const problem = textError("html", value);
  if (problem !== undefined) {
    return problem;
  }
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

function oobToJson(stanza: Stanza): unknown {
  const x = oobElement(stanza);
  if (x === undefined) {
    return undefined;
  }
  const doc = new LuaTable<string, unknown>();
  doc.set("url", x.get_child_text("url"));
  doc.set("desc", x.get_child_text("desc"));
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
  const problem = objectError("oob", value);
  if (problem !== undefined) {
    return problem;
  }
  const oob = value as JsonDoc;
  const url = oob.get("url");
  const desc = oob.get("desc");
  const wrong = optionalTextError("oob.url", url) ?? optionalTextError("oob.desc", desc);
  if (wrong !== undefined) {
    return wrong;
  }
  addOob(stanza, url as string | undefined, desc as string | undefined);
  return undefined;
}

/**
 * `oob_url`, the community module's shorthand for `oob.url`. Written only
 * when the document has no `oob` (which then wins); both are output.
 */
function oobUrlFromJson(stanza: Stanza, value: unknown): string | undefined {
  const problem = textError("oob_url", value);
  if (problem !== undefined) {
    return problem;
  }
  if (oobElement(stanza) === undefined) {
    addOob(stanza, value as string, undefined);
  }
  return undefined;
}

function oobUrlToJson(stanza: Stanza): unknown {
  const x = oobElement(stanza);
  if (x === undefined) {
    return undefined;
  }
  return x.get_child_text("url");
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

export const body = textChildField("body", MESSAGE);
export const subject = textChildField("subject", MESSAGE);

/** `thread` {id, parent} (a string is taken as the id). */
export const thread: FieldMapper = {
  name: "thread",
  kinds: MESSAGE,
  toJson: threadToJson,
  fromJson: threadFromJson,
  toForm: threadToForm,
};

/** `html`: the XHTML-IM `<body>` element(s) as XML text, without the XHTML namespace declaration. */
export const html: FieldMapper = {
  name: "html",
  kinds: MESSAGE,
  toJson: htmlToJson,
  fromJson: htmlFromJson,
};

/** `oob` {url, desc}: jabber:x:oob. */
export const oob: FieldMapper = {
  name: "oob",
  kinds: MESSAGE,
  toJson: oobToJson,
  fromJson: oobFromJson,
  fromForm: oobFromForm,
  toForm: oobToForm,
};

/** `oob_url`: the URL of jabber:x:oob alone. Must come after `oob` in the registry. */
export const oobUrl: FieldMapper = {
  name: "oob_url",
  kinds: MESSAGE,
  toJson: oobUrlToJson,
  fromJson: oobUrlFromJson,
};

/** Message fields, in the order their elements are written. */
export const MESSAGE_FIELDS: FieldMapper[] = [body, subject, thread, html, oob, oobUrl];
