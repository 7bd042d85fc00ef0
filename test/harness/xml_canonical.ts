// Canonical XML text of ltx elements, for comparing stanzas that are the same
// XML written differently: attribute order, namespace prefixes and xmlns
// declarations ignored (every element and prefixed attribute is named by its
// expanded {namespace}name). Options: drop indentation (whitespace-only text
// next to elements, except in XHTML where it is content), compare the children
// of a stanza (top-level and nested) as a multiset, compare a JSON payload (XEP-0432) by value,
// leave attributes out. Written once for every test that compares XML.

import { parse as parseXml } from "ltx";
import type { Element } from "./xmpp.js";

export const XHTML_NS = "http://www.w3.org/1999/xhtml";
export const JSON_MSG_NS = "urn:xmpp:json-msg:0";
const XML_NS = "http://www.w3.org/XML/1998/namespace";
const STANZA_NAMES = new Set(["message", "presence", "iq"]);
const DISCO_INFO_QUERY = "{http://jabber.org/protocol/disco#info}query";
const STANZA_NAMESPACES = new Set(["jabber:client", "jabber:server"]);

export interface CanonicalOptions {
  /** The namespace an element without xmlns inherits at the top (default "jabber:client"). */
  parentNs?: string;
  /**
   * Compare the child elements of the top element, of every nested stanza
   * (message, presence, iq in jabber:client or jabber:server) and of a
   * disco#info query as a multiset: the mapping writes them in its own order
   * (XEP-0030 gives no meaning to the order of identities and features).
   */
  unorderedStanzaChildren?: boolean;
  /** Compare the text of <payload xmlns="urn:xmpp:json-msg:0"> by its JSON value (keys sorted). */
  jsonPayloadByValue?: boolean;
  /** Attributes of the top element to leave out, e.g. ["from", "id"]. */
  ignoreTopAttributes?: string[];
}

type Scope = Map<string, string>;

function escape(text: string): string {
  return text.replace(/[&<>'"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", "'": "&apos;", '"': "&quot;" })[c] as string);
}

/** The element's namespace declarations on top of the inherited ones. */
function scopeOf(el: Element, parent: Scope): Scope {
  let scope = parent;
  for (const [name, value] of Object.entries(el.attrs)) {
    if (name === "xmlns" || name.startsWith("xmlns:")) {
      if (scope === parent) scope = new Map(parent);
      scope.set(name === "xmlns" ? "" : name.slice(6), String(value));
    }
  }
  return scope;
}

function expand(qname: string, scope: Scope, isAttribute: boolean): string {
  const colon = qname.indexOf(":");
  if (colon < 0) return isAttribute ? qname : `{${scope.get("") ?? ""}}${qname}`;
  const prefix = qname.slice(0, colon);
  const ns = prefix === "xml" ? XML_NS : (scope.get(prefix) ?? prefix);
  return `{${ns}}${qname.slice(colon + 1)}`;
}

/** JSON text with object keys sorted, or undefined when `text` is not JSON. */
function sortedJson(text: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v !== null && typeof v === "object") {
      return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])]));
    }
    return v;
  };
  return JSON.stringify(sort(value));
}

function textOf(el: Element): string {
  return el.children.filter((c): c is string => typeof c === "string").join("");
}

function startTag(el: Element, name: string, scope: Scope, ignore: string[]): string {
  const attrs: string[] = [];
  for (const [attr, value] of Object.entries(el.attrs)) {
    if (attr === "xmlns" || attr.startsWith("xmlns:") || ignore.includes(attr) || value === undefined) continue;
    attrs.push(`${expand(attr, scope, true)}='${escape(String(value))}'`);
  }
  attrs.sort();
  return `<${name}${attrs.length === 0 ? "" : " " + attrs.join(" ")}>`;
}

function canonicalOf(el: Element, parent: Scope, opts: CanonicalOptions, top: boolean): string {
  const scope = scopeOf(el, parent);
  const name = expand(el.name, scope, false);
  const head = startTag(el, name, scope, top ? (opts.ignoreTopAttributes ?? []) : []);
  let body: string;
  if (opts.jsonPayloadByValue === true && name === `{${JSON_MSG_NS}}payload` && el.getChildElements().length === 0) {
    const text = textOf(el);
    const sorted = sortedJson(text);
    body = escape(sorted === undefined ? text : `json:${sorted}`);
  } else {
    const texts: string[] = [];
    const children: string[] = [];
    const parts: string[] = [];
    for (const child of el.children) {
      if (typeof child === "string") {
        texts.push(escape(child));
        parts.push(escape(child));
      } else {
        const text = canonicalOf(child, scope, opts, false);
        children.push(text);
        parts.push(text);
      }
    }
    const stanza =
      top || (STANZA_NAMES.has(el.name) && STANZA_NAMESPACES.has(name.slice(1, name.indexOf("}")))) || name === DISCO_INFO_QUERY;
    body = stanza && opts.unorderedStanzaChildren === true ? texts.join("") + children.sort().join("") : parts.join("");
  }
  return `${head}${body}</${name}>`;
}

/** The canonical text of `el`: equal for the same XML, however written (see CanonicalOptions). */
export function canonicalXml(el: Element, opts: CanonicalOptions = {}): string {
  return canonicalOf(el, new Map([["", opts.parentNs ?? "jabber:client"]]), opts, true);
}

/** The canonical text of an XML string (parsed with ltx). */
export function canonicalXmlText(text: string, opts: CanonicalOptions = {}): string {
  return canonicalXml(parseXml(text), opts);
}

/**
 * A copy of `el` without indentation: whitespace-only text in elements that
 * hold elements is dropped, except in XHTML (where it separates words).
 */
export function withoutIndentation(el: Element, parentNs = "jabber:client"): Element {
  const ns = typeof el.attrs.xmlns === "string" ? el.attrs.xmlns : parentNs;
  const copy = parseXml(`<${el.name}/>`);
  copy.attrs = { ...el.attrs };
  const hasElements = el.getChildElements().length > 0;
  for (const child of el.children) {
    if (typeof child === "string") {
      if (hasElements && ns !== XHTML_NS && child.trim() === "") continue;
      copy.children.push(child);
    } else {
      const inner = withoutIndentation(child, ns);
      inner.parent = copy;
      copy.children.push(inner);
    }
  }
  return copy;
}
