// mod_rest test kit: a Prosody with mod_rest on the VirtualHost "localhost"
// (users alice and bob, passwords "<name>-pw", mod_test_token for real
// mod_tokenauth tokens) and optionally as a Component "rest.localhost" with a
// component_secret; request builders for every content type and auth kind;
// readers for the answers (stanza XML, JSON, form, error bodies). Uses
// vitest's expect and hooks: for test files only.

import { parse as parseXml } from "ltx";
import { afterAll, beforeAll, expect } from "vitest";
import { basicAuth, httpRequest, type HttpResponse } from "./http.js";
import { luaString, type ComponentOptions, type ProsodyOptions, type ProsodyServer } from "./prosody.js";
import { startSuite, stopSuite, withPasswords, type StopOptions, type Suite } from "./suite.js";
import type { IqHandler } from "@xmpp/client";
import type { Element, TestClient } from "./xmpp.js";

export const HOST = "localhost";
/** The domain of the mod_rest Component of restServer({ component }). */
export const COMPONENT = "rest.localhost";
export const COMPONENT_SECRET = "rest-component-secret";

export const XMPP_XML = "application/xmpp+xml";
export const JSON_TYPE = "application/json";
export const FORM = "application/x-www-form-urlencoded";
export const TEXT = "text/plain";

export const NS = {
  client: "jabber:client",
  ping: "urn:xmpp:ping",
  version: "jabber:iq:version",
  discoInfo: "http://jabber.org/protocol/disco#info",
  discoItems: "http://jabber.org/protocol/disco#items",
  last: "jabber:iq:last",
  mam: "urn:xmpp:mam:2",
  forward: "urn:xmpp:forward:0",
  carbons: "urn:xmpp:carbons:2",
  stanzas: "urn:ietf:params:xml:ns:xmpp-stanzas",
  streams: "http://etherx.jabber.org/streams",
  streamErrors: "urn:ietf:params:xml:ns:xmpp-streams",
} as const;

// --- Authorization header values --------------------------------------------

/** Basic credentials of a test user (password "<user>-pw" unless given); `user` may be "alice" or "alice@localhost". */
export const basicAs = (user: string, password = `${user.replace(/@.*$/, "")}-pw`): string => basicAuth(user, password);
export const bearerAuth = (token: string): string => `Bearer ${token}`;
/** Basic credentials of the Component: its domain and its component_secret. */
export const componentAuth = (secret = COMPONENT_SECRET, domain = COMPONENT): string => basicAuth(domain, secret);

/**
 * A real mod_tokenauth token, minted by test/fixtures/plugins/mod_test_token.lua
 * (0.12: create_jid_token; 13: a grant and a token with the user's role);
 * bound to `resource` when one is given.
 */
export async function mintToken(server: ProsodyServer, username: string, resource?: string): Promise<string> {
  const path = `/test_token/${encodeURIComponent(username)}${resource === undefined ? "" : `/${encodeURIComponent(resource)}`}`;
  const res = await httpRequest(server, { method: "POST", path });
  if (res.status !== 200) throw new Error(`minting a token for ${username} failed: ${res.status} ${res.body}`);
  return res.body.trim();
}

// --- Payloads ----------------------------------------------------------------

/** A request body and its Content-Type (either may be left out, to test their absence). */
export interface Payload {
  contentType?: string;
  body?: string | Buffer;
}

export const xmlPayload = (stanza: string | Element, contentType = XMPP_XML): Payload => ({ contentType, body: String(stanza) });
export const jsonPayload = (value: unknown, contentType = JSON_TYPE): Payload => ({ contentType, body: JSON.stringify(value) });
/** A form from fields (pairs keep repeated keys) or an already-encoded string. */
export const formPayload = (fields: Record<string, string> | Array<[string, string]> | string, contentType = FORM): Payload => ({
  contentType,
  body: typeof fields === "string" ? fields : new URLSearchParams(fields).toString(),
});
export const textPayload = (text: string, contentType = TEXT): Payload => ({ contentType, body: text });

// --- Requests ----------------------------------------------------------------

export interface RestRequest {
  /** Default POST with a payload, GET without. */
  method?: string;
  /** After /rest, percent-encoded: "" (default), "/echo", "/message/chat/bob@localhost", "/version/localhost?x=1". */
  path?: string;
  payload?: Payload;
  /** The Authorization header; null or undefined: none. */
  auth?: string | null;
  accept?: string;
  /** Host header (HTTP routing): "localhost" (default) or a component's domain. */
  host?: string;
  /** Prosody-Rest-Timeout header. */
  restTimeout?: number | string;
  /** More headers; they win over everything above. */
  headers?: Record<string, string>;
  /** Give up on the HTTP answer after this long (default 10 s). */
  timeoutMs?: number;
}

export interface RestResponse extends HttpResponse {
  /** The answer's media type without parameters, lower case; "" without Content-Type. */
  mediaType: string;
  /** The body parsed as XML (throws with the body when it is not XML). */
  stanza(): Element;
  /** The body parsed as a JSON object. */
  doc(): JsonObject;
  /** The body parsed as a form. */
  form(): URLSearchParams;
}

export type JsonObject = Record<string, unknown>;

function mediaTypeOf(res: HttpResponse): string {
  const header = res.headers["content-type"];
  const value = Array.isArray(header) ? (header[0] ?? "") : (header ?? "");
  return value.split(";")[0]!.trim().toLowerCase();
}

/** Parses an XML document; the error names the text. */
export function parseStanza(text: string): Element {
  try {
    return parseXml(text);
  } catch (e) {
    throw new Error(`not XML (${e instanceof Error ? e.message : String(e)}): ${text.slice(0, 500)}`);
  }
}

function withReaders(res: HttpResponse): RestResponse {
  return {
    ...res,
    mediaType: mediaTypeOf(res),
    stanza: () => parseStanza(res.body),
    doc(): JsonObject {
      const value = res.json();
      if (value === null || typeof value !== "object" || Array.isArray(value)) {
        throw new Error(`expected a JSON object (status ${res.status}): ${res.body.slice(0, 500)}`);
      }
      return value as JsonObject;
    },
    form: () => new URLSearchParams(res.body),
  };
}

/** One request to mod_rest's API on a server. */
export async function restRequest(server: ProsodyServer, req: RestRequest): Promise<RestResponse> {
  const headers: Record<string, string> = {};
  if (req.auth !== undefined && req.auth !== null) headers["Authorization"] = req.auth;
  if (req.accept !== undefined) headers["Accept"] = req.accept;
  if (req.payload?.contentType !== undefined) headers["Content-Type"] = req.payload.contentType;
  if (req.restTimeout !== undefined) headers["Prosody-Rest-Timeout"] = String(req.restTimeout);
  Object.assign(headers, req.headers ?? {});
  const body = req.payload?.body;
  const res = await httpRequest(server, {
    method: req.method ?? (body !== undefined ? "POST" : "GET"),
    path: `/rest${req.path ?? ""}`,
    headers,
    host: req.host ?? HOST,
    ...(body === undefined ? {} : { body }),
    ...(req.timeoutMs === undefined ? {} : { timeoutMs: req.timeoutMs }),
  });
  return withReaders(res);
}

/** Requests with defaults (credentials, Accept, Host...) for one server. */
export interface RestClient {
  readonly defaults: RestRequest;
  request(req: RestRequest): Promise<RestResponse>;
  /** POST /rest with this payload. */
  post(payload: Payload, req?: RestRequest): Promise<RestResponse>;
  /** POST /rest<path>, e.g. postTo("/message/chat/bob@localhost", textPayload("hi")). */
  postTo(path: string, payload?: Payload, req?: RestRequest): Promise<RestResponse>;
  /** POST /rest/echo. */
  echo(payload: Payload, req?: RestRequest): Promise<RestResponse>;
  /** GET /rest<path>, e.g. get("/version/localhost"). */
  get(path: string, req?: RestRequest): Promise<RestResponse>;
  /** The same client with more defaults. */
  with(defaults: RestRequest): RestClient;
}

export function restClient(server: ProsodyServer | (() => ProsodyServer), defaults: RestRequest = {}): RestClient {
  const current = typeof server === "function" ? server : () => server;
  const merge = (req: RestRequest): RestRequest => ({
    ...defaults,
    ...req,
    headers: { ...(defaults.headers ?? {}), ...(req.headers ?? {}) },
  });
  const request = (req: RestRequest) => restRequest(current(), merge(req));
  return {
    defaults,
    request,
    post: (payload, req = {}) => request({ ...req, method: req.method ?? "POST", path: req.path ?? "", payload }),
    postTo: (path, payload, req = {}) =>
      request({ ...req, method: req.method ?? "POST", path, ...(payload === undefined ? {} : { payload }) }),
    echo: (payload, req = {}) => request({ ...req, method: "POST", path: "/echo", payload }),
    get: (path, req = {}) => request({ ...req, method: "GET", path }),
    with: (more) => restClient(current, merge(more)),
  };
}

// --- Reading answers ---------------------------------------------------------

export interface RestErrorBody {
  format: "json" | "xml" | "text" | "other";
  condition?: string | undefined;
  type?: string | undefined;
  text?: string | undefined;
  code?: number | undefined;
}

/** Reads an error body in whichever format it came (JSON, the XML stream error, or text). */
export function restError(res: RestResponse): RestErrorBody {
  if (res.mediaType === JSON_TYPE) {
    const doc = res.doc();
    const error = (doc["error"] ?? {}) as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === "string" ? v : undefined);
    return {
      format: "json",
      condition: str(error["condition"]),
      type: str(error["type"]),
      text: str(error["text"]),
      code: typeof doc["code"] === "number" ? doc["code"] : undefined,
    };
  }
  if (res.mediaType === XMPP_XML || res.mediaType === "application/xml" || res.mediaType === "text/xml") {
    const el = res.stanza();
    const condition = el.getChildElements().find((c) => c.attrs.xmlns === NS.streamErrors && c.name !== "text");
    return { format: "xml", condition: condition?.name, text: el.getChildText("text", NS.streamErrors) ?? undefined };
  }
  if (res.mediaType === TEXT) return { format: "text", text: res.body };
  return { format: "other", text: res.body };
}

/** Expects this status (the message quotes the body); with a condition, checks it in a JSON or XML body. */
export function expectStatus(res: RestResponse, status: number): void {
  expect(res.status, `HTTP ${res.status} ${res.mediaType}: ${res.body.slice(0, 600)}`).toBe(status);
}

/** Expects an error answer with this status and, in a JSON or XML body, this condition. */
export function expectRestError(res: RestResponse, status: number, condition?: string): RestErrorBody {
  expectStatus(res, status);
  const err = restError(res);
  if (condition !== undefined && (err.format === "json" || err.format === "xml")) {
    expect(err.condition, res.body).toBe(condition);
  }
  if (err.format === "json") expect(err.code, res.body).toBe(status);
  return err;
}

/** The stanzas of a wrapped answer (several replies: `<xmpp>` or `{"xmpp": [...]}`), or the one stanza. */
export function stanzasOf(res: RestResponse): Array<Element | JsonObject> {
  if (res.mediaType === JSON_TYPE) {
    const doc = res.doc();
    return Array.isArray(doc["xmpp"]) ? (doc["xmpp"] as JsonObject[]) : [doc];
  }
  const el = res.stanza();
  return el.name === "xmpp" ? el.getChildElements() : [el];
}

// --- XMPP helpers --------------------------------------------------------------

/** Makes a logged-in client answer get requests for ns/name with handler (iqCallee). */
export function answerIq(client: TestClient, ns: string, name: string, handler: IqHandler, type: "get" | "set" = "get"): void {
  client.xmpp.iqCallee[type](ns, name, handler);
}

/** Makes a logged-in client hold get requests for ns/name unanswered forever. */
export function neverAnswer(client: TestClient, ns: string, name: string): void {
  answerIq(client, ns, name, () => new Promise<boolean>(() => {}));
}

// --- Servers -------------------------------------------------------------------

export interface RestServerOptions {
  name: string;
  /** Lua lines for the VirtualHost block (rest_* options). */
  config?: string;
  /** More modules on the VirtualHost besides rest and test_token. */
  modules?: string[];
  /** More users besides alice and bob (passwords "<name>-pw"). */
  users?: string[];
  /** The Component rest.localhost with component_secret: true, or a string of more Lua lines for its block. */
  component?: boolean | string;
  /** More components. */
  components?: ComponentOptions[];
  globalConfig?: string;
  /** false: mod_rest is not loaded on the VirtualHost. */
  onVirtualHost?: boolean;
}

/** A Component running mod_rest; secret null: no component_secret configured. */
export function restComponent(domain = COMPONENT, secret: string | null = COMPONENT_SECRET, config = ""): ComponentOptions {
  const lines = [secret === null ? "" : `  component_secret = ${luaString(secret)}`, config].filter((l) => l !== "");
  return { domain, module: "rest", config: lines.join("\n") };
}

/** A Prosody with mod_rest (and mod_test_token) on localhost, users alice and bob, and optionally the Component rest.localhost. */
export function restServer(opts: RestServerOptions): ProsodyOptions {
  const components = [...(opts.components ?? [])];
  if (opts.component !== undefined && opts.component !== false) {
    components.unshift(restComponent(COMPONENT, COMPONENT_SECRET, typeof opts.component === "string" ? opts.component : ""));
  }
  return {
    name: opts.name,
    virtualHostModules: [...(opts.onVirtualHost === false ? [] : ["rest"]), "test_token", ...(opts.modules ?? [])],
    ...(opts.config === undefined ? {} : { virtualHostConfig: opts.config }),
    ...(opts.globalConfig === undefined ? {} : { globalConfig: opts.globalConfig }),
    users: withPasswords("alice", "bob", ...(opts.users ?? [])),
    components,
  };
}

export interface RestSuiteOptions<U extends string> extends RestServerOptions {
  /** Users (alice, bob or one of `users`) logged in over XMPP, each with its resource. */
  clients?: Record<U, string>;
  /** Log entries the suite provokes on purpose, left out of the final log check. */
  expected?: StopOptions["expected"];
}

export interface RestSuite<U extends string> {
  /** Set by beforeAll. */
  readonly server: ProsodyServer;
  readonly clients: Record<U, TestClient>;
  /** Requests as a user with Basic credentials (password "<user>-pw" unless given). */
  as(user: string, password?: string): RestClient;
  /** Requests with this Authorization header (null: none). */
  withAuth(auth: string | null): RestClient;
  /** Requests to the Component's API (Host: rest.localhost) with its secret. */
  readonly component: RestClient;
  /** A real token of a user (bound to the resource if given). */
  token(user: string, resource?: string): Promise<string>;
}

/**
 * One mod_rest server for a test file: started (with its clients logged in)
 * in beforeAll, stopped in afterAll with the check that its log shows no
 * errors or tracebacks.
 */
export function useRestSuite<U extends string = never>(opts: RestSuiteOptions<U>): RestSuite<U> {
  let started: Suite<U> | undefined;
  const current = (): Suite<U> => {
    if (!started) throw new Error("the mod_rest server is not running (beforeAll failed?)");
    return started;
  };
  const server = () => current().server;
  beforeAll(async () => {
    started = await startSuite<U>({ ...restServer(opts), ...(opts.clients === undefined ? {} : { clients: opts.clients }) });
  });
  afterAll(() => stopSuite(started, opts.expected === undefined ? {} : { expected: opts.expected }));
  return {
    get server() {
      return server();
    },
    get clients() {
      return current().clients;
    },
    as: (user, password) => restClient(server, { auth: basicAs(user, password) }),
    withAuth: (auth) => restClient(server, { auth }),
    component: restClient(server, { auth: componentAuth(), host: COMPONENT }),
    token: (user, resource) => mintToken(server(), user, resource),
  };
}
