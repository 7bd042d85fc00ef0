// Tools over mod_rest's published JSON Schema (dist/mod_rest.schema.json) for
// the schema-driven e2e tests: the validator (ajv), every field path of the
// stanza schema, documents that set one path, and fast-check arbitraries of
// valid documents. Only the keywords the schema uses are understood: $ref
// (local JSON pointers), const, enum, type, properties, required,
// additionalProperties, items, minItems, anyOf, minimum, maximum, minLength,
// pattern (the few the schema has), format date-time and contentMediaType
// application/xml.

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import fc from "fast-check";
import { REPO_ROOT } from "./prosody";

/** The part of JSON Schema the published schema uses. */
export interface SchemaNode {
  $ref?: string;
  const?: unknown;
  enum?: unknown[];
  type?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  minItems?: number;
  anyOf?: SchemaNode[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  pattern?: string;
  format?: string;
  contentMediaType?: string;
  description?: string;
  not?: SchemaNode;
  $defs?: Record<string, SchemaNode>;
}

export const SCHEMA_FILE = path.join(REPO_ROOT, "dist", "mod_rest.schema.json");

/** The published schema, or undefined before `make build`. */
export function loadSchema(): SchemaNode | undefined {
  return existsSync(SCHEMA_FILE) ? (JSON.parse(readFileSync(SCHEMA_FILE, "utf8")) as SchemaNode) : undefined;
}

/** XEP-0082 date-time (the only format the schema uses); ajv has no formats of its own. */
export const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** A validator of whole documents (stanza or {xmpp: [...]}): undefined when valid, else ajv's first errors as text. */
export function schemaValidator(root: SchemaNode): (doc: unknown) => string | undefined {
  const validate = new Ajv2020({ allErrors: true, strict: false }).addFormat("date-time", DATE_TIME).compile(root as object);
  return (doc) => (validate(doc) ? undefined : JSON.stringify(validate.errors?.slice(0, 3)));
}

/** The node a local $ref ("#/$defs/stanza") points at. */
export function resolveRef(root: SchemaNode, ref: string): SchemaNode {
  if (!ref.startsWith("#/")) throw new Error(`not a local $ref: ${ref}`);
  let node: unknown = root;
  for (const part of ref.slice(2).split("/")) node = (node as Record<string, unknown>)[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  if (node === undefined) throw new Error(`dangling $ref: ${ref}`);
  return node as SchemaNode;
}

/** The stanza schema ($defs.stanza). */
export const stanzaSchema = (root: SchemaNode): SchemaNode => resolveRef(root, "#/$defs/stanza");

// --- Paths ------------------------------------------------------------------------

/** One step from a JSON value to a part of it; `branch` picks an anyOf alternative (not a JSON step). */
export type Step =
  | { step: "prop"; name: string }
  | { step: "item" }
  | { step: "key" }
  | { step: "branch"; index: number };

/** The key a path uses in maps (additionalProperties). */
export const MAP_KEY = "fuzz_key";

/** A field path as the server's error texts write it: `archive.form.fields[0].var`. */
export function pathText(steps: Step[]): string {
  let text = "";
  for (const s of steps) {
    if (s.step === "prop") text += text === "" ? s.name : `.${s.name}`;
    else if (s.step === "item") text += "[0]";
    else if (s.step === "key") text += `.${MAP_KEY}`;
  }
  return text;
}

export interface SchemaPath {
  /** From the stanza document to the value (anyOf choices included). */
  steps: Step[];
  /** pathText(steps). */
  text: string;
  /** The schema at the value ($ref resolved). */
  node: SchemaNode;
  /** Where the innermost stanza document holding the value starts in `steps` (0: the top stanza). */
  stanzaStart: number;
  /** The path from that stanza: `body` for forwarded.message.body. */
  inStanza: Step[];
}

/** A node's structure without its documentation, to recognise the same shape at two places. */
function structureKey(node: SchemaNode): string {
  return JSON.stringify(node, (k, v: unknown) => (k === "description" || k === "examples" || k === "title" ? undefined : v));
}

/**
 * Every value location of the stanza schema: each top-level field and each
 * nested property, item and map value, through anyOf and $ref. A nested
 * stanza ($ref to the stanza schema below the top) contributes its own
 * top-level fields only, so the walk ends. With `once`, a composite shape
 * met again (the data form is declared once and used by dataform,
 * archive.form, command.form, ...) is a path itself but its insides are
 * walked only at its first place: same shape, same check.
 */
export function schemaPaths(root: SchemaNode, once = false): SchemaPath[] {
  const stanza = stanzaSchema(root);
  const out: SchemaPath[] = [];
  const seen = new Set<string>();
  let stanzaStart = 0;
  const push = (steps: Step[], node: SchemaNode): void => {
    out.push({ steps, text: pathText(steps), node, stanzaStart, inStanza: steps.slice(stanzaStart) });
  };
  const walk = (raw: SchemaNode, steps: Step[], nestedStanzas: number, emit: boolean): void => {
    let node = raw;
    let nested = nestedStanzas;
    if (node.$ref !== undefined) {
      node = resolveRef(root, node.$ref);
      if (node === stanza) nested++;
    }
    if (emit) push(steps, node);
    if (once && (node === stanza || node.anyOf !== undefined || node.properties !== undefined || node.items !== undefined)) {
      const key = node === stanza ? "$stanza" : structureKey(node);
      if (seen.has(key) && steps.length > 1) return;
      seen.add(key);
    }
    if (node === stanza && nested > 1) {
      // A nested stanza: its top-level fields, not their insides.
      stanzaStart = steps.length;
      for (const [name, prop] of Object.entries(node.properties ?? {})) {
        push([...steps, { step: "prop", name }], prop.$ref === undefined ? prop : resolveRef(root, prop.$ref));
      }
      stanzaStart = 0;
      return;
    }
    (node.anyOf ?? []).forEach((branch, index) => walk(branch, [...steps, { step: "branch", index }], nested, false));
    for (const [name, prop] of Object.entries(node.properties ?? {})) walk(prop, [...steps, { step: "prop", name }], nested, true);
    if (node.items !== undefined) walk(node.items, [...steps, { step: "item" }], nested, true);
    if (typeof node.additionalProperties === "object") walk(node.additionalProperties, [...steps, { step: "key" }], nested, true);
  };
  walk(stanza, [], 1, false);
  return out;
}

// --- Which stanza kinds a field belongs to --------------------------------------------

export type Kind = "message" | "presence" | "iq";
const KIND_WORDS: Kind[] = ["message", "presence", "iq"];

/** The kinds a field's description names ("..., in message and iq stanzas."); undefined when it names none. */
export function kindsOf(node: SchemaNode): Kind[] | undefined {
  const m = /, in ((?:message|presence|iq)(?:(?:, | and )(?:message|presence|iq))*) stanzas\./.exec(node.description ?? "");
  if (m === null) return undefined;
  return KIND_WORDS.filter((k) => m[1]!.includes(k));
}

/**
 * The kinds of the top-level field a path starts in: from its description,
 * or, for a name several mappers share (anyOf of one branch per mapper),
 * from the branch the path goes through (the first branch for the field itself).
 */
export function kindsOfPath(root: SchemaNode, steps: Step[]): Kind[] | undefined {
  const first = steps[0];
  if (first?.step !== "prop") return undefined;
  const field = stanzaSchema(root).properties?.[first.name];
  if (field === undefined) return undefined;
  const own = kindsOf(field);
  if (own !== undefined || field.anyOf === undefined) return own;
  const second = steps[1];
  const branch = field.anyOf[second?.step === "branch" ? second.index : 0];
  return branch === undefined ? undefined : kindsOf(branch);
}

// --- Minimal valid values, and documents that set one path ------------------------------

/** A fixed small set of XML snippets for contentMediaType application/xml. */
export const XML_SNIPPETS = [
  '<x xmlns="urn:example:fuzz"/>',
  '<x xmlns="urn:example:fuzz" a="1">text</x>',
  '<y xmlns="urn:example:fuzz"><z>1</z><z>2</z></y>',
  '<custom xmlns="urn:example:other" attr="a&amp;b">&lt;escaped&gt;</custom>',
];

/** XHTML-IM bodies for the `html` field (pattern ^\s*<body[\s/>]). */
export const HTML_SNIPPETS = ["<body><p>hi</p></body>", "<body><p>a <strong>b</strong></p></body>", "<body/>"];

/** A value the schema's string node accepts (formats and the schema's few patterns). */
function minimalString(node: SchemaNode): string {
  if (node.format === "date-time") return "2020-01-02T03:04:05Z";
  if (node.contentMediaType === "application/xml") return XML_SNIPPETS[0]!;
  if (node.pattern === "^[0-9]+$") return "1";
  if (node.pattern !== undefined && node.pattern.includes("<body")) return HTML_SNIPPETS[0]!;
  if (node.pattern !== undefined) throw new Error(`no minimal string for pattern ${node.pattern}`);
  return "x".repeat(Math.max(1, node.minLength ?? 1));
}

/** The simplest value a schema node accepts (required properties only, minItems items). */
export function minimalValue(root: SchemaNode, raw: SchemaNode): unknown {
  const node = raw.$ref === undefined ? raw : resolveRef(root, raw.$ref);
  if ("const" in node) return node.const;
  if (node.enum !== undefined) return node.enum[0];
  if (node.anyOf !== undefined) return minimalValue(root, node.anyOf[0]!);
  switch (node.type) {
    case "string":
      return minimalString(node);
    case "integer":
      return Math.min(Math.max(0, node.minimum ?? 0), node.maximum ?? 0);
    case "number":
      return 1;
    case "boolean":
      return true;
    case "array":
      return Array.from({ length: node.minItems ?? 0 }, () => minimalValue(root, node.items ?? {}));
    case "object":
      return minimalObject(root, node);
    default:
      return node.properties !== undefined ? minimalObject(root, node) : "x";
  }
}

function minimalObject(root: SchemaNode, node: SchemaNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of node.required ?? []) out[name] = minimalValue(root, node.properties?.[name] ?? {});
  return out;
}

/**
 * The value of `raw` that holds `leaf` at the end of `steps` (the rest
 * minimal: required properties, one item, one map key). A nested stanza on
 * the way starts from `nestedBase(field)` (e.g. its kind), `field` being
 * the stanza field the path goes to.
 */
export function valueWithPath(
  root: SchemaNode, raw: SchemaNode, steps: Step[], leaf: unknown, nestedBase?: (field: string) => Record<string, unknown>,
): unknown {
  if (steps.length === 0) return leaf;
  const node = raw.$ref === undefined ? raw : resolveRef(root, raw.$ref);
  const [s, ...rest] = steps as [Step, ...Step[]];
  switch (s.step) {
    case "branch":
      return valueWithPath(root, node.anyOf![s.index]!, rest, leaf, nestedBase);
    case "prop": {
      const isNested = raw.$ref !== undefined && node === stanzaSchema(root);
      const out = { ...(isNested && nestedBase !== undefined ? nestedBase(s.name) : {}), ...minimalObject(root, node) };
      out[s.name] = valueWithPath(root, node.properties![s.name]!, rest, leaf, nestedBase);
      return out;
    }
    case "item": {
      const items = node.items ?? {};
      const more = Array.from({ length: Math.max(0, (node.minItems ?? 1) - 1) }, () => minimalValue(root, items));
      return [valueWithPath(root, items, rest, leaf, nestedBase), ...more];
    }
    case "key":
      return { [MAP_KEY]: valueWithPath(root, node.additionalProperties as SchemaNode, rest, leaf, nestedBase) };
  }
}

// --- fast-check arbitraries of valid values -------------------------------------------

export interface ArbitraryOptions {
  /** How many nested stanzas deep the generator may go ($ref to the stanza schema). */
  maxStanzaDepth?: number;
  /** Most items in a generated array. */
  maxItems?: number;
  /**
   * The arbitrary of a nested stanza ($ref to the stanza schema), e.g. one
   * that picks a kind and that kind's fields; default: the stanza schema's
   * own properties up to maxStanzaDepth.
   */
  nestedStanza?: fc.Arbitrary<unknown>;
}

/** Strings: printable text XML can carry (no control characters, no lone surrogates). */
const xmlSafeString = fc.string({ unit: fc.oneof(fc.constantFrom(..."abcxyz019 -_.@/:&<>\"'"), fc.constantFrom("é", "日", "😀")), maxLength: 12 });

const dateTime = fc
  .record({
    y: fc.integer({ min: 1970, max: 2099 }), mo: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }),
    h: fc.integer({ min: 0, max: 23 }), mi: fc.integer({ min: 0, max: 59 }), s: fc.integer({ min: 0, max: 59 }),
    frac: fc.option(fc.integer({ min: 0, max: 999 }), { nil: undefined }), zone: fc.constantFrom("Z", "+02:00", "-05:30"),
  })
  .map(({ y, mo, d, h, mi, s, frac, zone }) => {
    const p = (n: number, w = 2) => String(n).padStart(w, "0");
    return `${p(y, 4)}-${p(mo)}-${p(d)}T${p(h)}:${p(mi)}:${p(s)}${frac === undefined ? "" : `.${p(frac, 3)}`}${zone}`;
  });

function stringArbitrary(node: SchemaNode): fc.Arbitrary<string> {
  if (node.format === "date-time") return dateTime;
  if (node.contentMediaType === "application/xml") return fc.constantFrom(...XML_SNIPPETS);
  if (node.pattern === "^[0-9]+$") return fc.integer({ min: 0, max: 99999 }).map(String);
  if (node.pattern !== undefined && node.pattern.includes("<body")) return fc.constantFrom(...HTML_SNIPPETS);
  if (node.pattern !== undefined) return fc.constant(minimalString(node));
  const min = node.minLength ?? 0;
  return min === 0 ? xmlSafeString : xmlSafeString.filter((s) => s.length >= min);
}

/**
 * An arbitrary of values the schema node accepts, for the constructs the
 * published schema uses. Nested stanzas stop at `maxStanzaDepth` (their
 * minimal value, an empty stanza, beyond it).
 */
export function arbitraryOf(root: SchemaNode, raw: SchemaNode, opts: ArbitraryOptions = {}, stanzaDepth = 0): fc.Arbitrary<unknown> {
  const maxStanzaDepth = opts.maxStanzaDepth ?? 1;
  const maxItems = opts.maxItems ?? 2;
  let node = raw;
  let depth = stanzaDepth;
  if (node.$ref !== undefined) {
    node = resolveRef(root, node.$ref);
    if (node === stanzaSchema(root)) {
      if (opts.nestedStanza !== undefined) return opts.nestedStanza;
      depth++;
      if (depth > maxStanzaDepth) return fc.constant(minimalValue(root, node));
    }
  }
  if ("const" in node) return fc.constant(node.const);
  if (node.enum !== undefined) return fc.constantFrom(...node.enum);
  if (node.anyOf !== undefined) return fc.oneof(...node.anyOf.map((b) => arbitraryOf(root, b, opts, depth)));
  switch (node.type) {
    case "string":
      return stringArbitrary(node);
    case "integer":
      return fc.oneof(
        fc.integer({ min: Math.max(node.minimum ?? -1000, -1000), max: Math.min(node.maximum ?? 1000, 1000) }),
        fc.constantFrom(...[node.minimum, node.maximum].filter((v): v is number => v !== undefined)),
      );
    case "number":
      return fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }).map((x) => Math.round(x * 100) / 100));
    case "boolean":
      return fc.boolean();
    case "array":
      return fc.array(arbitraryOf(root, node.items ?? {}, opts, depth), { minLength: node.minItems ?? 0, maxLength: Math.max(node.minItems ?? 0, maxItems) });
    case "object":
      return objectArbitrary(root, node, opts, depth);
    default:
      if (node.properties !== undefined) return objectArbitrary(root, node, opts, depth);
      // No type: any JSON value.
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function objectArbitrary(root: SchemaNode, node: SchemaNode, opts: ArbitraryOptions, depth: number): fc.Arbitrary<unknown> {
  const required = new Set(node.required ?? []);
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, prop] of Object.entries(node.properties ?? {})) model[name] = arbitraryOf(root, prop, opts, depth);
  const record = fc.record(model, { requiredKeys: [...required] });
  if (typeof node.additionalProperties !== "object") return record;
  const values = arbitraryOf(root, node.additionalProperties, opts, depth);
  const keys = fc.string({ unit: fc.constantFrom(..."abcdefgh_-#/"), minLength: 1, maxLength: 8 });
  return fc.tuple(record, fc.dictionary(keys, values, { maxKeys: 3 })).map(([r, extra]) => ({ ...extra, ...(r as object) }));
}
