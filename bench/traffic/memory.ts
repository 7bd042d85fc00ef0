// Memory samples over a run: sampled every 10 s in the background, printed
// per minute, written as CSV, and checked against the soak's bound.
import { writeFileSync } from "node:fs";
import type { ProsodyServer } from "../../test/harness/prosody";
import { sleep } from "../../test/harness/util";
import { sampleMemory, type MemorySample } from "./probes";

export const SAMPLE_EVERY_S = 10;

export interface Sampler {
  samples: MemorySample[];
  /** Stops sampling (after the sample under way). */
  stop(): Promise<void>;
}

/** Samples at 0 s and then every SAMPLE_EVERY_S seconds of the run. */
export function startSampler(server: ProsodyServer, startedAt: number): Sampler {
  const samples: MemorySample[] = [];
  let running = true;
  const loop = (async () => {
    for (let n = 0; running; n++) {
      samples.push(await sampleMemory(server, startedAt));
      const wait = startedAt + (n + 1) * SAMPLE_EVERY_S * 1000 - Date.now();
      for (let left = wait; running && left > 0; left -= 200) await sleep(Math.min(200, left));
    }
  })();
  return {
    samples,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

const mib = (kib: number): string => (kib / 1024).toFixed(1);

export function writeCsv(file: string, samples: MemorySample[]): void {
  writeFileSync(file, ["seconds,rss_kib,lua_kib", ...samples.map((s) => `${s.at},${s.rssKiB},${Math.round(s.luaKiB)}`)].join("\n") + "\n");
}

/** One line per minute: Lua heap and RSS (MiB) at its first sample, lowest, highest, last. */
export function perMinute(samples: MemorySample[]): string[] {
  const lines = ["minute  Lua MiB first/min/max/last      RSS MiB first/min/max/last"];
  const minutes = new Map<number, MemorySample[]>();
  for (const s of samples) {
    const m = Math.floor(s.at / 60);
    minutes.set(m, [...(minutes.get(m) ?? []), s]);
  }
  for (const [m, group] of minutes) {
    const stat = (pick: (s: MemorySample) => number): string => {
      const values = group.map(pick);
      return [values[0]!, Math.min(...values), Math.max(...values), values[values.length - 1]!].map(mib).join("/");
    };
    lines.push(`${String(m).padStart(6)}  ${stat((s) => s.luaKiB).padEnd(30)}  ${stat((s) => s.rssKiB)}`);
  }
  return lines;
}

/** The bound: after the warm-up, the last minutes' highest sample may exceed the reference minutes' highest by this much. */
export interface MemoryBound {
  warmUpS: number;
  /** Reference window [from, to] in seconds. */
  reference: [number, number];
  /** The last `finalS` seconds are compared with the reference. */
  finalS: number;
  luaSlackMiB: number;
  rssSlackMiB: number;
}

export const SOAK_BOUND: MemoryBound = { warmUpS: 60, reference: [60, 180], finalS: 120, luaSlackMiB: 2, rssSlackMiB: 8 };

/** Violations of the bound (empty when it holds), and a line saying what was compared. */
export function checkBound(samples: MemorySample[], runS: number, bound: MemoryBound): { violations: string[]; summary: string[] } {
  const ref = samples.filter((s) => s.at >= bound.reference[0] && s.at <= bound.reference[1]);
  const last = samples.filter((s) => s.at >= runS - bound.finalS);
  if (ref.length === 0 || last.length === 0) return { violations: ["not enough samples for the memory bound"], summary: [] };
  const violations: string[] = [];
  const summary: string[] = [];
  for (const [what, pick, slack] of [
    ["Lua heap", (s: MemorySample) => s.luaKiB, bound.luaSlackMiB],
    ["RSS", (s: MemorySample) => s.rssKiB, bound.rssSlackMiB],
  ] as const) {
    const refMax = Math.max(...ref.map(pick));
    const lastMax = Math.max(...last.map(pick));
    const ok = lastMax <= refMax + slack * 1024;
    summary.push(
      `${what}: highest of the last ${bound.finalS} s ${mib(lastMax)} MiB, highest of ${bound.reference[0]}-${bound.reference[1]} s ${mib(refMax)} MiB, ` +
        `bound +${slack} MiB: ${ok ? "held" : "VIOLATED"}`,
    );
    if (!ok) violations.push(`${what} grew: ${mib(lastMax)} MiB in the last ${bound.finalS} s > ${mib(refMax)} + ${slack} MiB`);
  }
  return { violations, summary };
}
