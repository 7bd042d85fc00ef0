// mod_component_http end to end: what the module makes of the endpoint's
// answers (messages, stanzas, iq results, presence). A real Prosody, real XMPP
// clients, real webhook endpoints.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  component, expectError, jsonReply, postUrl, rawJson, requestMatching, requestsMatching, sendIq, sendMessage,
  startComponentSuite, stopComponentSuite, type ComponentSuite,
} from "../harness/component_http";
import type { ProsodyServer } from "../harness/prosody";
import { sleep } from "../harness/util";
import { startCloseDelimitedEndpoint, type CloseDelimitedEndpoint, type WebhookReply, type WebhookServer } from "../harness/webhook";
import { domainOf, messageWithBody, STANZAS_NS, stanzaWithId, xml, type TestClient } from "../harness/xmpp";

let suite: ComponentSuite<"alice" | "carol" | "erin">;
let server: ProsodyServer;
let alice: TestClient; // most tests
let carol: TestClient; // a third party the endpoint may message
let erin: TestClient; // presence only
let hook: WebhookServer; // bot, all
let closeDelimited: CloseDelimitedEndpoint;

beforeAll(async () => {
  closeDelimited = await startCloseDelimitedEndpoint(JSON.stringify({ body: "read to the end ✓ " + "x".repeat(20_000) }));
  suite = await startComponentSuite({
    name: "component_http-replies",
    clients: { alice: "desk", carol: "phone", erin: "home" },
    components: (url) => [
      component("bot.localhost", postUrl(url)),
      component("all.localhost", `${postUrl(url)}\n  component_post_stanzas = { "message", "iq", "presence" }`),
      component("close.localhost", postUrl(closeDelimited.url)),
    ],
  });
  ({ server, hook, clients: { alice, carol, erin } } = suite);
});

afterAll(() => stopComponentSuite(suite, { cleanup: [() => closeDelimited?.close()] }));

describe("replies", () => {
  it("sends body back from the addressed JID to the sender, as chat by default", async () => {
    await sendMessage(alice, "helper@bot.localhost/r1", "defaults", () => jsonReply({ body: "default reply" }), { type: "normal" });
    const reply = await messageWithBody(alice, "default reply");
    expect(reply.attrs).toMatchObject({ from: "helper@bot.localhost/r1", to: alice.jid, type: "chat" });
    expect(reply.attrs.id).toBeTruthy();
  });

  it.each([
    [42, "42"],
    [-7, "-7"],
    [1.5, "1.5"],
    [0, "0"],
  ])("turns the number %s into text", async (value, text) => {
    await sendMessage(alice, "numbers@bot.localhost", `number ${text}`, () => jsonReply({ body: value }));
    const reply = await alice.nextStanza((el) => el.is("message") && el.attrs.from === "numbers@bot.localhost");
    expect(reply.getChildText("body")).toBe(text);
  });

  it("uses the type the endpoint gives", async () => {
    await sendMessage(alice, "echo@bot.localhost", "typed", () => jsonReply({ body: "a headline", type: "headline" }));
    expect((await messageWithBody(alice, "a headline")).attrs.type).toBe("headline");
  });

  it("sends a message without body when the endpoint gives none", async () => {
    await sendMessage(alice, "empty@bot.localhost", "empty", () => jsonReply({}));
    const reply = await alice.nextStanza((el) => el.attrs.from === "empty@bot.localhost");
    expect(reply.is("message")).toBe(true);
    expect(reply.attrs.type).toBe("chat");
    expect(reply.getChild("body")).toBeUndefined();
  });

  it("sends to an explicit to (a third party)", async () => {
    await sendMessage(alice, "relay@bot.localhost", "tell carol", () => jsonReply({ to: "carol@localhost", body: "hello carol" }));
    const message = await messageWithBody(carol, "hello carol");
    expect(message.attrs.from).toBe("relay@bot.localhost");
    await alice.expectNoStanza((el) => el.getChildText("body") === "hello carol", 300);
  });

  it.each([["bot.localhost"], ["other@bot.localhost"], ["other@bot.localhost/res"]])(
    "accepts from %s (under the component's domain)",
    async (from) => {
      await sendMessage(alice, "echo@bot.localhost", `from ${from}`, () => jsonReply({ from, body: `reply from ${from}` }));
      expect((await messageWithBody(alice, `reply from ${from}`)).attrs.from).toBe(from);
    },
  );

  it.each([["admin@localhost"], ["localhost"], ["all.localhost"], ["x@bot.localhost.evil.example"], ["x@sub.bot.localhost"]])(
    "refuses from %s: the sender gets an error, a warning is logged, nothing is sent",
    async (from) => {
      const mark = server.logMark();
      const id = await sendMessage(alice, "echo@bot.localhost", "spoof", () => jsonReply({ from, body: "spoofed" }));
      await expectError(alice, id, "cancel", "undefined-condition");
      expect(server.logSince(mark)).toMatch(new RegExp(`\\twarn\\t.*id='${id}'.*'from'`));
      await alice.expectNoStanza((el) => !el.is("iq") && (el.attrs.from === from || el.getChildText("body") === "spoofed"), 300);
    },
  );

  it("sends a message given as stanza, with to/from defaulted", async () => {
    const stanza = "<message type='headline'><subject>Note</subject><body>from the stanza</body></message>";
    await sendMessage(alice, "echo@bot.localhost", "stanza message", () => jsonReply({ stanza, body: "ignored", kind: "presence" }));
    const reply = await messageWithBody(alice, "from the stanza");
    expect(reply.attrs).toMatchObject({ from: "echo@bot.localhost", to: alice.jid, type: "headline" });
    expect(reply.getChildText("subject")).toBe("Note");
  });

  it("sends a stanza with its own to and from (under the domain)", async () => {
    const stanza = "<message xmlns='jabber:client' to='carol@localhost' from='news@bot.localhost'><body>stanza to carol</body></message>";
    await sendMessage(alice, "echo@bot.localhost", "stanza for carol", () => jsonReply({ stanza }));
    expect((await messageWithBody(carol, "stanza to carol")).attrs.from).toBe("news@bot.localhost");
  });

  it("sends a presence given as stanza", async () => {
    const stanza = "<presence><show>dnd</show><status>busy bee</status></presence>";
    await sendMessage(alice, "busy@bot.localhost", "stanza presence", () => jsonReply({ stanza }));
    const presence = await alice.nextStanza((el) => el.is("presence") && el.attrs.from === "busy@bot.localhost");
    expect(presence.getChildText("status")).toBe("busy bee");
    expect(presence.getChildText("show")).toBe("dnd");
  });

  it("sends a presence for kind presence", async () => {
    await sendMessage(alice, "kind@bot.localhost", "kind presence", () => jsonReply({ kind: "presence", type: "unavailable" }));
    const presence = await alice.nextStanza((el) => el.is("presence") && el.attrs.from === "kind@bot.localhost");
    expect(presence.attrs.type).toBe("unavailable");
  });

  it("sends an iq given as stanza", async () => {
    const stanza = "<iq type='get' id='bot-ping-1'><ping xmlns='urn:xmpp:ping'/></iq>";
    await sendMessage(alice, "pinger@bot.localhost", "stanza iq", () => jsonReply({ stanza }));
    const iq = await alice.nextStanza((el) => el.is("iq") && el.attrs.from === "pinger@bot.localhost");
    expect(iq.attrs).toMatchObject({ type: "get", id: "bot-ping-1", to: alice.jid });
    expect(iq.getChild("ping", "urn:xmpp:ping")).toBeTruthy();
  });

  it.each([["application/json; charset=utf-8"], ["Application/JSON"], ["application/json;charset=UTF-8"]])(
    "honours Content-Type %s",
    async (contentType) => {
      await sendMessage(alice, "echo@bot.localhost", `ct ${contentType}`, () => jsonReply({ body: `typed ${contentType} ✓` }, contentType));
      await messageWithBody(alice, `typed ${contentType} ✓`);
    },
  );

  it.each([
    ["100 KB", 100 * 1024],
    ["500 KB, just under the 512 KiB limit", 500 * 1024],
  ])("delivers a large reply (%s)", async (_name, size) => {
    const big = "y".repeat(size);
    await sendMessage(alice, "large@bot.localhost", "large", () => jsonReply({ body: big }));
    const reply = await alice.nextStanza((el) => el.attrs.from === "large@bot.localhost");
    expect(reply.getChildText("body")).toBe(big);
  });

  it("reads a chunked answer", async () => {
    const chunked = () => ({ status: 200, headers: { "Content-Type": "application/json", "Transfer-Encoding": "chunked" }, body: JSON.stringify({ body: "in chunks" }) });
    await sendMessage(alice, "echo@bot.localhost", "chunked", chunked);
    await messageWithBody(alice, "in chunks");
  });

  it("reads an answer without Content-Length to the end (delimited by closing, in several packets)", async () => {
    await sendMessage(alice, "echo@close.localhost", "close-delimited");
    const reply = await alice.nextStanza((el) => el.attrs.from === "echo@close.localhost");
    expect(reply.getChildText("body")).toBe("read to the end ✓ " + "x".repeat(20_000));
  });

  it.each<[string, WebhookReply]>([
    ["201 with JSON", jsonReply({ body: "no" }, "application/json", 201)],
    ["202 with JSON", jsonReply({ body: "no" }, "application/json", 202)],
    ["204", { status: 204 }],
    ["200 text/plain", { status: 200, headers: { "Content-Type": "text/plain" }, body: JSON.stringify({ body: "no" }) }],
    ["200 without Content-Type", { status: 200, body: JSON.stringify({ body: "no" }) }],
    ["200 text/json", { status: 200, headers: { "Content-Type": "text/json" }, body: JSON.stringify({ body: "no" }) }],
  ])("%s: accepted, no reply", async (_name, answer) => {
    const id = await sendMessage(alice, "quiet@bot.localhost", "anyone?", () => answer);
    await requestMatching(hook, (p) => p.id === id);
    await alice.expectNoStanza((el) => el.attrs.from === "quiet@bot.localhost" || el.attrs.id === id, 400);
  });
});

describe("iq", () => {
  const ids: string[] = [];
  const version = () => xml("query", { xmlns: "jabber:iq:version" });

  it("answers with the endpoint's iq result, with the original id", async () => {
    const stanza = "<iq type='result' id='whatever'><query xmlns='jabber:iq:version'><name>bot</name></query></iq>";
    const id = await sendIq(alice, "all.localhost", "get", version(), () => jsonReply({ stanza }));
    ids.push(id);
    const result = await stanzaWithId(alice, id);
    expect(result.attrs).toMatchObject({ type: "result", from: "all.localhost", to: alice.jid });
    expect(result.getChild("query", "jabber:iq:version")?.getChildText("name")).toBe("bot");
    const { payload } = await requestMatching(hook, (p) => p.id === id);
    expect(payload).toMatchObject({ kind: "iq", type: "get", to: "all.localhost", from: alice.jid });
    expect(payload.stanza).toContain("jabber:iq:version");
  });

  it("answers kind iq as an empty result", async () => {
    const id = await sendIq(alice, "svc@all.localhost", "set", xml("command", { xmlns: "urn:example:cmd" }), () => jsonReply({ kind: "iq" }));
    ids.push(id);
    const result = await stanzaWithId(alice, id);
    expect(result.attrs).toMatchObject({ type: "result", from: "svc@all.localhost" });
  });

  it.each<[string, WebhookReply]>([
    ["204", { status: 204 }],
    ["200 text/plain", { status: 200, headers: { "Content-Type": "text/plain" }, body: "ok" }],
  ])("answers %s with an empty result", async (_name, answer) => {
    const id = await sendIq(alice, "svc@all.localhost", "get", version(), () => answer);
    ids.push(id);
    const result = await stanzaWithId(alice, id);
    expect(result.attrs.type).toBe("result");
    expect(result.children).toEqual([]);
  });

  it.each([
    [500, "cancel", "internal-server-error"],
    [404, "cancel", "item-not-found"],
    [503, "wait", "remote-server-timeout"],
  ])("answers HTTP %d with an iq error %s/%s", async (status, type, condition) => {
    const id = await sendIq(alice, "svc@all.localhost", "get", version(), () => ({ status }));
    ids.push(id);
    await expectError(alice, id, type, condition, "iq");
  });

  it.each<[string, WebhookReply]>([
    ["invalid JSON", rawJson("{nope")],
    ["a refused from", jsonReply({ kind: "iq", from: "admin@localhost" })],
    ["a bogus kind", jsonReply({ kind: "bogus" })],
  ])("answers %s with one iq error", async (_name, answer) => {
    const id = await sendIq(alice, "svc@all.localhost", "get", version(), () => answer);
    ids.push(id);
    await expectError(alice, id, "cancel", "undefined-condition", "iq");
  });

  it("sends a message reply and still answers the iq with a result", async () => {
    const id = await sendIq(alice, "svc@all.localhost", "set", xml("command", { xmlns: "urn:example:cmd" }), () => jsonReply({ body: "working on it" }));
    ids.push(id);
    const message = await messageWithBody(alice, "working on it");
    expect(message.attrs.from).toBe("svc@all.localhost");
    expect((await stanzaWithId(alice, id)).attrs.type).toBe("result");
  });

  it("answers an iq error reply from the endpoint as the error", async () => {
    const stanza = `<iq type='error'><error type='modify'><not-acceptable xmlns='${STANZAS_NS}'/></error></iq>`;
    const id = await sendIq(alice, "svc@all.localhost", "set", version(), () => jsonReply({ stanza }));
    ids.push(id);
    await expectError(alice, id, "modify", "not-acceptable", "iq");
  });

  it("forces the id and to of the endpoint's iq result to the request's", async () => {
    const stanza = "<iq type='result' id='other' to='carol@localhost'/>";
    const id = await sendIq(alice, "svc@all.localhost", "get", version(), () => jsonReply({ stanza }));
    ids.push(id);
    expect((await stanzaWithId(alice, id)).attrs).toMatchObject({ type: "result", to: alice.jid, from: "svc@all.localhost" });
    await carol.expectNoStanza((el) => el.is("iq") && el.attrs.from === "svc@all.localhost", 300);
  });

  it("gave exactly one answer to every iq", async () => {
    await sleep(500);
    for (const id of ids) {
      expect(alice.received.filter((el) => el.attrs.id === id).length, `answers to ${id}`).toBe(1);
    }
  });
});

describe("presence", () => {
  it("answers a probe with available presence from JID/default", async () => {
    await erin.send(xml("presence", { to: "bot.localhost", type: "probe" }));
    const presence = await erin.nextStanza((el) => el.is("presence") && el.attrs.from === "bot.localhost/default");
    expect(presence.attrs.type).toBeUndefined();
    await erin.send(xml("presence", { to: "news@bot.localhost", type: "probe" }));
    await erin.nextStanza((el) => el.is("presence") && el.attrs.from === "news@bot.localhost/default" && el.attrs.type === undefined);
  });

  it("answers subscribe with subscribed, then available presence", async () => {
    // Only a session that fetched its roster is told about subscription changes.
    await erin.xmpp.iqCaller.request(xml("iq", { type: "get" }, xml("query", { xmlns: "jabber:iq:roster" })));
    await erin.send(xml("presence", { to: "news@bot.localhost", type: "subscribe" }));
    await erin.nextStanza((el) => el.is("presence") && el.attrs.from === "news@bot.localhost" && el.attrs.type === "subscribed");
    await erin.nextStanza((el) => el.is("presence") && el.attrs.from === "news@bot.localhost/default" && el.attrs.type === undefined);
    const roster = await erin.xmpp.iqCaller.request(xml("iq", { type: "get" }, xml("query", { xmlns: "jabber:iq:roster" })));
    const item = roster.getChild("query", "jabber:iq:roster")?.getChildren("item").find((i) => i.attrs.jid === "news@bot.localhost");
    expect(item?.attrs.subscription).toBe("to");
  });

  it("answers unsubscribe with unavailable presence", async () => {
    await erin.send(xml("presence", { to: "news@bot.localhost", type: "unsubscribe" }));
    await erin.nextStanza((el) => el.is("presence") && el.attrs.from === "news@bot.localhost/default" && el.attrs.type === "unavailable");
  });

  it("does not forward presence by default", () => {
    expect(requestsMatching(hook, (p) => p.kind === "presence" && domainOf(p.to) === "bot.localhost")).toEqual([]);
  });

  it("forwards presence to the endpoint instead when presence is a forwarded kind", async () => {
    await erin.send(xml("presence", { to: "all.localhost", type: "probe" }));
    await erin.send(xml("presence", { to: "room@all.localhost/erin" }, xml("status", {}, "here")));
    const probe = await requestMatching(hook, (p) => p.kind === "presence" && p.to === "all.localhost");
    expect(probe.payload).toMatchObject({ type: "probe", from: erin.jid });
    const directed = await requestMatching(hook, (p) => p.kind === "presence" && p.to === "room@all.localhost/erin");
    expect(directed.payload).not.toHaveProperty("type");
    expect(directed.payload.stanza).toContain("here");
    await erin.expectNoStanza((el) => domainOf(el.attrs.from) === "all.localhost", 500);
  });
});
