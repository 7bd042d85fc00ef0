// Measurement helpers shared by the benchmarks: Prosody's CPU time per
// request, wrk runs, and message round trips with a window in flight.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT, type ProsodyServer } from "../test/harness/prosody";
import { xml, type TestClient } from "../test/harness/xmpp";

const run = promisify(execFile);
export const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
export const WINDOW = Number(process.env.BENCH_WINDOW ?? 64);
export const PLUGINS = path.join(REPO_ROOT, "bench", "plugins");
const CLOCK_TICKS = 100; // USER_HZ on Linux

export interface Row {
  name: string;
  rate: number;
  unit: string;
  cpuMs: number;
  ceiling?: string;
  /** For a community module's row: this project's rate divided by its rate. */
  ratio?: number;
}

/** User + system CPU seconds used by a process so far. */
export function cpuSeconds(pid: number): number {
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
export async function wrk(server: ProsodyServer, urlPath: string, env: Record<string, string>): Promise<{ rate: number; cpuMs: number }> {
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
export async function roundTrips(server: ProsodyServer, client: TestClient, to: string): Promise<{ rate: number; cpuMs: number }> {
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

/** `part` as a percentage of `whole`, for the "of ceiling" column. */
export function percentOf(part: { rate: number }, whole: { rate: number }): string {
  return `${((100 * part.rate) / whole.rate).toFixed(0)}%`;
}
