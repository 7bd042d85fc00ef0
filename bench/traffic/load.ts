// mod_component_http at full rate for LOAD_SECONDS (default 60); see
// run_load.ts. PROSODY=0.12 or 13 (default 13). Exits 1 when a check fails.
//   node_modules/.bin/tsx bench/traffic/load.ts
import { mkdirSync } from "node:fs";
import * as path from "node:path";

// The harness reads PROSODY when it is loaded: set the default first.
process.env["PROSODY"] ??= "13";
const { REPO_ROOT } = await import("../../test/harness/prosody");
const { runLoad } = await import("./run_load");

const seconds = Number(process.env["LOAD_SECONDS"] ?? 60);
const dir = path.join(REPO_ROOT, ".build", "traffic");
mkdirSync(dir, { recursive: true });
const csvFile = path.join(dir, `load-${process.env["PROSODY"]}-${new Date().toISOString().replace(/[:.]/g, "-")}.csv`);

runLoad({ seconds, checkMemory: true, snapshotDist: true, csvFile }).then(
  (result) => process.exit(result.failures.length === 0 ? 0 : 1),
  (e: unknown) => {
    console.error(e);
    process.exit(2);
  },
);
