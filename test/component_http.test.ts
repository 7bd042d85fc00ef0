// mod_component_http end to end: a real Prosody with several components,
// real XMPP clients, real HTTP endpoints (the harness webhook server, and the
// PHP, Node and Python echo bots from examples/component_http/).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHmac } from "node:crypto";
import * as net from "node:net";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePorts, luaString, REPO_ROOT, startProsody, type ProsodyServer } from "./harness/prosody";
import { httpRequest } from "./harness/http";
import { startWebhookServer, type RecordedRequest, type WebhookReply, type WebhookServer } from "./harness/webhook";
import { connectClient, xml, type Element, type TestClient } from "./harness/xmpp";

const STANZAS_NS = "urn:ietf:params:xml:ns:xmpp-stanzas";
const EXAMPLES = path.join(REPO_ROOT, "examples", "component_http");
const SECRET = "test secret ✓";
const BOT_SECRET = "bot-secret";
const HAS_PHP = spawnSync("php", ["--version"], { stdio: "ignore" }).status === 0;

/** The JSON object POSTed by the module. */
interface Payload {
  to: string;
  from: string;
  kind: string;
  stanza: string;
  body?: string;
  type?: string;
  id?: string;
}

type Script = (payload: Payload, req: RecordedRequest) => WebhookReply | "hang" | Promise<WebhookReply | "hang">;

let server: ProsodyServer;
let alice: TestClient; // most tests
let carol: TestClient; // a third party the endpoint may message
let dave: TestClient; // garbage answers only
let erin: TestClient; // presence only
let hook: WebhookServer; // bot, all, legacy, slow
let signedHook: WebhookServer;
let boundedHook: WebhookServer;
let closeDelimited: net.Server;
const bots: ChildProcess[] = [];
const botPorts = { php: 0, node: 0, python: 0 };

/** Answers scripted per stanza id; anything else gets the default echo. */
const scripts = new Map<string, Script>();

function parsePayload(req: RecordedRequest): Payload {
  return JSON.parse(req.text) as Payload;
}

/** A 200 JSON answer (or another content type / status). */
function jsonReply(value: unknown, contentType = "application/json", status = 200): WebhookReply {
  return { status, headers: { "Content-Type": contentType }, body: JSON.stringify(value) };
}

/** A 200 answer with these exact bytes, labelled as JSON. */
function rawJson(body: string | Buffer): WebhookReply {
  return { status: 200, headers: { "Content-Type": "application/json" }, body };
}

function defaultAnswer(payload: Payload): WebhookReply {
  if (payload.kind === "message" && payload.body !== undefined) {
    return jsonReply({ body: `echo: ${payload.body}` });
  }
  return { status: 204 };
}

function mainHandler(req: RecordedRequest): WebhookReply | "hang" | Promise<WebhookReply | "hang"> {
  let payload: Payload;
  try {
    payload = parsePayload(req);
  } catch {
    return { status: 400, body: "not JSON" };
  }
  const script = payload.id === undefined ? undefined : scripts.get(payload.id);
  return script ? script(payload, req) : defaultAnswer(payload);
}

let counter = 0;
/** A fresh stanza id; `script`, if given, decides the endpoint's answer to that stanza. */
function newId(prefix: string, script?: Script): string {
  const id = `${prefix}-${++counter}`;
  if (script) scripts.set(id, script);
  return id;
}

/** Sends a message; returns its id. */
async function sendMessage(
  client: TestClient,
  to: string,
  body: string | undefined,
  script?: Script,
  attrs: Record<string, string> = { type: "chat" },
): Promise<string> {
  const id = newId("m", script);
  await client.send(xml("message", { to, id, ...attrs }, body === undefined ? undefined : xml("body", {}, body)));
  return id;
}

/** Sends an iq with one child; returns its id. */
async function sendIq(client: TestClient, to: string, type: string, child: Element | undefined, script?: Script): Promise<string> {
  const id = newId("iq", script);
  await client.send(xml("iq", { to, id, type }, child));
  return id;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The first request to `webhook` whose payload matches, waiting for it if needed. */
async function requestMatching(webhook: WebhookServer, predicate: (p: Payload) => boolean, timeoutMs = 5000): Promise<{ req: RecordedRequest; payload: Payload }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const req of webhook.requests) {
      let payload: Payload;
      try {
        payload = parsePayload(req);
      } catch {
        continue;
      }
      if (predicate(payload)) return { req, payload };
    }
    if (Date.now() > deadline) throw new Error(`no matching request to ${webhook.url} within ${timeoutMs} ms`);
    await sleep(20);
  }
}

function requestsMatching(webhook: WebhookServer, predicate: (p: Payload) => boolean): Payload[] {
  return webhook.requests.map(parsePayload).filter(predicate);
}

/** The stanza with this id (error replies keep the original's id). */
function stanzaWithId(client: TestClient, id: string, timeoutMs?: number): Promise<Element> {
  return client.nextStanza((el) => el.attrs.id === id, timeoutMs);
}

/** The next message with this body. */
function messageWithBody(client: TestClient, body: string, timeoutMs?: number): Promise<Element> {
  return client.nextStanza((el) => el.is("message") && el.getChildText("body") === body, timeoutMs);
}

/** Type and defined condition of an error stanza. */
function errorOf(el: Element): { stanza: string; type: string | undefined; condition: string | undefined } {
  const error = el.getChild("error");
  const condition = error?.getChildElements().find((c) => c.attrs.xmlns === STANZAS_NS && c.name !== "text");
  return { stanza: `${el.name}/${el.attrs.type}`, type: error?.attrs.type, condition: condition?.name };
}

/** Waits for the error answering `id` and checks it. */
async function expectError(client: TestClient, id: string, type: string, condition: string, kind = "message"): Promise<Element> {
  const el = await stanzaWithId(client, id);
  expect(errorOf(el)).toEqual({ stanza: `${kind}/error`, type, condition });
  return el;
}

function domainOf(address: string | undefined): string {
  return (address ?? "").replace(/^[^@/]*@/, "").replace(/\/.*$/, "");
}

/** Resolves once something listens on 127.0.0.1:port. */
async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const sock = net.connect({ host: "127.0.0.1", port });
      sock.once("connect", () => {
        sock.destroy();
        resolve(true);
      });
      sock.once("error", () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listening on port ${port} after ${timeoutMs} ms`);
    await sleep(50);
  }
}

function startBot(command: string, args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(command, args, { cwd: EXAMPLES, env: { ...process.env, ...env }, stdio: "ignore" });
  bots.push(child);
  return child;
}

function signatureOf(body: Buffer, secret: string): string {
  return "sha256=" + createHmac("sha256", secret).update(body).digest("hex");
}

/**
 * An endpoint answering without Content-Length, the body delimited by closing
 * the connection and sent in several packets (as PHP's built-in server does).
 */
async function startCloseDelimitedEndpoint(reply: string): Promise<net.Server> {
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
  await new Promise<void>((resolve) => endpoint.listen(0, "127.0.0.1", () => resolve()));
  return endpoint;
}

function portOf(srv: net.Server): number {
  const addr = srv.address();
  if (addr === null || typeof addr === "string") throw new Error("unexpected server address");
  return addr.port;
}

function component(domain: string, config: string) {
  return { domain, module: "component_http", config };
}

beforeAll(async () => {
  hook = await startWebhookServer(mainHandler);
  signedHook = await startWebhookServer((req) => {
    // A verifying endpoint: refuses anything not signed with SECRET.
    if (req.headers["x-prosody-signature"] !== signatureOf(req.body, SECRET)) return { status: 401 };
    return defaultAnswer(parsePayload(req));
  });
  boundedHook = await startWebhookServer();
  closeDelimited = await startCloseDelimitedEndpoint(JSON.stringify({ body: "read to the end ✓ " + "x".repeat(20_000) }));
  const [closedPort, phpPort, nodePort, pythonPort] = (await freePorts(4)) as [number, number, number, number];
  Object.assign(botPorts, { php: phpPort, node: nodePort, python: pythonPort });
  if (HAS_PHP) startBot("php", ["-S", `127.0.0.1:${phpPort}`, "echo.php"], {});
  startBot(process.execPath, ["echo.mjs"], { PORT: String(nodePort), SECRET: BOT_SECRET });
  startBot("python3", ["echo.py"], { PORT: String(pythonPort), SECRET: BOT_SECRET });

  const url = (u: string) => `component_post_url = ${luaString(u)}`;
  server = await startProsody({
    name: "component_http",
    globalConfig: 'statistics = "internal"\nstatistics_interval = "manual"',
    users: [["alice", "alice-pw"], ["carol", "carol-pw"], ["dave", "dave-pw"], ["erin", "erin-pw"]],
    components: [
      component("bot.localhost", url(hook.url)),
      component("all.localhost", `${url(hook.url)}\n  component_post_stanzas = { "message", "iq", "presence" }`),
      component("legacy.localhost", `${url(hook.url)}\n  post_stanza_types = { "iq" }`),
      component("slow.localhost", `${url(hook.url)}\n  component_post_timeout = 1`),
      component("bounded.localhost", `${url(boundedHook.url)}\n  component_post_max_inflight = 2\n  component_post_max_queue = 2`),
      component("signed.localhost", `${url(signedHook.url)}\n  component_post_secret = ${luaString(SECRET)}`),
      component("down.localhost", `${url(`http://127.0.0.1:${closedPort}/`)}\n  component_post_timeout = 2`),
      component(
        "defaults.localhost",
        [
          url(hook.url),
          "  component_post_timeout = 0",
          "  component_post_max_inflight = -3",
          '  component_post_stanzas = { "message", "bogus" }',
          '  post_stanza_types = { "iq" }',
        ].join("\n"),
      ),
      component("close.localhost", url(`http://127.0.0.1:${portOf(closeDelimited)}/`)),
      component("nourl.localhost", ""),
      component("badurl.localhost", url("ftp://127.0.0.1/hook")),
      component("php.localhost", url(`http://127.0.0.1:${phpPort}/`)),
      component("node.localhost", `${url(`http://127.0.0.1:${nodePort}/`)}\n  component_post_secret = ${luaString(BOT_SECRET)}`),
      component("nodebad.localhost", `${url(`http://127.0.0.1:${nodePort}/`)}\n  component_post_secret = "not the bot's secret"`),
      component("python.localhost", `${url(`http://127.0.0.1:${pythonPort}/`)}\n  component_post_secret = ${luaString(BOT_SECRET)}`),
      component("pythonbad.localhost", `${url(`http://127.0.0.1:${pythonPort}/`)}`),
    ],
  });
  [alice, carol, dave, erin] = await Promise.all([
    connectClient(server, "alice", "alice-pw", "desk"),
    connectClient(server, "carol", "carol-pw", "phone"),
    connectClient(server, "dave", "dave-pw", "lab"),
    connectClient(server, "erin", "erin-pw", "home"),
  ]);
  await Promise.all([
    HAS_PHP ? waitForPort(phpPort) : Promise.resolve(),
    waitForPort(nodePort),
    waitForPort(pythonPort),
  ]);
});

/** The one error line a component without component_post_url must log. */
const expectedProblem = (line: string): boolean => line.includes("component_post_url");

afterAll(async () => {
  await Promise.all([alice, carol, dave, erin].map((c) => c?.stop()));
  await server?.stop();
  for (const bot of bots) bot.kill();
  await Promise.all([hook, signedHook, boundedHook].map((h) => h?.close()));
  await new Promise((resolve) => closeDelimited?.close(resolve));
  expect((server?.problems() ?? []).filter((line) => !expectedProblem(line))).toEqual([]);
});

describe("the request", () => {
  it("POSTs JSON with to, from, kind, stanza, body, type and id", async () => {
    const id = await sendMessage(alice, "echo@bot.localhost", "hello there ✓");
    await messageWithBody(alice, "echo: hello there ✓");
    const { req, payload } = await requestMatching(hook, (p) => p.id === id);
    expect(req.method).toBe("POST");
    expect(req.url).toBe("/hook");
    expect(req.headers["content-type"]).toBe("application/json");
    expect(req.headers["accept"]).toBe("application/json");
    expect(req.headers["x-prosody-signature"]).toBeUndefined();
    const { stanza, ...rest } = payload;
    expect(rest).toEqual({
      to: "echo@bot.localhost",
      from: alice.jid,
      kind: "message",
      body: "hello there ✓",
      type: "chat",
      id,
    });
    expect(stanza).toMatch(/^<message /);
    expect(stanza).toContain(`id='${id}'`);
    expect(stanza).toContain(`from='${alice.jid}'`);
    expect(stanza).toContain("<body>hello there ✓</body>");
  });

  it("leaves out body, type and id when the stanza has none", async () => {
    await alice.send(xml("message", { to: "nobody@bot.localhost" }, xml("x", { xmlns: "urn:example:nothing" })));
    const { payload } = await requestMatching(hook, (p) => p.to === "nobody@bot.localhost");
    expect(Object.keys(payload).sort()).toEqual(["from", "kind", "stanza", "to"]);
    expect(payload.from).toBe(alice.jid);
    expect(payload.kind).toBe("message");
    expect(payload.stanza).toContain("urn:example:nothing");
    // 204 from the default answer: nothing comes back.
    await alice.expectNoStanza((el) => el.attrs.from === "nobody@bot.localhost", 300);
  });

  it("leaves out body for a message without one, keeping type and id", async () => {
    const id = await sendMessage(alice, "echo@bot.localhost", undefined);
    const { payload } = await requestMatching(hook, (p) => p.id === id);
    expect(payload).not.toHaveProperty("body");
    expect(payload.type).toBe("chat");
  });

  it.each([["bot.localhost"], ["someone@bot.localhost"], ["someone@bot.localhost/some resource"]])(
    "forwards stanzas addressed to %s",
    async (to) => {
      const id = await sendMessage(alice, to, `to ${to}`);
      const reply = await messageWithBody(alice, `echo: to ${to}`);
      expect(reply.attrs.from).toBe(to);
      expect((await requestMatching(hook, (p) => p.id === id)).payload.to).toBe(to);
    },
  );
});

describe("the seed README's examples", () => {
  const phpTitle = HAS_PHP
    ? "the PHP echo bot works as written (php -S 127.0.0.1:PORT echo.php)"
    : "the PHP echo bot (SKIPPED: php is not installed, the seed README's PHP example was not run)";
  it.skipIf(!HAS_PHP)(phpTitle, async () => {
    await sendMessage(alice, "echo@php.localhost", "hi PHP");
    const reply = await messageWithBody(alice, "Did you say hi PHP?");
    expect(reply.attrs.from).toBe("echo@php.localhost");
    expect(reply.attrs.to).toBe(alice.jid);
    expect(reply.attrs.type).toBe("chat");
  });

  it.each([
    ["Node", "node"],
    ["Python", "python"],
  ] as const)("the %s echo bot answers signed requests", async (_name, bot) => {
    await sendMessage(alice, `echo@${bot}.localhost`, `hi ${bot}`);
    const reply = await messageWithBody(alice, `Did you say hi ${bot}?`);
    expect(reply.attrs.from).toBe(`echo@${bot}.localhost`);
  });

  it.each([
    ["Node", "node"],
    ["Python", "python"],
  ] as const)("the %s echo bot refuses a wrong or missing signature (auth/not-authorized)", async (_name, bot) => {
    const id = await sendMessage(alice, `echo@${bot}bad.localhost`, "unsigned or badly signed");
    await expectError(alice, id, "auth", "not-authorized");

    const body = JSON.stringify({ to: `${bot}.localhost`, from: alice.jid, kind: "message", stanza: "<message/>", body: "x" });
    const base = `http://127.0.0.1:${botPorts[bot]}`;
    const post = (signature: string) =>
      httpRequest(base, { path: "/", body, headers: { "Content-Type": "application/json", "X-Prosody-Signature": signature } });
    expect((await post(signatureOf(Buffer.from(body), "wrong secret"))).status).toBe(401);
    expect((await post(signatureOf(Buffer.from(body + " "), BOT_SECRET))).status).toBe(401);
    const good = await post(signatureOf(Buffer.from(body), BOT_SECRET));
    expect(good.status).toBe(200);
    expect(good.json()).toEqual({ body: "Did you say x?" });
  });
});

describe("replies", () => {
  it("sends body back from the addressed JID to the sender, as chat by default", async () => {
    await sendMessage(alice, "helper@bot.localhost/r1", "defaults", () => jsonReply({ body: "default reply" }), { type: "normal" });
    const reply = await messageWithBody(alice, "default reply");
    expect(reply.attrs).toMatchObject({ from: "helper@bot.localhost/r1", to: alice.jid, type: "chat" });
    expect(reply.attrs.id).toBeTruthy();
  });

  it.each([
    [42, "42"],
    [-7, "-7"],
    [1.5, "1.5"],
    [0, "0"],
  ])("turns the number %s into text", async (value, text) => {
    await sendMessage(alice, "numbers@bot.localhost", `number ${text}`, () => jsonReply({ body: value }));
    const reply = await alice.nextStanza((el) => el.is("message") && el.attrs.from === "numbers@bot.localhost");
    expect(reply.getChildText("body")).toBe(text);
  });

  it("uses the type the endpoint gives", async () => {
    await sendMessage(alice, "echo@bot.localhost", "typed", () => jsonReply({ body: "a headline", type: "headline" }));
    expect((await messageWithBody(alice, "a headline")).attrs.type).toBe("headline");
  });

  it("sends a message without body when the endpoint gives none", async () => {
    await sendMessage(alice, "empty@bot.localhost", "empty", () => jsonReply({}));
    const reply = await alice.nextStanza((el) => el.attrs.from === "empty@bot.localhost");
    expect(reply.is("message")).toBe(true);
    expect(reply.attrs.type).toBe("chat");
    expect(reply.getChild("body")).toBeUndefined();
  });

  it("sends to an explicit to (a third party)", async () => {
    await sendMessage(alice, "relay@bot.localhost", "tell carol", () => jsonReply({ to: "carol@localhost", body: "hello carol" }));
    const message = await messageWithBody(carol, "hello carol");
    expect(message.attrs.from).toBe("relay@bot.localhost");
    await alice.expectNoStanza((el) => el.getChildText("body") === "hello carol", 300);
  });

  it.each([["bot.localhost"], ["other@bot.localhost"], ["other@bot.localhost/res"]])(
    "accepts from %s (under the component's domain)",
    async (from) => {
      await sendMessage(alice, "echo@bot.localhost", `from ${from}`, () => jsonReply({ from, body: `reply from ${from}` }));
      expect((await messageWithBody(alice, `reply from ${from}`)).attrs.from).toBe(from);
    },
  );

  it.each([["admin@localhost"], ["localhost"], ["all.localhost"], ["x@bot.localhost.evil.example"], ["x@sub.bot.localhost"]])(
    "refuses from %s: the sender gets an error, a warning is logged, nothing is sent",
    async (from) => {
      const mark = server.logMark();
      const id = await sendMessage(alice, "echo@bot.localhost", "spoof", () => jsonReply({ from, body: "spoofed" }));
      await expectError(alice, id, "cancel", "undefined-condition");
      expect(server.logSince(mark)).toMatch(new RegExp(`\\twarn\\t.*id='${id}'.*'from'`));
      await alice.expectNoStanza((el) => !el.is("iq") && (el.attrs.from === from || el.getChildText("body") === "spoofed"), 300);
    },
  );

  it("sends a message given as stanza, with to/from defaulted", async () => {
    const stanza = "<message type='headline'><subject>Note</subject><body>from the stanza</body></message>";
    await sendMessage(alice, "echo@bot.localhost", "stanza message", () => jsonReply({ stanza, body: "ignored", kind: "presence" }));
    const reply = await messageWithBody(alice, "from the stanza");
    expect(reply.attrs).toMatchObject({ from: "echo@bot.localhost", to: alice.jid, type: "headline" });
    expect(reply.getChildText("subject")).toBe("Note");
  });

  it("sends a stanza with its own to and from (under the domain)", async () => {
    const stanza = "<message xmlns='jabber:client' to='carol@localhost' from='news@bot.localhost'><body>stanza to carol</body></message>";
    await sendMessage(alice, "echo@bot.localhost", "stanza for carol", () => jsonReply({ stanza }));
    expect((await messageWithBody(carol, "stanza to carol")).attrs.from).toBe("news@bot.localhost");
  });

  it("sends a presence given as stanza", async () => {
    const stanza = "<presence><show>dnd</show><status>busy bee</status></presence>";
    await sendMessage(alice, "busy@bot.localhost", "stanza presence", () => jsonReply({ stanza }));
    const presence = await alice.nextStanza((el) => el.is("presence") && el.attrs.from === "busy@bot.localhost");
    expect(presence.getChildText("status")).toBe("busy bee");
    expect(presence.getChildText("show")).toBe("dnd");
  });

  it("sends a presence for kind presence", async () => {
    await sendMessage(alice, "kind@bot.localhost", "kind presence", () => jsonReply({ kind: "presence", type: "unavailable" }));
    const presence = await alice.nextStanza((el) => el.is("presence") && el.attrs.from === "kind@bot.localhost");
    expect(presence.attrs.type).toBe("unavailable");
  });

  it("sends an iq given as stanza", async () => {
    const stanza = "<iq type='get' id='bot-ping-1'><ping xmlns='urn:xmpp:ping'/></iq>";
    await sendMessage(alice, "pinger@bot.localhost", "stanza iq", () => jsonReply({ stanza }));
    const iq = await alice.nextStanza((el) => el.is("iq") && el.attrs.from === "pinger@bot.localhost");
    expect(iq.attrs).toMatchObject({ type: "get", id: "bot-ping-1", to: alice.jid });
    expect(iq.getChild("ping", "urn:xmpp:ping")).toBeTruthy();
  });

  it.each([["application/json; charset=utf-8"], ["Application/JSON"], ["application/json;charset=UTF-8"]])(
    "honours Content-Type %s",
    async (contentType) => {
      await sendMessage(alice, "echo@bot.localhost", `ct ${contentType}`, () => jsonReply({ body: `typed ${contentType} ✓` }, contentType));
      await messageWithBody(alice, `typed ${contentType} ✓`);
    },
  );

  it.each([
    ["100 KB", 100 * 1024],
    ["500 KB, just under the 512 KiB limit", 500 * 1024],
  ])("delivers a large reply (%s)", async (_name, size) => {
    const big = "y".repeat(size);
    await sendMessage(alice, "large@bot.localhost", "large", () => jsonReply({ body: big }));
    const reply = await alice.nextStanza((el) => el.attrs.from === "large@bot.localhost");
    expect(reply.getChildText("body")).toBe(big);
  });

  it("reads a chunked answer", async () => {
    const chunked = () => ({ status: 200, headers: { "Content-Type": "application/json", "Transfer-Encoding": "chunked" }, body: JSON.stringify({ body: "in chunks" }) });
    await sendMessage(alice, "echo@bot.localhost", "chunked", chunked);
    await messageWithBody(alice, "in chunks");
  });

  it("reads an answer without Content-Length to the end (delimited by closing, in several packets)", async () => {
    await sendMessage(alice, "echo@close.localhost", "close-delimited");
    const reply = await alice.nextStanza((el) => el.attrs.from === "echo@close.localhost");
    expect(reply.getChildText("body")).toBe("read to the end ✓ " + "x".repeat(20_000));
  });

  it.each<[string, WebhookReply]>([
    ["201 with JSON", jsonReply({ body: "no" }, "application/json", 201)],
    ["202 with JSON", jsonReply({ body: "no" }, "application/json", 202)],
    ["204", { status: 204 }],
    ["200 text/plain", { status: 200, headers: { "Content-Type": "text/plain" }, body: JSON.stringify({ body: "no" }) }],
    ["200 without Content-Type", { status: 200, body: JSON.stringify({ body: "no" }) }],
    ["200 text/json", { status: 200, headers: { "Content-Type": "text/json" }, body: JSON.stringify({ body: "no" }) }],
  ])("%s: accepted, no reply", async (_name, answer) => {
    const id = await sendMessage(alice, "quiet@bot.localhost", "anyone?", () => answer);
    await requestMatching(hook, (p) => p.id === id);
    await alice.expectNoStanza((el) => el.attrs.from === "quiet@bot.localhost" || el.attrs.id === id, 400);
  });
});

describe("HTTP errors", () => {
  it.each([
    [400, "modify", "bad-request"],
    [401, "auth", "not-authorized"],
    [402, "auth", "forbidden"],
    [403, "auth", "forbidden"],
    [404, "cancel", "item-not-found"],
    [410, "cancel", "gone"],
    [500, "cancel", "internal-server-error"],
    [501, "cancel", "feature-not-implemented"],
    [502, "cancel", "remote-server-timeout"],
    [503, "wait", "remote-server-timeout"],
    [504, "wait", "remote-server-timeout"],
    [418, "cancel", "service-unavailable"],
    [301, "cancel", "service-unavailable"],
    [429, "cancel", "service-unavailable"],
    [599, "cancel", "service-unavailable"],
  ])("HTTP %d → %s/%s", async (status, type, condition) => {
    const id = await sendMessage(alice, "echo@bot.localhost", `status ${status}`, () => jsonReply({ body: "ignored" }, "application/json", status));
    await expectError(alice, id, type, condition);
  });

  it("no answer within component_post_timeout → cancel/remote-server-timeout", async () => {
    const id = await sendMessage(alice, "echo@slow.localhost", "hang", () => "hang");
    await requestMatching(hook, (p) => p.id === id);
    await expectError(alice, id, "cancel", "remote-server-timeout");
  });

  it("an answer after the timeout is ignored", async () => {
    const late: Script = async () => {
      await sleep(1500);
      return jsonReply({ body: "too late" });
    };
    const id = await sendMessage(alice, "echo@slow.localhost", "late", late);
    await expectError(alice, id, "cancel", "remote-server-timeout");
    await alice.expectNoStanza((el) => el.attrs.from === "echo@slow.localhost", 1000);
  });

  it("endpoint down (closed port) → cancel/remote-server-timeout", async () => {
    const id = await sendMessage(alice, "echo@down.localhost", "anyone home?");
    await expectError(alice, id, "cancel", "remote-server-timeout");
  });
});

describe("garbage answers: one error reply, a warning, no traceback", () => {
  const garbage: Array<[string, WebhookReply]> = [
    ["invalid JSON", rawJson("{not json")],
    ["truncated JSON", rawJson('{"body": "abc')],
    ["an empty body", rawJson("")],
    ["a JSON array", rawJson('["body"]')],
    ["an empty JSON array", rawJson("[]")],
    ["a JSON number", rawJson("42")],
    ["a JSON string", rawJson('"hello"')],
    ["JSON null", rawJson("null")],
    ["JSON true", rawJson("true")],
    ['{"body": {}}', rawJson('{"body": {}}')],
    ['{"body": true}', rawJson('{"body": true}')],
    ['{"body": ["a"]}', rawJson('{"body": ["a"]}')],
    ['{"to": 5}', rawJson('{"to": 5, "body": "to a number"}')],
    ['{"from": 5}', rawJson('{"from": 5}')],
    ['{"type": ["chat"]}', rawJson('{"type": ["chat"]}')],
    ['{"kind": "bogus"}', rawJson('{"kind": "bogus"}')],
    ['{"kind": 1}', rawJson('{"kind": 1}')],
    ['{"stanza": "<message"}', rawJson('{"stanza": "<message"}')],
    ['{"stanza": "<foo/>"}', rawJson('{"stanza": "<foo/>"}')],
    ["{\"stanza\": \"<message xmlns='jabber:server'/>\"}", rawJson(JSON.stringify({ stanza: "<message xmlns='jabber:server'/>" }))],
    ['{"stanza": 5}', rawJson('{"stanza": 5}')],
    ["a stanza with junk after it", rawJson(JSON.stringify({ stanza: "<message><body>a</body></message><message/>" }))],
    ["a stanza with a DOCTYPE", rawJson(JSON.stringify({ stanza: "<!DOCTYPE message><message><body>a</body></message>" }))],
    ["a stanza from a foreign JID", rawJson(JSON.stringify({ stanza: "<message from='admin@localhost'><body>a</body></message>" }))],
    ['{"to": "not a jid@@"}', rawJson('{"to": "not a jid@@", "body": "x"}')],
    ['{"to": "bob@local host"}', rawJson('{"to": "bob@local host", "body": "x"}')],
    ["invalid UTF-8 bytes", rawJson(Buffer.concat([Buffer.from('{"body": "bad '), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]))],
    ["a control character in body", rawJson('{"body": "bell \\u0007"}')],
    ["a NUL character in body", rawJson('{"body": "nul \\u0000 byte"}')],
    ["a control character in stanza", rawJson(JSON.stringify({ stanza: "<message><body>\u0001</body></message>" }))],
    ["a huge body (3 MB)", rawJson(JSON.stringify({ body: "z".repeat(3 * 1024 * 1024) }))],
    ["a body just over the 512 KiB limit", rawJson(JSON.stringify({ body: "z".repeat(520 * 1024) }))],
    ["a huge chunked body (3 MB)", { status: 200, headers: { "Content-Type": "application/json", "Transfer-Encoding": "chunked" }, body: JSON.stringify({ body: "z".repeat(3 * 1024 * 1024) }) }],
    ["a huge body (11 MB, over net.http's own limit)", rawJson(JSON.stringify({ body: "z".repeat(11 * 1024 * 1024) }))],
    ['spoofed from {"from": "admin@localhost"}', rawJson('{"from": "admin@localhost", "body": "spoof"}')],
    ['{"__hash": 5}', rawJson('{"__hash": 5}')],
    ["deeply nested JSON", rawJson("[".repeat(50_000) + "]".repeat(50_000))],
    ["a deeply nested object as body", rawJson('{"body":'.repeat(50_000) + "1" + "}".repeat(50_000))],
  ];

  it.each(garbage)("%s", async (_name, answer) => {
    const mark = server.logMark();
    const id = await sendMessage(dave, "echo@bot.localhost", "garbage", () => answer);
    await expectError(dave, id, "cancel", "undefined-condition");
    const log = server.logSince(mark);
    expect(log).toMatch(new RegExp(`\\twarn\\t.*id='${id}'`));
    expect(log).not.toMatch(/traceback/i);
  });

  it("none of them got a second answer", async () => {
    await dave.expectNoStanza((el) => domainOf(el.attrs.from) === "bot.localhost", 1000);
    const fromBot = dave.received.filter((el) => domainOf(el.attrs.from) === "bot.localhost");
    expect(fromBot.length).toBe(garbage.length);
    expect(fromBot.every((el) => el.attrs.type === "error")).toBe(true);
  });
});

describe("no loops", () => {
  const errorMessage = (to: string, id: string) =>
    xml("message", { to, id, type: "error" }, xml("error", { type: "cancel" }, xml("service-unavailable", { xmlns: STANZAS_NS })));

  it.each<[string, Script]>([
    ["a JSON reply", () => jsonReply({ body: "answering an error" })],
    ["an HTTP error", () => ({ status: 500 })],
    ["garbage", () => rawJson("{oops")],
  ])("a message of type error is forwarded but never answered, even with %s", async (_name, script) => {
    const id = newId("err", script);
    await alice.send(errorMessage("loop@bot.localhost", id));
    const { payload } = await requestMatching(hook, (p) => p.id === id);
    expect(payload.type).toBe("error");
    await alice.expectNoStanza((el) => el.attrs.from === "loop@bot.localhost" || el.attrs.id === id, 500);
  });

  it("an iq result is forwarded but never answered", async () => {
    const id = await sendIq(alice, "loop@all.localhost", "result", undefined, () => jsonReply({ body: "answering a result", kind: "iq" }));
    const { payload } = await requestMatching(hook, (p) => p.id === id);
    expect(payload).toMatchObject({ kind: "iq", type: "result" });
    await alice.expectNoStanza((el) => el.attrs.from === "loop@all.localhost" || el.attrs.id === id, 500);
  });

  it("an iq error is forwarded but never answered", async () => {
    const id = newId("iqerr", () => ({ status: 500 }));
    await alice.send(xml("iq", { to: "loop@all.localhost", id, type: "error" }, xml("error", { type: "cancel" }, xml("item-not-found", { xmlns: STANZAS_NS }))));
    await requestMatching(hook, (p) => p.id === id);
    await alice.expectNoStanza((el) => el.attrs.from === "loop@all.localhost" || el.attrs.id === id, 500);
  });
});

describe("iq", () => {
  const ids: string[] = [];
  const version = () => xml("query", { xmlns: "jabber:iq:version" });

  it("answers with the endpoint's iq result, with the original id", async () => {
    const stanza = "<iq type='result' id='whatever'><query xmlns='jabber:iq:version'><name>bot</name></query></iq>";
    const id = await sendIq(alice, "all.localhost", "get", version(), () => jsonReply({ stanza }));
    ids.push(id);
    const result = await stanzaWithId(alice, id);
    expect(result.attrs).toMatchObject({ type: "result", from: "all.localhost", to: alice.jid });
    expect(result.getChild("query", "jabber:iq:version")?.getChildText("name")).toBe("bot");
    const { payload } = await requestMatching(hook, (p) => p.id === id);
    expect(payload).toMatchObject({ kind: "iq", type: "get", to: "all.localhost", from: alice.jid });
    expect(payload.stanza).toContain("jabber:iq:version");
  });

  it("answers kind iq as an empty result", async () => {
    const id = await sendIq(alice, "svc@all.localhost", "set", xml("command", { xmlns: "urn:example:cmd" }), () => jsonReply({ kind: "iq" }));
    ids.push(id);
    const result = await stanzaWithId(alice, id);
    expect(result.attrs).toMatchObject({ type: "result", from: "svc@all.localhost" });
  });

  it.each<[string, WebhookReply]>([
    ["204", { status: 204 }],
    ["200 text/plain", { status: 200, headers: { "Content-Type": "text/plain" }, body: "ok" }],
  ])("answers %s with an empty result", async (_name, answer) => {
    const id = await sendIq(alice, "svc@all.localhost", "get", version(), () => answer);
    ids.push(id);
    const result = await stanzaWithId(alice, id);
    expect(result.attrs.type).toBe("result");
    expect(result.children).toEqual([]);
  });

  it.each([
    [500, "cancel", "internal-server-error"],
    [404, "cancel", "item-not-found"],
    [503, "wait", "remote-server-timeout"],
  ])("answers HTTP %d with an iq error %s/%s", async (status, type, condition) => {
    const id = await sendIq(alice, "svc@all.localhost", "get", version(), () => ({ status }));
    ids.push(id);
    await expectError(alice, id, type, condition, "iq");
  });

  it.each<[string, WebhookReply]>([
    ["invalid JSON", rawJson("{nope")],
    ["a refused from", jsonReply({ kind: "iq", from: "admin@localhost" })],
    ["a bogus kind", jsonReply({ kind: "bogus" })],
  ])("answers %s with one iq error", async (_name, answer) => {
    const id = await sendIq(alice, "svc@all.localhost", "get", version(), () => answer);
    ids.push(id);
    await expectError(alice, id, "cancel", "undefined-condition", "iq");
  });

  it("sends a message reply and still answers the iq with a result", async () => {
    const id = await sendIq(alice, "svc@all.localhost", "set", xml("command", { xmlns: "urn:example:cmd" }), () => jsonReply({ body: "working on it" }));
    ids.push(id);
    const message = await messageWithBody(alice, "working on it");
    expect(message.attrs.from).toBe("svc@all.localhost");
    expect((await stanzaWithId(alice, id)).attrs.type).toBe("result");
  });

  it("answers an iq error reply from the endpoint as the error", async () => {
    const stanza = `<iq type='error'><error type='modify'><not-acceptable xmlns='${STANZAS_NS}'/></error></iq>`;
    const id = await sendIq(alice, "svc@all.localhost", "set", version(), () => jsonReply({ stanza }));
    ids.push(id);
    await expectError(alice, id, "modify", "not-acceptable", "iq");
  });

  it("forces the id and to of the endpoint's iq result to the request's", async () => {
    const stanza = "<iq type='result' id='other' to='carol@localhost'/>";
    const id = await sendIq(alice, "svc@all.localhost", "get", version(), () => jsonReply({ stanza }));
    ids.push(id);
    expect((await stanzaWithId(alice, id)).attrs).toMatchObject({ type: "result", to: alice.jid, from: "svc@all.localhost" });
    await carol.expectNoStanza((el) => el.is("iq") && el.attrs.from === "svc@all.localhost", 300);
  });

  it("gave exactly one answer to every iq", async () => {
    await sleep(500);
    for (const id of ids) {
      expect(alice.received.filter((el) => el.attrs.id === id).length, `answers to ${id}`).toBe(1);
    }
  });
});

describe("stanza kinds", () => {
  it("does not forward iq by default (Prosody answers service-unavailable)", async () => {
    const id = await sendIq(alice, "bot.localhost", "get", xml("ping", { xmlns: "urn:xmpp:ping" }));
    await expectError(alice, id, "cancel", "service-unavailable", "iq");
    expect(requestsMatching(hook, (p) => p.id === id)).toEqual([]);
  });

  it("honours the old option name post_stanza_types = { \"iq\" }", async () => {
    const id = await sendIq(alice, "legacy.localhost", "get", xml("ping", { xmlns: "urn:xmpp:ping" }), () => ({ status: 204 }));
    expect((await stanzaWithId(alice, id)).attrs.type).toBe("result");
    expect((await requestMatching(hook, (p) => p.id === id)).payload.kind).toBe("iq");

    // Only iq: messages to that component are not forwarded.
    const messageId = await sendMessage(alice, "echo@legacy.localhost", "not forwarded");
    await sleep(300);
    expect(requestsMatching(hook, (p) => p.id === messageId)).toEqual([]);
  });

  it("forwards iq, message and presence with component_post_stanzas", async () => {
    const id = await sendIq(alice, "all.localhost", "get", xml("ping", { xmlns: "urn:xmpp:ping" }));
    expect((await stanzaWithId(alice, id)).attrs.type).toBe("result");
    await sendMessage(alice, "echo@all.localhost", "to all");
    expect((await messageWithBody(alice, "echo: to all")).attrs.from).toBe("echo@all.localhost");
  });
});

describe("presence", () => {
  it("answers a probe with available presence from JID/default", async () => {
    await erin.send(xml("presence", { to: "bot.localhost", type: "probe" }));
    const presence = await erin.nextStanza((el) => el.is("presence") && el.attrs.from === "bot.localhost/default");
    expect(presence.attrs.type).toBeUndefined();
    await erin.send(xml("presence", { to: "news@bot.localhost", type: "probe" }));
    await erin.nextStanza((el) => el.is("presence") && el.attrs.from === "news@bot.localhost/default" && el.attrs.type === undefined);
  });

  it("answers subscribe with subscribed, then available presence", async () => {
    // Only a session that fetched its roster is told about subscription changes.
    await erin.xmpp.iqCaller.request(xml("iq", { type: "get" }, xml("query", { xmlns: "jabber:iq:roster" })));
    await erin.send(xml("presence", { to: "news@bot.localhost", type: "subscribe" }));
    await erin.nextStanza((el) => el.is("presence") && el.attrs.from === "news@bot.localhost" && el.attrs.type === "subscribed");
    await erin.nextStanza((el) => el.is("presence") && el.attrs.from === "news@bot.localhost/default" && el.attrs.type === undefined);
    const roster = await erin.xmpp.iqCaller.request(xml("iq", { type: "get" }, xml("query", { xmlns: "jabber:iq:roster" })));
    const item = roster.getChild("query", "jabber:iq:roster")?.getChildren("item").find((i) => i.attrs.jid === "news@bot.localhost");
    expect(item?.attrs.subscription).toBe("to");
  });

  it("answers unsubscribe with unavailable presence", async () => {
    await erin.send(xml("presence", { to: "news@bot.localhost", type: "unsubscribe" }));
    await erin.nextStanza((el) => el.is("presence") && el.attrs.from === "news@bot.localhost/default" && el.attrs.type === "unavailable");
  });

  it("does not forward presence by default", () => {
    expect(requestsMatching(hook, (p) => p.kind === "presence" && domainOf(p.to) === "bot.localhost")).toEqual([]);
  });

  it("forwards presence to the endpoint instead when presence is a forwarded kind", async () => {
    await erin.send(xml("presence", { to: "all.localhost", type: "probe" }));
    await erin.send(xml("presence", { to: "room@all.localhost/erin" }, xml("status", {}, "here")));
    const probe = await requestMatching(hook, (p) => p.kind === "presence" && p.to === "all.localhost");
    expect(probe.payload).toMatchObject({ type: "probe", from: erin.jid });
    const directed = await requestMatching(hook, (p) => p.kind === "presence" && p.to === "room@all.localhost/erin");
    expect(directed.payload).not.toHaveProperty("type");
    expect(directed.payload.stanza).toContain("here");
    await erin.expectNoStanza((el) => domainOf(el.attrs.from) === "all.localhost", 500);
  });
});

describe("option values", () => {
  it("replaces numbers that are not positive by the default, with a warning", async () => {
    const log = server.log();
    for (const option of ["component_post_timeout", "component_post_max_inflight"]) {
      expect(log).toMatch(new RegExp(`defaults\\.localhost:component_http\twarn\tOption '${option}' must be a positive number`));
    }
    // Still works: a timeout of 0 would fail every request, an in-flight limit of -3 queue them all.
    await sendMessage(alice, "echo@defaults.localhost", "with defaults");
    await messageWithBody(alice, "echo: with defaults");
  });

  it("ignores unknown stanza kinds with a warning", () => {
    expect(server.log()).toMatch(/defaults\.localhost:component_http\twarn\tIgnoring unknown stanza kind bogus/);
  });

  it("prefers component_post_stanzas over post_stanza_types when both are set", async () => {
    const id = await sendIq(alice, "defaults.localhost", "get", xml("ping", { xmlns: "urn:xmpp:ping" }));
    await expectError(alice, id, "cancel", "service-unavailable", "iq");
    expect(requestsMatching(hook, (p) => p.id === id)).toEqual([]);
  });
});

describe("signature", () => {
  it("signs every request with X-Prosody-Signature: sha256=<hmac of the exact body>", async () => {
    const id = await sendMessage(alice, "echo@signed.localhost", "sign this ✓ <&>");
    // The endpoint refuses bad signatures: a reply proves it verified.
    await messageWithBody(alice, "echo: sign this ✓ <&>");
    const { req } = await requestMatching(signedHook, (p) => p.id === id);
    const header = req.headers["x-prosody-signature"];
    expect(header).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(header).toBe(signatureOf(req.body, SECRET));
  });

  it("sends no signature without a secret", () => {
    expect(hook.requests.length).toBeGreaterThan(0);
    for (const req of hook.requests) expect(req.headers["x-prosody-signature"]).toBeUndefined();
  });
});

describe("concurrency bound", () => {
  it("keeps 2 in flight and 2 queued, refuses the rest with wait/resource-constraint, then delivers the queue", async () => {
    let release = (): void => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    boundedHook.setHandler(async (req) => {
      await gate;
      return defaultAnswer(parsePayload(req));
    });
    const ids: string[] = [];
    for (let i = 1; i <= 6; i++) ids.push(await sendMessage(alice, "echo@bounded.localhost", `bounded ${i}`));

    await expectError(alice, ids[4] as string, "wait", "resource-constraint");
    await expectError(alice, ids[5] as string, "wait", "resource-constraint");
    await requestMatching(boundedHook, (p) => p.id === ids[1]);
    await sleep(300);
    expect(boundedHook.requests.map((r) => parsePayload(r).id)).toEqual([ids[0], ids[1]]);

    release();
    for (let i = 1; i <= 4; i++) {
      expect((await messageWithBody(alice, `echo: bounded ${i}`)).attrs.from).toBe("echo@bounded.localhost");
    }
    // The two queued ones start together: their order of arrival is not fixed.
    expect(boundedHook.requests.map((r) => parsePayload(r).id).sort()).toEqual(ids.slice(0, 4).sort());
    await alice.expectNoStanza((el) => ids.slice(0, 4).includes(el.attrs.id ?? ""), 300);
  });
});

describe("without a usable component_post_url", () => {
  it("logs a clear error at load", () => {
    const lines = server.problems().filter(expectedProblem);
    expect(lines.some((l) => /nourl\.localhost.*component_post_url is not set/.test(l))).toBe(true);
    expect(lines.some((l) => /badurl\.localhost.*component_post_url is not an http\(s\) URL/.test(l))).toBe(true);
  });

  it.each([["nourl.localhost"], ["badurl.localhost"]])("answers stanzas to %s with cancel/service-unavailable", async (domain) => {
    const id = await sendMessage(alice, `echo@${domain}`, "configured?");
    await expectError(alice, id, "cancel", "service-unavailable");
  });
});

describe("monitoring", () => {
  it("keeps the status: connected after a good answer, the failure after a bad one", async () => {
    await sendMessage(alice, "echo@bot.localhost", "status check");
    await messageWithBody(alice, "echo: status check");
    expect(await server.shell(`module:info("component_http", "bot.localhost")`)).toContain("status: [info] Connected to the endpoint");

    await expectError(alice, await sendMessage(alice, "echo@down.localhost", "status check"), "cancel", "remote-server-timeout");
    expect(await server.shell(`module:info("component_http", "down.localhost")`)).toMatch(/status: \[warn\] Endpoint failing: connection/);
  });

  it("shows a missing or unusable component_post_url in module:list()", async () => {
    expect(await server.shell(`module:list("nourl.localhost")`)).toContain("component_http (error: component_post_url is not set");
    expect(await server.shell(`module:list("badurl.localhost")`)).toContain("component_http (error: component_post_url is not an http(s) URL");
  });

  it("counts requests by outcome and samples latency", async () => {
    const stats = await server.shell(`stats:show("mod_component_http")`);
    expect(stats).toContain("mod_component_http/webhook_requests");
    expect(stats).toContain("mod_component_http/webhook_latency");
    const seen: Array<[string, string]> = [
      ["bot.localhost", "success"],
      ["bot.localhost", "http-error"],
      ["bot.localhost", "too-large"],
      ["slow.localhost", "timeout"],
      ["down.localhost", "connection"],
      ["bounded.localhost", "queue-full"],
    ];
    for (const [host, outcome] of seen) {
      expect(stats).toMatch(new RegExp(`host=${host.replace(".", "\\.")} outcome=${outcome}\\s`));
    }
  });
});

describe("after all that", () => {
  it("still echoes", async () => {
    await sendMessage(alice, "final@bot.localhost", "last words");
    const reply = await messageWithBody(alice, "echo: last words");
    expect(reply.attrs).toMatchObject({ from: "final@bot.localhost", to: alice.jid, type: "chat" });
  });

  it("logged no errors or tracebacks besides the missing URL", () => {
    expect(server.problems().filter((line) => !expectedProblem(line))).toEqual([]);
  });
});
