// Shared pieces of the security tests: the modules' authenticated requests,
// answers compared without what differs per request, and medians.

import { basicAuth, httpRequest, type HttpResponse } from "../harness/http";
import type { ProsodyServer } from "../harness/prosody";

/** A module's request that needs credentials: one per module, answered without side effects worth counting. */
export interface AuthenticatedRoute {
  module: "post_msg" | "rest";
  send(server: ProsodyServer, authorization: string, host?: string): Promise<HttpResponse>;
}

/** POST /msg/<to> as text/plain (mod_post_msg). */
export const postMsgRoute = (to = "sink@localhost"): AuthenticatedRoute => ({
  module: "post_msg",
  send: (server, authorization, host = "localhost") =>
    httpRequest(server, {
      method: "POST",
      path: `/msg/${encodeURIComponent(to)}`,
      host,
      body: "security check",
      headers: { Authorization: authorization, "Content-Type": "text/plain" },
    }),
});

/** POST /rest/echo of a message (mod_rest): authenticates, builds the stanza, sends nothing. */
export const restEchoRoute = (to = "sink@localhost"): AuthenticatedRoute => ({
  module: "rest",
  send: (server, authorization, host = "localhost") =>
    httpRequest(server, {
      method: "POST",
      path: "/rest/echo",
      host,
      body: JSON.stringify({ kind: "message", type: "chat", to, body: "security check" }),
      headers: { Authorization: authorization, "Content-Type": "application/json", Accept: "application/json" },
    }),
});

export const ROUTES = [postMsgRoute(), restEchoRoute()];

/** Headers that differ between any two answers (time, request id) and say nothing about credentials. */
const PER_REQUEST_HEADERS = new Set(["date", "x-request-id"]);

/** Status, headers (without per-request ones) and body: what a client can tell two answers apart by. */
export function observable(res: HttpResponse): { status: number; headers: Record<string, unknown>; body: string } {
  const headers: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (!PER_REQUEST_HEADERS.has(name)) headers[name] = value;
  }
  return { status: res.status, headers, body: res.body };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Milliseconds an answer took, with the answer. */
export async function timed(request: () => Promise<HttpResponse>): Promise<{ ms: number; res: HttpResponse }> {
  const start = process.hrtime.bigint();
  const res = await request();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, res };
}

export { basicAuth };
