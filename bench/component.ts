// mod_component_http side by side with the community module it replaces:
// one Prosody with four components (this project's and the community's,
// each posting to a Node endpoint and to a Python standard-library one,
// same options: component_post_url only), one XMPP client keeping a window
// of 1, 64 or 1,000 chat messages in flight, Prosody's CPU per round trip.
// The community module comes from ../shared/reference/community-2024-01
// (BENCH_REFERENCE overrides) and is skipped when absent.
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createInterface } from "node:readline";
import { PROSODY13_DIR, PROSODY_VERSION, REPO_ROOT, startProsody, type ProsodyServer } from "../test/harness/prosody";
import { connectClient, xml, type Element, type TestClient } from "../test/harness/xmpp";
import { cpuSeconds } from "./measure";

const REFERENCE = process.env.BENCH_REFERENCE ?? path.join(REPO_ROOT, "..", "shared", "reference", "community-2024-01");
const COMMUNITY_FILE = path.join(REFERENCE, "mod_component_http", "mod_component_http.lua");
/** Measured seconds per module, window and endpoint (in two halves, each after a short warm-up). */
const SECONDS = Number(process.env.BENCH_COMPONENT_SECONDS ?? 4);
const WARM_UP_MS = 500;
export const WINDOWS = [1, 64, 1000];
/** No reply for this long: a lost stanza, not a slow server. */
const STALL_MS = 20_000;

type Endpoint = "node" | "python";
const ENDPOINTS: Endpoint[] = ["node", "python"];

/** One measurement: replies per second and Prosody's CPU ms per round trip. */
export interface Figures {
  rate: number;
  cpuMs: number;
  answered: number;
  /** Replies of type error (a timeout, a refused queue, a failed request). */
  errors: number;
}

export interface ComponentRow {
  version: string;
  endpoint: Endpoint;
  window: number;
  ours: Figures;
  community?: Figures;
}

/** Starts an endpoint process; resolves with its URL once it prints "listening PORT". */
export async function startEndpoint(kind: Endpoint): Promise<{ url: string; stop(): void }> {
  const [command, args] = kind === "python"
    ? ["python3", [path.join(REPO_ROOT, "bench", "endpoint.py")]]
    : [process.execPath, [path.join(REPO_ROOT, "bench", "endpoint-node.mjs")]];
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`${kind} endpoint exited (${code}) before listening`)));
    lines.once("line", (line) => resolve(Number(/listening (\d+)/.exec(line)?.[1])));
  });
  return { url: `http://127.0.0.1:${port}/`, stop: () => child.kill() };
}

/**
 * Keeps `size` messages in flight to `to` for `ms`, then waits for the
 * stragglers. Every reply (error or not) frees a slot.
 */
function keepWindow(client: TestClient, to: string, size: number, ms: number): Promise<{ answered: number; errors: number }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = 0;
    let errors = 0;
    const stopAt = Date.now() + ms;
    const sendOne = () => {
      sent++;
      void client.send(xml("message", { to, type: "chat", id: `w${sent}` }, xml("body", {}, `ping ${sent}`)));
    };
    const stall = setTimeout(() => {
      client.xmpp.off("stanza", onStanza);
      reject(new Error(`${to}: ${sent - answered} of ${sent} messages unanswered after ${STALL_MS} ms`));
    }, STALL_MS);
    const onStanza = (el: Element) => {
      if (!el.is("message") || el.attrs.from?.split("/")[0] !== to) return;
      answered++;
      if (el.attrs.type === "error") errors++;
      stall.refresh();
      if (Date.now() < stopAt) sendOne();
      else if (answered === sent) {
        clearTimeout(stall);
        client.xmpp.off("stanza", onStanza);
        resolve({ answered, errors });
      }
    };
    client.xmpp.on("stanza", onStanza);
    for (let i = 0; i < size; i++) sendOne();
  });
}

/** Raw totals of one measured run, to add runs together. */
interface Totals {
  answered: number;
  errors: number;
  cpuSeconds: number;
  seconds: number;
}

/** `size` messages kept in flight to `to` for `seconds`, after a warm-up; Prosody's CPU over the run. */
async function measureTotals(server: ProsodyServer, client: TestClient, to: string, size: number, seconds: number): Promise<Totals> {
  const pid = server.pid;
  if (!pid) throw new Error("Prosody has no pid");
  await keepWindow(client, to, size, WARM_UP_MS);
  const cpuBefore = cpuSeconds(pid);
  const started = Date.now();
  const { answered, errors } = await keepWindow(client, to, size, seconds * 1000);
  return { answered, errors, cpuSeconds: cpuSeconds(pid) - cpuBefore, seconds: (Date.now() - started) / 1000 };
}

function figures(runs: Totals[]): Figures {
  let answered = 0;
  let errors = 0;
  let cpu = 0;
  let seconds = 0;
  for (const run of runs) {
    answered += run.answered;
    errors += run.errors;
    cpu += run.cpuSeconds;
    seconds += run.seconds;
  }
  return { rate: answered / seconds, cpuMs: (cpu * 1000) / answered, answered, errors };
}

/** Replies per second and Prosody CPU per round trip for `size` messages kept in flight to `to`. */
export async function measure(server: ProsodyServer, client: TestClient, to: string, size: number): Promise<Figures> {
  return figures([await measureTotals(server, client, to, size, SECONDS)]);
}

/**
 * Ours and theirs in the order A B B A, each half the time: a load that
 * other processes put on the machine meanwhile weighs on both alike.
 */
async function sideBySide(server: ProsodyServer, client: TestClient, ours: string, theirs: string, size: number): Promise<[Figures, Figures]> {
  const half = SECONDS / 2;
  const a1 = await measureTotals(server, client, ours, size, half);
  const b1 = await measureTotals(server, client, theirs, size, half);
  const b2 = await measureTotals(server, client, theirs, size, half);
  const a2 = await measureTotals(server, client, ours, size, half);
  return [figures([a1, a2]), figures([b1, b2])];
}

/** Every window x endpoint on the Prosody chosen by PROSODY, ours next to the community's. */
export async function benchComponent(): Promise<ComponentRow[]> {
  const withCommunity = existsSync(COMMUNITY_FILE);
  if (!withCommunity) console.error(`No community mod_component_http at ${REFERENCE}: measuring this project's only.`);
  // Both modules are called mod_component_http: load the community one under another name.
  const communityDir = mkdtempSync(path.join(os.tmpdir(), "bench-community-"));
  if (withCommunity) copyFileSync(COMMUNITY_FILE, path.join(communityDir, "mod_component_http_community.lua"));
  const endpoints = { node: await startEndpoint("node"), python: await startEndpoint("python") };
  const components = [];
  for (const endpoint of ENDPOINTS) {
    const config = `component_post_url = "${endpoints[endpoint].url}"`;
    components.push({ domain: `ours-${endpoint}.localhost`, module: "component_http", config });
    if (withCommunity) components.push({ domain: `community-${endpoint}.localhost`, module: "component_http_community", config });
  }
  const server = await startProsody({
    name: "bench-component-side-by-side",
    pluginPaths: [communityDir],
    users: [["alice", "alice-pw"]],
    components,
    logLevel: "info",
  });
  const rows: ComponentRow[] = [];
  try {
    const alice = await connectClient(server, "alice", "alice-pw", "bench");
    for (const endpoint of ENDPOINTS) {
      for (const window of WINDOWS) {
        const ours = `echo@ours-${endpoint}.localhost`;
        let row: ComponentRow;
        if (withCommunity) {
          const [oursFigures, community] = await sideBySide(server, alice, ours, `echo@community-${endpoint}.localhost`, window);
          row = { version: server.version, endpoint, window, ours: oursFigures, community };
        } else {
          row = { version: server.version, endpoint, window, ours: await measure(server, alice, ours, window) };
        }
        rows.push(row);
        console.error(formatRow(row));
      }
    }
    await alice.stop();
  } finally {
    await server.stop();
    endpoints.node.stop();
    endpoints.python.stop();
    rmSync(communityDir, { recursive: true, force: true });
  }
  return rows;
}

function formatRow(row: ComponentRow): string {
  const c = row.community;
  const errors = row.ours.errors + (c?.errors ?? 0) === 0 ? "0" : `${row.ours.errors} / ${c?.errors ?? "—"}`;
  return `| ${row.version} | ${row.endpoint} | ${row.window} | ${row.ours.rate.toFixed(0)} | ${c ? c.rate.toFixed(0) : "—"} | ` +
    `${row.ours.cpuMs.toFixed(3)} ms | ${c ? `${c.cpuMs.toFixed(3)} ms` : "—"} | ` +
    `**${c ? `${(row.ours.cpuMs / c.cpuMs).toFixed(2)}x` : "—"}** | ${errors} |`;
}

/** The Markdown table for bench/README.md. */
export function formatComponentTable(rows: ComponentRow[]): string {
  return [
    "| Prosody | endpoint | window | this project msg/s | community msg/s | this project CPU per round trip | community CPU per round trip | CPU ratio this project ÷ community | error replies (ours / community) |",
    "|---|---|---|---|---|---|---|---|---|",
    ...rows.map(formatRow),
  ].join("\n");
}

/**
 * The side-by-side bench on Prosody 0.12 (or whatever PROSODY says) in this
 * process, then on Prosody 13 in a child process when .deps/prosody-13 is
 * there (PROSODY_VERSION is fixed per process); BENCH_PROSODY13=0 skips it.
 * Prints the tables.
 */
export async function benchComponentSideBySide(): Promise<void> {
  const rows = await benchComponent();
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  console.log(`\nmod_component_http side by side, ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${cpu}, ` +
    `${SECONDS} s per measurement, Prosody ${PROSODY_VERSION}\n`);
  console.log(formatComponentTable(rows));
  if (PROSODY_VERSION === "0.12" && process.env.BENCH_PROSODY13 !== "0" && existsSync(PROSODY13_DIR)) {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(path.join(REPO_ROOT, "node_modules", ".bin", "tsx"), [path.join(REPO_ROOT, "bench", "component-run.ts")], {
        stdio: "inherit",
        env: { ...process.env, PROSODY: "13" },
      });
      child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`Prosody 13 component bench exited ${code}`))));
    });
  }
}
