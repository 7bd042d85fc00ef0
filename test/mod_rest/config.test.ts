// mod_rest with a garbage configuration, end to end: every option of
// docs/mod_rest/README.md's Configuration and Webhook options tables set to
// a value of the wrong type or range, on the VirtualHost "localhost" and on
// the Component "rest.localhost" (each with rest_callback_url pointing at a
// real webhook endpoint). The server starts, both hosts load mod_rest, the
// defaults are in force, each bad value is reported with a warning, and the
// log has no error except the documented ones and no traceback. A second,
// small server with valid but unusual values shows they are honoured.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { luaString, PROSODY_VERSION, type ProsodyServer } from "../harness/prosody";
import {
  basicAs, COMPONENT, componentAuth, expectRestError, expectStatus, HOST, NS, restClient, restServer, textPayload, xmlPayload,
} from "../harness/rest";
import { startSuite, stopSuite, type Suite } from "../harness/suite";
import { isSignedWith, startWebhookServer, type WebhookServer } from "../harness/webhook";
import { messageWithBody, xml, type TestClient } from "../harness/xmpp";
import { callbackUrl, requestFor, sendMessage, XMPP_XML } from "./callback_kit";

/** The documented defaults the garbage falls back to. */
const DEFAULT_SIZE_LIMIT = 192 * 1024;
const MISSING_DEMO = "/nonexistent/swagger-ui/dist";
/** component_secret given as a number: read as the string "12345". */
const NUMBER_SECRET = 12345;

/** Every option, with wrong types and ranges (README: Configuration and Webhook options). */
const vhostGarbage = (hook: WebhookServer) => [
  '  rest_stanza_size_limit = "lots"',
  '  rest_auth_mechanisms = { "Digest", "NTLM", "basic", 42, { "Bearer" } }',
  '  anonymous_rest = "perhaps"',
  '  component_secret = { "not", "a", "string" }',
  '  rest_iq_timeout = "nan"',
  "  rest_iq_max_timeout = -5",
  "  rest_iq_max_pending = 0",
  "  rest_auth_cache_ttl = 1e999",
  "  rest_auth_cache_size = { 1, 2 }",
  "  rest_max_auth_failures = -1",
  `  rest_demo_resources = ${luaString(MISSING_DEMO)}`,
  `  ${callbackUrl(hook, "vhost")}`,
  '  rest_callback_content_type = "text/bogus"',
  '  rest_callback_stanzas = { "carrier-pigeon", 7 }',
  '  rest_callback_events = "everything"',
  '  rest_callback_timeout = "forever and ever"',
  "  rest_callback_secret = { 1, 2 }",
  '  rest_callback_webhook_secret = { "whsec_!!!", 42, {} }',
  "  rest_callback_max_inflight = 0",
  '  rest_callback_max_queue = "many"',
].join("\n");

const componentGarbage = (hook: WebhookServer) => [
  "  rest_stanza_size_limit = -1",
  '  rest_auth_mechanisms = "Basic"',
  "  anonymous_rest = { true }",
  "  rest_iq_timeout = 0",
  '  rest_iq_max_timeout = "-inf"',
  "  rest_iq_max_pending = 1e999",
  '  rest_auth_cache_ttl = "-1"',
  "  rest_auth_cache_size = 0",
  '  rest_max_auth_failures = { "x" }',
  "  rest_demo_resources = { 1 }",
  `  ${callbackUrl(hook, "component")}`,
  "  rest_callback_content_type = 42",
  '  rest_callback_stanzas = "iq and more"',
  '  rest_callback_events = { "bare", "sideways", {} }',
  "  rest_callback_timeout = -10",
  "  rest_callback_secret = 7",
  '  rest_callback_webhook_secret = "not-a-secret"',
  "  rest_callback_max_inflight = 1e999",
  "  rest_callback_max_queue = -1",
].join("\n");

/**
 * Error-level entries allowed in the garbage server's log, each documented:
 * - README, rest_callback_content_type: "Any other value is logged as an
 *   error once, at load, and XML is sent" (one per host).
 * - Prosody's own option getters (not mod_rest's code) log at error level a
 *   number option that is not a number and a list given for a string:
 *   "Config option 'x' not understood..." / "... does not take a list". The
 *   README's "replaced by its default with a warning" is mod_rest's own line,
 *   which follows (asserted below).
 */
const documentedErrors = [
  /(localhost|rest\.localhost):rest\s+error\s+rest_callback_content_type = "(text\/bogus|42)" is not one of/,
  /\terror\tConfig option '(rest_[a-z_]+|component_secret|anonymous_rest)'/,
];

// 1e999 for a count: 0.12 reads inf, 13's get_option_integer the largest integer (with its own
// "out of bounds" warning); either way mod_rest falls back to the default.
const hugeInteger = (name: string, fallback: number): RegExp =>
  new RegExp(`rest\\.localhost:rest\\s+warn\\s+Option '${name}' must be a positive number; using ${fallback}`);

describe("garbage in every option", () => {
  let hook: WebhookServer;
  let suite: Suite<"bob">;
  let server: ProsodyServer;
  let bob: TestClient;
  const alice = restClient(() => server, { auth: basicAs("alice") });
  const component = restClient(() => server, { auth: componentAuth(String(NUMBER_SECRET)), host: COMPONENT });

  beforeAll(async () => {
    hook = await startWebhookServer(() => ({ status: 204 }));
    suite = await startSuite({
      ...restServer({ name: "rest-config-garbage", config: vhostGarbage(hook) }),
      components: [{ domain: COMPONENT, module: "rest", config: `  component_secret = ${NUMBER_SECRET}\n${componentGarbage(hook)}` }],
      clients: { bob: "phone" },
    });
    ({ server, clients: { bob } } = suite);
  });

  afterAll(() => stopSuite(suite, { expected: (entry) => documentedErrors.some((re) => re.test(entry)), cleanup: [() => hook?.close()] }));

  it("loads mod_rest on the VirtualHost and on the Component", async () => {
    for (const domain of [HOST, COMPONENT]) {
      expect(await server.shell(`>prosody.hosts[${luaString(domain)}].modules.rest ~= nil`), domain).toMatch(/true/);
    }
  });

  it("delivers an authenticated POST /rest message to a real client (202)", async () => {
    const received = messageWithBody(bob, "garbage in, message out");
    const res = await alice.post(xmlPayload(xml("message", { to: "bob@localhost", type: "chat" }, xml("body", {}, "garbage in, message out"))));
    expectStatus(res, 202);
    expect((await received).attrs.from).toBe("alice@localhost");
  });

  it("answers an iq ping with 200, as a user and as the component", async () => {
    const ping = xmlPayload(xml("iq", { type: "get", to: HOST, id: "p1" }, xml("ping", { xmlns: NS.ping })));
    for (const client of [alice, component]) {
      const res = await client.post(ping);
      expectStatus(res, 200);
      expect(res.stanza().attrs).toMatchObject({ type: "result", id: "p1" });
    }
  });

  it("keeps the default size limit on both hosts", async () => {
    const path = "/message/chat/bob@localhost";
    expectRestError(await alice.postTo(path, textPayload("x".repeat(DEFAULT_SIZE_LIMIT + 1))), 413);
    expectRestError(await component.postTo(path, textPayload("x".repeat(DEFAULT_SIZE_LIMIT + 1))), 413);
    const received = messageWithBody(bob, "y".repeat(1000));
    expectStatus(await component.postTo(path, textPayload("y".repeat(1000))), 202);
    expect((await received).attrs.from).toBe(COMPONENT);
  });

  it("keeps only the known mechanisms, and requires credentials (no anonymous_rest)", async () => {
    const none = restClient(server, { auth: null });
    const res = await none.post(textPayload("x"), { path: "/message/chat/bob@localhost" });
    expectRestError(res, 401);
    expect(res.headers["www-authenticate"]).toBe('Basic realm="localhost/rest"');
    const onComponent = await none.post(textPayload("x"), { path: "/message/chat/bob@localhost", host: COMPONENT });
    expectRestError(onComponent, 401);
    expect(onComponent.headers["www-authenticate"]).toBe('Basic realm="rest.localhost/rest"');
  });

  it("serves no demo pages from a folder that does not exist", async () => {
    const res = await alice.get("/demo/");
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it("forwards to the webhook with the defaults: XML, messages to the host (VirtualHost) and to any address (Component)", async () => {
    const toHost = await sendMessage(bob, HOST, "to the host");
    const hostPost = await requestFor(hook, toHost);
    expect(hostPost.name).toBe("vhost");
    expect(hostPost.format).toBe(XMPP_XML);
    const toBot = await sendMessage(bob, `bot@${COMPONENT}`, "to the bot");
    const botPost = await requestFor(hook, toBot);
    expect(botPost.name).toBe("component");
    expect(botPost.format).toBe(XMPP_XML);
    // rest_callback_secret = 7 is read as the string "7" (Prosody's get_option_string).
    expect(isSignedWith(botPost.req, "7")).toBe(true);
    // No valid rest_callback_webhook_secret: no Standard Webhooks signature.
    expect(botPost.req.headers["webhook-signature"]).toBeUndefined();
    expect(hostPost.req.headers["webhook-signature"]).toBeUndefined();
  });

  it("reports each bad value in the log, with no traceback", () => {
    const log = server.log();
    for (const warning of [
      /\slocalhost:rest\s+warn\s+Option 'rest_stanza_size_limit' must be a positive number; using 196608/,
      /\slocalhost:rest\s+warn\s+Ignoring unknown mechanism Digest in rest_auth_mechanisms/,
      /\slocalhost:rest\s+warn\s+Ignoring unknown mechanism 42 in rest_auth_mechanisms/,
      /rest\.localhost:rest\s+warn\s+anonymous_rest needs authentication = "anonymous"; requiring credentials/,
      /\slocalhost:rest\s+warn\s+Option 'rest_iq_timeout' must be a positive number; using 120/,
      /\slocalhost:rest\s+warn\s+Option 'rest_iq_max_timeout' must be a positive number; using 300/,
      /\slocalhost:rest\s+warn\s+Option 'rest_iq_max_pending' must be a positive number; using 10/,
      /\slocalhost:rest\s+warn\s+Option 'rest_auth_cache_ttl' must be a non-negative number; using 60/,
      // rest_auth_cache_size = { 1, 2 } is 1 (Prosody: "does not take a list, using just the first item"), a valid size.
      /\slocalhost:rest\s+error\s+Config option 'rest_auth_cache_size' does not take a list/,
      /\slocalhost:rest\s+warn\s+Option 'rest_max_auth_failures' must be a non-negative number; using 30/,
      /\slocalhost:rest\s+warn\s+rest_demo_resources: cannot read index\.html/,
      /\slocalhost:rest\s+warn\s+Ignoring secret #1 of rest_callback_webhook_secret/,
      /\slocalhost:rest\s+warn\s+No valid secret in rest_callback_webhook_secret/,
      /rest\.localhost:rest\s+warn\s+No valid secret in rest_callback_webhook_secret/,
      /\slocalhost:rest\s+warn\s+Ignoring carrier-pigeon in rest_callback_stanzas/,
      /\slocalhost:rest\s+warn\s+No valid entry in rest_callback_stanzas; using message, presence, iq/,
      /\slocalhost:rest\s+warn\s+No valid entry in rest_callback_events; using host/,
      /\slocalhost:rest\s+warn\s+Option 'rest_callback_timeout' must be a positive number; using 10/,
      /\slocalhost:rest\s+warn\s+Option 'rest_callback_max_inflight' must be a positive number; using 100/,
      /\slocalhost:rest\s+warn\s+Option 'rest_callback_max_queue' must be a positive number; using 1000/,
      /rest\.localhost:rest\s+warn\s+Option 'rest_stanza_size_limit' must be a positive number; using 196608/,
      hugeInteger("rest_iq_max_pending", 10),
      /rest\.localhost:rest\s+warn\s+Option 'rest_auth_cache_size' must be a positive number; using 1000/,
      /rest\.localhost:rest\s+warn\s+Ignoring sideways in rest_callback_events/,
      /rest\.localhost:rest\s+warn\s+Option 'rest_callback_timeout' must be a positive number; using 10/,
      hugeInteger("rest_callback_max_inflight", 100),
      /rest\.localhost:rest\s+warn\s+Option 'rest_callback_max_queue' must be a positive number; using 1000/,
    ]) {
      expect(log).toMatch(warning);
    }
    // The documented error, once per host.
    expect(log.split("\n").filter((line) => /\terror\trest_callback_content_type/.test(line))).toHaveLength(2);
    expect(log).not.toMatch(/traceback/i);
  });
});

describe("valid but unusual values", () => {
  let hook: WebhookServer;
  let suite: Suite<"bob">;
  let server: ProsodyServer;
  let bob: TestClient;
  const alice = restClient(() => server, { auth: basicAs("alice") });

  beforeAll(async () => {
    hook = await startWebhookServer(() => ({ status: 204 }));
    suite = await startSuite({
      ...restServer({
        name: "rest-config-unusual",
        config: [
          // Rounded down to 100 (a size is a whole number).
          "  rest_stanza_size_limit = 100.5",
          '  rest_auth_mechanisms = { "BASIC", "basic", "Bearer" }',
          '  rest_iq_timeout = "3"',
          "  rest_auth_cache_ttl = 0",
          "  rest_max_auth_failures = 0",
        ].join("\n"),
        component: [
          `  ${callbackUrl(hook, "unusual")}`,
          '  rest_callback_content_type = "JSON"',
          '  rest_callback_stanzas = { "message", "message" }',
          '  rest_callback_events = { "bare" }',
          `  rest_callback_timeout = ${PROSODY_VERSION === "13" ? '"30 seconds"' : "30.5"}`,
        ].join("\n"),
      }),
      clients: { bob: "phone" },
    });
    ({ server, clients: { bob } } = suite);
  });

  afterAll(() => stopSuite(suite, { cleanup: [() => hook?.close()] }));

  it("honours them", async () => {
    const path = "/message/chat/bob@localhost";
    expectRestError(await alice.postTo(path, textPayload("x".repeat(101))), 413);
    const received = messageWithBody(bob, "x".repeat(50));
    expectStatus(await alice.postTo(path, textPayload("x".repeat(50))), 202);
    await received;
    const challenge = await restClient(server, { auth: null }).postTo(path, textPayload("x"));
    expectRestError(challenge, 401);
    expect(challenge.headers["www-authenticate"]).toBe('Basic realm="localhost/rest", Bearer realm="localhost/rest"');
    // rest_max_auth_failures = 0: no limit, 40 failures in a row stay 401.
    const wrong = restClient(server, { auth: basicAs("alice", "wrong") });
    for (let i = 0; i < 40; i++) expectRestError(await wrong.postTo(path, textPayload("x")), 401);
    // "JSON" names application/json; only messages to bare addresses go out.
    const id = await sendMessage(bob, `bot@${COMPONENT}`, "json please");
    expect((await requestFor(hook, id)).format).toBe("application/json");
    expect(server.log()).not.toMatch(/rest\.localhost:rest\s+warn\s+(Ignoring|No valid entry)/);
    expect(server.log()).not.toMatch(/must be a (positive|non-negative) number/);
  });
});
