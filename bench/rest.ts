// mod_rest benchmarks: POST /rest messages (Basic auth, internal_hashed)
// and iq ping round trips, next to the trivial-route ceiling and, when
// ../shared/reference/ is present (BENCH_REFERENCE overrides), the
// community mod_rest loaded into the same kind of server in the same run.
import { existsSync } from "node:fs";
import * as path from "node:path";
import { basicAuth } from "../test/harness/http";
import { REPO_ROOT, startProsody, type ProsodyServer } from "../test/harness/prosody";
import { connectClient } from "../test/harness/xmpp";
import { CONNECTIONS, PLUGINS, percentOf, wrk, type Row } from "./measure";

const REFERENCE = process.env.BENCH_REFERENCE ?? path.join(REPO_ROOT, "..", "shared", "reference", "community-2024-01");
const MESSAGE = "<message to='bob@localhost' type='chat'><body>Benchmark message</body></message>";
const PING = "<iq type='get' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>";

interface RestFigures {
  message: { rate: number; cpuMs: number };
  ping: { rate: number; cpuMs: number };
  ceiling: { rate: number; cpuMs: number };
}

/** One server with a mod_rest (ours from dist/, or the community's), bob connected. */
async function measure(name: string, pluginPaths: string[], distPlugins: boolean): Promise<RestFigures> {
  const server: ProsodyServer = await startProsody({
    name,
    pluginPaths: [...pluginPaths, PLUGINS],
    distPlugins,
    // wrk keeps CONNECTIONS iqs of one user in flight: more than the default per-user bound of 10.
    virtualHostConfig: `rest_iq_max_pending = ${2 * CONNECTIONS}`,
    virtualHostModules: ["rest", "bench_trivial", "tokenauth"],
    users: [["alice", "alice-pw"], ["bob", "bob-pw"]],
    logLevel: "info",
  });
  try {
    const bob = await connectClient(server, "bob", "bob-pw", "bench");
    const auth = basicAuth("alice", "alice-pw");
    const ceiling = await wrk(server, "/bench_trivial/x", { BENCH_BODY: "x", BENCH_CONTENT_TYPE: "text/plain" });
    const message = await wrk(server, "/rest", { BENCH_BODY: MESSAGE, BENCH_CONTENT_TYPE: "application/xmpp+xml", BENCH_AUTH: auth });
    const ping = await wrk(server, "/rest", { BENCH_BODY: PING, BENCH_CONTENT_TYPE: "application/xmpp+xml", BENCH_AUTH: auth });
    await bob.stop();
    return { message, ping, ceiling };
  } finally {
    await server.stop();
  }
}

export async function benchRest(): Promise<Row[]> {
  const ours = await measure("bench-rest", [], true);
  const rows: Row[] = [
    { name: "trivial route (ceiling, mod_rest server)", rate: ours.ceiling.rate, unit: "req/s", cpuMs: ours.ceiling.cpuMs },
    { name: "mod_rest POST message", rate: ours.message.rate, unit: "req/s", cpuMs: ours.message.cpuMs, ceiling: percentOf(ours.message, ours.ceiling) },
    { name: "mod_rest iq ping round trip", rate: ours.ping.rate, unit: "req/s", cpuMs: ours.ping.cpuMs, ceiling: percentOf(ours.ping, ours.ceiling) },
  ];
  if (!existsSync(path.join(REFERENCE, "mod_rest", "mod_rest.lua"))) {
    console.error(`No community mod_rest at ${REFERENCE}: skipping the side-by-side rows.`);
    return rows;
  }
  const theirs = await measure("bench-rest-community", [REFERENCE], false);
  rows.push(
    { name: "community mod_rest POST message", rate: theirs.message.rate, unit: "req/s", cpuMs: theirs.message.cpuMs,
      ceiling: percentOf(theirs.message, theirs.ceiling), ratio: ours.message.rate / theirs.message.rate },
    { name: "community mod_rest iq ping round trip", rate: theirs.ping.rate, unit: "req/s", cpuMs: theirs.ping.cpuMs,
      ceiling: percentOf(theirs.ping, theirs.ceiling), ratio: ours.ping.rate / theirs.ping.rate },
  );
  return rows;
}
