// Two VirtualHosts with mod_post_msg and mod_rest (and mod_test_token)
// loaded on both, and two mod_rest Components: nothing crosses hosts.
// A user of one host cannot authenticate at the other's endpoints (not with
// its password, not as user@its-host, not while its credentials are cached
// on its own host, not when the other host has a user of the same name), a
// token minted on one host is refused on the other, a Component's secret
// opens no other Component, and a user may not claim an address of the
// other local host as `from`. Every refusal is the answer a wrong password
// gets on that host, so it does not tell that the account exists elsewhere.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpRequest } from "../harness/http";
import { luaString, type ProsodyServer } from "../harness/prosody";
import { startSuite, stopSuite, type Suite } from "../harness/suite";
import { mintToken, restComponent } from "../harness/rest";
import { basicAuth, observable, ROUTES } from "./kit";

const A = "localhost";
const B = "b.localhost";
const COMPONENT_A = "rest-a.localhost";
const COMPONENT_B = "rest-b.localhost";

/** Accounts per host: sam exists on both, with different passwords. */
const ACCOUNTS: Record<string, Array<[string, string]>> = {
  [A]: [["alice", "alice-pw"], ["sam", "sam-on-a"], ["sink", "sink-pw"]],
  [B]: [["bea", "bea-pw"], ["sam", "sam-on-b"], ["sink", "sink-pw"]],
};

let suite: Suite<never> | undefined;
const server = (): ProsodyServer => {
  if (suite === undefined) throw new Error("the server is not running (beforeAll failed?)");
  return suite.server;
};

const HOST_OPTIONS = ["post_msg_max_auth_failures = 0", "rest_max_auth_failures = 0"];

beforeAll(async () => {
  suite = await startSuite({
    name: "security-hosts",
    // The second VirtualHost's block ends where the harness's VirtualHost "localhost" begins.
    globalConfig: [`VirtualHost ${luaString(B)}`, `  modules_enabled = { "post_msg", "rest", "test_token" }`, ...HOST_OPTIONS].join("\n"),
    virtualHostModules: ["post_msg", "rest", "test_token"],
    virtualHostConfig: HOST_OPTIONS.join("\n"),
    users: ACCOUNTS[A]!,
    components: [restComponent(COMPONENT_A, "secret-of-a"), restComponent(COMPONENT_B, "secret-of-b")],
  });
  for (const [user, password] of ACCOUNTS[B]!) {
    await suite.server.shell(`user:create(${luaString(`${user}@${B}`)}, ${luaString(password)})`);
  }
}, 120_000);
afterAll(() => stopSuite(suite));

/** Mints a token on `host` (mod_test_token routes by Host like every HTTP app). */
async function tokenOn(host: string, user: string, resource?: string): Promise<string> {
  if (host === A) return mintToken(server(), user, resource);
  const path = `/test_token/${encodeURIComponent(user)}${resource === undefined ? "" : `/${encodeURIComponent(resource)}`}`;
  const res = await httpRequest(server(), { method: "POST", path, host });
  if (res.status !== 200) throw new Error(`minting a token for ${user}@${host} failed: ${res.status} ${res.body}`);
  return res.body.trim();
}

describe.each(ROUTES.map((route) => [route.module, route] as const))("mod_%s", (_module, route) => {
  const send = (authorization: string, host: string) => route.send(server(), authorization, host);
  /** What a plain wrong password gets on `host`: every cross-host refusal must look exactly like it. */
  const wrongPasswordAnswer = async (host: string) => observable(await send(basicAuth("sink", "not-the-password"), host));

  it("accepts each host's own users (control)", async () => {
    for (const [host, accounts] of Object.entries(ACCOUNTS)) {
      for (const [user, password] of accounts) {
        expect((await send(basicAuth(user, password), host)).status, `${user}@${host}`).toBeLessThan(300);
        expect((await send(basicAuth(`${user}@${host}`, password), host)).status, `${user}@${host} as user@host`).toBeLessThan(300);
      }
    }
  });

  it.each([
    ["a user of A with A's password, as user", B, "alice", "alice-pw"],
    ["a user of A with A's password, as user@A", B, `alice@${A}`, "alice-pw"],
    ["a user of B with B's password, as user", A, "bea", "bea-pw"],
    ["a user of B with B's password, as user@B", A, `bea@${B}`, "bea-pw"],
    ["sam with A's password on B (sam exists on both)", B, "sam", "sam-on-a"],
    ["sam@A with A's password on B", B, `sam@${A}`, "sam-on-a"],
    ["sam with B's password on A", A, "sam", "sam-on-b"],
    ["sam@B with B's password on A", A, `sam@${B}`, "sam-on-b"],
  ])("refuses %s, as a wrong password", async (_what, host, user, password) => {
    // Warm the caches with the credentials on their own host first.
    const home = host === A ? B : A;
    const homeUser = user.includes("@") ? user.replace(/@.*$/, "") : user;
    expect((await send(basicAuth(homeUser, password), home)).status, "accepted at home").toBeLessThan(300);
    expect(observable(await send(basicAuth(user, password), host))).toEqual(await wrongPasswordAnswer(host));
  });

  it.each([
    ["alice's token of A", A, B, "alice", undefined],
    ["alice's resource-bound token of A", A, B, "alice", "phone"],
    ["sam's token of A (sam exists on B too)", A, B, "sam", undefined],
    ["sam's token of B (sam exists on A too)", B, A, "sam", undefined],
    ["bea's token of B", B, A, "bea", undefined],
  ])("refuses %s on the other host, as a bad token", async (_what, mintedOn, usedOn, user, resource) => {
    const token = await tokenOn(mintedOn, user, resource);
    expect((await send(`Bearer ${token}`, mintedOn)).status, "accepted where it was minted").toBeLessThan(300);
    const bogus = observable(await send("Bearer bm90IGEgdG9rZW4=", usedOn));
    expect(observable(await send(`Bearer ${token}`, usedOn))).toEqual(bogus);
    expect(bogus.status).toBe(401);
  });
});

describe("mod_rest Components", () => {
  const echo = (authorization: string, host: string) => ROUTES[1]!.send(server(), authorization, host);

  it("a Component's secret opens no other Component, nor a VirtualHost", async () => {
    expect((await echo(basicAuth(COMPONENT_A, "secret-of-a"), COMPONENT_A)).status, "control").toBe(200);
    for (const [authorization, host] of [
      [basicAuth(COMPONENT_A, "secret-of-a"), COMPONENT_B],
      [basicAuth(COMPONENT_B, "secret-of-a"), COMPONENT_B],
      [basicAuth(COMPONENT_A, "secret-of-a"), A],
      [basicAuth(COMPONENT_B, "secret-of-b"), B],
    ] as const) {
      expect((await echo(authorization, host)).status, `${host}`).toBe(401);
    }
  });

  it("a user's token of a VirtualHost opens no Component", async () => {
    for (const [host, component] of [[A, COMPONENT_A], [B, COMPONENT_B], [A, COMPONENT_B]] as const) {
      const token = await tokenOn(host, "sam");
      expect((await echo(`Bearer ${token}`, component)).status, `${host} → ${component}`).toBe(401);
    }
  });
});

describe("from across hosts (mod_rest)", () => {
  const echoFrom = (authorization: string, host: string, from?: string) =>
    httpRequest(server(), {
      method: "POST",
      path: "/rest/echo",
      host,
      body: JSON.stringify({ kind: "message", type: "chat", to: `sink@${host}`, body: "x", ...(from === undefined ? {} : { from }) }),
      headers: { Authorization: authorization, "Content-Type": "application/json", Accept: "application/json" },
    });

  it("gives each host's sam the address of that host", async () => {
    for (const [host, password] of [[A, "sam-on-a"], [B, "sam-on-b"]] as const) {
      const res = await echoFrom(basicAuth("sam", password), host);
      expect(res.status).toBe(200);
      expect((res.json() as { from?: string }).from).toBe(`sam@${host}`);
    }
  });

  it.each([
    [A, "sam-on-a", `sam@${B}`],
    [A, "sam-on-a", `bea@${B}`],
    [A, "sam-on-a", B],
    [B, "sam-on-b", `sam@${A}`],
    [B, "sam-on-b", `alice@${A}/phone`],
    [B, "sam-on-b", COMPONENT_B],
  ])("sam of %s may not send as %s (403)", async (host, password, from) => {
    const res = await echoFrom(basicAuth("sam", password), host, from);
    expect(res.status).toBe(403);
  });

  it("a token of A used on A may not claim B's address either", async () => {
    const res = await echoFrom(`Bearer ${await tokenOn(A, "sam")}`, A, `sam@${B}`);
    expect(res.status).toBe(403);
  });
});
