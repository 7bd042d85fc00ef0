// Self-test of the e2e harness: if this fails, every other e2e test will too.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpRequest, rawHttpRequest } from "./http.js";
import { PROSODY_VERSION, startProsody, type ProsodyServer } from "./prosody.js";
import { sleep } from "./util.js";
import { startWebhookServer } from "./webhook.js";
import { connectClient, xml, type TestClient } from "./xmpp.js";

describe("e2e harness", () => {
  let server: ProsodyServer;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    server = await startProsody({
      name: "harness",
      users: [
        ["alice", "alicepw"],
        ["bob", "bobpw"],
      ],
      virtualHostModules: ["tokenauth", "test_token"],
    });
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.stop()));
    await server?.stop();
  });

  it("starts on free loopback ports with an admin socket", () => {
    expect(server.c2sPort).toBeGreaterThan(0);
    expect(server.httpPort).not.toBe(server.c2sPort);
    expect(server.httpBase).toBe(`http://127.0.0.1:${server.httpPort}`);
    expect(server.log()).toContain("Hello and welcome to Prosody");
  });

  it("runs the Prosody that PROSODY selects, with a config it finds nothing wrong with", async () => {
    expect(server.version).toBe(PROSODY_VERSION);
    expect(server.log()).toContain(`Hello and welcome to Prosody version ${PROSODY_VERSION === "13" ? "13." : "0.12."}`);
    // No deprecated or unknown options (both versions check the same way).
    const check = await server.prosodyctl("check", "config");
    expect(check.stdout).not.toMatch(/deprecated|unknown|not recognized/i);
  });

  it("delivers a chat message between two XMPP clients", async () => {
    const alice = await connectClient(server, "alice", "alicepw");
    const bob = await connectClient(server, "bob", "bobpw", "phone");
    clients.push(alice, bob);
    expect(alice.jid).toBe("alice@localhost/test");
    expect(bob.jid).toBe("bob@localhost/phone");

    await alice.send(xml("message", { to: "bob@localhost", type: "chat", id: "m1" }, xml("body", {}, "hello bob")));
    const msg = await bob.nextStanza((el) => el.is("message") && el.getChildText("body") === "hello bob");
    expect(msg.attrs["from"]).toBe(alice.jid);
    expect(msg.attrs["type"]).toBe("chat");
    await alice.expectNoStanza((el) => el.is("message") && el.attrs["type"] === "error", 200);
  });

  it("queues stanzas that arrive before nextStanza() is called", async () => {
    const [alice, bob] = clients as [TestClient, TestClient];
    await alice.send(xml("message", { to: bob.jid, type: "chat" }, xml("body", {}, "early 1")));
    await alice.send(xml("message", { to: bob.jid, type: "chat" }, xml("body", {}, "early 2")));
    // Let both arrive before asking for them.
    await sleep(300);
    const isBody = (t: string) => (el: { getChildText(n: string): string | null }) => el.getChildText("body") === t;
    // Asked for out of order: the queue must hand each out once.
    expect((await bob.nextStanza(isBody("early 2"))).getChildText("body")).toBe("early 2");
    expect((await bob.nextStanza(isBody("early 1"))).getChildText("body")).toBe("early 1");
    await expect(bob.nextStanza(isBody("early 1"), 200)).rejects.toThrow(/no matching stanza/);
  });

  it("mints a tokenauth token via the test_token fixture module", async () => {
    const res = await httpRequest(server, { method: "POST", path: "/test_token/alice" });
    expect(res.status).toBe(200);
    expect(res.body.length).toBeGreaterThan(10);
    if (server.version === "13") {
      // 13: "secret-token:" + base64("2;<grant id>;<18-byte secret>;alice@localhost").
      const [, encoded = ""] = /^secret-token:(.+)$/.exec(res.body) ?? [];
      expect(Buffer.from(encoded, "base64").toString("latin1")).toMatch(/^2;[^;]+;[\s\S]{18};alice@localhost$/);
    } else {
      // 0.12: base64("1;alice@localhost;<id>").
      expect(Buffer.from(res.body, "base64").toString("utf8")).toMatch(/^1;alice@localhost;.+/);
    }

    // Routing is by Host header: another host has no such endpoint.
    const other = await httpRequest(server, { method: "POST", path: "/test_token/alice", host: "example.org" });
    expect(other.status).toBe(404);
  });

  it("sends raw bytes that node:http would refuse to build", async () => {
    const res = await rawHttpRequest(server, "GET /no such path HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    // Prosody 0.12 just closes the connection on a malformed request line.
    expect(res.timedOut).toBe(false);
    expect([null, 400]).toContain(res.status);
    const ok = await rawHttpRequest(server, "POST /test_token/bob HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n");
    expect(ok.status).toBe(200);
    expect(ok.timedOut).toBe(false); // finished on Content-Length, not by waiting
  });

  it("changes a password through the admin shell", async () => {
    const out = await server.shell(`user:password("bob@localhost", "changed")`);
    expect(out).toContain("OK: User password changed");

    // SCRAM too, to check the new password was stored hashed properly.
    const bob2 = await connectClient(server, "bob", "changed", "second", { mechanism: "SCRAM-SHA-1" });
    clients.push(bob2);
    expect(bob2.jid).toBe("bob@localhost/second");
    await expect(connectClient(server, "bob", "bobpw", "third")).rejects.toThrow(/not-authorized/);

    // A failing command throws with the error text.
    await expect(server.shell(`user:password("nobody@nohost", "x")`)).rejects.toThrow(/No such host/);
  });

  it("records requests on a webhook server, including hanging ones", async () => {
    const hook = await startWebhookServer(() => ({ status: 201, headers: { "X-Test": "yes" }, body: "created" }));
    try {
      const raw = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]); // invalid UTF-8 survives as bytes
      const res = await httpRequest(hook.url, {
        path: "",
        body: raw,
        headers: { "Content-Type": "application/octet-stream" },
        basic: ["user", "pass"],
      });
      expect(res.status).toBe(201);
      expect(res.headers["x-test"]).toBe("yes");
      expect(res.body).toBe("created");

      const req = await hook.nextRequest();
      expect(req.method).toBe("POST");
      expect(req.url).toBe("/hook");
      expect(req.headers.host).toBe("localhost");
      expect(req.headers.authorization).toBe("Basic " + Buffer.from("user:pass").toString("base64"));
      expect(req.body.equals(raw)).toBe(true);
      expect(hook.requests).toHaveLength(1);

      hook.setHandler(() => "hang");
      await expect(httpRequest(hook.url, { path: "/slow", body: "x", timeoutMs: 300 })).rejects.toThrow(/timed out/);
      expect((await hook.nextRequest()).url).toBe("/hook/slow");
    } finally {
      await hook.close();
    }
  });

  it("logs no errors or tracebacks and stops cleanly", async () => {
    const mark = server.logMark();
    await Promise.all(clients.splice(0).map((c) => c.stop()));
    await server.stop();
    expect(server.logSince(mark)).toContain("Shutdown complete");
    expect(server.problems()).toEqual([]);
  });
});
