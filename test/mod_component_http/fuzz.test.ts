// mod_component_http under property-based fuzzing: generated stanzas
// (message, presence, iq of any type, random payloads) sent by a real XMPP
// client to a component, each answered by a generated webhook answer (odd
// status codes, headers, valid replies with random fields, garbage, invalid
// UTF-8, deep nesting, huge bodies, slow answers, none before the timeout).
// Properties, for every stanza:
// - an iq get/set gets exactly one answer (result or error) with its id, to
//   the sender, from the component's domain; any other stanza at most one;
//   errors and iq results none;
// - nothing reaches a client from an address outside the component's domain
//   because of the endpoint (every address a reply may claim carries the
//   case's tag, so a leak is seen);
// - nothing is logged at error level, no traceback.
// FUZZ_RUNS sets the number of cases (make soak), FUZZ_SEED replays a run.
// The webhook client runs with kept-alive connections on Prosody 13 and with
// a connection per request on 0.12 (its parsers recycled between
// connections), so that make test puts generated answers through both;
// FUZZ_KEEPALIVE=true|false chooses.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { component, parsePayload, postUrl, startComponentSuite, stopComponentSuite, type ComponentSuite, type Payload } from "../harness/component_http";
import type { WebhookReply } from "../harness/webhook";
import { anyText, fuzzRuns, fuzzSeed, fuzzTimeout, hugeText, logProblemTail, playAnswer, webhookAnswer, type FuzzAnswer } from "../harness/fuzz";
import { sleep } from "../harness/util";
import { domainOf, errorOf, xml, type Element, type TestClient } from "../harness/xmpp";
import { PROSODY_VERSION } from "../harness/prosody";

const RUNS = fuzzRuns(2000);
const DOMAIN = "comp.localhost";
/** component_post_keepalive (see the top). */
const KEEPALIVE = process.env["FUZZ_KEEPALIVE"] ?? (PROSODY_VERSION === "13" ? "true" : "false");
if (KEEPALIVE !== "true" && KEEPALIVE !== "false") throw new Error(`FUZZ_KEEPALIVE=${KEEPALIVE}: expected true or false`);
/** component_post_timeout, low so that unanswered requests cost little. */
const TIMEOUT_MS = 250;
/** Replaced by the case's tag (k<N>q) in generated addresses and stanzas. */
const T = "{T}";

/** Text that XML can carry (the client must send well-formed XML; the fuzz target is the module). */
const xmlText = fc.oneof({ weight: 8, arbitrary: anyText }, { weight: 1, arbitrary: hugeText.map((s) => s.slice(0, 8000)) })
  .map((s) => s.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "?"));
const xmlName = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
const namespace = fc.constantFrom(undefined, "urn:x", "jabber:iq:version", "urn:xmpp:ping", "http://jabber.org/protocol/disco#info", "jabber:client", "urn:xmpp:mam:2");

/** A random element: name, namespace, attributes, text or children, a few levels deep. */
const element: fc.Arbitrary<Element> = fc.letrec<{ el: Element }>((tie) => ({
  el: fc.tuple(xmlName, namespace, fc.dictionary(xmlName, xmlText.map((s) => s.slice(0, 100)), { maxKeys: 2 }),
    fc.oneof(xmlText.map((s) => [s.slice(0, 200)]), fc.array(tie("el"), { maxLength: 2, depthIdentifier: "el" })))
    .map(([name, ns, attrs, children]) => xml(name, ns === undefined ? attrs : { ...attrs, xmlns: ns }, ...(children as Array<string | Element>))),
})).el;

/** What the client sends: kind, type, addressee resource, children. */
interface Outgoing {
  kind: "message" | "presence" | "iq";
  type: string | undefined;
  resource: string | undefined;
  children: Element[];
}

const outgoing: fc.Arbitrary<Outgoing> = fc.oneof(
  { weight: 4, arbitrary: fc.record({
    kind: fc.constant("message" as const),
    type: fc.constantFrom(undefined, "chat", "normal", "headline", "groupchat", "error", "bogus"),
    resource: fc.constantFrom(undefined, "r"),
    children: fc.tuple(fc.option(xmlText.map((s) => xml("body", {}, s)), { nil: undefined }), fc.array(element, { maxLength: 2 }))
      .map(([body, more]) => (body ? [body, ...more] : more)),
  }) },
  { weight: 3, arbitrary: fc.record({
    kind: fc.constant("iq" as const),
    type: fc.oneof({ weight: 6, arbitrary: fc.constantFrom("get", "set") }, { weight: 1, arbitrary: fc.constantFrom("result", "error", "bogus", undefined) }),
    resource: fc.constantFrom(undefined, "r"),
    children: fc.oneof({ weight: 6, arbitrary: element.map((e) => [e]) }, { weight: 1, arbitrary: fc.array(element, { maxLength: 3 }) }),
  }) },
  { weight: 2, arbitrary: fc.record({
    kind: fc.constant("presence" as const),
    type: fc.constantFrom(undefined, "unavailable", "subscribe", "subscribed", "unsubscribe", "unsubscribed", "probe", "error", "bogus"),
    resource: fc.constantFrom(undefined, "r"),
    children: fc.array(fc.oneof(xmlText.map((s) => xml("status", {}, s.slice(0, 200))), fc.constantFrom(xml("show", {}, "away"), xml("priority", {}, "5")), element), { maxLength: 2 }),
  }) },
);

// Reply fields. Every address a reply may claim holds the tag: a reply that
// got out from an address it may not use is then seen by the from check.
const wrongType = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }), fc.dictionary(fc.string(), fc.string(), { maxKeys: 1 }));
const replyTo = fc.constantFrom("{SENDER}", "alice@localhost", "carol@localhost", "carol@localhost/phone", `${T}@${DOMAIN}`, `${T}-nobody@localhost`, "a@b@c", "", "@localhost");
const ownFrom = [`${T}@${DOMAIN}`, `${T}@${DOMAIN}/x`, `${DOMAIN}/${T}`];
const foreignFrom = [`${T}@localhost`, `localhost/${T}`, `${T}@sub.${DOMAIN}`, `${T}.${DOMAIN}`, `${T}@${DOMAIN}.evil`, `${T}@localhost/${DOMAIN}`, `${T}`];
const replyFrom = fc.constantFrom(...ownFrom, ...ownFrom, ...foreignFrom, "a@b@c");
const replyKind = fc.constantFrom("message", "message", "presence", "iq", "bogus", "");
const replyType = fc.constantFrom("chat", "normal", "headline", "groupchat", "error", "result", "get", "set", "unavailable", "subscribe", "probe", "bogus", "");
const replyStanza = fc.oneof(
  fc.tuple(fc.constantFrom("message", "presence", "iq"), fc.option(replyFrom, { nil: undefined }), fc.option(replyTo, { nil: undefined }), fc.option(replyType, { nil: undefined }), fc.array(element, { maxLength: 2 }))
    .map(([name, from, to, t, children]) => xml(name, { ...(from ? { from } : {}), ...(to ? { to } : {}), ...(t ? { type: t } : {}) }, ...children).toString()),
  fc.constantFrom("<message", "<foo/>", "<message xmlns='urn:evil'/>", `<message from='${T}@localhost'><body>spoof</body></message>`, "<iq type='result'/>", "<presence/>", "not xml", "<message><body>a</body></message><message/>", "<stream:stream xmlns:stream='http://etherx.jabber.org/streams'/>", "<message>\u0001</message>", "<!DOCTYPE message><message/>"),
);

/** A reply object as the endpoint's JSON: any subset of the fields, sometimes of a wrong type, plus unknown keys. */
const replyObject: fc.Arbitrary<Record<string, unknown>> = fc.tuple(
  fc.record(
    {
      to: fc.oneof({ weight: 5, arbitrary: replyTo }, { weight: 1, arbitrary: wrongType }),
      from: fc.oneof({ weight: 5, arbitrary: replyFrom }, { weight: 1, arbitrary: wrongType }),
      kind: fc.oneof({ weight: 5, arbitrary: replyKind }, { weight: 1, arbitrary: wrongType }),
      type: fc.oneof({ weight: 5, arbitrary: replyType }, { weight: 1, arbitrary: wrongType }),
      body: fc.oneof({ weight: 5, arbitrary: xmlText }, { weight: 1, arbitrary: anyText }, { weight: 1, arbitrary: fc.double() }, { weight: 1, arbitrary: wrongType }),
      id: fc.string(),
      extra: fc.jsonValue({ maxDepth: 2 }),
    },
    { requiredKeys: [] },
  ),
  // The stanza override wins over the fields: rarer, so that the fields are exercised too.
  fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 2, arbitrary: replyStanza }, { weight: 1, arbitrary: wrongType }),
).map(([fields, stanza]) => (stanza === undefined ? fields : { ...fields, stanza }));

const fuzzCase = fc.record({ out: outgoing, answer: webhookAnswer(replyObject, TIMEOUT_MS) });

const reply = (body: unknown, status = 200): FuzzAnswer => ({ reply: { status, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }, delayMs: 0 });
const ping = xml("ping", { xmlns: "urn:xmpp:ping" });

/** Shrunk cases this suite once failed on, run first every time. */
const REGRESSIONS: Array<{ out: Outgoing; answer: FuzzAnswer }> = [
  // Prosody refuses an iq without a type itself, on the session: its error has no to.
  { out: { kind: "iq", type: undefined, resource: "r", children: [ping] }, answer: reply({}) },
  // ... and an iq set with two children (no request reaches the endpoint).
  { out: { kind: "iq", type: "set", resource: "r", children: [ping, ping] }, answer: reply({}) },
  // Subscription presences are forwarded from the sender's bare JID.
  { out: { kind: "presence", type: "unsubscribe", resource: undefined, children: [] }, answer: reply({ type: "result" }) },
  // An iq the endpoint sends carol keeps the request's id: carol's error answer comes back to the endpoint with it.
  { out: { kind: "iq", type: "get", resource: undefined, children: [ping] }, answer: reply({ to: "carol@localhost/phone", kind: "iq", type: "get" }) },
  // Found by this suite: an iq set without a child to a bare JID of the host (mod_iq raised on it).
  { out: { kind: "message", type: "chat", resource: undefined, children: [xml("body", {}, "x")] }, answer: reply({ to: `${T}-nobody@localhost`, from: `${T}@${DOMAIN}/x`, kind: "iq", type: "set" }) },
  // Found by this suite: an iq of type groupchat without an id (delivered, a client's answer made c2s raise).
  { out: { kind: "message", type: "headline", resource: undefined, children: [] }, answer: reply({ stanza: `<iq from="${T}@${DOMAIN}" to="carol@localhost/phone" type="groupchat"/>` }) },
  // Found by the 100,000-case soak: a subscribe the endpoint sends back makes Prosody acknowledge it with an
  // unavailable presence from alice's bare JID, a stanza of its own for the component (and its own answer).
  { out: { kind: "presence", type: "unavailable", resource: undefined, children: [xml("priority", {}, "5")] }, answer: reply({ from: `${T}@${DOMAIN}/x`, kind: "presence", type: "subscribe" }) },
  // A huge answer (over 512 KiB) and a deep one.
  { out: { kind: "iq", type: "get", resource: undefined, children: [ping] }, answer: reply({ body: "b".repeat(600_000) }) },
  { out: { kind: "message", type: "chat", resource: undefined, children: [] }, answer: { reply: { status: 200, headers: { "Content-Type": "application/json" }, body: "[".repeat(50_000) }, delayMs: 0 } },
];

/** Puts the tag and the sender's JID in place of the placeholders, wherever they are in the answer. */
function instantiate(answer: FuzzAnswer, tag: string, sender: string): FuzzAnswer {
  if (answer.reply === "hang" || typeof answer.reply.body !== "string") return answer;
  const body = answer.reply.body.split(T).join(tag).split("{SENDER}").join(sender);
  return { ...answer, reply: { ...answer.reply, body } };
}

/** The tag of the case a stanza belongs to, from its from address (k<N>q). */
function tagOf(el: Element): string | undefined {
  return /k\d+q/.exec(String(el.attrs.from ?? ""))?.[0];
}

/**
 * The first stanza from index `start` on that matches, waiting for it.
 * Polls `received` rather than nextStanza(), whose queue of unconsumed
 * stanzas would grow with every case and slow a long soak down.
 */
async function arrival(client: TestClient, predicate: (el: Element) => boolean, timeoutMs: number, start = 0): Promise<Element> {
  const deadline = Date.now() + timeoutMs;
  let i = start;
  for (;;) {
    for (; i < client.received.length; i++) {
      const el = client.received[i] as Element;
      if (predicate(el)) return el;
    }
    if (Date.now() > deadline) throw new Error(`no matching stanza for ${client.jid} within ${timeoutMs} ms`);
    await sleep(2);
  }
}

let suite: ComponentSuite<"alice" | "carol"> | undefined;
let newProblems: () => string[];

beforeAll(async () => {
  suite = await startComponentSuite({
    name: "component_http-fuzz",
    logLevel: "info",
    clients: { alice: "desk", carol: "phone" },
    components: (url) => [
      component(DOMAIN, `${postUrl(url)}\n  component_post_stanzas = { "message", "iq", "presence" }\n  component_post_timeout = ${TIMEOUT_MS / 1000}\n  component_post_keepalive = ${KEEPALIVE}`),
    ],
  });
  newProblems = logProblemTail(suite.server);
});

afterAll(() => stopComponentSuite(suite));

describe("regressions: invalid iq replies of the endpoint are refused", () => {
  /** Sends a message whose endpoint answer is `body`; returns the sender's answer. */
  async function answerTo(tag: string, body: unknown): Promise<{ answer: Element; problems: string[] }> {
    const { hook, clients: { alice } } = suite as ComponentSuite<"alice" | "carol">;
    const mark = (suite as ComponentSuite<"alice" | "carol">).server.logMark();
    hook.setHandler((req) => (parsePayload(req).id === `${tag}-id` ? reply(body).reply : { status: 204 }));
    const start = alice.received.length;
    await alice.send(xml("message", { to: `${tag}@${DOMAIN}`, id: `${tag}-id`, type: "chat" }, xml("body", {}, "x")));
    const answer = await arrival(alice, (el) => el.attrs.id === `${tag}-id`, 2000, start);
    const log = (suite as ComponentSuite<"alice" | "carol">).server.logSince(mark);
    return { answer, problems: log.split("\n").filter((line) => /\terror\t|traceback/i.test(line)) };
  }

  // Shrunk from the fuzz run: endpoint answer {"to": "k85q-nobody@localhost", "kind": "iq", "type": "set"}
  // to a chat message. Was: Prosody's mod_iq raised on the childless iq ("attempt to index a nil value
  // (local 'child')"), logged at error level with a traceback, and the sender got internal-server-error.
  it("refuses an iq set without a child as an invalid reply (undefined-condition), no error logged", async () => {
    const { answer, problems } = await answerTo("r1", { to: "nobody@localhost", kind: "iq", type: "set" });
    expect(errorOf(answer)).toEqual({ stanza: "message/error", type: "cancel", condition: "undefined-condition" });
    expect(problems).toEqual([]);
  });

  // Shrunk from the fuzz run: endpoint answer {"stanza": "<iq type='groupchat' to='carol@localhost/phone'/>"}.
  // Was: carol received an iq of type groupchat without an id; her client's error answer (no id) made
  // Prosody 13's c2s raise "bad argument to error_reply: got stanza of type error".
  it("refuses an iq of an invalid type without an id as an invalid reply, sends carol nothing", async () => {
    const { clients: { carol } } = suite as ComponentSuite<"alice" | "carol">;
    const start = carol.received.length;
    const { answer } = await answerTo("r2", { stanza: "<iq type='groupchat' to='carol@localhost/phone'/>" });
    expect(errorOf(answer)).toEqual({ stanza: "message/error", type: "cancel", condition: "undefined-condition" });
    await sleep(300);
    expect(carol.received.slice(start).filter((el) => el.is("iq") && el.attrs.type === "groupchat")).toEqual([]);
  });
});

describe("mod_component_http fuzzing", () => {
  it(`holds its properties over ${RUNS} generated stanzas and webhook answers`, async () => {
    const { hook, server, clients: { alice, carol } } = suite as ComponentSuite<"alice" | "carol">;
    const stats = { cases: 0, forwarded: 0, answered: 0, iqAnswers: 0 };
    const timing = new Map<string, [number, number]>();
    let n = 0;
    // Our own handler: the harness's default echo would make a loop of replies the component sends to itself.
    const scripts = new Map<string, (payload: Payload) => Promise<WebhookReply | "hang">>();
    /**
     * Stanzas of a case's address that are not the case's own, by tag: Prosody reacts to some replies
     * with stanzas of its own to the component (a subscribe from a non-contact is acknowledged with an
     * unavailable presence). Each may draw one answer too: a timeout error, when the endpoint is slow.
     * Kept for the whole run (few tags have any): the check for late stanzas allows for them as well.
     */
    const otherForwards = new Map<string, number>();
    hook.setHandler((req) => {
      const payload = parsePayload(req);
      const script = payload.id === undefined ? undefined : scripts.get(payload.id);
      if (script !== undefined) return script(payload);
      const tag = /^(k\d+q)@/.exec(String(payload.to))?.[1];
      if (tag !== undefined) otherForwards.set(tag, (otherForwards.get(tag) ?? 0) + 1);
      return { status: 204 };
    });
    /** Stanzas the clients received that a case caused, by tag. */
    const byTag = new Map<string, Element[]>();
    /** How far collect() has read each client's received stanzas. */
    const readUpTo = new Map<TestClient, number>();

    /** Sorts new stanzas by tag, and checks every address a reply claimed. */
    const collect = (client: TestClient): void => {
      const from0 = readUpTo.get(client) ?? 0;
      readUpTo.set(client, client.received.length);
      for (const el of client.received.slice(from0)) {
        const from = String(el.attrs.from ?? "");
        const tag = tagOf(el);
        if (tag === undefined) {
          // Not from a case: the server, the users, or the component without a tag.
          expect(["", "localhost", DOMAIN].includes(domainOf(from)), `from ${from}: ${el.toString().slice(0, 300)}`).toBe(true);
          continue;
        }
        // Anything a case caused comes from the component's domain, to the client that got it.
        expect(domainOf(from), `a reply got out from ${from}: ${el.toString().slice(0, 500)}`).toBe(DOMAIN);
        // (Prosody's own refusals of a malformed stanza come on the session without a to.)
        if (el.attrs.to !== undefined) expect(String(el.attrs.to).split("/")[0], el.toString().slice(0, 300)).toBe(client.jid.split("/")[0]);
        byTag.set(tag, [...(byTag.get(tag) ?? []), el]);
      }
    };

    /** A round trip to the server: what was sent to the clients before is in by then. */
    const barrier = async (): Promise<void> => {
      await Promise.all([alice, carol].map((client) =>
        client.xmpp.iqCaller.request(xml("iq", { type: "get", to: "localhost" }, xml("ping", { xmlns: "urn:xmpp:ping" })), 5000)));
      collect(alice);
      collect(carol);
    };

    await fc.assert(
      fc.asyncProperty(fuzzCase, async ({ out, answer }) => {
        stats.cases++;
        // Long runs (make soak) report their progress.
        if (RUNS >= 10_000 && stats.cases % 10_000 === 0) console.log(`${new Date().toISOString()} ${stats.cases} stanzas: ${JSON.stringify(stats)}`);
        const started = Date.now();
        const tag = `k${++n}q`;
        let played: Promise<unknown> = Promise.resolve();
        let posted: Payload | undefined;
        const id = `${tag}-id`;
        scripts.set(id, (payload) => {
          // Later requests with this id are the answers of clients to an iq the endpoint sent them.
          if (posted !== undefined) return Promise.resolve({ status: 204 });
          posted = payload;
          const p = playAnswer(instantiate(answer, tag, alice.jid));
          played = p;
          return p;
        });
        const to = `${tag}@${DOMAIN}${out.resource ? `/${out.resource}` : ""}`;
        const attrs: Record<string, string> = { to, id };
        if (out.type !== undefined) attrs.type = out.type;
        const sentAt = alice.received.length;
        await alice.send(xml(out.kind, attrs, ...out.children));

        const isRequest = out.kind === "iq" && (out.type === "get" || out.type === "set");
        const unanswerable = out.type === "error" || (out.kind === "iq" && out.type === "result");
        if (isRequest) {
          // Exactly one answer, within the timeout and then some.
          const answerEl = await arrival(alice, (el) => el.is("iq") && el.attrs.id === id && (el.attrs.type === "result" || el.attrs.type === "error"), TIMEOUT_MS + 4000, sentAt);
          // Prosody refuses a malformed iq itself, on the session (no to); the module's answers name the sender.
          if (posted !== undefined || answerEl.attrs.to !== undefined) expect(answerEl.attrs.to, answerEl.toString()).toBe(alice.jid);
          expect(domainOf(answerEl.attrs.from), answerEl.toString()).toBe(DOMAIN);
          stats.iqAnswers++;
        } else {
          // Wait for the request, then its answer. Some stanzas never reach the component (Prosody drops
          // them): once a ping to the server is answered such a stanza was routed (a session's stanzas are
          // handled in order), and the request, if any, follows within a few milliseconds.
          const pollFor = async (ms: number): Promise<void> => {
            const deadline = Date.now() + ms;
            while (posted === undefined && Date.now() < deadline) await sleep(1);
          };
          await pollFor(30);
          if (posted === undefined) {
            await alice.xmpp.iqCaller.request(xml("iq", { type: "get", to: "localhost" }, xml("ping", { xmlns: "urn:xmpp:ping" })), 5000);
            await pollFor(40);
          }
          await played;
          if (answer.reply === "hang" && posted !== undefined) await sleep(TIMEOUT_MS + 100);
          else await sleep(2);
        }
        if (posted !== undefined) {
          stats.forwarded++;
          // Subscription presences go out from the bare JID (RFC 6121 3.1.2); the rest from the full one.
          expect(String(posted.from).split("/")[0]).toBe(alice.jid.split("/")[0]);
          expect(posted.kind).toBe(out.kind);
        }
        await barrier();

        const caused = byTag.get(tag) ?? [];
        const others = otherForwards.get(tag) ?? 0;
        // Errors answering something else than the case's stanza (without its id), one per other stanza at most.
        const ownCaused = caused.filter((el) => !(el.attrs.type === "error" && el.attrs.id !== id));
        const context = `case ${tag}: ${out.kind} type=${out.type}; answer ${JSON.stringify(answer).slice(0, 600)}\n` +
          `${others} other stanzas forwarded; received:\n${caused.map((e) => e.toString().slice(0, 300)).join("\n")}`;
        if (unanswerable) {
          expect(caused, context).toEqual([]);
        } else if (isRequest) {
          const answers = caused.filter((el) => el.is("iq") && el.attrs.id === id && (el.attrs.type === "result" || el.attrs.type === "error"));
          expect(answers.length, context).toBe(1);
          // Besides its answer, an iq may cause the one reply stanza the endpoint described.
          expect(ownCaused.length - answers.length, context).toBeLessThanOrEqual(1);
          expect(caused.length - answers.length, context).toBeLessThanOrEqual(1 + others);
        } else {
          expect(ownCaused.length, context).toBeLessThanOrEqual(1);
          expect(caused.length, context).toBeLessThanOrEqual(1 + others);
        }
        if (caused.length > 0) stats.answered++;
        const problems = newProblems();
        expect(problems, context).toEqual([]);
        scripts.delete(id);
        const kindKey = `${out.kind}/${answer.reply === "hang" ? "hang" : answer.delayMs > 0 ? "slow" : "now"}/${posted ? "fwd" : "not"}`;
        timing.set(kindKey, [(timing.get(kindKey)?.[0] ?? 0) + 1, (timing.get(kindKey)?.[1] ?? 0) + Date.now() - started]);
      }),
      { numRuns: RUNS, seed: fuzzSeed(), endOnFailure: true, examples: REGRESSIONS.map((c) => [c]) },
    );

    // Late stanzas: nothing more arrived for any case than its checks allowed.
    await sleep(TIMEOUT_MS + 200);
    await barrier();
    for (const [tag, caused] of byTag) {
      const iqAnswers = caused.filter((el) => el.is("iq") && (el.attrs.type === "result" || el.attrs.type === "error")).length;
      expect(caused.length - iqAnswers, `late stanzas for ${tag}`).toBeLessThanOrEqual(1 + (otherForwards.get(tag) ?? 0));
      expect(iqAnswers, `late iq answers for ${tag}`).toBeLessThanOrEqual(1);
    }
    expect(newProblems()).toEqual([]);
    console.log(`component_http fuzz: ${stats.cases} stanzas, ${stats.forwarded} forwarded, ${stats.answered} answered, ${stats.iqAnswers} iq answers, ${hook.requests.length} webhook requests in all`);
    if (process.env.FUZZ_TIMING) console.log([...timing].sort().map(([k, [count, ms]]) => `${k}: ${count} cases, ${Math.round(ms / count)} ms avg`).join("\n"));
    expect(server).toBeDefined();
  }, fuzzTimeout(RUNS, 120));
});
