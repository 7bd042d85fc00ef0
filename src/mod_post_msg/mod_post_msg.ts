/**
 * mod_post_msg: send a message with one authenticated HTTP POST.
 *
 *   curl http://example.com:5280/msg/user -u me@example.com:password \
 *     -H "Content-Type: text/plain" -d "Server@host has just crashed!"
 */
import * as st from "util.stanza";
import * as xml from "util.xml";
import * as idlib from "util.id";
import * as errorlib from "util.error";
import * as usermanager from "core.usermanager";
import type { HttpEvent } from "net.http.server";
import type { TokenAuthApi } from "mod_tokenauth";
import type { Stanza } from "util.stanza";
import type { UtilError } from "util.error";
import * as json from "../lib/json";
import { isXmlSafe, isXmlSafeString } from "../lib/text";
import { mediaType } from "../lib/media_type";
import { decodeForm } from "../lib/form";
import { negotiate } from "../lib/negotiate";
import { countAnswers, respond, respondError } from "../lib/respond";
import { authenticate, forgetCredentialsOnAccountChanges, newCredentialCache, newFailureThrottle } from "../lib/auth";
import { prepJid } from "../lib/address";
import { periodOption, positiveIntegerOption } from "../lib/options";
import { setOf } from "../lib/collections";
import type { AuthenticatorConfig } from "../lib/auth";
import { topTag } from "../lib/lazy_log";

const host = module.host;

// Configuration, read once at load.
const sizeLimit = positiveIntegerOption("post_msg_size_limit", 192 * 1024);
const authCacheTtl = periodOption("post_msg_auth_cache_ttl", 60, true);
const authCacheSize = positiveIntegerOption("post_msg_auth_cache_size", 1000);
const maxAuthFailures = positiveIntegerOption("post_msg_max_auth_failures", 30, true);
const AUTH_FAILURE_WINDOW = 60;

const XMLNS_XHTML_IM = "http://jabber.org/protocol/xhtml-im";
const XMLNS_XHTML = "http://www.w3.org/1999/xhtml";

const ACCEPTED_TYPES = ["text/plain", "application/x-www-form-urlencoded", "application/json"];
const MESSAGE_TYPES = setOf(["chat", "normal", "headline", "groupchat"]);
/** Fields of a form or JSON payload; anything else is ignored. */
const FIELDS = ["to", "type", "body", "subject", "html"];

const errors = errorlib.init("post_msg", {
  "auth-required": { code: 401, type: "auth", condition: "not-authorized", text: "Authentication required" },
  "auth-refused": { code: 401, type: "auth", condition: "not-authorized", text: "Invalid credentials" },
  "too-many-failures": {
    code: 429, type: "wait", condition: "policy-violation",
    text: "Too many failed authentication attempts; try again later",
  },
  "too-large": { code: 413, type: "modify", condition: "resource-constraint", text: "Payload too large" },
  "unsupported-media-type": {
    code: 415, type: "modify", condition: "bad-request",
    text: "Unsupported Content-Type: use text/plain, application/x-www-form-urlencoded or application/json",
  },
  "malformed-text": { code: 400, type: "modify", condition: "bad-request", text: "The body must be UTF-8 text without control characters" },
  "malformed-form": { code: 400, type: "modify", condition: "bad-request", text: "Malformed form data" },
  "malformed-json": { code: 400, type: "modify", condition: "bad-request", text: "Malformed JSON" },
  "json-not-object": { code: 400, type: "modify", condition: "bad-request", text: "The JSON payload must be an object" },
  "invalid-field": { code: 400, type: "modify", condition: "bad-request", text: "Invalid field value" },
  "malformed-html": { code: 400, type: "modify", condition: "bad-request", text: "The html field is not well-formed XHTML" },
  "invalid-type": {
    code: 422, type: "modify", condition: "bad-request",
    text: "The message type must be chat, normal, headline or groupchat",
  },
  "no-recipient": { code: 422, type: "modify", condition: "jid-malformed", text: "No recipient given" },
  "invalid-recipient": { code: 422, type: "modify", condition: "jid-malformed", text: "Invalid recipient address" },
  "nothing-to-send": { code: 422, type: "modify", condition: "bad-request", text: "Nothing to send: give a body, subject or html" },
});

const credentialCache = newCredentialCache(authCacheTtl, authCacheSize);
const authConfig: AuthenticatorConfig = {
  host,
  mechanisms: setOf(["basic", "bearer"]),
  checkPassword: (username, password) => usermanager.test_password(username, host, password),
  cache: credentialCache,
  tokens: module.depends<TokenAuthApi>("tokenauth"),
};

const authChallenge = { www_authenticate: `Basic realm="${host}/post_msg"` };
const failureThrottle = newFailureThrottle(maxAuthFailures, AUTH_FAILURE_WINDOW);

/** The fields of a payload, or the error describing what is wrong with it. */
type Fields = LuaMap<string, string>;
type PayloadResult = LuaMultiReturn<[Fields, undefined] | [undefined, UtilError]>;

/** An error of the registry, with a more precise text. */
function detailedError(key: "invalid-field", text: string): UtilError {
  const err = errors.new(key);
  err.text = text;
  return err;
}

/** Keep the known fields of a decoded form or JSON object; each must be XML-safe text. */
function pickFields(get: (this: void, name: string) => unknown): PayloadResult {
  const fields = new LuaMap<string, string>();
  for (const name of FIELDS) {
    const value = get(name);
    if (value !== undefined && value !== json.NULL) {
      if (!isXmlSafeString(value)) {
        return $multi(undefined, detailedError("invalid-field", `The '${name}' field must be UTF-8 text without control characters`));
      }
      // An empty type is a wrong type; empty text fields simply say nothing.
      if (value !== "" || name === "type") {
        fields.set(name, value);
      }
    }
  }
  return $multi(fields, undefined);
}

/** Read the payload according to its Content-Type. */
function readPayload(contentType: string | undefined, body: string): PayloadResult {
  if (contentType === "text/plain") {
    if (!isXmlSafe(body)) {
      return $multi(undefined, errors.new("malformed-text"));
    }
    const fields = new LuaMap<string, string>();
    if (body !== "") {
      fields.set("body", body);
    }
    return $multi(fields, undefined);
  } else if (contentType === "application/x-www-form-urlencoded") {
    const form = decodeForm(body);
    if (form === undefined) {
      return $multi(undefined, errors.new("malformed-form"));
    }
    return pickFields((name) => form.get(name));
  } else if (contentType === "application/json") {
    const decoded = json.decode(body);
    if (decoded === undefined) {
      return $multi(undefined, errors.new("malformed-json"));
    }
    if (!json.isObject(decoded)) {
      return $multi(undefined, errors.new("json-not-object"));
    }
    return pickFields((name) => decoded.get(name));
  }
  return $multi(undefined, errors.new("unsupported-media-type"));
}

/**
 * The recipient's JID: a full address is used as it is; one without `@`
 * names a user of this host (`bob` → bob@host, `bob/res` → bob@host/res).
 * Nil when the result is not a valid JID.
 */
function resolveRecipient(recipient: string): string | undefined {
  if (string.find(recipient, "@", 1, true)[0] === undefined) {
    const [node, resource] = string.match(recipient, "^([^/]*)(.*)$");
    recipient = `${node ?? ""}@${host}${resource ?? ""}`;
  }
  return prepJid(recipient);
}

/** Parse an XHTML fragment into the `<body/>` of an XHTML-IM payload. */
function parseHtml(fragment: string): Stanza | undefined {
  const [parsed] = xml.parse(`<body xmlns="${XMLNS_XHTML}">${fragment}</body>`);
  return parsed;
}

/** Build the message from validated fields, or say what is missing. */
function buildMessage(fields: Fields, pathRecipient: string, sender: string): LuaMultiReturn<[Stanza, undefined] | [undefined, UtilError]> {
  const messageType = fields.get("type") ?? "chat";
  if (!MESSAGE_TYPES.has(messageType)) {
    return $multi(undefined, errors.new("invalid-type"));
  }
  const recipient = fields.get("to") ?? (pathRecipient !== "" ? pathRecipient : undefined);
  if (recipient === undefined) {
    return $multi(undefined, errors.new("no-recipient"));
  }
  const to = resolveRecipient(recipient);
  if (to === undefined) {
    return $multi(undefined, errors.new("invalid-recipient"));
  }
  const html = fields.get("html");
  let htmlBody: Stanza | undefined;
  if (html !== undefined) {
    htmlBody = parseHtml(html);
    if (htmlBody === undefined) {
      return $multi(undefined, errors.new("malformed-html"));
    }
  }
  const body = fields.get("body");
  const subject = fields.get("subject");
  if (body === undefined && subject === undefined && htmlBody === undefined) {
    return $multi(undefined, errors.new("nothing-to-send"));
  }

  const message = st.message({ to, from: sender, type: messageType as st.MessageType, id: idlib.medium() }); // a MESSAGE_TYPES member
  if (subject !== undefined) {
    message.text_tag("subject", subject);
  }
  if (body !== undefined) {
    message.text_tag("body", body);
  }
  if (htmlBody !== undefined) {
    message.tag("html", { xmlns: XMLNS_XHTML_IM }).add_child(htmlBody).up();
  }
  return $multi(message, undefined);
}

/** POST /msg/[recipient]: authenticate, parse, validate, send; 201 with the message id. */
function handlePost(event: HttpEvent, path: string): true {
  const request = event.request;
  const address = request.ip ?? "";
  if (failureThrottle.blocked(address)) {
    return respondError(event, errors.new("too-many-failures"), { retry_after: tostring(AUTH_FAILURE_WINDOW) });
  }
  const [principal, failure] = authenticate(authConfig, request.headers.authorization);
  if (principal === undefined) {
    if (failure !== "missing") {
      failureThrottle.failed(address);
    }
    const err = errors.new(failure === "missing" ? "auth-required" : "auth-refused");
    return respondError(event, err, authChallenge);
  }
  if (request.body.length > sizeLimit) {
    return respondError(event, errors.new("too-large"));
  }
  const [fields, payloadError] = readPayload(mediaType(request.headers.content_type), request.body);
  if (fields === undefined) {
    return respondError(event, payloadError);
  }
  const [message, messageError] = buildMessage(fields, path, principal.jid);
  if (message === undefined) {
    return respondError(event, messageError);
  }

  const id = message.attr.id as string;
  module.log("debug", "Sending %s for %s via HTTP", topTag(message), principal.jid);
  module.send(message);

  if (negotiate(request.headers.accept, ["text/plain", "application/json"]) === "application/json") {
    return respond(event.response, 201, json.encode({ id, to: message.attr.to }), "application/json");
  }
  return respond(event.response, 201, `${id}\n`, "text/plain; charset=utf-8");
}

/** OPTIONS: what may be sent here. */
function handleOptions(event: HttpEvent): true {
  return respond(event.response, 200, "", "text/plain", { allow: "POST", accept: ACCEPTED_TYPES.join(", ") });
}

forgetCredentialsOnAccountChanges(credentialCache, host);
countAnswers();

module.provides("http", {
  default_path: "/msg",
  // Browsers may only send credentials cross-origin if the preflight allows the header.
  cors: { enabled: true, headers: { Authorization: true, Accept: true } },
  route: {
    "POST /*": handlePost,
    "OPTIONS /*": handleOptions,
  },
});
