/**
 * mod_component_http: a component or bot implemented as an HTTP endpoint.
 * Stanzas sent to the component are POSTed as JSON to
 * `component_post_url`; the endpoint's JSON answer becomes the reply.
 * Presence, disco#info and ping are answered here unless forwarded, and a
 * circuit breaker (src/lib/breaker.ts) answers at once while the endpoint is down.
 *
 *   Component "bot.example.com" "component_http"
 *     component_post_url = "https://example.com/your-api"
 */
import * as st from "util.stanza";
import * as jid from "util.jid";
import * as xml from "util.xml";
import type { Stanza, PresenceStanza, StanzaKind } from "util.stanza";
import type { UtilError } from "util.error";
import type { Addressing, StanzaEvent } from "core.moduleapi";
import * as json from "../lib/json";
import { isXmlSafeString } from "../lib/text";
import { mediaType } from "../lib/media_type";
import { breakerSettings, newWebhook } from "../lib/webhook";
import { secretsOption } from "../lib/standard_webhooks";
import type { DeliveryHandlers, WebhookAnswer } from "../lib/webhook";
import { errorForStatus } from "../lib/stanza_errors";
import { prepJid } from "../lib/address";
import { periodOption, positiveIntegerOption } from "../lib/options";
import { setOf } from "../lib/collections";
import { newIdSource } from "../lib/ids";
import { jsonEscaped, jsonMember, jsonString } from "../lib/json_text_object";
import { topTag } from "../lib/lazy_log";
import { discoInfoOptions, selfAnswer, selfAnswerable } from "./self_answers";

const componentHost = module.host;
const KINDS: StanzaKind[] = ["message", "presence", "iq"];
const ADDRESSINGS: Addressing[] = ["host", "bare", "full"];
const KNOWN_KINDS = setOf<string>(KINDS);

const DEFAULT_KINDS = ["message"];

/**
 * The kinds to forward: the seed's option name first, then its older name.
 * Unknown kinds are dropped with a warning; if none is left, the default.
 */
function forwardedKinds(): LuaSet<string> {
  const option = module.get_option("component_post_stanzas") !== undefined ? "component_post_stanzas" : "post_stanza_types";
  const configured = module.get_option_array(option, DEFAULT_KINDS);
  const kinds = new LuaSet<string>();
  for (const kind of configured) {
    if (typeof kind === "string" && KNOWN_KINDS.has(kind)) {
      kinds.add(kind);
    } else {
      module.log("warn", "Ignoring unknown stanza kind %s in %s", tostring(kind), option);
    }
  }
  if (kinds.isEmpty()) {
    module.log("warn", "No valid stanza kind in %s; forwarding %s", option, DEFAULT_KINDS.join(", "));
    for (const kind of DEFAULT_KINDS) {
      kinds.add(kind);
    }
  }
  return kinds;
}

/**
 * Largest endpoint answer accepted, in bytes: its stanza must still be
 * deliverable, and XMPP servers close streams carrying stanzas over their
 * limit (Prosody: 256 KiB from clients, 512 KiB between servers).
 */
const MAX_ANSWER_SIZE = 512 * 1024;

// Configuration, read once at load.
const postUrl = module.get_option_string("component_post_url");
const kinds = forwardedKinds();
const webhook = newWebhook({
  timeout: periodOption("component_post_timeout", 10),
  secret: module.get_option_string("component_post_secret"),
  standardKeys: secretsOption("component_post_webhook_secret"),
  maxInflight: positiveIntegerOption("component_post_max_inflight", 100),
  maxQueue: positiveIntegerOption("component_post_max_queue", 1000),
  maxBody: MAX_ANSWER_SIZE,
  breaker: breakerSettings(
    positiveIntegerOption("component_post_breaker_failures", 5, true),
    periodOption("component_post_breaker_cooldown", 1),
    periodOption("component_post_breaker_max_cooldown", 60),
  ),
  connections: {
    keepalive: module.get_option_boolean("component_post_keepalive", true) !== false,
    maxConnections: positiveIntegerOption("component_post_max_connections", 100),
    idleTimeout: periodOption("component_post_idle_timeout", 60),
    cafile: module.get_option_path("component_post_cafile"),
  },
});
const discoInfo = discoInfoOptions();
const urlIsValid = postUrl !== undefined && string.find(postUrl, "^[Hh][Tt][Tt][Pp][Ss]?://[^/%s]+")[0] !== undefined;

/** Ids of the replies the component makes up (message, presence, iq without the request's). */
const newStanzaId = newIdSource();

const REQUEST_HEADERS = { "Content-Type": "application/json", Accept: "application/json" };

/** An error reply to `original`, unless it must never be answered. */
function replyError(original: Stanza, type: st.ErrorType, condition: st.ErrorCondition, text?: string): void {
  if (isAnswerable(original)) {
    module.send(st.error_reply(original, type, condition, text));
  }
}

/** Errors and iq results are never answered: no loops. */
function isAnswerable(stanza: Stanza): boolean {
  const stanzaType = stanza.attr.type;
  return stanzaType !== "error" && !(stanza.name === "iq" && stanzaType === "result");
}

/** True for an iq that expects exactly one answer. */
function isRequest(stanza: Stanza): boolean {
  return stanza.name === "iq" && (stanza.attr.type === "get" || stanza.attr.type === "set");
}

/**
 * The JSON object POSTed for a stanza: to, from, kind, then type, id and
 * body when set, and the stanza's XML. The XML and the body are copied
 * once, in the last concatenation (nested to the right: one step, see
 * src/lib/json_text_object.ts).
 */
function requestPayload(stanza: Stanza, from: string): string {
  const attr = stanza.attr;
  const to = jsonString(attr.to ?? componentHost);
  const sender = jsonString(from);
  const kind = jsonString(stanza.name);
  const typeMember = jsonMember("type", attr.type);
  const idMember = jsonMember("id", attr.id);
  const body = jsonMember("body", stanza.name === "message" ? stanza.get_child_text("body") : undefined);
  const xml = jsonEscaped(tostring(stanza));
  return '{"to":' + (to + (',"from":' + (sender + (',"kind":' + (kind + (typeMember + (idMember + (body + (',"stanza":"' + (xml + '"}'))))))))));
}

type ReplyResult = LuaMultiReturn<[Stanza, undefined] | [undefined, string]>;

/** A JID the endpoint may send from: the component's domain or under it. */
function isOwnJid(address: string): boolean {
  return jid.host(address) === componentHost;
}

/**
 * A reply field: an XML-safe string, nil, or a type error. Only `body` may
 * be a number (turned into text): a number as `to` would be a valid domain
 * JID, and the reply would go to a server named "5" instead of failing.
 */
function field(reply: LuaTable<string, unknown>, name: string): LuaMultiReturn<[string | undefined, boolean]> {
  const value = reply.get(name);
  if (value === undefined || value === json.NULL) {
    return $multi(undefined, true);
  }
  if (typeof value === "number" && name === "body") {
    return $multi(tostring(value), true);
  }
  return $multi(value as string, isXmlSafeString(value));
}

/** Parse the `stanza` override: one message, presence or iq element. */
function parseStanza(text: string): ReplyResult {
  const [parsed] = xml.parse(text);
  if (parsed === undefined) {
    return $multi(undefined, "'stanza' is not well-formed XML");
  }
  if (!KNOWN_KINDS.has(parsed.name)) {
    return $multi(undefined, `'stanza' is a <${parsed.name}>, not a message, presence or iq`);
  }
  const xmlns = parsed.attr.xmlns;
  if (xmlns !== undefined && xmlns !== "jabber:client" && xmlns !== "jabber:component:accept") {
    return $multi(undefined, "'stanza' is in a foreign namespace");
  }
  parsed.attr.xmlns = undefined;
  return $multi(parsed, undefined);
}

/** Build the reply the endpoint described, with to/from defaulting to the original's swapped. */
function buildReply(original: Stanza, sender: string, reply: LuaTable<string, unknown>): ReplyResult {
  const [to, toOk] = field(reply, "to");
  const [from, fromOk] = field(reply, "from");
  const [kind, kindOk] = field(reply, "kind");
  const [replyType, typeOk] = field(reply, "type");
  const [body, bodyOk] = field(reply, "body");
  const [stanzaText, stanzaOk] = field(reply, "stanza");
  if (!(toOk && fromOk && kindOk && typeOk && bodyOk && stanzaOk)) {
    return $multi(undefined, "a field of the reply is not text");
  }

  let stanza: Stanza;
  if (stanzaText !== undefined) {
    const [parsed, err] = parseStanza(stanzaText);
    if (parsed === undefined) {
      return $multi(undefined, err);
    }
    stanza = parsed;
  } else {
    // The endpoint's type is passed on as it is (like the reference module), hence the casts.
    const replyKind = kind ?? "message";
    if (replyKind === "message") {
      stanza = st.message({ type: (replyType ?? "chat") as st.MessageType, id: newStanzaId() });
      if (body !== undefined) {
        stanza.text_tag("body", body);
      }
    } else if (replyKind === "presence") {
      stanza = st.presence({ type: replyType as st.PresenceType | undefined, id: newStanzaId() });
    } else if (replyKind === "iq") {
      stanza = st.iq({ type: (replyType ?? "result") as st.IqType, id: original.attr.id ?? newStanzaId() });
    } else {
      return $multi(undefined, `unknown kind '${replyKind}'`);
    }
  }

  // Only what the endpoint wrote needs preparing: the original's addresses were prepared by Prosody.
  const givenTo = stanza.attr.to ?? to;
  const givenFrom = stanza.attr.from ?? from;
  const replyTo = givenTo !== undefined ? prepJid(givenTo) : sender;
  const replyFrom = givenFrom !== undefined ? prepJid(givenFrom) : original.attr.to ?? componentHost;
  if (replyTo === undefined) {
    return $multi(undefined, "invalid 'to'");
  }
  if (replyFrom === undefined || !isOwnJid(replyFrom)) {
    return $multi(undefined, `'from' ${tostring(stanza.attr.from ?? from)} is not under ${componentHost}`);
  }
  const problem = invalidStanza(stanza, original);
  if (problem !== undefined) {
    return $multi(undefined, problem);
  }
  stanza.attr.to = replyTo;
  stanza.attr.from = replyFrom;
  return $multi(stanza, undefined);
}

/** The `type` words of each kind (RFC 6120 §8.2.3, RFC 6121): another word is refused, not routed. */
const TYPES_OF: { [kind: string]: LuaSet<string> } = {
  message: setOf(["normal", "chat", "headline", "groupchat", "error"]),
  presence: setOf(["unavailable", "subscribe", "subscribed", "unsubscribe", "unsubscribed", "probe", "error"]),
  iq: setOf(["get", "set", "result", "error"]),
};

/**
 * Why a reply cannot be sent as it is, nil when it can: a type its kind
 * does not have, an iq without type, an iq without id (but the answer to
 * an iq request, which takes the request's), or an iq get/set without
 * exactly one child (Prosody's mod_iq raises on those, and clients answer
 * them with errors that loop).
 */
function invalidStanza(stanza: Stanza, original: Stanza): string | undefined {
  const replyType = stanza.attr.type;
  const words = TYPES_OF[stanza.name];
  if (replyType !== undefined && words !== undefined && !words.has(replyType)) {
    return `type '${replyType}' is not a ${stanza.name} type`;
  }
  if (stanza.name !== "iq") {
    return undefined;
  }
  if (replyType === undefined) {
    return "an iq needs a type";
  }
  const answersRequest = original.name === "iq" && (replyType === "result" || replyType === "error");
  if (stanza.attr.id === undefined && !answersRequest) {
    return "an iq needs an id";
  }
  if ((replyType === "get" || replyType === "set") && stanza.tags.length !== 1) {
    return `an iq ${replyType} needs exactly one child element`;
  }
  return undefined;
}

/** Conditions by which an endpoint says it does not handle a request (not that it failed). */
const REFUSALS = setOf<string>(["service-unavailable", "feature-not-implemented"]);

/**
 * The component's own answer to a forwarded disco#info or ping that the
 * endpoint refused as unsupported (HTTP 404 or 501, or an iq error
 * service-unavailable or feature-not-implemented); nil otherwise.
 */
function fallbackAnswer(original: Stanza, code: number, reply?: Stanza): Stanza | undefined {
  if (selfAnswerable(original) === undefined) {
    return undefined;
  }
  let refused: boolean;
  if (reply === undefined) {
    refused = code === 404 || code === 501;
  } else {
    const [, condition] = reply.get_error();
    refused = reply.name === "iq" && reply.attr.type === "error" && REFUSALS.has(condition ?? "");
  }
  return refused ? selfAnswer(original, discoInfo) : undefined;
}

/** The answer to an iq request must be its result (or error), with its id, to its sender. */
function asIqAnswer(original: Stanza, reply: Stanza): Stanza {
  const fallback = fallbackAnswer(original, 200, reply);
  if (fallback !== undefined) {
    return fallback;
  }
  if (reply.name === "iq" && (reply.attr.type === "result" || reply.attr.type === "error")) {
    reply.attr.id = original.attr.id;
    reply.attr.to = original.attr.from;
    return reply;
  }
  // Anything else goes out as its own stanza; the iq still gets its result.
  module.send(reply);
  return st.reply(original);
}

/** Turn a 2xx answer into the reply, if it describes one. */
function handleSuccess(original: Stanza, sender: string, answer: WebhookAnswer): void {
  const isJson = mediaType(answer.headers["content-type"]) === "application/json";
  if (answer.code !== 200 || !isJson) {
    // Accepted without a reply; a request still needs its one answer (for
    // disco#info, an empty result would say the entity has no identity).
    if (isRequest(original)) {
      module.send(selfAnswerable(original) !== undefined ? selfAnswer(original, discoInfo) : st.reply(original));
    }
    return;
  }
  const decoded = json.decode(answer.body);
  if (!json.isObject(decoded)) {
    module.log("warn", "Endpoint answered %s with invalid JSON or not an object", original.top_tag());
    replyError(original, "cancel", "undefined-condition", "The service sent an invalid reply");
    return;
  }
  if (!isAnswerable(original)) {
    return;
  }
  const [reply, problem] = buildReply(original, sender, decoded);
  if (reply === undefined) {
    module.log("warn", "Endpoint's reply to %s refused: %s", original.top_tag(), problem);
    replyError(original, "cancel", "undefined-condition", "The service sent an invalid reply");
    return;
  }
  module.send(isRequest(original) ? asIqAnswer(original, reply) : reply);
}

/** No usable answer: timeout, connection failure, full queue, or an answer too large. */
function handleFailure(original: Stanza, err: UtilError): void {
  // Outages already show in the module status; an oversized answer is the endpoint's mistake, like invalid JSON.
  const level = err.context.outcome === "too-large" ? "warn" : "debug";
  module.log(level, "No usable answer from the endpoint for %s: %s", topTag(original), err.text);
  replyError(original, err.type, err.condition as st.ErrorCondition, err.text);
}

/** Answer the sender from the endpoint's answer (a 2xx, or an HTTP error). */
function handleAnswer(original: Stanza, sender: string, answer: WebhookAnswer): void {
  if (answer.code >= 200 && answer.code < 300) {
    handleSuccess(original, sender, answer);
    return;
  }
  const fallback = fallbackAnswer(original, answer.code);
  if (fallback !== undefined) {
    module.send(fallback);
    return;
  }
  const spec = errorForStatus(answer.code);
  module.log("debug", "Endpoint answered HTTP %d for %s", answer.code, topTag(original));
  replyError(original, spec.type, spec.condition);
}

/** A bug of ours while answering: log it, and the sender still gets an answer. */
function answerAfterBug(original: Stanza, err: unknown): void {
  module.log("error", "Failed to handle the endpoint's answer for %s: %s", original.top_tag(), tostring(err));
  replyError(original, "cancel", "internal-server-error");
}

/**
 * Who sent a forwarded stanza: its from, else the sending session's
 * address. Read again when the answer comes: a client's stanza always has
 * its from (Prosody stamps it), so a client session gone meanwhile (its
 * fields cleared) is never read; the others (hosts, components) stay.
 */
function senderOf(event: StanzaEvent): string {
  const origin = event.origin;
  return event.stanza.attr.from ?? origin.full_jid ?? origin.host;
}

/**
 * Each delivery's outcome (one table for all: no closures per stanza). The
 * context is the stanza's event itself: no table of our own per stanza.
 */
const ANSWERING: DeliveryHandlers<StanzaEvent> = {
  answered: (event, answer) => handleAnswer(event.stanza, senderOf(event), answer),
  failed: (event, err) => handleFailure(event.stanza, err),
  broke: (event, err) => answerAfterBug(event.stanza, err),
};

/** Forward one stanza and answer its sender from the endpoint's answer. */
function forwardStanza(event: StanzaEvent): true {
  const stanza = event.stanza;
  if (!urlIsValid) {
    replyError(stanza, "cancel", "service-unavailable", "This service is not configured");
    return true;
  }
  // Plain strings for the log: an argument made for it costs even when debug is off.
  module.log("debug", "Forwarding %s %s", stanza.name, stanza.attr.id ?? "(no id)");
  // Callbacks, not a promise chain: each promise step costs a timer turn (see src/lib/webhook.ts).
  webhook.deliver(postUrl as string, requestPayload(stanza, senderOf(event)), REQUEST_HEADERS, ANSWERING, event);
  return true;
}

/** Default presence: the component is an always-on contact that accepts subscriptions. */
function handlePresence(event: StanzaEvent<PresenceStanza>): true {
  const stanza = event.stanza;
  const contact = jid.bare(stanza.attr.to) ?? componentHost;
  const peer = stanza.attr.from;
  if (peer === undefined) {
    return true;
  }
  const available = () => st.presence({ from: `${contact}/default`, to: peer });
  const presenceType = stanza.attr.type;
  if (presenceType === "probe") {
    module.send(available());
  } else if (presenceType === "subscribe") {
    module.send(st.presence({ from: contact, to: jid.bare(peer), type: "subscribed" }));
    module.send(available());
  } else if (presenceType === "unsubscribe") {
    module.send(st.presence({ from: `${contact}/default`, to: peer, type: "unavailable" }));
  }
  return true;
}

if (!urlIsValid) {
  module.log_status("error", "component_post_url is %s: set it to the http(s) URL of your endpoint; stanzas are refused until then",
    postUrl === undefined ? "not set" : "not an http(s) URL");
}

/** When iq is not forwarded: disco#info and ping are answered here; other iqs go on to Prosody's default. */
function handleIq(event: StanzaEvent): true | undefined {
  const stanza = event.stanza;
  if (selfAnswerable(stanza) === undefined) {
    return undefined;
  }
  module.send(selfAnswer(stanza, discoInfo));
  return true;
}

// Stanzas of the forwarded kinds go to the endpoint; presence and iq are answered here unless forwarded.
for (const addressing of ADDRESSINGS) {
  for (const kind of KINDS) {
    if (kinds.has(kind)) {
      module.hook(`${kind}/${addressing}`, forwardStanza);
    }
  }
  if (!kinds.has("presence")) {
    module.hook(`presence/${addressing}`, handlePresence);
  }
  if (!kinds.has("iq")) {
    module.hook(`iq/${addressing}`, handleIq);
  }
}
