// mod_component_http end to end: disco#info (XEP-0030) and ping (XEP-0199)
// answered by the component itself when iq is not forwarded, and as the
// fallback when the endpoint refuses them. A real Prosody, a real XMPP client.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  component, expectError, jsonReply, postUrl, requestMatching, sendIq, startComponentSuite, stopComponentSuite, type ComponentSuite,
} from "../harness/component_http";
import { stanzaWithId, xml, type Element, type TestClient } from "../harness/xmpp";

const DISCO = "http://jabber.org/protocol/disco#info";
const PING = "urn:xmpp:ping";

let suite: ComponentSuite<"alice">;
let alice: TestClient;

/** A component without a usable URL: what it answers itself must not need one. */
const expectedProblem = (line: string): boolean => line.includes("component_post_url");

beforeAll(async () => {
  suite = await startComponentSuite({
    name: "component_http-self-answers",
    clients: { alice: "desk" },
    components: (url) => [
      component("bot.localhost", postUrl(url)),
      component(
        "named.localhost",
        [
          postUrl(url),
          '  component_disco_category = "gateway"',
          '  component_disco_type = "sms"',
          '  component_disco_name = "SMS bridge"',
          '  component_disco_features = { "urn:xmpp:receipts", "jabber:iq:version" }',
        ].join("\n"),
      ),
      component("iq.localhost", `${postUrl(url)}\n  component_post_stanzas = { "message", "iq" }`),
      component("nourl.localhost", ""),
    ],
  });
  ({ clients: { alice } } = suite);
});

afterAll(() => stopComponentSuite(suite, { expected: expectedProblem }));

const discoQuery = (node?: string): Element => xml("query", node === undefined ? { xmlns: DISCO } : { xmlns: DISCO, node });
const ping = (): Element => xml("ping", { xmlns: PING });

/** The result answering `id`, from `from`. */
async function resultFor(id: string, from: string): Promise<Element> {
  const el = await stanzaWithId(alice, id);
  expect(el.attrs).toMatchObject({ type: "result", from, to: alice.jid });
  return el;
}

function discoOf(el: Element): { identities: Array<Record<string, string>>; features: string[] } {
  const query = el.getChild("query", DISCO);
  expect(query, el.toString()).toBeDefined();
  return {
    identities: query!.getChildren("identity").map((i) => ({ ...i.attrs }) as Record<string, string>),
    features: query!.getChildren("feature").map((f) => f.attrs.var as string),
  };
}

describe("iq not forwarded (the default)", () => {
  it.each([["echo@bot.localhost"], ["bot.localhost"], ["echo@bot.localhost/res"]])("answers a ping to %s", async (to) => {
    const id = await sendIq(alice, to, "get", ping());
    const el = await resultFor(id, to);
    expect(el.children).toEqual([]);
  });

  it("answers disco#info as a bot: client/bot named after the local part, disco#info and ping", async () => {
    const id = await sendIq(alice, "echo@bot.localhost", "get", discoQuery());
    expect(discoOf(await resultFor(id, "echo@bot.localhost"))).toEqual({
      identities: [{ category: "client", type: "bot", name: "echo" }],
      features: [DISCO, PING],
    });
  });

  it("names the domain's identity after the domain", async () => {
    const id = await sendIq(alice, "bot.localhost", "get", discoQuery());
    expect(discoOf(await resultFor(id, "bot.localhost")).identities).toEqual([{ category: "client", type: "bot", name: "bot.localhost" }]);
  });

  it("takes the identity and extra features from the options", async () => {
    const id = await sendIq(alice, "sms@named.localhost", "get", discoQuery());
    expect(discoOf(await resultFor(id, "sms@named.localhost"))).toEqual({
      identities: [{ category: "gateway", type: "sms", name: "SMS bridge" }],
      features: [DISCO, PING, "urn:xmpp:receipts", "jabber:iq:version"],
    });
  });

  it("answers a query for a node with item-not-found", async () => {
    const id = await sendIq(alice, "echo@bot.localhost", "get", discoQuery("some-node"));
    await expectError(alice, id, "cancel", "item-not-found", "iq");
  });

  it("leaves other iqs to Prosody: service-unavailable, nothing posted", async () => {
    const before = suite.hook.requests.length;
    const id = await sendIq(alice, "echo@bot.localhost", "get", xml("query", { xmlns: "jabber:iq:version" }));
    await expectError(alice, id, "cancel", "service-unavailable", "iq");
    expect(suite.hook.requests.length).toBe(before);
  });

  it("answers disco#info and ping without a component_post_url", async () => {
    const pingId = await sendIq(alice, "nourl.localhost", "get", ping());
    await resultFor(pingId, "nourl.localhost");
    const discoId = await sendIq(alice, "nourl.localhost", "get", discoQuery());
    expect(discoOf(await resultFor(discoId, "nourl.localhost")).features).toContain(PING);
  });
});

describe("iq forwarded", () => {
  it("lets the endpoint's answer win", async () => {
    const id = await sendIq(alice, "echo@iq.localhost", "get", discoQuery(), () =>
      jsonReply({ stanza: `<iq type='result'><query xmlns='${DISCO}'><identity category='client' type='bot' name='Mine'/></query></iq>` }),
    );
    await requestMatching(suite.hook, (p) => p.id === id);
    expect(discoOf(await resultFor(id, "echo@iq.localhost")).identities).toEqual([{ category: "client", type: "bot", name: "Mine" }]);
  });

  it.each([[404], [501]])("answers itself when the endpoint answers HTTP %d", async (status) => {
    const discoId = await sendIq(alice, "echo@iq.localhost", "get", discoQuery(), () => ({ status }));
    expect(discoOf(await resultFor(discoId, "echo@iq.localhost")).identities).toEqual([{ category: "client", type: "bot", name: "echo" }]);
    const pingId = await sendIq(alice, "echo@iq.localhost", "get", ping(), () => ({ status }));
    await resultFor(pingId, "echo@iq.localhost");
    await requestMatching(suite.hook, (p) => p.id === pingId);
  });

  it("answers itself when the endpoint replies feature-not-implemented", async () => {
    const reply = "<iq type='error'><error type='cancel'><feature-not-implemented xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>";
    const id = await sendIq(alice, "echo@iq.localhost", "get", ping(), () => jsonReply({ stanza: reply }));
    await resultFor(id, "echo@iq.localhost");
  });

  it("does not hide an outage: a 500 stays an error", async () => {
    const id = await sendIq(alice, "echo@iq.localhost", "get", ping(), () => ({ status: 500 }));
    await expectError(alice, id, "cancel", "internal-server-error", "iq");
  });
});

describe("after all that", () => {
  it("logged no errors or tracebacks besides the missing URL", () => {
    expect(suite.server.problems().filter((line) => !expectedProblem(line))).toEqual([]);
  });
});
