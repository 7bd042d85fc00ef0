/**
 * The XML <-> JSON mapping of mod_rest: stanzas to JSON documents and
 * back, and the flat form (application/x-www-form-urlencoded) shape of
 * the same fields.
 *
 * Each XEP group has its file of field mappers (see field.ts); FIELDS
 * lists them in a fixed order, which is the order kinds are inferred in
 * and the order child elements are written in. A new group is a new file
 * exporting its list, added to FIELDS below.
 *
 * Form shapes (one string per field): kind, type, to, from, id, lang,
 * body, subject, status, html, oob_url as they are; thread = the id;
 * oob = the URL; show = away|chat|dnd|xa; priority = decimal integer;
 * ping, version, lastactivity = present (any value) → true; disco, items
 * = empty → true, else the node. `payload` and `error` are refused in a
 * form. Output (jsonToForm): strings as they are, integers in decimal,
 * true as an empty value, thread/oob as id/URL; objects and lists a form
 * cannot hold (a version result, disco/items results, payload, error) are
 * left out: ask for JSON or XML to get them.
 */
import * as st from "util.stanza";
import type { Stanza, StanzaKind } from "util.stanza";
import type { FieldMapper, JsonDoc, MapResult } from "./field";
import { formScalar, isObject, jsonArray, nestedStanza } from "./field";
import { ATTRIBUTES, attributesFromJson, attributesToJson, errorField, inferKind } from "./core";
import { IQ_FIELDS } from "./iq";
import { COMMAND_FIELDS } from "./commands";
import { SERVICE_FIELDS } from "./services";
import { ARCHIVE_FIELDS } from "./archive";
import { PRESENCE_FIELDS } from "./presence";
import { MESSAGE_FIELDS } from "./message";
import { MESSAGING_FIELDS } from "./messaging";
import { DATAFORM_FIELDS } from "./dataforms";
import { ANY_KIND_FIELDS } from "./payload";
import { UNMAPPED_DESCRIPTION, unmappedFromJson, unmappedToJson } from "./unmapped";

export type { JsonDoc, MapResult } from "./field";

/**
 * Every field mapper, in order: iq payloads (core XEPs, commands and
 * registration, services, archives), presence fields, message fields,
 * fields of every kind, error.
 */
const FIELDS: FieldMapper[] = [];
const GROUPS = [
  IQ_FIELDS, COMMAND_FIELDS, SERVICE_FIELDS, ARCHIVE_FIELDS, PRESENCE_FIELDS, MESSAGE_FIELDS, MESSAGING_FIELDS,
  DATAFORM_FIELDS, ANY_KIND_FIELDS, [errorField],
];
for (const group of GROUPS) {
  for (const mapper of group) {
    FIELDS.push(mapper);
  }
}

/** Top-level fields that are plain strings in JSON and in forms. */
const PLAIN_FIELDS: string[] = ["kind", "type"];
for (const [jsonName] of ATTRIBUTES) {
  PLAIN_FIELDS.push(jsonName);
}

/**
 * The JSON document of a stanza: kind, type (presence without type:
 * "available"), to, from, id, lang and every covered payload; children no
 * mapper covers are left out. An `<xmpp>` wrapper (several iq replies)
 * gives `{ xmpp: [documents] }`.
 */
export function stanzaToJson(stanza: Stanza): JsonDoc {
  const doc = new LuaTable<string, unknown>();
  if (stanza.name === "xmpp") {
    const list = jsonArray<JsonDoc>();
    for (const child of stanza.tags) {
      list.push(stanzaToJson(child));
    }
    doc.set("xmpp", list);
    return doc;
  }
  attributesToJson(stanza, doc);
  const kind = stanza.name;
  const used: FieldMapper[] = [];
  for (const mapper of FIELDS) {
    if (mapper.kinds[kind as StanzaKind] === true && doc.get(mapper.name) === undefined) {
      const value = mapper.toJson(stanza);
      if (value !== undefined) {
        doc.set(mapper.name, value);
        used.push(mapper);
      }
    }
  }
  doc.set("unmapped", unmappedToJson(stanza, used));
  return doc;
}

/** What `build` found: the stanza, or the text naming the wrong field. */
interface Built {
  stanza?: Stanza;
  problem?: string;
}

function build(doc: JsonDoc, out: Built): void {
  const [stanza, problem] = buildStanza(doc);
  out.stanza = stanza;
  out.problem = problem;
}

function buildStanza(doc: JsonDoc): MapResult<Stanza> {
  const [kind, kindProblem] = inferKind(doc, FIELDS);
  if (kind === undefined) {
    return $multi(undefined, kindProblem as string);
  }
  const [attr, attrProblem] = attributesFromJson(kind, doc);
  if (attr === undefined) {
    return $multi(undefined, attrProblem as string);
  }
  const stanza = st.stanza(kind, attr as unknown as st.Attributes);
  for (const mapper of FIELDS) {
    const value = doc.get(mapper.name);
    if (value !== undefined && mapper.kinds[kind] === true) {
      const problem = mapper.shape.check(mapper.name, value) ?? mapper.fromJson(stanza, value);
      if (problem !== undefined) {
        return $multi(undefined, problem);
      }
    }
  }
  const unmapped = doc.get("unmapped");
  if (unmapped !== undefined) {
    const problem = unmappedFromJson(stanza, unmapped);
    if (problem !== undefined) {
      return $multi(undefined, problem);
    }
  }
  stanza.reset();
  return $multi(stanza, undefined);
}

/**
 * The stanza a JSON document describes, or nil and a text naming the
 * wrong field. The kind is `kind`, else inferred (see core.ts inferKind);
 * attributes are taken as given (the caller checks addresses); fields
 * that do not apply to the kind, and unknown fields, are ignored. Never
 * raises.
 */
export function jsonToStanza(doc: JsonDoc): MapResult<Stanza> {
  if (!isObject(doc)) {
    return $multi(undefined, "expected a JSON object");
  }
  const out: Built = {};
  const [ok] = pcall(build, doc, out);
  if (!ok || out.stanza === undefined) {
    return $multi(undefined, out.problem ?? "invalid document");
  }
  return $multi(out.stanza, undefined);
}

/**
 * The JSON document of flat form fields: kind, type, to, from, id, lang
 * as strings, each mapped field through its form shape (a string unless
 * the field says otherwise); unknown names are ignored.
 */
export function formToJson(form: LuaMap<string, string>): MapResult<JsonDoc> {
  const doc = new LuaTable<string, unknown>();
  for (const name of PLAIN_FIELDS) {
    doc.set(name, form.get(name));
  }
  for (const mapper of FIELDS) {
    const text = form.get(mapper.name);
    // Two mappers sharing a name (oob, archive): the first one's form shape is the name's.
    if (text !== undefined && doc.get(mapper.name) === undefined) {
      if (mapper.fromForm === undefined) {
        doc.set(mapper.name, text);
      } else {
        const [value, problem] = mapper.fromForm(text);
        if (value === undefined) {
          return $multi(undefined, problem as string);
        }
        doc.set(mapper.name, value);
      }
    }
  }
  return $multi(doc, undefined);
}

/**
 * Flat form fields of a JSON document: the plain top-level fields and
 * each field a form can express (strings as they are, integers in
 * decimal, `true` as an empty value); the rest is left out.
 */
export function jsonToForm(doc: JsonDoc): LuaMap<string, string> {
  const form = new LuaMap<string, string>();
  for (const name of PLAIN_FIELDS) {
    const value = doc.get(name);
    if (type(value) === "string") {
      form.set(name, value as string);
    }
  }
  for (const mapper of FIELDS) {
    const value = doc.get(mapper.name);
    if (value !== undefined) {
      const text = mapper.toForm === undefined ? formScalar(value) : mapper.toForm(value);
      if (text !== undefined) {
        form.set(mapper.name, text);
      }
    }
  }
  return form;
}

/** The field mappers, in registry order (for specs and the schema). */
export function fieldMappers(): FieldMapper[] {
  return FIELDS;
}

export { UNMAPPED_DESCRIPTION };

nestedStanza.toJson = stanzaToJson;
nestedStanza.fromJson = jsonToStanza;
