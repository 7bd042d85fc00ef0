// mod_rest webhooks test kit: one webhook server for every mod_rest host of
// a test Prosody, told apart by the first segment of the URL path
// (rest_callback_url = "<hook>/<name>/..."); what each POST carries, read
// back in its format; answers scripted per stanza id; the OPTIONS probes.
// Uses vitest's expect: for test files only.

import { parse as parseXml } from "ltx";
import { expect } from "vitest";
import { luaString } from "../harness/prosody.js";
import type { RecordedRequest, WebhookReply, WebhookServer } from "../harness/webhook.js";
import { errorOf, STANZAS_NS, xml, type Element, type TestClient } from "../harness/xmpp.js";

export const XMPP_XML = "application/xmpp+xml";
export const JSON_TYPE = "application/json";
export const FORM = "application/x-www-form-urlencoded";
export const TEXT = "text/plain";
/** What every POST says it reads back. */
export const READ_BACK = "application/xmpp+xml, application/json, application/x-www-form-urlencoded, text/plain";
export const RECEIPTS = "urn:xmpp:receipts";

/** A POST (or the probe) as the endpoint saw it. */
export interface Hooked {
  req: RecordedRequest;
  /** The first path segment after /hook: which host's webhook. */
  name: string;
  method: string;
  /** The media type of the body, lower case, without parameters. */
  format: string;
  /** The XML stanza (XML bodies). */
  stanza?: Element;
  /** The JSON document (JSON bodies) or the form fields (form bodies). */
  doc?: Record<string, unknown>;
  /** The stanza's id, whatever the format. */
  id?: string;
  /** The stanza's kind, whatever the format. */
  kind?: string;
}

function header(req: RecordedRequest, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Read a request of the webhook server. */
export function hooked(req: RecordedRequest): Hooked {
  const path = new URL(req.url, "http://x").pathname;
  const name = path.split("/")[2] ?? "";
  const format = (header(req, "content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  const h: Hooked = { req, name, method: req.method, format };
  if (req.method !== "POST") return h;
  if (format === XMPP_XML) {
    h.stanza = parseXml(req.text);
    h.id = h.stanza.attrs.id;
    h.kind = h.stanza.name;
  } else if (format === JSON_TYPE) {
    h.doc = JSON.parse(req.text) as Record<string, unknown>;
    h.id = typeof h.doc.id === "string" ? h.doc.id : undefined;
    h.kind = typeof h.doc.kind === "string" ? h.doc.kind : undefined;
  } else if (format === FORM) {
    h.doc = Object.fromEntries(new URLSearchParams(req.text));
    h.id = typeof h.doc.id === "string" ? h.doc.id : undefined;
    h.kind = typeof h.doc.kind === "string" ? h.doc.kind : undefined;
  }
  return h;
}

export type Script = (h: Hooked) => WebhookReply | "hang" | Promise<WebhookReply | "hang">;

const scripts = new Map<string, Script>();
/** Answers to the OPTIONS probe, by name; default 200 without Accept. */
const probeAnswers = new Map<string, WebhookReply | "hang">();

/** Script the probe answer of the host whose webhook is `name` (before Prosody starts); "hang" never answers. */
export function probeAnswer(name: string, reply: WebhookReply | "hang"): void {
  probeAnswers.set(name, reply);
}

let counter = 0;
/** A fresh stanza id; `script` decides the endpoint's answer to that stanza (default 204). */
export function newId(prefix: string, script?: Script): string {
  const id = `${prefix}-${++counter}`;
  if (script) scripts.set(id, script);
  return id;
}

/** The webhook handler: probes get their scripted answer, stanzas their script by id, else 204. */
export function scriptedAnswer(req: RecordedRequest): WebhookReply | "hang" | Promise<WebhookReply | "hang"> {
  let h: Hooked;
  try {
    h = hooked(req);
  } catch (e) {
    return { status: 400, body: `unreadable request: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (h.method === "OPTIONS") return probeAnswers.get(h.name) ?? { status: 200 };
  const script = h.id === undefined ? undefined : scripts.get(h.id);
  return script ? script(h) : { status: 204 };
}

/** The rest_callback_url line for a host named `name` on the webhook server, with a template after it. */
export function callbackUrl(hook: WebhookServer, name: string, template = ""): string {
  return `rest_callback_url = ${luaString(`${hook.url}/${name}${template}`)}`;
}

/** The requests to `name`'s webhook so far, read back. */
export function requestsTo(hook: WebhookServer, name: string): Hooked[] {
  return hook.requests.map(hooked).filter((h) => h.name === name);
}

/** The POST carrying the stanza with this id, waiting for it. */
export async function requestFor(hook: WebhookServer, id: string, timeoutMs = 5000): Promise<Hooked> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = hook.requests.map(hooked).find((h) => h.method === "POST" && h.id === id);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no webhook request for stanza ${id} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A 200 answer with this body and Content-Type. */
export function reply(body: string, contentType = XMPP_XML, status = 200): WebhookReply {
  return { status, headers: { "Content-Type": contentType }, body };
}

/** Send a chat message (more attributes and children as given); returns its id. */
export async function sendMessage(
  client: TestClient, to: string, body: string | undefined, script?: Script,
  attrs: Record<string, string> = {}, children: Element[] = [],
): Promise<string> {
  const id = newId("msg", script);
  const kids = body === undefined ? children : [xml("body", {}, body), ...children];
  await client.send(xml("message", { to, type: "chat", id, ...attrs }, ...kids));
  return id;
}

/** Send an iq of this type with one child; returns its id. */
export async function sendIq(client: TestClient, to: string, type: string, child: Element, script?: Script): Promise<string> {
  const id = newId("iq", script);
  await client.send(xml("iq", { to, type, id }, child));
  return id;
}

/** The next stanza with this id, which must be an error of this type and condition; returns it. */
export async function expectError(client: TestClient, id: string, type: string, condition: string): Promise<Element> {
  const el = await client.nextStanza((e) => e.attrs.id === id);
  expect(el.attrs.type, el.toString()).toBe("error");
  expect(errorOf(el), el.toString()).toMatchObject({ type, condition });
  return el;
}

/** The error text of an error stanza. */
export function errorText(el: Element): string | undefined {
  return el.getChild("error")?.getChild("text", STANZAS_NS)?.text();
}
