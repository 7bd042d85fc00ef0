// mod_rest end to end: authentication. Basic as user or user@host, real
// mod_tokenauth tokens (with and without a resource), the Component's
// secret, anonymous_rest, the WWW-Authenticate challenges,
// rest_auth_mechanisms, the credential cache's invalidation and the 429
// throttle of repeated failures.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { basicAuth } from "../harness/http";
import { startProsody, type ProsodyServer } from "../harness/prosody";
import {
  basicAs, bearerAuth, COMPONENT, COMPONENT_SECRET, componentAuth, expectRestError, expectStatus, JSON_TYPE, jsonPayload, mintToken,
  restClient, restComponent, restServer, useRestSuite, xmlPayload, type RestClient, type RestResponse,
} from "../harness/rest";
import { messageWithBody } from "../harness/xmpp";

const NO_SECRET = "nosecret.localhost";
const suite = useRestSuite({
  name: "rest-auth",
  users: ["carol", "dave", "erin"],
  clients: { bob: "phone" },
  component: true,
  components: [restComponent(NO_SECRET, null)],
});

/** A message to echo back: shows the `from` the module gives the credentials. */
const probe = xmlPayload('<message to="bob@localhost" type="chat"><body>who am I?</body></message>');

/** POST /rest/echo with this Authorization header (null: none) and Host; resolves with the answer. */
const echoWith = (auth: string | null, host = "localhost"): Promise<RestResponse> =>
  restClient(() => suite.server, { auth, host, accept: JSON_TYPE }).echo(probe);

/** The `from` the module put on the echoed stanza (expects 200). */
async function fromOf(auth: string | null, host = "localhost"): Promise<string | undefined> {
  const res = await echoWith(auth, host);
  expectStatus(res, 200);
  return res.doc()["from"] as string | undefined;
}

/** The challenges of a 401, split on the commas between them. */
function challenges(res: RestResponse): string[] {
  const header = res.headers["www-authenticate"];
  const value = Array.isArray(header) ? header.join(", ") : (header ?? "");
  return value === "" ? [] : value.split(/,\s*(?=[A-Za-z]+ realm=)/);
}

describe("Basic", () => {
  it("accepts username:password", async () => {
    expect(await fromOf(basicAs("alice"))).toBe("alice@localhost");
  });

  it("accepts user@thishost:password (the community module refused it)", async () => {
    expect(await fromOf(basicAuth("alice@localhost", "alice-pw"))).toBe("alice@localhost");
  });

  it("prepares the username (nodeprep) and the host", async () => {
    expect(await fromOf(basicAuth("ALICE", "alice-pw"))).toBe("alice@localhost");
    expect(await fromOf(basicAuth("Alice@LocalHost", "alice-pw"))).toBe("alice@localhost");
  });

  it("takes the scheme name in any case", async () => {
    expect(await fromOf(basicAs("alice").replace(/^Basic/, "bAsIc"))).toBe("alice@localhost");
  });

  it("prepares the password (saslprep, RFC 4013): a soft hyphen is mapped to nothing, full-width letters to letters", async () => {
    const soft = "carol\u00ad-pw";
    const wide = "\uff43arol-pw"; // FULLWIDTH LATIN SMALL LETTER C
    expect(await fromOf(basicAuth("carol", soft))).toBe("carol@localhost");
    expect(await fromOf(basicAuth("carol", wide))).toBe("carol@localhost");
  });

  it("refuses the old password right after a password change (cached credentials dropped), accepts the new one", async () => {
    const old = basicAs("dave");
    expect(await fromOf(old)).toBe("dave@localhost");
    expect(await fromOf(old)).toBe("dave@localhost"); // now cached
    await suite.server.shell("user:password('dave@localhost', 'dave-new')");
    expectRestError(await echoWith(old), 401, "not-authorized");
    expect(await fromOf(basicAuth("dave", "dave-new"))).toBe("dave@localhost");
  });

  it("refuses a deleted user whose credentials were cached", async () => {
    const erin = basicAs("erin");
    expect(await fromOf(erin)).toBe("erin@localhost");
    await suite.server.shell("user:delete('erin@localhost')");
    expectRestError(await echoWith(erin), 401, "not-authorized");
  });
});

describe("refusals", () => {
  it.each([
    ["no credentials", null],
    ["a wrong password", basicAuth("alice", "nope")],
    ["an unknown user", basicAuth("mallory", "x")],
    ["a user of another host", basicAuth("alice@elsewhere.example", "alice-pw")],
    ["the Component's credentials on the VirtualHost", componentAuth()],
    ["malformed Basic", "Basic !!!not-base64!!!"],
    ["Basic without a colon", `Basic ${Buffer.from("alice").toString("base64")}`],
    ["an unknown scheme", "Digest username=\"alice\""],
    ["a bogus token", "Bearer bm90IGEgdG9rZW4="],
    ["an empty Bearer", "Bearer "],
  ])("%s: 401 not-authorized with one challenge per mechanism", async (_what, auth) => {
    const res = await echoWith(auth);
    expectRestError(res, 401, "not-authorized");
    expect(challenges(res)).toEqual(['Basic realm="localhost/rest"', 'Bearer realm="localhost/rest"']);
  });

  it("the error body follows Accept (XML here)", async () => {
    const res = await restClient(() => suite.server, { accept: "application/xmpp+xml" }).echo(probe);
    expectRestError(res, 401, "not-authorized");
    expect(res.mediaType).toBe("application/xmpp+xml");
  });
});

describe("Bearer tokens from mod_tokenauth", () => {
  it("a token without a resource: the user, with one stable resource per token", async () => {
    const token = bearerAuth(await suite.token("alice"));
    const first = await fromOf(token);
    const second = await fromOf(token);
    expect(first).toMatch(/^alice@localhost\/.+/);
    expect(second).toBe(first);
  });

  it("a token bound to a resource: that full JID", async () => {
    expect(await fromOf(bearerAuth(await suite.token("alice", "bot")))).toBe("alice@localhost/bot");
  });

  it("takes the scheme name in any case", async () => {
    expect(await fromOf(`bearer ${await suite.token("carol", "lower")}`)).toBe("carol@localhost/lower");
  });

  it("sends a message as the token's user; bob receives it", async () => {
    const client = suite.withAuth(bearerAuth(await suite.token("carol", "notifier")));
    const received = messageWithBody(suite.clients.bob, "from a token");
    expectStatus(await client.post(jsonPayload({ to: "bob@localhost", type: "chat", body: "from a token" })), 202);
    expect((await received).attrs.from).toBe("carol@localhost/notifier");
  });

  it("a token of the VirtualHost is refused by the Component with 401, not 500 (invalid-host)", async () => {
    const res = await echoWith(bearerAuth(await suite.token("alice")), COMPONENT);
    expectRestError(res, 401, "not-authorized");
  });

  it("a revoked token is refused", async () => {
    const token = await suite.token("carol");
    expect(await fromOf(bearerAuth(token))).toMatch(/^carol@localhost/);
    await suite.server.shell(`>prosody.hosts["localhost"].modules.tokenauth.revoke_token(${JSON.stringify(token)})`);
    expectRestError(await echoWith(bearerAuth(token)), 401, "not-authorized");
  });
});

describe("the Component's secret", () => {
  it("component-domain:component_secret authenticates as the Component", async () => {
    expect(await fromOf(componentAuth(), COMPONENT)).toBe(COMPONENT);
  });

  it.each([
    ["a wrong secret", componentAuth("wrong")],
    ["the secret with a different case", componentAuth(COMPONENT_SECRET.toUpperCase())],
    ["the secret with a suffix", componentAuth(`${COMPONENT_SECRET}x`)],
    ["an empty secret", componentAuth("")],
    ["another domain with the secret", basicAuth("other.localhost", COMPONENT_SECRET)],
    ["a user's credentials", basicAs("alice")],
    ["no credentials", null],
  ])("%s: 401", async (_what, auth) => {
    const res = await echoWith(auth, COMPONENT);
    expectRestError(res, 401, "not-authorized");
  });

  it("the challenge names the Component's realm", async () => {
    const res = await echoWith(null, COMPONENT);
    expect(challenges(res)).toContain(`Basic realm="${COMPONENT}/rest"`);
  });

  it.each([
    ["its domain and anything", basicAuth(NO_SECRET, "anything")],
    ["its domain and an empty password", basicAuth(NO_SECRET, "")],
    ["its domain and \"nil\"", basicAuth(NO_SECRET, "nil")],
  ])("a Component without component_secret refuses %s with a clear 401, never 500", async (_what, auth) => {
    const res = await echoWith(auth, NO_SECRET);
    const err = expectRestError(res, 401, "not-authorized");
    expect(err.text ?? "").not.toBe("");
  });
});

describe("rest_auth_mechanisms, anonymous_rest on a normal host, and the throttle", () => {
  let server: ProsodyServer;
  let client: RestClient;
  beforeAll(async () => {
    server = await startProsody(restServer({
      name: "rest-auth-mechanisms",
      config: '  rest_auth_mechanisms = { "bAsIc" }\n  anonymous_rest = true',
    }));
    client = restClient(server, { accept: JSON_TYPE });
  });
  afterAll(async () => {
    await server?.stop();
    expect(server?.problems() ?? []).toEqual([]);
  });

  it("takes mechanism names in any case: Basic works", async () => {
    expectStatus(await client.echo(probe, { auth: basicAs("alice") }), 200);
  });

  it("a mechanism left out is refused (a valid token: 401), and the challenges name only Basic", async () => {
    const res = await client.echo(probe, { auth: bearerAuth(await mintToken(server, "alice")) });
    expectRestError(res, 401, "not-authorized");
    expect(challenges(res)).toEqual(['Basic realm="localhost/rest"']);
  });

  it("anonymous_rest does nothing without authentication = \"anonymous\": no credentials is 401", async () => {
    expectRestError(await client.echo(probe), 401, "not-authorized");
  });

  it("missing credentials are not failures; after 30 failures (a refused token counts) one address gets 429 for a minute, even with good credentials", async () => {
    for (let i = 0; i < 5; i++) expectRestError(await client.echo(probe), 401);
    expectStatus(await client.echo(probe, { auth: basicAs("alice") }), 200);
    // The token refused above was the first failure of this address.
    for (let i = 1; i < 30; i++) expectRestError(await client.echo(probe, { auth: basicAuth("alice", `guess${i}`) }), 401);
    const refused = await client.echo(probe, { auth: basicAs("alice") });
    expectStatus(refused, 429);
    expect(refused.headers["retry-after"]).toMatch(/^\d+$/);
  });
});

describe("anonymous_rest", () => {
  let server: ProsodyServer;
  let client: RestClient;
  beforeAll(async () => {
    server = await startProsody({
      name: "rest-anonymous",
      virtualHostModules: ["rest"],
      virtualHostConfig: '  authentication = "anonymous"\n  anonymous_rest = true',
    });
    client = restClient(server, { accept: JSON_TYPE });
  });
  afterAll(async () => {
    await server?.stop();
    expect(server?.problems() ?? []).toEqual([]);
  });

  it("needs no credentials: each request is a new random user of the host", async () => {
    const first = await client.echo(probe);
    const second = await client.echo(probe);
    expectStatus(first, 200);
    expectStatus(second, 200);
    const a = first.doc()["from"] as string;
    const b = second.doc()["from"] as string;
    expect(a).toMatch(/^[^@/]+@localhost(\/.*)?$/);
    expect(b).toMatch(/^[^@/]+@localhost(\/.*)?$/);
    expect(a).not.toBe(b);
  });

  it("the random user can ping the server and gets the reply", async () => {
    const res = await client.get("/ping/localhost");
    expectStatus(res, 200);
    expect(res.doc()).toMatchObject({ kind: "iq", type: "result", from: "localhost" });
  });

  it("credentials sent anyway do not break it", async () => {
    const res = await client.echo(probe, { auth: basicAs("alice") });
    expect(res.status).toBeLessThan(500);
  });
});
