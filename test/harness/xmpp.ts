// XMPP clients for tests, on @xmpp/client.
//
// Connections are plain TCP to the test server's loopback c2s port: the test
// Prosody has no certificates and no mod_tls, so it offers no STARTTLS and
// @xmpp/client doesn't insist on TLS.
//
// Quirk: on an unencrypted connection @xmpp/client never picks PLAIN by itself
// (getMechanism() skips it unless entity.isSecure()), so it would use
// SCRAM-SHA-1, whose 10000 PBKDF2 rounds take it ~300-400 ms per login in JS.
// We pass `credentials` as a function instead, which lets us choose the
// mechanism: PLAIN by default (Prosody allows it here through
// allow_unencrypted_plain_auth = true), SCRAM-SHA-1 on request.

import { client, xml, type Client, type Element } from "@xmpp/client";
import type { ProsodyServer } from "./prosody.js";

export { xml };
export type { Client, Element };

export type StanzaPredicate = (el: Element) => boolean;

export interface TestClient {
  /** The underlying @xmpp/client instance (auto-reconnect disabled). */
  xmpp: Client;
  /** Full JID bound by the server, e.g. "alice@localhost/test". */
  jid: string;
  /** Every stanza received since login, consumed or not, in order. */
  received: Element[];
  /**
   * The first not-yet-consumed stanza matching `predicate`, including ones that
   * arrived before this call; consumes it. A predicate that throws counts as
   * "no match". Rejects after timeoutMs or when the connection goes down.
   */
  nextStanza(predicate: StanzaPredicate, timeoutMs?: number): Promise<Element>;
  /** Waits `ms` (default 1000) and fails if a matching stanza was pending or arrived meanwhile. Consumes nothing. */
  expectNoStanza(predicate: StanzaPredicate, ms?: number): Promise<void>;
  send(el: Element): Promise<void>;
  /** Closes the stream and socket; safe to call twice. */
  stop(): Promise<void>;
}

export interface ConnectOptions {
  /** Send initial presence (default true). Without it the server won't route bare-JID messages to us. */
  presence?: boolean;
  /** SASL mechanism (default "PLAIN", fast; "SCRAM-SHA-1" is what a real client would use here). */
  mechanism?: "PLAIN" | "SCRAM-SHA-1";
}

interface Waiter {
  predicate: StanzaPredicate;
  resolve(el: Element): void;
  reject(err: Error): void;
}

function matches(predicate: StanzaPredicate, el: Element): boolean {
  try {
    return predicate(el);
  } catch {
    return false;
  }
}

/** Logs in as username@localhost; rejects (e.g. with "not-authorized") if login fails. */
export async function connectClient(
  server: ProsodyServer,
  username: string,
  password: string,
  resource = "test",
  opts: ConnectOptions = {},
): Promise<TestClient> {
  const mechanism = opts.mechanism ?? "PLAIN";
  const xmpp = client({
    service: `xmpp://127.0.0.1:${server.c2sPort}`,
    domain: server.host, // stream "to" must be the virtual host, not 127.0.0.1
    resource,
    // A function here replaces @xmpp/client's mechanism choice (see top of file).
    credentials: async (authenticate, offered) => {
      if (!offered.includes(mechanism)) {
        throw new Error(`server does not offer SASL ${mechanism} (offers: ${offered.join(", ")})`);
      }
      await authenticate({ username, password }, mechanism);
    },
  });
  // Tests want to see disconnects, not have them silently papered over.
  xmpp.reconnect.stop();

  const received: Element[] = [];
  const pending: Element[] = [];
  const waiters = new Set<Waiter>();
  let lastError: Error | null = null;

  // Without an "error" listener EventEmitter would throw and crash the worker.
  xmpp.on("error", (err: Error) => {
    lastError = err;
  });
  xmpp.on("stanza", (el: Element) => {
    received.push(el);
    for (const w of waiters) {
      if (matches(w.predicate, el)) {
        waiters.delete(w);
        w.resolve(el);
        return;
      }
    }
    pending.push(el);
  });
  const failWaiters = (why: string): void => {
    for (const w of waiters) {
      waiters.delete(w);
      w.reject(new Error(`${why}${lastError ? ` (last error: ${lastError.message})` : ""}`));
    }
  };
  xmpp.on("disconnect", () => failWaiters("XMPP connection closed while waiting for a stanza"));
  xmpp.on("offline", () => failWaiters("XMPP client went offline while waiting for a stanza"));

  let stopped: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      if (xmpp.status === "offline") return;
      try {
        await xmpp.stop();
      } catch {
        // Already closing or closed: nothing left to clean up.
      }
    })();
    return stopped;
  };

  try {
    await xmpp.start();
  } catch (e) {
    await stop();
    const msg = e instanceof Error ? e.message : String(e);
    throw new Error(`XMPP login failed for ${username}@${server.host}: ${msg}`, { cause: e });
  }

  if (opts.presence ?? true) {
    await xmpp.send(xml("presence"));
  }
  // A ping round-trip: the server handles a session's stanzas in order, so once
  // the reply is back our presence has been processed and others can reach us.
  await xmpp.iqCaller.request(xml("iq", { type: "get", to: server.host }, xml("ping", { xmlns: "urn:xmpp:ping" })));
  // The replies to the library's own login iqs (bind, session, that ping) were
  // consumed by it; left queued they would trip broad expectNoStanza predicates.
  const fromLogin = (el: Element) => el.is("iq") && (el.attrs.type === "result" || el.attrs.type === "error");
  pending.splice(0, pending.length, ...pending.filter((el) => !fromLogin(el)));

  const describe = (predicate: StanzaPredicate): string => {
    const recent = received.slice(-5).map((el) => el.toString()).join("\n  ");
    return `predicate: ${predicate.toString()}\nlast stanzas received by ${username}:\n  ${recent || "(none)"}`;
  };

  return {
    xmpp,
    jid: xmpp.jid?.toString() ?? `${username}@${server.host}/${resource}`,
    received,
    nextStanza(predicate: StanzaPredicate, timeoutMs = 5000): Promise<Element> {
      const idx = pending.findIndex((el) => matches(predicate, el));
      if (idx >= 0) return Promise.resolve(pending.splice(idx, 1)[0] as Element);
      return new Promise<Element>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no matching stanza within ${timeoutMs} ms\n${describe(predicate)}`));
        }, timeoutMs);
        const waiter: Waiter = {
          predicate,
          resolve: (el) => {
            clearTimeout(timer);
            resolve(el);
          },
          reject: (err) => {
            clearTimeout(timer);
            reject(err);
          },
        };
        waiters.add(waiter);
      });
    },
    async expectNoStanza(predicate: StanzaPredicate, ms = 1000): Promise<void> {
      // Unconsumed stanzas from before the call, plus anything arriving during
      // the wait (even if a concurrent nextStanza() consumes it).
      const from = received.length;
      const early = pending.find((el) => matches(predicate, el));
      await new Promise((r) => setTimeout(r, ms));
      const el = early ?? received.slice(from).find((e) => matches(predicate, e));
      if (el) throw new Error(`unexpected stanza received by ${username}: ${el.toString()}`);
    },
    send: (el: Element) => xmpp.send(el),
    stop,
  };
}

/** The namespace of stanza error conditions (RFC 6120). */
export const STANZAS_NS = "urn:ietf:params:xml:ns:xmpp-stanzas";

/** The next message with this body. */
export function messageWithBody(client: TestClient, body: string, timeoutMs?: number): Promise<Element> {
  return client.nextStanza((el) => el.is("message") && el.getChildText("body") === body, timeoutMs);
}

/** The next stanza with this id (error replies keep the original's id). */
export function stanzaWithId(client: TestClient, id: string, timeoutMs?: number): Promise<Element> {
  return client.nextStanza((el) => el.attrs.id === id, timeoutMs);
}

/** Kind/type, error type and defined condition of an error stanza, e.g. { stanza: "message/error", type: "cancel", condition: "item-not-found" }. */
export function errorOf(el: Element): { stanza: string; type: string | undefined; condition: string | undefined } {
  const error = el.getChild("error");
  const condition = error?.getChildElements().find((c) => c.attrs.xmlns === STANZAS_NS && c.name !== "text");
  return { stanza: `${el.name}/${el.attrs.type}`, type: error?.attrs.type, condition: condition?.name };
}

/** The domain part of an address ("" for none). */
export function domainOf(address: string | undefined): string {
  return (address ?? "").replace(/^[^@/]*@/, "").replace(/\/.*$/, "");
}
