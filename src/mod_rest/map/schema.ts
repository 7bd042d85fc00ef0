/**
 * The JSON Schema (draft 2020-12) of mod_rest's JSON mapping, built from
 * the field mappers' shapes (index.ts), so the published schema and the
 * checks the server runs come from one declaration. Served at
 * /rest/schema.json and shipped as dist/mod_rest.schema.json.
 *
 * util.json writes an empty plain table as `{}` and a sequence as an
 * array: the copy made here drops empty lists (an empty `required` would
 * be written `{}`) and never shares tables between places.
 */
import type { StanzaKind } from "util.stanza";
import type { FieldMapper } from "./field";
import type { JsonSchema } from "./shape";
import { STANZA_REF } from "./shape";
import { ATTRIBUTES, KIND_BY_TYPE } from "./core";
import { setOf } from "../../lib/collections";
import { UNMAPPED_DESCRIPTION, fieldMappers } from "./index";

export const SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema";

/** Kinds in the order they are named in descriptions. */
const KIND_ORDER: StanzaKind[] = ["message", "presence", "iq"];

/** The `type` words of every kind (RFC 6120/6121), from core.ts's table, sorted; presence without type is "available". */
const TYPE_WORDS: string[] = ["error"];
for (const [word] of KIND_BY_TYPE) {
  TYPE_WORDS.push(word);
}
table.sort(TYPE_WORDS);

/** What each attribute field is. */
const ATTRIBUTE_DESCRIPTIONS: { [name: string]: string } = {
  to: "The recipient's address (the `to` attribute).",
  from: "The sender's address (the `from` attribute); on input the module sets it from the credentials.",
  id: "The stanza id (the `id` attribute); generated when absent.",
  lang: "The language of the stanza's texts (the `xml:lang` attribute).",
};

/** Keywords whose value is a schema. */
const SCHEMA_KEYS = setOf(["items", "additionalProperties", "propertyNames", "not", "contains", "if", "then", "else", "unevaluatedProperties"]);
/** Keywords whose value is a map of names to schemas. */
const SCHEMA_MAP_KEYS = setOf(["properties", "$defs", "patternProperties", "dependentSchemas"]);
/** Keywords whose value is a list of schemas. */
const SCHEMA_LIST_KEYS = setOf(["anyOf", "oneOf", "allOf", "prefixItems"]);

type Table = LuaTable<AnyNotNil, unknown>;

/** The stanza document's schema: an object schema that is not the wrapper (`not`). */
export interface StanzaSchema extends JsonSchema {
  not: JsonSchema;
}

/** True for a table holding only the sequence 1..n (n ≥ 1). */
function isSequence(value: Table): boolean {
  let count = 0;
  for (const [key] of pairs(value)) {
    if (type(key) !== "number") {
      return false;
    }
    count += 1;
  }
  return count > 0 && value.length() === count;
}

/**
 * A whole number as an integer where Lua has them (5.3+): util.json writes
 * a float with 14 digits, so 2^53 - 1 written as a float would change.
 */
function exactNumber(n: number): number {
  if (math.floor(n) === n && math.abs(n) < 2 ** 53) {
    return tonumber(string.format("%d", n)) as number;
  }
  return n;
}

/** A deep copy of a JSON value; an empty list stays an empty table (the caller drops it). */
function copyValue(value: unknown): unknown {
  if (type(value) === "number") {
    return exactNumber(value as number);
  }
  if (type(value) !== "table") {
    return value;
  }
  const copy = new LuaTable<AnyNotNil, unknown>();
  for (const [key, item] of pairs(value as Table)) {
    copy.set(key, copyValue(item));
  }
  return copy;
}

/**
 * A deep copy of a schema with each `$ref` passed through `refTo`, empty
 * lists and maps left out; a schema (boolean or table) as JSON Schema
 * takes it.
 */
export function copySchema(schema: JsonSchema | boolean, refTo: (this: void, ref: string) => string): JsonSchema | boolean {
  if (type(schema) !== "table") {
    return schema;
  }
  const copy = new LuaTable<string, unknown>();
  for (const [key, value] of pairs(schema as unknown as LuaTable<string, unknown>)) {
    if (key === "$ref") {
      copy.set(key, refTo(value as string));
    } else if (SCHEMA_KEYS.has(key)) {
      copy.set(key, copySchema(value as JsonSchema | boolean, refTo));
    } else if (SCHEMA_MAP_KEYS.has(key)) {
      const map = new LuaTable<string, unknown>();
      let filled = false;
      for (const [name, item] of pairs(value as LuaTable<string, JsonSchema>)) {
        map.set(name, copySchema(item, refTo));
        filled = true;
      }
      if (filled) {
        copy.set(key, map);
      }
    } else if (SCHEMA_LIST_KEYS.has(key)) {
      const list: unknown[] = [];
      for (const item of value as JsonSchema[]) {
        list.push(copySchema(item, refTo));
      }
      if (list.length > 0) {
        copy.set(key, list);
      }
    } else if (type(value) !== "table" || isSequence(value as Table) || next(value as Table)[0] !== undefined) {
      // An empty table here is an empty list (required, enum): not written.
      copy.set(key, copyValue(value));
    }
  }
  return copy as unknown as JsonSchema;
}

/** "message", "message and iq", "message, presence and iq". */
export function kindsText(mapper: FieldMapper): string {
  const names: string[] = [];
  for (const kind of KIND_ORDER) {
    if (mapper.kinds[kind] === true) {
      names.push(kind);
    }
  }
  const last = names.pop();
  if (names.length === 0) {
    return last ?? "";
  }
  return `${names.join(", ")} and ${last}`;
}

/** A mapper's description with its specification and kinds. */
export function mapperDescription(mapper: FieldMapper): string {
  let text = `${mapper.description} ${mapper.spec}, in ${kindsText(mapper)} stanzas.`;
  if (mapper.implies !== undefined) {
    text = `${text} Implies kind ${mapper.implies} when kind and type say nothing.`;
  }
  return text;
}

/** The mappers grouped by JSON name, names in registry order. */
export function mappersByName(): LuaMultiReturn<[string[], LuaMap<string, FieldMapper[]>]> {
  const names: string[] = [];
  const byName = new LuaMap<string, FieldMapper[]>();
  for (const mapper of fieldMappers()) {
    let group = byName.get(mapper.name);
    if (group === undefined) {
      group = [];
      byName.set(mapper.name, group);
      names.push(mapper.name);
    }
    group.push(mapper);
  }
  return $multi(names, byName);
}

/** One mapper's schema: its shape's, described. */
function mapperSchema(mapper: FieldMapper, refTo: (this: void, ref: string) => string): JsonSchema {
  const schema = copySchema(mapper.shape.schema, refTo) as JsonSchema;
  const own = mapper.shape.schema.description;
  const described = mapperDescription(mapper);
  schema.description = own !== undefined && own !== mapper.description ? `${described} ${own}` : described;
  return schema;
}

/** The schema of a field several mappers share (different kinds): one of theirs (anyOf). */
function sharedSchema(group: FieldMapper[], refTo: (this: void, ref: string) => string): JsonSchema {
  if (group.length === 1) {
    return mapperSchema(group[0], refTo);
  }
  const branches: JsonSchema[] = [];
  const texts: string[] = [];
  for (const mapper of group) {
    branches.push(mapperSchema(mapper, refTo));
    texts.push(`In ${kindsText(mapper)} stanzas (${mapper.spec}): ${mapper.description}`);
  }
  return { anyOf: branches, description: texts.join(" ") };
}

/**
 * The schema of one stanza document: kind, type, to, from, id, lang, every
 * mapped field and `unmapped`. Other keys are ignored by the server, so
 * they are allowed. `stanzaRef` is where this schema is (nested stanzas
 * refer to it).
 */
export function stanzaSchema(stanzaRef: string): StanzaSchema {
  const refTo = (ref: string) => (ref === STANZA_REF ? stanzaRef : ref);
  const properties: { [name: string]: JsonSchema } = {
    kind: {
      type: "string",
      enum: ["message", "presence", "iq"],
      description: "The stanza kind; when absent it is inferred: from `type`, else from the first field that implies one, else message.",
    },
    type: {
      type: "string",
      enum: TYPE_WORDS,
      description: "The stanza type, one of the kind's (RFC 6120/6121); a presence without type is `available`.",
    },
  };
  for (const [jsonName] of ATTRIBUTES) {
    properties[jsonName] = { type: "string", description: ATTRIBUTE_DESCRIPTIONS[jsonName] ?? `The ${jsonName} attribute.` };
  }
  const [names, byName] = mappersByName();
  for (const name of names) {
    properties[name] = sharedSchema(byName.get(name) as FieldMapper[], refTo);
  }
  properties.unmapped = {
    type: "array",
    items: { type: "string", contentMediaType: "application/xml" },
    description: UNMAPPED_DESCRIPTION,
  };
  return {
    type: "object",
    title: "Stanza",
    description: "One stanza (message, presence or iq) as a JSON document; fields a kind does not have are ignored.",
    properties,
    // `xmpp` makes a document the wrapper of several stanzas, never one stanza.
    not: { type: "object", properties: { xmpp: {} }, required: ["xmpp"] },
  } as StanzaSchema;
}

/** The wrapper of several iq replies (an `<xmpp>` element in XML). */
export function wrapperSchema(stanzaRef: string): JsonSchema {
  return {
    type: "object",
    title: "Stanzas",
    description: "Several stanzas (the replies to an iq sent to several resources), in order.",
    properties: { xmpp: { type: "array", items: { $ref: stanzaRef } } },
    required: ["xmpp"],
  };
}

/**
 * The JSON Schema (draft 2020-12) of a mod_rest JSON document: one stanza
 * (`$defs.stanza`) or `{ xmpp: [stanza, ...] }`.
 */
export function mappingSchema(): JsonSchema {
  return {
    $schema: SCHEMA_DIALECT,
    title: "mod_rest JSON mapping",
    description: "A stanza as mod_rest's JSON documents hold it (requests, answers and webhooks), or several in `xmpp` (the replies to one iq).",
    anyOf: [{ $ref: STANZA_REF }, { $ref: "#/$defs/stanzas" }],
    $defs: { stanza: stanzaSchema(STANZA_REF), stanzas: wrapperSchema(STANZA_REF) },
  };
}

/** Names of the payloads an iq path or a GET can name: fields of iq stanzas that imply iq. */
export function iqPayloadNames(): string[] {
  const names: string[] = [];
  const [all, byName] = mappersByName();
  for (const name of all) {
    for (const mapper of byName.get(name) as FieldMapper[]) {
      if (mapper.implies === "iq") {
        names.push(name);
        break;
      }
    }
  }
  return names;
}

/** The schema of a flat form (application/x-www-form-urlencoded): one string per field a form can express. */
export function formSchema(): JsonSchema {
  const properties: { [name: string]: JsonSchema } = {
    kind: { type: "string", enum: ["message", "presence", "iq"], description: "The stanza kind (inferred when absent)." },
    type: { type: "string", enum: TYPE_WORDS, description: "The stanza type." },
  };
  for (const [jsonName] of ATTRIBUTES) {
    properties[jsonName] = { type: "string", description: ATTRIBUTE_DESCRIPTIONS[jsonName] ?? `The ${jsonName} attribute.` };
  }
  const [names, byName] = mappersByName();
  for (const name of names) {
    const texts: string[] = [];
    for (const mapper of byName.get(name) as FieldMapper[]) {
      if (mapper.form !== undefined) {
        texts.push(`${mapper.description} In a form: ${mapper.form} (${kindsText(mapper)}).`);
      }
    }
    if (texts.length > 0) {
      properties[name] = { type: "string", description: texts.join(" ") };
    }
  }
  return {
    type: "object",
    title: "Stanza form",
    description: "The flat fields of a stanza; fields a form cannot hold (objects, lists) need JSON.",
    properties,
  };
}
