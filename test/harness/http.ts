// HTTP requests for tests, on node:http rather than fetch: fetch won't let us
// set the Host header (Prosody routes HTTP by Host) and we want to send raw,
// possibly invalid, bytes.

import * as http from "node:http";
import * as net from "node:net";
import type { ProsodyServer } from "./prosody.js";

/** An Authorization header value: "Basic " + base64(user:password). */
export function basicAuth(user: string, password: string): string {
  return "Basic " + Buffer.from(`${user}:${password}`, "utf8").toString("base64");
}

export interface HttpRequestOptions {
  /** Default "GET", or "POST" when a body is given. */
  method?: string;
  /**
   * Appended to the base URL's path, e.g. "/msg/alice". "" means the base URL
   * itself. Must already be percent-encoded: node:http refuses spaces, control
   * and non-Latin-1 characters here (use rawHttpRequest for malformed requests).
   */
  path: string;
  headers?: Record<string, string>;
  /** Sent as-is (strings as UTF-8); Content-Length is set from it unless given in headers. */
  body?: string | Buffer;
  /** Host header; default "localhost". Overridden by headers.Host/host if given. */
  host?: string;
  /** [user, password] → Authorization: Basic base64(user:password). */
  basic?: [string, string];
  /** Whole-request timeout; default 10000 ms. */
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  /** Node's lower-cased response headers (set-cookie is an array). */
  headers: Record<string, string | string[] | undefined>;
  /** Body decoded as UTF-8. */
  body: string;
  /** Body bytes as received. */
  raw: Buffer;
  /** JSON.parse(body); throws with the body in the message if it is not JSON. */
  json(): unknown;
}

/**
 * Sends one request to a Prosody server (127.0.0.1:httpPort) or to a base URL
 * such as a webhook server's "http://127.0.0.1:PORT/hook".
 */
export function httpRequest(target: ProsodyServer | string, opts: HttpRequestOptions): Promise<HttpResponse> {
  const base = new URL(typeof target === "string" ? target : target.httpBase);
  // Join paths without doubling the slash: base "/hook" + "/x" → "/hook/x".
  const basePath = base.pathname.replace(/\/$/, "");
  const reqPath = (basePath + opts.path) || "/";

  const headers: Record<string, string> = {};
  const has = (name: string): boolean => Object.keys(headers).some((k) => k.toLowerCase() === name);
  Object.assign(headers, opts.headers ?? {});
  if (!has("host")) headers["Host"] = opts.host ?? "localhost";
  if (opts.basic && !has("authorization")) {
    headers["Authorization"] = basicAuth(...opts.basic);
  }
  const body = opts.body === undefined ? undefined : Buffer.isBuffer(opts.body) ? opts.body : Buffer.from(opts.body, "utf8");
  if (body !== undefined && !has("content-length") && !has("transfer-encoding")) {
    headers["Content-Length"] = String(body.length);
  }
  const timeoutMs = opts.timeoutMs ?? 10_000;

  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: base.hostname,
        port: base.port === "" ? 80 : Number(base.port),
        method: opts.method ?? (body !== undefined ? "POST" : "GET"),
        path: reqPath,
        headers,
        setHost: false, // we always send our own Host header
        agent: false, // fresh connection per request: no pooled sockets left behind
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.once("error", reject);
        res.once("end", () => {
          clearTimeout(timer);
          const raw = Buffer.concat(chunks);
          const text = raw.toString("utf8");
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: text,
            raw,
            json(): unknown {
              try {
                return JSON.parse(text) as unknown;
              } catch {
                throw new Error(`response body is not JSON (status ${res.statusCode}): ${text.slice(0, 500)}`);
              }
            },
          });
        });
      },
    );
    const timer = setTimeout(() => {
      req.destroy(new Error(`HTTP ${opts.method ?? "request"} ${base.origin}${reqPath} timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    req.once("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    req.end(body);
  });
}

export interface RawHttpResponse {
  /** Status code from the first response line, or null if none was received. */
  status: number | null;
  raw: Buffer;
  /** raw decoded as UTF-8. */
  text: string;
  /** True if we gave up waiting (no close, no complete Content-Length body). */
  timedOut: boolean;
}

/**
 * Writes `data` verbatim to the server's HTTP port (for requests node:http
 * refuses to build: bad request lines, bad header bytes...) and collects the
 * answer until the server closes the connection, a Content-Length body is
 * complete, or timeoutMs passes. Rejects only if it cannot connect; a reset
 * after the request was sent resolves with whatever was received.
 */
export function rawHttpRequest(target: ProsodyServer | string, data: string | Buffer, timeoutMs = 5000): Promise<RawHttpResponse> {
  const base = new URL(typeof target === "string" ? target : target.httpBase);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (timedOut: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      const raw = Buffer.concat(chunks);
      const text = raw.toString("utf8");
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: m ? Number(m[1]) : null, raw, text, timedOut });
    };
    const sock = net.connect({ host: base.hostname, port: base.port === "" ? 80 : Number(base.port) });
    const timer = setTimeout(() => finish(true), timeoutMs);
    let connected = false;
    sock.once("connect", () => {
      connected = true;
      sock.write(data);
    });
    sock.on("data", (c: Buffer) => {
      chunks.push(c);
      const raw = Buffer.concat(chunks);
      const headEnd = raw.indexOf("\r\n\r\n");
      if (headEnd < 0) return;
      const len = /\r\ncontent-length:\s*(\d+)/i.exec(raw.subarray(0, headEnd).toString("latin1"));
      if (len && raw.length - (headEnd + 4) >= Number(len[1])) finish(false);
    });
    sock.once("close", () => finish(false));
    sock.once("error", (e) => {
      // A reset after we sent the request is an answer too; only failing to connect is an error.
      if (connected) finish(false);
      else {
        done = true;
        clearTimeout(timer);
        reject(e);
      }
    });
  });
}
