// mod_component_http side by side with the community module it replaces:
// one Prosody with components of this project's module (with its defaults,
// so reusing connections, and with component_post_keepalive = false) and of
// the community's, each posting to a Node endpoint, a Python
// standard-library one and a Node one over https (a certificate made for
// the run, trusted through client_https_ssl and component_post_cafile),
// one XMPP client keeping a window of 1, 64 or 1,000 chat messages in
// flight: Prosody's CPU per round trip and the median round trip; at window
// 64, also the bytes Prosody allocates per round trip (collector stopped).
// The community module comes from ../shared/reference/community-2024-01
// (BENCH_REFERENCE overrides) and is skipped when absent.
// BENCH_ENDPOINTS (e.g. "node,https") and BENCH_WINDOWS ("1,64") narrow a run.
import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createInterface } from "node:readline";
import { PROSODY13_DIR, PROSODY_VERSION, REPO_ROOT, startProsody, type ProsodyServer } from "../test/harness/prosody";
import { connectClient, xml, type Element, type TestClient } from "../test/harness/xmpp";
import { cpuSeconds, PLUGINS } from "./measure";
import { luaNumber } from "./traffic/probes";

const REFERENCE = process.env.BENCH_REFERENCE ?? path.join(REPO_ROOT, "..", "shared", "reference", "community-2024-01");
const COMMUNITY_FILE = path.join(REFERENCE, "mod_component_http", "mod_component_http.lua");
/** Measured seconds per module, window and endpoint (in rounds, each after a short warm-up). */
const SECONDS = Number(process.env.BENCH_COMPONENT_SECONDS ?? 6);
/**
 * Measurements of each target per cell, alternating in order and in
 * reverse (an even number cancels a steady drift): 6 of 1 s by default.
 * In 2 rounds of 2 s, a burst of load from elsewhere during one target's
 * turn weighed on half its figure, and a cell's ratios moved by 0.1 and
 * more between runs.
 */
const ROUNDS = Number(process.env.BENCH_COMPONENT_ROUNDS ?? 6);
const WARM_UP_MS = 500;
export const WINDOWS = (process.env.BENCH_WINDOWS ?? "1,64,1000").split(",").map(Number);
/** No reply for this long: a lost stanza, not a slow server. */
const STALL_MS = 20_000;
/** The window at which allocation is measured, for this long per module. */
const ALLOCATION_WINDOW = 64;
const ALLOCATION_MS = 1000;

type Endpoint = "node" | "python" | "https";
const ENDPOINTS = (process.env.BENCH_ENDPOINTS ?? "node,python,https").split(",") as Endpoint[];

/**
 * The modules measured: this project's (reusing connections, then not), the
 * community's, and for plain HTTP the floors: bench/plugins/mod_bench_connect.lua,
 * about the least a module can do with a connection per stanza, and
 * bench/plugins/mod_bench_keepalive.lua, the same with kept-alive connections.
 */
type Variant = "ours" | "noreuse" | "community" | "floor" | "keepfloor";

/** One measurement: replies per second, Prosody's CPU ms per round trip, the median round trip. */
export interface Figures {
  rate: number;
  cpuMs: number;
  medianMs: number;
  answered: number;
  /** Replies of type error (a timeout, a refused queue, a failed request). */
  errors: number;
}

export interface ComponentRow {
  version: string;
  endpoint: Endpoint;
  window: number;
  ours: Figures;
  /** This project's with component_post_keepalive = false. */
  noreuse: Figures;
  community?: Figures;
  /** The connection-per-stanza floor (plain HTTP endpoints only). */
  floor?: Figures;
  /** The kept-alive floor (plain HTTP endpoints only). */
  keepfloor?: Figures;
  /** KiB allocated per round trip (at ALLOCATION_WINDOW only), by variant. */
  allocated?: Partial<Record<Variant, number>>;
}

/** A key and a self-signed certificate for 127.0.0.1 and localhost, made with openssl in `dir`. */
function makeCertificate(dir: string): { cert: string; key: string } {
  const cert = path.join(dir, "endpoint.crt");
  const key = path.join(dir, "endpoint.key");
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
    "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"], { stdio: "ignore" });
  return { cert, key };
}

/** Starts an endpoint process; resolves with its URL once it prints "listening PORT". */
export async function startEndpoint(kind: Endpoint, tls?: { cert: string; key: string }): Promise<{ url: string; stop(): void }> {
  const nodeArgs = [path.join(REPO_ROOT, "bench", "endpoint-node.mjs"), ...(kind === "https" && tls ? [tls.cert, tls.key] : [])];
  const [command, args] = kind === "python"
    ? ["python3", [path.join(REPO_ROOT, "bench", "endpoint.py")]]
    : [process.execPath, nodeArgs];
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`${kind} endpoint exited (${code}) before listening`)));
    lines.once("line", (line) => resolve(Number(/listening (\d+)/.exec(line)?.[1])));
  });
  return { url: kind === "https" ? `https://localhost:${port}/` : `http://127.0.0.1:${port}/`, stop: () => child.kill() };
}

/**
 * Keeps `size` messages in flight to `to` for `ms`, then waits for the
 * stragglers. Every reply (error or not) frees a slot.
 */
function keepWindow(client: TestClient, to: string, size: number, ms: number): Promise<{ answered: number; errors: number; latencies: number[] }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = 0;
    let errors = 0;
    const stopAt = Date.now() + ms;
    const sentAt = new Map<number, number>();
    const latencies: number[] = [];
    const sendOne = () => {
      sent++;
      sentAt.set(sent, performance.now());
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
      // Replies say "Did you say ping N?"; error replies keep the id wN.
      const n = Number(/ping (\d+)/.exec(el.getChildText("body") ?? "")?.[1] ?? /^w(\d+)$/.exec(el.attrs.id ?? "")?.[1]);
      const start = sentAt.get(n);
      if (start !== undefined) {
        latencies.push(performance.now() - start);
        sentAt.delete(n);
      }
      stall.refresh();
      if (Date.now() < stopAt) sendOne();
      else if (answered === sent) {
        clearTimeout(stall);
        client.xmpp.off("stanza", onStanza);
        resolve({ answered, errors, latencies });
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
  latencies: number[];
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
  const { answered, errors, latencies } = await keepWindow(client, to, size, seconds * 1000);
  return { answered, errors, latencies, cpuSeconds: cpuSeconds(pid) - cpuBefore, seconds: (Date.now() - started) / 1000 };
}

function figures(runs: Totals[]): Figures {
  let answered = 0;
  let errors = 0;
  let cpu = 0;
  let seconds = 0;
  const latencies: number[] = [];
  for (const run of runs) {
    latencies.push(...run.latencies);
    answered += run.answered;
    errors += run.errors;
    cpu += run.cpuSeconds;
    seconds += run.seconds;
  }
  latencies.sort((a, b) => a - b);
  const medianMs = latencies[Math.floor(latencies.length / 2)] ?? NaN;
  return { rate: answered / seconds, cpuMs: (cpu * 1000) / answered, medianMs, answered, errors };
}

/** Replies per second and Prosody CPU per round trip for `size` messages kept in flight to `to`. */
export async function measure(server: ProsodyServer, client: TestClient, to: string, size: number): Promise<Figures> {
  return figures([await measureTotals(server, client, to, size, SECONDS)]);
}

/**
 * Each target measured in ROUNDS rounds, in the order A B C … C B A (and again
 * for more rounds), each for an equal share of the time: a load that other
 * processes put on the machine meanwhile weighs on all alike.
 */
async function sideBySide(server: ProsodyServer, client: TestClient, targets: string[], size: number): Promise<Figures[]> {
  const slice = SECONDS / ROUNDS;
  const runs = new Map<string, Totals[]>(targets.map((target) => [target, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const target of round % 2 === 0 ? targets : [...targets].reverse()) {
      runs.get(target)?.push(await measureTotals(server, client, target, size, slice));
    }
  }
  return targets.map((target) => figures(runs.get(target) ?? []));
}

/**
 * KiB the whole Prosody process allocates per round trip: the Lua heap's
 * growth over a run with the collector stopped (and restarted after), so
 * neither the collector's timing nor the machine's load moves it.
 */
async function allocatedPerRoundTrip(server: ProsodyServer, client: TestClient, to: string, size: number): Promise<number> {
  await keepWindow(client, to, size, WARM_UP_MS);
  const before = await luaNumber(server, '(function () collectgarbage(); collectgarbage("stop"); return collectgarbage("count") end)()');
  const { answered } = await keepWindow(client, to, size, ALLOCATION_MS);
  const after = await luaNumber(server, '(function () local kib = collectgarbage("count"); collectgarbage("restart"); return kib end)()');
  return (after - before) / answered;
}

/** Every window x endpoint on the Prosody chosen by PROSODY, ours next to the community's. */
export async function benchComponent(): Promise<ComponentRow[]> {
  const withCommunity = existsSync(COMMUNITY_FILE);
  if (!withCommunity) console.error(`No community mod_component_http at ${REFERENCE}: measuring this project's only.`);
  // Both modules are called mod_component_http: load the community one under another name.
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-community-"));
  if (withCommunity) copyFileSync(COMMUNITY_FILE, path.join(dir, "mod_component_http_community.lua"));
  const tls = makeCertificate(dir);
  const endpoints = new Map<Endpoint, { url: string; stop(): void }>();
  for (const endpoint of ENDPOINTS) endpoints.set(endpoint, await startEndpoint(endpoint, tls));
  const variants: Variant[] = withCommunity ? ["ours", "noreuse", "community", "floor", "keepfloor"] : ["ours", "noreuse", "floor", "keepfloor"];
  const components = [];
  for (const [endpoint, { url }] of endpoints) {
    if (endpoint !== "https") {
      components.push({ domain: `floor-${endpoint}.localhost`, module: "bench_connect", config: `component_post_url = "${url}"` });
      components.push({ domain: `keepfloor-${endpoint}.localhost`, module: "bench_keepalive", config: `component_post_url = "${url}"` });
    }
    const config = `component_post_url = "${url}"\ncomponent_post_cafile = "${tls.cert}"`;
    components.push({ domain: `ours-${endpoint}.localhost`, module: "component_http", config });
    components.push({ domain: `noreuse-${endpoint}.localhost`, module: "component_http", config: `${config}\ncomponent_post_keepalive = false` });
    if (withCommunity) components.push({ domain: `community-${endpoint}.localhost`, module: "component_http_community", config });
  }
  const server = await startProsody({
    name: "bench-component-side-by-side",
    pluginPaths: [dir, PLUGINS],
    users: [["alice", "alice-pw"]],
    components,
    // net.http's https context (the community module's) trusts the run's certificate.
    globalConfig: `client_https_ssl = { cafile = "${tls.cert}" }`,
    logLevel: "info",
  });
  const rows: ComponentRow[] = [];
  try {
    const alice = await connectClient(server, "alice", "alice-pw", "bench");
    for (const endpoint of ENDPOINTS) {
      for (const window of WINDOWS) {
        const measured = variants.filter((v) => (v !== "floor" && v !== "keepfloor") || endpoint !== "https");
        const figures = await sideBySide(server, alice, measured.map((v) => `echo@${v}-${endpoint}.localhost`), window);
        const of = (v: Variant) => figures[measured.indexOf(v)];
        const ours = of("ours");
        const noreuse = of("noreuse");
        if (!ours || !noreuse) throw new Error("a variant was not measured");
        const row: ComponentRow = {
          version: server.version, endpoint, window, ours, noreuse, community: of("community"), floor: of("floor"), keepfloor: of("keepfloor"),
        };
        if (window === ALLOCATION_WINDOW) {
          row.allocated = {};
          for (const v of measured) row.allocated[v] = await allocatedPerRoundTrip(server, alice, `echo@${v}-${endpoint}.localhost`, window);
        }
        rows.push(row);
        console.error(formatRow(row));
      }
    }
    await alice.stop();
  } finally {
    await server.stop();
    for (const { stop } of endpoints.values()) stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

/** `a ÷ b` as a ratio, or a dash without `b`. */
function ratio(a: number, b: number | undefined): string {
  return b === undefined ? "—" : `${(a / b).toFixed(2)}x`;
}

function formatRow(row: ComponentRow): string {
  const { ours, noreuse, community: c, floor, keepfloor } = row;
  const errorCount = ours.errors + noreuse.errors + (c?.errors ?? 0);
  const errors = errorCount === 0 ? "0" : `${ours.errors} / ${noreuse.errors} / ${c?.errors ?? "—"}`;
  return `| ${row.version} | ${row.endpoint} | ${row.window} | ` +
    `${ours.rate.toFixed(0)} / ${noreuse.rate.toFixed(0)} / ${c ? c.rate.toFixed(0) : "—"} | ` +
    `${ours.cpuMs.toFixed(3)} / ${noreuse.cpuMs.toFixed(3)} / ${c ? c.cpuMs.toFixed(3) : "—"} | ` +
    `**${ratio(ours.cpuMs, c?.cpuMs)}** | **${ratio(noreuse.cpuMs, c?.cpuMs)}** | ` +
    `${ours.medianMs.toFixed(1)} / ${noreuse.medianMs.toFixed(1)} / ${c ? c.medianMs.toFixed(1) : "—"} | ` +
    `${floor ? floor.cpuMs.toFixed(3) : "—"} | ${ratio(noreuse.cpuMs, floor?.cpuMs)} / ${c ? ratio(c.cpuMs, floor?.cpuMs) : "—"} | ` +
    `${keepfloor ? keepfloor.cpuMs.toFixed(3) : "—"} | ${ratio(ours.cpuMs, keepfloor?.cpuMs)} / ${c && keepfloor ? ratio(keepfloor.cpuMs, c.cpuMs) : "—"} | ` +
    `${allocation(row.allocated)} | ${errors} |`;
}

/** KiB allocated per round trip, reuse / no reuse / community / floor / kept-alive floor, and the two ratios to the community's. */
function allocation(kib: ComponentRow["allocated"]): string {
  if (kib === undefined) return "—";
  const fixed = (v: number | undefined) => (v === undefined ? "—" : v.toFixed(1));
  return `${fixed(kib.ours)} / ${fixed(kib.noreuse)} / ${fixed(kib.community)} / ${fixed(kib.floor)} / ${fixed(kib.keepfloor)} ` +
    `(${ratio(kib.ours ?? 0, kib.community)}, ${ratio(kib.noreuse ?? 0, kib.community)})`;
}

/** The Markdown table for bench/README.md. */
export function formatComponentTable(rows: ComponentRow[]): string {
  return [
    "| Prosody | endpoint | window | msg/s: reuse / no reuse / community | CPU ms per round trip: reuse / no reuse / community | " +
      "CPU reuse ÷ community | CPU no reuse ÷ community | median round trip ms: reuse / no reuse / community | " +
      "floor CPU ms | CPU ÷ floor: no reuse / community | " +
      "kept-alive floor CPU ms | reuse ÷ kept-alive floor / kept-alive floor ÷ community | " +
      `KiB allocated per round trip (window ${ALLOCATION_WINDOW}): reuse / no reuse / community / floor / kept-alive floor (reuse, no reuse ÷ community) | ` +
      "error replies |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
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
    `${SECONDS} s per measurement in ${ROUNDS} rounds, ` +
    `Prosody ${PROSODY_VERSION}\n`);
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
