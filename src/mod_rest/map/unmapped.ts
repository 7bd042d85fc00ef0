/**
 * `unmapped`: the children of a stanza that no field stands for, as XML
 * texts, so nothing is silently lost. XML → JSON lists them (absent when
 * every child is covered); JSON → XML adds each back after the mapped
 * fields, so XML → JSON → XML keeps them (children order aside).
 *
 * A field stands for the first child matching each of its `elements`
 * (every matching child with `many`), and only when it produced a value:
 * a second <body/>, a <show/> with a word RFC 6121 does not define, or
 * an element of a namespace the mapping does not know are unmapped.
 */
import * as st from "util.stanza";
import * as xml from "util.xml";
import type { Stanza } from "util.stanza";
import { setOf } from "../../lib/collections";
import type { ChildElement, FieldMapper } from "./field";
import { isArray, jsonArray, wrongType } from "./field";
import { xmlText } from "./shape";

export const UNMAPPED_DESCRIPTION =
  "Children of the stanza the mapping does not cover, each as an XML text; on input each is parsed and added to the stanza as it is.";

/** Namespaces a stanza's own children may carry. */
const STANZA_NAMESPACES = setOf(["jabber:client", "jabber:server", "jabber:component:accept"]);

function matches(child: Stanza, element: ChildElement, stanza: Stanza): boolean {
  if (child.name !== element.name) {
    return false;
  }
  const ns = child.attr.xmlns;
  if (element.xmlns === undefined) {
    return ns === undefined || ns === stanza.attr.xmlns || STANZA_NAMESPACES.has(ns);
  }
  return ns === element.xmlns;
}

/** What util.xml puts between an attribute's namespace and its name (built, so dist/ holds no control byte). */
export const NS_SEPARATOR = string.char(1);

/**
 * An element as XML text with its attributes in sorted order, so the same
 * element always gives the same text (util.stanza writes them in table
 * order, which varies between runs); xmlns written where it changes, as
 * util.stanza does.
 */
export function elementText(element: Stanza, parentNs?: string): string {
  const names: string[] = [];
  for (const [name] of pairs(element.attr as unknown as LuaTable<string, string>)) {
    names.push(name);
  }
  table.sort(names);
  const out: string[] = [`<${element.name}`];
  for (const name of names) {
    const value = (element.attr as unknown as LuaTable<string, string>).get(name);
    const [separator] = string.find(name, NS_SEPARATOR, 1, true);
    if (separator !== undefined) {
      // An attribute in another namespace (util.xml names it "NS\1name"): util.stanza's own form.
      return tostring(element);
    }
    if (!(name === "xmlns" && value === parentNs)) {
      out.push(` ${name}='${st.xml_escape(value)}'`);
    }
  }
  const nodes = element as unknown as LuaTable<number, Stanza | string>;
  const count = nodes.length();
  if (count === 0) {
    out.push("/>");
    return out.join("");
  }
  out.push(">");
  for (let i = 1; i <= count; i++) {
    const node = nodes.get(i);
    out.push(type(node) === "string" ? st.xml_escape(node as string) : elementText(node as Stanza, element.attr.xmlns));
  }
  out.push(`</${element.name}>`);
  return out.join("");
}

/** The XML texts of the children none of `used` stands for, nil when there are none. */
export function unmappedToJson(stanza: Stanza, used: FieldMapper[]): string[] | undefined {
  const covered = new LuaSet<Stanza>();
  for (const mapper of used) {
    for (const element of mapper.elements) {
      for (const child of stanza.tags) {
        if (!covered.has(child) && matches(child, element, stanza)) {
          covered.add(child);
          if (element.many !== true) {
            break;
          }
        }
      }
    }
  }
  let list: string[] | undefined;
  for (const child of stanza.tags) {
    if (!covered.has(child)) {
      list = list ?? jsonArray<string>();
      list.push(elementText(child));
    }
  }
  return list;
}

const ITEM = xmlText();

/**
 * Parse each XML text of `value` (nil: none) and add it to `stanza`; an
 * error text naming the item (under `path`) when one is not one element.
 */
export function unmappedFromJson(stanza: Stanza, value: unknown, path = "unmapped"): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!isArray(value)) {
    return wrongType(path, "an array of XML texts", value);
  }
  const elements: Stanza[] = [];
  for (let i = 1; i <= value.length(); i++) {
    const itemPath = `${path}[${i - 1}]`;
    const item = value.get(i);
    const problem = ITEM.check(itemPath, item);
    if (problem !== undefined) {
      return problem;
    }
    const [element] = xml.parse(item as string);
    if (element === undefined) {
      return `${itemPath}: expected one well-formed XML element`;
    }
    elements.push(element);
  }
  for (const element of elements) {
    stanza.add_child(element);
  }
  return undefined;
}
