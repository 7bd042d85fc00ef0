// Shared fast-check arbitraries for the property-based fuzz suites
// (test/*/fuzz.test.ts): HTTP requests (methods, paths, headers, bodies in
// every format the modules accept, plus random bytes, invalid UTF-8, deep
// nesting and huge values), sent byte for byte so nothing is sanitised on the
// way, and webhook answers for the modules that call endpoints.

import fc from "fast-check";
import * as fs from "node:fs";
import * as path from "node:path";
import { findProblems, type ProsodyServer } from "./prosody.js";
import { rawHttpRequest } from "./http.js";
import { sleep } from "./util.js";
import type { WebhookReply } from "./webhook.js";

/**
 * Generated cases per property: FUZZ_RUNS from the environment (`make soak`
 * sets 100000), else `fallback` (what `make test` runs).
 */
export function fuzzRuns(fallback: number): number {
  const fromEnv = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : fallback;
}

/** Seed for fast-check: FUZZ_SEED if set (to replay a reported failure), else random. */
export function fuzzSeed(): number | undefined {
  const fromEnv = Number(process.env.FUZZ_SEED);
  return process.env.FUZZ_SEED !== undefined && Number.isInteger(fromEnv) ? fromEnv : undefined;
}

/** A vitest timeout for `runs` cases of about `msPerCase` each, plus startup slack. */
export function fuzzTimeout(runs: number, msPerCase: number): number {
  return 60_000 + runs * msPerCase;
}

/**
 * Problems (errors, tracebacks) Prosody logged since the last call: reads only
 * the new part of the log, so a property can check it after every case.
 */
export function logProblemTail(server: ProsodyServer): () => string[] {
  const logPath = path.join(server.dir, "prosody.log");
  let offset = fs.statSync(logPath).size;
  return () => {
    const size = fs.statSync(logPath).size;
    if (size <= offset) return [];
    const chunk = Buffer.alloc(size - offset);
    const fd = fs.openSync(logPath, "r");
    try {
      fs.readSync(fd, chunk, 0, chunk.length, offset);
    } finally {
      fs.closeSync(fd);
    }
    // Only whole lines: a half-written entry is read on the next call.
    const end = chunk.lastIndexOf(0x0a) + 1;
    offset += end;
    return findProblems(chunk.subarray(0, end).toString("utf8"));
  };
}

// ---------------------------------------------------------------- bytes and text

/** Byte sequences that are not UTF-8: lone continuation bytes, overlongs, surrogates, truncated sequences, 0xFE/0xFF. */
export const invalidUtf8: fc.Arbitrary<Buffer> = fc
  .constantFrom(
    [0x80], [0xbf], [0xc0, 0x80], [0xc1, 0xbf], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf],
    [0xf0, 0x80, 0x80, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xfe], [0xff],
    [0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xc3, 0x28], [0xe2, 0x28, 0xa1],
  )
  .map((bytes) => Buffer.from(bytes));

/** Random bytes, sometimes with invalid UTF-8 spliced into UTF-8 text. */
export const randomBytes: fc.Arbitrary<Buffer> = fc.oneof(
  fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
  fc.tuple(fc.string({ unit: "grapheme", maxLength: 30 }), invalidUtf8, fc.string({ maxLength: 30 }))
    .map(([a, bad, b]) => Buffer.concat([Buffer.from(a, "utf8"), bad, Buffer.from(b, "utf8")])),
);

/** Text: ASCII, any Unicode (astral planes included), control characters, XML-special characters. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 3, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom("", " ", "\u0000", "\u0007", "\u001b[31m", "\r\n", "\uFFFE", "\uFFFF", "\uD800", "<", "&", "]]>", "<![CDATA[x]]>", "&amp;", "&#0;", "\u202E", "null", "__hash", "__array") },
);

/** Large values: strings from 1 KiB to 300 KiB. */
export const hugeText: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(1024, 4096, 65_536, 200_000, 300_000), fc.constantFrom("x", "é", "😀", "<", "\\"))
  .map(([size, unit]) => unit.repeat(Math.ceil(size / Buffer.byteLength(unit))));

/** Deeply nested JSON text (arrays or objects), well-formed or cut off. */
export const deepJson: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 50, max: 50_000 }), fc.boolean(), fc.boolean())
  .map(([depth, asObject, closed]) => {
    const open = asObject ? '{"a":'.repeat(depth) : "[".repeat(depth);
    const close = asObject ? "}".repeat(depth) : "]".repeat(depth);
    return closed ? `${open}1${close}` : open;
  });

/** JSON text of any value, nested a few levels, sometimes with duplicate keys or trailing garbage. */
export const jsonText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.constantFrom('{"a":1,"a":2}', "{} x", "{", '{"a":}', "[1,]", "NaN", "1e999", "-0", '"\\ud800"', "{'a':1}", "\ufeff{}", "{}\u0000") },
  { weight: 1, arbitrary: deepJson },
);

// ---------------------------------------------------------------- HTTP requests

/** A header as sent: name and raw value bytes (may hold anything but CR/LF). */
export type RawHeader = [string, string | Buffer];

export interface FuzzRequest {
  method: string;
  /** Request target as sent, e.g. "/msg/bob%40localhost" (may be malformed). */
  path: string;
  headers: RawHeader[];
  body: Buffer;
}

/** Methods: the usual ones, lower case, unknown tokens. */
export const httpMethod: fc.Arbitrary<string> = fc.oneof(
  { weight: 16, arbitrary: fc.constant("POST") },
  { weight: 3, arbitrary: fc.constantFrom("GET", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD") },
  { weight: 1, arbitrary: fc.constantFrom("post", "BREW", "PROPFIND", "CONNECT", "X") },
);

/** One path segment: plain, percent-encoded from any text, raw bytes percent-encoded, or dot segments. */
export const pathSegment: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.stringMatching(/^[a-z0-9._~-]{0,12}$/) },
  { weight: 2, arbitrary: anyText.map((s) => encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, "?"))) },
  { weight: 1, arbitrary: randomBytes.map((b) => [...b].map((x) => "%" + x.toString(16).padStart(2, "0")).join("")) },
  { weight: 1, arbitrary: fc.constantFrom("..", ".", "%2e%2e", "%00", "%", "%zz", "%2F", "@", "%40") },
);

/** A path under `base` ("/msg"): the base itself, one or more segments, a query, or a path outside it. */
export function pathUnder(base: string, segments: fc.Arbitrary<string> = pathSegment): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.array(segments, { minLength: 1, maxLength: 3 }).map((s) => `${base}/${s.join("/")}`) },
    { weight: 1, arbitrary: fc.constantFrom(base, `${base}/`, `${base}//`, `${base}?x=1`, "/", "/nowhere", "*", `${base}/${"a".repeat(5000)}`) },
    { weight: 1, arbitrary: fc.tuple(segments, anyText).map(([s, q]) => `${base}/${s}?${encodeURIComponent(q.replace(/[\uD800-\uDFFF]/g, "?"))}`) },
  );
}

/** Content-Type values for one media type: exact, other case, with parameters, with garbage. */
export function contentTypeVariants(mediaType: string): fc.Arbitrary<string> {
  return fc.constantFrom(
    mediaType,
    mediaType.toUpperCase(),
    `${mediaType}; charset=utf-8`,
    `${mediaType};charset="UTF-8"`,
    `${mediaType} ; q=1 ; x`,
    `${mediaType}; charset=latin1`,
    ` ${mediaType}`,
    `${mediaType};`,
    `${mediaType}x`,
  );
}

/** Content-Type headers: variants of the accepted types, other types, garbage, or none (null). */
export function contentType(accepted: string[]): fc.Arbitrary<string | null> {
  return fc.oneof(
    { weight: 10, arbitrary: fc.constantFrom(...accepted).chain(contentTypeVariants) },
    { weight: 1, arbitrary: fc.constantFrom("application/xml", "text/html", "multipart/form-data; boundary=x", "application/octet-stream", "*/*", "", ";;;", "application/", "/json", "json") },
    { weight: 1, arbitrary: fc.constant(null) },
  );
}

/** The Authorization header for a Basic user:password, given as raw bytes (may be invalid UTF-8). */
export function basicOf(credentials: string | Buffer): string {
  return "Basic " + Buffer.from(credentials).toString("base64");
}

export interface Credential {
  /** The Authorization value, or null for none. */
  header: string | Buffer | null;
  /** Whose credentials these are if they are valid (user@host), else null. */
  validFor: string | null;
}

/**
 * Authorization headers: the valid ones given (user, password, bare JID), and
 * wrong passwords, unknown users, other hosts, malformed Basic, invalid UTF-8,
 * bogus Bearer tokens, other schemes, huge values, none.
 */
export function authorization(valid: Array<[user: string, password: string, jid: string]>): fc.Arbitrary<Credential> {
  const invalid: fc.Arbitrary<string | Buffer | null> = fc.oneof(
    fc.constantFrom(...valid).chain(([user, password]) =>
      fc.constantFrom(basicOf(`${user}:${password}x`), basicOf(`${user}:`), basicOf(`${user}:${password.toUpperCase()}`), basicOf(`${user}@elsewhere.example:${password}`), basicOf(`${user}`))),
    anyText.map((s) => basicOf(`${s}:${s}`)),
    fc.tuple(invalidUtf8, anyText).map(([bad, pw]) => basicOf(Buffer.concat([bad, Buffer.from(`:${pw}`)]))),
    anyText.map((s) => `Bearer ${Buffer.from(s).toString("base64")}`),
    fc.constantFrom("Basic", "Basic ", "Basic ====", "Basic !!!", "Bearer", "Bearer ", "Digest x", "basic", "Negotiate abc", "x".repeat(9000)),
    randomBytes.filter((b) => !b.includes(0x0d) && !b.includes(0x0a)),
    fc.constant(null),
  );
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...valid).chain(([user, password, jid]) =>
      fc.constantFrom(basicOf(`${user}:${password}`), basicOf(`${jid}:${password}`), `basic ${Buffer.from(`${user}:${password}`).toString("base64")}`)
        .map((header): Credential => ({ header, validFor: jid }))) },
    { weight: 1, arbitrary: invalid.map((header): Credential => ({ header, validFor: null })) },
  );
}

/** Extra headers that should change nothing: Accept variants, duplicates, odd names, long values. */
export const extraHeaders: fc.Arbitrary<RawHeader[]> = fc.array(
  fc.oneof(
    fc.constantFrom<RawHeader>(
      ["Accept", "application/json"], ["Accept", "text/plain"], ["Accept", "*/*;q=0"], ["Accept", "garbage,,;"],
      ["Origin", "http://evil.example"], ["X-Forwarded-For", "1.2.3.4"], ["Expect", "100-continue"],
      ["Accept-Encoding", "gzip"], ["Cookie", "a=b"], ["X-Long", "v".repeat(4000)],
    ),
    fc.tuple(fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,15}$/), randomBytes.filter((b) => !b.includes(0x0d) && !b.includes(0x0a)))
      .map(([name, value]): RawHeader => [`X-${name}`, value]),
  ),
  { maxLength: 3 },
);

/** A form body from these fields (any subset, values any text, sometimes repeated or malformed). */
export function formBody(fields: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<string> {
  const pairs = Object.entries(fields).map(([name, value]) =>
    fc.option(value.map((v) => `${encodeURIComponent(name)}=${encodeURIComponent(v.replace(/[\uD800-\uDFFF]/g, "?"))}`), { nil: undefined }));
  return fc.oneof(
    { weight: 4, arbitrary: fc.tuple(...pairs).map((p) => p.filter((x): x is string => x !== undefined).join("&")) },
    { weight: 1, arbitrary: fc.constantFrom("=", "&&&", "body", "body=%", "body=%FF", "body=%00", "body=a&body=b", "body=a+b%20c", "to=&body=", "%=%") },
  );
}

/** A JSON body from these fields: any subset, each value of its arbitrary or of a wrong type. */
export function jsonObjectBody(fields: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<string> {
  const wrong = fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.array(fc.string(), { maxLength: 2 }), fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }));
  const entries = Object.entries(fields).map(([name, value]) =>
    fc.option(fc.oneof({ weight: 5, arbitrary: value }, { weight: 1, arbitrary: wrong }).map((v) => [name, v] as const), { nil: undefined }));
  return fc.tuple(...entries, fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 2 }))
    .map((parts) => {
      const extra = parts.pop() as Record<string, unknown>;
      const object: Record<string, unknown> = { ...extra };
      for (const entry of parts as Array<readonly [string, unknown] | undefined>) {
        if (entry) object[entry[0]] = entry[1];
      }
      return JSON.stringify(object);
    });
}

/** Writes a request exactly as given (no header validation), Host and Content-Length added unless present. */
export function rawRequestBytes(req: FuzzRequest, host = "localhost"): Buffer {
  const lines: Buffer[] = [Buffer.from(`${req.method} ${req.path} HTTP/1.1\r\n`, "latin1")];
  const names = new Set(req.headers.map(([name]) => name.toLowerCase()));
  const headers: RawHeader[] = [...req.headers];
  if (!names.has("host")) headers.unshift(["Host", host]);
  if (!names.has("content-length")) headers.push(["Content-Length", String(req.body.length)]);
  headers.push(["Connection", "close"]);
  for (const [name, value] of headers) {
    lines.push(Buffer.from(`${name}: `, "latin1"), Buffer.isBuffer(value) ? value : Buffer.from(value, "utf8"), Buffer.from("\r\n"));
  }
  lines.push(Buffer.from("\r\n"), req.body);
  return Buffer.concat(lines);
}

/**
 * Prosody's HTTP parser (net.http.parser) takes at most 10 KiB of request
 * line and headers, and closes the connection without an answer beyond that.
 */
export const PROSODY_HEAD_LIMIT = 10 * 1024;

/** Size of the request line and headers as rawRequestBytes writes them. */
export function headSize(req: FuzzRequest): number {
  return rawRequestBytes(req).length - req.body.length;
}

export interface FuzzResponse {
  /** null when the server closed or reset without a status line. */
  status: number | null;
  headers: Record<string, string>;
  body: string;
  timedOut: boolean;
}

/** Sends a generated request byte for byte to Prosody's HTTP port and parses the answer. */
export async function sendFuzzRequest(server: ProsodyServer, req: FuzzRequest, timeoutMs = 10_000): Promise<FuzzResponse> {
  const res = await rawHttpRequest(server, rawRequestBytes(req), timeoutMs);
  const headEnd = res.raw.indexOf("\r\n\r\n");
  const head = headEnd < 0 ? res.text : res.raw.subarray(0, headEnd).toString("latin1");
  const headers: Record<string, string> = {};
  for (const line of head.split("\r\n").slice(1)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = headEnd < 0 ? "" : res.raw.subarray(headEnd + 4).toString("utf8");
  return { status: res.status, headers, body, timedOut: res.timedOut };
}

/** A short description of a request for failure messages (bodies cut to 300 bytes). */
export function describeRequest(req: FuzzRequest): string {
  const show = (v: string | Buffer): string => (Buffer.isBuffer(v) ? `<bytes ${v.toString("hex").slice(0, 120)}>` : JSON.stringify(v.slice(0, 200)));
  return [
    `${req.method} ${req.path.slice(0, 300)}`,
    ...req.headers.map(([n, v]) => `  ${n}: ${show(v)}`),
    `  body (${req.body.length} bytes): ${JSON.stringify(req.body.subarray(0, 300).toString("utf8"))}`,
  ].join("\n");
}

// ---------------------------------------------------------------- webhook answers

/** A webhook answer: a reply, a delay before it, or no answer at all ("hang"). */
export interface FuzzAnswer {
  reply: WebhookReply | "hang";
  /** Milliseconds to wait before answering. */
  delayMs: number;
}

/** Status codes, the common ones weighted up, with odd and out-of-range ones. */
export const webhookStatus: fc.Arbitrary<number> = fc.oneof(
  { weight: 8, arbitrary: fc.constant(200) },
  { weight: 3, arbitrary: fc.constantFrom(201, 202, 204, 299, 400, 401, 403, 404, 410, 500, 501, 502, 503, 504) },
  { weight: 1, arbitrary: fc.constantFrom(203, 206, 300, 301, 302, 304, 307, 402, 405, 408, 418, 429, 451, 505, 599, 600, 999) },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 999 }) },
);

/** Answer headers: a Content-Type of JSON (variants), another type, or none; sometimes extra headers. */
export const webhookHeaders: fc.Arbitrary<Record<string, string>> = fc
  .tuple(
    fc.oneof(
      { weight: 6, arbitrary: contentTypeVariants("application/json") },
      { weight: 1, arbitrary: fc.constantFrom("text/plain", "application/xml", "application/jsonx", "", "application/json-seq") },
      { weight: 1, arbitrary: fc.constant(null) },
    ),
    fc.constantFrom<Record<string, string>>({}, {}, { "X-Odd": "v".repeat(2000) }, { "Set-Cookie": "a=b" }, { Location: "http://127.0.0.1:1/" }, { "Content-Encoding": "gzip" }),
  )
  .map(([type, extra]) => (type === null ? extra : { "Content-Type": type, ...extra }));

/**
 * Answer bodies: a valid reply object from `replyObject`, other JSON,
 * garbage, invalid UTF-8, deep nesting, huge (over and under 512 KiB), empty.
 */
export function webhookBody(replyObject: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<string | Buffer> {
  return fc.oneof(
    { weight: 8, arbitrary: replyObject.map((o) => JSON.stringify(o)) },
    { weight: 2, arbitrary: jsonText },
    { weight: 1, arbitrary: randomBytes },
    { weight: 1, arbitrary: fc.constantFrom("", " ", "{}", "[]", "null") },
    { weight: 1, arbitrary: fc.constantFrom(100_000, 600_000).map((n) => JSON.stringify({ body: "b".repeat(n) })) },
  );
}

/**
 * Webhook answers: mostly immediate, some delayed under `timeoutMs`, a few
 * that never come (the module's timeout answers those).
 */
export function webhookAnswer(replyObject: fc.Arbitrary<Record<string, unknown>>, timeoutMs: number): fc.Arbitrary<FuzzAnswer> {
  const reply = fc.record({ status: webhookStatus, headers: webhookHeaders, body: webhookBody(replyObject) });
  return fc.oneof(
    { weight: 40, arbitrary: reply.map((r): FuzzAnswer => ({ reply: r, delayMs: 0 })) },
    { weight: 2, arbitrary: fc.tuple(reply, fc.integer({ min: 1, max: Math.floor(timeoutMs / 2) })).map(([r, delayMs]): FuzzAnswer => ({ reply: r, delayMs })) },
    { weight: 1, arbitrary: fc.constant<FuzzAnswer>({ reply: "hang", delayMs: 0 }) },
  );
}

/** Plays a generated answer in a webhook handler. */
export async function playAnswer(answer: FuzzAnswer): Promise<WebhookReply | "hang"> {
  if (answer.delayMs > 0) await sleep(answer.delayMs);
  return answer.reply;
}
