/**
 * mod_rest's webhooks: stanzas addressed to the host (or the component)
 * are POSTed to rest_callback_url, one request each, in the format the
 * endpoint asked for; its answer becomes the reply (callback_answer.ts).
 * Delivery is src/lib/webhook.ts, as for mod_component_http: a timeout,
 * an optional signature, a bound on requests in flight and waiting,
 * metrics and the module status.
 */
import * as st from "util.stanza";
import * as jid from "util.jid";
import type { Stanza, StanzaKind } from "util.stanza";
import type { UtilError } from "util.error";
import type { StanzaEvent } from "core.moduleapi";
import { breakerSettings, newWebhook } from "../lib/webhook";
import { secretsOption } from "../lib/standard_webhooks";
import type { DeliveryHandlers, Webhook, WebhookAnswer } from "../lib/webhook";
import { negotiate } from "../lib/negotiate";
import { periodOption, positiveIntegerOption } from "../lib/options";
import { STANZA_FORMATS, encodeStanza } from "./formats";
import type { StanzaFormat } from "./formats";
import { fillTemplate, isHttpUrl } from "./callback_url";
import { callbackEventsOption, callbackFormatOption, callbackKindsOption } from "./callback_options";
import { decide, isAnswerable, originalOf } from "./callback_answer";
import type { Original } from "./callback_answer";
import { topTag } from "../lib/lazy_log";

/**
 * Largest endpoint answer accepted, in bytes: its stanza must still be
 * deliverable (as for mod_component_http).
 */
const MAX_ANSWER_SIZE = 512 * 1024;

/** Priority of the stanza hooks: after the host's own handlers (disco, ping, ... on a VirtualHost). */
const HOOK_PRIORITY = -1;

/** The formats the endpoint may answer in, for the Accept header of each POST. */
const READ_BACK = "application/xmpp+xml, application/json, application/x-www-form-urlencoded, text/plain";

/** A language tag fit for a header (letters, digits, hyphens): xml:lang can hold anything, line breaks included. */
const LANGUAGE_TAG = "^%w[%w%-]*$";
const MAX_LANGUAGE_TAG = 64;

/** The webhook as configured at load; `format` may change once the endpoint's OPTIONS answer arrives. */
interface Callback {
  url: string;
  format: StanzaFormat;
  webhook: Webhook;
}

/** The answer of one forwarded stanza: at most one error, and for a request exactly one answer. */
interface Exchange {
  original: Original;
  answered: boolean;
}

function send(exchange: Exchange, reply: Stanza): void {
  exchange.answered = true;
  module.send(reply);
}

/** An error to the sender, unless its stanza must not be answered or has been answered. */
function sendError(exchange: Exchange, errorType: st.ErrorType, condition: st.ErrorCondition, text?: string): void {
  const stanza = exchange.original.stanza;
  if (!exchange.answered && isAnswerable(stanza)) {
    send(exchange, st.error_reply(stanza, errorType, condition, text));
  }
}

/** Headers of a POST: the format, the language of the stanza when it is a plain tag, what we read back. */
function requestHeaders(format: StanzaFormat, lang: string | undefined): { [name: string]: string } {
  const headers: { [name: string]: string } = { "Content-Type": format, Accept: READ_BACK };
  if (lang !== undefined && lang.length <= MAX_LANGUAGE_TAG && string.find(lang, LANGUAGE_TAG)[0] !== undefined) {
    headers["Content-Language"] = lang;
  }
  return headers;
}

/** Send what the endpoint's answer calls for. */
function handleAnswer(exchange: Exchange, answer: WebhookAnswer): void {
  const stanza = exchange.original.stanza;
  if (!isAnswerable(stanza)) {
    module.log("debug", "Endpoint answered HTTP %d for %s, which is not answered", answer.code, topTag(stanza));
    return;
  }
  const decision = decide(exchange.original, answer);
  if (decision.warning !== undefined) {
    module.log("warn", "Unusable webhook answer (HTTP %d) for %s: %s", answer.code, stanza.top_tag(), decision.warning);
  } else {
    module.log("debug", "Endpoint answered HTTP %d for %s", answer.code, topTag(stanza));
  }
  for (const reply of decision.replies) {
    send(exchange, reply);
  }
}

/**
 * No answer: the endpoint could not be reached (wait/recipient-unavailable),
 * did not answer in time (wait/remote-server-timeout), the queue is full,
 * or the answer was too large (the library's errors).
 */
function handleFailure(exchange: Exchange, err: UtilError): void {
  const outcome = err.context.outcome;
  // Outages already show in the module status; an oversized answer is the endpoint's mistake.
  const level = outcome === "too-large" ? "warn" : "debug";
  module.log(level, "No usable webhook answer for %s: %s", exchange.original.stanza.top_tag(), tostring(err.text));
  if (outcome === "connection") {
    sendError(exchange, "wait", "recipient-unavailable", err.text);
  } else if (outcome === "timeout") {
    sendError(exchange, "wait", "remote-server-timeout", err.text);
  } else {
    sendError(exchange, err.type, err.condition as st.ErrorCondition, err.text);
  }
}

/** A bug of ours while answering: log it, and the sender still gets its one answer. */
function answerAfterBug(exchange: Exchange, err: unknown): void {
  module.log("error", "Failed to handle the webhook answer for %s: %s", exchange.original.stanza.top_tag(), tostring(err));
  sendError(exchange, "cancel", "internal-server-error");
}

/** Each delivery's outcome, for its exchange (one table for all: no closures per stanza). */
const ANSWERING: DeliveryHandlers<Exchange> = { answered: handleAnswer, failed: handleFailure, broke: answerAfterBug };

/** What encoding gave: the body, or why there is none. */
interface Encoded {
  body?: string;
  err?: UtilError;
}

function encodeToTable(format: StanzaFormat, stanza: Stanza): Encoded {
  const [body, err] = encodeStanza(format, stanza);
  return { body, err };
}

/** Encode for the endpoint; a stanza the format cannot express (or a bug of the mapping) is an error. */
function encodeFor(format: StanzaFormat, stanza: Stanza): LuaMultiReturn<[string, undefined] | [undefined, string]> {
  const [ok, result] = pcall(encodeToTable, format, stanza);
  if (!ok) {
    module.log("error", "Encoding %s as %s failed: %s", stanza.top_tag(), format, tostring(result));
    return $multi(undefined, "internal error");
  }
  if (result.body !== undefined) {
    return $multi(result.body, undefined);
  }
  const err = result.err;
  if (err === undefined) {
    return $multi(undefined, "no reason given");
  }
  return $multi(undefined, err.text ?? err.condition);
}

/** Forward one stanza; its answer comes when the endpoint's does. */
function forward(callback: Callback, event: StanzaEvent): true {
  const stanza = event.stanza;
  const origin = event.origin;
  const sender = stanza.attr.from ?? origin.full_jid ?? origin.host;
  // No `to`: a stanza to the sender's own account (Prosody removed the address).
  const recipient = stanza.attr.to ?? jid.bare(sender) ?? module.host;
  const exchange: Exchange = { original: originalOf(stanza, recipient, sender), answered: false };
  const format = callback.format;
  const [body, problem] = encodeFor(format, stanza);
  if (body === undefined) {
    module.log("warn", "Cannot forward %s to the webhook as %s: %s", stanza.top_tag(), format, problem);
    sendError(exchange, "modify", "not-acceptable", `This stanza cannot be forwarded as ${format}`);
    return true;
  }
  const url = fillTemplate(callback.url, { kind: stanza.name, type: stanza.attr.type, to: recipient, from: sender });
  module.log("debug", "Forwarding %s to the webhook", topTag(stanza));
  // Callbacks, not a promise chain: each promise step costs a timer turn (see src/lib/webhook.ts).
  callback.webhook.deliver(url, body, requestHeaders(format, stanza.attr["xml:lang"]), ANSWERING, exchange);
  return true;
}

/** A 200 answer to the OPTIONS probe: its Accept header picks the format (ties favour the configured one). */
function useProbeAnswer(callback: Callback, answer: WebhookAnswer): void {
  if (answer.code !== 200) {
    module.log("debug", "Webhook endpoint answered the OPTIONS probe with HTTP %d; sending %s", answer.code, callback.format);
    return;
  }
  const accept = answer.headers.accept;
  if (accept === undefined) {
    module.log("debug", "Webhook endpoint answered the OPTIONS probe without Accept; sending %s", callback.format);
    return;
  }
  const offers: StanzaFormat[] = [callback.format];
  for (const format of STANZA_FORMATS) {
    if (format !== callback.format) {
      offers.push(format);
    }
  }
  const chosen = negotiate(accept, offers);
  if (chosen === undefined) {
    module.log("warn", "Webhook endpoint accepts none of %s (Accept: %s); sending %s anyway",
      table.concat(STANZA_FORMATS, ", "), accept, callback.format);
    return;
  }
  module.log("info", "Webhook endpoint asked for %s", chosen);
  callback.format = chosen as StanzaFormat;
}

/** Ask the endpoint (OPTIONS) which format it wants; the delivery library keeps the status. */
function probe(callback: Callback): void {
  const url = fillTemplate(callback.url, { kind: "meta", type: "info", to: module.host, from: module.host });
  callback.webhook.probe(url, {})
    .next(
      (answer) => useProbeAnswer(callback, answer),
      (err: UtilError) => module.log("debug", "No answer to the OPTIONS probe of the webhook: %s", tostring(err.text)),
    )
    .catch((err: unknown) => module.log("error", "Failed to handle the OPTIONS probe answer: %s", tostring(err)));
}

/** Reads the rest_callback_* options; when rest_callback_url is set, probes it and hooks the stanza events. Call once at load. */
export function setupCallbacks(): void {
  const url = module.get_option_string("rest_callback_url");
  if (url === undefined) {
    return;
  }
  const probeUrl = fillTemplate(url, { kind: "meta", type: "info", to: module.host, from: module.host });
  if (!isHttpUrl(probeUrl)) {
    module.log_status("error", "rest_callback_url is not an http(s) URL: no stanza is forwarded");
    return;
  }
  const callback: Callback = {
    url,
    format: callbackFormatOption(),
    webhook: newWebhook({
      timeout: periodOption("rest_callback_timeout", 10),
      secret: module.get_option_string("rest_callback_secret"),
      standardKeys: secretsOption("rest_callback_webhook_secret"),
      maxInflight: positiveIntegerOption("rest_callback_max_inflight", 100),
      maxQueue: positiveIntegerOption("rest_callback_max_queue", 1000),
      maxBody: MAX_ANSWER_SIZE,
      breaker: breakerSettings(
        positiveIntegerOption("rest_callback_breaker_failures", 5, true),
        periodOption("rest_callback_breaker_cooldown", 1),
        periodOption("rest_callback_breaker_max_cooldown", 60),
      ),
      connections: {
        keepalive: module.get_option_boolean("rest_callback_keepalive", true) !== false,
        maxConnections: positiveIntegerOption("rest_callback_max_connections", 100),
        idleTimeout: periodOption("rest_callback_idle_timeout", 60),
        cafile: module.get_option_path("rest_callback_cafile"),
      },
    }),
  };
  const kinds: StanzaKind[] = callbackKindsOption();
  const events = callbackEventsOption();
  module.set_status("info", "Not yet connected to the webhook endpoint");
  probe(callback);
  const handler = (event: StanzaEvent): true => forward(callback, event);
  for (const kind of kinds) {
    for (const addressing of events) {
      module.hook(`${kind}/${addressing}`, handler, HOOK_PRIORITY);
    }
  }
  module.log("debug", "Webhook: forwarding %s addressed as %s, in %s", table.concat(kinds, ", "), table.concat(events, ", "), callback.format);
}
