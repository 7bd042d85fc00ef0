// mod_post_msg end to end: a real Prosody, real XMPP clients, real HTTP.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProsody, type ProsodyServer } from "./harness/prosody";
import { httpRequest } from "./harness/http";
import { connectClient, type TestClient } from "./harness/xmpp";

const SIZE_LIMIT = 4096;
let server: ProsodyServer;
let bob: TestClient;

const basic = (user: string, pass: string) => "Basic " + Buffer.from(`${user}:${pass}`).toString("base64");
const ALICE = basic("alice", "alice-pw");

function post(path: string, body: string | Buffer, headers: Record<string, string> = {}) {
  return httpRequest(server, {
    method: "POST",
    path,
    body,
    headers: { Authorization: ALICE, "Content-Type": "text/plain", ...headers },
  });
}

/** The next message bob receives with this body. */
function bobReceives(body: string) {
  return bob.nextStanza((el) => el.is("message") && el.getChildText("body") === body);
}

beforeAll(async () => {
  server = await startProsody({
    name: "post_msg",
    virtualHostModules: ["post_msg", "test_token"],
    virtualHostConfig: `post_msg_size_limit = ${SIZE_LIMIT}`,
    users: [["alice", "alice-pw"], ["bob", "bob-pw"], ["carol", "carol-pw"], ["dave", "dave-pw"]],
  });
  bob = await connectClient(server, "bob", "bob-pw", "phone");
});

afterAll(async () => {
  await bob?.stop();
  await server?.stop();
  expect(server?.problems() ?? []).toEqual([]);
});

describe("route and recipient", () => {
  it("delivers a text/plain POST to /msg/user as a chat from the authenticated user, with an id", async () => {
    const received = bobReceives("plain hello");
    const res = await post("/msg/bob", "plain hello");
    expect(res.status).toBe(201);
    const message = await received;
    expect(message.attrs.from).toBe("alice@localhost");
    expect(message.attrs.type).toBe("chat");
    expect(message.attrs.id).toBeTruthy();
    expect(res.body.trim()).toBe(message.attrs.id);
  });

  it("accepts Content-Type parameters (text/plain; charset=utf-8)", async () => {
    const received = bobReceives("with charset ✓");
    const res = await post("/msg/bob", "with charset ✓", { "Content-Type": "text/plain; charset=utf-8" });
    expect(res.status).toBe(201);
    await received;
  });

  it("uses a full address as it is, including a resource", async () => {
    const received = bobReceives("to the full jid");
    expect((await post("/msg/bob@localhost/phone", "to the full jid")).status).toBe(201);
    expect((await received).attrs.to).toBe("bob@localhost/phone");
  });

  it("decodes a percent-encoded recipient in the path", async () => {
    const received = bobReceives("percent");
    expect((await post("/msg/bob%40localhost", "percent")).status).toBe(201);
    await received;
  });

  it("lets the to field win over the path", async () => {
    const received = bobReceives("field wins");
    const res = await post("/msg/carol", JSON.stringify({ to: "bob@localhost", body: "field wins" }), {
      "Content-Type": "application/json",
    });
    expect(res.status).toBe(201);
    expect((await received).attrs.to).toBe("bob@localhost");
  });

  it("refuses a missing recipient with 422", async () => {
    expect((await post("/msg/", "nobody")).status).toBe(422);
  });

  it.each(["a@b@c", "@localhost", "bob@", "bob@local host", "x".repeat(1100) + "@localhost"])(
    "refuses the invalid recipient %s with 422",
    async (recipient) => {
      const res = await post("/msg/", JSON.stringify({ to: recipient, body: "x" }), { "Content-Type": "application/json" });
      expect(res.status).toBe(422);
    },
  );

  it("answers OPTIONS with Allow: POST and every accepted type", async () => {
    const res = await httpRequest(server, { method: "OPTIONS", path: "/msg/bob" });
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
    const received = bobReceives("form body");
    const form = new URLSearchParams({
      to: "bob", type: "headline", body: "form body", subject: "Alert", html: "<p>form <b>body</b></p>",
    });
    const res = await post("/msg/", form.toString(), { "Content-Type": "application/x-www-form-urlencoded" });
    expect(res.status).toBe(201);
    const message = await received;
    expect(message.attrs.type).toBe("headline");
    expect(message.getChildText("subject")).toBe("Alert");
    const html = message.getChild("html", "http://jabber.org/protocol/xhtml-im");
    const xhtmlBody = html?.getChild("body", "http://www.w3.org/1999/xhtml");
    expect(xhtmlBody?.getChild("p")?.getChildText("b")).toBe("body");
  });

  it("sends JSON with Content-Type parameters", async () => {
    const received = bobReceives("json body");
    const res = await post("/msg/bob", JSON.stringify({ body: "json body", type: "normal" }), {
      "Content-Type": "application/json; charset=utf-8",
    });
    expect(res.status).toBe(201);
    expect((await received).attrs.type).toBe("normal");
  });

  it("ignores a from field: the sender is always the authenticated user", async () => {
    const received = bobReceives("spoof attempt");
    const res = await post("/msg/bob", JSON.stringify({ body: "spoof attempt", from: "admin@localhost" }), {
      "Content-Type": "application/json",
    });
    expect(res.status).toBe(201);
    expect((await received).attrs.from).toBe("alice@localhost");
  });

  it("gives each message its own id", async () => {
    const first = bobReceives("id one");
    const second = bobReceives("id two");
    await post("/msg/bob", "id one");
    await post("/msg/bob", "id two");
    expect((await first).attrs.id).not.toBe((await second).attrs.id);
  });

  it.each([["groupchat"], ["chat"]])("accepts type %s", async (type) => {
    const res = await post("/msg/", JSON.stringify({ to: "bob@localhost", type, body: `type ${type}` }), {
      "Content-Type": "application/json",
    });
    expect(res.status).toBe(201);
  });

  it("refuses an unknown message type with 422", async () => {
    const res = await post("/msg/bob", JSON.stringify({ type: "shout", body: "x" }), { "Content-Type": "application/json" });
    expect(res.status).toBe(422);
  });

  it("refuses a message with nothing to send with 422", async () => {
    expect((await post("/msg/bob", "")).status).toBe(422);
    expect((await post("/msg/bob", "{}", { "Content-Type": "application/json" })).status).toBe(422);
  });

  it("refuses a missing or unsupported Content-Type with 415", async () => {
    const none = await httpRequest(server, { method: "POST", path: "/msg/bob", body: "x", headers: { Authorization: ALICE } });
    expect(none.status).toBe(415);
    expect((await post("/msg/bob", "<x/>", { "Content-Type": "application/xml" })).status).toBe(415);
  });

  it("refuses a body over post_msg_size_limit with 413", async () => {
    expect((await post("/msg/bob", "a".repeat(SIZE_LIMIT + 1))).status).toBe(413);
    const received = bobReceives("b".repeat(SIZE_LIMIT));
    expect((await post("/msg/bob", "b".repeat(SIZE_LIMIT))).status).toBe(201);
    await received;
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

describe("authentication", () => {
  it("accepts Basic with user@host", async () => {
    const received = bobReceives("full username");
    expect((await post("/msg/bob", "full username", { Authorization: basic("alice@localhost", "alice-pw") })).status).toBe(201);
    await received;
  });

  it.each([
    ["no credentials", undefined],
    ["a wrong password", basic("alice", "nope")],
    ["an unknown user", basic("mallory", "x")],
    ["a user of an unknown host", basic("alice@elsewhere.example", "alice-pw")],
    ["malformed Basic", "Basic !!!not-base64!!!"],
    ["an unknown scheme", "Digest abc"],
    ["a bogus token", "Bearer bm90IGEgdG9rZW4="],
  ])("refuses %s with 401 and a Basic challenge", async (_what, authorization) => {
    const headers: Record<string, string> = { "Content-Type": "text/plain" };
    if (authorization) headers.Authorization = authorization;
    const res = await httpRequest(server, { method: "POST", path: "/msg/bob", body: "x", headers });
    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toBe('Basic realm="localhost/post_msg"');
  });

  it("accepts a Bearer token from mod_tokenauth; its user is the sender", async () => {
    const minted = await httpRequest(server, { method: "POST", path: "/test_token/carol" });
    expect(minted.status).toBe(200);
    const received = bobReceives("via token");
    const res = await post("/msg/bob", "via token", { Authorization: `Bearer ${minted.body.trim()}` });
    expect(res.status).toBe(201);
    expect((await received).attrs.from).toBe("carol@localhost");
  });

  it("refuses the old password right after a password change, accepts the new one", async () => {
    const old = basic("dave", "dave-pw");
    expect((await post("/msg/bob", "dave before", { Authorization: old })).status).toBe(201);
    expect((await post("/msg/bob", "dave cached", { Authorization: old })).status).toBe(201); // now cached
    await server.shell("user:password('dave@localhost', 'dave-new')");
    expect((await post("/msg/bob", "dave after", { Authorization: old })).status).toBe(401);
    expect((await post("/msg/bob", "dave new", { Authorization: basic("dave", "dave-new") })).status).toBe(201);
  });

  it("refuses a deleted user whose credentials were cached", async () => {
    await server.prosodyctl("register", "erin", "localhost", "erin-pw");
    const erin = basic("erin", "erin-pw");
    expect((await post("/msg/bob", "erin before", { Authorization: erin })).status).toBe(201);
    await server.shell("user:delete('erin@localhost')");
    expect((await post("/msg/bob", "erin after", { Authorization: erin })).status).toBe(401);
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
    const mark = server.logMark();
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
    const received = bobReceives("still alive");
    expect((await post("/msg/bob", "still alive")).status).toBe(201);
    await received;
    const log = server.logSince(mark);
    expect(log).not.toMatch(/\terror\t|traceback/i);
  });
});

describe("garbage configuration", () => {
  it("falls back to the defaults with a log line, and still works", async () => {
    const odd = await startProsody({
      name: "post_msg-config",
      virtualHostModules: ["post_msg"],
      virtualHostConfig: [
        'post_msg_size_limit = "lots"',
        "post_msg_auth_cache_ttl = -3",
        "post_msg_auth_cache_size = { 1, 2 }",
      ].join("\n"),
      users: [["alice", "alice-pw"], ["bob", "bob-pw"]],
    });
    try {
      const client = await connectClient(odd, "bob", "bob-pw");
      const received = client.nextStanza((el) => el.is("message") && el.getChildText("body") === "odd config");
      const res = await httpRequest(odd, {
        method: "POST", path: "/msg/bob", body: "odd config",
        headers: { Authorization: ALICE, "Content-Type": "text/plain" },
      });
      expect(res.status).toBe(201);
      await received;
      // The default size limit (192 KiB) applies.
      const big = await httpRequest(odd, {
        method: "POST", path: "/msg/bob", body: "x".repeat(192 * 1024 + 1),
        headers: { Authorization: ALICE, "Content-Type": "text/plain" },
      });
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
});

describe("repeated authentication failures", () => {
  it("refuses an address with 429 after post_msg_max_auth_failures failures; missing credentials do not count", async () => {
    const guarded = await startProsody({
      name: "post_msg-throttle",
      virtualHostModules: ["post_msg"],
      virtualHostConfig: "post_msg_max_auth_failures = 3",
      users: [["alice", "alice-pw"], ["bob", "bob-pw"]],
    });
    try {
      const attempt = (authorization?: string) => httpRequest(guarded, {
        method: "POST", path: "/msg/bob", body: "x",
        headers: { "Content-Type": "text/plain", ...(authorization ? { Authorization: authorization } : {}) },
      });
      for (let i = 0; i < 5; i++) expect((await attempt()).status).toBe(401); // no credentials: not a guess
      expect((await attempt(ALICE)).status).toBe(201);
      for (let i = 0; i < 3; i++) expect((await attempt(basic("alice", `guess${i}`))).status).toBe(401);
      const refused = await attempt(ALICE);
      expect(refused.status).toBe(429);
      expect(refused.headers["retry-after"]).toBe("60");
    } finally {
      await guarded.stop();
    }
    expect(guarded.problems()).toEqual([]);
  });
});
