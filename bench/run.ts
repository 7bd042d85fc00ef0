// make bench: requests/second and round trips/second against a real Prosody,
// each next to its ceiling (the same work done by a trivial in-process
// module), plus Prosody's CPU time per request. Prints a Markdown table to
// paste into bench/README.md.
import { createServer, type Server } from "node:http";
import * as os from "node:os";
import { basicAuth } from "../test/harness/http";
import { startProsody } from "../test/harness/prosody";
import { connectClient } from "../test/harness/xmpp";
import { CONNECTIONS, DURATION, PLUGINS, WINDOW, percentOf, roundTrips, wrk, type Row } from "./measure";
import { benchComponentSideBySide } from "./component";
import { benchRest } from "./rest";

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
      ceiling: percentOf(cached, ceiling) });
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
      ceiling: percentOf(uncached, ceiling) });
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
      ceiling: percentOf(viaHttp, echoCeiling) });
    await alice.stop();
    await componentServer.stop();
    await bob.stop().catch(() => {});

    rows.push(...(await benchRest()));
  } finally {
    endpoint.server.close();
    await server.stop().catch(() => {});
  }

  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  console.log(`\n${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${cpu}, ${DURATION} s per run, ` +
    `wrk -c${CONNECTIONS}, ${WINDOW} messages in flight\n`);
  console.log("| benchmark | rate | of ceiling | Prosody CPU per request | this project ÷ community |");
  console.log("|---|---|---|---|---|");
  for (const row of rows) {
    const ratio = row.ratio === undefined ? "—" : `${row.ratio.toFixed(2)}x`;
    console.log(`| ${row.name} | ${row.rate.toFixed(0)} ${row.unit} | ${row.ceiling ?? "—"} | ${row.cpuMs.toFixed(3)} ms | ${ratio} |`);
  }
  // mod_component_http next to the community module (Prosody 0.12, then 13 when installed).
  await benchComponentSideBySide();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
