// mod_component_http end to end: the circuit breaker in front of an endpoint
// that dies and comes back. While it is open no stanza waits behind the dead
// endpoint (each is answered at once); delivery resumes by itself after the
// cooldown; Retry-After pauses it. A real Prosody, a real XMPP client, a real
// HTTP endpoint stopped and restarted on its port.
import * as http from "node:http";
import type * as net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  component, expectError, jsonReply, postUrl, sendMessage, startComponentSuite, stopComponentSuite, type ComponentSuite,
} from "../harness/component_http";
import { freePorts } from "../harness/prosody";
import { sleep } from "../harness/util";
import { messageWithBody, type TestClient } from "../harness/xmpp";

/** An echo endpoint on a fixed port that can be stopped (connections refused) and started again. */
interface FlakyEndpoint {
  url: string;
  /** Requests received while up. */
  received: number;
  /** The next answer's status and headers, once; then echoes again. */
  answerOnce(status: number, headers: Record<string, string>): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

async function flakyEndpoint(): Promise<FlakyEndpoint> {
  const [port] = (await freePorts(1)) as [number];
  let server: http.Server | undefined;
  const sockets = new Set<net.Socket>();
  let once: { status: number; headers: Record<string, string> } | undefined;
  const endpoint: FlakyEndpoint = {
    url: `http://127.0.0.1:${port}/hook`,
    received: 0,
    answerOnce(status, headers) {
      once = { status, headers };
    },
    start() {
      server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.once("end", () => {
          endpoint.received++;
          if (once !== undefined) {
            res.writeHead(once.status, once.headers).end();
            once = undefined;
            return;
          }
          const payload = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { body?: string };
          const reply = jsonReply({ body: `echo: ${payload.body ?? ""}` });
          res.writeHead(reply.status, reply.headers).end(reply.body);
        });
      });
      server.on("connection", (s: net.Socket) => {
        sockets.add(s);
        s.once("close", () => sockets.delete(s));
      });
      return new Promise((resolve, reject) => {
        server!.once("error", reject);
        server!.listen(port, "127.0.0.1", () => resolve());
      });
    },
    stop() {
      return new Promise((resolve) => {
        if (server === undefined) return resolve();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
        server = undefined;
      });
    },
  };
  await endpoint.start();
  return endpoint;
}

let suite: ComponentSuite<"alice">;
let alice: TestClient;
let flaky: FlakyEndpoint;
let pausing: FlakyEndpoint;

beforeAll(async () => {
  flaky = await flakyEndpoint();
  pausing = await flakyEndpoint();
  suite = await startComponentSuite({
    name: "component_http-breaker",
    globalConfig: 'statistics = "internal"\nstatistics_interval = "manual"',
    clients: { alice: "desk" },
    components: () => [
      component(
        "flaky.localhost",
        [postUrl(flaky.url), "  component_post_breaker_failures = 2", "  component_post_breaker_cooldown = 2",
          "  component_post_breaker_max_cooldown = 3", "  component_post_timeout = 5"].join("\n"),
      ),
      component("pausing.localhost", postUrl(pausing.url)),
    ],
  });
  ({ clients: { alice } } = suite);
});

afterAll(() => stopComponentSuite(suite, { cleanup: [() => flaky?.stop(), () => pausing?.stop()] }));

/** Sends a message and waits for its echo. */
async function expectEcho(to: string, body: string): Promise<void> {
  await sendMessage(alice, to, body);
  expect((await messageWithBody(alice, `echo: ${body}`)).attrs.from).toBe(to);
}

describe("an endpoint that dies and comes back", () => {
  it("echoes while it is up", async () => {
    await expectEcho("echo@flaky.localhost", "before");
  });

  it("answers at once while it is down and the circuit is open, and resumes by itself", async () => {
    await flaky.stop();
    // Two outages (connection refused) open the breaker.
    for (const body of ["down 1", "down 2"]) {
      await expectError(alice, await sendMessage(alice, "echo@flaky.localhost", body), "cancel", "remote-server-timeout");
    }
    expect(await suite.server.shell(`module:info("component_http", "flaky.localhost")`)).toMatch(/Endpoint failing: .*circuit open/);

    // Open: a burst is answered at once, none waits for the timeout (5 s) or a connection attempt.
    const started = Date.now();
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push(await sendMessage(alice, "echo@flaky.localhost", `while open ${i}`));
    for (const id of ids) await expectError(alice, id, "wait", "remote-server-timeout");
    expect(Date.now() - started).toBeLessThan(900);

    // Back up: after the cooldown (2 s with jitter: 1.6 to 2.4 s) the next stanza is the probe, and it gets through.
    await flaky.start();
    await sleep(2500);
    const before = flaky.received;
    await expectEcho("echo@flaky.localhost", "after");
    expect(flaky.received).toBe(before + 1);
    await expectEcho("echo@flaky.localhost", "after again");
    expect(await suite.server.shell(`module:info("component_http", "flaky.localhost")`)).toContain("status: [info] Connected to the endpoint");
  });

  it("shows the breaker in the metrics", async () => {
    const stats = await suite.server.shell(`stats:show("mod_component_http")`);
    expect(stats).toContain("mod_component_http/webhook_breaker");
    expect(stats).toMatch(/host=flaky\.localhost outcome=circuit-open\s/);
  });
});

describe("Retry-After", () => {
  it("pauses delivery for the seconds a 503 asks, then resumes", async () => {
    await expectEcho("echo@pausing.localhost", "first");
    pausing.answerOnce(503, { "Retry-After": "2" });
    await expectError(alice, await sendMessage(alice, "echo@pausing.localhost", "busy"), "wait", "remote-server-timeout");
    const received = pausing.received;
    await expectError(alice, await sendMessage(alice, "echo@pausing.localhost", "paused"), "wait", "remote-server-timeout");
    expect(pausing.received).toBe(received);
    await sleep(2100);
    await expectEcho("echo@pausing.localhost", "resumed");
  });
});

describe("after all that", () => {
  it("logged no errors or tracebacks", () => {
    expect(suite.server.problems()).toEqual([]);
  });
});
