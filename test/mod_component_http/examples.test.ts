// mod_component_http end to end: the PHP, Node and Python echo bots of the
// seed README (examples/component_http/) behind a real Prosody.
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  component, expectError, HAS_PHP, postUrl, sendMessage, startExampleBot,
} from "../harness/component_http";
import { httpRequest } from "../harness/http";
import { freePorts, luaString } from "../harness/prosody";
import { startSuite, stopSuite, withPasswords, type Suite } from "../harness/suite";
import { waitForPort } from "../harness/util";
import { signatureOf } from "../harness/webhook";
import { messageWithBody, type TestClient } from "../harness/xmpp";
import { Webhook } from "standardwebhooks";

const BOT_SECRET = "bot-secret";
// The Standard Webhooks secret of the second Node and Python bots, and another one.
const BOT_WHSEC = `whsec_${Buffer.from("the echo bots' standard key 32 B").toString("base64")}`;
const OTHER_WHSEC = `whsec_${Buffer.from("a key the echo bots do not know!").toString("base64")}`;
const bots: ChildProcess[] = [];
const botPorts = { php: 0, node: 0, python: 0, nodestd: 0, pythonstd: 0 };
let suite: Suite<"alice">;
let alice: TestClient;

beforeAll(async () => {
  const [phpPort, nodePort, pythonPort, nodeStdPort, pythonStdPort] = (await freePorts(5)) as [number, number, number, number, number];
  Object.assign(botPorts, { php: phpPort, node: nodePort, python: pythonPort, nodestd: nodeStdPort, pythonstd: pythonStdPort });
  bots.push(startExampleBot(process.execPath, ["echo.mjs"], { PORT: String(nodeStdPort), SECRET: BOT_WHSEC }));
  bots.push(startExampleBot("python3", ["echo.py"], { PORT: String(pythonStdPort), SECRET: BOT_WHSEC }));
  if (HAS_PHP) bots.push(startExampleBot("php", ["-S", `127.0.0.1:${phpPort}`, "echo.php"], {}));
  bots.push(startExampleBot(process.execPath, ["echo.mjs"], { PORT: String(nodePort), SECRET: BOT_SECRET }));
  bots.push(startExampleBot("python3", ["echo.py"], { PORT: String(pythonPort), SECRET: BOT_SECRET }));
  const secret = (s: string) => `\n  component_post_secret = ${luaString(s)}`;
  const whsecs = (...list: string[]) => `\n  component_post_webhook_secret = { ${list.map(luaString).join(", ")} }`;
  suite = await startSuite({
    name: "component_http-examples",
    users: withPasswords("alice"),
    clients: { alice: "desk" },
    components: [
      component("php.localhost", postUrl(`http://127.0.0.1:${phpPort}/`)),
      component("node.localhost", postUrl(`http://127.0.0.1:${nodePort}/`) + secret(BOT_SECRET)),
      component("nodebad.localhost", postUrl(`http://127.0.0.1:${nodePort}/`) + secret("not the bot's secret")),
      component("python.localhost", postUrl(`http://127.0.0.1:${pythonPort}/`) + secret(BOT_SECRET)),
      component("pythonbad.localhost", postUrl(`http://127.0.0.1:${pythonPort}/`)),
      // Rotation: the bots know only the second secret.
      component("nodestd.localhost", postUrl(`http://127.0.0.1:${nodeStdPort}/`) + whsecs(OTHER_WHSEC, BOT_WHSEC)),
      component("nodestdbad.localhost", postUrl(`http://127.0.0.1:${nodeStdPort}/`) + whsecs(OTHER_WHSEC) + secret(BOT_WHSEC)),
      component("pythonstd.localhost", postUrl(`http://127.0.0.1:${pythonStdPort}/`) + whsecs(OTHER_WHSEC, BOT_WHSEC)),
      component("pythonstdbad.localhost", postUrl(`http://127.0.0.1:${pythonStdPort}/`) + whsecs(OTHER_WHSEC)),
    ],
  });
  ({ clients: { alice } } = suite);
  await Promise.all([HAS_PHP ? waitForPort(phpPort) : Promise.resolve(), waitForPort(nodePort), waitForPort(pythonPort),
    waitForPort(nodeStdPort), waitForPort(pythonStdPort)]);
});

afterAll(() => stopSuite(suite, { cleanup: bots.map((bot) => () => bot.kill()) }));

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

  it.each([
    ["Node", "nodestd"],
    ["Python", "pythonstd"],
  ] as const)("the %s echo bot with a whsec_ secret verifies the Standard Webhooks headers", async (_name, bot) => {
    await sendMessage(alice, `echo@${bot}.localhost`, `hi ${bot}`);
    const reply = await messageWithBody(alice, `Did you say hi ${bot}?`);
    expect(reply.attrs.from).toBe(`echo@${bot}.localhost`);
    const id = await sendMessage(alice, `echo@${bot}bad.localhost`, "signed with a key the bot does not know");
    await expectError(alice, id, "auth", "not-authorized");

    const body = JSON.stringify({ to: `${bot}.localhost`, from: alice.jid, kind: "message", stanza: "<message/>", body: "x" });
    const base = `http://127.0.0.1:${botPorts[bot]}`;
    const post = (secret: string, ageSeconds: number, signedBody = body) => {
      const at = new Date(Date.now() - ageSeconds * 1000);
      const headers = {
        "Content-Type": "application/json",
        "webhook-id": "msg_test",
        "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
        // The standardwebhooks library signs, as Prosody does.
        "webhook-signature": new Webhook(secret).sign("msg_test", at, signedBody),
      };
      return httpRequest(base, { path: "/", body, headers });
    };
    expect((await post(OTHER_WHSEC, 0)).status).toBe(401);
    expect((await post(BOT_WHSEC, 0, body + " ")).status).toBe(401);
    expect((await post(BOT_WHSEC, 6 * 60)).status).toBe(401); // beyond the 5 minutes of tolerance
    expect((await post(BOT_WHSEC, -6 * 60)).status).toBe(401);
    const good = await post(BOT_WHSEC, 60);
    expect(good.status).toBe(200);
    expect(good.json()).toEqual({ body: "Did you say x?" });
    // The legacy header alone does not pass a bot with a whsec_ secret.
    const legacy = await httpRequest(base, {
      path: "/", body, headers: { "Content-Type": "application/json", "X-Prosody-Signature": signatureOf(Buffer.from(body), BOT_WHSEC) },
    });
    expect(legacy.status).toBe(401);
  });
});
