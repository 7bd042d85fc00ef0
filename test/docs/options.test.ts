// Every option a module reads is documented in its README's Configuration
// section, with the default the source gives it; and every option those
// tables list is one the module reads.
//
// The source side comes from test/docs/source_options.ts (the TypeScript
// parser over src/mod_x/**/*.ts and the src/lib files they import; it follows
// module.get_option*("name", default) and every helper passing an option
// name on, such as positiveIntegerOption or periodOption of src/lib/options.ts
// and wordsOption of src/mod_rest/callback_options.ts). The README side is
// the option tables (a simple table whose first column is "Option" and
// second "Default") of the top-level "Configuration" section.
//
// A default is compared as a value: the first code span of the Default cell
// (`196608`, `"application/xmpp+xml"`, `{ "Basic", "Bearer" }`, `false`) is
// read as a Lua literal and must equal the source's. An option without a
// default must say so ("none", "(required)"). A default chosen at load
// between known values must show each of them as a code span in its row;
// one computed otherwise is checked by name only, and must be listed in
// COMPUTED_DEFAULTS with the reason.

import { describe, expect, it } from "vitest";
import { codeSpans, MODULES, readReadme, simpleTables, topSection, type ModuleName, type TableRow } from "./markdown";
import { luaText, scanModuleOptions, type LuaValue, type OptionDefault, type OptionRead } from "./source_options";

/** Options a module reads on purpose without documenting them, with the reason. */
/** Prosody's own options of internal_hashed, read so a refusal for a missing account costs the same derivation. */
const REFUSAL_COST = {
  password_hash: "Prosody's own option (internal_hashed), read by src/lib/refusal_cost.ts",
  default_iteration_count: "Prosody's own option (internal_hashed), read by src/lib/refusal_cost.ts",
};

const UNDOCUMENTED: Record<ModuleName, Record<string, string>> = {
  mod_post_msg: { ...REFUSAL_COST },
  mod_component_http: {},
  mod_rest: {
    // Prosody's own option, read only to check that anonymous_rest can apply
    // (the README's anonymous_rest row says it needs authentication = "anonymous").
    authentication: "Prosody's authentication provider, read for the anonymous_rest check",
    ...REFUSAL_COST,
  },
};

/**
 * Defaults the scanner cannot evaluate: checked by name only. None today:
 * rest_callback_events's default depends on the host type, but between two
 * known lists, so both are checked as "alternatives" (each must be a code
 * span of its row).
 */
const COMPUTED_DEFAULTS: Record<ModuleName, Record<string, string>> = {
  mod_post_msg: {},
  mod_component_http: {},
  mod_rest: {},
};

/** What a Default cell may say for an option without a default. */
const NO_DEFAULT = /^(none|\(required\)|—)$/;

/** A README default: a Lua literal (number, string, boolean, list of them), or undefined if it is not one. */
function parseLua(text: string): LuaValue | undefined {
  const t = text.trim();
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  if (t === "true" || t === "false") return t === "true";
  const str = /^"((?:[^"\\]|\\.)*)"$/.exec(t) ?? /^'((?:[^'\\]|\\.)*)'$/.exec(t);
  if (str) return str[1]!.replace(/\\(.)/g, "$1");
  const list = /^\{(.*)\}$/.exec(t);
  if (list) {
    const inner = list[1]!.trim();
    if (inner === "") return [];
    const items = inner.split(",").map((s) => s.trim()).filter((s, k, all) => s !== "" || k < all.length - 1);
    const values = items.map(parseLua);
    return values.every((v) => v !== undefined) ? (values as LuaValue[]) : undefined;
  }
  return undefined;
}

interface DocumentedOption {
  name: string;
  /** The Default cell. */
  default: string;
  row: TableRow;
}

/** The option tables of the Configuration section: option name → its row. */
function documentedOptions(module: ModuleName): Map<string, DocumentedOption[]> {
  const section = topSection(readReadme(module), "Configuration");
  const options = new Map<string, DocumentedOption[]>();
  for (const table of simpleTables(section.lines, section.line)) {
    if (table.header[0] !== "Option" || table.header[1] !== "Default") continue;
    for (const row of table.rows) {
      const name = /^`([a-z0-9_]+)`$/.exec(row.cells[0] ?? "")?.[1];
      if (name === undefined) throw new Error(`${module} README: the Option cell of this row is not one \`name\`: ${row.text}`);
      options.set(name, [...(options.get(name) ?? []), { name, default: row.cells[1] ?? "", row }]);
    }
  }
  return options;
}

/** The default of an option read several times: the one read with a default (they must agree). */
function mergedDefault(reads: OptionRead[]): OptionDefault {
  const withDefault = reads.filter((r) => r.default.kind !== "none");
  const distinct = new Map(withDefault.map((r) => [JSON.stringify(r.default), r]));
  if (distinct.size > 1) {
    throw new Error(`${reads[0]!.name} is read with different defaults: ${withDefault.map((r) => `${r.where} ${JSON.stringify(r.default)}`).join("; ")}`);
  }
  return withDefault[0]?.default ?? { kind: "none" };
}

const sameValue = (a: LuaValue | undefined, b: LuaValue): boolean => JSON.stringify(a) === JSON.stringify(b);

describe.each(MODULES)("%s", (module) => {
  const scan = scanModuleOptions(module);
  const documented = documentedOptions(module);
  const readNames = [...new Set(scan.reads.map((r) => r.name))];

  it("has option reads the scan can follow", () => {
    expect(scan.problems).toEqual([]);
    // A scan that finds nothing would make every check below pass vacuously.
    expect(readNames.length).toBeGreaterThan(2);
    expect(scan.files).toContain("src/lib/options.ts");
  });

  it("documents every option it reads in the Configuration section", () => {
    const missing = readNames.filter((name) => !documented.has(name) && UNDOCUMENTED[module][name] === undefined);
    expect(missing, `read by ${module} (${scan.reads.filter((r) => missing.includes(r.name)).map((r) => r.where).join(", ")}) but not in docs/${module}/README.md's Configuration tables`).toEqual([]);
  });

  it("documents only options it reads", () => {
    expect([...documented.keys()].filter((name) => !readNames.includes(name))).toEqual([]);
    // The allow-lists name options the module does read, and do not document.
    for (const name of Object.keys(UNDOCUMENTED[module])) {
      expect(readNames, `UNDOCUMENTED lists ${name}`).toContain(name);
      expect(documented.has(name), `UNDOCUMENTED lists ${name}, but the README documents it`).toBe(false);
    }
  });

  const documentedReads = readNames.filter((name) => UNDOCUMENTED[module][name] === undefined);
  it.each(documentedReads)("gives %s the source's default", (name) => {
    const rows = documented.get(name);
    if (rows === undefined) return; // reported by the test above
    const def = mergedDefault(scan.reads.filter((r) => r.name === name));
    const where = scan.reads.filter((r) => r.name === name).map((r) => r.where).join(", ");
    for (const { default: cell, row } of rows) {
      const context = `${name} (source: ${where}; docs/${module}/README.md:${row.line}: ${row.text.trim()})`;
      const computedReason = COMPUTED_DEFAULTS[module][name];
      switch (def.kind) {
        case "none":
          expect(cell, `${context}: no default in the source`).toMatch(NO_DEFAULT);
          break;
        case "value": {
          const first = codeSpans(cell)[0];
          expect(first, `${context}: the Default cell should start with \`${luaText(def.value)}\``).toBeDefined();
          expect(parseLua(first ?? ""), `${context}: the source's default is ${luaText(def.value)}`).toEqual(def.value);
          break;
        }
        case "alternatives": {
          // Chosen at load (e.g. by host type) between known values: each one must appear in the row.
          const spans = codeSpans(row.text).map(parseLua);
          for (const value of def.values) {
            expect(spans.some((s) => sameValue(s, value)), `${context}: default ${def.source}; \`${luaText(value)}\` should appear in the row`).toBe(true);
          }
          break;
        }
        case "computed":
          // Computed at load in a way the scan does not evaluate: the name is checked, the value is not.
          expect(computedReason, `${context}: default computed as ${def.source}; list it in COMPUTED_DEFAULTS with the reason`).toBeDefined();
          break;
      }
    }
  });

  it("lists only computed defaults that are computed", () => {
    for (const name of Object.keys(COMPUTED_DEFAULTS[module])) {
      expect(mergedDefault(scan.reads.filter((r) => r.name === name)).kind, name).toBe("computed");
    }
  });
});
