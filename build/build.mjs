#!/usr/bin/env node
// Builds the Lua the project ships, with the TypeScriptToLua settings of
// tstl.json (the only place they are written).
//
//   node build/build.mjs [mod_x ...]   dist/mod_x.lua for each module (default: every src/mod_*/)
//   node build/build.mjs --check       fail when dist/ is stale or breaks the rules below
//   node build/build.mjs --lib DIR     every source but the module entries, as separate Lua files under DIR (for the specs)
//
// A module is bundled from src/mod_x/mod_x.ts and what it imports, with one
// banner on top. Rules for what an admin reads: no TypeScriptToLua runtime
// helper (`__TS__`), no line over 160 characters, no raw control byte.
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import * as tstl from "typescript-to-lua";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root); // the `types` entries of tsconfig.json resolve against the working directory

const MAX_LINE = 160;
const pkg = JSON.parse(fs.readFileSync("package.json", "utf8"));
const config = tstl.parseConfigFileWithSystem(path.join(root, "tstl.json"));
stopOn(config.errors, "tstl.json");
const declarations = config.fileNames.filter((f) => f.endsWith(".d.ts"));

/** Every module: a folder src/mod_x/ holding its entry src/mod_x/mod_x.ts. */
export function moduleNames() {
  return fs
    .readdirSync("src")
    .filter((name) => name.startsWith("mod_") && fs.existsSync(path.join("src", name, `${name}.ts`)))
    .sort();
}

/** The `summary` of the module's README front-matter, for the banner. */
function summary(name) {
  const readme = path.join("docs", name, "README.md");
  const found = fs.existsSync(readme) && /^summary:\s*'([^']*)'/m.exec(fs.readFileSync(readme, "utf8"));
  return found ? found[1] : "";
}

function banner(name) {
  const title = summary(name) === "" ? `${name}.lua` : `${name}.lua: ${summary(name)}`;
  return [
    `-- ${title}`,
    `-- ${pkg.name} ${pkg.version}, ${pkg.license} licence.`,
    `-- Generated from src/${name}/ and src/lib/ by TypeScriptToLua: edit the TypeScript, not this file.`,
    `-- Install: copy this one file into a directory of plugin_paths; docs/${name}/README.md tells the rest.`,
    "",
  ].join("\n");
}

/** Transpile one module into a single Lua text (nothing written). */
function bundle(name) {
  const entry = path.join(root, "src", name, `${name}.ts`);
  const outputs = new Map();
  const options = { ...config.options, outDir: path.join(root, "dist"), luaBundle: `${name}.lua`, luaBundleEntry: entry };
  const result = tstl.transpileFiles([entry, ...declarations], options, (file, text) => outputs.set(file, text));
  stopOn(result.diagnostics, name);
  const text = outputs.get(path.join(root, "dist", `${name}.lua`));
  if (text === undefined) throw new Error(`TypeScriptToLua wrote no bundle for ${name}`);
  return banner(name) + text.replace(/^\s+/, "");
}

/** What is wrong with a generated file, one line each. */
function ruleBreaks(file, text) {
  const problems = [];
  text.split("\n").forEach((line, index) => {
    const where = `${file}:${index + 1}`;
    if (line.includes("__TS__")) problems.push(`${where}: a TypeScriptToLua runtime helper (${/__TS__\w*/.exec(line)[0]}); write plainer TypeScript`);
    if (line.length > MAX_LINE) problems.push(`${where}: ${line.length} characters (at most ${MAX_LINE})`);
    if (/[\x00-\x08\x0b-\x1f\x7f]/.test(line)) problems.push(`${where}: a raw control byte; build it with string.char`);
  });
  return problems;
}

function stopOn(diagnostics, what) {
  const errors = diagnostics.filter((d) => d.category === 1);
  if (errors.length === 0) return;
  console.error(`${what}:\n${errors.map(format).join("\n")}`);
  process.exit(1);
}

function format(d) {
  const message = typeof d.messageText === "string" ? d.messageText : d.messageText.messageText;
  if (d.file === undefined) return message;
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
  return `${path.relative(root, d.file.fileName)}:${line + 1}:${character + 1}: ${message}`;
}

function buildModules(names) {
  fs.mkdirSync("dist", { recursive: true });
  let problems = [];
  for (const name of names) {
    const file = path.join("dist", `${name}.lua`);
    const text = bundle(name);
    problems = problems.concat(ruleBreaks(file, text));
    if (!fs.existsSync(file) || fs.readFileSync(file, "utf8") !== text) fs.writeFileSync(file, text);
  }
  if (problems.length > 0) {
    console.error(problems.join("\n"));
    process.exit(1);
  }
}

function checkDist() {
  const problems = [];
  const names = moduleNames();
  for (const name of names) {
    const file = path.join("dist", `${name}.lua`);
    const text = bundle(name);
    if (!fs.existsSync(file)) problems.push(`${file} is missing: run make build and commit it`);
    else if (fs.readFileSync(file, "utf8") !== text) problems.push(`${file} differs from its sources: run make build and commit it`);
    problems.push(...ruleBreaks(file, text));
  }
  for (const file of fs.readdirSync("dist").filter((f) => f.endsWith(".lua"))) {
    if (!names.includes(file.replace(/\.lua$/, ""))) problems.push(`dist/${file} has no sources in src/`);
  }
  if (problems.length > 0) {
    console.error(problems.join("\n"));
    process.exit(1);
  }
  console.log(`dist/ is fresh: ${names.join(", ")}`);
}

/**
 * Every source file but the module entries, one Lua file each
 * (src/lib/x.ts -> DIR/src/lib/x.lua, src/mod_x/y.ts -> DIR/src/mod_x/y.lua):
 * the specs load them one by one. An entry runs the module when loaded.
 */
function buildLib(outDir) {
  const entries = new Set(moduleNames().map((name) => path.join(root, "src", name, `${name}.ts`)));
  const files = fs
    .readdirSync("src", { recursive: true })
    .filter((f) => f.endsWith(".ts"))
    .map((f) => path.join(root, "src", f))
    .filter((f) => !entries.has(f));
  const options = { ...config.options, outDir: path.resolve(outDir), rootDir: root };
  const result = tstl.transpileFiles([...files, ...declarations], options);
  stopOn(result.diagnostics, "src/lib");
}

const args = process.argv.slice(2);
if (args[0] === "--check") checkDist();
else if (args[0] === "--lib") buildLib(args[1] ?? ".build/lua");
else buildModules(args.length > 0 ? args : moduleNames());
