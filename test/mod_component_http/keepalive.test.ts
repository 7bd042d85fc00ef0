// mod_component_http end to end: kept-alive connections to the endpoint
// (src/lib/http_pool.ts) on a real Prosody. Endpoints that count their TCP
// connections: a burst stays within component_post_max_connections, an
// answer with Connection: close costs a connection each, an endpoint that
// closes connections right after answering still gets every stanza exactly
// once (the retry after the keep-alive race); an https endpoint with a
// certificate made for the test is refused without component_post_cafile
// and used with it; an endpoint named "localhost" on both loopback
// addresses: its name is resolved once, later connections go to the address
// it reached, and when that address stops answering the name is resolved
// again for the same stanza; garbage answers give clean errors, no traceback.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as https from "node:https";
import * as http from "node:http";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  component, expectError, parsePayload, postUrl, sendMessage, startComponentSuite, stopComponentSuite, type ComponentSuite,
} from "../harness/component_http";
import { luaString, type ProsodyServer } from "../harness/prosody";
import { listenOnLoopback, sleep } from "../harness/util";
import { messageWithBody, type TestClient } from "../harness/xmpp";

/** An endpoint echoing message bodies that counts its connections and requests. */
interface CountingEndpoint {
  url: string;
  connections: number;
  /** Stanza ids of the requests received, in order. */
  ids: string[];
  close(): Promise<void>;
}

type Answerer = (res: http.ServerResponse, body: string) => void;

const echo: Answerer = (res, body) => {
  const payload = JSON.parse(body) as { body?: string };
  res.writeHead(200, { "Content-Type": "application/json" });
  res.end(JSON.stringify({ body: `echo: ${payload.body ?? ""}` }));
};

async function countingEndpoint(
  answer: Answerer = echo, server: http.Server = http.createServer(), scheme = "http", host = "127.0.0.1",
): Promise<CountingEndpoint> {
  const sockets = new Set<net.Socket>();
  const endpoint = { url: "", connections: 0, ids: [] as string[], close: async () => {} };
  server.on(scheme === "https" ? "secureConnection" : "connection", (socket: net.Socket) => {
    endpoint.connections++;
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.once("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      endpoint.ids.push(parsePayload({ text: body } as Parameters<typeof parsePayload>[0]).id ?? "");
      answer(res, body);
    });
  });
  const port = await listenOnLoopback(server);
  endpoint.url = `${scheme}://${host}:${port}/hook`;
  endpoint.close = () => new Promise<void>((resolve) => {
    server.close(() => resolve());
    for (const s of sockets) s.destroy();
  });
  return endpoint;
}

/** One port on both loopback addresses, named "localhost": each address a server of its own, answering `echo`. */
interface NamedEndpoint {
  url: string;
  /** The local address of each connection, in order. */
  addresses: string[];
  /** Stop listening on `address` (and drop its connections). */
  stop(address: string): Promise<void>;
  close(): Promise<void>;
}

async function namedEndpoint(): Promise<NamedEndpoint> {
  const servers = new Map<string, { server: http.Server; sockets: Set<net.Socket> }>();
  const endpoint: NamedEndpoint = {
    url: "",
    addresses: [],
    stop: async (address) => {
      const entry = servers.get(address);
      if (!entry) return;
      servers.delete(address);
      await new Promise<void>((resolve) => {
        entry.server.close(() => resolve());
        for (const s of entry.sockets) s.destroy();
      });
    },
    close: async () => {
      for (const address of [...servers.keys()]) await endpoint.stop(address);
    },
  };
  let port = 0;
  for (const address of ["127.0.0.1", "::1"]) {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.once("end", () => echo(res, Buffer.concat(chunks).toString("utf8")));
    });
    const sockets = new Set<net.Socket>();
    server.on("connection", (socket: net.Socket) => {
      endpoint.addresses.push(socket.localAddress ?? "");
      sockets.add(socket);
      socket.once("close", () => sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, address, () => resolve());
    });
    port = (server.address() as net.AddressInfo).port;
    servers.set(address, { server, sockets });
  }
  endpoint.url = `http://localhost:${port}/hook`;
  return endpoint;
}

/** A raw TCP endpoint writing `answer` to every request (once its head is in), then closing. */
async function rawEndpoint(answer: string): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((sock) => {
    sockets.add(sock);
    sock.once("close", () => sockets.delete(sock));
    let seen = "";
    sock.on("data", (chunk: Buffer) => {
      seen += chunk.toString("latin1");
      if (seen.includes("\r\n\r\n")) {
        seen = "";
        sock.end(answer);
      }
    });
    sock.on("error", () => {});
  });
  const port = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    }),
  };
}

/**
 * An endpoint that answers one request per connection as if keeping it
 * alive (Content-Length, no Connection: close) and closes it right after:
 * a client reusing connections at once sends on closed ones.
 */
async function hangingUpEndpoint(): Promise<CountingEndpoint> {
  const sockets = new Set<net.Socket>();
  const endpoint: CountingEndpoint = { url: "", connections: 0, ids: [], close: async () => {} };
  const server = net.createServer((sock) => {
    endpoint.connections++;
    sockets.add(sock);
    sock.once("close", () => sockets.delete(sock));
    let seen = Buffer.alloc(0);
    let answered = false;
    sock.on("data", (chunk: Buffer) => {
      if (answered) return; // A second request on this connection: never read, as by a server that closed it.
      seen = Buffer.concat([seen, chunk]);
      const headEnd = seen.indexOf("\r\n\r\n");
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(seen.toString("latin1"));
      if (headEnd < 0 || !length || seen.length < headEnd + 4 + Number(length[1])) return;
      answered = true;
      const text = seen.subarray(headEnd + 4, headEnd + 4 + Number(length[1])).toString("utf8");
      const payload = JSON.parse(text) as { id?: string; body?: string };
      endpoint.ids.push(payload.id ?? "");
      const body = JSON.stringify({ body: `echo: ${payload.body ?? ""}` });
      sock.end(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    });
    sock.on("error", () => {});
  });
  const port = await listenOnLoopback(server);
  endpoint.url = `http://127.0.0.1:${port}/hook`;
  endpoint.close = () => new Promise<void>((resolve) => {
    server.close(() => resolve());
    for (const s of sockets) s.destroy();
  });
  return endpoint;
}

/** A self-signed certificate for "localhost", made with openssl in a temp dir. */
function testCertificate(): { dir: string; cert: string; key: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "keepalive-tls-"));
  const cert = path.join(dir, "cert.pem");
  const key = path.join(dir, "key.pem");
  const made = spawnSync("openssl", [
    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
    "-addext", "subjectAltName=DNS:localhost", "-keyout", key, "-out", cert,
  ], { stdio: "ignore" });
  if (made.status !== 0) throw new Error("openssl could not make a test certificate");
  return { dir, cert, key };
}

const MAX_CONNECTIONS = 4;
const GARBAGE = {
  status: "SSH-2.0-OpenSSH_9.2\r\n\r\n",
  header: "HTTP/1.1 200 OK\r\nno colon\r\n\r\n{}",
  chunk: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n",
  head: `HTTP/1.1 200 OK\r\n${"X-Filler: yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\r\n".repeat(300)}\r\n{}`,
} as const;

let suite: ComponentSuite<"alice">;
let server: ProsodyServer;
let alice: TestClient;
let pooled: CountingEndpoint;
let closing: CountingEndpoint;
let hangingUp: CountingEndpoint;
let secure: CountingEndpoint;
let named: NamedEndpoint;
let tls: { dir: string; cert: string; key: string };
const garbage: Record<string, { url: string; close(): Promise<void> }> = {};

beforeAll(async () => {
  pooled = await countingEndpoint();
  closing = await countingEndpoint((res, body) => {
    res.setHeader("Connection", "close");
    echo(res, body);
  });
  hangingUp = await hangingUpEndpoint();
  named = await namedEndpoint();
  tls = testCertificate();
  secure = await countingEndpoint(echo, https.createServer({ cert: fs.readFileSync(tls.cert), key: fs.readFileSync(tls.key) }), "https", "localhost");
  for (const [name, answer] of Object.entries(GARBAGE)) garbage[name] = await rawEndpoint(answer);
  suite = await startComponentSuite({
    name: "component_http-keepalive",
    clients: { alice: "desk" },
    components: () => [
      component("pool.localhost", `${postUrl(pooled.url)}\n  component_post_max_connections = ${MAX_CONNECTIONS}`),
      component("closing.localhost", postUrl(closing.url)),
      component("hangup.localhost", `${postUrl(hangingUp.url)}\n  component_post_max_connections = 2`),
      component("tls.localhost", `${postUrl(secure.url)}\n  component_post_timeout = 3`),
      component("tlsca.localhost", `${postUrl(secure.url)}\n  component_post_cafile = ${luaString(tls.cert)}`),
      // The same endpoint named by its address: connected to directly, its certificate (for "localhost") still checked.
      component("tlsip.localhost", `${postUrl(secure.url.replace("//localhost:", "//127.0.0.1:"))}\n  component_post_cafile = ${luaString(tls.cert)}\n  component_post_timeout = 3`),
      component("nokeepalive.localhost", `${postUrl(pooled.url)}\n  component_post_keepalive = false`),
      component("named.localhost", `${postUrl(named.url)}\n  component_post_keepalive = false`),
      ...Object.entries(garbage).map(([name, endpoint]) => component(`${name}.garbage.localhost`, `${postUrl(endpoint.url)}\n  component_post_timeout = 3`)),
    ],
  });
  ({ server, clients: { alice } } = suite);
});

afterAll(() => stopComponentSuite(suite, {
  cleanup: [
    () => pooled?.close(), () => named?.close(), () => closing?.close(), () => hangingUp?.close(), () => secure?.close(),
    ...Object.values(garbage).map((g) => () => g.close()),
    () => tls && fs.rmSync(tls.dir, { recursive: true, force: true }),
  ],
}));

let bursts = 0;
/** Send `count` messages to `to` (`gapMs` apart) and wait for every echo; returns their ids. */
async function burst(to: string, count: number, gapMs = 0): Promise<string[]> {
  const tag = `b${++bursts}`;
  const ids: string[] = [];
  const replies: Promise<unknown>[] = [];
  for (let i = 0; i < count; i++) {
    ids.push(await sendMessage(alice, to, `${tag}-${i}`));
    replies.push(messageWithBody(alice, `echo: ${tag}-${i}`, 20_000));
    if (gapMs > 0) await sleep(gapMs);
  }
  await Promise.all(replies);
  return ids;
}

describe("kept-alive connections", () => {
  it(`a burst of 200 stanzas uses at most component_post_max_connections (${MAX_CONNECTIONS}) connections`, async () => {
    const ids = await burst("bot@pool.localhost", 200);
    expect(pooled.connections).toBeGreaterThan(0);
    expect(pooled.connections).toBeLessThanOrEqual(MAX_CONNECTIONS);
    expect(pooled.ids.slice(-200).sort()).toEqual([...ids].sort());
    // A later stanza reuses them.
    const before = pooled.connections;
    await burst("bot@pool.localhost", 5);
    expect(pooled.connections).toBe(before);
  }, 60_000);

  it("an endpoint answering Connection: close gets a new connection per stanza", async () => {
    await burst("bot@closing.localhost", 10, 20);
    expect(closing.connections).toBe(10);
  }, 30_000);

  it("an endpoint closing each connection right after answering still gets every stanza exactly once", async () => {
    const mark = server.logMark();
    const ids = await burst("bot@hangup.localhost", 40);
    await alice.expectNoStanza((el) => el.attrs.from === "bot@hangup.localhost", 300);
    expect([...hangingUp.ids].sort()).toEqual([...ids].sort());
    expect(hangingUp.connections).toBe(40);
    // The connection is reused as soon as the answer is read, before its close is: the race, every time but the first two.
    const retries = server.logSince(mark).split("\n").filter((line) => line.includes("closed before answering; sending")).length;
    expect(retries).toBeGreaterThan(0);
  }, 30_000);

  it("component_post_keepalive = false: a connection per request", async () => {
    const before = pooled.connections;
    await burst("bot@nokeepalive.localhost", 3, 20);
    expect(pooled.connections).toBe(before + 3);
  }, 30_000);
});

describe("an endpoint named by a host name", () => {
  /** Resolutions since `mark`: net.connect's pending connections (one per resolution, however many addresses it tries). */
  const resolutions = (mark: number) => new Set([...server.logSince(mark).matchAll(/\[pending connection (\S+)\] Checking for targets/g)].map((m) => m[1])).size;

  it("is resolved for the first connection; later ones go straight to the address it reached", async () => {
    const mark = server.logMark();
    await burst("bot@named.localhost", 4, 20);
    expect(named.addresses).toHaveLength(4);
    expect(new Set(named.addresses).size).toBe(1);
    expect(resolutions(mark)).toBe(1);
  }, 30_000);

  it("when that address stops answering, the name is resolved again for the same stanza, which is delivered once", async () => {
    const reached = named.addresses[named.addresses.length - 1] ?? "";
    await named.stop(reached);
    const before = named.addresses.length;
    const mark = server.logMark();
    await burst("bot@named.localhost", 3, 20);
    expect(named.addresses.slice(before)).toHaveLength(3);
    expect(named.addresses.slice(before)).not.toContain(reached);
    const log = server.logSince(mark);
    expect(log).toContain("at its last address failed");
    expect(resolutions(mark)).toBe(1);
    expect(log).not.toMatch(/traceback/i);
  }, 30_000);
});

describe("https", () => {
  it("an endpoint with a certificate from an unknown CA is refused", async () => {
    const id = await sendMessage(alice, "bot@tls.localhost", "secret");
    await expectError(alice, id, "cancel", "remote-server-timeout");
    expect(secure.ids).not.toContain(id);
  }, 15_000);

  it("an endpoint named by an IPv4 address is refused when its certificate is not for that name, CA known or not", async () => {
    const id = await sendMessage(alice, "bot@tlsip.localhost", "secret");
    await expectError(alice, id, "cancel", "remote-server-timeout");
    expect(secure.ids).not.toContain(id);
    expect(await server.shell(`module:info("component_http", "tlsip.localhost")`)).toContain("certificate-verify-failed");
  }, 15_000);

  it("with component_post_cafile it is used, over kept-alive connections", async () => {
    const before = secure.connections;
    const ids = await burst("bot@tlsca.localhost", 20);
    expect(secure.ids).toEqual(expect.arrayContaining(ids));
    expect(secure.connections - before).toBeLessThanOrEqual(20);
    await burst("bot@tlsca.localhost", 5, 10);
    expect(secure.connections - before).toBeLessThan(25);
  }, 30_000);
});

describe("garbage answers give a clean error", () => {
  it.each(Object.keys(GARBAGE))("%s", async (name) => {
    const id = await sendMessage(alice, `bot@${name}.garbage.localhost`, "hello");
    await expectError(alice, id, "cancel", "remote-server-timeout");
  }, 15_000);
});
