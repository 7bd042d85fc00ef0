// mod_component_http end to end: failing endpoints (HTTP errors, timeouts,
// garbage answers, a missing URL), the concurrency bound, and the status and
// metrics that report them. A real Prosody, real XMPP clients, real webhook
// endpoints.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  component, defaultAnswer, expectError, jsonReply, parsePayload, postUrl, rawJson, requestMatching, sendMessage,
  startComponentSuite, stopComponentSuite, type ComponentSuite, type Script,
} from "../harness/component_http";
import { freePorts, type ProsodyServer } from "../harness/prosody";
import { sleep } from "../harness/util";
import { startWebhookServer, type WebhookReply, type WebhookServer } from "../harness/webhook";
import { domainOf, messageWithBody, type TestClient } from "../harness/xmpp";

let suite: ComponentSuite<"alice" | "dave">;
let server: ProsodyServer;
let alice: TestClient; // most tests
let dave: TestClient; // garbage answers only
let hook: WebhookServer; // bot, slow
let boundedHook: WebhookServer;

/** The one error line a component without component_post_url must log. */
const expectedProblem = (line: string): boolean => line.includes("component_post_url");

beforeAll(async () => {
  boundedHook = await startWebhookServer();
  const [closedPort] = (await freePorts(1)) as [number];
  suite = await startComponentSuite({
    name: "component_http-failures",
    globalConfig: 'statistics = "internal"\nstatistics_interval = "manual"',
    clients: { alice: "desk", dave: "lab" },
    components: (url) => [
      component("bot.localhost", postUrl(url)),
      component("slow.localhost", `${postUrl(url)}\n  component_post_timeout = 1`),
      component("bounded.localhost", `${postUrl(boundedHook.url)}\n  component_post_max_inflight = 2\n  component_post_max_queue = 2`),
      component("down.localhost", `${postUrl(`http://127.0.0.1:${closedPort}/`)}\n  component_post_timeout = 2`),
      component("nourl.localhost", ""),
      component("badurl.localhost", postUrl("ftp://127.0.0.1/hook")),
    ],
  });
  ({ server, hook, clients: { alice, dave } } = suite);
});

afterAll(() => stopComponentSuite(suite, { expected: expectedProblem, cleanup: [() => boundedHook?.close()] }));

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
