// mod_rest end to end: property-based tests (fast-check) against the running
// server.
//
// 1. Valid documents generated from the published JSON Schema
//    (test/harness/schema_arbitrary.ts), one kind at a time with that
//    kind's fields (an iq with exactly one payload, as echo requires),
//    posted to POST /rest/echo: the answer is 200, the echoed JSON
//    validates against the schema, and echoing it again gives the same
//    JSON (the round trip is idempotent; XML held in strings, `unmapped`
//    and `html`, is compared canonically: attribute order follows Lua's
//    table iteration).
// 2. Generated requests: methods, paths under /rest, Authorization variants
//    (good and bad Basic, real and forged Bearer tokens, malformed), Content-
//    Type and Accept variants, bodies of random JSON, stanza documents with
//    a field replaced by random JSON, random bytes, invalid UTF-8, deep
//    nesting and huge strings: never a 5xx, always an answer (except a
//    request head past net.http's 10 KiB limit, which Prosody itself never
//    answers: 13 closes the connection, 0.12 waits).
// Prosody's log stays clean (no error, no traceback). What the properties
// found is kept below as regression tests (one known server bug, reported
// and skipped until fixed, and left out of the generated paths meanwhile).
//
// FUZZ_RUNS=n runs each property n times (default: 1000 valid documents,
// 1200 requests, 2200 generated cases); FUZZ_SEED=s replays a run.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fuzzRuns, fuzzSeed, fuzzTimeout, logProblemTail, PROSODY_HEAD_LIMIT } from "../harness/fuzz";
import { basicAuth } from "../harness/http";
import {
  basicAs, bearerAuth, FORM, JSON_TYPE, jsonPayload, restRequest, TEXT, useRestSuite, XMPP_XML, type JsonObject, type RestRequest, type RestResponse,
} from "../harness/rest";
import {
  arbitraryOf, kindsOf, loadSchema, schemaValidator, stanzaSchema, XML_SNIPPETS, type Kind, type SchemaNode,
} from "../harness/schema_arbitrary";
import { canonicalXmlText, XHTML_NS } from "../harness/xml_canonical";

const suite = useRestSuite({
  name: "rest-fuzz",
  // Stanzas to other domains bounce at once instead of waiting for DNS; bad
  // credentials are part of the traffic, so the failure throttle is lifted.
  globalConfig: 'modules_disabled = { "s2s" }',
  config: "  rest_iq_timeout = 2\n  rest_max_auth_failures = 1000000",
});

const root = loadSchema();
const validate = root === undefined ? () => "no schema" : schemaValidator(root);

const VALID_RUNS = fuzzRuns(1000);
const REQUEST_RUNS = fuzzRuns(1200);
const SEED = fuzzSeed();
const runOptions = (numRuns: number) => ({ numRuns, ...(SEED === undefined ? {} : { seed: SEED }) });

// --- Valid documents, from the schema ---------------------------------------------------

/** Top-level names that are attributes or need their own rule (error: only in type error). */
const NOT_PAYLOADS = new Set(["kind", "type", "to", "from", "id", "lang", "unmapped", "error"]);

/** The fields of a kind with their schema (for a name several mappers share, that kind's branch). */
function fieldsOf(kind: Kind): Array<[string, SchemaNode]> {
  const out: Array<[string, SchemaNode]> = [];
  for (const [name, node] of Object.entries(stanzaSchema(root as SchemaNode).properties ?? {})) {
    if (NOT_PAYLOADS.has(name)) continue;
    const own = kindsOf(node);
    if (own !== undefined) {
      if (own.includes(kind)) out.push([name, node]);
      continue;
    }
    const branch = node.anyOf?.find((b) => kindsOf(b)?.includes(kind));
    if (branch !== undefined) out.push([name, branch]);
  }
  return out;
}

const TYPES: Record<Kind, string[]> = {
  message: ["normal", "chat", "headline", "groupchat"],
  presence: ["available", "unavailable", "subscribe", "subscribed", "unsubscribe", "unsubscribed", "probe"],
  iq: ["get", "set"],
};
const idText = fc.string({ unit: fc.constantFrom(..."abcXYZ0189-_."), minLength: 1, maxLength: 12 });

/**
 * Stanza documents of every kind with a few of the kind's fields, valid for
 * the schema. depth 0: the top stanza (to bob, or to localhost for an iq);
 * nested stanzas (forwarded, archived) go one level deep, then are a fixed
 * small message.
 */
function stanzaArbitrary(depth: number): fc.Arbitrary<JsonObject> {
  const nested = depth >= 1 ? fc.constant<JsonObject>({ kind: "message", body: "nested" }) : stanzaArbitrary(depth + 1);
  const opts = { nestedStanza: nested, maxItems: 2 };
  const fieldArbitraries = (kind: Kind): Array<fc.Arbitrary<JsonObject>> =>
    fieldsOf(kind).map(([name, node]) => arbitraryOf(root as SchemaNode, node, opts).map((v): JsonObject => ({ [name]: v })));
  const merged = (parts: JsonObject[]): JsonObject => Object.assign({}, ...parts) as JsonObject;
  const some = (kind: Kind, max: number): fc.Arbitrary<JsonObject> =>
    fc.array(fc.oneof(...fieldArbitraries(kind)), { maxLength: max }).map(merged);
  const unmapped = fc.option(fc.array(fc.constantFrom(...XML_SNIPPETS), { minLength: 1, maxLength: 2 }), { nil: undefined });
  // The top stanza goes to bob (an iq to the server); a nested one comes from someone.
  const address: fc.Arbitrary<JsonObject> = depth === 0
    ? fc.constant({})
    : fc.constantFrom("carol@example.com/x", "room@muc.example.com/nick").map((from) => ({ from }));
  const attrs = (kind: Kind, to: string): fc.Arbitrary<JsonObject> =>
    fc.tuple(
      fc.record({
        kind: fc.constant(kind),
        type: fc.constantFrom(...TYPES[kind]),
        id: fc.option(idText, { nil: undefined }),
        lang: fc.option(fc.constantFrom("en", "de", "fr-CA"), { nil: undefined }),
      }),
      address,
    ).map(([a, from]) => ({ ...a, ...(depth === 0 ? { to } : from) }));
  const drop = (doc: JsonObject): JsonObject => {
    for (const k of Object.keys(doc)) if (doc[k] === undefined) delete doc[k];
    return doc;
  };
  const errorField = (stanzaSchema(root as SchemaNode).properties ?? {})["error"] as SchemaNode;
  const message = fc.tuple(attrs("message", "bob@localhost"), some("message", 4), unmapped)
    .map(([a, f, u]) => drop({ ...a, ...f, unmapped: u }));
  const messageError = fc.tuple(attrs("message", "bob@localhost"), arbitraryOf(root as SchemaNode, errorField, opts), some("message", 2))
    .map(([a, e, f]) => drop({ ...a, ...f, type: "error", error: e }));
  const presence = fc.tuple(attrs("presence", "bob@localhost"), some("presence", 4), unmapped)
    .map(([a, f, u]) => drop({ ...a, ...f, unmapped: u }));
  // An iq carries exactly one child: one field, no unmapped.
  const iq = fc.tuple(attrs("iq", "localhost"), fc.oneof(...fieldArbitraries("iq"))).map(([a, f]) => drop({ ...a, ...f }));
  return fc.oneof(
    { arbitrary: message, weight: 4 },
    { arbitrary: messageError, weight: 1 },
    { arbitrary: presence, weight: 2 },
    { arbitrary: iq, weight: 3 },
  ).map((doc) => withCrossFieldRules(doc) as JsonObject);
}

/**
 * The server's cross-field rules the schema does not state (each pair is
 * refused with a 422 naming it): a form field gives `value` or `values`,
 * not both (dataform.ts); a command or a registration gives `form` or
 * `data`, not both; an archive query's shorthands (with, start, end,
 * before-id, after-id, ids) are not given beside its `form`, nor max,
 * after, before beside its `page` (archive_query.ts). Applied to the
 * generated documents, everywhere in them (nested stanzas too).
 */
function withCrossFieldRules(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withCrossFieldRules);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = withCrossFieldRules(v);
  const drop = (when: string, names: string[]): void => {
    if (when in out) for (const name of names) delete out[name];
  };
  drop("value", ["values"]);
  drop("form", ["data", "with", "start", "end", "before-id", "after-id", "ids"]);
  drop("page", ["max", "after", "before"]);
  return out;
}

/** A copy of a document with the XML it holds in strings (unmapped items, html) canonical. */
function comparable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(comparable);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (k === "unmapped" && Array.isArray(v)) out[k] = v.map((item) => (typeof item === "string" ? canonicalXmlText(item) : item));
    else if (k === "html" && typeof v === "string") out[k] = canonicalXmlText(`<html xmlns="${XHTML_NS}">${v}</html>`, { parentNs: XHTML_NS });
    else out[k] = comparable(v);
  }
  return out;
}

const alice = () => suite.as("alice");
let validCases = 0;

describe("valid documents generated from the schema, through POST /rest/echo", () => {
  it.skipIf(root !== undefined)("dist/mod_rest.schema.json is absent (run `make build`)", () => {});

  it.skipIf(root === undefined)(`${VALID_RUNS} documents: 200, the answer validates, echoing it again gives the same JSON`, async () => {
    const newProblems = logProblemTail(suite.server);
    await fc.assert(
      fc.asyncProperty(stanzaArbitrary(0), async (doc) => {
        validCases++;
        const first = await alice().echo(jsonPayload(doc), { accept: JSON_TYPE });
        expect(first.status, `${JSON.stringify(doc)} -> ${first.body.slice(0, 400)}`).toBe(200);
        const echoed = first.doc();
        expect(validate(echoed), `the schema refuses the answer ${first.body}`).toBeUndefined();
        const second = await alice().echo(jsonPayload(echoed), { accept: JSON_TYPE });
        expect(second.status, `${first.body} -> ${second.body.slice(0, 400)}`).toBe(200);
        expect(comparable(second.doc()), `echoing ${first.body} again`).toEqual(comparable(echoed));
        expect(newProblems(), `Prosody logged a problem for ${JSON.stringify(doc)}`).toEqual([]);
      }),
      runOptions(VALID_RUNS),
    );
  }, fuzzTimeout(VALID_RUNS, 100));
});


// --- Generated requests ------------------------------------------------------------------

/** Percent-encodes every byte of a string's UTF-8 (or of raw bytes) that is not unreserved. */
const pct = (s: string | Uint8Array): string =>
  [...Buffer.from(s)].map((b) => (/[A-Za-z0-9\-._~@]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, "0")}`)).join("");

/** Printable ASCII: what node:http lets through in a header value. */
const headerText = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 80 });
const anyText = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: "binary", maxLength: 40 }), fc.string({ unit: "grapheme", maxLength: 20 }));

const segment = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("message", "presence", "iq", "chat", "normal", "groupchat", "available", "get", "set", "result", "error",
    "ping", "version", "disco", "items", "lastactivity", "archive", "upload_request", "extdisco", "stats", "command", "echo", "openapi.json",
    "openapi.yaml", "schema.json", "bob@localhost", "bob@localhost/phone", "localhost", "nobody@localhost", "alice@localhost", "example.com") },
  { weight: 1, arbitrary: fc.constantFrom("", "a@b@c", "%ff", "%00", "..", "%2F", "%2e%2e", "x".repeat(3000)) },
  { weight: 1, arbitrary: anyText.map(pct) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 12 }).map(pct) },
);
const query = fc.oneof(
  fc.dictionary(fc.constantFrom("node", "with", "max", "start", "end", "before", "after", "type", "id", "x"), anyText, { maxKeys: 3 })
    .map((q) => Object.entries(q).map(([k, v]) => `${k}=${pct(v)}`).join("&")),
  anyText.map(pct),
  fc.constant("node=x&node=y"),
);
const to = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("bob@localhost", "localhost", "bob@localhost/phone", "alice@localhost", "nobody@localhost", "example.com") },
  { weight: 1, arbitrary: segment },
);
/** A path and the method it is served with. */
interface Route {
  path: string;
  method: string;
}
/** The module's routes most of the time (POST /rest, /echo, /{kind}/{type}/{to}; GET /{payload}/{to}), any path otherwise. */
const route: fc.Arbitrary<Route> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<Route>({ path: "", method: "POST" }, { path: "/echo", method: "POST" }) },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom("message", "presence", "iq"), fc.oneof(fc.constantFrom("chat", "normal", "headline", "groupchat", "available",
    "unavailable", "subscribe", "probe", "get", "set", "result", "error", "ping", "version", "disco", "items", "archive", "command", "stats"), segment), to)
    .map(([kind, type, t]): Route => ({ path: `/${kind}/${type}/${t}`, method: "POST" })) },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom("ping", "version", "disco", "items", "lastactivity", "archive", "upload_request", "extdisco", "stats",
    "command", "register", "blocklist", "gateway"), to).map(([payload, t]): Route => ({ path: `/${payload}/${t}`, method: "GET" })) },
  { weight: 1, arbitrary: fc.array(segment, { maxLength: 4 }).map((parts): Route => ({ path: parts.length === 0 ? "" : `/${parts.join("/")}`, method: "POST" })) },
);

/** The route's method mostly, another one sometimes. */
const methodFor = (r: Route): fc.Arbitrary<string> => fc.oneof(
  { weight: 8, arbitrary: fc.constant(r.method) },
  { weight: 2, arbitrary: fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "post") },
);

/** A real token of alice, minted before the property runs (undefined until then). */
let aliceToken: string | undefined;
type AuthChoice = { kind: "alice" } | { kind: "token" } | { kind: "value"; value: string | null };
const authChoice: fc.Arbitrary<AuthChoice> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<AuthChoice>({ kind: "alice" }) },
  { weight: 1, arbitrary: fc.constant<AuthChoice>({ kind: "token" }) },
  {
    weight: 3,
    arbitrary: fc.oneof(
      fc.constant(null),
      fc.constant(basicAs("alice", "wrong-pw")),
      fc.constant(basicAs("nobody", "nobody-pw")),
      fc.constant(basicAs("bob")),
      fc.tuple(anyText, anyText).map(([u, p]) => basicAuth(u, p)),
      fc.tuple(fc.constantFrom("Basic", "Bearer", "basic", "BEARER", "Digest", "Negotiate", ""), headerText).map(([scheme, rest]) => `${scheme} ${rest}`),
      fc.base64String({ maxLength: 200 }).map((t) => bearerAuth(t)),
      fc.string({ maxLength: 40 }).map((t) => bearerAuth(`secret-token:${Buffer.from(t).toString("base64")}`)),
      // Up to past net.http's 10 KiB head limit, now and then.
      fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 9000 }) }, { weight: 1, arbitrary: fc.integer({ min: 9000, max: 20_000 }) })
        .map((n) => `Basic ${"A".repeat(n)}`),
      headerText,
    ).map((value): AuthChoice => ({ kind: "value", value })),
  },
);
const authHeader = (a: AuthChoice): string | null => {
  if (a.kind === "alice") return basicAs("alice");
  if (a.kind === "token") return aliceToken === undefined ? null : bearerAuth(aliceToken);
  return a.value;
};

/** Content-Type: mostly the body's own, else a variant, another type, garbage or none. */
const contentTypeFor = (natural: string): fc.Arbitrary<string | undefined> => fc.oneof(
  { weight: 6, arbitrary: fc.constant(natural) },
  { weight: 1, arbitrary: fc.constantFrom(`${natural}; charset=utf-8`, `${natural};charset=latin1`, natural.toUpperCase(), `${natural}; q=1; x`) },
  { weight: 2, arbitrary: fc.constantFrom(JSON_TYPE, XMPP_XML, FORM, TEXT, "text/xml", "application/xml", "multipart/form-data; boundary=x",
    "application/octet-stream", "application/json-patch+json", ";", "") },
  { weight: 1, arbitrary: fc.oneof(headerText, fc.constant(undefined)) },
);
const accept = fc.option(fc.oneof(
  fc.constantFrom(JSON_TYPE, XMPP_XML, FORM, TEXT, "*/*", "application/json;q=0", "application/*;q=0.5, text/plain;q=0.9", "image/png", ""),
  headerText,
), { nil: undefined });
/** Valid stanza documents with one field replaced by random JSON (the mapping's most likely trouble). */
const brokenDocument = root === undefined
  ? fc.constant('{"to":"bob@localhost","body":1}')
  : fc.tuple(stanzaArbitrary(1), fc.constantFrom(...Object.keys(stanzaSchema(root).properties ?? {})), fc.jsonValue({ maxDepth: 3 }))
    .map(([doc, field, value]) => JSON.stringify({ ...doc, to: "bob@localhost", [field]: value }));
const deep = fc.tuple(fc.integer({ min: 100, max: 30_000 }), fc.constantFrom("[", '{"a":', '{"body":'))
  .map(([n, open]) => `${open.repeat(n)}1${(open === "[" ? "]" : "}").repeat(n)}`);
const huge = fc.tuple(fc.integer({ min: 10_000, max: 600_000 }), fc.constantFrom("body", "to", "id", "unmapped", "html", "status"))
  .map(([n, field]) => JSON.stringify({ kind: "message", to: "bob@localhost", [field]: field === "unmapped" ? [`<x xmlns="urn:x">${"y".repeat(n)}</x>`] : "y".repeat(n) }));
const invalidUtf8 = fc.tuple(anyText, fc.uint8Array({ minLength: 1, maxLength: 8 }).map((b) => Buffer.from(b.map((x) => x | 0x80))))
  .map(([text, bad]) => Buffer.concat([Buffer.from(`{"to":"bob@localhost","body":"${text.replace(/["\\]/g, "")}`), bad, Buffer.from('"}')]));
const xmlBody = fc.oneof(
  fc.constantFrom('<message to="bob@localhost" type="chat"><body>hi</body></message>', '<iq type="get" to="localhost"><ping xmlns="urn:xmpp:ping"/></iq>',
    '<presence to="bob@localhost"/>', "<message", "<x/>"),
  fc.tuple(anyText, anyText).map(([a, b]) => `<message to="${a}"><body>${b}</body></message>`),
);

/** A request body and its Content-Type header (either may be absent). */
interface GeneratedBody {
  body?: string | Buffer;
  contentType?: string | undefined;
}

/** A body and the media type it is written in. */
const body: fc.Arbitrary<[string | Buffer, string]> = fc.oneof(
  { weight: 4, arbitrary: brokenDocument.map((b): [string, string] => [b, JSON_TYPE]) },
  { weight: 2, arbitrary: fc.json({ maxDepth: 4 }).map((b): [string, string] => [b, JSON_TYPE]) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom("kind", "type", "to", "body", "ping", "version", "disco", "archive", "error"), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 })
    .map((d): [string, string] => [JSON.stringify(d), JSON_TYPE]) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((b): [Buffer, string] => [Buffer.from(b), "application/octet-stream"]) },
  { weight: 1, arbitrary: invalidUtf8.map((b): [Buffer, string] => [b, JSON_TYPE]) },
  { weight: 1, arbitrary: deep.map((b): [string, string] => [b, JSON_TYPE]) },
  { weight: 1, arbitrary: huge.map((b): [string, string] => [b, JSON_TYPE]) },
  { weight: 2, arbitrary: xmlBody.map((b): [string, string] => [b, XMPP_XML]) },
  { weight: 1, arbitrary: fc.array(fc.tuple(fc.oneof(fc.constantFrom("kind", "type", "to", "body", "ping", "priority", "show"), anyText), anyText), { maxLength: 5 })
    .map((pairs): [string, string] => [pairs.map(([k, v]) => `${pct(k)}=${pct(v)}`).join("&"), FORM]) },
  { weight: 1, arbitrary: anyText.map((b): [string, string] => [b, TEXT]) },
);

const generatedRequest = route.chain((r) => fc.record({
  method: methodFor(r),
  path: fc.option(query, { nil: undefined, freq: 3 }).map((q) => r.path + (q === undefined ? "" : `?${q}`)),
  auth: authChoice,
  accept,
  body: fc.option(body, { nil: undefined, freq: r.method === "GET" ? 2 : 8 }).chain((b): fc.Arbitrary<GeneratedBody> =>
    (b === undefined ? fc.constant({}) : contentTypeFor(b[1]).map((contentType) => ({ body: b[0], contentType })))),
  restTimeout: fc.option(fc.oneof(fc.integer({ min: -3, max: 2 }).map(String), headerText), { nil: undefined }),
  host: fc.oneof({ weight: 12, arbitrary: fc.constant("localhost") }, { weight: 1, arbitrary: fc.constantFrom("LOCALHOST", "localhost:5280", "example.com", "") }),
}));
type Generated = typeof generatedRequest extends fc.Arbitrary<infer T> ? T : never;

function toRequest(g: Generated): RestRequest {
  return {
    method: g.method,
    path: g.path,
    auth: authHeader(g.auth),
    host: g.host,
    ...(g.accept === undefined ? {} : { accept: g.accept }),
    ...(g.restTimeout === undefined ? {} : { restTimeout: g.restTimeout }),
    ...(g.body.body === undefined ? {} : {
      payload: { ...(g.body.contentType === undefined ? {} : { contentType: g.body.contentType }), body: g.body.body },
    }),
  };
}

/** A short description of a generated request for failure messages (bodies cut). */
const describeRequest = (g: Generated): string =>
  JSON.stringify({ ...g, body: { ...g.body, body: g.body.body === undefined ? undefined : String(g.body.body).slice(0, 300) }, auth: authHeader(g.auth)?.slice(0, 80) });

let requestCases = 0;
let headTooLarge = 0;
/** Requests that took over a second, for the summary. */
const slow: string[] = [];
/** How many generated requests got each status, for the summary. */
const statuses = new Map<number, number>();
/** About how many bytes the request line and headers take (enough to tell a head near the limit). */
const headSize = (req: RestRequest): number =>
  (req.path?.length ?? 0) + (req.auth?.length ?? 0) + (req.accept?.length ?? 0) + (req.payload?.contentType?.length ?? 0) +
  String(req.restTimeout ?? "").length + 200;

describe("generated requests", () => {
  it(`${REQUEST_RUNS} requests: never a 5xx, always an answer`, async () => {
    aliceToken = await suite.token("alice");
    const newProblems = logProblemTail(suite.server);
    await fc.assert(
      fc.asyncProperty(generatedRequest, async (g) => {
        requestCases++;
        const bigHead = headSize(toRequest(g)) > PROSODY_HEAD_LIMIT - 512;
        const req = { ...toRequest(g), ...(bigHead ? { timeoutMs: 600 } : {}) };
        let res: Awaited<ReturnType<typeof restRequest>>;
        const started = Date.now();
        try {
          res = await restRequest(suite.server, req);
          const took = Date.now() - started;
          if (took > 1000) slow.push(`${took} ms: ${describeRequest(g).slice(0, 400)} -> ${res.status}`);
        } catch (e) {
          // A request head past net.http.parser's 10 KiB limit never reaches a
          // module: Prosody 13 closes the connection ("header-too-large",
          // logged at debug), 0.12 waits for the end of a head it will never
          // read. Core behaviour; anything else is a failure.
          if (bigHead) {
            headTooLarge++;
            return;
          }
          throw e;
        }
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(res.status, `${describeRequest(g)} -> ${res.body.slice(0, 300)}`).toBeGreaterThanOrEqual(200);
        expect(res.status, `${describeRequest(g)} -> ${res.body.slice(0, 300)}`).toBeLessThan(500);
        expect(newProblems(), `Prosody logged a problem for ${describeRequest(g)}`).toEqual([]);
      }),
      runOptions(REQUEST_RUNS),
    );
  }, fuzzTimeout(REQUEST_RUNS, 200));
});

describe("regressions found by the properties", () => {
  // Found by the generated requests (FUZZ_RUNS=6000, Prosody 13; the same on
  // 0.12, and as bob to bob@localhost): POST /rest/presence/error/alice@localhost as alice, no body ->
  // 500 "Internal error", and in the log:
  //   localhost:rest error Error while sending <presence type='error' from='alice@localhost' to='alice@localhost' ...>:
  //   util/stanza.lua:521: bad argument to error_reply: got stanza of type error which must not be replied to
  // Prosody treats a presence to the sender's own bare JID (or without `to`)
  // as a broadcast; mod_presence answers a broadcast of a type it does not
  // know with st.error_reply, which raises on a stanza of type error. The fix
  // belongs in src/mod_rest/send.ts isBroadcast: it refuses type error too (422 self-presence).
  const cases: Array<[string, () => Promise<RestResponse>]> = [
    ["POST /rest/presence/error/alice@localhost", () => alice().postTo("/presence/error/alice@localhost")],
    ["POST /rest/presence/error/ (no to)", () => alice().postTo("/presence/error/")],
    ["a JSON presence of type error to alice@localhost", () =>
      alice().post(jsonPayload({ kind: "presence", type: "error", to: "alice@localhost", error: { type: "cancel", condition: "gone" } }))],
    ["a JSON presence of type error without to", () =>
      alice().post(jsonPayload({ kind: "presence", type: "error", error: { type: "cancel", condition: "gone" } }))],
  ];
  for (const [name, send] of cases) {
    it(`${name}: refused with 422 self-presence, not a 500`, async () => {
      const res = await send();
      expect(res.status, res.body).toBe(422);
      expect(suite.server.problems()).toEqual([]);
    });
  }
});

describe("afterwards", () => {
  it("a good request still works", async () => {
    const res = await alice().echo(jsonPayload({ kind: "message", type: "chat", to: "bob@localhost", body: "still here" }), { accept: JSON_TYPE });
    expect(res.status).toBe(200);
    expect(res.doc()["body"]).toBe("still here");
  });

  it("generated at least 2,000 cases; Prosody's log has no error or traceback", () => {
    console.log(`mod_rest fuzz: ${validCases} valid documents (each echoed twice), ${requestCases} generated requests (${headTooLarge} with a head past Prosody's 10 KiB limit: not answered by net.http); statuses: ${[...statuses].sort(([a], [b]) => a - b).map(([k, n]) => `${k}: ${n}`).join(", ")}`);
    if (slow.length > 0) console.log(`slow requests:\n${slow.join("\n")}`);
    if (root !== undefined) expect(validCases + requestCases).toBeGreaterThanOrEqual(Math.min(2000, VALID_RUNS + REQUEST_RUNS));
    expect(suite.server.problems()).toEqual([]);
  });
});

