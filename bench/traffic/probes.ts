// What the traffic runs read from a running Prosody: its memory (RSS from
// /proc, the Lua heap through the admin shell) and its metrics (scraped
// from mod_http_openmetrics, which ships with 0.12 and 13).
import { readFileSync } from "node:fs";
import { httpRequest } from "../../test/harness/http";
import type { ProsodyServer } from "../../test/harness/prosody";

/** One memory sample, in KiB. */
export interface MemorySample {
  /** Seconds since the run started. */
  at: number;
  rssKiB: number;
  luaKiB: number;
}

/** VmRSS of a process, KiB. */
export function rssKiB(pid: number): number {
  const line = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (line === null) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(line[1]);
}

/** Runs a Lua expression in Prosody's admin shell (`> expr`, the same on 0.12 and 13) and returns its number. */
export async function luaNumber(server: ProsodyServer, expression: string): Promise<number> {
  const out = await server.shell(`> ${expression}`);
  const match = /Result: (-?[\d.e+]+)/.exec(out);
  if (match === null) throw new Error(`admin shell: no number in ${JSON.stringify(out)} for ${expression}`);
  return Number(match[1]);
}

/** The Lua heap in use, KiB (collectgarbage("count")). */
export const luaKiB = (server: ProsodyServer): Promise<number> => luaNumber(server, 'collectgarbage("count")');

/** A full collection, then the heap in use, KiB. */
export async function luaKiBAfterFullGc(server: ProsodyServer): Promise<number> {
  await luaNumber(server, "collectgarbage()");
  return luaKiB(server);
}

export async function sampleMemory(server: ProsodyServer, startedAt: number): Promise<MemorySample> {
  const luaKiBNow = await luaKiB(server);
  return { at: Math.round((Date.now() - startedAt) / 1000), rssKiB: rssKiB(server.pid ?? 0), luaKiB: luaKiBNow };
}

/** Metric series from an OpenMetrics scrape, keyed `name{label="value",...}` as Prosody renders them. */
export type Metrics = Map<string, number>;

export async function scrapeMetrics(server: ProsodyServer): Promise<Metrics> {
  const res = await httpRequest(server, { path: "/metrics", timeoutMs: 15_000 });
  if (res.status !== 200) throw new Error(`GET /metrics: ${res.status} ${res.body.slice(0, 200)}`);
  const series: Metrics = new Map();
  for (const line of res.body.split("\n")) {
    const match = /^([^#\s][^\s]*) (\S+)/.exec(line);
    if (match !== null) series.set(match[1]!, Number(match[2]));
  }
  return series;
}

/**
 * Sum of a metric's series whose labels include all of `labels`, e.g.
 * metric(m, "mod_component_http", "webhook_requests", { outcome: "success" }).
 * Counters are rendered with a `_total` suffix on some versions: both are read.
 */
export function metric(m: Metrics, module: string, name: string, labels: Record<string, string> = {}): number {
  const base = `prosody_${module}__${name}`;
  let sum = 0;
  for (const [key, value] of m) {
    const brace = key.indexOf("{");
    const family = brace < 0 ? key : key.slice(0, brace);
    if (family !== base && family !== `${base}_total`) continue;
    const labelText = brace < 0 ? "" : key.slice(brace);
    if (Object.entries(labels).every(([k, v]) => labelText.includes(`${k}="${v}"`))) sum += value;
  }
  return sum;
}

/** Each value of a counter's label with its count, e.g. labelCounts(m, "mod_rest", "http_answers", "status"). */
export function labelCounts(m: Metrics, module: string, name: string, label: string): Record<string, number> {
  const out: Record<string, number> = {};
  const base = `prosody_${module}__${name}`;
  const pattern = new RegExp(`${label}="([^"]*)"`);
  for (const [key, value] of m) {
    // Counters also have a `_created` series (a timestamp): only the counts.
    const family = key.split("{")[0];
    if (family !== base && family !== `${base}_total`) continue;
    const labelValue = pattern.exec(key)?.[1];
    if (labelValue !== undefined) out[labelValue] = (out[labelValue] ?? 0) + value;
  }
  return out;
}

/** Every outcome label of a module's webhook_requests with its count. */
export function webhookOutcomes(m: Metrics, module: string): Record<string, number> {
  return labelCounts(m, module, "webhook_requests", "outcome");
}
