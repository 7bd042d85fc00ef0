// mod_rest webhooks on Components, end to end: a real Prosody with several
// mod_rest Components (one per webhook configuration) and a MUC, real XMPP
// clients, a real webhook endpoint. Every answer rule of the contract, the
// OPTIONS probe, the URL template, timeouts, an endpoint that is down,
// garbage answers, the signature; the log ends clean.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { basicAuth, httpRequest } from "../harness/http";
import { freePorts, luaString, type ProsodyServer } from "../harness/prosody";
import { startSuite, stopSuite, withPasswords, type Suite } from "../harness/suite";
import { isSignedWith, isStandardSignedWith, signatureOf, startWebhookServer, type WebhookServer } from "../harness/webhook";
import { errorOf, messageWithBody, STANZAS_NS, xml, type TestClient } from "../harness/xmpp";
import {
  callbackUrl, errorText, expectError, FORM, JSON_TYPE, newId, probeAnswer, READ_BACK, RECEIPTS, reply, requestFor, requestsTo,
  scriptedAnswer, sendIq, sendMessage, TEXT, XMPP_XML,
} from "./callback_kit";

const SECRET = "rest-component-secret";
const HOOK_SECRET = "hook-secret";
const NEW_WHSEC = `whsec_${Buffer.from("new standard webhooks key, 32 B").toString("base64")}`;
const OLD_WHSEC = `whsec_${Buffer.from("old standard webhooks key, 32 B").toString("base64")}`;
const MUC = "muc.localhost";
const ROOM = `lobby@${MUC}`;

let suite: Suite<"alice" | "bob">;
let server: ProsodyServer;
let alice: TestClient;
let bob: TestClient;
let hook: WebhookServer;

/** A Component running mod_rest with these Lua lines. */
const rest = (domain: string, ...lines: string[]) => ({ domain, module: "rest", config: lines.join("\n  ") });

beforeAll(async () => {
  hook = await startWebhookServer(scriptedAnswer);
  const [closedPort] = await freePorts(1);
  probeAnswer("json", { status: 200, headers: { Accept: "text/html;q=0.9, application/json, application/xmpp+xml;q=0.5" } });
  probeAnswer("form", { status: 404 });
  probeAnswer("signed", { status: 405 });
  probeAnswer("hangprobe", "hang");
  suite = await startSuite({
    name: "rest-callback",
    users: withPasswords("alice", "bob"),
    clients: { alice: "desk", bob: "phone" },
    components: [
      rest("rest.localhost", `component_secret = ${luaString(SECRET)}`, callbackUrl(hook, "xml", "/{kind}/{type}?to={to}&from={from}")),
      rest("json.localhost", callbackUrl(hook, "json", "/{kind}/{type}/{to}/{from}")),
      rest("form.localhost", callbackUrl(hook, "form"), `rest_callback_content_type = ${luaString(FORM)}`),
      rest("signed.localhost", callbackUrl(hook, "signed"), `rest_callback_secret = ${luaString(HOOK_SECRET)}`),
      rest(
        "standard.localhost",
        callbackUrl(hook, "standard"),
        // The third one is no whsec_ secret: ignored with a warning at load.
        `rest_callback_webhook_secret = { ${luaString(NEW_WHSEC)}, ${luaString(OLD_WHSEC)}, "plain secret" }`,
      ),
      rest("slow.localhost", callbackUrl(hook, "slow"), "rest_callback_timeout = 1"),
      rest("down.localhost", `rest_callback_url = ${luaString(`http://127.0.0.1:${closedPort}/down`)}`),
      rest("picky.localhost", callbackUrl(hook, "picky"), 'rest_callback_stanzas = { "message" }', 'rest_callback_events = { "bare" }'),
      rest("hangprobe.localhost", callbackUrl(hook, "hangprobe"), "rest_callback_timeout = 1"),
      rest("badtype.localhost", callbackUrl(hook, "badtype"), 'rest_callback_content_type = "text/bogus"'),
      { domain: MUC, module: "muc", config: "muc_room_locking = false" },
    ],
  });
  ({ server, clients: { alice, bob } } = suite);
});

afterAll(() =>
  stopSuite(suite, {
    // Provoked on purpose: the unknown rest_callback_content_type, reported once at load.
    expected: (entry) =>
      /badtype\.localhost:rest\s+error\s+rest_callback_content_type = "text\/bogus"/.test(entry) ||
      /standard\.localhost:rest\s+warn\s+Ignoring secret #3 of rest_callback_webhook_secret/.test(entry),
    cleanup: [() => hook?.close()],
  }));

describe("the OPTIONS probe at load", () => {
  it("is made once per host, to the URL filled with kind meta, type info and the host", () => {
    const xmlProbes = requestsTo(hook, "xml").filter((h) => h.method === "OPTIONS");
    expect(xmlProbes).toHaveLength(1);
    expect(xmlProbes[0]!.req.url).toBe("/hook/xml/meta/info?to=rest.localhost&from=rest.localhost");
    const jsonProbe = requestsTo(hook, "json").find((h) => h.method === "OPTIONS");
    expect(jsonProbe?.req.url).toBe("/hook/json/meta/info/json.localhost/json.localhost");
    expect(jsonProbe?.req.text).toBe("");
  });

  it("is signed like the POSTs", () => {
    const probe = requestsTo(hook, "signed").find((h) => h.method === "OPTIONS");
    expect(probe?.req.headers["x-prosody-signature"]).toBe(signatureOf("", HOOK_SECRET));
  });

  it("lets a 200's Accept pick JSON", async () => {
    const id = await sendMessage(alice, "bot@json.localhost", "which format?");
    const h = await requestFor(hook, id);
    expect(h.format).toBe(JSON_TYPE);
    expect(h.doc).toMatchObject({ kind: "message", type: "chat", body: "which format?", to: "bot@json.localhost", from: alice.jid });
  });

  it("keeps the configured format after a 404 or a 405", async () => {
    const formId = await sendMessage(alice, "bot@form.localhost", "form please");
    expect((await requestFor(hook, formId)).format).toBe(FORM);
    const signedId = await sendMessage(alice, "bot@signed.localhost", "xml please");
    expect((await requestFor(hook, signedId)).format).toBe(XMPP_XML);
  });

  it("times out when the endpoint does not answer it, and stanzas still flow", async () => {
    const deadline = Date.now() + 5000;
    const failing = /hangprobe\.localhost:rest\s+warn\s+Endpoint failing: timeout/;
    while (!failing.test(server.log()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(server.log()).toMatch(failing);
    await sendMessage(alice, "bot@hangprobe.localhost", "after the probe", () => reply("<message><body>probe or not</body></message>"));
    expect((await messageWithBody(alice, "probe or not")).attrs.from).toBe("bot@hangprobe.localhost");
  });

  it("reports an unknown rest_callback_content_type once, at load, and sends XML", async () => {
    const id = await sendMessage(alice, "bot@badtype.localhost", "still works");
    expect((await requestFor(hook, id)).format).toBe(XMPP_XML);
    const errors = server.log().split("\n").filter((line) => /badtype\.localhost:rest\s+error/.test(line));
    expect(errors).toHaveLength(1);
  });
});

describe("each stanza becomes one POST", () => {
  it("with the stanza as XML, Content-Type, Accept, Content-Language and the filled URL template", async () => {
    const id = await sendMessage(alice, "echo@rest.localhost", "Hallo ✓", undefined, { "xml:lang": "de" });
    const h = await requestFor(hook, id);
    expect(h.method).toBe("POST");
    expect(h.req.url).toBe(`/hook/xml/message/chat?to=echo%40rest.localhost&from=alice%40localhost%2fdesk`);
    expect(h.req.headers["content-type"]).toBe(XMPP_XML);
    expect(h.req.headers["accept"]).toBe(READ_BACK);
    expect(h.req.headers["content-language"]).toBe("de");
    expect(h.stanza?.name).toBe("message");
    expect(h.stanza?.attrs).toMatchObject({ to: "echo@rest.localhost", from: alice.jid, type: "chat", id });
    expect(h.stanza?.getChildText("body")).toBe("Hallo ✓");
  });

  it("as a form when configured so", async () => {
    const id = await sendMessage(alice, "bot@form.localhost", "a & b = c");
    const h = await requestFor(hook, id);
    expect(h.req.headers["content-type"]).toBe(FORM);
    expect(h.doc).toMatchObject({ body: "a & b = c", from: alice.jid, to: "bot@form.localhost" });
  });

  it("fills the template for presence and iq too", async () => {
    const id = await sendIq(alice, "echo@rest.localhost/res", "get", xml("query", { xmlns: "jabber:iq:version" }));
    expect((await requestFor(hook, id)).req.url).toBe(`/hook/xml/iq/get?to=echo%40rest.localhost%2fres&from=alice%40localhost%2fdesk`);
    await alice.nextStanza((el) => el.attrs.id === id);
  });

  it("carries a valid signature when rest_callback_secret is set", async () => {
    const id = await sendMessage(alice, "bot@signed.localhost", "sign me");
    const h = await requestFor(hook, id);
    expect(isSignedWith(h.req, HOOK_SECRET)).toBe(true);
    const other = await requestFor(hook, await sendMessage(alice, "echo@rest.localhost", "unsigned"));
    expect(other.req.headers["x-prosody-signature"]).toBeUndefined();
  });

  it("carries Standard Webhooks headers verified by the standardwebhooks library with either rotated secret", async () => {
    const before = Math.floor(Date.now() / 1000);
    const id = await sendMessage(alice, "bot@standard.localhost", "standard ✓");
    const second = await sendMessage(alice, "bot@standard.localhost", "again");
    const [a, b] = [(await requestFor(hook, id)).req, (await requestFor(hook, second)).req];
    for (const req of [a, b]) {
      expect(isStandardSignedWith(req, NEW_WHSEC)).toBe(true);
      expect(isStandardSignedWith(req, OLD_WHSEC)).toBe(true);
      expect(String(req.headers["webhook-signature"]).split(" ")).toHaveLength(2);
      expect(Number(req.headers["webhook-timestamp"])).toBeGreaterThanOrEqual(before - 1);
      expect(req.headers["x-prosody-signature"]).toBeUndefined();
    }
    expect(a.headers["webhook-id"]).not.toBe(b.headers["webhook-id"]);
    const probe = requestsTo(hook, "standard").find((h) => h.method === "OPTIONS");
    expect(probe && isStandardSignedWith(probe.req, NEW_WHSEC)).toBe(true);
    expect(server.log()).toMatch(/Ignoring secret #3 of rest_callback_webhook_secret: it does not start with whsec_/);
    expect(server.log()).not.toContain("plain secret");
    const unsigned = await requestFor(hook, await sendMessage(alice, "echo@rest.localhost", "unsigned"));
    expect(unsigned.req.headers["webhook-signature"]).toBeUndefined();
  });

  it("is made only for the configured kinds and addressing forms", async () => {
    const id = await sendMessage(alice, "bot@picky.localhost", "picked");
    await requestFor(hook, id);
    const hostId = await sendMessage(alice, "picky.localhost", "not to the host");
    const fullId = await sendMessage(alice, "bot@picky.localhost/res", "not to a full JID");
    const iqId = await sendIq(alice, "bot@picky.localhost", "get", xml("query", { xmlns: "jabber:iq:version" }));
    await expectError(alice, iqId, "cancel", "service-unavailable");
    await new Promise((r) => setTimeout(r, 300));
    const ids = requestsTo(hook, "picky").map((h) => h.id);
    expect(ids).toContain(id);
    expect(ids).not.toContain(hostId);
    expect(ids).not.toContain(fullId);
    expect(ids).not.toContain(iqId);
  });
});

describe("202 and 204", () => {
  it.each([[202], [204]])("%s: no reply to a message or a presence", async (status) => {
    const id = await sendMessage(alice, "quiet@rest.localhost", "shh", () => ({ status }));
    await requestFor(hook, id);
    await alice.send(xml("presence", { to: "quiet@rest.localhost", type: "subscribe", id: `sub-${status}` }));
    await alice.expectNoStanza((el) => el.attrs.from?.startsWith("quiet@rest.localhost") === true, 500);
  });

  it.each([["get"], ["set"]])("%s: an iq gets an empty result with its id", async (type) => {
    const id = await sendIq(alice, "echo@rest.localhost", type, xml("query", { xmlns: "urn:example:q" }), () => ({ status: 204 }));
    const result = await alice.nextStanza((el) => el.attrs.id === id);
    expect(result.attrs).toMatchObject({ type: "result", from: "echo@rest.localhost", to: alice.jid });
    expect(result.children).toHaveLength(0);
  });

  it("a message asking for a receipt gets one carrying its id attribute", async () => {
    const id = await sendMessage(alice, "echo@rest.localhost", "receipt please", () => ({ status: 202 }), {}, [
      xml("request", { xmlns: RECEIPTS }),
    ]);
    const receipt = await alice.nextStanza((el) => el.is("message") && el.getChild("received", RECEIPTS) !== undefined);
    expect(receipt.getChild("received", RECEIPTS)?.attrs.id).toBe(id);
    expect(receipt.attrs.from).toBe("echo@rest.localhost");
    expect(receipt.attrs.id).not.toBe(id);
  });
});

describe("a reply of the same kind", () => {
  it("goes back to the sender, to/from swapped, in XML", async () => {
    await sendMessage(alice, "echo@rest.localhost/r1", "hello?", () =>
      reply("<message type='chat' to='bob@localhost' from='evil@localhost'><body>Yes, this is bot</body></message>"));
    const answer = await messageWithBody(alice, "Yes, this is bot");
    expect(answer.attrs).toMatchObject({ from: "echo@rest.localhost/r1", to: alice.jid, type: "chat" });
    await bob.expectNoStanza((el) => el.getChildText("body") === "Yes, this is bot", 300);
  });

  it("in JSON", async () => {
    await sendMessage(alice, "bot@json.localhost", "json reply?", () => reply(JSON.stringify({ body: "json answer ✓" }), JSON_TYPE));
    expect((await messageWithBody(alice, "json answer ✓")).attrs.from).toBe("bot@json.localhost");
  });

  it("in a form", async () => {
    await sendMessage(alice, "bot@form.localhost", "form reply?", () => reply("body=form+answer", FORM));
    expect((await messageWithBody(alice, "form answer")).attrs.from).toBe("bot@form.localhost");
  });

  it("in text/plain, as a chat message", async () => {
    await sendMessage(alice, "echo@rest.localhost", "text?", () => reply("plain answer", `${TEXT}; charset=utf-8`), { type: "normal" });
    const answer = await messageWithBody(alice, "plain answer");
    expect(answer.attrs.type).toBe("chat");
  });

  it("an iq reply becomes the result with the original id", async () => {
    const id = await sendIq(alice, "echo@rest.localhost", "get", xml("query", { xmlns: "jabber:iq:version" }), () =>
      reply("<iq type='set' id='other'><query xmlns='jabber:iq:version'><name>hookbot</name><version>1</version></query></iq>"));
    const result = await alice.nextStanza((el) => el.attrs.id === id);
    expect(result.attrs.type).toBe("result");
    expect(result.getChild("query", "jabber:iq:version")?.getChildText("name")).toBe("hookbot");
  });

  it("an iq error stays an error, with the original id", async () => {
    const id = await sendIq(alice, "echo@rest.localhost", "get", xml("query", { xmlns: "jabber:iq:version" }), () =>
      reply(`<iq type='error'><error type='cancel'><item-not-found xmlns='${STANZAS_NS}'/></error></iq>`));
    await expectError(alice, id, "cancel", "item-not-found");
  });

  it("a presence for a presence", async () => {
    const id = newId("presence", () => reply("<presence><show>chat</show><status>here for you</status></presence>"));
    await alice.send(xml("presence", { to: "friend@rest.localhost", id }, xml("status", {}, "directed")));
    expect((await requestFor(hook, id)).kind).toBe("presence");
    const answer = await alice.nextStanza((el) => el.is("presence") && el.attrs.from === "friend@rest.localhost");
    expect(answer.attrs.to).toBe(alice.jid);
    expect(answer.getChildText("status")).toBe("here for you");
  });

  it("a message asking for a receipt gets it inside the reply", async () => {
    const id = await sendMessage(alice, "echo@rest.localhost", "reply and receipt", () => reply("<message><body>both</body></message>"), {}, [
      xml("request", { xmlns: RECEIPTS }),
    ]);
    const answer = await messageWithBody(alice, "both");
    expect(answer.getChild("received", RECEIPTS)?.attrs.id).toBe(id);
  });
});

describe("a groupchat reply", () => {
  it("goes to the room's bare JID", async () => {
    await alice.send(xml("presence", { to: `${ROOM}/alice` }, xml("x", { xmlns: "http://jabber.org/protocol/muc" })));
    await alice.nextStanza((el) => el.is("presence") && el.attrs.from === `${ROOM}/alice`);
    const joined = await httpRequest(server, {
      method: "POST",
      path: "/rest",
      host: "rest.localhost",
      headers: { Authorization: basicAuth("rest.localhost", SECRET), "Content-Type": XMPP_XML },
      body: `<presence from='bot@rest.localhost/hookbot' to='${ROOM}/hookbot'><x xmlns='http://jabber.org/protocol/muc'/></presence>`,
    });
    expect(joined.status, joined.body).toBeLessThan(300);
    await alice.nextStanza((el) => el.is("presence") && el.attrs.from === `${ROOM}/hookbot`);
    const id = await sendMessage(alice, ROOM, "hello bot", () => reply("<message type='groupchat'><body>hello room</body></message>"), {
      type: "groupchat",
    });
    const h = await requestFor(hook, id);
    expect(h.req.url).toBe(`/hook/xml/message/groupchat?to=bot%40rest.localhost%2fhookbot&from=lobby%40muc.localhost%2falice`);
    const answer = await messageWithBody(alice, "hello room");
    expect(answer.attrs).toMatchObject({ from: `${ROOM}/hookbot`, type: "groupchat" });
  });
});

describe("non-2xx answers", () => {
  it.each([
    [404, "cancel", "item-not-found"],
    [403, "auth", "forbidden"],
    [400, "modify", "bad-request"],
    [500, "cancel", "internal-server-error"],
    [503, "wait", "remote-server-timeout"],
    [418, "cancel", "service-unavailable"],
    [302, "cancel", "service-unavailable"],
  ])("%s gives %s/%s", async (status, type, condition) => {
    const id = await sendMessage(alice, "echo@rest.localhost", `status ${status}`, () => ({ status, body: "" }));
    await expectError(alice, id, type, condition);
  });

  it("takes a text/plain body as the error text", async () => {
    const id = await sendMessage(alice, "echo@rest.localhost", "who?", () => ({
      status: 404, headers: { "Content-Type": "text/plain" }, body: "No such bot here\n",
    }));
    expect(errorText(await expectError(alice, id, "cancel", "item-not-found"))).toBe("No such bot here");
  });

  it("answers an iq request with exactly one error", async () => {
    const id = await sendIq(alice, "echo@rest.localhost", "set", xml("query", { xmlns: "urn:example:q" }), () => ({ status: 500 }));
    await expectError(alice, id, "cancel", "internal-server-error");
    await alice.expectNoStanza((el) => el.attrs.id === id, 500);
  });
});

describe("garbage answers", () => {
  it.each([
    ["not well-formed XML", reply("<message><body>x")],
    ["another element", reply("<foo/>")],
    ["a foreign namespace", reply("<message xmlns='urn:evil'><body>x</body></message>")],
    ["a DOCTYPE", reply("<!DOCTYPE x [<!ENTITY a 'b'>]><message><body>&a;</body></message>")],
    ["another kind", reply("<presence/>")],
    ["an iq for a message", reply("<iq type='result'/>")],
    ["JSON garbage", reply("{", JSON_TYPE)],
    ["a JSON array", reply("[1,2]", JSON_TYPE)],
    ["JSON of the wrong type", reply('{"body":{"x":1}}', JSON_TYPE)],
    ["HTML", reply("<html><body>hi</body></html>", "text/html")],
    ["no Content-Type", { status: 200, body: "<message><body>x</body></message>" }],
    ["invalid UTF-8 text", { status: 200, headers: { "Content-Type": TEXT }, body: Buffer.from([0xff, 0xfe, 0x41]) }],
    ["a control character in text", reply("bell \u0007", TEXT)],
  ] as const)("%s: the sender gets cancel/undefined-condition, never an echo", async (_name, answer) => {
    const mark = server.logMark();
    const id = await sendMessage(alice, "echo@rest.localhost", "garbage please", () => answer);
    const error = await expectError(alice, id, "cancel", "undefined-condition");
    expect(error.getChild("body")).toBeUndefined();
    expect(server.logSince(mark)).toMatch(/\twarn\tUnusable webhook answer/);
    await alice.expectNoStanza((el) => el.attrs.id === id || el.getChildText("body") === "garbage please", 300);
  });

  it("an answer over 512 KiB gives cancel/undefined-condition, and one under it is delivered", async () => {
    const big = "z".repeat(520 * 1024);
    const id = await sendMessage(alice, "echo@rest.localhost", "too big", () => reply(`<message><body>${big}</body></message>`));
    await expectError(alice, id, "cancel", "undefined-condition");
    const fine = "y".repeat(200 * 1024);
    await sendMessage(alice, "echo@rest.localhost", "big enough", () => reply(`<message><body>${fine}</body></message>`));
    expect((await alice.nextStanza((el) => el.getChildText("body")?.length === fine.length)).attrs.from).toBe("echo@rest.localhost");
  });

  it("an iq with a garbage answer gets exactly one error", async () => {
    const id = await sendIq(alice, "echo@rest.localhost", "get", xml("query", { xmlns: "jabber:iq:version" }), () => reply("<iq"));
    await expectError(alice, id, "cancel", "undefined-condition");
    await alice.expectNoStanza((el) => el.attrs.id === id, 300);
  });
});

describe("stanzas never answered", () => {
  it("an error message gets nothing back, whatever the endpoint says", async () => {
    const id = `err-${Date.now()}`;
    await alice.send(xml("message", { to: "echo@rest.localhost", type: "error", id },
      xml("error", { type: "cancel" }, xml("item-not-found", { xmlns: STANZAS_NS }))));
    await requestFor(hook, id);
    await alice.expectNoStanza((el) => el.attrs.id === id || el.attrs.from === "echo@rest.localhost", 500);
  });

  it("an iq result gets nothing back", async () => {
    const id = `res-${Date.now()}`;
    await alice.send(xml("iq", { to: "echo@rest.localhost", type: "result", id }));
    await requestFor(hook, id);
    await alice.expectNoStanza((el) => el.attrs.id === id, 500);
  });
});

describe("no answer", () => {
  it("a timeout gives wait/remote-server-timeout", async () => {
    const started = Date.now();
    const id = await sendMessage(alice, "bot@slow.localhost", "too slow", () => "hang");
    await expectError(alice, id, "wait", "remote-server-timeout");
    expect(Date.now() - started).toBeGreaterThan(800);
  });

  it("an iq to a timed-out endpoint gets exactly one error", async () => {
    const id = await sendIq(alice, "bot@slow.localhost", "get", xml("query", { xmlns: "jabber:iq:version" }), () => "hang");
    await expectError(alice, id, "wait", "remote-server-timeout");
    await alice.expectNoStanza((el) => el.attrs.id === id, 300);
  });

  it("an endpoint that is down gives wait/recipient-unavailable, and the status says failing", async () => {
    const id = await sendMessage(alice, "bot@down.localhost", "anyone?");
    await expectError(alice, id, "wait", "recipient-unavailable");
    const iqId = await sendIq(alice, "bot@down.localhost", "get", xml("query", { xmlns: "jabber:iq:version" }));
    expect(errorOf(await alice.nextStanza((el) => el.attrs.id === iqId))).toMatchObject({ type: "wait", condition: "recipient-unavailable" });
    expect(server.log()).toMatch(/down\.localhost:rest\s+warn\s+Endpoint failing/);
  });
});
