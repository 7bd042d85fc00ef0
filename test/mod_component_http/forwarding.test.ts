// mod_component_http end to end: what the module POSTs (the JSON, which
// stanza kinds, the signature), that it never answers errors or results, and
// odd option values. A real Prosody, a real XMPP client, real webhook endpoints.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  component, defaultAnswer, expectError, jsonReply, newId, parsePayload, postUrl, rawJson, requestMatching,
  requestsMatching, sendIq, sendMessage, startComponentSuite, stopComponentSuite, type ComponentSuite, type Script,
} from "../harness/component_http";
import { luaString, type ProsodyServer } from "../harness/prosody";
import { sleep } from "../harness/util";
import { isSignedWith, isStandardSignedWith, signatureOf, startWebhookServer, type WebhookServer } from "../harness/webhook";
import { messageWithBody, STANZAS_NS, stanzaWithId, xml, type TestClient } from "../harness/xmpp";

const SECRET = "test secret ✓";
// Standard Webhooks secrets: the new one and the one being rotated out.
const NEW_WHSEC = `whsec_${Buffer.from("new standard webhooks key, 32 B").toString("base64")}`;
const OLD_WHSEC = `whsec_${Buffer.from("old standard webhooks key, 32 B").toString("base64")}`;
let suite: ComponentSuite<"alice">;
let server: ProsodyServer;
let alice: TestClient;
let hook: WebhookServer; // bot, all, legacy, defaults
let signedHook: WebhookServer;
let standardHook: WebhookServer;

beforeAll(async () => {
  signedHook = await startWebhookServer((req) => {
    // A verifying endpoint: refuses anything not signed with SECRET.
    if (!isSignedWith(req, SECRET)) return { status: 401 };
    return defaultAnswer(parsePayload(req));
  });
  standardHook = await startWebhookServer((req) => {
    // Verified with the standardwebhooks npm library, under the new secret only.
    if (!isStandardSignedWith(req, NEW_WHSEC)) return { status: 401 };
    return defaultAnswer(parsePayload(req));
  });
  suite = await startComponentSuite({
    name: "component_http-forwarding",
    clients: { alice: "desk" },
    components: (url) => [
      component("bot.localhost", postUrl(url)),
      component("all.localhost", `${postUrl(url)}\n  component_post_stanzas = { "message", "iq", "presence" }`),
      component("legacy.localhost", `${postUrl(url)}\n  post_stanza_types = { "iq" }`),
      component("signed.localhost", `${postUrl(signedHook.url)}\n  component_post_secret = ${luaString(SECRET)}`),
      component(
        "standard.localhost",
        `${postUrl(standardHook.url)}\n  component_post_webhook_secret = { ${luaString(NEW_WHSEC)}, ${luaString(OLD_WHSEC)} }` +
          `\n  component_post_secret = ${luaString(SECRET)}`,
      ),
      component(
        "defaults.localhost",
        [
          postUrl(url),
          "  component_post_timeout = 0",
          "  component_post_max_inflight = -3",
          '  component_post_stanzas = { "message", "bogus" }',
          '  post_stanza_types = { "iq" }',
        ].join("\n"),
      ),
    ],
  });
  ({ server, hook, clients: { alice } } = suite);
});

afterAll(() => stopComponentSuite(suite, { cleanup: [() => signedHook?.close(), () => standardHook?.close()] }));

describe("the request", () => {
  it("POSTs JSON with to, from, kind, stanza, body, type and id", async () => {
    const id = await sendMessage(alice, "echo@bot.localhost", "hello there ✓");
    await messageWithBody(alice, "echo: hello there ✓");
    const { req, payload } = await requestMatching(hook, (p) => p.id === id);
    expect(req.method).toBe("POST");
    expect(req.url).toBe("/hook");
    expect(req.headers["content-type"]).toBe("application/json");
    expect(req.headers["accept"]).toBe("application/json");
    expect(req.headers["x-prosody-signature"]).toBeUndefined();
    const { stanza, ...rest } = payload;
    expect(rest).toEqual({
      to: "echo@bot.localhost",
      from: alice.jid,
      kind: "message",
      body: "hello there ✓",
      type: "chat",
      id,
    });
    expect(stanza).toMatch(/^<message /);
    expect(stanza).toContain(`id='${id}'`);
    expect(stanza).toContain(`from='${alice.jid}'`);
    expect(stanza).toContain("<body>hello there ✓</body>");
  });

  it("leaves out body, type and id when the stanza has none", async () => {
    await alice.send(xml("message", { to: "nobody@bot.localhost" }, xml("x", { xmlns: "urn:example:nothing" })));
    const { payload } = await requestMatching(hook, (p) => p.to === "nobody@bot.localhost");
    expect(Object.keys(payload).sort()).toEqual(["from", "kind", "stanza", "to"]);
    expect(payload.from).toBe(alice.jid);
    expect(payload.kind).toBe("message");
    expect(payload.stanza).toContain("urn:example:nothing");
    // 204 from the default answer: nothing comes back.
    await alice.expectNoStanza((el) => el.attrs.from === "nobody@bot.localhost", 300);
  });

  it("leaves out body for a message without one, keeping type and id", async () => {
    const id = await sendMessage(alice, "echo@bot.localhost", undefined);
    const { payload } = await requestMatching(hook, (p) => p.id === id);
    expect(payload).not.toHaveProperty("body");
    expect(payload.type).toBe("chat");
  });

  it.each([["bot.localhost"], ["someone@bot.localhost"], ["someone@bot.localhost/some resource"]])(
    "forwards stanzas addressed to %s",
    async (to) => {
      const id = await sendMessage(alice, to, `to ${to}`);
      const reply = await messageWithBody(alice, `echo: to ${to}`);
      expect(reply.attrs.from).toBe(to);
      expect((await requestMatching(hook, (p) => p.id === id)).payload.to).toBe(to);
    },
  );
});

describe("no loops", () => {
  const errorMessage = (to: string, id: string) =>
    xml("message", { to, id, type: "error" }, xml("error", { type: "cancel" }, xml("service-unavailable", { xmlns: STANZAS_NS })));

  it.each<[string, Script]>([
    ["a JSON reply", () => jsonReply({ body: "answering an error" })],
    ["an HTTP error", () => ({ status: 500 })],
    ["garbage", () => rawJson("{oops")],
  ])("a message of type error is forwarded but never answered, even with %s", async (_name, script) => {
    const id = newId("err", script);
    await alice.send(errorMessage("loop@bot.localhost", id));
    const { payload } = await requestMatching(hook, (p) => p.id === id);
    expect(payload.type).toBe("error");
    await alice.expectNoStanza((el) => el.attrs.from === "loop@bot.localhost" || el.attrs.id === id, 500);
  });

  it("an iq result is forwarded but never answered", async () => {
    const id = await sendIq(alice, "loop@all.localhost", "result", undefined, () => jsonReply({ body: "answering a result", kind: "iq" }));
    const { payload } = await requestMatching(hook, (p) => p.id === id);
    expect(payload).toMatchObject({ kind: "iq", type: "result" });
    await alice.expectNoStanza((el) => el.attrs.from === "loop@all.localhost" || el.attrs.id === id, 500);
  });

  it("an iq error is forwarded but never answered", async () => {
    const id = newId("iqerr", () => ({ status: 500 }));
    await alice.send(xml("iq", { to: "loop@all.localhost", id, type: "error" }, xml("error", { type: "cancel" }, xml("item-not-found", { xmlns: STANZAS_NS }))));
    await requestMatching(hook, (p) => p.id === id);
    await alice.expectNoStanza((el) => el.attrs.from === "loop@all.localhost" || el.attrs.id === id, 500);
  });
});

describe("stanza kinds", () => {
  it("does not forward iq by default (Prosody answers service-unavailable)", async () => {
    // A version query: disco#info and ping the component answers itself (self_answers.test.ts).
    const id = await sendIq(alice, "bot.localhost", "get", xml("query", { xmlns: "jabber:iq:version" }));
    await expectError(alice, id, "cancel", "service-unavailable", "iq");
    expect(requestsMatching(hook, (p) => p.id === id)).toEqual([]);
  });

  it("honours the old option name post_stanza_types = { \"iq\" }", async () => {
    const id = await sendIq(alice, "legacy.localhost", "get", xml("ping", { xmlns: "urn:xmpp:ping" }), () => ({ status: 204 }));
    expect((await stanzaWithId(alice, id)).attrs.type).toBe("result");
    expect((await requestMatching(hook, (p) => p.id === id)).payload.kind).toBe("iq");

    // Only iq: messages to that component are not forwarded.
    const messageId = await sendMessage(alice, "echo@legacy.localhost", "not forwarded");
    await sleep(300);
    expect(requestsMatching(hook, (p) => p.id === messageId)).toEqual([]);
  });

  it("forwards iq, message and presence with component_post_stanzas", async () => {
    const id = await sendIq(alice, "all.localhost", "get", xml("ping", { xmlns: "urn:xmpp:ping" }));
    expect((await stanzaWithId(alice, id)).attrs.type).toBe("result");
    await sendMessage(alice, "echo@all.localhost", "to all");
    expect((await messageWithBody(alice, "echo: to all")).attrs.from).toBe("echo@all.localhost");
  });
});

describe("option values", () => {
  it("replaces numbers that are not positive by the default, with a warning", async () => {
    const log = server.log();
    for (const option of ["component_post_timeout", "component_post_max_inflight"]) {
      expect(log).toMatch(new RegExp(`defaults\\.localhost:component_http\twarn\tOption '${option}' must be a positive number`));
    }
    // Still works: a timeout of 0 would fail every request, an in-flight limit of -3 queue them all.
    await sendMessage(alice, "echo@defaults.localhost", "with defaults");
    await messageWithBody(alice, "echo: with defaults");
  });

  it("ignores unknown stanza kinds with a warning", () => {
    expect(server.log()).toMatch(/defaults\.localhost:component_http\twarn\tIgnoring unknown stanza kind bogus/);
  });

  it("prefers component_post_stanzas over post_stanza_types when both are set", async () => {
    const id = await sendIq(alice, "defaults.localhost", "get", xml("query", { xmlns: "jabber:iq:version" }));
    await expectError(alice, id, "cancel", "service-unavailable", "iq");
    expect(requestsMatching(hook, (p) => p.id === id)).toEqual([]);
  });
});

describe("signature", () => {
  it("signs every request with X-Prosody-Signature: sha256=<hmac of the exact body>", async () => {
    const id = await sendMessage(alice, "echo@signed.localhost", "sign this ✓ <&>");
    // The endpoint refuses bad signatures: a reply proves it verified.
    await messageWithBody(alice, "echo: sign this ✓ <&>");
    const { req } = await requestMatching(signedHook, (p) => p.id === id);
    const header = req.headers["x-prosody-signature"];
    expect(header).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(header).toBe(signatureOf(req.body, SECRET));
  });

  it("sends no signature without a secret", () => {
    expect(hook.requests.length).toBeGreaterThan(0);
    for (const req of hook.requests) {
      expect(req.headers["x-prosody-signature"]).toBeUndefined();
      expect(req.headers["webhook-signature"]).toBeUndefined();
    }
  });

  it("signs with Standard Webhooks headers, one v1 signature per secret, verified by the standardwebhooks library", async () => {
    const before = Math.floor(Date.now() / 1000);
    const first = await sendMessage(alice, "echo@standard.localhost", "standard ✓ <&>");
    // The endpoint verifies with the reference library: a reply proves it accepted the signature.
    await messageWithBody(alice, "echo: standard ✓ <&>");
    const second = await sendMessage(alice, "echo@standard.localhost", "again");
    await messageWithBody(alice, "echo: again");
    const a = (await requestMatching(standardHook, (p) => p.id === first)).req;
    const b = (await requestMatching(standardHook, (p) => p.id === second)).req;
    for (const req of [a, b]) {
      // Either secret verifies on its own: receivers can switch at their pace.
      expect(isStandardSignedWith(req, NEW_WHSEC)).toBe(true);
      expect(isStandardSignedWith(req, OLD_WHSEC)).toBe(true);
      expect(isStandardSignedWith(req, `whsec_${Buffer.from("some other key").toString("base64")}`)).toBe(false);
      expect(req.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]{43}= v1,[A-Za-z0-9+/]{43}=$/);
      expect(Number(req.headers["webhook-timestamp"])).toBeGreaterThanOrEqual(before - 1);
      expect(Number(req.headers["webhook-timestamp"])).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 1);
      // The legacy header is still there, unchanged.
      expect(req.headers["x-prosody-signature"]).toBe(signatureOf(req.body, SECRET));
    }
    expect(a.headers["webhook-id"]).toMatch(/^msg_/);
    expect(a.headers["webhook-id"]).not.toBe(b.headers["webhook-id"]);
  });
});
