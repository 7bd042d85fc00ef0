// mod_post_msg end to end: authentication (Basic, tokens, password changes,
// deleted users) and the throttling of repeated failures. A real Prosody, a
// real XMPP client, real HTTP.
import { describe, expect, it } from "vitest";
import { basicAuth, httpRequest } from "../harness/http";
import { ALICE, postMsgServer, usePostMsgSuite } from "../harness/post_msg";
import { PROSODY_VERSION, startProsody } from "../harness/prosody";
import { sleep } from "../harness/util";

const suite = usePostMsgSuite({ name: "post_msg-auth", modules: ["test_token"], users: ["carol", "dave"] });
const { post, delivered } = suite;

describe("authentication", () => {
  it("accepts Basic with user@host", async () => {
    await delivered("full username", () => post("/msg/bob", "full username", { Authorization: basicAuth("alice@localhost", "alice-pw") }));
  });

  it.each([
    ["no credentials", undefined],
    ["a wrong password", basicAuth("alice", "nope")],
    ["an unknown user", basicAuth("mallory", "x")],
    ["a user of an unknown host", basicAuth("alice@elsewhere.example", "alice-pw")],
    ["malformed Basic", "Basic !!!not-base64!!!"],
    ["an unknown scheme", "Digest abc"],
    ["a bogus token", "Bearer bm90IGEgdG9rZW4="],
  ])("refuses %s with 401 and a Basic challenge", async (_what, authorization) => {
    const headers: Record<string, string> = { "Content-Type": "text/plain" };
    if (authorization) headers.Authorization = authorization;
    const res = await httpRequest(suite.server, { method: "POST", path: "/msg/bob", body: "x", headers });
    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toBe('Basic realm="localhost/post_msg"');
  });

  it("accepts a Bearer token from mod_tokenauth; its user is the sender", async () => {
    const minted = await httpRequest(suite.server, { method: "POST", path: "/test_token/carol" });
    expect(minted.status).toBe(200);
    const { message } = await delivered("via token", () => post("/msg/bob", "via token", { Authorization: `Bearer ${minted.body.trim()}` }));
    expect(message.attrs.from).toBe("carol@localhost");
  });

  it("refuses the old password right after a password change, accepts the new one", async () => {
    const old = basicAuth("dave", "dave-pw");
    expect((await post("/msg/bob", "dave before", { Authorization: old })).status).toBe(201);
    expect((await post("/msg/bob", "dave cached", { Authorization: old })).status).toBe(201); // now cached
    await suite.server.shell("user:password('dave@localhost', 'dave-new')");
    expect((await post("/msg/bob", "dave after", { Authorization: old })).status).toBe(401);
    expect((await post("/msg/bob", "dave new", { Authorization: basicAuth("dave", "dave-new") })).status).toBe(201);
  });

  it("refuses a deleted user whose credentials were cached", async () => {
    await suite.server.prosodyctl("register", "erin", "localhost", "erin-pw");
    const erin = basicAuth("erin", "erin-pw");
    expect((await post("/msg/bob", "erin before", { Authorization: erin })).status).toBe(201);
    await suite.server.shell("user:delete('erin@localhost')");
    expect((await post("/msg/bob", "erin after", { Authorization: erin })).status).toBe(401);
  });

  // mod_tokenauth's own rule, which differs: 13 drops grants made before the
  // last password change (in an earlier second), 0.12 keeps its tokens.
  it(`${PROSODY_VERSION === "13" ? "refuses" : "still accepts"} a token minted before its user's password changed`, async () => {
    await suite.server.prosodyctl("register", "frank", "localhost", "frank-pw");
    const minted = await httpRequest(suite.server, { method: "POST", path: "/test_token/frank" });
    const token = `Bearer ${minted.body.trim()}`;
    expect((await post("/msg/bob", "frank token", { Authorization: token })).status).toBe(201);
    await sleep(1100); // into the next second: 13 compares whole seconds
    await suite.server.shell("user:password('frank@localhost', 'frank-new')");
    expect((await post("/msg/bob", "frank after", { Authorization: token })).status).toBe(PROSODY_VERSION === "13" ? 401 : 201);
  });

  // Prosody 13 can disable accounts (0.12 cannot): cached Basic credentials
  // and tokens of a disabled user stop working at once.
  it.runIf(PROSODY_VERSION === "13")("refuses a disabled user whose credentials were cached, and their tokens", async () => {
    await suite.server.prosodyctl("register", "grace", "localhost", "grace-pw");
    const grace = basicAuth("grace", "grace-pw");
    const minted = await httpRequest(suite.server, { method: "POST", path: "/test_token/grace" });
    const token = `Bearer ${minted.body.trim()}`;
    expect((await post("/msg/bob", "grace basic", { Authorization: grace })).status).toBe(201); // now cached
    expect((await post("/msg/bob", "grace token", { Authorization: token })).status).toBe(201);
    await sleep(1100); // into the next second: 13 compares whole seconds
    await suite.server.shell("user:disable('grace@localhost')");
    expect((await post("/msg/bob", "grace basic after", { Authorization: grace })).status).toBe(401);
    expect((await post("/msg/bob", "grace token after", { Authorization: token })).status).toBe(401);
  });
});

describe("repeated authentication failures", () => {
  it("refuses an address with 429 after post_msg_max_auth_failures failures; missing credentials do not count", async () => {
    const guarded = await startProsody(postMsgServer({ name: "post_msg-throttle", config: "post_msg_max_auth_failures = 3" }));
    try {
      const attempt = (authorization?: string) => httpRequest(guarded, {
        method: "POST", path: "/msg/bob", body: "x",
        headers: { "Content-Type": "text/plain", ...(authorization ? { Authorization: authorization } : {}) },
      });
      for (let i = 0; i < 5; i++) expect((await attempt()).status).toBe(401); // no credentials: not a guess
      expect((await attempt(ALICE)).status).toBe(201);
      for (let i = 0; i < 3; i++) expect((await attempt(basicAuth("alice", `guess${i}`))).status).toBe(401);
      const refused = await attempt(ALICE);
      expect(refused.status).toBe(429);
      expect(refused.headers["retry-after"]).toBe("60");
    } finally {
      await guarded.stop();
    }
    expect(guarded.problems()).toEqual([]);
  });
});
