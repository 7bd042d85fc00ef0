// A local HTTP server standing in for the web apps Prosody modules POST to.
// Records every request; the handler decides the answer (or never answers).

import { Webhook } from "standardwebhooks";
import { createHmac } from "node:crypto";
import * as http from "node:http";
import * as net from "node:net";
import { listenOnLoopback } from "./util.js";

export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. "/hook?x=1". */
  url: string;
  /** Node's lower-cased request headers. */
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** body decoded as UTF-8. */
  text: string;
}

export interface WebhookReply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** Return "hang" to never answer (to test timeouts); the socket is destroyed by close(). */
export type WebhookHandler = (req: RecordedRequest) => WebhookReply | "hang" | Promise<WebhookReply | "hang">;

export interface WebhookServer {
  /** "http://127.0.0.1:PORT/hook" (any path is accepted and recorded). */
  url: string;
  port: number;
  /** Every request received, consumed or not, in order. */
  requests: RecordedRequest[];
  /** The oldest request not yet returned by nextRequest(), waiting for one if needed (default 5000 ms). */
  nextRequest(timeoutMs?: number): Promise<RecordedRequest>;
  setHandler(handler: WebhookHandler): void;
  /** Stops listening and destroys all connections, hanging ones included. */
  close(): Promise<void>;
}

const defaultHandler: WebhookHandler = () => ({ status: 200, headers: { "Content-Type": "text/plain" }, body: "ok" });

export async function startWebhookServer(initialHandler: WebhookHandler = defaultHandler): Promise<WebhookServer> {
  let handler = initialHandler;
  const requests: RecordedRequest[] = [];
  const unconsumed: RecordedRequest[] = [];
  const waiters: Array<(r: RecordedRequest) => void> = [];
  const sockets = new Set<net.Socket>();

  const record = (r: RecordedRequest): void => {
    requests.push(r);
    const w = waiters.shift();
    if (w) w(r);
    else unconsumed.push(r);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.once("end", () => {
      const body = Buffer.concat(chunks);
      const recorded: RecordedRequest = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body,
        text: body.toString("utf8"),
      };
      // Record before handling, so even "hang" requests are visible to the test.
      record(recorded);
      void (async () => {
        let reply: WebhookReply | "hang";
        try {
          reply = await handler(recorded);
        } catch (e) {
          reply = { status: 500, body: `webhook handler threw: ${e instanceof Error ? e.message : String(e)}` };
        }
        if (reply === "hang") return;
        res.writeHead(reply.status, reply.headers);
        res.end(reply.body);
      })();
    });
  });
  server.on("connection", (s: net.Socket) => {
    sockets.add(s);
    s.once("close", () => sockets.delete(s));
  });

  const port = await listenOnLoopback(server);

  let closing: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    requests,
    nextRequest(timeoutMs = 5000): Promise<RecordedRequest> {
      const first = unconsumed.shift();
      if (first) return Promise.resolve(first);
      return new Promise((resolve, reject) => {
        const waiter = (r: RecordedRequest): void => {
          clearTimeout(timer);
          resolve(r);
        };
        const timer = setTimeout(() => {
          const i = waiters.indexOf(waiter);
          if (i >= 0) waiters.splice(i, 1);
          reject(new Error(`no request to the webhook server within ${timeoutMs} ms (${requests.length} received in total)`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    setHandler(h: WebhookHandler): void {
      handler = h;
    },
    close(): Promise<void> {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      return closing;
    },
  };
}

/** The X-Prosody-Signature header value for a body: "sha256=" + hex HMAC-SHA256 with the secret. */
export function signatureOf(body: Buffer | string, secret: string): string {
  return "sha256=" + createHmac("sha256", secret).update(body).digest("hex");
}

/** True if the request carries the right X-Prosody-Signature for its exact body. */
export function isSignedWith(req: RecordedRequest, secret: string): boolean {
  return req.headers["x-prosody-signature"] === signatureOf(req.body, secret);
}

export interface CloseDelimitedEndpoint {
  /** "http://127.0.0.1:PORT/" */
  url: string;
  close(): Promise<void>;
}

/**
 * An endpoint answering every request with 200 and `reply` as JSON, without
 * Content-Length: the body is delimited by closing the connection and sent in
 * two packets 50 ms apart (as PHP's built-in server does).
 */
export async function startCloseDelimitedEndpoint(reply: string): Promise<CloseDelimitedEndpoint> {
  const endpoint = net.createServer((sock) => {
    let request = Buffer.alloc(0);
    sock.on("data", (chunk: Buffer) => {
      request = Buffer.concat([request, chunk]);
      const headEnd = request.indexOf("\r\n\r\n");
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(request.toString("latin1"));
      if (headEnd < 0 || !length || request.length < headEnd + 4 + Number(length[1])) return;
      sock.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n");
      const half = Math.floor(reply.length / 2);
      setTimeout(() => sock.write(reply.slice(0, half)), 50);
      setTimeout(() => sock.end(reply.slice(half)), 100);
    });
    sock.on("error", () => {});
  });
  const port = await listenOnLoopback(endpoint);
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => endpoint.close(() => resolve())),
  };
}

/**
 * True if the standardwebhooks npm verifier (the specification's reference
 * library) accepts the request's webhook-id, webhook-timestamp and
 * webhook-signature headers for its exact body under `secret` (whsec_...).
 */
export function isStandardSignedWith(req: RecordedRequest, secret: string): boolean {
  const headers: Record<string, string> = {};
  for (const name of ["webhook-id", "webhook-timestamp", "webhook-signature"]) {
    const value = req.headers[name];
    if (typeof value === "string") headers[name] = value;
  }
  try {
    // jsonParse: false, as the body may be XML, a form or empty (the probe).
    new Webhook(secret).verify(req.body.toString("utf8"), headers, { jsonParse: false });
    return true;
  } catch {
    return false;
  }
}
