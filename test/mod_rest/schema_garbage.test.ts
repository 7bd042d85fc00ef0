// mod_rest end to end: wrong input at every field path of the published
// stanza schema (dist/mod_rest.schema.json), through the real server's
// POST /rest/echo (JSON body, Accept JSON), as alice.
//
// The walk (test/harness/schema_arbitrary.ts schemaPaths): every top-level
// field and every nested property, array item and map value, through anyOf
// and $ref; a nested stanza contributes its top-level fields; a composite
// shape met again (the data form, declared once in dataform.ts and used by
// dataform, archive.form, command.form, disco.extensions, ...) is tested
// as a whole there and walked inside only at its first place.
//
// For each path: a carrier document of a kind the field belongs to, holding
// a valid minimal value at the path (it must answer 200), then the same
// document with the path set to each wrong JSON type (string, number,
// boolean, null, array, object) and to out-of-range values (integers past
// their bounds, non-integers, words outside an enum, the other boolean for
// a const, empty strings and lists below their minimum, dates that are no
// dates, lone surrogates, control characters).
//
// Carriers follow the cross-field rules the schema does not state: `error`
// is sent in a stanza of type error; `from` is the caller's JID; `type` is
// a word of the carrier's kind (baseDoc, validValueFor).
//
// Oracle: ajv on the document (and, for a name two mappers share, on the
// branch of the carrier's kind: schemaVerdict). Refused by the schema: the
// server answers 400 or 422 with an error text naming the path. Accepted by
// the schema: 200. The differences between the two are listed with their
// reasons below (exceptionFor: lone surrogates, control characters, text
// that is not XML, addresses, `from`, `kind`, a `type` of another kind, an
// empty `unmapped`), each with the answer it must get, and counted in the
// summary. Never a 5xx, and Prosody's log is clean afterwards.

import { describe, expect, it } from "vitest";
import { JSON_TYPE, jsonPayload, useRestSuite, type RestResponse } from "../harness/rest";
import {
  kindsOf, kindsOfPath, loadSchema, MAP_KEY, pathText, schemaPaths, schemaValidator, stanzaSchema, valueWithPath, minimalValue,
  type Kind, type SchemaNode, type SchemaPath, type Step,
} from "../harness/schema_arbitrary";

const suite = useRestSuite({ name: "rest-schema-garbage" });

const root = loadSchema();
const validate = root === undefined ? () => undefined : schemaValidator(root);
/** SCHEMA_GARBAGE_ALL=1: every place of every shape (about 800 paths, 7 000 documents) instead of each shape once. */
const paths = root === undefined ? [] : schemaPaths(root, process.env.SCHEMA_GARBAGE_ALL === undefined);

/** Requests in flight at once. */
const CONCURRENCY = 8;

// --- Carrier documents -------------------------------------------------------------

/** The stanza a field of this kind is sent in (echo builds what POST /rest would send). */
function baseDoc(kind: Kind, field: string): Record<string, unknown> {
  // `error` is read in stanzas of type error only (a cross-field rule).
  const errorType = field === "error" ? { type: "error" } : {};
  switch (kind) {
    case "message":
      return { kind, type: "chat", to: "bob@localhost", ...errorType };
    case "presence":
      return { kind, to: "bob@localhost", ...errorType };
    case "iq":
      return { kind, type: "set", to: "localhost" };
  }
}

/** The base of a nested stanza (forwarded.message, archive.forward.message): the kind its field belongs to. */
function nestedBase(field: string): Record<string, unknown> {
  const kinds = root === undefined ? undefined : kindsOfPath(root, [{ step: "prop", name: field }]);
  const kind = kinds?.[0] ?? "message";
  return kind === "iq" ? { kind, type: "set" } : { kind };
}

/** Top-level names of every kind, sent in a message with a body. */
const STANZA_ATTRIBUTES = new Set(["kind", "type", "to", "from", "id", "lang", "unmapped"]);

/** The document holding `leaf` at the path, in a stanza of the first kind the field belongs to. */
function docWith(p: SchemaPath, leaf: unknown): Record<string, unknown> {
  const schema = root as SchemaNode;
  const field = p.steps[0]?.step === "prop" ? p.steps[0].name : "";
  const kind = kindsOfPath(schema, p.steps)?.[0] ?? "message";
  const base = STANZA_ATTRIBUTES.has(field) ? { ...baseDoc("message", field), body: "x" } : baseDoc(kind, field);
  return { ...base, ...(valueWithPath(schema, stanzaSchema(schema), p.steps, leaf, nestedBase) as Record<string, unknown>) };
}

// --- Wrong values ---------------------------------------------------------------------

interface Garbage {
  what: string;
  value: unknown;
}

/** Values the schema's words accept but the field's rules do not (top-level attributes). */
const EXTRA_GARBAGE: Record<string, Garbage[]> = {
  type: [{ what: "a type word of another kind", value: "get" }, { what: "a presence type in a message", value: "subscribe" }],
  to: [{ what: "an empty JID", value: "" }, { what: "a JID with two @", value: "a@b@c" }, { what: "a JID with a space", value: "bob@local host" }],
  from: [{ what: "another user's JID", value: "bob@localhost" }, { what: "an invalid JID", value: "a@b@c" }],
};

/** Every wrong JSON type, and the out-of-range values the node's keywords call for (and EXTRA_GARBAGE at its path). */
function garbageFor(p: SchemaPath): Garbage[] {
  const node = p.node;
  const out: Garbage[] = [
    { what: "a string", value: "wrong" },
    { what: "a number", value: 7 },
    { what: "a boolean", value: true },
    { what: "null", value: null },
    { what: "an array", value: ["wrong"] },
    { what: "an object", value: { wrong: 1 } },
  ];
  const nodes = node.anyOf ?? [node];
  for (const n of nodes) {
    if (n.type === "integer") {
      if (n.minimum !== undefined) out.push({ what: `below the minimum ${n.minimum}`, value: n.minimum - 1 });
      if (n.maximum !== undefined) out.push({ what: `above the maximum ${n.maximum}`, value: n.maximum + 1 });
      out.push({ what: "a non-integer", value: 1.5 });
      out.push({ what: "a huge number", value: 1e300 });
    }
    if (n.enum !== undefined) {
      out.push({ what: "a word outside the enum", value: "not-a-word" });
      const first = n.enum[0];
      if (typeof first === "string" && first.toUpperCase() !== first) out.push({ what: "an enum word in upper case", value: first.toUpperCase() });
    }
    if (n.const === true) out.push({ what: "false for a const true", value: false });
    if (n.type === "string" && n.enum === undefined) {
      if ((n.minLength ?? 0) > 0) out.push({ what: "an empty string", value: "" });
      if (n.format === "date-time") out.push({ what: "an impossible date", value: "2020-13-45T25:61:00Z" });
      if (n.pattern !== undefined) out.push({ what: `a string not matching ${n.pattern}`, value: "-no match-" });
      out.push({ what: "a lone surrogate", value: "a\ud800b" });
      out.push({ what: "a control character", value: "a\u0001b" });
    }
    if (n.type === "array" && (n.minItems ?? 0) > 0) out.push({ what: "an empty list", value: [] });
    if (n.type === "object" && (n.required ?? []).length > 0) out.push({ what: "an object without its required fields", value: {} });
  }
  out.push(...(EXTRA_GARBAGE[pathText(p.inStanza)] ?? []));
  // One case per distinct value.
  const seen = new Set<string>();
  return out.filter((g) => {
    const key = JSON.stringify(g.value);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// --- The documented differences between the schema and the server -----------------------

/** What the server answers instead of what the schema alone predicts, and why. */
interface Exception {
  reason: string;
  status: number;
  /** The error text names the path (false: the whole body is refused). */
  namesPath: boolean;
}

const LONE_SURROGATE: Exception = {
  reason: "a lone surrogate (\\ud800) is valid JSON text, but there is no UTF-8 for it: util.json refuses the whole body (400 not JSON)",
  status: 400,
  namesPath: false,
};
const CONTROL_CHARACTER: Exception = {
  reason: "XML 1.0 cannot carry control characters; JSON Schema has no way to say \"an XML character\"",
  status: 422,
  namesPath: true,
};
const NOT_XML: Exception = {
  reason: "contentMediaType application/xml is an annotation in draft 2020-12 (ajv does not check it); text that is not one XML element is refused",
  status: 422,
  namesPath: true,
};
const FOREIGN_FROM: Exception = {
  reason: "`from` is the caller's: another JID is refused by the API's authorization (403), not by the mapping",
  status: 403,
  namesPath: false,
};
const INVALID_ADDRESS: Exception = {
  reason: "addresses are prepared by the API (nodeprep, nameprep), not the schema; an invalid one gets the community module's 422 \"Invalid destination JID\" / \"Invalid source JID\"",
  status: 422,
  namesPath: false,
};
const TYPE_OF_ANOTHER_KIND: Exception = {
  reason: "the schema's `type` enum is the union of the kinds' words; a word of another kind is refused",
  status: 422,
  namesPath: true,
};
const KIND_COMPAT_TEXT: Exception = {
  reason: "an unknown `kind` gets the community module's error (unsupported-stanza-type, \"Invalid stanza, must be 'message', 'presence' or 'iq'\"), which names the values, not the field",
  status: 422,
  namesPath: false,
};

const hasChar = (v: unknown, re: RegExp): boolean => typeof v === "string" && re.test(v);
const xmlText = (node: SchemaNode): boolean =>
  node.contentMediaType === "application/xml" || (node.items?.contentMediaType === "application/xml");

/** The documented exception for this wrong value at this path, if one applies. */
function exceptionFor(p: SchemaPath, value: unknown): Exception | undefined {
  const field = pathText(p.inStanza);
  if (hasChar(value, /[\ud800-\udfff]/)) return LONE_SURROGATE;
  if (hasChar(value, /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/)) return CONTROL_CHARACTER;
  // The API checks the top stanza's addresses and kind; a nested stanza's are the mapping's.
  const top = p.stanzaStart === 0;
  if (top && (field === "to" || field === "from") && typeof value === "string" && /^$|\s|@.*@/.test(value)) return INVALID_ADDRESS;
  if (top && field === "from" && typeof value === "string") return FOREIGN_FROM;
  if (top && field === "kind") return KIND_COMPAT_TEXT;
  if (field === "type" && typeof value === "string" && (p.node.enum ?? []).includes(value)) return TYPE_OF_ANOTHER_KIND;
  if (xmlText(p.node) && (typeof value === "string" || (Array.isArray(value) && value.some((v) => typeof v === "string")))) return NOT_XML;
  return undefined;
}

/** Valid values the carriers use where the minimal one is not (the rules above). */
function validValueFor(p: SchemaPath): unknown {
  const field = pathText(p.inStanza);
  if (field === "from") return "alice@localhost";
  if (field === "type") return "chat";
  return minimalValue(root as SchemaNode, p.node);
}

// --- The oracle -----------------------------------------------------------------------------

const branchValidators = new Map<string, (value: unknown) => string | undefined>();

/**
 * The schema's verdict on a document. The stanza schema is one union for
 * all kinds, and a name two mappers share (`archive`, `oob`) is an anyOf of
 * their shapes, open to unknown keys: a value for the message branch may
 * pass as the iq one. So a path through one branch is also checked against
 * that branch alone (the server reads the field with the kind's mapper).
 */
function schemaVerdict(p: SchemaPath, doc: Record<string, unknown>): "accepts" | "refuses" {
  if (validate(doc) !== undefined) return "refuses";
  if (branchVerdict(doc, p.steps) === "refuses") return "refuses";
  if (p.stanzaStart === 0) return "accepts";
  // The nested stanza document holding the value (forwarded.message), checked the same way.
  let holder: unknown = doc;
  for (const s of p.steps.slice(0, p.stanzaStart)) {
    if (s.step === "prop") holder = (holder as Record<string, unknown>)[s.name];
    else if (s.step === "item") holder = (holder as unknown[])[0];
    else if (s.step === "key") holder = (holder as Record<string, unknown>)[MAP_KEY];
  }
  return branchVerdict(holder as Record<string, unknown>, p.inStanza);
}

/** A stanza document's field a path goes to, checked against the branch of a shared name the path takes. */
function branchVerdict(stanzaDoc: Record<string, unknown>, steps: Step[]): "accepts" | "refuses" {
  const [first, second] = steps;
  if (first?.step !== "prop") return "accepts";
  const field = stanzaSchema(root as SchemaNode).properties![first.name]!;
  // A shared name: the branch the path goes through, else the first (the kind docWith chose, see kindsOfPath).
  if (field.anyOf === undefined || kindsOf(field) !== undefined) return "accepts";
  const index = second?.step === "branch" ? second.index : 0;
  const key = `${first.name}#${index}`;
  let check = branchValidators.get(key);
  if (check === undefined) {
    check = schemaValidator({ ...field.anyOf[index]!, $defs: (root as SchemaNode).$defs! });
    branchValidators.set(key, check);
  }
  return check(stanzaDoc[first.name]) === undefined ? "accepts" : "refuses";
}

// --- Running ------------------------------------------------------------------------------

interface Outcome {
  path: string;
  what: string;
  doc: Record<string, unknown>;
  schema: "accepts" | "refuses";
  exception: Exception | undefined;
  status: number;
  text: string;
}

function errorText(res: RestResponse): string {
  if (res.mediaType !== JSON_TYPE) return res.body;
  try {
    const err = res.doc()["error"] as { text?: unknown } | undefined;
    return typeof err?.text === "string" ? err.text : res.body;
  } catch {
    return res.body;
  }
}

/** Sends the document with `value` at the path; `valid`: the carrier's valid value (no exception applies). */
async function send(p: SchemaPath, what: string, value: unknown, valid = false): Promise<Outcome> {
  const doc = docWith(p, value);
  const res = await suite.as("alice").echo(jsonPayload(doc), { accept: JSON_TYPE });
  return {
    path: p.text, what, doc, schema: schemaVerdict(p, doc), exception: valid ? undefined : exceptionFor(p, value),
    status: res.status, text: errorText(res).slice(0, 300),
  };
}

/** Runs the jobs CONCURRENCY at a time, results in order. */
async function batched<T>(jobs: Array<() => Promise<T>>): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]!();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return results;
}

/** What is wrong with an outcome, or undefined when it is as the oracle (and the exceptions) say. */
function problemOf(o: Outcome): string | undefined {
  if (o.status >= 500) return "a 5xx";
  if (o.exception !== undefined) {
    if (o.status !== o.exception.status) return `expected ${o.exception.status} (${o.exception.reason}), got ${o.status}`;
    if (o.exception.namesPath && !o.text.includes(o.path)) return "the error text does not name the path";
    return undefined;
  }
  if (o.schema === "accepts") return o.status === 200 ? undefined : `the schema accepts it, the server answered ${o.status}`;
  if (o.status !== 400 && o.status !== 422) return `the schema refuses it, the server answered ${o.status}`;
  if (!o.text.includes(o.path)) return "the error text does not name the path";
  return undefined;
}

/** How often each exception applied, for the summary. */
const applied = new Map<Exception, number>();

const byField = new Map<string, SchemaPath[]>();
for (const p of paths) {
  const field = p.text.split(/[.[]/)[0]!;
  byField.set(field, [...(byField.get(field) ?? []), p]);
}
let sent = 0;

describe("wrong input at every path of the published schema, through POST /rest/echo", () => {
  it.skipIf(root !== undefined)("dist/mod_rest.schema.json is absent (run `make build`)", () => {});

  it.skipIf(root === undefined)("walks a few hundred paths", () => {
    expect(paths.length).toBeGreaterThan(200);
  });

  for (const [field, fieldPaths] of byField) {
    it(`${field} (${fieldPaths.length} paths)`, async () => {
      const jobs: Array<() => Promise<Outcome>> = [];
      for (const p of fieldPaths) {
        jobs.push(() => send(p, "a valid value", validValueFor(p), true));
        for (const g of garbageFor(p)) jobs.push(() => send(p, g.what, g.value));
      }
      const outcomes = await batched(jobs);
      sent += outcomes.length;
      for (const o of outcomes) if (o.exception !== undefined) applied.set(o.exception, (applied.get(o.exception) ?? 0) + 1);
      const problems = outcomes.flatMap((o) => {
        const problem = problemOf(o);
        return problem === undefined ? [] : [`${o.path} = ${o.what}: ${problem} (${o.status} ${o.text}) in ${JSON.stringify(o.doc)}`];
      });
      expect(problems).toEqual([]);
    }, 120_000);
  }

  it.skipIf(root === undefined)("sent a few thousand documents; Prosody's log is clean", () => {
    const lines = [`schema garbage: ${paths.length} paths, ${sent} documents sent; documented exceptions applied:`];
    for (const [e, n] of applied) lines.push(`  ${n}\t${e.reason}`);
    console.log(lines.join("\n"));
    expect(suite.server.problems()).toEqual([]);
  });
});
