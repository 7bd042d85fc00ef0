#!/usr/bin/env node
// Transpile types/test/emit-usage.ts with TSTL (luaTarget universal,
// noImplicitSelf) and check the call shapes in the Lua: methods with `:`,
// plain functions and `this: void` members with `.`. Exits non-zero on a
// TypeScript/TSTL diagnostic or a wrong call shape. Then checks that the
// calls in types/test/deprecated.test.ts marked `// deprecated` (and only
// those) resolve to declarations tagged `@deprecated`.
// Run from the repository root: node types/test/check-emit.mjs
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import * as tstl from "typescript-to-lua";
import ts from "typescript";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
process.chdir(root); // `types` entries resolve against the working directory

const configPath = path.join(here, "tsconfig.json");
const usagePath = path.join(here, "emit-usage.ts");

const parsed = tstl.parseConfigFileWithSystem(configPath);
const configErrors = parsed.errors.filter((d) => d.category === 1);
if (configErrors.length > 0) {
  fail(`cannot read ${configPath}`, configErrors);
}

// The TypeScriptToLua settings the modules are built with (tstl.json), over this folder's compiler options.
const build = tstl.parseConfigFileWithSystem(path.join(root, "tstl.json"));
const tstlSettings = Object.fromEntries(
  ["luaTarget", "noImplicitSelf", "luaLibImport", "noHeader", "sourceMapTraceback"].map((k) => [k, build.options[k]]),
);
const rootNames = parsed.fileNames.filter((f) => f.endsWith(".d.ts") || path.resolve(f) === usagePath);
const options = {
  ...parsed.options,
  ...tstlSettings,
  noEmit: false,
  outDir: path.join(root, ".emit-check"), // nothing is written: writeFile collects the output
  sourceMap: false,
  declaration: false,
};

const outputs = new Map();
const result = tstl.transpileFiles(rootNames, options, (fileName, data) => outputs.set(fileName, data));
const errors = result.diagnostics.filter((d) => d.category === 1);
if (errors.length > 0) {
  fail("transpilation failed", errors);
}
const luaFile = [...outputs.keys()].find((f) => f.endsWith("emit-usage.lua"));
if (luaFile === undefined) {
  fail(`no Lua output for emit-usage.ts (got: ${[...outputs.keys()].join(", ") || "nothing"})`);
}
const lua = outputs.get(luaFile);
if (process.env.CHECK_EMIT_PRINT) {
  console.log(lua); // CHECK_EMIT_PRINT=1 shows the emitted Lua
}

// [what, pattern that must occur, pattern that must not]
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const method = (receiver, name) => [`${receiver}:${name}(`, new RegExp(`\\b${escape(receiver)}:${escape(name)}\\(`), new RegExp(`\\b${escape(receiver)}\\.${escape(name)}\\(`)];
const plain = (receiver, name) => [`${receiver}.${name}(`, new RegExp(`\\b${escape(receiver)}\\.${escape(name)}\\(`), new RegExp(`\\b${escape(receiver)}:${escape(name)}\\(`)];
const checks = [
  // Methods: colon calls.
  method("stanza", "tag"),
  method("reply", "tag"),
  method("module", "hook"),
  method("module", "hook_global"),
  method("module", "fire_event"),
  method("module", "wrap_event"),
  method("module", "hook_object_event"),
  method("module", "on_ready"),
  method("module", "provides"),
  method("module", "send_iq"),
  method("module", "depends"),
  method("module", "get_option_integer"),
  method("module", "get_option_period"),
  method("module", "log"),
  method("module", "add_timer"),
  method("stanza", "top_tag"),
  method("seen", "set"),
  method("members", "add"),
  method("pending", "push"),
  method("throttle", "poll"),
  method("handle", "stop"),
  method("worker", "run"),
  method("form", "form"),
  [":next(", /\):next\(/, /\)\.next\(/],
  method("event.response", "send"),
  method("conn", "socket"),
  method("sock", "send"),
  method("conn", "write"),
  // Plain functions: dot calls.
  plain("jid", "split"),
  plain("st", "reply"),
  plain("st", "iq"),
  plain("origin", "send"),
  plain("origin", "log"),
  plain("request", "log"),
  plain("errorlib", "init"),
  plain("registry", "new"),
  plain("cachelib", "new"),
  plain("setlib", "new"),
  plain("queuelib", "new"),
  plain("throttlelib", "create"),
  plain("eventslib", "new"),
  plain("emitter", "fire_event"),
  plain("tokens", "get_token_info"),
  plain("base64", "decode"),
  plain("json", "encode"),
  plain("promise", "try"),
  plain("http", "request"),
  plain("http", "destroy_request"),
  plain("timer", "add_task"),
  plain("async", "runner"),
  plain("dataforms", "new"),
];

const problems = [];
for (const [what, must, mustNot] of checks) {
  if (!must.test(lua)) {
    problems.push(`expected ${what} (${must})`);
  }
  if (mustNot !== undefined && mustNot.test(lua)) {
    problems.push(`unexpected ${mustNot} (should be ${what})`);
  }
}
// A literal "util.json" require would lose its suffix.
if (/require\("util"\)/.test(lua)) {
  problems.push('require("util") found: util.json must be required by a computed name');
}
if (problems.length > 0) {
  console.error(`check-emit: wrong call shapes in ${path.relative(root, luaFile)}:`);
  for (const problem of problems) {
    console.error(`  - ${problem}`);
  }
  console.error("--- emitted Lua ---");
  console.error(lua);
  process.exit(1);
}
console.log(`check-emit: ${checks.length} call shapes OK in emitted Lua of ${path.relative(root, usagePath)}`);

// @deprecated tags: each call of deprecated.test.ts is deprecated exactly when its line says so.
const deprecatedPath = path.join(here, "deprecated.test.ts");
const program = ts.createProgram(parsed.fileNames, parsed.options);
const checker = program.getTypeChecker();
const source = program.getSourceFile(deprecatedPath);
if (source === undefined) {
  fail(`${path.relative(root, deprecatedPath)} is not part of ${path.relative(root, configPath)}`);
}
const tagProblems = [];
let marked = 0;
(function visit(node) {
  if (ts.isCallExpression(node)) {
    const declaration = checker.getResolvedSignature(node)?.declaration;
    const deprecated = declaration !== undefined && ts.getJSDocDeprecatedTag(declaration) !== undefined;
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    const text = source.text.split("\n")[line];
    const expected = /\/\/ deprecated\s*$/.test(text);
    marked += expected ? 1 : 0;
    if (deprecated !== expected) {
      tagProblems.push(`line ${line + 1}: ${node.expression.getText(source)} is ${deprecated ? "" : "not "}@deprecated`);
    }
  }
  ts.forEachChild(node, visit);
})(source);
if (tagProblems.length > 0) {
  console.error(`check-emit: wrong @deprecated tags seen from ${path.relative(root, deprecatedPath)}:`);
  for (const problem of tagProblems) {
    console.error(`  - ${problem}`);
  }
  process.exit(1);
}
console.log(`check-emit: ${marked} deprecated names tagged in ${path.relative(root, deprecatedPath)}`);

function fail(message, diagnostics = []) {
  console.error(`check-emit: ${message}`);
  if (diagnostics.length > 0) {
    for (const d of diagnostics) {
      const text = typeof d.messageText === "string" ? d.messageText : flatten(d.messageText);
      const where = d.file && d.start !== undefined
        ? `${path.relative(root, d.file.fileName)}(${d.file.getLineAndCharacterOfPosition(d.start).line + 1}): `
        : "";
      console.error(`  ${where}${text}`);
    }
  }
  process.exit(1);
}

function flatten(chain) {
  let text = chain.messageText;
  for (const next of chain.next ?? []) {
    text += `\n    ${flatten(next)}`;
  }
  return text;
}
