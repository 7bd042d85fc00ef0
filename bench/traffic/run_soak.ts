// The traffic soak (issue #10, item 3): mixed open-loop traffic on all
// three modules of one Prosody for a while, Prosody's memory sampled every
// 10 s, then what the clients counted checked against each other, against
// the modules' metrics and the endpoint's counts, the log checked for
// errors, and (for long runs) the memory bound. Returns the failures
// instead of asserting, so the bench entry and the smoke test share it.
import { findProblems } from "../../test/harness/prosody";
import { sleep } from "../../test/harness/util";
import { checkBound, perMinute, SOAK_BOUND, startSampler, writeCsv } from "./memory";
import { DEFAULT_RATES, startMixedTraffic, type Counts, type Rates } from "./mixed";
import { labelCounts, luaKiBAfterFullGc, metric, scrapeMetrics, webhookOutcomes } from "./probes";
import { startEndpoint, startTrafficServer } from "./server";

export interface SoakOptions {
  seconds: number;
  rates?: Rates;
  /** Check the memory bound (needs at least 5 minutes). */
  checkMemory: boolean;
  snapshotDist: boolean;
  /** Where the memory samples go as CSV (none when undefined). */
  csvFile?: string;
  /** Progress and report lines. */
  print?: (line: string) => void;
}

export interface SoakResult {
  failures: string[];
  counts: Counts;
}

/** Lua heap after a full collection at the end of the warm-up vs at the end: allowed growth. */
const GC_SLACK_MIB = 1;

const sum = (values: Record<string, number>): number => Object.values(values).reduce((a, b) => a + b, 0);
const without = (values: Record<string, number>, ...keys: string[]): number => sum(values) - keys.reduce((a, k) => a + (values[k] ?? 0), 0);
const mergeCounts = (a: Record<string, number>, b: Record<string, number>): Record<string, number> => {
  const out = { ...a };
  for (const [key, n] of Object.entries(b)) out[key] = (out[key] ?? 0) + n;
  return out;
};
const sameCounts = (a: Record<string, number>, b: Record<string, number>): boolean =>
  [...new Set([...Object.keys(a), ...Object.keys(b)])].every((key) => (a[key] ?? 0) === (b[key] ?? 0));

export async function runSoak(opts: SoakOptions): Promise<SoakResult> {
  const print = opts.print ?? ((line: string) => console.log(line));
  const rates = opts.rates ?? DEFAULT_RATES;
  const failures: string[] = [];
  const fail = (what: string, ok: boolean): void => {
    if (!ok) failures.push(what);
  };
  const endpoint = await startEndpoint(0);
  try {
    const ts = await startTrafficServer(endpoint, { name: "soak-traffic", httpModules: true, snapshotDist: opts.snapshotDist });
    const { server } = ts;
    try {
      // mod_rest's OPTIONS probe at load: answered before the run, so the callbacks come as JSON.
      for (let i = 0; i < 50 && (await endpoint.stats()).callback.options === 0; i++) await sleep(100);
      const traffic = await startMixedTraffic(server, rates);
      print(`Prosody ${server.version} (pid ${server.pid}), modules from ${ts.pluginDir}; ${opts.seconds} s of open-loop traffic, per second: ${JSON.stringify(rates)}`);
      const startedAt = Date.now();
      const sampler = startSampler(server, startedAt);
      let gcAfterWarmUp: number | undefined;
      const progress = setInterval(() => {
        const s = sampler.samples[sampler.samples.length - 1];
        const started = JSON.stringify(traffic.counts.started);
        print(`  ${Math.round((Date.now() - startedAt) / 1000)} s: started ${started}; last sample Lua ${((s?.luaKiB ?? 0) / 1024).toFixed(1)} MiB, RSS ${((s?.rssKiB ?? 0) / 1024).toFixed(1)} MiB`);
      }, 60_000);
      const warmUp = opts.checkMemory
        ? sleep(SOAK_BOUND.warmUpS * 1000).then(async () => (gcAfterWarmUp = await luaKiBAfterFullGc(server)))
        : Promise.resolve();
      await traffic.run(opts.seconds);
      await warmUp;
      const counts = await traffic.settle(30_000);
      clearInterval(progress);
      await sampler.stop();
      const gcAtEnd = await luaKiBAfterFullGc(server);
      const metrics = await scrapeMetrics(server);
      const hits = await endpoint.stats();
      await traffic.stop();

      // What the clients saw.
      const elapsed = (Date.now() - startedAt) / 1000;
      print(`\nStarted (${elapsed.toFixed(0)} s including the wait for the last answers): ${JSON.stringify(counts.started)}`);
      print(`HTTP answers by status: ${JSON.stringify(counts.http)}`);
      print(`rest_iq: ${counts.iqResults} results, ${counts.iqErrors} errors`);
      print(`To sink: ${counts.acknowledged} acknowledged, ${counts.deliveredOnce} delivered once, ${counts.lost.length} lost, ${counts.duplicated.length} twice, ${counts.unacknowledged.length} delivered unacknowledged`);
      for (const kind of ["bot_chat", "callback_chat"] as const) {
        const c = counts.chat[kind];
        print(`${kind}: ${c.echoed} echoed, errors ${JSON.stringify(c.errors)}, ${c.twice.length} answered twice, ${c.unanswered.length} unanswered`);
      }
      const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
      const latency = Object.entries(counts.latencies).map(([kind, values]) => {
        const sorted = [...values].sort((a, b) => a - b);
        return `${kind} ${percentile(sorted, 0.5)}/${percentile(sorted, 0.99)}/${sorted[sorted.length - 1] ?? 0}`;
      });
      print(`Latency ms (median/p99/max; hangs count as their timeout): ${latency.join(", ")}`);
      if (counts.anomalies.length > 0) {
        // When they happened: a burst at one moment (a stall) or spread over the run.
        const bySecond = new Map<number, number>();
        for (const a of counts.anomalies) bySecond.set(Math.floor(a.sentAtS), (bySecond.get(Math.floor(a.sentAtS)) ?? 0) + 1);
        print(`Unexpected HTTP outcomes by the second they were sent: ${[...bySecond].map(([sec, n]) => `${sec}s:${n}`).join(" ")}`);
        for (const a of counts.anomalies.slice(0, 5)) print(`  ${a.kind} sent at ${a.sentAtS} s, after ${a.afterMs} ms: ${a.status} ${a.detail}`);
      }
      const expected: Record<string, string> = { post_msg: "201", rest_message: "202", rest_iq: "200" };
      for (const [kind, statuses] of Object.entries(counts.http)) {
        const other = Object.entries(statuses).filter(([status]) => status !== expected[kind]);
        fail(`${kind}: answers other than ${expected[kind]}: ${JSON.stringify(Object.fromEntries(other))}`, other.length === 0);
        fail(`${kind}: ${sum(statuses)} answers for ${counts.started[kind as keyof Rates]} requests`, sum(statuses) === counts.started[kind as keyof Rates]);
      }
      fail(`acknowledged messages lost: ${counts.lost.slice(0, 10).join(" ")}`, counts.lost.length === 0);
      fail(`messages delivered twice: ${counts.duplicated.slice(0, 10).join(" ")}`, counts.duplicated.length === 0);
      fail(`messages delivered without a 2xx: ${counts.unacknowledged.slice(0, 10).join(" ")}`, counts.unacknowledged.length === 0);
      for (const kind of ["bot_chat", "callback_chat"] as const) {
        const c = counts.chat[kind];
        fail(`${kind} unanswered: ${c.unanswered.slice(0, 10).join(" ")}`, c.unanswered.length === 0);
        fail(`${kind} answered twice: ${c.twice.slice(0, 10).join(" ")}`, c.twice.length === 0);
      }

      // The modules' metrics against the clients' and the endpoint's counts.
      const component = webhookOutcomes(metrics, "mod_component_http");
      const callback = webhookOutcomes(metrics, "mod_rest");
      const opened = metric(metrics, "mod_component_http", "webhook_breaker_opened");
      print(`\nmod_component_http webhook_requests: ${JSON.stringify(component)}; breaker opened ${opened} times`);
      print(`mod_rest webhook_requests: ${JSON.stringify(callback)}`);
      print(`Endpoint counted: ${JSON.stringify(hits)}`);
      const postMsgAnswers = labelCounts(metrics, "mod_post_msg", "http_answers", "status");
      const restAnswers = labelCounts(metrics, "mod_rest", "http_answers", "status");
      print(`mod_post_msg http_answers: ${JSON.stringify(postMsgAnswers)}; mod_rest http_answers: ${JSON.stringify(restAnswers)}`);
      fail(
        `mod_post_msg counted ${JSON.stringify(postMsgAnswers)}, the clients ${JSON.stringify(counts.http.post_msg)}`,
        sameCounts(postMsgAnswers, counts.http.post_msg ?? {}),
      );
      fail(
        `mod_rest counted ${JSON.stringify(restAnswers)}, the clients ${JSON.stringify(counts.http.rest_message)} and ${JSON.stringify(counts.http.rest_iq)}`,
        sameCounts(restAnswers, mergeCounts(counts.http.rest_message ?? {}, counts.http.rest_iq ?? {})),
      );
      const bot = counts.chat.bot_chat;
      const cb = counts.chat.callback_chat;
      fail(
        `component successes ${component["success"] ?? 0} != echoes ${bot.echoed} + iq results ${counts.iqResults}`,
        (component["success"] ?? 0) === bot.echoed + counts.iqResults,
      );
      fail(
        `component failures ${without(component, "success")} != error replies ${sum(bot.errors)} + iq errors ${counts.iqErrors}`,
        without(component, "success") === sum(bot.errors) + counts.iqErrors,
      );
      fail(
        `endpoint got ${hits.component.message + hits.component.iq} component requests, metrics say ${without(component, "queue-full", "circuit-open", "connection")} were sent`,
        hits.component.message + hits.component.iq === without(component, "queue-full", "circuit-open", "connection"),
      );
      fail(
        `callback successes ${callback["success"] ?? 0} != echoes ${cb.echoed} + probes ${hits.callback.options}`,
        (callback["success"] ?? 0) === cb.echoed + hits.callback.options,
      );
      fail(`callback failures ${without(callback, "success")} != error replies ${sum(cb.errors)}`, without(callback, "success") === sum(cb.errors));
      fail(`endpoint found ${hits.unparsable} requests not JSON`, hits.unparsable === 0);

      // The log.
      const problems = findProblems(server.log());
      fail(`Prosody logged ${problems.length} errors or tracebacks:\n${problems.slice(0, 5).join("\n")}`, problems.length === 0);

      // Memory.
      print("\nProsody memory, sampled every 10 s:");
      for (const line of perMinute(sampler.samples)) print(line);
      if (opts.csvFile !== undefined) {
        writeCsv(opts.csvFile, sampler.samples);
        print(`(samples in ${opts.csvFile})`);
      }
      print(`Lua heap after a full GC: ${gcAfterWarmUp === undefined ? "-" : (gcAfterWarmUp / 1024).toFixed(1)} MiB after the warm-up, ${(gcAtEnd / 1024).toFixed(1)} MiB at the end`);
      if (opts.checkMemory) {
        const { violations, summary } = checkBound(sampler.samples, opts.seconds, SOAK_BOUND);
        for (const line of summary) print(line);
        failures.push(...violations);
        const gcOk = gcAfterWarmUp !== undefined && gcAtEnd <= gcAfterWarmUp + GC_SLACK_MIB * 1024;
        print(`Lua heap after a full GC, bound: end <= after the warm-up + ${GC_SLACK_MIB} MiB: ${gcOk ? "held" : "VIOLATED"}`);
        fail(`Lua heap after a full GC grew from ${((gcAfterWarmUp ?? 0) / 1024).toFixed(1)} to ${(gcAtEnd / 1024).toFixed(1)} MiB`, gcOk);
      }
      print(failures.length === 0 ? "\nVerdict: all checks held." : `\nVerdict: ${failures.length} check(s) failed:\n- ${failures.join("\n- ")}`);
      return { failures, counts };
    } finally {
      await ts.stop();
    }
  } finally {
    endpoint.stop();
  }
}
