/**
 * The OpenAPI 3.1 document of mod_rest's API, built from the route table
 * below, the error registry (errors.ts) and the JSON mapping's schema
 * (map/schema.ts), and the routes that serve it with that schema:
 * GET /rest/openapi.yaml, /rest/openapi.json and /rest/schema.json.
 *
 * The documents need no credentials: they describe the API and hold no
 * data, and an API explorer must read them before it can ask for
 * credentials. (The community module serves its openapi.yaml only in its
 * demo mode.) `make build` also writes them into dist/ with the relative
 * server URL `/rest`.
 */
import type { HttpEvent } from "net.http.server";
import * as json from "../lib/json";
import * as yaml from "../lib/yaml";
import { answered } from "../lib/respond";
import { errors } from "./errors";
import type { JsonSchema } from "./map/shape";
import { STANZA_REF } from "./map/shape";
import { jsonArray } from "./map/field";
import { payloadType } from "./path";
import { copySchema, formSchema, iqPayloadNames, mappingSchema, stanzaSchema, wrapperSchema } from "./map/schema";

type Json = { [key: string]: unknown };

const XML = "application/xmpp+xml";
const JSON_TYPE = "application/json";
const FORM = "application/x-www-form-urlencoded";
const TEXT = "text/plain";

/** Where the mapping's schemas live in the OpenAPI document. */
const SCHEMAS = "#/components/schemas";
const STANZA = `${SCHEMAS}/Stanza`;

/** The order of the top-level keys (and of common ones below them) in the YAML text. */
export const OPENAPI_KEY_ORDER = [
  "openapi", "info", "jsonSchemaDialect", "servers", "security", "tags", "paths", "components",
  "title", "summary", "description", "version", "operationId", "parameters", "requestBody", "responses",
];

function ref(name: string): Json {
  return { $ref: `${SCHEMAS}/${name}` };
}

function text(description: string): Json {
  return { type: "string", description };
}

// --- Parameters ---------------------------------------------------------------

const KIND_PARAMETER: Json = {
  name: "kind", in: "path", required: true, description: "The stanza kind.",
  schema: { type: "string", enum: ["message", "presence", "iq"] },
};
const TYPE_PARAMETER: Json = {
  name: "type", in: "path", required: true,
  description: "The stanza type, one of the kind's (message: normal, chat, headline, groupchat; presence: available, unavailable, subscribe, subscribed, unsubscribe, unsubscribed, probe; iq: get, set); for an iq, a payload name instead (see /iq/{payload}/{to}).",
  schema: { type: "string", pattern: "^[A-Za-z0-9_-]+$" },
};
const TO_PARAMETER: Json = {
  name: "to", in: "path", required: true,
  description: "The recipient: the rest of the path, which may hold `/` (a full JID). To send without `to` (to the account itself or its server), end the path after the type, with or without a slash.",
  schema: { type: "string" },
};

/** "Sent with type set: a, b; the others with get." from path.ts's rule. */
function payloadTypes(names: string[]): string {
  const set: string[] = [];
  for (const name of names) {
    if (payloadType(name) === "set") {
      set.push(name);
    }
  }
  return set.length === 0 ? "Sent with type get." : `Sent with type set: ${set.join(", ")}; the others with get.`;
}

function payloadParameter(): Json {
  const names = iqPayloadNames();
  return {
    name: "payload", in: "path", required: true,
    description: `The iq payload: a field of the JSON mapping that is an iq payload. ${payloadTypes(names)}`,
    schema: { type: "string", enum: names },
  };
}

const TIMEOUT_PARAMETER: Json = {
  name: "Prosody-Rest-Timeout", in: "header", required: false,
  description: "How long to wait for the reply to an iq, in seconds (default rest_iq_timeout, at least 1, at most rest_iq_max_timeout).",
  schema: { type: "number", minimum: 1 },
};

const QUERY_PARAMETER: Json = {
  name: "fields", in: "query", required: false, style: "form", explode: true,
  description: "The payload's fields as flat strings (e.g. `node` for disco, `with` and `max` for archive); with none, the payload's empty value (ping, version: true).",
  schema: { type: "object", additionalProperties: { type: "string" } },
};

// --- Bodies -------------------------------------------------------------------

const XML_EXAMPLE = "<message type='chat' to='juliet@example.com'><body>Hello!</body></message>";

function stanzaContent(): Json {
  return {
    [XML]: { schema: text("One message, presence or iq element, namespace jabber:client or none."), example: XML_EXAMPLE },
    [JSON_TYPE]: { schema: { $ref: STANZA }, example: { kind: "message", type: "chat", to: "juliet@example.com", body: "Hello!" } },
    [FORM]: { schema: ref("StanzaForm"), example: { kind: "message", type: "chat", to: "juliet@example.com", body: "Hello!" } },
  };
}

function stanzaBody(): Json {
  return {
    required: true,
    description: "The stanza to send, in one of the formats; text/plain needs a path saying the kind (422 here).",
    content: stanzaContent(),
  };
}

function pathBody(): Json {
  const content = stanzaContent();
  content[TEXT] = { schema: text("With a message path: the body; with a presence path: the show.") };
  return {
    required: false,
    description: "The rest of the stanza: kind, type and `to` come from the path and win over the body's. An XML body must be an element of the path's kind.",
    content,
  };
}

function payloadBody(): Json {
  return {
    required: false,
    description: "The payload's value (JSON) or its fields (a form); no body: the payload's empty value (e.g. a ping).",
    content: {
      [JSON_TYPE]: { schema: { description: "The payload field's value, as in the JSON mapping (e.g. `true`, `{\"node\": \"...\"}`)." } },
      [FORM]: { schema: { type: "object", additionalProperties: { type: "string" } } },
    },
  };
}

// --- Responses ----------------------------------------------------------------

/** The registry's errors answering with `status`, as "condition: text" lines (sorted by key). */
function errorTexts(status: number): string[] {
  const keys: string[] = [];
  for (const [key, template] of pairs(errors.registry as unknown as LuaTable<string, { code?: number }>)) {
    if (template.code === status) {
      keys.push(key);
    }
  }
  table.sort(keys);
  const lines: string[] = [];
  const registry = errors.registry as unknown as LuaTable<string, { condition: string; text?: string }>;
  for (const key of keys) {
    const template = registry.get(key);
    lines.push(`${template.condition}: ${template.text ?? key}`);
  }
  return lines;
}

/** Every status of the registry, ascending. */
function errorStatuses(): number[] {
  const seen = new LuaSet<number>();
  const list: number[] = [];
  for (const [, template] of pairs(errors.registry as unknown as LuaTable<string, { code?: number }>)) {
    const code = template.code ?? 500;
    if (!seen.has(code)) {
      seen.add(code);
      list.push(code);
    }
  }
  table.sort(list);
  return list;
}

const ERROR_HEADERS: { [status: string]: Json } = {
  "401": { "WWW-Authenticate": { description: "One challenge per enabled mechanism (Basic, Bearer).", schema: { type: "string" } } },
  "429": { "Retry-After": { description: "Seconds to wait (after too many failed authentications).", schema: { type: "string" } } },
};

function errorResponse(status: number): Json {
  const response: Json = {
    description: `${errorTexts(status).join("; ")}.`,
    content: {
      [JSON_TYPE]: { schema: ref("Error") },
      [XML]: { schema: text("A stream error element: <error xmlns='http://etherx.jabber.org/streams'> with the condition and a <text/>.") },
      [TEXT]: { schema: text("The error text, one line.") },
    },
  };
  const headers = ERROR_HEADERS[tostring(status)];
  if (headers !== undefined) {
    response.headers = headers;
  }
  return response;
}

/**
 * The error answers of an operation: every registry status but those in
 * `except`. The body's format follows Accept (JSON, XML or text), else the
 * request's.
 */
function errorResponses(responses: Json, except: number[]): Json {
  const skip = new LuaSet<number>();
  for (const status of except) {
    skip.add(status);
  }
  for (const status of errorStatuses()) {
    if (!skip.has(status)) {
      responses[tostring(status)] = errorResponse(status);
    }
  }
  return responses;
}

function stanzaAnswer(description: string): Json {
  return {
    description: `${description} In the format Accept prefers, else the request's, else XML.`,
    content: {
      [XML]: { schema: text("The stanza (or an <xmpp> element holding several).") },
      [JSON_TYPE]: { schema: ref("Document") },
      [FORM]: { schema: ref("StanzaForm") },
    },
  };
}

const SENT: Json = { description: "Sent (a message or presence): no body." };

/** Answers of an operation that sends: 202 for message and presence, 200 with the reply of an iq. */
function sendingResponses(): Json {
  return errorResponses({ "200": stanzaAnswer("The reply to the iq."), "202": SENT }, []);
}

// --- The document -------------------------------------------------------------

const DOCUMENT_RESPONSES = (contentType: string, schema: Json): Json => ({
  "200": { description: "The document.", content: { [contentType]: { schema } } },
});

function documentOperation(summary: string, operationId: string, contentType: string, schema: Json): Json {
  return {
    get: {
      summary, operationId, tags: ["documents"], security: jsonArray(), responses: DOCUMENT_RESPONSES(contentType, schema),
    },
  };
}

function paths(): Json {
  const sendByPath = (summary: string, operationId: string, parameters: Json[]): Json => ({
    post: {
      summary, operationId, tags: ["stanzas"], parameters,
      requestBody: pathBody(), responses: sendingResponses(),
    },
  });
  const sendPayload = (operationId: string, withTo: boolean): Json => ({
    post: {
      summary: withTo ? "Send an iq with this payload to `to`" : "Send an iq with this payload, without `to`",
      operationId, tags: ["iq"],
      parameters: withTo ? [payloadParameter(), TO_PARAMETER, TIMEOUT_PARAMETER] : [payloadParameter(), TIMEOUT_PARAMETER],
      requestBody: payloadBody(), responses: errorResponses({ "200": stanzaAnswer("The reply to the iq.") }, []),
    },
  });
  const getPayload = (operationId: string, withTo: boolean): Json => ({
    get: {
      summary: withTo ? "Send an iq with this payload, built from the query, to `to`" : "The same, without `to`",
      description: payloadTypes(iqPayloadNames()),
      operationId, tags: ["iq"],
      parameters: withTo ? [payloadParameter(), TO_PARAMETER, QUERY_PARAMETER, TIMEOUT_PARAMETER]
        : [payloadParameter(), QUERY_PARAMETER, TIMEOUT_PARAMETER],
      responses: errorResponses({ "200": stanzaAnswer("The reply to the iq.") }, [415]),
    },
  });
  return {
    "/": {
      post: {
        summary: "Send a stanza",
        description: "Sends the stanza of the body: 202 for a message or presence, 200 with the reply for an iq.",
        operationId: "send", tags: ["stanzas"], parameters: [TIMEOUT_PARAMETER],
        requestBody: stanzaBody(), responses: sendingResponses(),
      },
    },
    "/echo": {
      post: {
        summary: "Build a stanza without sending it",
        description: "Answers the stanza as it would be sent (from, id and addresses rewritten); sends nothing.",
        operationId: "echo", tags: ["stanzas"],
        requestBody: stanzaBody(),
        responses: errorResponses({ "200": stanzaAnswer("The stanza as it would be sent.") }, [503, 504]),
      },
    },
    "/{kind}/{type}/{to}": sendByPath("Send a stanza whose kind, type and recipient the path gives", "sendTo",
      [KIND_PARAMETER, TYPE_PARAMETER, TO_PARAMETER, TIMEOUT_PARAMETER]),
    "/{kind}/{type}/": sendByPath("The same, without `to` (also without the final slash)", "sendWithoutTo",
      [KIND_PARAMETER, TYPE_PARAMETER, TIMEOUT_PARAMETER]),
    "/iq/{payload}/{to}": sendPayload("sendPayloadTo", true),
    "/iq/{payload}/": sendPayload("sendPayload", false),
    "/{payload}/{to}": getPayload("getPayloadTo", true),
    "/{payload}": getPayload("getPayload", false),
    "/openapi.yaml": documentOperation("This document, in YAML", "openApiYaml", "application/yaml", { type: "string" }),
    "/openapi.json": documentOperation("This document, in JSON", "openApiJson", JSON_TYPE, { type: "object" }),
    "/schema.json": documentOperation("The JSON Schema (draft 2020-12) of the JSON mapping", "mappingSchema",
      "application/schema+json", { type: "object" }),
  };
}

const ERROR_SCHEMA: JsonSchema = {
  type: "object",
  title: "Error",
  description: "An error answer in JSON.",
  properties: {
    type: { const: "error" },
    error: {
      type: "object",
      properties: {
        type: { type: "string", enum: ["auth", "cancel", "continue", "modify", "wait"], description: "The XMPP error type." },
        condition: { type: "string", description: "The XMPP condition (stanza or stream error condition)." },
        text: { type: "string", description: "What went wrong." },
      },
      required: ["type", "condition"],
    },
    code: { type: "integer", description: "The HTTP status." },
  },
  required: ["type", "error", "code"],
};

function components(): Json {
  const refTo = (target: string) => (target === STANZA_REF ? STANZA : target);
  return {
    securitySchemes: {
      basic: {
        type: "http", scheme: "basic",
        description: "The account's JID (or its localpart) and password; on a Component, its domain and component_secret.",
      },
      bearer: { type: "http", scheme: "bearer", description: "A token of mod_tokenauth (e.g. from OAuth2)." },
    },
    schemas: {
      Stanza: stanzaSchema(STANZA),
      Stanzas: wrapperSchema(STANZA),
      Document: { anyOf: [{ $ref: STANZA }, ref("Stanzas")], description: "One stanza, or several in `xmpp`." },
      StanzaForm: copySchema(formSchema(), refTo),
      Error: ERROR_SCHEMA,
    },
  };
}

/**
 * The OpenAPI 3.1 document of the API at `baseUrl` (e.g.
 * "https://example.com:5281/rest", or "/rest"); `version` is the module's
 * version when known.
 */
export function openApiDocument(baseUrl: string, version?: string): Json {
  return {
    openapi: "3.1.0",
    info: {
      title: "mod_rest",
      version: version ?? "unknown",
      summary: "Send and receive XMPP stanzas over HTTP",
      description: "A RESTful API of a Prosody host: stanzas in XML (application/xmpp+xml), JSON or flat forms. The JSON mapping is published as a JSON Schema at schema.json.",
      license: { name: "MIT", identifier: "MIT" },
    },
    servers: [{ url: baseUrl }],
    security: [{ basic: jsonArray() }, { bearer: jsonArray() }],
    tags: [
      { name: "stanzas", description: "Send any stanza." },
      { name: "iq", description: "Send an iq naming its payload; the answer is the reply." },
      { name: "documents", description: "This API's documents (no credentials needed)." },
    ],
    paths: paths(),
    components: components(),
  };
}

/** The module's version, from the banner of its file ("-- name 1.2.3, MIT licence."), when it has one. */
function moduleVersion(): string | undefined {
  if (module.path === undefined) {
    return undefined;
  }
  const [file] = io.open(module.path, "r");
  if (file === undefined) {
    return undefined;
  }
  file.read("*l");
  const line = file.read("*l");
  file.close();
  if (typeof line !== "string") {
    return undefined;
  }
  const [version] = string.match(line, "^%-%- %S+ (%d[^,%s]*),");
  return version;
}

/** A route's handler: answers the text with its content type. */
type DocumentHandler = (this: void, event: HttpEvent) => true;

function serve(contentType: string, body: () => string): DocumentHandler {
  let cached: string | undefined;
  return (event) => {
    cached = cached ?? body();
    answered(200);
    event.response.status_code = 200;
    event.response.headers.content_type = contentType;
    event.response.send(cached);
    return true;
  };
}

/** The handlers of each base URL, built once per load (the demo asks for them too). */
const routesByUrl = new LuaMap<string, { [route: string]: DocumentHandler }>();

/**
 * The routes serving the documents, relative to the API's path: "GET
 * /openapi.yaml", "GET /openapi.json", "GET /schema.json". Each text is
 * built on its first request and kept.
 */
export function openApiRoutes(baseUrl: string): { [route: string]: DocumentHandler } {
  const known = routesByUrl.get(baseUrl);
  if (known !== undefined) {
    return known;
  }
  let document: Json | undefined;
  const openApi = (): Json => {
    document = document ?? openApiDocument(baseUrl, moduleVersion());
    return document;
  };
  const routes = {
    "GET /openapi.yaml": serve("application/yaml", () => yaml.encode(openApi(), OPENAPI_KEY_ORDER)),
    "GET /openapi.json": serve(JSON_TYPE, () => json.encode(openApi())),
    "GET /schema.json": serve("application/schema+json", () => json.encode(mappingSchema())),
  };
  routesByUrl.set(baseUrl, routes);
  return routes;
}
