/**
 * What mod_rest sends back for a webhook's answer to a forwarded stanza:
 * nothing, the endpoint's reply, an empty iq result, a XEP-0184 receipt, or
 * an error. Every function here decides; callback.ts sends.
 */
import * as st from "util.stanza";
import * as jid from "util.jid";
import * as idlib from "util.id";
import { utf8 } from "util.encodings";
import type { Stanza } from "util.stanza";
import type { WebhookAnswer } from "../lib/webhook";
import { errorForStatus } from "../lib/stanza_errors";
import { mediaType } from "../lib/media_type";
import { isXmlSafe } from "../lib/text";
import { decodeStanza } from "./formats";

const RECEIPTS = "urn:xmpp:receipts";

/** Longest error text taken from an endpoint's text/plain error body, in bytes. */
export const MAX_ERROR_TEXT = 1024;

/** Text of the error a sender gets for a 2xx answer that cannot be used. */
export const INVALID_REPLY_TEXT = "The service sent an invalid reply";

/**
 * A forwarded stanza, as far as answering it needs: its top element only
 * (name and attributes, `to` and `from` filled in), and whether it asks
 * for a receipt. The rest of the stanza is not kept while the endpoint thinks.
 */
export interface Original {
  stanza: Stanza;
  wantsReceipt: boolean;
}

/**
 * What answering a stanza needs from it. `recipient` and `sender` stand
 * in for a missing `to` (a stanza to the sender's own account) and `from`.
 */
export function originalOf(stanza: Stanza, recipient: string, sender: string): Original {
  const top = st.clone(stanza, true);
  top.attr.to = stanza.attr.to ?? recipient;
  top.attr.from = stanza.attr.from ?? sender;
  return { stanza: top, wantsReceipt: wantsReceipt(stanza) };
}

/**
 * A message that asks for a receipt (XEP-0184) and may get one: it has an
 * id to acknowledge, and is not an error or a groupchat message (a
 * receipt to a room would go to every occupant).
 */
function wantsReceipt(stanza: Stanza): boolean {
  const stanzaType = stanza.attr.type;
  if (stanza.name !== "message" || stanza.attr.id === undefined || stanzaType === "error" || stanzaType === "groupchat") {
    return false;
  }
  return stanza.get_child("request", RECEIPTS) !== undefined;
}

/** Errors and iq results are never answered: no loops. */
export function isAnswerable(stanza: Stanza): boolean {
  const stanzaType = stanza.attr.type;
  return stanzaType !== "error" && !(stanza.name === "iq" && stanzaType === "result");
}

/** True for an iq that expects exactly one answer. */
export function isRequest(stanza: Stanza): boolean {
  return stanza.name === "iq" && (stanza.attr.type === "get" || stanza.attr.type === "set");
}

/** The outcome for one answer: stanzas to send (maybe none), and a warning to log when the endpoint erred. */
export interface Decision {
  replies: Stanza[];
  warning?: string;
}

/** The receipt for `original`, from the address it was sent to. */
function receiptFor(original: Stanza): Stanza {
  return st.message({ to: original.attr.from, from: original.attr.to, id: idlib.medium(), type: original.attr.type as st.MessageType | undefined })
    .tag("received", { xmlns: RECEIPTS, id: original.attr.id }).up();
}

/** Accepted without a reply: an iq request still gets its result, a receipt request its receipt. */
function accepted(original: Original): Decision {
  if (isRequest(original.stanza)) {
    return { replies: [st.reply(original.stanza)] };
  }
  if (original.wantsReceipt) {
    return { replies: [receiptFor(original.stanza)] };
  }
  return { replies: [] };
}

/** The sender's error for a 2xx answer that cannot be used, with the warning saying why. */
function invalidReply(original: Original, why: string): Decision {
  return {
    replies: [st.error_reply(original.stanza, "cancel", "undefined-condition", INVALID_REPLY_TEXT)],
    warning: why,
  };
}

/**
 * A text/plain answer: a message with that body, of the original's type
 * when it was groupchat (the reply then goes to the room), else chat.
 */
function textReply(original: Stanza, body: string): Stanza | undefined {
  if (!isXmlSafe(body)) {
    return undefined;
  }
  return st.message({ type: original.attr.type === "groupchat" ? "groupchat" : "chat" }).text_tag("body", body);
}

/**
 * Turn the endpoint's stanza into the reply: to/from swapped (a groupchat
 * message goes to the room's bare JID), an iq becomes the result (or stays
 * an error) with the original's id, an error keeps the original's id; the
 * endpoint's other attributes but id, type and xml:lang are dropped.
 */
function adopt(original: Stanza, parsed: Stanza): Stanza {
  let replyType = parsed.attr.type;
  let id = parsed.attr.id ?? idlib.medium();
  let to = original.attr.from;
  if (parsed.name === "iq") {
    replyType = replyType === "error" ? "error" : "result";
    id = original.attr.id ?? id;
  } else if (replyType === "error") {
    id = original.attr.id ?? id;
  } else if (parsed.name === "message" && replyType === "groupchat") {
    to = jid.bare(original.attr.from);
  }
  parsed.attr = { to, from: original.attr.to, id, type: replyType, "xml:lang": parsed.attr["xml:lang"] };
  return parsed;
}

/** The reply, plus the receipt if one is due: inside a reply message to the sender, else on its own. */
function withReceipt(original: Original, reply: Stanza): Stanza[] {
  if (!original.wantsReceipt || reply.attr.type === "error") {
    return [reply];
  }
  if (reply.name === "message" && reply.attr.to === original.stanza.attr.from) {
    if (reply.get_child("received", RECEIPTS) === undefined) {
      reply.tag("received", { xmlns: RECEIPTS, id: original.stanza.attr.id }).up();
    }
    return [reply];
  }
  return [reply, receiptFor(original.stanza)];
}

/** True for a body that says nothing (an "OK" without content). */
function isBlank(body: string): boolean {
  return string.find(body, "%S")[0] === undefined;
}

/** A 2xx answer: a reply of the original's kind, or accepted without one. */
function success(original: Original, answer: WebhookAnswer): Decision {
  if (answer.code === 202 || answer.code === 204 || isBlank(answer.body)) {
    return accepted(original);
  }
  const contentType = mediaType(answer.headers["content-type"]);
  let parsed: Stanza | undefined;
  if (contentType === "text/plain") {
    parsed = textReply(original.stanza, answer.body);
    if (parsed === undefined) {
      return invalidReply(original, "its text/plain answer is not valid UTF-8 text");
    }
  } else {
    const [decoded, err] = decodeStanza(contentType, answer.body);
    if (decoded === undefined) {
      return invalidReply(original, `its ${tostring(contentType ?? "untyped")} answer is unusable: ${err.text ?? err.condition}`);
    }
    parsed = decoded;
  }
  if (parsed.name !== original.stanza.name) {
    return invalidReply(original, `it answered <${original.stanza.name}> with <${parsed.name}>`);
  }
  return { replies: withReceipt(original, adopt(original.stanza, parsed)) };
}

/**
 * The error text an endpoint gave with a non-2xx status: a text/plain
 * body, XML-safe, trimmed, cut to MAX_ERROR_TEXT bytes (at a character
 * boundary). Nil otherwise. Only the first bytes are looked at: a pattern
 * over the whole body (up to the answer limit) could take quadratic time.
 */
export function errorText(answer: WebhookAnswer): string | undefined {
  if (mediaType(answer.headers["content-type"]) !== "text/plain") {
    return undefined;
  }
  const [first] = string.find(answer.body, "%S");
  if (first === undefined) {
    return undefined;
  }
  let text = string.sub(answer.body, first, first + MAX_ERROR_TEXT - 1);
  // Drop a character cut in half (at most 3 bytes of it).
  for (let i = 0; i < 3 && !utf8.valid(text); i++) {
    text = string.sub(text, 1, -2);
  }
  const [trimmed] = string.match(text, "^(.-)%s*$");
  if (trimmed === undefined || !isXmlSafe(trimmed)) {
    return undefined;
  }
  return trimmed;
}

/** What to send back for the endpoint's answer to an answerable stanza. */
export function decide(original: Original, answer: WebhookAnswer): Decision {
  if (answer.code >= 200 && answer.code < 300) {
    return success(original, answer);
  }
  const spec = errorForStatus(answer.code);
  return { replies: [st.error_reply(original.stanza, spec.type, spec.condition, errorText(answer))] };
}
