// The examples of the "JSON mapping" section of docs/mod_rest/README.md are
// true: every ```json block there is a stanza document that
// - validates against the published JSON Schema (dist/mod_rest.schema.json,
//   draft 2020-12, with ajv), as written and as the server echoes it;
// - comes back equal from a real Prosody's POST /rest/echo (Accept JSON);
// and the ```xml block right after it (when there is one) is the same stanza:
// - echoing the JSON with Accept XML gives that XML;
// - echoing that XML with Accept JSON gives the JSON.
//
// Normalised in the comparisons, because echo builds what POST /rest would
// send as alice (Basic credentials):
// - `from`: removed from the example before sending (alice may not claim
//   another JID) and left out of every comparison (echo sets alice@localhost);
// - `id`: compared only when the example has one (echo generates one otherwise);
// - an iq of type result or error is sent, and compared, as type set: echo
//   builds requests only (422 for the others), and the mapping of the payload
//   does not depend on the iq's type;
// - XML: canonically (test/harness/xml_canonical.ts: attribute order, prefixes
//   and the README's indentation ignored), children in the order written;
// - XML held in JSON strings (`unmapped`, `error.unmapped`): canonically.
//
// So editing an example edits the test; a JSON block with nothing to check
// (no kind, or not an object) fails rather than being skipped.

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { expectStatus, JSON_TYPE, jsonPayload, parseStanza, useRestSuite, XMPP_XML, xmlPayload, type JsonObject } from "../harness/rest";
import { REPO_ROOT } from "../harness/prosody";
import { canonicalXml, canonicalXmlText, withoutIndentation } from "../harness/xml_canonical";
import type { Element } from "../harness/xmpp";
import { codeBlocks, readReadme } from "./markdown";

const SECTION = "JSON mapping";

interface Example {
  /** Line of the README where the JSON starts. */
  line: number;
  doc: JsonObject;
  /** The XML block right after the JSON, if any. */
  xml?: { line: number; text: string };
}

/** The lines of a second-level section (setext `Title` over `-----`), up to the next heading of that level or above. */
function subsection(markdown: string, title: string): { text: string; line: number } {
  const lines = markdown.split("\n");
  const isHeading = (i: number): boolean => (lines[i] ?? "").trim() !== "" && /^(-+|=+)\s*$/.test(lines[i + 1] ?? "") && !/^\s*-+\s+-+/.test(lines[i + 1] ?? "");
  const start = lines.findIndex((line, i) => line.trim() === title && /^-+\s*$/.test(lines[i + 1] ?? ""));
  if (start < 0) throw new Error(`docs/mod_rest/README.md has no section "${title}"`);
  let end = start + 2;
  while (end < lines.length && !isHeading(end)) end++;
  return { text: lines.slice(start, end).join("\n"), line: start + 1 };
}

function readExamples(): Example[] {
  const section = subsection(readReadme("mod_rest"), SECTION);
  const blocks = codeBlocks(section.text);
  const examples: Example[] = [];
  blocks.forEach((block, i) => {
    if (block.lang !== "json") return;
    const line = section.line + block.line - 1;
    const doc: unknown = JSON.parse(block.lines.join("\n"));
    if (doc === null || typeof doc !== "object" || Array.isArray(doc)) throw new Error(`README line ${line}: not a JSON object`);
    const next = blocks[i + 1];
    const xml = next?.lang === "xml" ? { line: section.line + next.line - 1, text: next.lines.join("\n") } : undefined;
    examples.push({ line, doc: doc as JsonObject, ...(xml === undefined ? {} : { xml }) });
  });
  return examples;
}

const examples = readExamples();

const SCHEMA_FILE = path.join(REPO_ROOT, "dist", "mod_rest.schema.json");
/** XEP-0082 date-time (the only format the schema uses); ajv has no formats of its own. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const validate = existsSync(SCHEMA_FILE)
  ? new Ajv2020({ allErrors: true, strict: false }).addFormat("date-time", DATE_TIME).compile(JSON.parse(readFileSync(SCHEMA_FILE, "utf8")) as object)
  : undefined;

function expectValid(doc: unknown, what: string): void {
  expect(validate, `${SCHEMA_FILE} is missing: run make build`).toBeDefined();
  const ok = validate!(doc);
  expect(ok ? [] : validate!.errors, `${what} against the JSON Schema`).toEqual([]);
}

/** Iq types echo does not build: the example is sent as type set. */
const ANSWER_TYPES = new Set(["result", "error"]);

function isAnswerIq(doc: JsonObject): boolean {
  return doc.kind === "iq" && ANSWER_TYPES.has(String(doc.type));
}

/** The example as sent to echo: without `from`; an iq answer as type set. */
function sendable(doc: JsonObject): JsonObject {
  const copy: JsonObject = { ...doc };
  delete copy.from;
  if (isAnswerIq(doc)) copy.type = "set";
  return copy;
}

/** A copy of a JSON value with the XML texts of `unmapped` lists canonical. */
function comparable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(comparable);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    out[key] = key === "unmapped" && Array.isArray(item) ? item.map((x) => (typeof x === "string" ? canonicalXmlText(x) : x)) : comparable(item);
  }
  return out;
}

/** A document as compared: `from` left out, `id` too when the example has none. */
function comparableDoc(doc: JsonObject, example: JsonObject): unknown {
  const copy: JsonObject = { ...doc };
  delete copy.from;
  if (example.id === undefined) delete copy.id;
  return comparable(copy);
}

/** The example's XML as sent (without `from`; an iq answer as type set). */
function sendableXml(text: string): Element {
  const el = withoutIndentation(parseStanza(text));
  delete el.attrs.from;
  if (el.name === "iq" && ANSWER_TYPES.has(String(el.attrs.type))) el.attrs.type = "set";
  return el;
}

function canonicalStanza(el: Element, hasId: boolean): string {
  return canonicalXml(withoutIndentation(el), { ignoreTopAttributes: hasId ? ["from"] : ["from", "id"] });
}

const suite = useRestSuite({ name: "docs-mapping" });
const alice = () => suite.as("alice");

describe(`docs/mod_rest/README.md, section "${SECTION}": the examples`, () => {
  it("shows one example of each kind: a message, a presence, an iq get, an iq result, an error, each with its XML", () => {
    const has = (p: (d: JsonObject) => boolean): boolean => examples.some((e) => p(e.doc));
    expect(has((d) => d.kind === "message" && d.type !== "error"), "a message").toBe(true);
    expect(has((d) => d.kind === "presence"), "a presence").toBe(true);
    expect(has((d) => d.kind === "iq" && d.type === "get"), "an iq get").toBe(true);
    expect(has((d) => d.kind === "iq" && d.type === "result"), "an iq result").toBe(true);
    expect(has((d) => d.type === "error" && d.error !== undefined), "an error").toBe(true);
    for (const example of examples) {
      expect(typeof example.doc.kind, `README line ${example.line}: give the kind (the echo gives it back)`).toBe("string");
      expect(example.xml, `README line ${example.line}: an \`\`\` xml block after the JSON`).toBeDefined();
    }
  });

  for (const example of examples) {
    const name = `README line ${example.line} (${String(example.doc.kind)} ${String(example.doc.type)})`;
    const hasId = example.doc.id !== undefined;

    it(`${name}: validates against the schema`, () => {
      expectValid(example.doc, "the example");
    });

    it(`${name}: POST /rest/echo gives it back${isAnswerIq(example.doc) ? " (sent as type set)" : ""}`, async () => {
      const sent = sendable(example.doc);
      const res = await alice().echo(jsonPayload(sent), { accept: JSON_TYPE });
      expectStatus(res, 200);
      const echoed = res.doc();
      expectValid(echoed, "the echo");
      expect(comparableDoc(echoed, sent)).toEqual(comparableDoc(sent, sent));
    });

    if (example.xml !== undefined) {
      const xml = example.xml;

      it(`${name}: its XML (README line ${xml.line}) is what the JSON becomes`, async () => {
        const res = await alice().echo(jsonPayload(sendable(example.doc)), { accept: XMPP_XML });
        expectStatus(res, 200);
        expect(canonicalStanza(res.stanza(), hasId)).toBe(canonicalStanza(sendableXml(xml.text), hasId));
      });

      it(`${name}: its XML (README line ${xml.line}) becomes the JSON`, async () => {
        const sent = sendable(example.doc);
        const res = await alice().echo(xmlPayload(sendableXml(xml.text)), { accept: JSON_TYPE });
        expectStatus(res, 200);
        const echoed = res.doc();
        expectValid(echoed, "the echo");
        expect(comparableDoc(echoed, sent)).toEqual(comparableDoc(sent, sent));
      });
    }
  }
});
