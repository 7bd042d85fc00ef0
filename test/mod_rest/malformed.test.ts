// mod_rest end to end: the malformed battery. Well over 60 malformed
// requests (bad XML, XML bombs and deep nesting, wrong namespaces, huge
// attributes, invalid UTF-8, JSON of every wrong type in every field, forms
// with repeated and empty keys, bad paths and query strings, bad auth
// headers), each answered with a clean 4xx; then generated garbage
// (fast-check): never a 5xx; then a good request still works and Prosody's
// log has no error or traceback.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { basicAuth, rawHttpRequest } from "../harness/http";
import {
  basicAs, COMPONENT, componentAuth, FORM, JSON_TYPE, restRequest, TEXT, useRestSuite, XMPP_XML, type RestRequest,
} from "../harness/rest";
import { connectClient, messageWithBody } from "../harness/xmpp";

const suite = useRestSuite({
  name: "rest-malformed",
  // Stanzas to other domains bounce at once instead of waiting for DNS.
  globalConfig: 'modules_disabled = { "s2s" }',
  config: "  rest_iq_timeout = 2",
  component: true,
});

const ALICE = basicAs("alice");
/** What a test case expects: this status, or any 4xx. */
type Expected = number | "4xx";
interface Case {
  name: string;
  expected: Expected;
  /** A request built with the harness (auth alice unless given)... */
  req?: RestRequest;
  /** ...or raw bytes for the HTTP port. */
  raw?: Buffer;
}

const b = (s: string): Buffer => Buffer.from(s, "utf8");
const cat = (...parts: Array<string | Buffer>): Buffer => Buffer.concat(parts.map((p) => (typeof p === "string" ? b(p) : p)));
const base64 = (data: string | Buffer): string => (typeof data === "string" ? b(data) : data).toString("base64");

const xmlCase = (name: string, body: string | Buffer, expected: Expected): Case =>
  ({ name: `XML: ${name}`, expected, req: { payload: { contentType: XMPP_XML, body } } });
const jsonCase = (name: string, body: string | Buffer, expected: Expected): Case =>
  ({ name: `JSON: ${name}`, expected, req: { payload: { contentType: JSON_TYPE, body } } });
const formCase = (name: string, body: string, expected: Expected): Case =>
  ({ name: `form: ${name}`, expected, req: { payload: { contentType: FORM, body } } });
const pathCase = (name: string, method: string, path: string, expected: Expected, body?: string | Buffer, contentType = TEXT): Case =>
  ({ name: `path: ${name}`, expected, req: { method, path, ...(body === undefined ? {} : { payload: { contentType, body } }) } });
const authCase = (name: string, auth: string): Case =>
  ({ name: `auth: ${name}`, expected: 401, req: { auth, payload: { contentType: TEXT, body: "x" }, path: "/message/chat/bob@localhost" } });
/** A raw request; the path may hold any bytes. */
const rawCase = (name: string, method: string, path: Buffer | string, expected: Expected, headers: string[] = [], body = ""): Case => ({
  name: `raw: ${name}`,
  expected,
  raw: cat(`${method} `, path, " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n",
    `Authorization: ${ALICE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`, ...headers.map((h) => `${h}\r\n`), "\r\n", body),
});

// --- XML -----------------------------------------------------------------------

const laughs = [
  '<?xml version="1.0"?>',
  "<!DOCTYPE lolz [",
  ' <!ENTITY lol "lol">',
  ...Array.from({ length: 9 }, (_, i) => ` <!ENTITY lol${i + 1} "${`&lol${i === 0 ? "" : i};`.repeat(10)}">`),
  "]>",
  '<message to="bob@localhost" type="chat"><body>&lol9;</body></message>',
].join("\n");
const nested = (depth: number): string =>
  `<message to="bob@localhost" type="chat">${"<a>".repeat(depth)}${"</a>".repeat(depth)}</message>`;

const XML_CASES: Case[] = [
  xmlCase("unclosed root", "<message", 400),
  xmlCase("not XML at all", "hello there", 400),
  xmlCase("mismatched tags", "<message><body>hi</message>", 400),
  xmlCase("empty body", "", 400),
  xmlCase("only whitespace", "  \n ", 400),
  xmlCase("billion laughs (entity expansion through a DOCTYPE)", laughs, 400),
  xmlCase("external entity", '<!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]><message to="bob@localhost"><body>&x;</body></message>', 400),
  xmlCase("parameter entity", '<!DOCTYPE m [<!ENTITY % p SYSTEM "http://127.0.0.1:1/x">%p;]><message/>', 400),
  xmlCase("a bare DOCTYPE", '<!DOCTYPE message><message to="bob@localhost"/>', 400),
  xmlCase("two root elements", '<message to="bob@localhost"/><message to="bob@localhost"/>', 400),
  xmlCase("text after the root", '<message to="bob@localhost"><body>x</body></message>trailing', 400),
  xmlCase("deep nesting (10 000)", nested(10_000), "4xx"),
  xmlCase("deep nesting (25 000)", nested(25_000), "4xx"),
  xmlCase("deep nesting in an iq", `<iq type="get" to="localhost"><ping xmlns="urn:xmpp:ping">${"<a>".repeat(5000)}${"</a>".repeat(5000)}</ping></iq>`, "4xx"),
  xmlCase("xmlns jabber:server", '<message xmlns="jabber:server" to="bob@localhost"><body>x</body></message>', 422),
  xmlCase("xmlns of another protocol", '<message xmlns="urn:example" to="bob@localhost"><body>x</body></message>', 422),
  xmlCase("the stream namespace", '<iq xmlns="http://etherx.jabber.org/streams" type="get" to="localhost"><ping xmlns="urn:xmpp:ping"/></iq>', 422),
  xmlCase("an undeclared prefix", '<x:message to="bob@localhost"/>', 400),
  xmlCase("a prefixed stanza in another namespace", '<c:message xmlns:c="urn:example" to="bob@localhost"/>', 422),
  xmlCase("not a stanza", "<foo/>", 422),
  xmlCase("a stream header", "<stream:stream xmlns:stream='http://etherx.jabber.org/streams' to='localhost'>", 400),
  xmlCase("a body element as the root", "<body>hi</body>", 422),
  xmlCase("a huge to attribute", `<message to="${"a".repeat(150_000)}"><body>x</body></message>`, 422),
  xmlCase("a huge from attribute", `<message from="${"a".repeat(150_000)}@localhost" to="bob@localhost"><body>x</body></message>`, 422),
  xmlCase("a huge to node", `<message to="${"a".repeat(2000)}@localhost"><body>x</body></message>`, 422),
  xmlCase("invalid UTF-8 in text", cat('<message to="bob@localhost"><body>', Buffer.from([0xff, 0xfe, 0x41]), "</body></message>"), 400),
  xmlCase("invalid UTF-8 in an attribute", cat('<message to="bob@localhost" id="', Buffer.from([0xc3, 0x28]), '"/>'), 400),
  xmlCase("overlong UTF-8", cat('<message to="bob@localhost"><body>', Buffer.from([0xc0, 0xaf]), "</body></message>"), 400),
  xmlCase("a control character", '<message to="bob@localhost"><body>a\u0001b</body></message>', 400),
  xmlCase("a NUL byte", cat('<message to="bob@localhost"><body>a', Buffer.from([0]), "b</body></message>"), 400),
  xmlCase("an undefined entity", '<message to="bob@localhost"><body>&nope;</body></message>', 400),
  xmlCase("a character reference to NUL", '<message to="bob@localhost"><body>&#0;</body></message>', 400),
  xmlCase("a character reference to a surrogate", '<message to="bob@localhost"><body>&#xD800;</body></message>', 400),
  xmlCase("an unclosed CDATA section", '<message to="bob@localhost"><body><![CDATA[x</body></message>', 400),
  xmlCase("only a comment", "<!-- nothing -->", 400),
  xmlCase("only a processing instruction", "<?pi x?>", 400),
  xmlCase("an empty to", '<message to=""><body>x</body></message>', 422),
  xmlCase("to with two @", '<message to="a@b@c"><body>x</body></message>', 422),
  xmlCase("to with an empty resource", '<message to="bob@localhost/"><body>x</body></message>', 422),
  xmlCase("to with a space", '<message to="bob@local host"><body>x</body></message>', 422),
  xmlCase("an iq of type result", '<iq type="result" to="localhost"><ping xmlns="urn:xmpp:ping"/></iq>', 422),
  xmlCase("an iq without a child", '<iq type="get" to="localhost"/>', 422),
  xmlCase("an iq with two children", '<iq type="set" to="localhost"><a xmlns="urn:x"/><b xmlns="urn:x"/></iq>', 422),
  xmlCase("an iq with only text", '<iq type="get" to="localhost">ping</iq>', 422),
];

// --- JSON ------------------------------------------------------------------------

const WRONG_TYPES: Array<[string, unknown]> = [["a number", 123], ["a boolean", true], ["an array", ["x"]], ["an object", { x: "y" }]];
const withField = (base: Record<string, unknown>, field: string, value: unknown) => JSON.stringify({ ...base, [field]: value });
const MESSAGE = { kind: "message", type: "chat", to: "bob@localhost", body: "x" };
const PRESENCE = { kind: "presence", to: "bob@localhost" };
const IQ = { kind: "iq", type: "get", to: "localhost" };

const JSON_CASES: Case[] = [
  jsonCase("truncated", '{"body":', 400),
  jsonCase("an opening brace", "{", 400),
  jsonCase("single quotes", "{'body':'x'}", 400),
  jsonCase("NaN", "NaN", 400),
  jsonCase("garbage after the object", '{"body":"x"}garbage', 400),
  jsonCase("empty", "", 400),
  jsonCase("a top-level array", "[]", "4xx"),
  jsonCase("a top-level string", '"message"', "4xx"),
  jsonCase("a top-level number", "123", "4xx"),
  jsonCase("a top-level null", "null", "4xx"),
  jsonCase("a top-level true", "true", "4xx"),
  jsonCase("arrays nested 50 000 deep", "[".repeat(50_000) + "]".repeat(50_000), "4xx"),
  jsonCase("objects nested 20 000 deep in the body", '{"to":"bob@localhost","body":' + '{"a":'.repeat(20_000) + "1" + "}".repeat(20_001), "4xx"),
  jsonCase("invalid UTF-8 in a string", cat('{"to":"bob@localhost","body":"', Buffer.from([0xff, 0xfe]), '"}'), "4xx"),
  jsonCase("an escaped NUL in the body", '{"to":"bob@localhost","body":"a\\u0000b"}', "4xx"),
  jsonCase("a lone surrogate in the body", '{"to":"bob@localhost","body":"\\ud800"}', "4xx"),
  jsonCase("a control character in the to", '{"to":"bob@localhost\\u0001","body":"x"}', 422),
  jsonCase("an unknown kind", JSON.stringify({ ...MESSAGE, kind: "stream" }), 422),
  jsonCase("invalid html", JSON.stringify({ ...MESSAGE, html: "<p>unclosed" }), 422),
  jsonCase("html that is not XHTML-IM markup text", JSON.stringify({ ...MESSAGE, html: "<<>>" }), 422),
  jsonCase("a show that does not exist", JSON.stringify({ ...PRESENCE, show: "sleeping" }), 422),
  jsonCase("a priority that is not a number", JSON.stringify({ ...PRESENCE, priority: "high" }), 422),
  jsonCase("a priority out of range", JSON.stringify({ ...PRESENCE, priority: 1000 }), 422),
  jsonCase("a fractional priority", JSON.stringify({ ...PRESENCE, priority: 1.5 }), 422),
  jsonCase("an iq get without a payload", JSON.stringify(IQ), 422),
  jsonCase("an iq with two payloads", JSON.stringify({ ...IQ, ping: true, version: {} }), 422),
  jsonCase("an iq of type result", JSON.stringify({ ...IQ, type: "result", ping: true }), 422),
  // Every wrong type in every field.
  ...["kind", "type", "to", "from", "id", "lang", "body", "subject", "html", "oob_url"].flatMap((field) =>
    WRONG_TYPES.map(([what, value]) => jsonCase(`message ${field} is ${what}`, withField(MESSAGE, field, value), 422))),
  ...WRONG_TYPES.filter(([what]) => what !== "an object").map(([what, value]) =>
    jsonCase(`message thread is ${what}`, withField(MESSAGE, "thread", value), 422)),
  ...["show", "status"].flatMap((field) =>
    WRONG_TYPES.map(([what, value]) => jsonCase(`presence ${field} is ${what}`, withField(PRESENCE, field, value), 422))),
  ...WRONG_TYPES.filter(([what]) => what !== "a number").map(([what, value]) =>
    jsonCase(`presence priority is ${what}`, withField(PRESENCE, "priority", value), 422)),
  ...[["ping", 123], ["ping", ["x"]], ["version", 123], ["version", ["x"]], ["disco", 123], ["disco", ["x"]],
    ["items", 123], ["lastactivity", "soon"], ["lastactivity", 123]].map(([field, value]) =>
    jsonCase(`iq ${String(field)} is ${JSON.stringify(value)}`, withField(IQ, String(field), value), 422)),
  jsonCase("error is a number", withField({ ...MESSAGE, type: "error" }, "error", 123), 422),
  jsonCase("error condition is a number", withField({ ...MESSAGE, type: "error" }, "error", { type: "cancel", condition: 5 }), 422),
];

// --- Forms -----------------------------------------------------------------------

const FORM_CASES: Case[] = [
  formCase("invalid UTF-8 in a value", "to=bob%40localhost&body=%ff%fe", "4xx"),
  formCase("a NUL in a value", "to=bob%40localhost&body=a%00b", "4xx"),
  formCase("a repeated to", "to=bob%40localhost&to=alice%40localhost&body=x", 422),
  formCase("a repeated kind", "kind=message&kind=iq&to=bob%40localhost&body=x", 422),
  formCase("a repeated body", "to=bob%40localhost&body=a&body=b", 422),
  formCase("an empty key", "=x&to=bob%40localhost&body=x", 422),
  formCase("only empty keys", "=&=&=", 422),
  formCase("not a form", "just some text", "4xx"),
  formCase("an unknown kind", "kind=stream&to=bob%40localhost", 422),
  formCase("an invalid to", "kind=message&to=a%40b%40c&body=x", 422),
  formCase("an iq without a payload", "kind=iq&type=get&to=localhost", 422),
  formCase("an iq of type result", "kind=iq&type=result&to=localhost&ping=", 422),
  formCase("a priority that is not a number", "kind=presence&to=bob%40localhost&priority=high", 422),
  formCase("a priority out of range", "kind=presence&to=bob%40localhost&priority=1000", 422),
];

// --- Paths and query strings ----------------------------------------------------------

const PATH_CASES: Case[] = [
  pathCase("an unknown kind", "POST", "/stream/chat/bob@localhost", "4xx", "x"),
  pathCase("a kind without a type", "POST", "/message", "4xx", "x"),
  pathCase("a type with a space", "POST", "/message/ch%20at/bob@localhost", "4xx", "x"),
  pathCase("an invalid to", "POST", "/message/chat/a@b@c", 422, "x"),
  pathCase("invalid UTF-8 in the to", "POST", "/message/chat/bob%ff@localhost", 422, "x"),
  pathCase("a NUL in the to", "POST", "/message/chat/bob%00@localhost", 422, "x"),
  pathCase("a to too long", "POST", `/message/chat/${"x".repeat(3000)}@localhost`, 422, "x"),
  pathCase("invalid UTF-8 in the text body", "POST", "/message/chat/bob@localhost", 400, Buffer.from([0x61, 0xff, 0x62])),
  pathCase("text/plain on an iq path", "POST", "/iq/get/localhost", 422, "ping"),
  pathCase("text/plain with a show that does not exist", "POST", "/presence/available/bob@localhost", 422, "sleeping"),
  pathCase("an unknown iq payload", "POST", "/iq/no_such_payload/localhost", "4xx"),
  pathCase("iq/result", "POST", "/iq/result/localhost", 422),
  pathCase("iq/error", "POST", "/iq/error/localhost", 422),
  pathCase("a JSON body that is not an object on a path", "POST", "/message/chat/bob@localhost", "4xx", "[1,2]", JSON_TYPE),
  pathCase("a JSON body with a wrongly typed field on a path", "POST", "/message/chat/bob@localhost", 422, '{"body":{"x":1}}', JSON_TYPE),
  pathCase("an unknown GET payload", "GET", "/no_such_payload/localhost", "4xx"),
  pathCase("GET with an invalid to", "GET", "/ping/a@b@c", 422),
  pathCase("GET with a NUL in the to", "GET", "/ping/localhost%00", 422),
  pathCase("GET with a bad percent escape in the query", "GET", "/version/localhost?%zz", "4xx"),
  pathCase("GET with invalid UTF-8 in the query", "GET", "/disco/localhost?node=%ff", "4xx"),
  pathCase("GET with a NUL in the query", "GET", "/disco/localhost?node=a%00b", "4xx"),
  pathCase("GET /rest/echo", "GET", "/echo", "4xx"),
  pathCase("GET /rest/", "GET", "/", "4xx"),
  pathCase("PUT /rest", "PUT", "", "4xx", "x"),
  pathCase("DELETE a message path", "DELETE", "/message/chat/bob@localhost", "4xx"),
  pathCase("PATCH /rest/echo", "PATCH", "/echo", "4xx", "x"),
  rawCase("invalid UTF-8 bytes in the path", "GET", cat("/rest/ping/", Buffer.from([0xff, 0xfe]), "@localhost"), "4xx"),
  rawCase("a dot-dot path", "POST", "/rest/message/chat/../../../etc/passwd", "4xx", ["Content-Type: text/plain"], "x"),
];

// --- Authorization headers (fewer than the failures that trip the throttle) -------------

const AUTH_CASES: Case[] = [
  authCase("Basic without credentials", "Basic"),
  authCase("Basic and a space", "Basic "),
  authCase("Basic with padding only", "Basic ===="),
  authCase("Basic without a colon", `Basic ${base64("alice")}`),
  authCase("Basic with an empty username", `Basic ${base64(":alice-pw")}`),
  authCase("Basic with an empty password", `Basic ${base64("alice:")}`),
  authCase("Basic with invalid UTF-8", `Basic ${base64(cat(Buffer.from([0xff, 0xfe]), ":x"))}`),
  authCase("Basic with a NUL in the username", `Basic ${base64("al\0ice:alice-pw")}`),
  authCase("Basic with two @", basicAuth("alice@localhost@x", "alice-pw")),
  authCase("Basic with a 5000-byte username", basicAuth("x".repeat(5000), "pw")),
  authCase("Basic with trailing garbage", `${ALICE} extra`),
  authCase("Bearer alone", "Bearer"),
  authCase("Bearer with a 10 000-byte token", `Bearer ${"A".repeat(10_000)}`),
  authCase("Bearer with a malformed 13-style token", `Bearer secret-token:${base64("2;x;y")}`),
  authCase("an unknown scheme", "Negotiate abc"),
  authCase("only spaces", "   "),
];

const CASES = [...XML_CASES, ...JSON_CASES, ...FORM_CASES, ...PATH_CASES, ...AUTH_CASES];

/**
 * Odd requests with a defensible meaning, which the module may accept: each
 * must get an answer below 500 and leave no error in the log.
 */
const LENIENT_CASES: Case[] = [
  // Well-formed XML in UTF-16 with a byte order mark: expat reads it.
  xmlCase("UTF-16 with a BOM", Buffer.from('\ufeff<message to="nobody@localhost"/>', "utf16le"), "4xx"),
  // The WHATWG form parser keeps a bad percent escape as it is.
  formCase("a bad percent escape", "to=nobody%40localhost&body=%zz", "4xx"),
  formCase("a bad percent escape in a key", "%zz=1&to=nobody%40localhost&body=x", "4xx"),
  // An unknown field is ignored, however deep its value.
  jsonCase("objects nested 20 000 deep in an unknown field", '{"to":"nobody@localhost","a":' + '{"a":'.repeat(20_000) + "1" + "}".repeat(20_001), "4xx"),
  pathCase("GET /rest (a redirect to /rest/ is fine)", "GET", "", "4xx"),
  pathCase("a JSON null body", "POST", "", "4xx", "null", JSON_TYPE),
  xmlCase("an XML declaration", '<?xml version="1.0" encoding="UTF-8"?><message to="nobody@localhost"/>', "4xx"),
  xmlCase("an XML declaration of another encoding", '<?xml version="1.0" encoding="ISO-8859-1"?><message to="nobody@localhost"><body>\xe9</body></message>', "4xx"),
  xmlCase("20 000 attributes", `<message to="nobody@localhost"${Array.from({ length: 20_000 }, (_, i) => ` a${i}="x"`).join("")}/>`, "4xx"),
];

/** Sends a case; resolves with the status (0: no answer). */
async function send(c: Case): Promise<{ status: number; body: string }> {
  if (c.raw !== undefined) {
    const res = await rawHttpRequest(suite.server, c.raw);
    return { status: res.status ?? 0, body: res.text.slice(0, 400) };
  }
  const res = await restRequest(suite.server, { auth: ALICE, accept: JSON_TYPE, ...c.req! });
  return { status: res.status, body: res.body.slice(0, 400) };
}

describe(`the malformed battery (${CASES.length} requests)`, () => {
  it("has at least 60 cases", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
  });

  it.each(CASES.map((c) => [c.name, c] as const))("%s: a clean 4xx", async (_name, c) => {
    const { status, body } = await send(c);
    if (c.expected === "4xx") {
      expect(status, body).toBeGreaterThanOrEqual(400);
      expect(status, body).toBeLessThan(500);
    } else {
      expect(status, body).toBe(c.expected);
    }
  });

  it.each(LENIENT_CASES.map((c) => [c.name, c] as const))("%s: accepted or refused, never a 5xx", async (_name, c) => {
    const { status, body } = await send(c);
    expect(status, body).toBeGreaterThanOrEqual(200);
    expect(status, body).toBeLessThan(500);
  });

  it("JSON null in every field: never a 5xx", async () => {
    const fields = ["kind", "type", "to", "from", "id", "lang", "body", "subject", "thread", "html", "oob_url", "show", "status", "priority", "error"];
    for (const field of fields) {
      for (const base of [MESSAGE, PRESENCE]) {
        const { status, body } = await send(jsonCase(field, withField(base, field, null), "4xx"));
        expect(status, `${field}: ${body}`).toBeLessThan(500);
      }
    }
  });

  it("Prosody's log has no error or traceback after the battery", () => {
    expect(suite.server.problems()).toEqual([]);
  });
});

// --- Generated garbage ----------------------------------------------------------------

/** Percent-encodes every byte of a string's UTF-8 (or of raw bytes) that is not unreserved. */
const pct = (s: string | Uint8Array): string =>
  [...Buffer.from(s)].map((byte) => (/[A-Za-z0-9\-._~@]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).padStart(2, "0")}`)).join("");

/** Printable ASCII: what node:http lets through in a header value. */
const headerText = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 });
const anyText = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: "binary", maxLength: 40 }), fc.string({ unit: "grapheme", maxLength: 20 }));

const segment = fc.oneof(
  fc.constantFrom("message", "presence", "iq", "chat", "groupchat", "get", "set", "result", "ping", "version", "disco", "items",
    "lastactivity", "archive", "upload_request", "echo", "bob@localhost", "bob@localhost/phone", "localhost", "nobody@localhost",
    "", "a@b@c", "%ff", "%00", "..", "%2F"),
  anyText.map(pct),
  fc.uint8Array({ maxLength: 12 }).map(pct),
);
const path = fc.tuple(fc.array(segment, { maxLength: 4 }), fc.option(fc.oneof(anyText.map(pct), fc.constant("node=x&node=y")), { nil: undefined }))
  .map(([parts, query]) => (parts.length === 0 ? "" : `/${parts.join("/")}`) + (query === undefined ? "" : `?${query}`));

const xmlName = fc.constantFrom("message", "presence", "iq", "body", "subject", "query", "ping", "show", "x", "a:b", "stream:stream", "1bad", "");
const attrName = fc.constantFrom("to", "from", "id", "type", "xml:lang", "xmlns", "xmlns:a", "foo", "");
const attrValue = fc.oneof(
  fc.constantFrom("bob@localhost", "localhost", "nobody@localhost", "get", "set", "result", "chat", "error", "jabber:client",
    "urn:xmpp:ping", "jabber:iq:version", "a@b@c", "", "&amp;", "&bad;", "\"", "<"),
  anyText,
);
interface XmlNode { name: string; attrs: Array<[string, string]>; children: Array<XmlNode | string> }
const { node: xmlNode } = fc.letrec<{ node: XmlNode }>((tie) => ({
  node: fc.record({
    name: xmlName,
    attrs: fc.array(fc.tuple(attrName, attrValue), { maxLength: 4 }),
    children: fc.array(fc.oneof({ depthSize: "small" }, anyText, tie("node")), { maxLength: 3 }),
  }),
}));
/** Serialises a generated tree, escaping or not (unescaped text and values make malformed XML). */
const serialise = (node: XmlNode, escape: boolean): string => {
  const esc = (s: string) => (escape ? s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;") : s);
  const attrs = node.attrs.map(([k, v]) => ` ${k}="${esc(v)}"`).join("");
  const inner = node.children.map((c) => (typeof c === "string" ? esc(c) : serialise(c, escape))).join("");
  return `<${node.name}${attrs}>${inner}</${node.name}>`;
};

const jsonKey = fc.constantFrom("kind", "type", "to", "from", "id", "lang", "body", "subject", "thread", "html", "oob_url", "show",
  "status", "priority", "ping", "version", "disco", "items", "lastactivity", "error", "xmpp", "payload", "archive", "upload_request");
const jsonValue = fc.oneof(
  fc.constantFrom("message", "presence", "iq", "chat", "get", "set", "result", "error", "available", "bob@localhost", "localhost",
    "nobody@localhost", "", "a@b@c", "<p>x</p>", "<p>", true, false, null, 0, -1, 128, 1.5, 1e308),
  fc.jsonValue({ maxDepth: 2 }),
);

/** A generated JSON value as form text: String() throws on the null-prototype objects fast-check makes. */
const asFormValue = (value: unknown): string => (typeof value === "string" ? value : JSON.stringify(value) ?? "");

const body = fc.oneof(
  fc.tuple(xmlNode, fc.boolean()).map(([node, escape]) => serialise(node, escape)),
  fc.dictionary(jsonKey, jsonValue, { maxKeys: 6 }).map((doc) => JSON.stringify(doc)),
  fc.json({ maxDepth: 3 }),
  fc.array(fc.tuple(fc.oneof(jsonKey, anyText), fc.oneof(jsonValue.map(asFormValue), anyText)), { maxLength: 6 })
    .map((pairs) => pairs.map(([k, v]) => `${pct(k)}=${pct(v)}`).join("&")),
  anyText,
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
);
const contentType = fc.option(fc.oneof(
  fc.constantFrom(XMPP_XML, JSON_TYPE, FORM, TEXT, `${JSON_TYPE}; charset=utf-8`, `${XMPP_XML};charset=latin1`, "text/xml", "multipart/form-data"),
  headerText,
), { nil: undefined });
const accept = fc.option(fc.oneof(
  fc.constantFrom(XMPP_XML, JSON_TYPE, FORM, TEXT, "*/*", "application/json;q=0", "application/*;q=0.5, text/plain;q=0.9", "image/png"),
  headerText,
), { nil: undefined });
const restTimeout = fc.option(fc.oneof(fc.integer({ min: -3, max: 2 }).map(String), headerText), { nil: undefined });
const method = fc.constantFrom("GET", "POST", "POST", "POST", "PUT", "DELETE", "OPTIONS", "HEAD");

const generatedRequest = fc.record({ method, path, contentType, body: fc.option(body, { nil: undefined }), accept, restTimeout });
type Generated = typeof generatedRequest extends fc.Arbitrary<infer T> ? T : never;

const toRequest = (g: Generated, auth: string | null, host = "localhost"): RestRequest => ({
  method: g.method,
  path: g.path,
  auth,
  host,
  ...(g.accept === undefined ? {} : { accept: g.accept }),
  ...(g.restTimeout === undefined ? {} : { restTimeout: g.restTimeout }),
  ...(g.body === undefined && g.contentType === undefined ? {} : {
    payload: { ...(g.contentType === undefined ? {} : { contentType: g.contentType }), ...(g.body === undefined ? {} : { body: g.body }) },
  }),
});

describe("generated garbage (fast-check)", () => {
  it("a few hundred generated requests as alice: never a 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(generatedRequest, async (g) => {
        const res = await restRequest(suite.server, toRequest(g, ALICE));
        expect(res.status, `${g.method} /rest${g.path}: ${res.body.slice(0, 300)}`).toBeGreaterThanOrEqual(200);
        expect(res.status, `${g.method} /rest${g.path}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
  }, 180_000);

  it("generated Authorization headers on the Component: never a 5xx", async () => {
    const authHeader = fc.oneof(
      headerText,
      fc.tuple(fc.constantFrom("Basic", "Bearer", "basic", "Digest", ""), headerText).map(([scheme, rest]) => `${scheme} ${rest}`),
      fc.tuple(anyText, anyText).map(([user, pw]) => basicAuth(user, pw)),
      fc.string({ maxLength: 30 }).map((pw) => componentAuth(pw)),
    );
    await fc.assert(
      fc.asyncProperty(authHeader, generatedRequest, async (auth, g) => {
        const res = await restRequest(suite.server, toRequest(g, auth, COMPONENT));
        expect(res.status, `${auth}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
      }),
      { numRuns: 100 },
    );
  }, 120_000);
});

describe("afterwards", () => {
  it("a good request still works: bob receives alice's message", async () => {
    const bob = await connectClient(suite.server, "bob", "bob-pw", "after");
    try {
      const received = messageWithBody(bob, "still standing");
      const res = await restRequest(suite.server, {
        auth: ALICE, payload: { contentType: JSON_TYPE, body: JSON.stringify({ to: "bob@localhost/after", type: "chat", body: "still standing" }) },
      });
      expect(res.status).toBe(202);
      await received;
    } finally {
      await bob.stop();
    }
  });

  it("and an iq still gets its reply", async () => {
    const res = await restRequest(suite.server, { auth: ALICE, path: "/ping/localhost" });
    expect(res.status).toBe(200);
  });

  it("Prosody's log has no error or traceback", () => {
    expect(suite.server.problems()).toEqual([]);
  });
});
