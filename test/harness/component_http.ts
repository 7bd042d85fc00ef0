// mod_component_http test kit: the JSON the module POSTs, a webhook handler
// scripted per stanza id, stanzas to send and the requests and errors to
// expect. Uses vitest's expect: for test files only.

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import { expect } from "vitest";
import { luaString, REPO_ROOT, type ComponentOptions, type ProsodyOptions } from "./prosody.js";
import { startSuite, stopSuite, withPasswords, type StopOptions, type Suite } from "./suite.js";
import { sleep } from "./util.js";
import { startWebhookServer, type RecordedRequest, type WebhookReply, type WebhookServer } from "./webhook.js";
import { errorOf, stanzaWithId, xml, type Element, type TestClient } from "./xmpp.js";

/** The seed README's echo bots (PHP, Node, Python). */
export const EXAMPLES = path.join(REPO_ROOT, "examples", "component_http");
export const HAS_PHP = spawnSync("php", ["--version"], { stdio: "ignore" }).status === 0;

/** The JSON object POSTed by the module. */
export interface Payload {
  to: string;
  from: string;
  kind: string;
  stanza: string;
  body?: string;
  type?: string;
  id?: string;
}

export type Script = (payload: Payload, req: RecordedRequest) => WebhookReply | "hang" | Promise<WebhookReply | "hang">;

/** A Component block running mod_component_http with these Lua lines. */
export function component(domain: string, config: string): ComponentOptions {
  return { domain, module: "component_http", config };
}

/** The component_post_url line for a URL. */
export const postUrl = (url: string): string => `component_post_url = ${luaString(url)}`;

export function parsePayload(req: RecordedRequest): Payload {
  return JSON.parse(req.text) as Payload;
}

/** A 200 JSON answer (or another content type / status). */
export function jsonReply(value: unknown, contentType = "application/json", status = 200): WebhookReply {
  return { status, headers: { "Content-Type": contentType }, body: JSON.stringify(value) };
}

/** A 200 answer with these exact bytes, labelled as JSON. */
export function rawJson(body: string | Buffer): WebhookReply {
  return { status: 200, headers: { "Content-Type": "application/json" }, body };
}

/** What an endpoint answers by default: an echo of a message's body, else 204. */
export function defaultAnswer(payload: Payload): WebhookReply {
  if (payload.kind === "message" && payload.body !== undefined) {
    return jsonReply({ body: `echo: ${payload.body}` });
  }
  return { status: 204 };
}

/** Answers scripted per stanza id (see newId); anything else gets the default echo. */
const scripts = new Map<string, Script>();

/** A webhook handler: the script registered for the stanza's id, or the default answer. */
export function scriptedAnswer(req: RecordedRequest): WebhookReply | "hang" | Promise<WebhookReply | "hang"> {
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
export function newId(prefix: string, script?: Script): string {
  const id = `${prefix}-${++counter}`;
  if (script) scripts.set(id, script);
  return id;
}

/** Sends a message; returns its id. */
export async function sendMessage(
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
export async function sendIq(client: TestClient, to: string, type: string, child: Element | undefined, script?: Script): Promise<string> {
  const id = newId("iq", script);
  await client.send(xml("iq", { to, id, type }, child));
  return id;
}

/** The first request to `webhook` whose payload matches, waiting for it if needed. */
export async function requestMatching(
  webhook: WebhookServer,
  predicate: (p: Payload) => boolean,
  timeoutMs = 5000,
): Promise<{ req: RecordedRequest; payload: Payload }> {
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

/** The payloads received so far that match. */
export function requestsMatching(webhook: WebhookServer, predicate: (p: Payload) => boolean): Payload[] {
  return webhook.requests.map(parsePayload).filter(predicate);
}

/** Waits for the error answering `id` and checks it. */
export async function expectError(client: TestClient, id: string, type: string, condition: string, kind = "message"): Promise<Element> {
  const el = await stanzaWithId(client, id);
  expect(errorOf(el)).toEqual({ stanza: `${kind}/error`, type, condition });
  return el;
}

/** Starts one of the example bots in EXAMPLES; kill it when done. */
export function startExampleBot(command: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(command, args, { cwd: EXAMPLES, env: { ...process.env, ...env }, stdio: "ignore" });
}

export interface ComponentSuite<U extends string> extends Suite<U> {
  /** The webhook endpoint answering with scriptedAnswer. */
  hook: WebhookServer;
}

export interface ComponentSuiteOptions<U extends string> extends Omit<ProsodyOptions, "components" | "users"> {
  name: string;
  /** The users (passwords "<name>-pw") logged in, each with its resource. */
  clients: Record<U, string>;
  /** The components, given the URL of the scripted webhook endpoint. */
  components: (hookUrl: string) => ComponentOptions[];
}

/** A scripted webhook endpoint, then a Prosody with components posting to it and the clients logged in. */
export async function startComponentSuite<U extends string>(opts: ComponentSuiteOptions<U>): Promise<ComponentSuite<U>> {
  const { clients, components, ...rest } = opts;
  const hook = await startWebhookServer(scriptedAnswer);
  try {
    const suite = await startSuite({
      ...rest,
      users: withPasswords(...Object.keys(clients)),
      clients,
      components: components(hook.url),
    });
    return { ...suite, hook };
  } catch (e) {
    await hook.close();
    throw e;
  }
}

/** stopSuite, then closing the scripted webhook endpoint too. */
export function stopComponentSuite(suite: ComponentSuite<string> | undefined, opts: StopOptions = {}): Promise<void> {
  return stopSuite(suite, { ...opts, cleanup: [...(opts.cleanup ?? []), () => suite?.hook.close()] });
}
