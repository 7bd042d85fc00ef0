// Smoke runs of the traffic soak and the load run (bench/traffic/), so the
// harness does not rot between long runs: the same checks (every request
// answered, every acknowledged message delivered once, every chat answered
// once, metrics equal to what the clients and the endpoint counted, a clean
// log), only shorter and without the memory bound. About 35 s per Prosody
// version.
import { expect, it } from "vitest";
import { runLoad } from "../../bench/traffic/run_load";
import { runSoak } from "../../bench/traffic/run_soak";

it("mixed traffic on all three modules for 15 s: everything answered once, metrics match the clients' counts", async () => {
  const lines: string[] = [];
  const result = await runSoak({ seconds: 15, checkMemory: false, snapshotDist: false, print: (l) => lines.push(l) });
  expect(result.failures, lines.join("\n")).toEqual([]);
  expect(result.counts.deliveredOnce).toBeGreaterThan(0);
}, 60_000);

it("mod_component_http with 1,000 messages in flight for 10 s: each answered once, metrics match", async () => {
  const lines: string[] = [];
  const result = await runLoad({ seconds: 10, checkMemory: false, snapshotDist: false, warmUpMessages: 0, print: (l) => lines.push(l) });
  expect(result.failures, lines.join("\n")).toEqual([]);
}, 60_000);
