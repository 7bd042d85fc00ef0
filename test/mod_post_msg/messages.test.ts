// mod_post_msg end to end: what a POST turns into (route, recipient, payload
// types and fields), malformed requests, and a garbage configuration. A real
// Prosody, a real XMPP client, real HTTP.
import { describe, expect, it } from "vitest";
import { httpRequest } from "../harness/http";
import { ALICE, postAsAlice, postMsgServer, usePostMsgSuite } from "../harness/post_msg";
import { PROSODY_VERSION, startProsody } from "../harness/prosody";
import { connectClient, messageWithBody } from "../harness/xmpp";

const SIZE_LIMIT = 4096;
const suite = usePostMsgSuite({ name: "post_msg-messages", config: `post_msg_size_limit = ${SIZE_LIMIT}`, users: ["carol"] });
const { post, bobReceives, delivered } = suite;
/** POSTs a JSON object as alice. */
const postJson = (path: string, value: unknown, headers: Record<string, string> = {}) =>
  post(path, JSON.stringify(value), { "Content-Type": "application/json", ...headers });

describe("route and recipient", () => {
  it("delivers a text/plain POST to /msg/user as a chat from the authenticated user, with an id", async () => {
    const { res, message } = await delivered("plain hello");
    expect(message.attrs.from).toBe("alice@localhost");
    expect(message.attrs.type).toBe("chat");
    expect(message.attrs.id).toBeTruthy();
    expect(res.body.trim()).toBe(message.attrs.id);
  });

  it("accepts Content-Type parameters (text/plain; charset=utf-8)", async () => {
    await delivered("with charset ✓", () => post("/msg/bob", "with charset ✓", { "Content-Type": "text/plain; charset=utf-8" }));
  });

  it("uses a full address as it is, including a resource", async () => {
    const { message } = await delivered("to the full jid", () => post("/msg/bob@localhost/phone", "to the full jid"));
    expect(message.attrs.to).toBe("bob@localhost/phone");
  });

  it("decodes a percent-encoded recipient in the path", async () => {
    await delivered("percent", () => post("/msg/bob%40localhost", "percent"));
  });

  it("lets the to field win over the path", async () => {
    const { message } = await delivered("field wins", () => postJson("/msg/carol", { to: "bob@localhost", body: "field wins" }));
    expect(message.attrs.to).toBe("bob@localhost");
  });

  it("refuses a missing recipient with 422", async () => {
    expect((await post("/msg/", "nobody")).status).toBe(422);
  });

  it.each(["a@b@c", "@localhost", "bob@", "bob@local host", "x".repeat(1100) + "@localhost"])(
    "refuses the invalid recipient %s with 422",
    async (recipient) => {
      const res = await postJson("/msg/", { to: recipient, body: "x" });
      expect(res.status).toBe(422);
    },
  );

  it("answers OPTIONS with Allow: POST and every accepted type", async () => {
    const res = await httpRequest(suite.server, { method: "OPTIONS", path: "/msg/bob" });
    expect(res.status).toBe(200);
    expect(res.headers["allow"]).toBe("POST");
    const accept = String(res.headers["accept"]);
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "application/json"]) {
      expect(accept).toContain(type);
    }
  });
});

describe("payloads", () => {
  it("sends every form field: to, type, body, subject, html", async () => {
    const form = new URLSearchParams({
      to: "bob", type: "headline", body: "form body", subject: "Alert", html: "<p>form <b>body</b></p>",
    });
    const { message } = await delivered("form body", () =>
      post("/msg/", form.toString(), { "Content-Type": "application/x-www-form-urlencoded" }));
    expect(message.attrs.type).toBe("headline");
    expect(message.getChildText("subject")).toBe("Alert");
    const html = message.getChild("html", "http://jabber.org/protocol/xhtml-im");
    const xhtmlBody = html?.getChild("body", "http://www.w3.org/1999/xhtml");
    expect(xhtmlBody?.getChild("p")?.getChildText("b")).toBe("body");
  });

  it("sends JSON with Content-Type parameters", async () => {
    const { message } = await delivered("json body", () =>
      postJson("/msg/bob", { body: "json body", type: "normal" }, { "Content-Type": "application/json; charset=utf-8" }));
    expect(message.attrs.type).toBe("normal");
  });

  it("ignores a from field: the sender is always the authenticated user", async () => {
    const { message } = await delivered("spoof attempt", () => postJson("/msg/bob", { body: "spoof attempt", from: "admin@localhost" }));
    expect(message.attrs.from).toBe("alice@localhost");
  });

  it("gives each message its own id", async () => {
    const first = bobReceives("id one");
    const second = bobReceives("id two");
    await post("/msg/bob", "id one");
    await post("/msg/bob", "id two");
    expect((await first).attrs.id).not.toBe((await second).attrs.id);
  });

  it.each([["groupchat"], ["chat"]])("accepts type %s", async (type) => {
    const res = await postJson("/msg/", { to: "bob@localhost", type, body: `type ${type}` });
    expect(res.status).toBe(201);
  });

  it("refuses an unknown message type with 422", async () => {
    const res = await postJson("/msg/bob", { type: "shout", body: "x" });
    expect(res.status).toBe(422);
  });

  it("refuses a message with nothing to send with 422", async () => {
    expect((await post("/msg/bob", "")).status).toBe(422);
    expect((await post("/msg/bob", "{}", { "Content-Type": "application/json" })).status).toBe(422);
  });

  it("refuses a missing or unsupported Content-Type with 415", async () => {
    const none = await httpRequest(suite.server, { method: "POST", path: "/msg/bob", body: "x", headers: { Authorization: ALICE } });
    expect(none.status).toBe(415);
    expect((await post("/msg/bob", "<x/>", { "Content-Type": "application/xml" })).status).toBe(415);
  });

  it("refuses a body over post_msg_size_limit with 413", async () => {
    expect((await post("/msg/bob", "a".repeat(SIZE_LIMIT + 1))).status).toBe(413);
    await delivered("b".repeat(SIZE_LIMIT));
  });

  it("answers errors as JSON when the client accepts JSON", async () => {
    const res = await post("/msg/bob", "[1,2]", { "Content-Type": "application/json", Accept: "application/json" });
    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    expect(res.json()).toMatchObject({ type: "error", code: 400, error: { type: "modify", condition: "bad-request" } });
  });

  it("answers success as JSON when the client accepts JSON", async () => {
    const res = await post("/msg/bob", "json success", { Accept: "application/json" });
    expect(res.status).toBe(201);
    expect(res.json()).toMatchObject({ to: "bob@localhost", id: expect.any(String) });
  });
});

describe("malformed requests", () => {
  const json = { "Content-Type": "application/json" };
  const form = { "Content-Type": "application/x-www-form-urlencoded" };
  const battery: Array<[string, string, string | Buffer, Record<string, string>]> = [
    ["JSON array", "/msg/bob", "[1,2,3]", json],
    ["JSON number", "/msg/bob", "42", json],
    ["JSON string", "/msg/bob", '"hello"', json],
    ["JSON null", "/msg/bob", "null", json],
    ["JSON true", "/msg/bob", "true", json],
    ["truncated JSON", "/msg/bob", '{"body": "x"', json],
    ["JSON with trailing garbage", "/msg/bob", '{"body": "x"} trailing', json],
    ["JSON __hash trap", "/msg/bob", '{"__hash": 5}', json],
    ["JSON __array trap", "/msg/bob", '{"__array": 5, "body": "x"}', json],
    ["deeply nested JSON", "/msg/bob", "[".repeat(SIZE_LIMIT - 1), json],
    ["number body", "/msg/bob", '{"body": 12}', json],
    ["boolean body", "/msg/bob", '{"body": true}', json],
    ["object body", "/msg/bob", '{"body": {"x": 1}}', json],
    ["array to", "/msg/bob", '{"to": ["bob@localhost"], "body": "x"}', json],
    ["number type", "/msg/bob", '{"type": 1, "body": "x"}', json],
    ["NUL in JSON body", "/msg/bob", '{"body": "a\\u0000b"}', json],
    ["control char in JSON", "/msg/bob", '{"body": "bell\\u0007"}', json],
    ["invalid UTF-8 in JSON", "/msg/bob", Buffer.from([0x7b, 0x22, 0x62, 0x6f, 0x64, 0x79, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), json],
    ["invalid UTF-8 text", "/msg/bob", Buffer.from([0x68, 0xc3, 0x28]), {}],
    ["control chars in text", "/msg/bob", "a\u0001b", {}],
    ["overlong UTF-8", "/msg/bob", Buffer.from([0xc0, 0x80]), {}],
    ["UTF-16 surrogate", "/msg/bob", Buffer.from([0xed, 0xa0, 0x80]), {}],
    ["form that is not a form", "/msg/bob", "just words", form],
    ["invalid UTF-8 in form", "/msg/bob", "body=%FF%FE", form],
    ["control char in form", "/msg/bob", "body=%07", form],
    ["malformed html", "/msg/bob", JSON.stringify({ html: "<p>unclosed" }), json],
    ["html closing the wrapper", "/msg/bob", JSON.stringify({ html: "</body><body>" }), json],
    ["html with a doctype", "/msg/bob", JSON.stringify({ html: '<!DOCTYPE x [<!ENTITY a "b">]><p/>' }), json],
    ["invalid recipient in path", "/msg/a@b@c", "x", {}],
    ["control char recipient", "/msg/bob%01", "x", {}],
    ["invalid UTF-8 recipient", "/msg/%FF%FE", "x", {}],
    ["empty type", "/msg/bob", '{"type": "", "body": "x"}', json],
    ["huge body", "/msg/bob", "z".repeat(SIZE_LIMIT * 4), {}],
    ["xml content type", "/msg/bob", "<message/>", { "Content-Type": "application/xmpp+xml" }],
    ["garbage content type", "/msg/bob", "x", { "Content-Type": ";;;" }],
  ];

  it(`answers each of ${battery.length} malformed requests with a clean 4xx, then still delivers`, async () => {
    const mark = suite.server.logMark();
    for (const [what, path, body, headers] of battery) {
      const res = await post(path, body, headers);
      expect(res.status, what).toBeGreaterThanOrEqual(400);
      expect(res.status, what).toBeLessThan(500);
    }
    const garbageAuth = ["Basic", "Basic ====", "Basic " + Buffer.from([0xff, 0x3a, 0xfe]).toString("base64"), "Bearer", "Bearer \u00e9", "x".repeat(5000)];
    for (const authorization of garbageAuth) {
      const res = await post("/msg/bob", "x", { Authorization: authorization });
      expect(res.status, authorization.slice(0, 20)).toBe(401);
    }
    await delivered("still alive");
    const log = suite.server.logSince(mark);
    expect(log).not.toMatch(/\terror\t|traceback/i);
  });
});

describe("garbage configuration", () => {
  it("falls back to the defaults with a log line, and still works", async () => {
    const odd = await startProsody(postMsgServer({
      name: "post_msg-config",
      config: [
        'post_msg_size_limit = "lots"',
        "post_msg_auth_cache_ttl = -3",
        "post_msg_auth_cache_size = { 1, 2 }",
      ].join("\n"),
    }));
    try {
      const client = await connectClient(odd, "bob", "bob-pw");
      const received = messageWithBody(client, "odd config");
      const res = await postAsAlice(odd, "/msg/bob", "odd config");
      expect(res.status).toBe(201);
      await received;
      // The default size limit (192 KiB) applies.
      const big = await postAsAlice(odd, "/msg/bob", "x".repeat(192 * 1024 + 1));
      expect(big.status).toBe(413);
      await client.stop();
    } finally {
      await odd.stop();
    }
    const log = odd.log();
    expect(log).toMatch(/post_msg_size_limit/);
    expect(log).toMatch(/Option 'post_msg_auth_cache_ttl' must be a non-negative number/);
    // Prosody itself reports the non-number and the list at error level; nothing else may appear.
    const prosodysOwn = /Config option 'post_msg_(size_limit|auth_cache_size)'/;
    expect(odd.problems().filter((line) => !prosodysOwn.test(line))).toEqual([]);
  });

  // Prosody 13's getters: periods may be written "2 minutes", integers are
  // rounded down. 0.12 has only numbers: the period falls back to the default.
  it(`rounds sizes down and ${PROSODY_VERSION === "13" ? "reads periods such as \"2 minutes\"" : "refuses periods such as \"2 minutes\""}`, async () => {
    const odd = await startProsody(postMsgServer({
      name: "post_msg-periods",
      config: ['post_msg_auth_cache_ttl = "2 minutes"', "post_msg_size_limit = 100.5"].join("\n"),
    }));
    try {
      expect((await postAsAlice(odd, "/msg/bob", "x".repeat(101))).status).toBe(413);
      expect((await postAsAlice(odd, "/msg/bob", "x".repeat(100))).status).toBe(201);
    } finally {
      await odd.stop();
    }
    const log = odd.log();
    expect(log).toMatch(/warn\tConfig option 'post_msg_size_limit' expected an integer, not a float \(100\.5\)/);
    if (PROSODY_VERSION === "13") {
      expect(log).not.toMatch(/post_msg_auth_cache_ttl/);
      expect(odd.problems()).toEqual([]);
    } else {
      expect(log).toMatch(/Option 'post_msg_auth_cache_ttl' must be a non-negative number; using 60/);
      expect(odd.problems().filter((line) => !/Config option 'post_msg_auth_cache_ttl' not understood/.test(line))).toEqual([]);
    }
  });
});
