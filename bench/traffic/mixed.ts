// Mixed open-loop traffic for the soak: every 100 ms a fixed share of each
// operation is started whether or not earlier ones have been answered, so
// the offered rate stays the same when the server slows down. Operations:
// - post_msg: POST /msg/sink (mod_post_msg), message to SINK;
// - rest_message: POST /rest, a JSON chat message to SINK (mod_rest);
// - rest_iq: POST /rest, an XML ping iq to echo@BOT; mod_rest waits for the
//   reply, which mod_component_http gets from the endpoint (an empty result);
// - bot_chat: a chat message from the talker client to echo@BOT, echoed by
//   the endpoint through mod_component_http;
// - callback_chat: a chat message from the talker to the host itself, POSTed
//   by mod_rest's callback to the endpoint, whose text answer comes back.
// Every outcome is counted; bodies and ids are unique so duplicates and
// losses are seen.
import { basicAuth, httpRequest } from "../../test/harness/http";
import type { ProsodyServer } from "../../test/harness/prosody";
import { sleep } from "../../test/harness/util";
import { sendThrough, type Route } from "../../test/faults/server_kit";
import { connectLean, xml, type Element, type LeanClient } from "./client";
import { BOT } from "./server";

/** Operations started per second, by kind. */
export interface Rates {
  post_msg: number;
  rest_message: number;
  rest_iq: number;
  bot_chat: number;
  callback_chat: number;
}

export const DEFAULT_RATES: Rates = { post_msg: 80, rest_message: 60, rest_iq: 30, bot_chat: 60, callback_chat: 30 };

type HttpKind = "post_msg" | "rest_message" | "rest_iq";
type ChatKind = "bot_chat" | "callback_chat";

/** What the clients saw. */
export interface Counts {
  started: Record<keyof Rates, number>;
  /** HTTP answers by kind and status ("hang": no answer in 10 s, "reset": connection error). */
  http: Record<HttpKind, Record<string, number>>;
  /** rest_iq answered 200 with an iq result, or with an iq error. */
  iqResults: number;
  iqErrors: number;
  /** Messages acknowledged (201/202) and how each reached SINK. */
  acknowledged: number;
  deliveredOnce: number;
  /** Acknowledged but never delivered, delivered twice, delivered without acknowledgement. */
  lost: string[];
  duplicated: string[];
  unacknowledged: string[];
  /** HTTP requests not answered as expected: when sent (s since the traffic started), how long until the outcome, what it was. */
  anomalies: Array<{ kind: HttpKind; sentAtS: number; afterMs: number; status: string; detail: string }>;
  /** Milliseconds from sending to the answer (the first, for chats), by kind. */
  latencies: Record<keyof Rates, number[]>;
  /** Chat messages: answered by their echo, by an error (with its condition), more than once, or not at all. */
  chat: Record<ChatKind, { echoed: number; errors: Record<string, number>; twice: string[]; unanswered: string[] }>;
}

interface MixedState {
  counts: Counts;
  /** Message bodies sent to SINK: acknowledged or not (undefined while unanswered), and deliveries. */
  toSink: Map<string, { acked?: boolean; delivered: number }>;
  /** Chat bodies: answers received (echo or error). */
  chats: Record<ChatKind, Map<string, number>>;
  /** Chat bodies not answered yet: when they were sent. */
  chatSentAt: Map<string, number>;
  pending: Set<Promise<void>>;
}

const HTTP_TIMEOUT_MS = 10_000;

function emptyCounts(): Counts {
  const chat = () => ({ echoed: 0, errors: {}, twice: [], unanswered: [] });
  return {
    started: { post_msg: 0, rest_message: 0, rest_iq: 0, bot_chat: 0, callback_chat: 0 },
    http: { post_msg: {}, rest_message: {}, rest_iq: {} },
    iqResults: 0,
    iqErrors: 0,
    acknowledged: 0,
    deliveredOnce: 0,
    lost: [],
    duplicated: [],
    unacknowledged: [],
    anomalies: [],
    latencies: { post_msg: [], rest_message: [], rest_iq: [], bot_chat: [], callback_chat: [] },
    chat: { bot_chat: chat(), callback_chat: chat() },
  };
}

const bump = (counts: Record<string, number>, key: string): void => {
  counts[key] = (counts[key] ?? 0) + 1;
};

/** The kind and body of a chat body "b-N"/"c-N" (or its echo "echo: b-N"). */
function chatKindOf(body: string): ChatKind | undefined {
  if (body.startsWith("b-")) return "bot_chat";
  if (body.startsWith("c-")) return "callback_chat";
  return undefined;
}

export interface MixedTraffic {
  counts: Counts;
  /** Starts operations at `rates` until `seconds` have passed. */
  run(seconds: number, onTick?: () => void): Promise<void>;
  /** Waits until every HTTP request is answered and every message delivered or chat answered (at most `timeoutMs`), then tallies. */
  settle(timeoutMs: number): Promise<Counts>;
  stop(): Promise<void>;
}

export async function startMixedTraffic(server: ProsodyServer, rates: Rates): Promise<MixedTraffic> {
  const state: MixedState = {
    counts: emptyCounts(),
    toSink: new Map(),
    chats: { bot_chat: new Map(), callback_chat: new Map() },
    chatSentAt: new Map(),
    pending: new Set(),
  };
  const { counts } = state;

  const answeredChat = (kind: ChatKind, body: string): void => {
    state.chats[kind].set(body, (state.chats[kind].get(body) ?? 0) + 1);
    const sentAt = state.chatSentAt.get(body);
    if (sentAt !== undefined) {
      counts.latencies[kind].push(Date.now() - sentAt);
      state.chatSentAt.delete(body);
    }
  };
  const onSink = (el: Element): void => {
    if (!el.is("message") || el.attrs["type"] === "error") return;
    const body = el.getChildText("body") ?? "";
    if (!body.startsWith("s-")) return;
    const entry = state.toSink.get(body);
    if (entry === undefined) counts.unacknowledged.push(body);
    else entry.delivered++;
  };
  const onTalker = (el: Element): void => {
    if (!el.is("message")) return;
    if (el.attrs["type"] === "error") {
      const id = el.attrs["id"] ?? "";
      const kind = chatKindOf(id);
      if (kind === undefined) return;
      const condition = el.getChild("error")?.getChildElements().find((c) => c.name !== "text")?.name ?? "none";
      bump(counts.chat[kind].errors, condition);
      answeredChat(kind, id);
      return;
    }
    const match = /^echo: (.*)$/.exec(el.getChildText("body") ?? "");
    const kind = match ? chatKindOf(match[1]!) : undefined;
    if (kind === undefined) return;
    counts.chat[kind].echoed++;
    answeredChat(kind, match![1]!);
  };
  const sink: LeanClient = await connectLean(server, "sink", "sink-pw", onSink);
  const talker: LeanClient = await connectLean(server, "talker", "talker-pw", onTalker);

  const track = (work: Promise<void>): void => {
    state.pending.add(work);
    void work.finally(() => state.pending.delete(work));
  };

  const senders: Array<[string, string]> = [
    ["alice", "alice-pw"],
    ["bob", "bob-pw"],
  ];
  let serial = 0;
  let began = Date.now();
  const EXPECTED: Record<HttpKind, number> = { post_msg: 201, rest_message: 202, rest_iq: 200 };
  /** Counts an HTTP outcome, and keeps the unexpected ones with their timing. */
  const outcome = (kind: HttpKind, sentAt: number, status: number | "hang" | "reset", detail: string): void => {
    bump(counts.http[kind], String(status));
    counts.latencies[kind].push(Date.now() - sentAt);
    if (status !== EXPECTED[kind]) {
      counts.anomalies.push({ kind, sentAtS: Math.round((sentAt - began) / 100) / 10, afterMs: Date.now() - sentAt, status: String(status), detail: detail.slice(0, 200) });
    }
  };
  const failure = (e: unknown): ["hang" | "reset", string] => {
    const message = e instanceof Error ? e.message : String(e);
    return [/timed out/.test(message) ? "hang" : "reset", message];
  };

  const sendToSink = (kind: "post_msg" | "rest_message"): void => {
    const n = serial++;
    const body = `s-${n}`;
    const [user, password] = senders[n % senders.length]!;
    const route: Route = kind === "post_msg" ? "post_msg" : "rest";
    state.toSink.set(body, { delivered: 0 });
    const sentAt = Date.now();
    track(
      sendThrough(server, route, user, password, body).then(
        (res) => {
          outcome(kind, sentAt, res.status, res.body);
          state.toSink.get(body)!.acked = res.status === EXPECTED[kind];
        },
        (e: unknown) => {
          outcome(kind, sentAt, ...failure(e));
          state.toSink.get(body)!.acked = false;
        },
      ),
    );
  };

  const pingBot = (): void => {
    const id = `i-${serial++}`;
    const ping = `<iq xmlns="jabber:client" type="get" to="echo@${BOT}" id="${id}"><ping xmlns="urn:xmpp:ping"/></iq>`;
    const headers = { Authorization: basicAuth("alice", "alice-pw"), "Content-Type": "application/xmpp+xml", Accept: "application/xmpp+xml" };
    const sentAt = Date.now();
    track(
      httpRequest(server, { method: "POST", path: "/rest", body: ping, headers, timeoutMs: HTTP_TIMEOUT_MS }).then(
        (res) => {
          outcome("rest_iq", sentAt, res.status, res.body);
          if (res.status !== 200) return;
          if (/type=["']result["']/.test(res.body)) counts.iqResults++;
          else counts.iqErrors++;
        },
        (e: unknown) => outcome("rest_iq", sentAt, ...failure(e)),
      ),
    );
  };

  const chat = (kind: ChatKind): void => {
    const body = `${kind === "bot_chat" ? "b" : "c"}-${serial++}`;
    const to = kind === "bot_chat" ? `echo@${BOT}` : server.host;
    state.chats[kind].set(body, 0);
    state.chatSentAt.set(body, Date.now());
    track(talker.send(xml("message", { to, type: "chat", id: body }, xml("body", {}, body))));
  };

  const start: Record<keyof Rates, () => void> = {
    post_msg: () => sendToSink("post_msg"),
    rest_message: () => sendToSink("rest_message"),
    rest_iq: pingBot,
    bot_chat: () => chat("bot_chat"),
    callback_chat: () => chat("callback_chat"),
  };

  /** Everything sent has its answer (or its delivery). */
  const allIn = (): boolean =>
    state.pending.size === 0 &&
    [...state.toSink.values()].every((e) => e.acked === false ? true : e.acked === true && e.delivered > 0) &&
    (["bot_chat", "callback_chat"] as const).every((k) => [...state.chats[k].values()].every((n) => n > 0));

  return {
    counts,
    async run(seconds, onTick) {
      const TICK_MS = 100;
      began = Date.now();
      const owed: Record<string, number> = {};
      for (let tick = 1; Date.now() - began < seconds * 1000; tick++) {
        for (const kind of Object.keys(rates) as Array<keyof Rates>) {
          // Fractions carry over, so a rate of 25/s gives 2 or 3 per tick.
          owed[kind] = (owed[kind] ?? 0) + (rates[kind] * TICK_MS) / 1000;
          for (; owed[kind]! >= 1; owed[kind]!--) {
            counts.started[kind]++;
            start[kind]();
          }
        }
        onTick?.();
        const wait = began + tick * TICK_MS - Date.now();
        if (wait > 0) await sleep(wait);
      }
    },
    async settle(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (!allIn() && Date.now() < deadline) await sleep(100);
      await Promise.all([...state.pending]);
      for (const [body, entry] of state.toSink) {
        if (entry.acked === true) {
          counts.acknowledged++;
          if (entry.delivered === 1) counts.deliveredOnce++;
          else if (entry.delivered === 0) counts.lost.push(body);
          else counts.duplicated.push(body);
        } else if (entry.delivered > 0) {
          counts.unacknowledged.push(body);
        }
      }
      for (const kind of ["bot_chat", "callback_chat"] as const) {
        for (const [body, n] of state.chats[kind]) {
          if (n === 0) counts.chat[kind].unanswered.push(body);
          else if (n > 1) counts.chat[kind].twice.push(body);
        }
      }
      return counts;
    },
    async stop() {
      await Promise.all([sink.stop(), talker.stop()]);
    },
  };
}
