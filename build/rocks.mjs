#!/usr/bin/env node
// Writes a folder that works as a LuaRocks server for Prosody's plugin
// installer, so an admin can type
//
//   prosodyctl install --server=https://example.com/rocks/ mod_post_msg
//
//   node build/rocks.mjs OUTDIR               every src/mod_x/ folder of this repository
//   node build/rocks.mjs --root DIR OUTDIR    the same for another tree of that shape (tests)
//
// Inputs per module mod_x: dist/mod_x.lua (`make build`), docs/mod_x/README.md
// (its front-matter `summary` becomes the rock's summary) and, if the folder
// exists, every file under src/mod_x/res/. package.json gives the version
// (0.1.0 -> rock version 0.1.0-1) and the licence.
//
// How Prosody installs a plugin (0.12 and 13, util/prosodyctl.lua and
// core/modulemanager.lua): `prosodyctl install` runs
//   luarocks --lua-version=5.x install --tree=<installer_plugin_path> --server=<server> mod_x
// and the plugin loader searches <installer_plugin_path> before plugin_paths,
// among others as share/lua/5.x/mod_x.lua: where LuaRocks puts a module
// named "mod_x" of a "builtin" build. The loader then looks mod_x up in
// lib/luarocks/rocks-5.x/manifest and makes lib/luarocks/rocks-5.x/mod_x/<version>/
// the module's directory, so module:load_resource("res/f") opens the res/
// folder that the rockspec's copy_directories put there.
//
// OUTDIR gets, per module (V = rock version, e.g. 0.1.0-1):
//   mod_x-V.rockspec   the rockspec, format 1.0 (LuaRocks 2 and 3):
//                      build = { type = "builtin", modules = { mod_x = "mod_x.lua" },
//                                copy_directories = { "doc", "res" } }  ("res" only when there is one),
//                      dependencies = { "lua >= 5.2" } (the Lua versions the specs run on).
//   mod_x-V.src.rock   zip: the rockspec, mod_x.lua, doc/README.md, res/...; its rockspec's
//                      source.url is the file name mod_x.lua, found beside it in the rock,
//                      which is how `luarocks pack` stores a one-file source.
//   mod_x-V.all.rock   zip: the same, already built (lua/mod_x.lua, doc/, res/, rock_manifest
//                      with MD5s), as `luarocks pack mod_x` writes it. LuaRocks prefers it to
//                      the .src.rock and installs it without building: LuaRocks before 3.9
//                      (Debian 12 has 3.8) refuses to build even a pure-Lua .src.rock without
//                      the Lua headers (liblua5.x-dev), luarocks/luarocks#1275.
// and the manifests LuaRocks reads from a server: manifest-5.1 ... manifest-5.4 (a
// remote search reads only the one for its Lua version; each lists the rocks whose
// "lua" dependency that version meets) and manifest (all of them), in the format
// `luarocks-admin make-manifest` writes.
//
// OUTDIR holds this build only: the rocks, rockspecs and manifests already in
// it are deleted first (nothing else is touched). To serve several versions,
// copy the rocks into one folder and run `luarocks-admin make-manifest` there.
// Zip entries carry a fixed date, so the same inputs give the same bytes.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import * as zlib from "node:zlib";

const USAGE = "usage: node build/rocks.mjs [--root DIR] OUTDIR";
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** The Lua versions a rocks server has a manifest for (as luarocks-admin 3.8 writes them). */
const LUA_VERSIONS = ["5.1", "5.2", "5.3", "5.4"];
/** The rocks' only dependency: the Lua versions the specs run on (Makefile LUAS). */
const LUA_DEPENDENCY = { op: ">=", version: "5.2" };

// ---------------------------------------------------------------- Lua text

/** A Lua string literal (UTF-8 text as is, control characters as \ddd). */
function luaString(s) {
  let out = "";
  for (const ch of s) {
    const code = ch.codePointAt(0);
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (code < 0x20 || code === 0x7f) out += `\\${String(code).padStart(3, "0")}`;
    else out += ch;
  }
  return `"${out}"`;
}

/** A table key: bare when it is a Lua name, ["quoted"] otherwise. */
function luaKey(key) {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) && !LUA_KEYWORDS.has(key) ? key : `[${luaString(key)}]`;
}
const LUA_KEYWORDS = new Set(
  "and break do else elseif end false for function goto if in local nil not or repeat return then true until while".split(" "),
);

/**
 * A Lua value in LuaRocks' own layout (util.persist): three-space indent,
 * keys sorted, array items first. Plain objects, arrays, strings, numbers.
 */
function luaValue(value, indent = "") {
  if (typeof value === "string") return luaString(value);
  if (typeof value === "number") return String(value);
  const inner = indent + "   ";
  const lines = Array.isArray(value)
    ? value.map((v) => inner + luaValue(v, inner))
    : Object.keys(value)
        .sort()
        .map((k) => `${inner}${luaKey(k)} = ${luaValue(value[k], inner)}`);
  return lines.length === 0 ? "{}" : `{\n${lines.join(",\n")}\n${indent}}`;
}

/** A file of `name = value` assignments, as LuaRocks writes manifests. */
function luaAssignments(fields) {
  return Object.keys(fields)
    .sort()
    .map((k) => `${k} = ${luaValue(fields[k])}\n`)
    .join("");
}

// ---------------------------------------------------------------- zip

/** DOS time and date of 1980-01-01 00:00, the earliest a zip can hold. */
const ZIP_TIME = 0;
const ZIP_DATE = (0 << 9) | (1 << 5) | 1;

/**
 * A zip archive (what a .rock is) of `entries` ({ name, data? }; no data = a
 * folder, name ending in "/"). Deflated, no zip64 (rocks are small).
 */
function zip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, "utf8");
    const isDir = entry.data === undefined;
    const data = isDir ? Buffer.alloc(0) : entry.data;
    const packed = isDir ? data : zlib.deflateRawSync(data, { level: 9 });
    const method = isDir ? 0 : 8;
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate, folders)
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(ZIP_TIME, 10);
    local.writeUInt16LE(ZIP_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix (so the mode below counts), 2.0
    local.copy(central, 6, 4, 30); // version needed ... extra length: same as the local header
    central.writeUInt16LE(0, 32); // comment length
    central.writeUInt16LE(0, 34); // disk
    central.writeUInt16LE(0, 36); // internal attributes
    central.writeUInt32LE((isDir ? 0o40755 * 0x10000 + 0x10 : 0o100644 * 0x10000) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** Zip entries for files { path: Buffer }: each folder once, before its contents, all sorted. */
function zipEntries(files) {
  const entries = [];
  const folders = new Set();
  for (const name of Object.keys(files).sort()) {
    const parts = name.split("/");
    for (let i = 1; i < parts.length; i++) {
      const folder = parts.slice(0, i).join("/") + "/";
      if (!folders.has(folder)) {
        folders.add(folder);
        entries.push({ name: folder });
      }
    }
    entries.push({ name, data: files[name] });
  }
  return entries;
}

// ---------------------------------------------------------------- inputs

/** A path relative to the working directory when it is inside it, else absolute. */
function shown(file) {
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith("..") || path.isAbsolute(rel) ? file : rel;
}

function fail(message) {
  console.error(`rocks.mjs: ${message}`);
  process.exit(1);
}

/** The front-matter `summary` of a community-format README ('single', "double" or bare). */
function readmeSummary(readme, file) {
  const front = /^---\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)\r?\n/.exec(readme);
  const line = front && /^summary:[ \t]*(.*?)[ \t]*$/m.exec(front[1]);
  if (!line || line[1] === "") fail(`${file}: no front-matter summary`);
  const raw = line[1];
  if (raw.startsWith("'") && raw.endsWith("'") && raw.length >= 2) return raw.slice(1, -1).replace(/''/g, "'");
  if (raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2) return JSON.parse(raw);
  return raw;
}

/** Every file under `dir`, as { "res/a/b.json": Buffer } keyed by `prefix` + relative path. */
function filesUnder(dir, prefix) {
  const files = {};
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, entry.name);
    const stat = fs.statSync(full); // follows symlinks
    if (stat.isDirectory()) Object.assign(files, filesUnder(full, `${prefix}${entry.name}/`));
    else if (stat.isFile()) files[`${prefix}${entry.name}`] = fs.readFileSync(full);
  }
  return files;
}

/** What one module ships: { name, summary, lua: Buffer, readme: Buffer, res: { "res/...": Buffer } }. */
function readModule(root, name) {
  const luaFile = path.join(root, "dist", `${name}.lua`);
  const readmeFile = path.join(root, "docs", name, "README.md");
  if (!fs.existsSync(luaFile)) fail(`${shown(luaFile)} is missing: run make build first`);
  if (!fs.existsSync(readmeFile)) fail(`${shown(readmeFile)} is missing`);
  const readme = fs.readFileSync(readmeFile);
  const resDir = path.join(root, "src", name, "res");
  const res = fs.existsSync(resDir) ? filesUnder(resDir, "res/") : {};
  return { name, summary: readmeSummary(readme.toString("utf8"), readmeFile), lua: fs.readFileSync(luaFile), readme, res };
}

// ---------------------------------------------------------------- outputs

function rockspecText(mod, version, license) {
  const copyDirectories = Object.keys(mod.res).length > 0 ? ["doc", "res"] : ["doc"];
  return [
    `-- ${mod.name} ${version}, written by build/rocks.mjs: install it with`,
    `--   prosodyctl install --server=<this folder's URL> ${mod.name}`,
    `-- Its source, ${mod.name}.lua, is the file beside this rockspec in ${mod.name}-${version}.src.rock.`,
    `package = ${luaString(mod.name)}`,
    `version = ${luaString(version)}`,
    "source = {",
    `   url = ${luaString(`${mod.name}.lua`)},`,
    "}",
    "description = {",
    `   summary = ${luaString(mod.summary)},`,
    `   license = ${luaString(license)},`,
    "}",
    "dependencies = {",
    `   ${luaString(`lua ${LUA_DEPENDENCY.op} ${LUA_DEPENDENCY.version}`)},`,
    "}",
    "build = {",
    '   type = "builtin",',
    "   modules = {",
    `      ${luaKey(mod.name)} = ${luaString(`${mod.name}.lua`)},`,
    "   },",
    `   copy_directories = { ${copyDirectories.map(luaString).join(", ")} },`,
    "}",
    "",
  ].join("\n");
}

const md5 = (data) => createHash("md5").update(data).digest("hex");

/** { "a/b": x } -> { a: { b: x } } */
function nest(flat) {
  const tree = {};
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.split("/");
    let node = tree;
    for (const part of parts.slice(0, -1)) node = node[part] ??= {};
    node[parts[parts.length - 1]] = value;
  }
  return tree;
}

/** Does Lua `luaVersion` ("5.4") meet the rocks' lua dependency? */
function meetsLuaDependency(luaVersion) {
  const [major, minor] = luaVersion.split(".").map(Number);
  const [wantMajor, wantMinor] = LUA_DEPENDENCY.version.split(".").map(Number);
  return major > wantMajor || (major === wantMajor && minor >= wantMinor);
}

function main(argv) {
  let root = REPO_ROOT;
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--root" && i + 1 < argv.length) root = path.resolve(argv[++i]);
    else if (argv[i].startsWith("-")) fail(`unknown option ${argv[i]}\n${USAGE}`);
    else positional.push(argv[i]);
  }
  if (positional.length !== 1) fail(USAGE);
  const outDir = path.resolve(positional[0]);

  const pkgFile = path.join(root, "package.json");
  if (!fs.existsSync(pkgFile)) fail(`${shown(pkgFile)} is missing`);
  const pkg = JSON.parse(fs.readFileSync(pkgFile, "utf8"));
  if (typeof pkg.version !== "string" || !/^\d+(\.\d+)*$/.test(pkg.version)) {
    fail(`package.json: version ${JSON.stringify(pkg.version)} is not of the form 1.2.3 that LuaRocks expects`);
  }
  const version = `${pkg.version}-1`;
  const license = typeof pkg.license === "string" ? pkg.license : "";

  // Every src/mod_x/ folder is a module (as in the Makefile); LuaRocks lower-cases package names.
  const names = fs
    .readdirSync(path.join(root, "src"), { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name.startsWith("mod_"))
    .map((e) => e.name)
    .sort();
  if (names.length === 0) fail(`no src/mod_*/ folder under ${root}`);
  for (const name of names) if (!/^mod_[a-z0-9_]+$/.test(name)) fail(`${name}: a rock name must be lower case [a-z0-9_]`);
  const modules = names.map((name) => readModule(root, name));

  fs.mkdirSync(outDir, { recursive: true });
  for (const file of fs.readdirSync(outDir)) {
    if (/\.rock$|\.rockspec$|^manifest(-\d+\.\d+)?(\.zip)?$/.test(file)) fs.rmSync(path.join(outDir, file));
  }

  const repository = {};
  for (const mod of modules) {
    const base = `${mod.name}-${version}`;
    const rockspec = Buffer.from(rockspecText(mod, version, license), "utf8");
    const doc = { "doc/README.md": mod.readme };
    const src = { [`${base}.rockspec`]: rockspec, [`${mod.name}.lua`]: mod.lua, ...doc, ...mod.res };
    const built = { [`${base}.rockspec`]: rockspec, [`lua/${mod.name}.lua`]: mod.lua, ...doc, ...mod.res };
    const sums = Object.fromEntries(Object.entries(built).map(([k, v]) => [k, md5(v)]));
    built.rock_manifest = Buffer.from(luaAssignments({ rock_manifest: nest(sums) }), "utf8");

    fs.writeFileSync(path.join(outDir, `${base}.rockspec`), rockspec);
    fs.writeFileSync(path.join(outDir, `${base}.src.rock`), zip(zipEntries(src)));
    fs.writeFileSync(path.join(outDir, `${base}.all.rock`), zip(zipEntries(built)));
    // Whatever the order, `luarocks install` picks the all.rock, else the src.rock, else the rockspec.
    repository[mod.name] = { [version]: [{ arch: "all" }, { arch: "rockspec" }, { arch: "src" }] };
    console.log(`${shown(path.join(outDir, base))}.{rockspec,src.rock,all.rock}`);
  }

  const manifest = (repo) => luaAssignments({ commands: {}, modules: {}, repository: repo });
  fs.writeFileSync(path.join(outDir, "manifest"), manifest(repository));
  for (const luaVersion of LUA_VERSIONS) {
    fs.writeFileSync(path.join(outDir, `manifest-${luaVersion}`), manifest(meetsLuaDependency(luaVersion) ? repository : {}));
  }
}

main(process.argv.slice(2));
