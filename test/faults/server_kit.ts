// Server-side fault tests' kit: a Prosody running all three modules, and
// continuous traffic against it that records what every client saw, so a
// test can inject a fault (module reload, config reload, account change)
// mid-run and then check that every request was answered cleanly and that
// everything acknowledged was delivered.

import { basicAuth, httpRequest, type HttpResponse } from "../harness/http";
import type { ProsodyServer } from "../harness/prosody";
import { sleep } from "../harness/util";
import { xml, type Element, type TestClient } from "../harness/xmpp";

/** The mod_component_http component the traffic talks to. */
export const BOT = "bot.localhost";
/** Recipient of the HTTP messages (logged in as a client). */
export const SINK = "sink@localhost";

/** An HTTP route that sends one message to SINK with the given body. */
export type Route = "post_msg" | "rest";

/** Status codes a route answers for a message that was routed. */
const ACK: Record<Route, number[]> = { post_msg: [201], rest: [202] };

/** One HTTP request's outcome: its status, or "hang" (no answer in time) or "reset" (connection error). */
export interface Outcome {
  route: Route;
  user: string;
  body: string;
  /** ms since the traffic started, when the request was sent and answered. */
  sentAt: number;
  doneAt: number;
  status: number | "hang" | "reset";
  /** First line of the answer (or of the error), for reports. */
  detail: string;
}

/** POSTs one message to SINK through a route with these credentials. */
export function sendThrough(server: ProsodyServer, route: Route, user: string, password: string, body: string): Promise<HttpResponse> {
  const authorization = basicAuth(user, password);
  if (route === "post_msg") {
    return httpRequest(server, {
      method: "POST",
      path: `/msg/${encodeURIComponent(SINK)}`,
      body,
      headers: { Authorization: authorization, "Content-Type": "text/plain" },
      timeoutMs: 8000,
    });
  }
  return httpRequest(server, {
    method: "POST",
    path: "/rest",
    body: JSON.stringify({ kind: "message", type: "chat", to: SINK, body }),
    headers: { Authorization: authorization, "Content-Type": "application/json", Accept: "application/json" },
    timeoutMs: 8000,
  });
}

/** Whether an outcome acknowledges the message (the module promises it was routed). */
export const acknowledged = (o: Outcome): boolean => typeof o.status === "number" && ACK[o.route].includes(o.status);

export interface Sender {
  user: string;
  /** The password used; read at each request, so a test can switch it. */
  password: string;
}

export interface HttpTrafficOptions {
  senders: Sender[];
  /** Requests in all, at least. */
  total: number;
  /** Keeps sending past `total` while this says so (e.g. until the faults are over). */
  keepGoing?: () => boolean;
  /** Requests in flight at once. */
  concurrency: number;
  /** Prefix of the message bodies (unique per run). */
  tag: string;
}

/**
 * Sends at least `total` messages to SINK, `concurrency` at a time,
 * alternating routes and senders; resolves with every outcome once all are
 * answered.
 */
/** An HTTP exchange's outcome: its status and the first line of its body, or how it failed (no answer in time: "hang"). */
async function attempt(send: () => Promise<HttpResponse>, width: number): Promise<{ status: Outcome["status"]; detail: string }> {
  try {
    const res = await send();
    return { status: res.status, detail: res.body.split("\n")[0]!.slice(0, width) };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { status: /timed out/.test(message) ? "hang" : "reset", detail: message };
  }
}

export async function httpTraffic(server: ProsodyServer, opts: HttpTrafficOptions, start = Date.now()): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < opts.total || (opts.keepGoing?.() ?? false)) {
      const n = next++;
      const route: Route = n % 2 === 0 ? "post_msg" : "rest";
      const sender = opts.senders[Math.floor(n / 2) % opts.senders.length]!;
      const body = `${opts.tag}-${n}`;
      const sentAt = Date.now() - start;
      const { status, detail } = await attempt(() => sendThrough(server, route, sender.user, sender.password, body), 200);
      outcomes.push({ route, user: sender.user, body, sentAt, doneAt: Date.now() - start, status, detail });
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  return outcomes;
}

/** How many outcomes had each status, per route: { "post_msg 201": 120, "rest 404": 3, ... }. */
export function statusCounts(outcomes: Outcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) {
    const key = `${o.route} ${o.status}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

/** The bodies of the chat messages a client received whose body starts with `tag-`, with how often each came. */
export function bodiesReceived(client: TestClient, tag: string): Map<string, number> {
  const seen = new Map<string, number>();
  for (const el of client.received) {
    if (!el.is("message") || el.attrs["type"] === "error") continue;
    const body = el.getChildText("body");
    if (body === null || !body.startsWith(`${tag}-`)) continue;
    seen.set(body, (seen.get(body) ?? 0) + 1);
  }
  return seen;
}

/** Waits until `client` received every body in `wanted` (tagged `tag`), or `timeoutMs` passed. */
export async function awaitBodies(client: TestClient, tag: string, wanted: string[], timeoutMs = 5000): Promise<Map<string, number>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const seen = bodiesReceived(client, tag);
    if (wanted.every((b) => seen.has(b)) || Date.now() > deadline) return seen;
    await sleep(50);
  }
}

/** What the component traffic saw: bodies sent, echoes and error bounces received per body. */
export interface ComponentOutcome {
  sent: string[];
  echoed: Map<string, number>;
  bounced: Map<string, number>;
}

/**
 * Sends `total` chat messages from `client` to echo@BOT, one each `gapMs`;
 * the webhook echoes each as "echo: <body>" (the kit's default answer).
 */
export async function componentTraffic(client: TestClient, tag: string, total: number, gapMs: number): Promise<string[]> {
  const sent: string[] = [];
  for (let n = 0; n < total; n++) {
    const body = `${tag}-${n}`;
    await client.send(xml("message", { to: `echo@${BOT}`, type: "chat", id: body }, xml("body", {}, body)));
    sent.push(body);
    await sleep(gapMs);
  }
  return sent;
}

/** Echoes and bounces `client` received for component bodies tagged `tag`, waiting up to `timeoutMs` for all. */
export async function componentAnswers(client: TestClient, tag: string, sent: string[], timeoutMs = 5000): Promise<ComponentOutcome> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const echoed = new Map<string, number>();
    const bounced = new Map<string, number>();
    for (const el of client.received as Element[]) {
      if (!el.is("message")) continue;
      if (el.attrs["type"] === "error") {
        const id = String(el.attrs["id"] ?? "");
        if (id.startsWith(`${tag}-`)) bounced.set(id, (bounced.get(id) ?? 0) + 1);
        continue;
      }
      const body = el.getChildText("body") ?? "";
      const match = /^echo: (.*)$/.exec(body);
      if (match && match[1]!.startsWith(`${tag}-`)) echoed.set(match[1]!, (echoed.get(match[1]!) ?? 0) + 1);
    }
    const answered = sent.every((b) => echoed.has(b) || bounced.has(b));
    if (answered || Date.now() > deadline) return { sent, echoed, bounced };
    await sleep(50);
  }
}

/** Runs `steps` one after the other, each `gapMs` after the previous one ended; resolves with the times they ran. */
export async function faultsDuring(
  steps: Array<[string, () => Promise<unknown>]>,
  gapMs: number,
  start: number,
): Promise<Array<{ what: string; at: number; done: number }>> {
  const times: Array<{ what: string; at: number; done: number }> = [];
  for (const [what, run] of steps) {
    await sleep(gapMs);
    const at = Date.now() - start;
    await run();
    times.push({ what, at, done: Date.now() - start });
  }
  return times;
}

/** An iq request's outcome through mod_rest: status ("hang"/"reset" as for Outcome) and answer's first line. */
export interface IqOutcome {
  id: string;
  sentAt: number;
  doneAt: number;
  status: number | "hang" | "reset";
  detail: string;
}

/**
 * Sends ping iqs through POST /rest (as XML) to `to`, `concurrency` at a
 * time, while `keepGoing` says so (at least `total`); mod_rest holds each
 * request open until the reply comes, so some are pending when a fault hits.
 */
export async function iqTraffic(
  server: ProsodyServer,
  sender: Sender,
  to: string,
  opts: { total: number; concurrency: number; keepGoing: () => boolean; timeoutMs: number },
  start = Date.now(),
): Promise<IqOutcome[]> {
  const outcomes: IqOutcome[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < opts.total || opts.keepGoing()) {
      const id = `iq-${next++}`;
      const sentAt = Date.now() - start;
      const ping = `<iq xmlns="jabber:client" type="get" to="${to}" id="${id}"><ping xmlns="urn:xmpp:ping"/></iq>`;
      const headers = { Authorization: basicAuth(sender.user, sender.password), "Content-Type": "application/xmpp+xml", Accept: "application/xmpp+xml" };
      const { status, detail } = await attempt(
        () => httpRequest(server, { method: "POST", path: "/rest", body: ping, headers, timeoutMs: opts.timeoutMs }),
        300,
      );
      outcomes.push({ id, sentAt, doneAt: Date.now() - start, status, detail });
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  return outcomes;
}
