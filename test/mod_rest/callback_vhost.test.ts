// mod_rest webhooks on a VirtualHost, end to end: what is addressed to the
// host itself and no other module handles goes to the webhook; the users'
// own traffic and the host's own services (ping, disco) do not. Real
// Prosody, real XMPP clients, a real webhook endpoint; the log ends clean.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSuite, stopSuite, withPasswords, type Suite } from "../harness/suite";
import { startWebhookServer, type WebhookServer } from "../harness/webhook";
import { messageWithBody, xml, type TestClient } from "../harness/xmpp";
import {
  callbackUrl, expectError, probeAnswer, RECEIPTS, reply, requestFor, requestsTo, scriptedAnswer, sendIq, sendMessage, XMPP_XML,
} from "./callback_kit";

let suite: Suite<"alice" | "bob">;
let alice: TestClient;
let bob: TestClient;
let hook: WebhookServer;

beforeAll(async () => {
  hook = await startWebhookServer(scriptedAnswer);
  // JSON is configured, but the endpoint prefers XML (q-values).
  probeAnswer("vhost", { status: 200, headers: { Accept: "application/json;q=0.5, application/xmpp+xml" } });
  suite = await startSuite({
    name: "rest-callback-vhost",
    users: withPasswords("alice", "bob"),
    clients: { alice: "desk", bob: "phone" },
    virtualHostModules: ["rest"],
    virtualHostConfig: [callbackUrl(hook, "vhost", "/{kind}/{type}/{to}"), 'rest_callback_content_type = "json"'].join("\n"),
  });
  ({ clients: { alice, bob } } = suite);
});

afterAll(() => stopSuite(suite, { cleanup: [() => hook?.close()] }));

describe("webhooks on a VirtualHost", () => {
  it("probe the URL at load with the host as to, and take the format the endpoint prefers", async () => {
    const probes = requestsTo(hook, "vhost").filter((h) => h.method === "OPTIONS");
    expect(probes.map((h) => h.req.url)).toEqual(["/hook/vhost/meta/info/localhost"]);
    const id = await sendMessage(alice, "localhost", "to the host");
    const h = await requestFor(hook, id);
    expect(h.format).toBe(XMPP_XML);
    expect(h.req.url).toBe("/hook/vhost/message/chat/localhost");
  });

  it("reply from the host to what is addressed to it", async () => {
    await sendMessage(alice, "localhost", "hello host", () => reply("<message type='chat'><body>hello from the host</body></message>"));
    const answer = await messageWithBody(alice, "hello from the host");
    expect(answer.attrs).toMatchObject({ from: "localhost", to: alice.jid });
  });

  it("give an iq no module answers its result", async () => {
    const id = await sendIq(alice, "localhost", "get", xml("query", { xmlns: "jabber:iq:version" }), () => ({ status: 204 }));
    const result = await alice.nextStanza((el) => el.attrs.id === id);
    expect(result.attrs).toMatchObject({ type: "result", from: "localhost" });
    expect((await requestFor(hook, id)).kind).toBe("iq");
  });

  it("leave the host's own services alone (ping, disco)", async () => {
    const ping = await sendIq(alice, "localhost", "get", xml("ping", { xmlns: "urn:xmpp:ping" }), () => ({ status: 500 }));
    expect((await alice.nextStanza((el) => el.attrs.id === ping)).attrs.type).toBe("result");
    const disco = await sendIq(alice, "localhost", "get", xml("query", { xmlns: "http://jabber.org/protocol/disco#info" }),
      () => ({ status: 500 }));
    const info = await alice.nextStanza((el) => el.attrs.id === disco);
    expect(info.attrs.type).toBe("result");
    expect(info.getChild("query")?.getChildren("feature").length).toBeGreaterThan(0);
    const ids = requestsTo(hook, "vhost").map((h) => h.id);
    expect(ids).not.toContain(ping);
    expect(ids).not.toContain(disco);
  });

  it("leave the users' own traffic alone", async () => {
    const id = await sendMessage(alice, "bob@localhost", "just for bob", () => ({ status: 500 }));
    await messageWithBody(bob, "just for bob");
    const full = await sendMessage(alice, bob.jid, "for bob's phone", () => ({ status: 500 }));
    await messageWithBody(bob, "for bob's phone");
    const ids = requestsTo(hook, "vhost").map((h) => h.id);
    expect(ids).not.toContain(id);
    expect(ids).not.toContain(full);
  });

  it("send a receipt from the host", async () => {
    const id = await sendMessage(alice, "localhost", "receipt?", () => ({ status: 204 }), {}, [xml("request", { xmlns: RECEIPTS })]);
    const receipt = await alice.nextStanza((el) => el.getChild("received", RECEIPTS)?.attrs.id === id);
    expect(receipt.attrs.from).toBe("localhost");
  });

  it("answer an unusable answer with an error from the host", async () => {
    const id = await sendMessage(alice, "localhost", "garbage?", () => reply("{", "application/json"));
    const error = await expectError(alice, id, "cancel", "undefined-condition");
    expect(error.attrs.from).toBe("localhost");
  });
});
