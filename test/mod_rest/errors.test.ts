// mod_rest end to end: the error registry (status + condition per case),
// error bodies by Accept with q-values (JSON, XML, text), the output format
// of stanzas (Accept, else the request's Content-Type, else XML), the 413
// size limit, 415, and that other modules' errors are left alone.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { basicAuth, httpRequest, rawHttpRequest } from "../harness/http";
import { luaString } from "../harness/prosody";
import {
  COMPONENT_SECRET, expectRestError, expectStatus, FORM, formPayload, JSON_TYPE, jsonPayload, NS, restError, textPayload, useRestSuite,
  restComponent, XMPP_XML, xmlPayload, type Payload, type RestResponse,
} from "../harness/rest";
import { messageWithBody } from "../harness/xmpp";

/** The default rest_stanza_size_limit (192 KiB). */
const SIZE_LIMIT = 196608;

/** A stand-in for Swagger-UI's dist/ folder, served with rest_demo_resources. */
const DEMO_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "rest-demo-resources-"));
fs.writeFileSync(path.join(DEMO_DIR, "index.html"),
  '<html><script>window.ui = SwaggerUIBundle({ url: "https://petstore.swagger.io/v2/swagger.json", dom_id: "#ui" });</script></html>\n');
fs.writeFileSync(path.join(DEMO_DIR, "swagger-ui.css"), "body { margin: 0 }\n");

const suite = useRestSuite({
  name: "rest-errors",
  modules: ["post_msg"],
  clients: { bob: "phone" },
  components: [
    restComponent("moved.localhost", COMPONENT_SECRET, '  http_paths = { rest = "/api" }'),
    restComponent("demo.localhost", COMPONENT_SECRET, `  rest_demo_resources = ${luaString(DEMO_DIR)}`),
  ],
});
afterAll(() => fs.rmSync(DEMO_DIR, { recursive: true, force: true }));
const alice = suite.as("alice");

const message = (body = "hi") => xmlPayload(`<message to="bob@localhost" type="chat"><body>${body}</body></message>`);

describe("the error registry", () => {
  it.each<[string, number, string, () => Promise<RestResponse>]>([
    ["no credentials", 401, "not-authorized", () => suite.withAuth(null).post(message(), { accept: JSON_TYPE })],
    ["credentials refused", 401, "not-authorized", () => suite.as("alice", "wrong").post(message(), { accept: JSON_TYPE })],
    ["unparseable XML", 400, "not-well-formed", () => alice.post(xmlPayload("<message"), { accept: JSON_TYPE })],
    ["unparseable JSON", 400, "not-well-formed", () => alice.post({ contentType: JSON_TYPE, body: "{" }, { accept: JSON_TYPE })],
    ["xmlns not jabber:client", 422, "invalid-namespace", () => alice.post(xmlPayload('<message xmlns="jabber:server" to="bob@localhost"/>'), { accept: JSON_TYPE })],
    ["not message/presence/iq", 422, "unsupported-stanza-type", () => alice.post(xmlPayload('<stream to="localhost"/>'), { accept: JSON_TYPE })],
    ["JSON kind not message/presence/iq", 422, "unsupported-stanza-type", () => alice.post(jsonPayload({ kind: "stream", to: "bob@localhost" }), { accept: JSON_TYPE })],
    ["invalid to", 422, "improper-addressing", () => alice.post(xmlPayload('<message to="a@b@c"><body>x</body></message>'), { accept: JSON_TYPE })],
    ["invalid to in JSON (the community module dropped it and sent to the sender)", 422, "improper-addressing", () => alice.post(jsonPayload({ to: "a@b@c", body: "x" }), { accept: JSON_TYPE })],
    ["invalid from", 422, "invalid-from", () => alice.post(xmlPayload('<message from="@@" to="bob@localhost"><body>x</body></message>'), { accept: JSON_TYPE })],
    ["from not allowed", 403, "not-authorized", () => alice.post(xmlPayload('<message from="bob@localhost" to="bob@localhost"><body>x</body></message>'), { accept: JSON_TYPE })],
    ["iq type not get/set", 422, "invalid-xml", () => alice.post(xmlPayload('<iq type="result" to="localhost"><ping xmlns="urn:xmpp:ping"/></iq>'), { accept: JSON_TYPE })],
    ["iq without exactly one child", 422, "bad-format", () => alice.post(xmlPayload('<iq type="get" to="localhost"/>'), { accept: JSON_TYPE })],
    ["unsupported media type", 415, "bad-format", () => alice.post({ contentType: "application/octet-stream", body: "x" }, { accept: JSON_TYPE })],
    ["body over the size limit", 413, "resource-constraint", () => alice.post(message("x".repeat(SIZE_LIMIT)), { accept: JSON_TYPE })],
  ])("%s: %i %s, JSON body {type, error: {type, condition, text}, code}", async (_what, status, condition, send) => {
    const res = await send();
    expectRestError(res, status, condition);
    expect(res.mediaType).toBe(JSON_TYPE);
    const doc = res.doc();
    expect(doc["type"]).toBe("error");
    const error = doc["error"] as Record<string, unknown>;
    expect(typeof error["type"]).toBe("string");
    expect(typeof error["text"]).toBe("string");
    expect(doc["code"]).toBe(status);
  });
});

describe("error bodies follow Accept", () => {
  const bad = () => xmlPayload("<message");

  it("application/xmpp+xml: a stream error with the condition and a text", async () => {
    const res = await alice.post(bad(), { accept: XMPP_XML });
    expectStatus(res, 400);
    expect(res.mediaType).toBe(XMPP_XML);
    const el = res.stanza();
    expect(el.name).toBe("error");
    expect(el.attrs.xmlns).toBe(NS.streams);
    expect(el.getChild("not-well-formed", NS.streamErrors)).toBeDefined();
    expect(el.getChildText("text", NS.streamErrors)).toMatch(/\S/);
  });

  it("text/plain: the text", async () => {
    const res = await alice.post(bad(), { accept: "text/plain" });
    expectStatus(res, 400);
    expect(res.mediaType).toBe("text/plain");
    expect(res.body).toMatch(/\S/);
  });

  it.each([
    ["application/json;q=0.2, application/xmpp+xml;q=0.9", XMPP_XML],
    ["application/xmpp+xml;q=0.1, application/json", JSON_TYPE],
    ["text/plain;q=0.3, application/json;q=0.5, application/xmpp+xml;q=0.4", JSON_TYPE],
    ["application/json;q=0, text/plain", "text/plain"],
    ["text/html, application/json;q=0.9", JSON_TYPE],
    ["application/*;q=0.8, text/plain;q=0.1", undefined],
  ])("Accept: %s → %s", async (accept, expected) => {
    const res = await alice.post(bad(), { accept });
    expectStatus(res, 400);
    if (expected === undefined) expect([JSON_TYPE, XMPP_XML]).toContain(res.mediaType);
    else expect(res.mediaType).toBe(expected);
    expect(restError(res).condition ?? "not-well-formed").toBe("not-well-formed");
  });

  it("without Accept, a JSON request gets a JSON error", async () => {
    const res = await alice.post({ contentType: JSON_TYPE, body: "{" });
    expectStatus(res, 400);
    expect(res.mediaType).toBe(JSON_TYPE);
  });

  it("an error never carries the request body back", async () => {
    const secret = "do-not-echo-this-9f8e7d";
    const res = await alice.post(xmlPayload(`<message><body>${secret}</body>`), { accept: JSON_TYPE });
    expectStatus(res, 400);
    expect(res.body).not.toContain(secret);
  });
});

describe("only mod_rest's own errors are formatted", () => {
  it("a 404 of another path is Prosody's own page, not a mod_rest error", async () => {
    const res = await httpRequest(suite.server, { path: "/no-such-module", headers: { Accept: JSON_TYPE } });
    expect(res.status).toBe(404);
    expect(String(res.headers["content-type"] ?? "")).not.toContain(JSON_TYPE);
  });

  it("mod_post_msg's errors keep their own format", async () => {
    const res = await httpRequest(suite.server, {
      method: "POST", path: "/msg/bob", body: "x", headers: { Accept: JSON_TYPE, "Content-Type": "text/plain" },
    });
    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toBe('Basic realm="localhost/post_msg"');
    // mod_post_msg's own text, not mod_rest's ("No credentials provided").
    expect(res.body).toContain("Authentication required");
    expect(res.body).not.toContain("No credentials provided");
  });
});

describe("output format", () => {
  const xmlIn = message("format");
  const jsonIn = jsonPayload({ kind: "message", to: "bob@localhost", type: "chat", body: "format" });
  const formIn = formPayload({ kind: "message", to: "bob@localhost", type: "chat", body: "format" });

  it.each<[string, Payload, string | undefined, string]>([
    ["XML in, no Accept", xmlIn, undefined, XMPP_XML],
    ["JSON in, no Accept", jsonIn, undefined, JSON_TYPE],
    ["form in, no Accept", formIn, undefined, FORM],
    ["XML in, Accept JSON", xmlIn, JSON_TYPE, JSON_TYPE],
    ["JSON in, Accept XML", jsonIn, XMPP_XML, XMPP_XML],
    ["XML in, Accept form", xmlIn, FORM, FORM],
    ["XML in, Accept with q-values preferring JSON", xmlIn, "application/xmpp+xml;q=0.5, application/json;q=0.9", JSON_TYPE],
    ["JSON in, Accept refusing JSON", jsonIn, "application/json;q=0, application/xmpp+xml", XMPP_XML],
    ["JSON in, Accept of nothing it can write (falls back to the request's type)", jsonIn, "image/png", JSON_TYPE],
    ["XML in, Accept */*", xmlIn, "*/*", XMPP_XML],
    ["JSON in, Accept with parameters", jsonIn, "application/xmpp+xml; charset=utf-8", XMPP_XML],
  ])("echo, %s → %s", async (_what, payload, accept, expected) => {
    const res = await alice.echo(payload, accept === undefined ? {} : { accept });
    expectStatus(res, 200);
    expect(res.mediaType).toBe(expected);
    if (expected === XMPP_XML) expect(res.stanza().getChildText("body")).toBe("format");
    if (expected === JSON_TYPE) expect(res.doc()).toMatchObject({ kind: "message", body: "format", from: "alice@localhost" });
    if (expected === FORM) expect(Object.fromEntries(res.form())).toMatchObject({ kind: "message", body: "format", from: "alice@localhost" });
  });

  it("a GET without Accept answers in XML", async () => {
    const res = await alice.get("/ping/localhost");
    expectStatus(res, 200);
    expect(res.mediaType).toBe(XMPP_XML);
  });

  it("a text/plain request without Accept answers a bounce in XML", async () => {
    const res = await alice.postTo("/message/chat/nobody@localhost", textPayload("anyone?"));
    expectStatus(res, 200);
    expect(res.mediaType).toBe(XMPP_XML);
    expect(res.stanza().attrs.type).toBe("error");
  });
});

describe("the size limit", () => {
  it("accepts a body of exactly rest_stanza_size_limit bytes", async () => {
    const doc = JSON.stringify({ kind: "message", to: "bob@localhost", type: "chat", body: "at the limit" });
    const received = messageWithBody(suite.clients.bob, "at the limit");
    const res = await alice.post({ contentType: JSON_TYPE, body: doc + " ".repeat(SIZE_LIMIT - Buffer.byteLength(doc)) });
    expectStatus(res, 202);
    await received;
  });

  it("refuses one byte more with 413", async () => {
    const doc = JSON.stringify({ kind: "message", to: "bob@localhost", type: "chat", body: "over the limit" });
    const body = doc + " ".repeat(SIZE_LIMIT + 1 - Buffer.byteLength(doc));
    expectRestError(await alice.post({ contentType: JSON_TYPE, body }, { accept: JSON_TYPE }), 413, "resource-constraint");
  });
});

describe("415", () => {
  it.each([
    "application/octet-stream",
    "application/xml",
    "text/xml",
    "text/html",
    "multipart/form-data; boundary=x",
    "application/cbor",
    "garbage",
    ";;;",
  ])("Content-Type %s: 415 bad-format", async (contentType) => {
    expectRestError(await alice.post({ contentType, body: "<message/>" }, { accept: JSON_TYPE }), 415, "bad-format");
  });

  it("no Content-Type on a POST with a body: 415", async () => {
    expectRestError(await alice.post({ body: '<message to="bob@localhost"/>' }, { accept: JSON_TYPE }), 415, "bad-format");
  });

  it("text/plain is accepted on a message path (so the 415 is not a blanket refusal of text)", async () => {
    const received = messageWithBody(suite.clients.bob, "plain on a path");
    expectStatus(await suite.as("alice").postTo("/message/chat/bob@localhost", textPayload("plain on a path")), 202);
    await received;
  });
});

describe("other routes", () => {
  it("http_paths moves the API (here to /api on a Component)", async () => {
    const res = await httpRequest(suite.server, {
      method: "POST", path: "/api/echo", host: "moved.localhost",
      headers: { Authorization: basicAuth("moved.localhost", COMPONENT_SECRET), "Content-Type": JSON_TYPE, Accept: JSON_TYPE },
      body: JSON.stringify({ to: "bob@localhost", type: "chat", body: "moved" }),
    });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ from: "moved.localhost", body: "moved" });
    expect((await httpRequest(suite.server, { method: "POST", path: "/rest/echo", host: "moved.localhost", body: "x" })).status).toBe(404);
  });

  it("without rest_demo_resources there are no demo pages", async () => {
    const res = await httpRequest(suite.server, { path: "/rest/demo/" });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it("with rest_demo_resources, /rest/demo/ serves its index.html pointed at this API's OpenAPI document, without credentials", async () => {
    const res = await httpRequest(suite.server, { path: "/rest/demo/", host: "demo.localhost" });
    expect(res.status).toBe(200);
    expect(String(res.headers["content-type"])).toContain("text/html");
    expect(res.body).toContain("SwaggerUIBundle");
    expect(res.body).toMatch(/url: "http:\/\/[^"]*\/rest\/demo\/openapi\.yaml"/);
    expect(res.body).not.toContain("petstore");
  });

  it("with rest_demo_resources, /rest/demo/<file> serves the folder's files", async () => {
    const res = await httpRequest(suite.server, { path: "/rest/demo/swagger-ui.css", host: "demo.localhost" });
    expect(res.status).toBe(200);
    expect(res.body).toBe("body { margin: 0 }\n");
    expect((await httpRequest(suite.server, { path: "/rest/demo/missing.js", host: "demo.localhost" })).status).toBe(404);
  });

  it("the demo folder cannot be left with ../", async () => {
    const res = await rawHttpRequest(suite.server,
      "GET /rest/demo/../../../../../../etc/passwd HTTP/1.1\r\nHost: demo.localhost\r\nConnection: close\r\n\r\n");
    expect(res.status).not.toBe(200);
    expect(res.text).not.toContain("root:");
  });
});
