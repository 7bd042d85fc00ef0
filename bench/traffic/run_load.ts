// The load run (issue #9, item 7): one XMPP client keeps a window of 1,000
// chat messages in flight to mod_component_http (the side-by-side bench's
// largest window; a reply or an error reply frees a slot) for a while; the
// endpoint answers each after a random 0-50 ms. Checked: every message
// answered exactly once (by id or echoed body), the webhook metrics equal
// what the client saw (successes = echoes, each failure outcome = the error
// replies of its kind), Prosody's memory after the run and a full GC back
// within a bound of before, no error in the log. Returns the failures.
import { findProblems } from "../../test/harness/prosody";
import { sleep } from "../../test/harness/util";
import { connectLean, xml, type Element } from "./client";
import { perMinute, startSampler, writeCsv } from "./memory";
import { luaKiBAfterFullGc, metric, rssKiB, scrapeMetrics, webhookOutcomes, type Metrics } from "./probes";
import { BOT, startEndpoint, startTrafficServer } from "./server";

export const WINDOW = 1000;
export const MAX_LATENCY_MS = 50;
/** Messages sent (and answered) before the "before" memory is taken: one-time allocations are not growth. */
const WARM_UP_MESSAGES = 2000;
/** After the last answer, wait this long for late duplicates. */
const LATE_MS = 2000;
/** component_post_max_inflight: its default, which the traffic server keeps. */
const MAX_INFLIGHT = 100;
/** Lua heap after a full GC, after the run vs before: allowed growth. */
export const LUA_SLACK_MIB = 1;
/** RSS after the run vs before: allowed growth (the allocator keeps what the peak of 1,000 in flight took). */
export const RSS_SLACK_MIB = 8;

export interface LoadOptions {
  seconds: number;
  checkMemory: boolean;
  snapshotDist: boolean;
  /** Default WARM_UP_MESSAGES. */
  warmUpMessages?: number;
  csvFile?: string;
  print?: (line: string) => void;
}

/** The error replies by webhook outcome, told apart by their condition and text. */
function outcomeOf(el: Element): string {
  const error = el.getChild("error");
  const condition = error?.getChildElements().find((c) => c.name !== "text")?.name ?? "none";
  const text = error?.getChildText("text") ?? "";
  if (condition === "resource-constraint") return "queue-full";
  if (/not sent until it recovers/.test(text)) return "circuit-open";
  if (/did not answer in time/.test(text)) return "timeout";
  if (/could not be reached/.test(text)) return "connection";
  return `other: ${condition} ${text}`;
}

/** Outcome counts of the run: after minus before. */
function diff(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(after)) if (v - (before[k] ?? 0) !== 0) out[k] = v - (before[k] ?? 0);
  return out;
}

export async function runLoad(opts: LoadOptions): Promise<{ failures: string[] }> {
  const print = opts.print ?? ((line: string) => console.log(line));
  const failures: string[] = [];
  const fail = (what: string, ok: boolean): void => {
    if (!ok) failures.push(what);
  };
  const endpoint = await startEndpoint(MAX_LATENCY_MS);
  const ts = await startTrafficServer(endpoint, { name: "load", httpModules: false, snapshotDist: opts.snapshotDist }).catch((e: unknown) => {
    endpoint.stop();
    throw e;
  });
  const { server } = ts;
  try {
    const answers = new Map<string, number>();
    const errors: Record<string, number> = {};
    let echoes = 0;
    let strays = 0;
    let sent = 0;
    let inFlight = 0;
    let sending = false;
    let onIdle: () => void = () => {};
    const send = (): void => {
      const id = `L-${sent++}`;
      answers.set(id, 0);
      inFlight++;
      void talker.send(xml("message", { to: `echo@${BOT}`, type: "chat", id }, xml("body", {}, id)));
    };
    const answered = (id: string): void => {
      const n = answers.get(id);
      if (n === undefined) {
        strays++;
        return;
      }
      answers.set(id, n + 1);
      if (n > 0) return; // a duplicate: counted, frees no slot
      inFlight--;
      if (sending) send();
      else if (inFlight === 0) onIdle();
    };
    const talker = await connectLean(server, "talker", "talker-pw", (el) => {
      if (!el.is("message")) return;
      if (el.attrs["type"] === "error") {
        const outcome = outcomeOf(el);
        errors[outcome] = (errors[outcome] ?? 0) + 1;
        answered(el.attrs["id"] ?? "");
        return;
      }
      const match = /^echo: (L-\d+)$/.exec(el.getChildText("body") ?? "");
      if (match === null) return;
      echoes++;
      answered(match[1]!);
    });
    /** Keeps WINDOW messages in flight while `until()` holds; resolves once all are answered (or after `waitS` more seconds). */
    const burst = async (until: () => boolean, waitS: number): Promise<void> => {
      const idle = new Promise<void>((resolve) => (onIdle = resolve));
      sending = true;
      for (let i = 0; i < WINDOW; i++) send();
      while (until()) await sleep(50);
      sending = false;
      if (inFlight > 0) await Promise.race([idle, sleep(waitS * 1000)]);
    };

    await burst(() => sent < (opts.warmUpMessages ?? WARM_UP_MESSAGES), 30);
    const warmUpSent = sent;
    const warmUpEchoes = echoes;
    const metricsBefore = await scrapeMetrics(server);
    const luaBefore = await luaKiBAfterFullGc(server);
    const rssBefore = rssKiB(server.pid ?? 0);

    print(`Prosody ${server.version} (pid ${server.pid}), modules from ${ts.pluginDir}; endpoint answers after 0-${MAX_LATENCY_MS} ms`);
    print(`${opts.seconds} s with a window of ${WINDOW} chat messages in flight (after a warm-up of ${warmUpSent}).`);
    const startedAt = Date.now();
    const sampler = startSampler(server, startedAt);
    const endAt = startedAt + opts.seconds * 1000;
    const midRun = sleep(opts.seconds * 500).then(() => scrapeMetrics(server)); // The queue while it is busy.
    await burst(() => Date.now() < endAt, 60);
    const metricsMid = await midRun;
    const runS = (Date.now() - startedAt) / 1000;
    await sleep(LATE_MS);
    await sampler.stop();
    const luaAfter = await luaKiBAfterFullGc(server);
    const rssAfter = rssKiB(server.pid ?? 0);
    const metricsAfter: Metrics = await scrapeMetrics(server);
    const hits = await endpoint.stats();
    await talker.stop();

    const runSent = sent - warmUpSent;
    const runEchoes = echoes - warmUpEchoes;
    const unanswered = [...answers].filter(([, n]) => n === 0).map(([id]) => id);
    const twice = [...answers].filter(([, n]) => n > 1).map(([id]) => id);
    print(`\nSent ${runSent}, echoed ${runEchoes}, in ${runS.toFixed(1)} s until the last answer: ${(runSent / opts.seconds).toFixed(0)} msg/s over the ${opts.seconds} s window`);
    print(`Whole run (warm-up included): ${sent} sent, ${echoes} echoed, error replies ${JSON.stringify(errors)}, ${unanswered.length} unanswered, ${twice.length} answered twice, ${strays} answers to unknown ids`);
    fail(`unanswered: ${unanswered.slice(0, 10).join(" ")}`, unanswered.length === 0);
    fail(`answered twice: ${twice.slice(0, 10).join(" ")}`, twice.length === 0);
    fail(`answers to unknown ids: ${strays}`, strays === 0);
    fail(`error replies of unknown kinds: ${JSON.stringify(errors)}`, Object.keys(errors).every((k) => !k.startsWith("other")));

    // Metrics over the whole run (from Prosody's start: the warm-up included).
    const outcomes = webhookOutcomes(metricsAfter, "mod_component_http");
    const opened = metric(metricsAfter, "mod_component_http", "webhook_breaker_opened");
    const states = Object.fromEntries(
      ["closed", "open", "half-open"].map((s) => [s, metric(metricsAfter, "mod_component_http", "webhook_breaker", { state: s })]),
    );
    print(`webhook_requests (whole run): ${JSON.stringify(outcomes)}; during the ${opts.seconds} s: ${JSON.stringify(diff(outcomes, webhookOutcomes(metricsBefore, "mod_component_http")))}`);
    print(`breaker opened ${opened} times; endpoints per state now: ${JSON.stringify(states)}; endpoint counted ${JSON.stringify(hits.component)}`);
    const queueAt = (m: Metrics): Record<string, number> =>
      Object.fromEntries(["in-flight", "waiting"].map((state) => [state, metric(m, "mod_component_http", "webhook_queue", { state })]));
    const queueMid = queueAt(metricsMid);
    const queueEnd = queueAt(metricsAfter);
    print(`webhook_queue halfway: ${JSON.stringify(queueMid)}; at the end: ${JSON.stringify(queueEnd)}`);
    fail(`requests in flight halfway ${queueMid["in-flight"]}: none, or over the bound of ${MAX_INFLIGHT}`, queueMid["in-flight"]! > 0 && queueMid["in-flight"]! <= MAX_INFLIGHT);
    fail(`requests left in flight or waiting after the last answer: ${JSON.stringify(queueEnd)}`, queueEnd["in-flight"] === 0 && queueEnd["waiting"] === 0);
    fail(`successes ${outcomes["success"] ?? 0} != echoes ${echoes}`, (outcomes["success"] ?? 0) === echoes);
    for (const outcome of ["queue-full", "circuit-open", "timeout", "connection", "http-error", "too-large"]) {
      fail(`${outcome}: metric ${outcomes[outcome] ?? 0} != error replies ${errors[outcome] ?? 0}`, (outcomes[outcome] ?? 0) === (errors[outcome] ?? 0));
    }
    fail(`endpoint got ${hits.component.message} messages, metrics say ${(outcomes["success"] ?? 0) + (outcomes["timeout"] ?? 0) + (outcomes["http-error"] ?? 0)} reached it`,
      hits.component.message === (outcomes["success"] ?? 0) + (outcomes["timeout"] ?? 0) + (outcomes["http-error"] ?? 0));
    fail(`breaker not closed at the end: ${JSON.stringify(states)}`, states["closed"] === 1 && states["open"] === 0 && states["half-open"] === 0);

    const problems = findProblems(server.log());
    fail(`Prosody logged ${problems.length} errors or tracebacks:\n${problems.slice(0, 5).join("\n")}`, problems.length === 0);

    const mib = (kib: number): string => (kib / 1024).toFixed(1);
    print("\nProsody memory during the run, sampled every 10 s:");
    for (const line of perMinute(sampler.samples)) print(line);
    if (opts.csvFile !== undefined) writeCsv(opts.csvFile, sampler.samples);
    const peakLua = Math.max(...sampler.samples.map((s) => s.luaKiB));
    const peakRss = Math.max(...sampler.samples.map((s) => s.rssKiB));
    print(`Lua heap after a full GC: before ${mib(luaBefore)} MiB, after ${mib(luaAfter)} MiB (peak sample during the run ${mib(peakLua)} MiB); bound +${LUA_SLACK_MIB} MiB`);
    print(`RSS: before ${mib(rssBefore)} MiB, after ${mib(rssAfter)} MiB (peak sample ${mib(peakRss)} MiB); bound +${RSS_SLACK_MIB} MiB`);
    if (opts.checkMemory) {
      fail(`Lua heap after GC grew ${mib(luaBefore)} -> ${mib(luaAfter)} MiB`, luaAfter <= luaBefore + LUA_SLACK_MIB * 1024);
      fail(`RSS grew ${mib(rssBefore)} -> ${mib(rssAfter)} MiB`, rssAfter <= rssBefore + RSS_SLACK_MIB * 1024);
    }
    print(failures.length === 0 ? "\nVerdict: all checks held." : `\nVerdict: ${failures.length} check(s) failed:\n- ${failures.join("\n- ")}`);
    return { failures };
  } finally {
    await ts.stop();
    endpoint.stop();
  }
}
