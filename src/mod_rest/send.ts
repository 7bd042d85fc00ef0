/**
 * Sending what a request carries: the checks and rewriting of the stanza
 * for its sender, the session-like origin it is sent from, message and
 * presence routing with the events a client's stanzas get, and iq
 * requests that wait for their reply.
 */
import * as st from "util.stanza";
import * as jid from "util.jid";
import * as idlib from "util.id";
import * as errorlib from "util.error";
import * as promiselib from "util.promise";
import type { Stanza } from "util.stanza";
import type { UtilError } from "util.error";
import type { Promise } from "util.promise";
import type { Addressing, Origin, StanzaEvent } from "core.moduleapi";
import { prepJid } from "../lib/address";
import { setOf } from "../lib/collections";
import { errors } from "./errors";
import type { Sender } from "./auth";
import { topTag } from "../lib/lazy_log";
import { forgetIqHooks } from "../lib/hook_records";

const KINDS = setOf<string>(["message", "presence", "iq"]);
const XMLNS_CLIENT = "jabber:client";
const XMLNS_MAM = "urn:xmpp:mam:2";

/** What sending gave: 202 (sent, nothing came back) or 200 with the reply (one stanza, or several in `<xmpp>`). */
export interface Delivery {
  status: 200 | 202;
  reply?: Stanza;
}

export type Checked = LuaMultiReturn<[Stanza, undefined] | [undefined, UtilError]>;

/** True when `sender` may send from `from` (prepped). */
function mayClaim(sender: Sender, from: string): boolean {
  if (sender.scope === "exact") {
    return from === sender.jid;
  } else if (sender.scope === "domain") {
    return jid.host(from) === sender.host;
  }
  return jid.bare(from) === sender.bare;
}

/**
 * A presence to the sender's own account without a type (or unavailable,
 * or error): a broadcast, which needs a real client session. An error one
 * also made mod_presence raise (error_reply to an error stanza).
 */
function isBroadcast(stanza: Stanza, sender: Sender): boolean {
  if (stanza.name !== "presence" || sender.username === undefined) {
    return false;
  }
  const to = stanza.attr.to;
  const stanzaType = stanza.attr.type;
  const broadcastType = stanzaType === undefined || stanzaType === "unavailable" || stanzaType === "error";
  return (to === undefined || jid.bare(to) === sender.bare) && broadcastType;
}

/**
 * Check a decoded stanza and rewrite it for sending by `sender`: only
 * `to`, `id` (generated when absent), `type` and `xml:lang` are kept;
 * `from` is the sender's, or the one the stanza claims when the sender may
 * use it. An iq must be a get or set with exactly one child.
 */
export function prepareStanza(stanza: Stanza, sender: Sender): Checked {
  const xmlns = stanza.attr.xmlns;
  if (xmlns !== undefined && xmlns !== XMLNS_CLIENT) {
    return $multi(undefined, errors.new("xmlns"));
  }
  if (!KINDS.has(stanza.name)) {
    return $multi(undefined, errors.new("name"));
  }
  const attr = stanza.attr;
  let to: string | undefined;
  if (attr.to !== undefined) {
    to = prepJid(attr.to);
    if (to === undefined) {
      return $multi(undefined, errors.new("to"));
    }
  }
  let from = sender.jid;
  if (attr.from !== undefined) {
    const claimed = prepJid(attr.from);
    if (claimed === undefined) {
      return $multi(undefined, errors.new("from"));
    }
    if (!mayClaim(sender, claimed)) {
      return $multi(undefined, errors.new("from-auth"));
    }
    from = claimed;
  }
  stanza.attr = { from, to, id: attr.id ?? idlib.medium(), type: attr.type, "xml:lang": attr["xml:lang"] };
  if (stanza.name === "iq") {
    if (stanza.attr.type !== "get" && stanza.attr.type !== "set") {
      return $multi(undefined, errors.new("iq-type"));
    }
    if (stanza.tags.length !== 1) {
      return $multi(undefined, errors.new("iq-tags"));
    }
  }
  if (isBroadcast(stanza, sender)) {
    return $multi(undefined, errors.new("self-presence"));
  }
  return $multi(stanza, undefined);
}

/** Collects what Prosody sends to a request's origin (bounces, iq replies, MAM results). */
interface Collector {
  stanzas: Stanza[];
  /** Set once the HTTP answer is written: later stanzas are only logged. */
  closed: boolean;
}

/** The session-like origin a request's stanzas come from: a client of the account, or the component. */
function newOrigin(sender: Sender, collector: Collector): Origin {
  const send = (stanza: Stanza): boolean => {
    if (collector.closed) {
      module.log("debug", "Dropping %s for %s: its HTTP request was answered", topTag(stanza), sender.jid);
    } else {
      collector.stanzas.push(stanza);
    }
    return true;
  };
  const origin: Origin = { type: sender.username === undefined ? "component" : "c2s", host: sender.host, full_jid: sender.jid, send };
  origin.username = sender.username;
  origin.resource = sender.resource;
  return origin;
}

/** How core_post_stanza names the recipient; clears `to` of a stanza to the sender's own bare JID, as it does. */
function addressing(origin: Origin, stanza: Stanza): LuaMultiReturn<[Addressing, boolean]> {
  const [node, host, resource] = jid.split(stanza.attr.to);
  if (node !== undefined) {
    if (resource !== undefined) {
      return $multi("full", false);
    }
    if (node === origin.username && host === origin.host) {
      stanza.attr.to = undefined;
      return $multi("bare", true);
    }
    return $multi("bare", false);
  }
  if (host !== undefined) {
    return $multi("host", false);
  }
  return $multi("bare", true);
}

/**
 * Fire `pre-stanza` and `pre-KIND/ADDRESSING` as Prosody does for a
 * client's stanzas, so that carbons, archives, blocking and the like see
 * them. True when a handler dropped or handled the stanza.
 */
function firePreEvents(origin: Origin, stanza: Stanza): boolean {
  const [to, toSelf] = addressing(origin, stanza);
  const event: StanzaEvent = { origin, stanza, to_self: toSelf };
  if (module.fire_event("pre-stanza", event) !== undefined) {
    module.log("debug", "%s dropped by a pre-stanza handler", topTag(stanza));
    return true;
  }
  const handled = module.fire_event<string>(`pre-${stanza.name}/${to}`, event);
  return handled !== undefined && handled !== false;
}

/** The collected replies as one stanza: itself when alone, else wrapped in `<xmpp>`. */
function wrapped(stanzas: Stanza[]): Stanza {
  if (stanzas.length === 1) {
    return stanzas[0];
  }
  const wrapper = st.stanza("xmpp", { xmlns: XMLNS_CLIENT });
  for (const stanza of stanzas) {
    wrapper.add_direct_child(stanza);
  }
  return wrapper;
}

/** Run `f` protected: a raising handler somewhere in routing must not become a traceback. */
function protect(what: string, f: (this: void) => void): UtilError | undefined {
  const [ok, err] = pcall(f);
  if (!ok) {
    module.log("error", "Error while %s: %s", what, tostring(err));
    return errors.new("internal");
  }
  return undefined;
}

/**
 * Route a message or presence from the sender: 202, or 200 with what came
 * back to the origin while sending (a bounce).
 */
export function sendStanza(stanza: Stanza, sender: Sender): LuaMultiReturn<[Delivery, undefined] | [undefined, UtilError]> {
  const collector: Collector = { stanzas: [], closed: false };
  const origin = newOrigin(sender, collector);
  module.log("debug", "Sending %s for %s via HTTP", topTag(stanza), sender.jid);
  const failure = protect(`sending ${stanza.top_tag()}`, () => {
    if (!firePreEvents(origin, stanza)) {
      module.send(stanza, origin);
    }
  });
  collector.closed = true;
  if (failure !== undefined) {
    return $multi(undefined, failure);
  }
  if (collector.stanzas.length > 0) {
    return $multi({ status: 200, reply: wrapped(collector.stanzas) }, undefined);
  }
  return $multi({ status: 202 }, undefined);
}

/** Limits on iqs waiting for replies. */
export interface IqLimits {
  /** Per sender (bare JID or component). */
  perSender: number;
  /** For the whole module: Prosody's send_iq tracks 256 at most, evicting the oldest. */
  total: number;
}

/** Iqs waiting for replies, by sender's bare JID, and in all. */
const pendingBySender = new LuaMap<string, number>();
let pendingTotal = 0;

/** How many iqs of `bare` are waiting (for specs and status). */
export function pendingIqs(bare?: string): number {
  if (bare === undefined) {
    return pendingTotal;
  }
  return pendingBySender.get(bare) ?? 0;
}

function addPending(bare: string, delta: number): void {
  const count = (pendingBySender.get(bare) ?? 0) + delta;
  if (count > 0) {
    pendingBySender.set(bare, count);
  } else {
    pendingBySender.delete(bare);
  }
  pendingTotal += delta;
}

/** The XEP-0313 query of an iq, given a queryid when it has none (so its results are told apart). */
function archiveQuery(stanza: Stanza): string | undefined {
  const query = stanza.get_child("query", XMLNS_MAM);
  if (query === undefined) {
    return undefined;
  }
  if (query.attr.queryid === undefined) {
    query.attr.queryid = idlib.medium();
  }
  return query.attr.queryid;
}

/**
 * Catch the MAM results of a query sent to another server (local archives
 * answer through the origin): messages to the sender carrying a result for
 * this queryid. Returns the unhook function.
 */
function collectArchiveResults(from: string, queryid: string, collector: Collector): () => void {
  const [node, , resource] = jid.split(from);
  const eventName = node === undefined ? "message/host" : resource === undefined ? "message/bare" : "message/full";
  const handler = (event: StanzaEvent): boolean | undefined => {
    const message = event.stanza;
    const result = message.get_child("result", XMLNS_MAM);
    if (result === undefined || result.attr.queryid !== queryid || message.attr.to !== from || collector.closed) {
      return undefined;
    }
    collector.stanzas.push(message);
    return true;
  };
  // Before carbons, archiving and delivery (priority 1 and below).
  module.hook<StanzaEvent>(eventName, handler, 10);
  return () => module.unhook(eventName, handler);
}

/** The reply, with the client's id again, after what else came back (MAM results). */
function answerOf(reply: Stanza, clientId: string, internalId: string, collector: Collector): Stanza {
  if (reply.attr.id === internalId) {
    reply.attr.id = clientId;
  }
  const stanzas = collector.stanzas;
  if (stanzas[stanzas.length - 1] !== reply) {
    stanzas.push(reply);
  }
  return wrapped(stanzas);
}

/** What a rejection of send_iq means: the error reply (200 with it), a timeout (504), or another failure. */
function rejectionOf(reason: unknown, clientId: string, internalId: string, collector: Collector): Delivery | UtilError {
  if (!errorlib.is_error(reason)) {
    module.log("error", "Error while waiting for an iq reply: %s", tostring(reason));
    return errors.new("internal");
  }
  const replyStanza = reason.context.stanza;
  if (st.is_stanza(replyStanza)) {
    return { status: 200, reply: answerOf(replyStanza, clientId, internalId, collector) };
  }
  if (reason.condition === "remote-server-timeout") {
    return errors.new("iq-timeout");
  }
  module.log("debug", "No reply to an iq: %s: %s", reason.condition, tostring(reason.text));
  return errors.new("busy");
}

/**
 * Send an iq get/set and wait for its reply, at most `timeout` seconds.
 * The iq goes out with an id of its own (never shared with another
 * request); the reply comes back with the client's. Always resolves: with
 * the delivery, or with the error to answer.
 */
export function sendIq(stanza: Stanza, sender: Sender, timeout: number, limits: IqLimits): Promise<Delivery | UtilError> {
  if (pendingIqs(sender.bare) >= limits.perSender) {
    return promiselib.resolve<Delivery | UtilError>(errors.new("iq-pending"));
  }
  if (pendingTotal >= limits.total) {
    return promiselib.resolve<Delivery | UtilError>(errors.new("busy"));
  }
  const collector: Collector = { stanzas: [], closed: false };
  const origin = newOrigin(sender, collector);
  let handled = false;
  const failure = protect(`sending ${stanza.top_tag()}`, () => {
    handled = firePreEvents(origin, stanza);
  });
  if (failure !== undefined || handled) {
    collector.closed = true;
    if (failure !== undefined) {
      return promiselib.resolve<Delivery | UtilError>(failure);
    }
    const delivery: Delivery = collector.stanzas.length > 0 ? { status: 200, reply: wrapped(collector.stanzas) } : { status: 202 };
    return promiselib.resolve<Delivery | UtilError>(delivery);
  }

  const clientId = stanza.attr.id as string;
  const internalId = idlib.medium();
  stanza.attr.id = internalId;
  const queryid = archiveQuery(stanza);
  let unhook: (() => void) | undefined;
  if (queryid !== undefined) {
    unhook = collectArchiveResults(stanza.attr.from as string, queryid, collector);
  }
  addPending(sender.bare, 1);
  module.log("debug", "Sending %s for %s via HTTP, waiting %s s", topTag(stanza), sender.jid, tostring(timeout));

  return promiselib.new<Delivery | UtilError>((resolve) => {
    waiting.add(resolve);
    module
      .send_iq(stanza, origin, timeout)
      .next(
        (event): Delivery | UtilError => ({ status: 200, reply: answerOf(event.stanza, clientId, internalId, collector) }),
        (reason: unknown): Delivery | UtilError => rejectionOf(reason, clientId, internalId, collector),
      )
      .finally(() => {
        collector.closed = true;
        addPending(sender.bare, -1);
        forgetIqHooks(internalId);
        if (unhook !== undefined) {
          unhook();
        }
      })
      .next((result) => {
        waiting.delete(resolve);
        resolve(result);
      });
  });
}

/** Settles an iq request waiting for its reply. */
type Settle = (this: void, result: Delivery | UtilError) => void;

/**
 * The iq requests waiting for replies. send_iq's reply hook and timer
 * belong to this module instance and go with it: on unload (a reload
 * too) each is answered 503 rather than left hanging.
 */
const waiting = new LuaSet<Settle>();

/** Answer every iq request still waiting with 503 `unloading` (module.unload). */
export function abandonWaitingIqs(): void {
  for (const settle of waiting) {
    waiting.delete(settle);
    settle(errors.new("unloading"));
  }
}
