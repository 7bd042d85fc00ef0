// The server the traffic runs use: the webhook endpoint process
// (endpoint.mjs), then one Prosody with the three modules from dist/:
// mod_post_msg and mod_rest (with a callback to the endpoint) on
// "localhost", mod_component_http as BOT posting to the endpoint, and
// mod_http_openmetrics for the metrics. Log level info (debug lines for
// every request would fill the disk over ten minutes).
import { spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createInterface } from "node:readline";
import { httpRequest } from "../../test/harness/http";
import { luaString, REPO_ROOT, startProsody, type ProsodyServer } from "../../test/harness/prosody";

/** The mod_component_http component. */
export const BOT = "bot.localhost";
/** The users: HTTP senders, the recipient of their messages, and the XMPP client talking to the bot and the callback. */
export const USERS: [string, string][] = [
  ["alice", "alice-pw"],
  ["bob", "bob-pw"],
  ["sink", "sink-pw"],
  ["talker", "talker-pw"],
];

export interface Endpoint {
  url: string;
  stats(): Promise<EndpointStats>;
  stop(): void;
}

/** What endpoint.mjs counted. */
export interface EndpointStats {
  component: { message: number; iq: number; other: number };
  callback: { message: number; other: number; options: number };
  answered: number;
  unparsable: number;
}

/** Starts endpoint.mjs; each answer waits a random 0..maxLatencyMs. */
export async function startEndpoint(maxLatencyMs: number): Promise<Endpoint> {
  const child: ChildProcess = spawn(process.execPath, [path.join(REPO_ROOT, "bench", "traffic", "endpoint.mjs"), String(maxLatencyMs)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`endpoint exited (${code}) before listening`)));
    lines.once("line", (line) => resolve(Number(/listening (\d+)/.exec(line)?.[1])));
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    stats: async () => (await httpRequest(url, { path: "/stats" })).json() as EndpointStats,
    stop: () => child.kill(),
  };
}

export interface TrafficServerOptions {
  name: string;
  /** mod_post_msg and mod_rest on localhost (the soak); the load run needs only the component. */
  httpModules: boolean;
  /** Copy dist/*.lua aside first, so a rebuild during a long run cannot change what is loaded. */
  snapshotDist: boolean;
}

export interface TrafficServer {
  server: ProsodyServer;
  endpoint: Endpoint;
  /** The dist/ files loaded (a snapshot's folder, or dist/). */
  pluginDir: string;
  stop(): Promise<void>;
}

export async function startTrafficServer(endpoint: Endpoint, opts: TrafficServerOptions): Promise<TrafficServer> {
  const dist = path.join(REPO_ROOT, "dist");
  let pluginDir = dist;
  if (opts.snapshotDist) {
    pluginDir = mkdtempSync(path.join(os.tmpdir(), "traffic-dist-"));
    for (const file of readdirSync(dist).filter((f) => f.endsWith(".lua"))) copyFileSync(path.join(dist, file), path.join(pluginDir, file));
  }
  const hostModules = opts.httpModules ? ["post_msg", "rest", "http_openmetrics"] : ["http_openmetrics"];
  const hostConfig = opts.httpModules
    ? [
        `rest_callback_url = ${luaString(`${endpoint.url}/callback`)}`,
        // Every /rest request comes from one account: room for the iqs in flight at once.
        "rest_iq_max_pending = 200",
      ].join("\n")
    : "";
  const server = await startProsody({
    name: opts.name,
    logLevel: "info",
    distPlugins: !opts.snapshotDist,
    pluginPaths: opts.snapshotDist ? [pluginDir] : [],
    // Metrics collected when scraped (mod_http_openmetrics), not on a timer.
    globalConfig: 'statistics = "internal"\nstatistics_interval = "manual"',
    virtualHostModules: hostModules,
    virtualHostConfig: hostConfig,
    components: [
      {
        domain: BOT,
        module: "component_http",
        config: `component_post_url = ${luaString(`${endpoint.url}/component`)}\ncomponent_post_stanzas = { "message", "iq" }`,
      },
    ],
    users: USERS,
  });
  return {
    server,
    endpoint,
    pluginDir,
    stop: async () => {
      await server.stop();
      if (pluginDir !== dist) rmSync(pluginDir, { recursive: true, force: true });
    },
  };
}
