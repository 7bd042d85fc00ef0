// `make demo` end to end: starts demo/demo.ts as `make demo` does, runs every
// curl line it prints exactly as printed (they must work when pasted), and
// checks what each one did with real XMPP clients logged in to the demo's
// server: the mod_rest lines, and the mod_post_msg and mod_component_http
// lines printed beside them.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpRequest } from "../harness/http";
import { findProblems, REPO_ROOT, type ProsodyServer } from "../harness/prosody";
import { connectClient, messageWithBody, type TestClient } from "../harness/xmpp";

const HAS_CURL = spawnSync("curl", ["--version"], { stdio: "ignore" }).status === 0;

let demo: ChildProcess | undefined;
let output = "";
let logPath = "";
let alice: TestClient;
let bob: TestClient;
/** Every curl command printed, continuation lines joined. */
let commands: string[] = [];

/** Resolves with the demo's output once it printed its instructions. */
function waitForInstructions(child: ChildProcess, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    const timer = setTimeout(() => reject(new Error(`the demo printed no instructions within ${timeoutMs} ms:\n${text}`)), timeoutMs);
    child.stdout?.on("data", (chunk: Buffer) => {
      text += chunk.toString("utf8");
      if (text.includes("Ctrl-C to stop.")) {
        clearTimeout(timer);
        resolve(text);
      }
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      text += chunk.toString("utf8");
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the demo exited (${code}) before printing its instructions:\n${text}`));
    });
  });
}

/** The printed curl commands, each with its `\` continuation lines joined. */
function curlCommands(text: string): string[] {
  const joined = text.replace(/\\\n\s*/g, "");
  return joined.split("\n").map((l) => l.trim()).filter((l) => l.startsWith("curl "));
}

/** Runs a printed command in bash, as pasted; resolves with the status of its HTTP answer and the whole output. */
function runPasted(command: string): Promise<{ status: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-c", `${command} --silent --show-error --max-time 20`], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (out += c.toString("utf8")));
    child.once("error", reject);
    child.once("exit", (code) => {
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(out);
      if (code !== 0 || !m) reject(new Error(`command failed (exit ${code}): ${command}\n${out}`));
      else resolve({ status: Number(m[1]), output: out });
    });
  });
}

/** The one printed command containing all of these strings. */
function command(...parts: string[]): string {
  const found = commands.filter((c) => parts.every((p) => c.includes(p)));
  if (found.length !== 1) throw new Error(`expected one printed command with ${parts.join(", ")}, found ${found.length}:\n${commands.join("\n")}`);
  return found[0]!;
}

beforeAll(async () => {
  if (!HAS_CURL) return;
  demo = spawn(process.execPath, ["--import", "tsx", "demo/demo.ts"], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
  output = await waitForInstructions(demo);
  commands = curlCommands(output);
  logPath = /log: (\S+\.log)\)/.exec(output)?.[1] ?? "";
  const c2sPort = Number(/port (\d+)/.exec(output)?.[1]);
  // connectClient needs only the host and the c2s port of a server.
  const server = { host: "localhost", c2sPort } as ProsodyServer;
  [alice, bob] = await Promise.all([connectClient(server, "alice", "alice-pw", "demo"), connectClient(server, "bob", "bob-pw", "demo")]);
}, 90_000);

afterAll(async () => {
  await Promise.all([alice?.stop(), bob?.stop()]);
  const log = logPath === "" ? "" : fs.readFileSync(logPath, "utf8");
  if (demo && demo.exitCode === null) {
    const exited = new Promise((resolve) => demo?.once("exit", resolve));
    demo.kill("SIGTERM");
    await exited;
  }
  expect(findProblems(log)).toEqual([]);
});

describe.skipIf(!HAS_CURL)("make demo", () => {
  it("prints the curl lines of every module, mod_rest's among them", () => {
    expect(commands.length).toBeGreaterThanOrEqual(8);
    expect(commands.filter((c) => c.includes("/rest")).length).toBeGreaterThanOrEqual(5);
  });

  it("mod_rest: sending bob a message as alice works as printed", async () => {
    const received = messageWithBody(bob, "Hello from mod_rest");
    expect((await runPasted(command("/rest ", "Hello from mod_rest"))).status).toBe(202);
    expect((await received).attrs.from).toBe("alice@localhost");
  });

  it("mod_rest: pinging the server works as printed", async () => {
    const { status, output: out } = await runPasted(command("/rest/ping/localhost"));
    expect(status).toBe(200);
    expect(out).toMatch(/<iq [^>]*type=['"]result['"]/);
  });

  it("mod_rest: the server's version in JSON works as printed", async () => {
    const { status, output: out } = await runPasted(command("/rest/version/localhost"));
    expect(status).toBe(200);
    const json = JSON.parse(out.slice(out.indexOf("{"))) as { version?: { name?: string } };
    expect(json.version?.name).toBe("Prosody");
  });

  it("mod_rest: the webhook echo bot answers alice's XMPP client", async () => {
    const echoed = alice.nextStanza((el) => el.is("message") && el.getChildText("body") === "Echo this" && el.attrs.from === "echo@rest.localhost", 10_000);
    expect((await runPasted(command("echo@rest.localhost"))).status).toBe(202);
    await echoed;
  });

  it("mod_rest: sending as the Component works as printed", async () => {
    const received = messageWithBody(bob, "Hello from rest.localhost");
    expect((await runPasted(command("Host: rest.localhost"))).status).toBe(202);
    expect((await received).attrs.from).toBe("rest.localhost");
  });

  it("mod_rest: the printed explorer URL leads to Swagger UI on the OpenAPI document (the browser test is explorer.test.ts)", async () => {
    const url = /^\s+(http:\/\/localhost:\d+\/rest\/)$/m.exec(output)?.[1];
    expect(url, output).toBeDefined();
    // The URL names localhost; the server listens on 127.0.0.1.
    const at = new URL(url!);
    const origin = `http://127.0.0.1:${at.port}`;
    const redirect = await httpRequest(origin, { path: at.pathname });
    expect(redirect.status).toBe(303);
    const pagePath = new URL(String(redirect.headers.location)).pathname;
    const page = await httpRequest(origin, { path: pagePath });
    expect(page.status).toBe(200);
    expect(page.body).toContain("swagger-initializer.js");
    const initializer = await httpRequest(origin, { path: `${pagePath}swagger-initializer.js` });
    const documentUrl = /url: "([^"]+)"/.exec(initializer.body)?.[1];
    expect(documentUrl, initializer.body).toBeDefined();
    const document = await httpRequest(origin, { path: new URL(documentUrl!).pathname });
    expect(document.status).toBe(200);
    expect(document.body).toMatch(/^openapi: "?3\.1/m);
  });

  it("mod_rest: the OpenAPI document's line works as printed", async () => {
    const { status, output: out } = await runPasted(command("/rest/openapi.yaml"));
    expect(status).toBe(200);
    expect(out).toMatch(/^openapi: "?3\.1/m);
  });

  it("mod_post_msg's lines work as printed", async () => {
    const plain = messageWithBody(bob, "Hello from HTTP");
    expect((await runPasted(command("/msg/bob", "Hello from HTTP"))).status).toBe(201);
    await plain;
    const json = messageWithBody(bob, "Build passed");
    expect((await runPasted(command("/msg/", "Build passed"))).status).toBe(201);
    await json;
  });

  it("mod_component_http's line works as printed: the bot answers alice", async () => {
    const answer = messageWithBody(alice, "Did you say Are you there??", 10_000);
    expect((await runPasted(command("echo@bot.localhost"))).status).toBe(201);
    await answer;
  });
});
