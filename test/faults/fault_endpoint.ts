// A webhook endpoint that misbehaves on demand, written on raw TCP so it can
// break HTTP where a real server would not: stop listening and start again
// on the same port, hold a connection with half its headers sent (slow
// loris), or close after a partial answer. Requests are read as HTTP/1.1
// with a Content-Length body (what net.http sends).

import * as net from "node:net";
import { freePorts } from "../harness/prosody.js";

/** A request as the endpoint read it. */
export interface FaultRequest {
  method: string;
  path: string;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: string;
}

/** A complete answer. */
export interface FaultAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * How the endpoint treats the next requests:
 * - answer: the handler's answer, complete, then close;
 * - slowloris: the status line and half a header, then nothing (the connection stays open);
 * - partial-head: the status line and one header, then close;
 * - partial-body: all headers with a Content-Length larger than the half body sent, then close;
 * - head-only: all headers with a Content-Length, no body, then close;
 * - chunked-cut: a chunked answer whose first chunk is sent, then close without the last chunk.
 */
export type FaultMode = "answer" | "slowloris" | "partial-head" | "partial-body" | "head-only" | "chunked-cut";

export interface FaultEndpoint {
  /** http://127.0.0.1:PORT/hook */
  url: string;
  mode: FaultMode;
  /** Milliseconds to wait before answering (to have requests in flight when the endpoint dies). */
  delayMs: number;
  /** Requests read completely (any mode), in order. */
  requests: FaultRequest[];
  /** Requests given their complete answer (written before the connection was cut). */
  answered: FaultRequest[];
  /** Connections open now (slow-loris ones until the client gives up). */
  openConnections(): number;
  /** Listen again on the same port. */
  start(): Promise<void>;
  /** Stop listening and cut every connection (the process dying). */
  stop(): Promise<void>;
}

/** Reads one request from the socket's bytes; undefined until complete. */
function parseRequest(data: Buffer): FaultRequest | undefined {
  const headEnd = data.indexOf("\r\n\r\n");
  if (headEnd < 0) return undefined;
  const lines = data.subarray(0, headEnd).toString("latin1").split("\r\n");
  const [method = "", path = ""] = (lines[0] ?? "").split(" ");
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers["content-length"] ?? "0");
  if (data.length < headEnd + 4 + length) return undefined;
  return { method, path, headers, body: data.subarray(headEnd + 4, headEnd + 4 + length).toString("utf8") };
}

function serialize(answer: FaultAnswer): string {
  const body = Buffer.from(answer.body ?? "", "utf8");
  const head = [`HTTP/1.1 ${answer.status} Status`, "Connection: close", `Content-Length: ${body.length}`];
  for (const [name, value] of Object.entries(answer.headers ?? {})) head.push(`${name}: ${value}`);
  return `${head.join("\r\n")}\r\n\r\n${body.toString("latin1")}`;
}

/** What the broken modes write before closing (or, for slowloris, before going quiet). */
function brokenAnswer(mode: Exclude<FaultMode, "answer">, answer: FaultAnswer): { bytes: string; close: boolean } {
  const body = answer.body ?? "";
  const type = answer.headers?.["Content-Type"] ?? "text/plain";
  switch (mode) {
    case "slowloris":
      return { bytes: `HTTP/1.1 ${answer.status} OK\r\nContent-Ty`, close: false };
    case "partial-head":
      return { bytes: `HTTP/1.1 ${answer.status} OK\r\nContent-Type: ${type}\r\n`, close: true };
    case "partial-body":
      return {
        bytes: `HTTP/1.1 ${answer.status} OK\r\nContent-Type: ${type}\r\nContent-Length: ${body.length + 100}\r\n\r\n${body.slice(0, Math.ceil(body.length / 2))}`,
        close: true,
      };
    case "head-only":
      return { bytes: `HTTP/1.1 ${answer.status} OK\r\nContent-Type: ${type}\r\nContent-Length: ${body.length + 100}\r\n\r\n`, close: true };
    case "chunked-cut": {
      const half = body.slice(0, Math.ceil(body.length / 2));
      return {
        bytes: `HTTP/1.1 ${answer.status} OK\r\nContent-Type: ${type}\r\nTransfer-Encoding: chunked\r\n\r\n${Buffer.byteLength(half).toString(16)}\r\n${half}\r\n`,
        close: true,
      };
    }
  }
}

/**
 * Starts the endpoint on a free port. `handler` gives the complete answer
 * to each request; the broken modes send a damaged form of it.
 */
export async function startFaultEndpoint(handler: (req: FaultRequest) => FaultAnswer): Promise<FaultEndpoint> {
  const [port] = (await freePorts(1)) as [number];
  let server: net.Server | undefined;
  const sockets = new Set<net.Socket>();

  const onConnection = (sock: net.Socket): void => {
    sockets.add(sock);
    sock.once("close", () => sockets.delete(sock));
    sock.on("error", () => {});
    let data = Buffer.alloc(0);
    let done = false;
    sock.on("data", (chunk: Buffer) => {
      if (done) return;
      data = Buffer.concat([data, chunk]);
      const req = parseRequest(data);
      if (req === undefined) return;
      done = true;
      endpoint.requests.push(req);
      const answer = handler(req);
      const mode = endpoint.mode;
      const write = (): void => {
        if (sock.destroyed) return;
        if (mode === "answer" || req.method === "OPTIONS") {
          sock.end(serialize(answer), "latin1");
          endpoint.answered.push(req);
          return;
        }
        const broken = brokenAnswer(mode, answer);
        if (broken.close) sock.end(broken.bytes, "utf8");
        else sock.write(broken.bytes, "utf8");
      };
      if (endpoint.delayMs > 0) setTimeout(write, endpoint.delayMs);
      else write();
    });
  };

  const endpoint: FaultEndpoint = {
    url: `http://127.0.0.1:${port}/hook`,
    mode: "answer",
    delayMs: 0,
    requests: [],
    answered: [],
    openConnections: () => sockets.size,
    start() {
      return new Promise((resolve, reject) => {
        const s = net.createServer(onConnection);
        s.once("error", reject);
        s.listen(port, "127.0.0.1", () => {
          server = s;
          resolve();
        });
      });
    },
    stop() {
      return new Promise((resolve) => {
        const s = server;
        server = undefined;
        for (const sock of sockets) sock.destroy();
        if (s === undefined) return resolve();
        s.close(() => resolve());
      });
    },
  };
  await endpoint.start();
  return endpoint;
}
