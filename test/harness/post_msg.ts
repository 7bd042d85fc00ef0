// mod_post_msg test kit: the server setup and the request the tests repeat.

import { afterAll, beforeAll, expect } from "vitest";
import { basicAuth, httpRequest, type HttpResponse } from "./http.js";
import type { ProsodyOptions, ProsodyServer } from "./prosody.js";
import { startSuite, stopSuite, withPasswords, type Suite } from "./suite.js";
import { messageWithBody, type Element, type TestClient } from "./xmpp.js";

/** alice's Basic credentials: the sender of most test messages. */
export const ALICE = basicAuth("alice", "alice-pw");

export interface PostMsgOptions {
  name: string;
  /** Lua lines for the VirtualHost block (post_msg_* options). */
  config?: string;
  /** More modules on the VirtualHost besides post_msg. */
  modules?: string[];
  /** More users besides alice and bob (passwords "<name>-pw"). */
  users?: string[];
}

/** A Prosody with mod_post_msg on localhost and users alice and bob (passwords "<name>-pw"). */
export function postMsgServer(opts: PostMsgOptions): ProsodyOptions {
  return {
    name: opts.name,
    virtualHostModules: ["post_msg", ...(opts.modules ?? [])],
    ...(opts.config === undefined ? {} : { virtualHostConfig: opts.config }),
    users: withPasswords("alice", "bob", ...(opts.users ?? [])),
  };
}

/** POSTs to a mod_post_msg path as alice, as text/plain; `headers` override both. */
export function postAsAlice(
  server: ProsodyServer,
  path: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): Promise<HttpResponse> {
  return httpRequest(server, {
    method: "POST",
    path,
    body,
    headers: { Authorization: ALICE, "Content-Type": "text/plain", ...headers },
  });
}

export interface PostMsgSuite {
  /** Set by beforeAll. */
  server: ProsodyServer;
  /** bob, logged in as bob@localhost/phone; set by beforeAll. */
  bob: TestClient;
  /** POSTs to a path as alice, as text/plain; `headers` override both. */
  post(path: string, body: string | Buffer, headers?: Record<string, string>): Promise<HttpResponse>;
  /** The next message bob receives with this body. */
  bobReceives(body: string): Promise<Element>;
  /**
   * Sends `request` (by default post("/msg/bob", body)), expects 201, and
   * resolves with the response and the message bob receives with this body.
   */
  delivered(body: string, request?: () => Promise<HttpResponse>): Promise<{ res: HttpResponse; message: Element }>;
}

/**
 * One post_msg server for a test file, with bob logged in: started in
 * beforeAll, stopped in afterAll with the check that its log shows no errors.
 */
export function usePostMsgSuite(opts: PostMsgOptions): PostMsgSuite {
  let started: Suite<"bob"> | undefined;
  const current = (): Suite<"bob"> => {
    if (!started) throw new Error("the post_msg server is not running (beforeAll failed?)");
    return started;
  };
  beforeAll(async () => {
    started = await startSuite({ ...postMsgServer(opts), clients: { bob: "phone" } });
  });
  afterAll(() => stopSuite(started));
  const bobReceives = (body: string): Promise<Element> => messageWithBody(current().clients.bob, body);
  const post = (path: string, body: string | Buffer, headers?: Record<string, string>): Promise<HttpResponse> =>
    postAsAlice(current().server, path, body, headers);
  return {
    get server() {
      return current().server;
    },
    get bob() {
      return current().clients.bob;
    },
    post,
    bobReceives,
    async delivered(body, request = () => post("/msg/bob", body)) {
      const received = bobReceives(body);
      const res = await request();
      expect(res.status).toBe(201);
      return { res, message: await received };
    },
  };
}
