// make bench: requests/second and round trips/second against a real Prosody,
// each next to its ceiling (the same work done by a trivial in-process
// module), plus Prosody's CPU time per request. Prints a Markdown table to
// paste into bench/README.md.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { basicAuth } from "../test/harness/http";
import { REPO_ROOT, startProsody, type ProsodyServer } from "../test/harness/prosody";
import { connectClient, xml, type TestClient } from "../test/harness/xmpp";

const run = promisify(execFile);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const WINDOW = Number(process.env.BENCH_WINDOW ?? 64);
const PLUGINS = path.join(REPO_ROOT, "bench", "plugins");
const CLOCK_TICKS = 100; // USER_HZ on Linux

interface Row {
  name: string;
  rate: number;
  unit: string;
  cpuMs: number;
  ceiling?: string;
}

/** User + system CPU seconds used by a process so far. */
function cpuSeconds(pid: number): number {
  // Fields after the command name; utime and stime are the 14th and 15th of the line.
  const fields = (readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1] ?? "").split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

function prosodyPid(server: ProsodyServer): number {
  const pid = server.pid;
  if (!pid) throw new Error("Prosody has no pid");
  return pid;
}

/** wrk against one URL; requests per second, and Prosody's CPU ms per request. */
async function wrk(server: ProsodyServer, urlPath: string, env: Record<string, string>): Promise<{ rate: number; cpuMs: number }> {
  const pid = prosodyPid(server);
  const cpuBefore = cpuSeconds(pid);
  const { stdout } = await run("wrk", [
    "-t", "1", "-c", String(CONNECTIONS), "-d", `${DURATION}s`, "--latency",
    "-s", path.join(REPO_ROOT, "bench", "wrk-post.lua"), `${server.httpBase}${urlPath}`,
  ], { env: { ...process.env, ...env } });
  const cpu = cpuSeconds(pid) - cpuBefore;
  const rate = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]);
  const total = Number(/(\d+) requests in/.exec(stdout)?.[1]);
  const bad = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(stdout)?.[1] ?? 0);
  const errors = /Socket errors:.*/.exec(stdout)?.[0];
  if (!rate || bad > 0) {
    throw new Error(`wrk ${urlPath}: ${bad} bad responses, ${errors ?? "no socket errors"}\n${stdout}`);
  }
  return { rate, cpuMs: (cpu * 1000) / total };
}

/** Keep WINDOW messages in flight from client to `to`; replies per second. */
async function roundTrips(server: ProsodyServer, client: TestClient, to: string): Promise<{ rate: number; cpuMs: number }> {
  const pid = prosodyPid(server);
  let sent = 0;
  let answered = 0;
  let stopAt = 0;
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => (finish = resolve));
  const sendOne = () => {
    sent++;
    void client.send(xml("message", { to, type: "chat", id: `b${sent}` }, xml("body", {}, `ping ${sent}`)));
  };
  client.xmpp.on("stanza", (el) => {
    if (!el.is("message") || el.attrs.from?.split("/")[0] !== to.split("/")[0]) return;
    if (el.attrs.type === "error") throw new Error(`error reply: ${el.toString()}`);
    answered++;
    if (Date.now() < stopAt) sendOne();
    else if (answered === sent) finish();
  });
  // Warm up, then measure.
  stopAt = Date.now() + 1000;
  for (let i = 0; i < WINDOW; i++) sendOne();
  await done;
  client.xmpp.removeAllListeners("stanza");
  const cpuBefore = cpuSeconds(pid);
  const started = Date.now();
  sent = answered = 0;
  const measured = new Promise<void>((resolve) => (finish = resolve));
  client.xmpp.on("stanza", (el) => {
    if (!el.is("message") || el.attrs.from?.split("/")[0] !== to.split("/")[0]) return;
    answered++;
    if (Date.now() < stopAt) sendOne();
    else if (answered === sent) finish();
  });
  stopAt = started + DURATION * 1000;
  for (let i = 0; i < WINDOW; i++) sendOne();
  await measured;
  client.xmpp.removeAllListeners("stanza");
  const seconds = (Date.now() - started) / 1000;
  return { rate: answered / seconds, cpuMs: ((cpuSeconds(pid) - cpuBefore) * 1000) / answered };
}

/** A fast local echo endpoint for mod_component_http. */
async function echoEndpoint(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const stanza = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { body?: string };
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ body: `Did you say ${stanza.body}?` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no address");
  return { server, url: `http://127.0.0.1:${address.port}/` };
}

async function main() {
  const rows: Row[] = [];
  const endpoint = await echoEndpoint();
  const server = await startProsody({
    name: "bench",
    pluginPaths: [PLUGINS],
    virtualHostModules: ["post_msg", "bench_trivial"],
    users: [["alice", "alice-pw"], ["bob", "bob-pw"], ["carol", "carol-pw"]],
    components: [
      { domain: "bot.localhost", module: "component_http", config: `component_post_url = "${endpoint.url}"` },
      { domain: "echo.localhost", module: "bench_echo" },
    ],
    logLevel: "info",
  });
  try {
    const bob = await connectClient(server, "bob", "bob-pw", "bench");
    const body = { BENCH_BODY: "Benchmark message", BENCH_CONTENT_TYPE: "text/plain" };

    const ceiling = await wrk(server, "/bench_trivial/x", body);
    rows.push({ name: "trivial route (ceiling)", rate: ceiling.rate, unit: "req/s", cpuMs: ceiling.cpuMs });
    const cached = await wrk(server, "/msg/bob", { ...body, BENCH_AUTH: basicAuth("alice", "alice-pw") });
    rows.push({ name: "mod_post_msg, one user (credential cache)", rate: cached.rate, unit: "req/s", cpuMs: cached.cpuMs,
      ceiling: `${((100 * cached.rate) / ceiling.rate).toFixed(0)}%` });
    await server.stop();

    // The same without the cache: every request pays the password hash.
    const uncachedServer = await startProsody({
      name: "bench-nocache",
      pluginPaths: [PLUGINS],
      virtualHostModules: ["post_msg"],
      virtualHostConfig: "post_msg_auth_cache_ttl = 0",
      users: [["alice", "alice-pw"], ["bob", "bob-pw"]],
      logLevel: "info",
    });
    const bob2 = await connectClient(uncachedServer, "bob", "bob-pw", "bench");
    const uncached = await wrk(uncachedServer, "/msg/bob", { ...body, BENCH_AUTH: basicAuth("alice", "alice-pw") });
    rows.push({ name: "mod_post_msg, cache disabled", rate: uncached.rate, unit: "req/s", cpuMs: uncached.cpuMs,
      ceiling: `${((100 * uncached.rate) / ceiling.rate).toFixed(0)}%` });
    await bob2.stop();
    await uncachedServer.stop();

    const componentServer = await startProsody({
      name: "bench-component",
      pluginPaths: [PLUGINS],
      users: [["alice", "alice-pw"]],
      components: [
        { domain: "bot.localhost", module: "component_http", config: `component_post_url = "${endpoint.url}"` },
        { domain: "echo.localhost", module: "bench_echo" },
      ],
      logLevel: "info",
    });
    const alice = await connectClient(componentServer, "alice", "alice-pw", "bench");
    const echoCeiling = await roundTrips(componentServer, alice, "echo@echo.localhost");
    rows.push({ name: "in-process echo component (ceiling)", rate: echoCeiling.rate, unit: "msg/s", cpuMs: echoCeiling.cpuMs });
    const viaHttp = await roundTrips(componentServer, alice, "echo@bot.localhost");
    rows.push({ name: "mod_component_http round trip", rate: viaHttp.rate, unit: "msg/s", cpuMs: viaHttp.cpuMs,
      ceiling: `${((100 * viaHttp.rate) / echoCeiling.rate).toFixed(0)}%` });
    await alice.stop();
    await componentServer.stop();
    await bob.stop().catch(() => {});
  } finally {
    endpoint.server.close();
    await server.stop().catch(() => {});
  }

  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  console.log(`\n${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${cpu}, ${DURATION} s per run, ` +
    `wrk -c${CONNECTIONS}, ${WINDOW} messages in flight\n`);
  console.log("| benchmark | rate | of ceiling | Prosody CPU per request |");
  console.log("|---|---|---|---|");
  for (const row of rows) {
    console.log(`| ${row.name} | ${row.rate.toFixed(0)} ${row.unit} | ${row.ceiling ?? "—"} | ${row.cpuMs.toFixed(3)} ms |`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
