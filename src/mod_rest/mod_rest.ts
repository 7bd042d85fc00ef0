/**
 * mod_rest: a RESTful API for sending and receiving stanzas; bots and
 * components as HTTP services.
 *
 *   curl http://example.com:5280/rest -u me@example.com:password \
 *     -H "Content-Type: application/json" \
 *     -d '{"kind": "message", "type": "chat", "to": "you@example.com", "body": "Hello!"}'
 */
import * as errorlib from "util.error";
import * as usermanager from "core.usermanager";
import type { HttpApp, HttpEvent, ServerRequest } from "net.http.server";
import type { TokenAuthApi } from "mod_tokenauth";
import type { Stanza } from "util.stanza";
import type { Promise } from "util.promise";
import type { UtilError } from "util.error";
import * as json from "../lib/json";
import { isXmlSafe } from "../lib/text";
import { mediaType } from "../lib/media_type";
import { answered, countAnswers, respond } from "../lib/respond";
import { forgetCredentialsOnAccountChanges, newCredentialCache } from "../lib/auth";
import { periodOption, positiveIntegerOption } from "../lib/options";
import { setOf } from "../lib/collections";
import { errors, detailed, respondError } from "./errors";
import { newRestAuth, readMechanisms } from "./auth";
import type { Sender } from "./auth";
import {
  FORM, JSON_TYPE, TEXT, XMPP_XML, decodeFormBody, decodeJson, decodeStanza, decodeXml, documentToStanza, encodeOrXml,
  formDocument, outputFormat,
} from "./formats";
import type { StanzaFormat } from "./formats";
import { amendDocument, parseGetPath, parsePostPath } from "./path";
import type { PathRoute } from "./path";
import { abandonWaitingIqs, prepareStanza, sendIq, sendStanza } from "./send";
import type { Delivery } from "./send";
import { demoRoutes } from "./demo";
import { openApiRoutes } from "./openapi";
import { setupCallbacks } from "./callback";
import { topTag } from "../lib/lazy_log";
import { addUnloadTask } from "../lib/unload";

const host = module.host;
const isComponent = module.get_host_type() === "component";

// Configuration, read once at load.
const sizeLimit = positiveIntegerOption("rest_stanza_size_limit", 192 * 1024);
const mechanisms = readMechanisms(module.get_option_array("rest_auth_mechanisms", ["Basic", "Bearer"]));
/** The same, for lookups (the list keeps the order of the challenges). */
const enabledMechanisms = setOf(mechanisms);
const iqMaxTimeout = periodOption("rest_iq_max_timeout", 300);
const iqTimeout = math.min(periodOption("rest_iq_timeout", 120), iqMaxTimeout);
const iqMaxPending = positiveIntegerOption("rest_iq_max_pending", 10);
const authCacheTtl = periodOption("rest_auth_cache_ttl", 60, true);
const authCacheSize = positiveIntegerOption("rest_auth_cache_size", 1000);
const maxAuthFailures = positiveIntegerOption("rest_max_auth_failures", 30, true);
/** Used on a Component only. */
const componentSecret = module.get_option_string("component_secret");
const anonymous = anonymousRest();
const demoFolder = module.get_option_path("rest_demo_resources");

const AUTH_FAILURE_WINDOW = 60;
/** Iqs waiting for replies in all: Prosody's send_iq tracks 256 per module and evicts the oldest past that. */
const IQ_MAX_PENDING_TOTAL = 250;
/** Shortest wait Prosody-Rest-Timeout may ask for, in seconds. */
const IQ_MIN_TIMEOUT = 1;

/** anonymous_rest applies only with authentication = "anonymous". */
function anonymousRest(): boolean {
  if (module.get_option_boolean("anonymous_rest", false) !== true) {
    return false;
  }
  if (module.get_option_string("authentication") !== "anonymous") {
    module.log("warn", "anonymous_rest needs authentication = \"anonymous\"; requiring credentials");
    return false;
  }
  return true;
}

if (mechanisms.length === 0 && !anonymous) {
  module.log("warn", "rest_auth_mechanisms lists no known mechanism: every request will be refused");
}
if (isComponent && componentSecret === undefined && enabledMechanisms.has("basic")) {
  module.log("warn", "No component_secret set: Basic authentication is refused");
}

const credentialCache = newCredentialCache(authCacheTtl, authCacheSize);
const restAuth = newRestAuth({
  host,
  mechanisms,
  checkPassword: (username, password) => usermanager.test_password(username, host, password),
  cache: credentialCache,
  tokens: enabledMechanisms.has("bearer") ? module.depends<TokenAuthApi>("tokenauth") : undefined,
  component: isComponent ? { secret: componentSecret } : undefined,
  anonymous,
  maxFailures: maxAuthFailures,
  failureWindow: AUTH_FAILURE_WINDOW,
  realm: `${host}/${module.name}`,
});

type StanzaResult = LuaMultiReturn<[Stanza, undefined] | [undefined, UtilError]>;
/** A handler's result: answered now, or once the iq reply is in. */
type Answered = true | Promise<true>;

/** A body for a path route, decoded: nothing, a JSON value, or form fields. */
interface PathBody {
  json?: unknown;
  form?: LuaMap<string, string>;
}

/** The fields of a form (or query string) as a JSON object: an iq payload's value. */
function fieldsObject(fields: LuaMap<string, string>): LuaTable<string, unknown> {
  const doc = new LuaTable<string, unknown>();
  for (const [name, value] of fields) {
    doc.set(name, value);
  }
  return doc;
}

/** An iq payload's value: the JSON body, the form's fields, or (no body) the payload's empty form value. */
function payloadDocument(payload: string, body: PathBody): LuaMultiReturn<[LuaTable<string, unknown>, undefined] | [undefined, UtilError]> {
  const doc = new LuaTable<string, unknown>();
  if (body.json === json.NULL) {
    doc.set(payload, true);
  } else if (body.json !== undefined) {
    doc.set(payload, body.json);
  } else if (body.form !== undefined && !body.form.isEmpty()) {
    doc.set(payload, fieldsObject(body.form));
  } else {
    const empty = new LuaMap<string, string>();
    empty.set(payload, "");
    return formDocument(empty);
  }
  return $multi(doc, undefined);
}

/** The stanza a path and its decoded body describe. */
function stanzaOfPath(route: PathRoute, body: PathBody): StanzaResult {
  let doc: LuaTable<string, unknown>;
  if (route.payload !== undefined) {
    const [payloadDoc, err] = payloadDocument(route.payload, body);
    if (payloadDoc === undefined) {
      return $multi(undefined, err);
    }
    doc = payloadDoc;
  } else if (body.form !== undefined) {
    const [formDoc, err] = formDocument(body.form);
    if (formDoc === undefined) {
      return $multi(undefined, err);
    }
    doc = formDoc;
  } else if (body.json !== undefined) {
    if (!json.isObject(body.json)) {
      return $multi(undefined, detailed("field", "Invalid payload: expected a JSON object"));
    }
    doc = body.json;
  } else {
    doc = new LuaTable();
  }
  amendDocument(doc, route);
  const [stanza, err] = documentToStanza(doc);
  if (stanza === undefined) {
    return $multi(undefined, err);
  }
  if (route.payload !== undefined && stanza.tags.length === 0) {
    return $multi(undefined, detailed("not-found", `No iq payload named '${route.payload}'`));
  }
  return $multi(stanza, undefined);
}

/** An XML body on a path: the path's kind must be its name; the path's type and `to` win. */
function xmlOfPath(route: PathRoute, body: string): StanzaResult {
  if (route.payload !== undefined) {
    return $multi(undefined, detailed("mediatype", "An iq payload path takes a JSON or form body, not XML"));
  }
  const [stanza, err] = decodeXml(body);
  if (stanza === undefined) {
    return $multi(undefined, err);
  }
  if (stanza.name !== route.kind) {
    return $multi(undefined, detailed("name", `The body is a <${stanza.name}>, the path says ${route.kind}`));
  }
  stanza.attr.type = route.type;
  if (route.kind === "presence" && route.type === "available") {
    stanza.attr.type = undefined;
  }
  if (route.to !== undefined) {
    stanza.attr.to = route.to;
  }
  return $multi(stanza, undefined);
}

/** text/plain on a path: a message's body, a presence's show. */
function textOfPath(route: PathRoute, body: string): StanzaResult {
  if (route.kind === "iq") {
    return $multi(undefined, errors.new("text-path"));
  }
  if (!isXmlSafe(body)) {
    return $multi(undefined, errors.new("encoding"));
  }
  const doc = new LuaTable<string, unknown>();
  doc.set(route.kind === "message" ? "body" : "show", body);
  amendDocument(doc, route);
  return documentToStanza(doc);
}

/** The stanza of a POST: from the body alone, or from the path and the body. */
function stanzaOfPost(request: ServerRequest, route: PathRoute | undefined): StanzaResult {
  const media = mediaType(request.headers.content_type);
  const body = request.body;
  if (route === undefined) {
    if (media === TEXT) {
      return $multi(undefined, errors.new("text-path"));
    }
    return decodeStanza(media, body);
  }
  if (media === XMPP_XML) {
    return xmlOfPath(route, body);
  } else if (media === TEXT) {
    return textOfPath(route, body);
  } else if (media === JSON_TYPE) {
    const [value, err] = decodeJson(body);
    if (err !== undefined) {
      return $multi(undefined, err);
    }
    return stanzaOfPath(route, { json: value });
  } else if (media === FORM) {
    const [form, err] = decodeFormBody(body);
    if (form === undefined) {
      return $multi(undefined, err);
    }
    return stanzaOfPath(route, { form });
  } else if (media === undefined && body === "") {
    return stanzaOfPath(route, {});
  }
  return $multi(undefined, errors.new("mediatype"));
}

/** How long to wait for an iq reply: Prosody-Rest-Timeout, else rest_iq_timeout; within 1 s and rest_iq_max_timeout. */
function iqWait(request: ServerRequest): number {
  const header = request.headers.prosody_rest_timeout;
  if (header === undefined) {
    return iqTimeout;
  }
  const asked = tonumber(header);
  if (asked === undefined || asked !== asked) {
    return iqTimeout;
  }
  return math.max(IQ_MIN_TIMEOUT, math.min(asked, iqMaxTimeout));
}

/** Write the answer: 202 without a body, 200 with the reply, or the error. */
function answer(event: HttpEvent, format: StanzaFormat, result: Delivery | UtilError): true {
  if (errorlib.is_error(result)) {
    return respondError(event, result);
  }
  if (result.reply === undefined) {
    answered(202);
    event.response.status_code = 202;
    event.response.send("");
    return true;
  }
  const [body, used] = encodeOrXml(format, result.reply);
  module.log("debug", "Answering %s", topTag(result.reply));
  return respond(event.response, 200, body, used);
}

/** Check, rewrite and send (or, for echo, return) the stanza of a request. */
function dispatch(event: HttpEvent, sender: Sender, decoded: Stanza, echo: boolean): Answered {
  const request = event.request;
  const format = outputFormat(request.headers.accept, request.headers.content_type);
  const [stanza, err] = prepareStanza(decoded, sender);
  if (stanza === undefined) {
    return respondError(event, err);
  }
  if (echo) {
    return answer(event, format, { status: 200, reply: stanza });
  }
  if (stanza.name !== "iq") {
    const [delivery, failure] = sendStanza(stanza, sender);
    return answer(event, format, delivery ?? (failure as UtilError));
  }
  return sendIq(stanza, sender, iqWait(request), { perSender: iqMaxPending, total: IQ_MAX_PENDING_TOTAL }).next(
    (result) => answer(event, format, result),
    (reason: unknown) => {
      module.log("error", "Error while answering an iq request: %s", tostring(reason));
      return respondError(event, errors.new("internal"));
    },
  );
}

/** Authenticate, or answer the error (true); then check the size. */
function authenticated(event: HttpEvent): Sender | true {
  const [sender, err, headers] = restAuth.check(event.request);
  if (sender === undefined) {
    return respondError(event, err, headers);
  }
  if (event.request.body.length > sizeLimit) {
    return respondError(event, errors.new("size"));
  }
  return sender;
}

/** POST /rest, /rest/echo, /rest/{kind}/{type}/{to}. */
function handlePost(event: HttpEvent, path?: string): Answered {
  const sender = authenticated(event);
  if (sender === true) {
    return true;
  }
  const echo = path === "echo";
  let route: PathRoute | undefined;
  if (path !== undefined && path !== "" && !echo) {
    route = parsePostPath(path);
    if (route === undefined) {
      return respondError(event, errors.new("not-found"));
    }
  }
  const [stanza, err] = stanzaOfPost(event.request, route);
  if (stanza === undefined) {
    return respondError(event, err);
  }
  return dispatch(event, sender, stanza, echo);
}

/** GET /rest/{payload}/{to}?query: an iq with that payload, built from the query string. */
function handleGet(event: HttpEvent, path: string): Answered {
  const sender = authenticated(event);
  if (sender === true) {
    return true;
  }
  const route = parseGetPath(path);
  if (route === undefined) {
    return respondError(event, errors.new("not-found"));
  }
  const query = event.request.url.query;
  const [form, formErr] = decodeFormBody(query ?? "", "query");
  if (form === undefined) {
    return respondError(event, formErr);
  }
  const [stanza, err] = stanzaOfPath(route, { form });
  if (stanza === undefined) {
    return respondError(event, err);
  }
  return dispatch(event, sender, stanza, false);
}

forgetCredentialsOnAccountChanges(credentialCache, host);
countAnswers();

module.depends("http");
const routes: HttpApp["route"] = {
  POST: (event: HttpEvent) => handlePost(event),
  "POST /*": handlePost,
  "GET /*": handleGet,
};
// The OpenAPI document and the mapping's schema, without credentials (see openapi.ts); exact
// routes win over "GET /*" in net.http.server (more specific events sort first, 0.12 and 13).
for (const [route, handler] of pairs(openApiRoutes(module.http_url()))) {
  routes[route] = handler;
}
if (demoFolder !== undefined) {
  for (const [route, handler] of pairs(demoRoutes(demoFolder, module.http_url()))) {
    routes[route] = handler;
  }
}
module.provides("http", {
  default_path: "/rest",
  // Browsers may only send credentials cross-origin if the preflight allows the headers.
  cors: { enabled: true, headers: { Authorization: true, Accept: true, "Prosody-Rest-Timeout": true } },
  route: routes,
});

setupCallbacks();

addUnloadTask(abandonWaitingIqs);
