// mod_post_msg under property-based fuzzing: generated HTTP requests (methods,
// paths, credentials, content types, bodies of every accepted format with
// random structure, random bytes, deep nesting, huge values) against a real
// Prosody with bob logged in. Properties, for every request:
// - an answer, never a 5xx, and nothing logged at error level or with a traceback;
// - a 2xx is a 201 to a POST with valid credentials, naming one message id;
// - bob receives exactly the messages that were acknowledged to him (each id
//   once, nothing unacknowledged), each from the user whose credentials were used.
// FUZZ_RUNS sets the number of cases (make soak), FUZZ_SEED replays a run.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  anyText, authorization, basicOf, contentType, deepJson, describeRequest, extraHeaders, formBody, fuzzRuns, fuzzSeed, fuzzTimeout,
  headSize, hugeText, httpMethod, PROSODY_HEAD_LIMIT, invalidUtf8, jsonObjectBody, jsonText, logProblemTail, pathSegment, randomBytes, sendFuzzRequest,
  type FuzzRequest, type RawHeader,
} from "../harness/fuzz";
import { postMsgServer } from "../harness/post_msg";
import { startSuite, stopSuite, type Suite } from "../harness/suite";
import { xml } from "../harness/xmpp";

const RUNS = fuzzRuns(2000);
const SIZE_LIMIT = 65_536;
const ACCEPTED = ["text/plain", "application/x-www-form-urlencoded", "application/json"];
const SENDERS: Array<[string, string, string]> = [["alice", "alice-pw", "alice@localhost"], ["carol", "carol-pw", "carol@localhost"]];
const MESSAGE_TYPES = ["chat", "normal", "headline", "groupchat"];

/** Where bob's session gets a message to bob, by the addressed resource and the type (RFC 6121 8.5, as Prosody does it). */
function reachesBob(resource: BobAddress, messageType: string): boolean {
  if (resource === "phone") return true; // his session: any type
  if (messageType === "groupchat") return false; // bounced: bob is no room
  return resource === "bare" || messageType !== "headline"; // headlines to an offline resource are dropped
}

type BobAddress = "bare" | "phone" | "other";

/** A recipient text and, when it names bob, which of his addresses. */
interface Recipient {
  text: string;
  bob: BobAddress | null;
}

const bobRecipient: fc.Arbitrary<Recipient> = fc.constantFrom<Recipient>(
  { text: "bob", bob: "bare" }, { text: "BOB", bob: "bare" }, { text: "bob@localhost", bob: "bare" }, { text: "Bob@LocalHost", bob: "bare" },
  { text: "bob@localhost/phone", bob: "phone" }, { text: "bob/phone", bob: "phone" }, { text: "bob@localhost/laptop", bob: "other" },
);

/**
 * Recipients: bob's addresses, other local users, invalid addresses, any
 * text. No "@" in random text: a remote domain would start s2s connections.
 */
const recipient: fc.Arbitrary<Recipient> = fc.oneof(
  { weight: 5, arbitrary: bobRecipient },
  { weight: 1, arbitrary: fc.constantFrom<Recipient>(...["carol", "alice", "nobody", "a@b@c", "@localhost", "bob@", "bob@local host", "bob@@localhost", "", " ", "/", "bob@localhost/"].map((text) => ({ text, bob: null }))) },
  { weight: 2, arbitrary: anyText.map((s) => s.replace(/@/g, "")).filter((s) => !s.trim().toLowerCase().startsWith("bob")).map((text): Recipient => ({ text, bob: null })) },
  { weight: 1, arbitrary: fc.constant<Recipient>({ text: "x".repeat(1100), bob: null }) },
);

/** Message fields: mostly plausible values, sometimes any text, huge or empty. */
const messageType = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...MESSAGE_TYPES) }, { weight: 1, arbitrary: anyText });
const text = fc.oneof({ weight: 6, arbitrary: anyText }, { weight: 1, arbitrary: hugeText });
const html = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("<p>hi <b>you</b></p>", "plain", "<p>unclosed", "</body><body>", "<a href='x'>l</a>", '<!DOCTYPE x [<!ENTITY a "b">]><p/>', "<p xmlns='urn:x'>ns</p>", "<?xml version='1.0'?><p/>", "<p>&amp;&lt;</p>", "<p>&nbsp;</p>", "<script>alert(1)</script>") },
  { weight: 1, arbitrary: anyText },
);

const textPayload: fc.Arbitrary<Buffer> = fc.oneof(
  { weight: 4, arbitrary: text.map((s) => Buffer.from(s, "utf8")) },
  { weight: 1, arbitrary: randomBytes },
);

/** Form or JSON fields: to, type, body, subject, html, any subset. */
function fieldsPayload(encode: (fields: Record<string, fc.Arbitrary<string>>) => fc.Arbitrary<string>): fc.Arbitrary<Buffer> {
  return encode({ to: recipient.map((r) => r.text), type: messageType, body: text, subject: text, html }).map((s) => Buffer.from(s, "utf8"));
}

const jsonPayload: fc.Arbitrary<Buffer> = fc.oneof(
  { weight: 5, arbitrary: fieldsPayload(jsonObjectBody) },
  { weight: 1, arbitrary: jsonText.map((s) => Buffer.from(s, "utf8")) },
  { weight: 1, arbitrary: deepJson.map((s) => Buffer.from(s, "utf8")) },
  { weight: 1, arbitrary: fc.tuple(invalidUtf8, anyText).map(([bad, s]) => Buffer.concat([Buffer.from('{"body":"'), bad, Buffer.from(`${s}"}`)])) },
);

/** Bob's addresses among the generated recipients (anything else is not bob). */
const BOB_ADDRESSES = new Map<string, BobAddress>([
  ["bob", "bare"], ["BOB", "bare"], ["bob@localhost", "bare"], ["Bob@LocalHost", "bare"],
  ["bob@localhost/phone", "phone"], ["bob/phone", "phone"], ["bob@localhost/laptop", "other"],
]);

/** The to and type fields of a form or JSON body, as the module reads them (when it accepts the body). */
function fieldsOf(media: string, body: Buffer): { to?: unknown; type?: unknown } {
  if (media.includes("json")) {
    try {
      const parsed = JSON.parse(body.toString("utf8")) as unknown;
      return typeof parsed === "object" && parsed !== null ? (parsed as { to?: unknown; type?: unknown }) : {};
    } catch {
      return {};
    }
  }
  if (media.includes("form")) {
    const form = new URLSearchParams(body.toString("utf8"));
    return { to: form.get("to") ?? undefined, type: form.get("type") ?? undefined };
  }
  return {};
}

/** One generated request and what the model needs to know about it. */
interface Case {
  req: FuzzRequest;
  sender: string | null;
  /** Bob's address if the message (when accepted) is for bob. */
  bob: BobAddress | null;
  messageType: string;
}

const fuzzCase: fc.Arbitrary<Case> = fc
  .record({
    method: httpMethod,
    pathTo: recipient,
    tail: fc.oneof({ weight: 8, arbitrary: fc.constant("") }, { weight: 1, arbitrary: fc.array(pathSegment, { minLength: 1, maxLength: 2 }).map((s) => "/" + s.join("/")) }),
    auth: authorization(SENDERS),
    type: contentType(ACCEPTED),
    extra: extraHeaders,
  })
  .chain((parts) => {
    const media = (parts.type ?? "").toLowerCase();
    const payload = media.includes("json") ? jsonPayload : media.includes("form") ? fieldsPayload(formBody) : textPayload;
    return payload.map((body): Case => {
      const headers: RawHeader[] = [];
      if (parts.auth.header !== null) headers.push(["Authorization", parts.auth.header]);
      if (parts.type !== null) headers.push(["Content-Type", parts.type]);
      headers.push(...parts.extra);
      // The path's recipient, percent-encoded; extra segments only after someone else (they would make a resource of bob's).
      const encoded = encodeURIComponent(parts.pathTo.text.replace(/[\uD800-\uDFFF]/g, "?")).replace(/%2F/gi, "/");
      const path = `/msg/${encoded}${parts.pathTo.bob === null ? parts.tail : ""}`;
      // A non-empty string field "to" wins over the path.
      const fields = fieldsOf(media, body);
      const to = typeof fields.to === "string" && fields.to !== "" ? fields.to : parts.pathTo.text;
      const messageTypeField = typeof fields.type === "string" ? fields.type : "chat";
      return {
        req: { method: parts.method, path, headers, body },
        sender: parts.auth.validFor,
        bob: BOB_ADDRESSES.get(to) ?? null,
        messageType: messageTypeField,
      };
    });
  });

const asAlice: RawHeader = ["Authorization", basicOf("alice:alice-pw")];
const plain: RawHeader = ["Content-Type", "text/plain"];

/** Shrunk cases this suite once failed on (the model's mistakes, all), run first every time. */
const REGRESSIONS: Case[] = [
  // OPTIONS answers 200 with the route's description: a 2xx that is not a message.
  { req: { method: "OPTIONS", path: "/msg/", headers: [asAlice, plain], body: Buffer.alloc(0) }, sender: "alice@localhost", bob: null, messageType: "chat" },
  // A head over Prosody's 10 KiB limit: 13 closes without an answer, 0.12 neither answers nor closes.
  { req: { method: "POST", path: `/msg/${"x".repeat(5000)}/`, headers: [["Authorization", "x".repeat(9000)], plain, ["X-A", Buffer.from([0])]], body: Buffer.from("x") }, sender: null, bob: null, messageType: "chat" },
  // Stringprep finds bob where the model does not (full-width letters); "." is a resource of his.
  { req: { method: "POST", path: `/msg/${encodeURIComponent("ＢＯＢ")}/.`, headers: [asAlice, plain], body: Buffer.from(" ") }, sender: "alice@localhost", bob: null, messageType: "chat" },
  // The field wins over the path, with a groupchat to bob's bare JID (bounced, never delivered).
  { req: { method: "POST", path: "/msg/carol", headers: [asAlice, ["Content-Type", "application/json"]], body: Buffer.from('{"to":"bob","type":"groupchat","body":"g"}') }, sender: "alice@localhost", bob: "bare", messageType: "groupchat" },
];

/** Message ids from a 201: the text body, or the JSON's id. */
function idOf(body: string): string {
  const trimmed = body.trim();
  if (trimmed.startsWith("{")) return String((JSON.parse(trimmed) as { id?: unknown }).id);
  return trimmed;
}

let suite: Suite<"bob"> | undefined;
let newProblems: () => string[];

beforeAll(async () => {
  suite = await startSuite({
    ...postMsgServer({
      name: "post_msg-fuzz",
      config: `post_msg_size_limit = ${SIZE_LIMIT}\npost_msg_max_auth_failures = 0`,
      users: ["carol"],
    }),
    logLevel: "info",
    clients: { bob: "phone" },
  });
  newProblems = logProblemTail(suite.server);
});

afterAll(() => stopSuite(suite));

describe("mod_post_msg fuzzing", () => {
  it(`holds its properties over ${RUNS} generated requests`, async () => {
    const { server, clients: { bob } } = suite as Suite<"bob">;
    /** id → sender of every 201 whose message was for bob's session. */
    const expected = new Map<string, string>();
    const acknowledged = new Set<string>();
    /** How far checkBobsMessages() has read bob's stanzas. */
    let bobRead = 0;
    const stats = { cases: 0, accepted: 0, delivered: 0, byStatus: new Map<number | null, number>() };

    /** Bob's messages not yet matched: each must answer one 201, to him, from its sender. */
    const checkBobsMessages = (): void => {
      const start = bobRead;
      bobRead = bob.received.length;
      for (const el of bob.received.slice(start)) {
        if (!el.is("message")) continue;
        const id = String(el.attrs.id);
        expect(acknowledged.has(id), `bob received a message no 201 acknowledged: ${el.toString().slice(0, 500)}`).toBe(true);
        expect(expected.has(id), `bob received a message for another address: ${el.toString().slice(0, 500)}`).toBe(true);
        expect(el.attrs.from, `sender of ${id}`).toBe(expected.get(id));
        stats.delivered++;
      }
    };

    await fc.assert(
      fc.asyncProperty(fuzzCase, async (c) => {
        stats.cases++;
        // Long runs (make soak) report their progress.
        if (RUNS >= 10_000 && stats.cases % 10_000 === 0) console.log(`${new Date().toISOString()} ${stats.cases} requests: ${JSON.stringify(stats)}`);
        // Over Prosody's head limit 0.12 neither answers nor closes: do not wait long for nothing.
        const oversized = headSize(c.req) > PROSODY_HEAD_LIMIT;
        const res = await sendFuzzRequest(server, c.req, oversized ? 1000 : 10_000);
        const what = describeRequest(c.req);
        stats.byStatus.set(res.status, (stats.byStatus.get(res.status) ?? 0) + 1);
        // Over Prosody's own head limit the server closes without an answer (its parser, not the module).
        if (!oversized) expect(res.status, `no answer to\n${what}`).not.toBeNull();
        if (res.status !== null) expect(res.status, `${res.body}\n${what}`).toBeLessThan(500);
        if (c.req.method === "OPTIONS" && res.status === 200) {
          // The route's description (Allow, Accept), not a message.
          expect(res.headers["allow"], what).toBe("POST");
        } else if (res.status !== null && res.status >= 200 && res.status < 300) {
          stats.accepted++;
          expect(res.status, what).toBe(201);
          expect(c.req.method, what).toBe("POST");
          expect(c.sender, `accepted without valid credentials:\n${what}`).not.toBeNull();
          const id = idOf(res.body);
          expect(acknowledged.has(id), `id ${id} acknowledged twice`).toBe(false);
          acknowledged.add(id);
          // The module routes the message before it answers: after a round trip on bob's stream, a
          // message for him is in. The model names bob's addresses; stringprep may find more (full-width
          // letters...), so a message the model did not expect is accepted when it was addressed to bob.
          await bob.xmpp.iqCaller.request(xml("iq", { type: "get", to: "localhost" }, xml("ping", { xmlns: "urn:xmpp:ping" })), 5000);
          const forBob = c.bob !== null && reachesBob(c.bob, c.messageType);
          const got = bob.received.slice(bobRead).filter((el) => el.is("message") && el.attrs.id === id);
          if (forBob) expect(got.length, `acknowledged, not delivered to bob:\n${what}`).toBe(1);
          else expect(got.length, `delivered to bob more than once:\n${what}`).toBeLessThanOrEqual(1);
          if (got.length === 1) {
            const to = String(got[0]?.attrs.to);
            expect(/^bob@localhost(\/.*)?$/.test(to), `delivered to bob addressed to ${to}:\n${what}`).toBe(true);
            expected.set(id, c.sender as string);
          }
        }
        checkBobsMessages();
        expect(newProblems(), what).toEqual([]);
      }),
      { numRuns: RUNS, seed: fuzzSeed(), examples: REGRESSIONS.map((c) => [c]) },
    );

    // Late arrivals: every acknowledged message for bob came, nothing else did.
    await new Promise((r) => setTimeout(r, 500));
    checkBobsMessages();
    expect(stats.delivered).toBe(expected.size);
    expect(newProblems()).toEqual([]);
    console.log(`post_msg fuzz: ${stats.cases} requests, ${stats.accepted} accepted (201), ${stats.delivered} delivered to bob; statuses ${JSON.stringify([...stats.byStatus].sort())}`);
    // The generator must reach the success path often, or the delivery property says little.
    expect(stats.accepted).toBeGreaterThan(stats.cases / 20);
  }, fuzzTimeout(RUNS, 50));
});
