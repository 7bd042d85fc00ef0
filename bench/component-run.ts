// Runs only the mod_component_http side-by-side bench (bench/component.ts):
// `node_modules/.bin/tsx bench/component-run.ts`, PROSODY=13 for Prosody 13.
import { benchComponentSideBySide } from "./component";

benchComponentSideBySide().catch((err) => {
  console.error(err);
  process.exit(1);
});
