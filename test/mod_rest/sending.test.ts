// mod_rest end to end: sending messages and presence. POST /rest in every
// content type, the path routes, attribute rewriting, the `from` rules of
// each kind of credentials, 202 and the synchronous bounce, and the
// pre-message events (carbons). A real Prosody, real XMPP clients, real HTTP.
import { beforeAll, describe, expect, it } from "vitest";
import {
  bearerAuth, COMPONENT, expectRestError, expectStatus, formPayload, jsonPayload, NS, textPayload, useRestSuite,
  XMPP_XML, xmlPayload, type RestResponse,
} from "../harness/rest";
import { messageWithBody, xml, type Element, type TestClient } from "../harness/xmpp";

const suite = useRestSuite({
  name: "rest-sending",
  modules: ["carbons"],
  users: ["carol"],
  clients: { bob: "phone", alice: "desk" },
  component: true,
});
const alice = suite.as("alice");
let bob: TestClient;
let aliceClient: TestClient;

beforeAll(async () => {
  ({ bob, alice: aliceClient } = suite.clients);
  // alice's XMPP client asks for carbons: what she sends over HTTP must be copied to it (pre-message events).
  await aliceClient.xmpp.iqCaller.request(xml("iq", { type: "set" }, xml("enable", { xmlns: NS.carbons })));
});

let counter = 0;
/** A body no other test uses. */
const unique = (what: string): string => `${what} #${++counter}`;

/** Sends through `send`, expects 202, and resolves with the message bob receives with this body. */
async function bobGets(body: string, send: () => Promise<RestResponse>): Promise<Element> {
  const received = messageWithBody(bob, body);
  received.catch(() => {}); // when the request fails, the failure to report is the status, not this wait
  const res = await send();
  expectStatus(res, 202);
  return received;
}

describe("POST /rest in each content type", () => {
  it("sends an application/xmpp+xml message from the authenticated user's bare JID", async () => {
    const body = unique("xml");
    const msg = await bobGets(body, () =>
      alice.post(xmlPayload(xml("message", { to: "bob@localhost", type: "chat", id: "xml-1" }, xml("body", {}, body)))));
    expect(msg.attrs.from).toBe("alice@localhost");
    expect(msg.attrs.to).toBe("bob@localhost");
    expect(msg.attrs.type).toBe("chat");
    expect(msg.attrs.id).toBe("xml-1");
  });

  it("accepts the jabber:client namespace written out, and Content-Type parameters", async () => {
    const body = unique("xmlns");
    await bobGets(body, () =>
      alice.post(xmlPayload(`<message xmlns="jabber:client" to="bob@localhost" type="chat"><body>${body}</body></message>`,
        `${XMPP_XML}; charset=utf-8`)));
  });

  it("sends a JSON message", async () => {
    const body = unique("json");
    const msg = await bobGets(body, () => alice.post(jsonPayload({ kind: "message", type: "chat", to: "bob@localhost", body })));
    expect(msg.attrs.from).toBe("alice@localhost");
    expect(msg.attrs.type).toBe("chat");
  });

  it("infers the kind of a JSON document without `kind` (a body: a message), and accepts Content-Type parameters", async () => {
    const body = unique("inferred");
    await bobGets(body, () => alice.post(jsonPayload({ to: "bob@localhost", type: "chat", body }, "application/json; charset=UTF-8")));
  });

  it("sends the message fields of this issue's mapping: subject, thread, html (an XHTML body, as in the community module), oob", async () => {
    const body = unique("fields");
    const msg = await bobGets(body, () =>
      alice.post(jsonPayload({
        kind: "message", type: "normal", to: "bob@localhost", body, subject: "Build", thread: "t-1",
        html: "<body><p>Build <b>passed</b></p></body>", oob_url: "https://example.com/log.txt",
      })));
    expect(msg.getChildText("subject")).toBe("Build");
    expect(msg.getChildText("thread")).toBe("t-1");
    const xhtml = msg.getChild("html", "http://jabber.org/protocol/xhtml-im")?.getChild("body", "http://www.w3.org/1999/xhtml");
    expect(xhtml?.getChild("p")?.getChildText("b")).toBe("passed");
    expect(msg.getChild("x", "jabber:x:oob")?.getChildText("url")).toBe("https://example.com/log.txt");
  });

  it("sends a form (application/x-www-form-urlencoded) message", async () => {
    const body = unique("form");
    const msg = await bobGets(body, () =>
      alice.post(formPayload({ kind: "message", type: "headline", to: "bob@localhost", body, subject: "Form" })));
    expect(msg.attrs.type).toBe("headline");
    expect(msg.getChildText("subject")).toBe("Form");
  });

  it("refuses text/plain without a path with 422 (the community module sent it to the sender's own account)", async () => {
    const res = await alice.post(textPayload(unique("text without path")), { accept: "application/json" });
    expectRestError(res, 422);
    await aliceClient.expectNoStanza((el) => el.is("message") && (el.getChildText("body") ?? "").startsWith("text without path"), 300);
  });

  it("sends JSON presence with show, status and priority; bob receives it", async () => {
    const status = unique("status");
    const received = bob.nextStanza((el) => el.is("presence") && el.getChildText("status") === status);
    const res = await alice.post(jsonPayload({ kind: "presence", to: "bob@localhost/phone", show: "away", status, priority: 5 }));
    expectStatus(res, 202);
    const presence = await received;
    expect(presence.attrs.from).toBe("alice@localhost");
    expect(presence.attrs.type).toBeUndefined();
    expect(presence.getChildText("show")).toBe("away");
    expect(presence.getChildText("priority")).toBe("5");
  });
});

describe("POST /rest/{kind}/{type}/{to}", () => {
  it("sends a text/plain body as a message of the path's type to the path's address", async () => {
    const body = unique("path text");
    const msg = await bobGets(body, () => alice.postTo("/message/chat/bob@localhost", textPayload(body)));
    expect(msg.attrs.type).toBe("chat");
    expect(msg.attrs.from).toBe("alice@localhost");
  });

  it("takes a full JID (with its /resource) and a percent-encoded address", async () => {
    const body = unique("full jid");
    const msg = await bobGets(body, () => alice.postTo("/message/normal/bob%40localhost/phone", textPayload(body)));
    expect(msg.attrs.to).toBe("bob@localhost/phone");
    expect(msg.attrs.type).toBe("normal");
  });

  it("takes a form body with the path's kind, type and address", async () => {
    const body = unique("path form");
    const msg = await bobGets(body, () => alice.postTo("/message/headline/bob@localhost", formPayload({ body, subject: "Path form" })));
    expect(msg.attrs.type).toBe("headline");
    expect(msg.getChildText("subject")).toBe("Path form");
  });

  it("takes a JSON body with the path's kind, type and address", async () => {
    const body = unique("path json");
    const msg = await bobGets(body, () => alice.postTo("/message/chat/bob@localhost", jsonPayload({ body })));
    expect(msg.attrs.type).toBe("chat");
  });

  it("sends a text/plain body as the show of a presence path; type available means no type attribute", async () => {
    const received = bob.nextStanza((el) => el.is("presence") && el.getChildText("show") === "dnd" && el.attrs.from === "alice@localhost");
    expectStatus(await alice.postTo("/presence/available/bob@localhost/phone", textPayload("dnd")), 202);
    expect((await received).attrs.type).toBeUndefined();
  });

  it("sends to the sender's own account when `to` is empty", async () => {
    const body = unique("note to self");
    const received = messageWithBody(aliceClient, body);
    expectStatus(await alice.postTo("/message/chat/", textPayload(body)), 202);
    const msg = await received;
    expect(msg.attrs.from).toBe("alice@localhost");
  });

  it("accepts a type containing `_` in the path (the Jan 2024 community module answered 404)", async () => {
    // No stanza type has an `_`, but iq payload names do (upload_request): the route must reach the module,
    // which answers with its own error for an unknown message type, not with a 404.
    const res = await alice.postTo("/message/not_a_type/bob@localhost", textPayload("x"), { accept: "application/json" });
    expect(res.status).not.toBe(404);
    expect(res.status).toBeLessThan(500);
  });
});

describe("attribute rewriting", () => {
  it("keeps to, id, type and xml:lang, sets from, drops every other attribute", async () => {
    const body = unique("attributes");
    const msg = await bobGets(body, () =>
      alice.post(xmlPayload(`<message to="bob@localhost" id="attr-1" type="chat" xml:lang="de" foo="bar" priority="9"><body>${body}</body></message>`)));
    expect(msg.attrs).toMatchObject({ from: "alice@localhost", to: "bob@localhost", id: "attr-1", type: "chat", "xml:lang": "de" });
    expect(msg.attrs["foo"]).toBeUndefined();
    expect(msg.attrs["priority"]).toBeUndefined();
  });

  it("generates an id when there is none, a new one per request", async () => {
    const first = unique("no id");
    const second = unique("no id");
    const a = await bobGets(first, () => alice.post(jsonPayload({ to: "bob@localhost", type: "chat", body: first })));
    const b = await bobGets(second, () => alice.post(jsonPayload({ to: "bob@localhost", type: "chat", body: second })));
    expect(a.attrs.id).toMatch(/\S/);
    expect(b.attrs.id).toMatch(/\S/);
    expect(a.attrs.id).not.toBe(b.attrs.id);
  });

  it("POST /rest/echo returns the stanza as it would be sent (rewritten), and sends nothing", async () => {
    const body = unique("echo");
    const res = await alice.echo(xmlPayload(`<message to="bob@localhost" type="chat" xml:lang="en" foo="x"><body>${body}</body></message>`));
    expectStatus(res, 200);
    const el = res.stanza();
    expect(el.name).toBe("message");
    expect(el.attrs).toMatchObject({ from: "alice@localhost", to: "bob@localhost", type: "chat", "xml:lang": "en" });
    expect(el.attrs.id).toMatch(/\S/);
    expect(el.attrs["foo"]).toBeUndefined();
    expect(el.getChildText("body")).toBe(body);
    await bob.expectNoStanza((s) => s.getChildText("body") === body, 300);
  });

  it("normalises the addresses (stringprep) before sending", async () => {
    const body = unique("prep");
    const msg = await bobGets(body, () => alice.post(jsonPayload({ to: "BOB@LocalHost", type: "chat", body })));
    expect(msg.attrs.to).toBe("bob@localhost");
  });
});

describe("`from`", () => {
  it("Basic: any resource of the user's own bare JID may be claimed", async () => {
    const body = unique("claimed resource");
    const msg = await bobGets(body, () =>
      alice.post(jsonPayload({ from: "alice@localhost/script", to: "bob@localhost", type: "chat", body })));
    expect(msg.attrs.from).toBe("alice@localhost/script");
  });

  it("Basic: the user's bare JID itself is allowed", async () => {
    const body = unique("own bare");
    const msg = await bobGets(body, () => alice.post(jsonPayload({ from: "alice@localhost", to: "bob@localhost", type: "chat", body })));
    expect(msg.attrs.from).toBe("alice@localhost");
  });

  it.each(["bob@localhost", "bob@localhost/phone", "localhost", "alice@elsewhere.example", `alice@${COMPONENT}`])(
    "Basic: another address (%s) is refused with 403 not-authorized",
    async (from) => {
      const body = unique("spoof");
      const res = await alice.post(jsonPayload({ from, to: "bob@localhost", type: "chat", body }), { accept: "application/json" });
      expectRestError(res, 403, "not-authorized");
      await bob.expectNoStanza((s) => s.getChildText("body") === body, 200);
    },
  );

  it.each(["a@b@c", "@localhost", "alice@", "alice@local host"])("an invalid from (%s) is refused with 422 invalid-from", async (from) => {
    const res = await alice.post(jsonPayload({ from, to: "bob@localhost", type: "chat", body: "x" }), { accept: "application/json" });
    expectRestError(res, 422, "invalid-from");
  });

  it("the same in XML: a spoofed from attribute is 403", async () => {
    const res = await alice.post(xmlPayload('<message from="bob@localhost" to="bob@localhost" type="chat"><body>x</body></message>'),
      { accept: "application/json" });
    expectRestError(res, 403, "not-authorized");
  });

  describe("a token bound to a resource", () => {
    let tokenClient: ReturnType<typeof suite.withAuth>;
    beforeAll(async () => {
      tokenClient = suite.withAuth(bearerAuth(await suite.token("alice", "bot")));
    });

    it("sends from that full JID", async () => {
      const body = unique("full token");
      const msg = await bobGets(body, () => tokenClient.post(jsonPayload({ to: "bob@localhost", type: "chat", body })));
      expect(msg.attrs.from).toBe("alice@localhost/bot");
    });

    it("allows exactly that full JID as from", async () => {
      const body = unique("full token from");
      const msg = await bobGets(body, () =>
        tokenClient.post(jsonPayload({ from: "alice@localhost/bot", to: "bob@localhost", type: "chat", body })));
      expect(msg.attrs.from).toBe("alice@localhost/bot");
    });

    it.each(["alice@localhost/other", "alice@localhost"])("refuses %s as from with 403", async (from) => {
      const res = await tokenClient.post(jsonPayload({ from, to: "bob@localhost", type: "chat", body: "x" }), { accept: "application/json" });
      expectRestError(res, 403, "not-authorized");
    });
  });

  describe("the Component", () => {
    it("sends from its domain by default", async () => {
      const body = unique("component");
      const msg = await bobGets(body, () => suite.component.post(jsonPayload({ to: "bob@localhost", type: "chat", body })));
      expect(msg.attrs.from).toBe(COMPONENT);
    });

    it.each([`bot@${COMPONENT}`, `bot@${COMPONENT}/res`, COMPONENT, `${COMPONENT}/x`])("may send as %s", async (from) => {
      const body = unique("component from");
      const msg = await bobGets(body, () => suite.component.post(jsonPayload({ from, to: "bob@localhost", type: "chat", body })));
      expect(msg.attrs.from).toBe(from);
    });

    it.each(["alice@localhost", "localhost", "x@other.localhost", "sub.rest.localhost"])("may not send as %s (403)", async (from) => {
      const res = await suite.component.post(jsonPayload({ from, to: "bob@localhost", type: "chat", body: "x" }), { accept: "application/json" });
      expectRestError(res, 403, "not-authorized");
    });

    it("sends with the path routes too", async () => {
      const body = unique("component path");
      const msg = await bobGets(body, () => suite.component.postTo("/message/chat/bob@localhost", textPayload(body)));
      expect(msg.attrs.from).toBe(COMPONENT);
    });
  });
});

describe("results", () => {
  it("a message answers 202 and reaches a real client", async () => {
    const body = unique("202");
    const received = messageWithBody(bob, body);
    const res = await alice.post(jsonPayload({ to: "bob@localhost", type: "chat", body }));
    expect(res.status).toBe(202);
    await received;
  });

  it("a synchronous bounce (a message to an account that does not exist) answers 200 with the error stanza, in XML", async () => {
    const res = await alice.post(xmlPayload('<message to="nobody@localhost" type="chat" id="bounce-1"><body>anyone?</body></message>'));
    expectStatus(res, 200);
    expect(res.mediaType).toBe(XMPP_XML);
    const el = res.stanza();
    expect(el.name).toBe("message");
    expect(el.attrs.type).toBe("error");
    expect(el.attrs.id).toBe("bounce-1");
    expect(el.getChild("error")?.getChild("service-unavailable", NS.stanzas)).toBeDefined();
  });

  it("the same bounce in JSON for a JSON request", async () => {
    const res = await alice.post(jsonPayload({ to: "nobody@localhost", type: "chat", id: "bounce-2", body: "anyone?" }));
    expectStatus(res, 200);
    expect(res.mediaType).toBe("application/json");
    const doc = res.doc();
    expect(doc).toMatchObject({ kind: "message", type: "error", id: "bounce-2" });
    expect((doc["error"] as Record<string, unknown>)["condition"]).toBe("service-unavailable");
  });

  it("presence answers 202", async () => {
    expectStatus(await alice.post(jsonPayload({ kind: "presence", to: "bob@localhost", show: "xa" })), 202);
  });

  it("pre-message events fire: alice's other resource gets a carbon copy of what she sends over HTTP", async () => {
    const body = unique("carbon");
    const carbon = aliceClient.nextStanza((el) => {
      const forwarded = el.getChild("sent", NS.carbons)?.getChild("forwarded", NS.forward)?.getChild("message");
      return forwarded?.getChildText("body") === body;
    });
    await bobGets(body, () => alice.post(jsonPayload({ to: "bob@localhost", type: "chat", body })));
    const copy = (await carbon).getChild("sent", NS.carbons)?.getChild("forwarded", NS.forward)?.getChild("message");
    expect(copy?.attrs.from).toBe("alice@localhost");
    expect(copy?.attrs.to).toBe("bob@localhost");
  });

  it("a message sent by a second user over HTTP is not carbon-copied to alice", async () => {
    const body = unique("not alice's");
    const carol = suite.as("carol");
    await bobGets(body, () => carol.post(jsonPayload({ to: "bob@localhost", type: "chat", body })));
    await aliceClient.expectNoStanza((el) => el.toString().includes(body), 300);
  });
});
