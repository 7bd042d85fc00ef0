// Ten minutes (SOAK_MINUTES) of mixed traffic on all three modules; see
// run_soak.ts. PROSODY=0.12 or 13 (default 13), SOAK_RATES (below). Exits 1
// when a check fails.
//   node_modules/.bin/tsx bench/traffic/soak.ts
import { mkdirSync } from "node:fs";
import * as path from "node:path";

// The harness reads PROSODY when it is loaded: set the default first.
process.env["PROSODY"] ??= "13";
const { REPO_ROOT } = await import("../../test/harness/prosody");
const { runSoak } = await import("./run_soak");

const minutes = Number(process.env["SOAK_MINUTES"] ?? 10);
const dir = path.join(REPO_ROOT, ".build", "traffic");
mkdirSync(dir, { recursive: true });
const csvFile = path.join(dir, `soak-${process.env["PROSODY"]}-${new Date().toISOString().replace(/[:.]/g, "-")}.csv`);

// SOAK_RATES="rest_iq=0,post_msg=100" changes the rates of some operations (per second).
const { DEFAULT_RATES } = await import("./mixed");
const rates = { ...DEFAULT_RATES };
for (const item of (process.env["SOAK_RATES"] ?? "").split(",").filter((x) => x !== "")) {
  const [name = "", value = ""] = item.split("=");
  if (!(name in rates) || !/^\d+(\.\d+)?$/.test(value)) throw new Error(`SOAK_RATES: ${item}? (names: ${Object.keys(rates).join(", ")})`);
  rates[name as keyof typeof rates] = Number(value);
}

runSoak({ seconds: Math.round(minutes * 60), rates, checkMemory: minutes >= 5, snapshotDist: true, csvFile }).then(
  (result) => process.exit(result.failures.length === 0 ? 0 : 1),
  (e: unknown) => {
    console.error(e);
    process.exit(2);
  },
);
