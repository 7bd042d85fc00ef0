// mod_rest end to end: the echo bots of examples/mod_rest/ (Python standard
// library and Node, written as webhooks) behind a real Prosody with mod_rest
// as a Component, talking to a real XMPP client.
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { httpRequest } from "../harness/http";
import { freePorts, luaString, REPO_ROOT } from "../harness/prosody";
import { restComponent } from "../harness/rest";
import { startSuite, stopSuite, withPasswords, type Suite } from "../harness/suite";
import { waitForPort } from "../harness/util";
import { signatureOf } from "../harness/webhook";
import { errorOf, messageWithBody, stanzaWithId, xml, type TestClient } from "../harness/xmpp";

const EXAMPLES = path.join(REPO_ROOT, "examples", "mod_rest");
const BOT_SECRET = "bot-secret";
// The Standard Webhooks secret of a second Python and Node bot, and one they do not know.
const BOT_WHSEC = `whsec_${Buffer.from("the echo bots' standard key 32 B").toString("base64")}`;
const OTHER_WHSEC = `whsec_${Buffer.from("a key the echo bots do not know!").toString("base64")}`;
const bots: ChildProcess[] = [];
const botPorts = { python: 0, node: 0, pythonstd: 0, nodestd: 0 };
let suite: Suite<"alice">;
let alice: TestClient;

/** A mod_rest Component posting JSON to a bot, signed with `secret`. */
const botComponent = (domain: string, port: number, secret: string) =>
  restComponent(domain, null, [
    `  rest_callback_url = ${luaString(`http://127.0.0.1:${port}/`)}`,
    '  rest_callback_content_type = "application/json"',
    `  rest_callback_secret = ${luaString(secret)}`,
  ].join("\n"));

/** The same, signed with Standard Webhooks headers under `secrets` (and no legacy secret). */
const standardBotComponent = (domain: string, port: number, secrets: string[]) =>
  restComponent(domain, null, [
    `  rest_callback_url = ${luaString(`http://127.0.0.1:${port}/`)}`,
    '  rest_callback_content_type = "application/json"',
    `  rest_callback_webhook_secret = { ${secrets.map(luaString).join(", ")} }`,
  ].join("\n"));

beforeAll(async () => {
  const [pythonPort, nodePort, pythonStdPort, nodeStdPort] = (await freePorts(4)) as [number, number, number, number];
  Object.assign(botPorts, { python: pythonPort, node: nodePort, pythonstd: pythonStdPort, nodestd: nodeStdPort });
  const env = (port: number) => ({ ...process.env, PORT: String(port), SECRET: BOT_SECRET });
  bots.push(spawn("python3", ["echo.py"], { cwd: EXAMPLES, env: env(pythonPort), stdio: "ignore" }));
  bots.push(spawn(process.execPath, ["echo.mjs"], { cwd: EXAMPLES, env: env(nodePort), stdio: "ignore" }));
  const stdEnv = (port: number) => ({ ...process.env, PORT: String(port), SECRET: BOT_WHSEC });
  bots.push(spawn("python3", ["echo.py"], { cwd: EXAMPLES, env: stdEnv(pythonStdPort), stdio: "ignore" }));
  bots.push(spawn(process.execPath, ["echo.mjs"], { cwd: EXAMPLES, env: stdEnv(nodeStdPort), stdio: "ignore" }));
  // Up before Prosody: mod_rest probes the URL with OPTIONS when it loads.
  await Promise.all([waitForPort(pythonPort), waitForPort(nodePort), waitForPort(pythonStdPort), waitForPort(nodeStdPort)]);
  suite = await startSuite({
    name: "rest-examples",
    users: withPasswords("alice"),
    clients: { alice: "desk" },
    components: [
      botComponent("python.localhost", pythonPort, BOT_SECRET),
      botComponent("node.localhost", nodePort, BOT_SECRET),
      botComponent("pythonbad.localhost", pythonPort, "not the bot's secret"),
      botComponent("nodebad.localhost", nodePort, "not the bot's secret"),
      // Rotation: the bots know only the second secret.
      standardBotComponent("pythonstd.localhost", pythonStdPort, [OTHER_WHSEC, BOT_WHSEC]),
      standardBotComponent("nodestd.localhost", nodeStdPort, [OTHER_WHSEC, BOT_WHSEC]),
      standardBotComponent("pythonstdbad.localhost", pythonStdPort, [OTHER_WHSEC]),
      standardBotComponent("nodestdbad.localhost", nodeStdPort, [OTHER_WHSEC]),
    ],
  });
  ({ clients: { alice } } = suite);
});

afterAll(() => stopSuite(suite, { cleanup: bots.map((bot) => () => bot.kill()) }));

describe.each([
  ["Python", "python"],
  ["Node", "node"],
] as const)("the %s echo bot", (_name, bot) => {
  it("answers a chat message with the same body, from the address written to", async () => {
    const body = `hello ${bot} ✓`;
    await alice.send(xml("message", { to: `echo@${bot}.localhost`, type: "chat", id: `${bot}-1` }, xml("body", {}, body)));
    const reply = await messageWithBody(alice, body);
    expect(reply.attrs.from).toBe(`echo@${bot}.localhost`);
    expect(reply.attrs.to).toBe(alice.jid);
    expect(reply.attrs.type).toBe("chat");
  });

  it("answers a normal message too, and says nothing to a message without a body", async () => {
    await alice.send(xml("message", { to: `bot@${bot}.localhost`, type: "normal" }, xml("body", {}, `normal ${bot}`)));
    expect((await messageWithBody(alice, `normal ${bot}`)).attrs.type).toBe("normal");
    await alice.send(xml("message", { to: `bot@${bot}.localhost`, type: "chat" }, xml("active", { xmlns: "http://jabber.org/protocol/chatstates" })));
    await alice.expectNoStanza((el) => el.is("message") && el.attrs.from === `bot@${bot}.localhost`, 500);
  });

  it("accepts an iq with 204: the sender gets an empty result", async () => {
    const id = `${bot}-iq`;
    await alice.send(xml("iq", { to: `echo@${bot}.localhost`, type: "get", id }, xml("query", { xmlns: "jabber:iq:version" })));
    const reply = await stanzaWithId(alice, id);
    expect(reply.attrs.type).toBe("result");
  });

  it("refuses a wrong signature: the sender gets auth/not-authorized", async () => {
    const id = `${bot}-bad`;
    await alice.send(xml("message", { to: `echo@${bot}bad.localhost`, type: "chat", id }, xml("body", {}, "unsigned")));
    expect(errorOf(await stanzaWithId(alice, id))).toEqual({ stanza: "message/error", type: "auth", condition: "not-authorized" });
  });

  it("over HTTP: answers the OPTIONS probe with Accept: application/json, and checks the signature of the exact body", async () => {
    const base = `http://127.0.0.1:${botPorts[bot]}`;
    const probe = await httpRequest(base, { method: "OPTIONS", path: "/" });
    expect(probe.status).toBe(200);
    expect(probe.headers["accept"]).toBe("application/json");
    const body = JSON.stringify({ kind: "message", type: "chat", from: "juliet@localhost/balcony", to: `echo@${bot}.localhost`, body: "x" });
    const post = (signature: string) =>
      httpRequest(base, { path: "/", body, headers: { "Content-Type": "application/json", "X-Prosody-Signature": signature } });
    expect((await post(signatureOf(body, "wrong secret"))).status).toBe(401);
    expect((await post(signatureOf(body + " ", BOT_SECRET))).status).toBe(401);
    const good = await post(signatureOf(body, BOT_SECRET));
    expect(good.status).toBe(200);
    expect(good.json()).toEqual({ kind: "message", type: "chat", body: "x" });
  });
});

describe.each([
  ["Python", "pythonstd"],
  ["Node", "nodestd"],
] as const)("the %s echo bot with a whsec_ secret", (_name, bot) => {
  it("answers requests carrying a valid Standard Webhooks signature and refuses others", async () => {
    const body = `hello ${bot} ✓`;
    await alice.send(xml("message", { to: `echo@${bot}.localhost`, type: "chat", id: `${bot}-1` }, xml("body", {}, body)));
    expect((await messageWithBody(alice, body)).attrs.from).toBe(`echo@${bot}.localhost`);
    const id = `${bot}-bad`;
    await alice.send(xml("message", { to: `echo@${bot}bad.localhost`, type: "chat", id }, xml("body", {}, "other key")));
    expect(errorOf(await stanzaWithId(alice, id))).toEqual({ stanza: "message/error", type: "auth", condition: "not-authorized" });
  });

  it("over HTTP: checks the signature, the exact body and a timestamp within 5 minutes", async () => {
    const base = `http://127.0.0.1:${botPorts[bot]}`;
    const body = JSON.stringify({ kind: "message", type: "chat", from: "juliet@localhost/balcony", to: `echo@${bot}.localhost`, body: "x" });
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
    expect((await post(BOT_WHSEC, 6 * 60)).status).toBe(401);
    const good = await post(BOT_WHSEC, 60);
    expect(good.status).toBe(200);
    expect(good.json()).toEqual({ kind: "message", type: "chat", body: "x" });
  });
});
