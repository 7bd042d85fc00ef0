// The rocks of build/rocks.mjs, installed the way an admin installs a
// community module:
//
//   prosodyctl install --server=<rocks folder> mod_x
//
// beforeAll builds the rocks (`node build/rocks.mjs DIR`, what `make rocks`
// runs) and installs every module with the real prosodyctl into a fresh
// installer_plugin_path; a Prosody started with that folder and without the
// repository's dist/ then has to work: an HTTP POST to mod_post_msg reaches an
// XMPP client, a message to a mod_component_http component reaches a webhook
// and the webhook's answer comes back. The fixture project in
// test/rocks/fixture/ (built with --root) has a module with files under
// src/mod_x/res/, to prove they reach the installed rock where
// module:load_resource() finds them.
//
// prosodyctl runs `luarocks --lua-version=5.x install --tree=<installer_plugin_path>
// --server=<server> mod_x`; LuaRocks picks the .all.rock. One more install
// fetches it from the folder served over HTTP. The .src.rock is installed too
// (by path), into another folder, and must give the same files.
// Two LuaRocks settings keep this off the network and off the Lua headers
// (LUAROCKS_CONFIG, which prosodyctl's luarocks inherits):
// - rocks_servers = our folders only: otherwise LuaRocks also searches
//   luarocks.org and its mirrors (harmless, but slow or hanging without network);
// - for the .src.rock only, LUA_INCDIR = a folder whose lua.h has just the
//   version line: LuaRocks 3.8 (Debian 12) checks for the headers before any
//   build, even of a pure-Lua rock that never reads them (luarocks#1275).
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpRequest } from "../harness/http";
import { checkProsodyInstalled, luaString, PROSODYCTL_BIN, REPO_ROOT, startProsody, type ProsodyServer } from "../harness/prosody";
import { listenOnLoopback } from "../harness/util";
import { startWebhookServer, type WebhookServer } from "../harness/webhook";
import { connectClient, xml, type TestClient } from "../harness/xmpp";

const FIXTURE_ROOT = path.join(REPO_ROOT, "test", "rocks", "fixture");
const VERSION = `${(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version}-1`;
const FIXTURE_VERSION = `${(JSON.parse(fs.readFileSync(path.join(FIXTURE_ROOT, "package.json"), "utf8")) as { version: string }).version}-1`;
const MODULES = fs
  .readdirSync(path.join(REPO_ROOT, "src"))
  .filter((name) => name.startsWith("mod_"))
  .sort();
const COMPONENT = "bridge.localhost";

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion (never throws on a non-zero exit). */
function run(cmd: string, args: string[], env: Record<string, string> = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => err.push(d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.once("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") });
    });
  });
}

async function mustRun(cmd: string, args: string[], env: Record<string, string> = {}): Promise<Result> {
  const res = await run(cmd, args, env);
  if (res.code !== 0) throw new Error(`${cmd} ${args.join(" ")} exited with ${res.code}:\n${res.stdout}${res.stderr}`);
  return res;
}

let work: string; // everything this file writes
let rocks: string; // node build/rocks.mjs <rocks>
let fixtureRocks: string; // node build/rocks.mjs --root test/rocks/fixture <fixtureRocks>
let plugins: string; // installer_plugin_path of the server under test
let srcPlugins: string; // where the .src.rocks are installed
let luaVersion: string; // "5.4": the Lua prosodyctl runs luarocks for
let server: ProsodyServer;
let hook: WebhookServer;
let alice: TestClient;
let bob: TestClient;

/** A config for prosodyctl install: only where plugins go (and quiet, writable paths). */
function installerConfig(name: string, pluginDir: string): string {
  const file = path.join(work, `${name}.cfg.lua`);
  fs.mkdirSync(path.join(work, "certs"), { recursive: true });
  fs.writeFileSync(
    file,
    [
      "run_as_root = true -- tests run as root; stops prosodyctl switching to the prosody user",
      `data_path = ${luaString(path.join(work, "data"))}`,
      `certificates = ${luaString(path.join(work, "certs"))}`,
      `installer_plugin_path = ${luaString(pluginDir)}`,
      "",
    ].join("\n"),
  );
  return file;
}

/**
 * A LuaRocks config naming `servers` as the only rocks servers. LuaRocks merges
 * it into its defaults: a list of plain strings replaces the default list
 * (which holds one list, of luarocks.org and its mirrors).
 */
function luarocksConfig(name: string, servers: string[], extra = ""): string {
  const file = path.join(work, `luarocks-${name}.lua`);
  fs.writeFileSync(file, `rocks_servers = { ${servers.map(luaString).join(", ")} }\n${extra}`);
  return file;
}

/** prosodyctl --config <config> install ...args, under the LuaRocks config `luarocksConfig`. */
function install(config: string, luarocksConfig: string, ...args: string[]): Promise<Result> {
  return mustRun(PROSODYCTL_BIN, ["--config", config, "install", ...args], { LUAROCKS_CONFIG: luarocksConfig });
}

/** The rock's folder in a rocks tree, which Prosody makes the module's directory. */
const rockDir = (tree: string, name: string, version = VERSION): string =>
  path.join(tree, "lib", "luarocks", `rocks-${luaVersion}`, name, version);

/** Every file under dir, relative, sorted. */
function filesUnder(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .sort();
}

/**
 * A Lua data file (manifest, rock_manifest) as sorted "path = value" lines,
 * evaluated by Lua itself; an array of { arch = ... } (a manifest's
 * repository entries) becomes its sorted arch names, whatever their order.
 */
async function luaData(file: string): Promise<string[]> {
  const script = path.join(work, "dump.lua");
  fs.writeFileSync(
    script,
    `
    local env = {}
    assert(load(assert(io.open(arg[1])):read("a"), "=data", "t", env))()
    local lines = {}
    local function walk(prefix, value)
      if type(value) ~= "table" then lines[#lines + 1] = prefix .. " = " .. tostring(value); return end
      if value[1] ~= nil and type(value[1]) == "table" and value[1].arch then
        local arches = {}
        for _, item in ipairs(value) do arches[#arches + 1] = item.arch end
        table.sort(arches)
        lines[#lines + 1] = prefix .. " = arches " .. table.concat(arches, ",")
        return
      end
      local empty = true
      for k, v in pairs(value) do empty = false; walk(prefix .. "/" .. tostring(k), v) end
      if empty then lines[#lines + 1] = prefix .. " = {}" end
    end
    walk("", env)
    table.sort(lines)
    print(table.concat(lines, "\\n"))`,
  );
  const res = await mustRun("lua5.4", [script, file]);
  return res.stdout.trim().split("\n");
}

beforeAll(async () => {
  checkProsodyInstalled();
  work = await fs.promises.mkdtemp(path.join(os.tmpdir(), "rocks-install-"));
  rocks = path.join(work, "rocks");
  fixtureRocks = path.join(work, "fixture-rocks");
  plugins = path.join(work, "plugins");
  srcPlugins = path.join(work, "src-plugins");

  await mustRun(process.execPath, [path.join(REPO_ROOT, "build", "rocks.mjs"), rocks]);
  await mustRun(process.execPath, [path.join(REPO_ROOT, "build", "rocks.mjs"), "--root", FIXTURE_ROOT, fixtureRocks]);

  const offline = luarocksConfig("offline", [rocks, fixtureRocks]);

  const config = installerConfig("install", plugins);
  for (const name of MODULES) {
    const res = await install(config, offline, `--server=${rocks}`, name);
    expect(res.stdout).toContain(`Installing ${name} in ${plugins}`);
  }
  await install(config, offline, `--server=${fixtureRocks}`, "mod_rock_res");
  const versions = fs.readdirSync(path.join(plugins, "share", "lua"));
  expect(versions).toHaveLength(1);
  luaVersion = versions[0] as string;

  hook = await startWebhookServer((req) => {
    const payload = JSON.parse(req.text) as { body?: string };
    return { status: 200, headers: { "Content-Type": "application/json" }, body: JSON.stringify({ body: `echo: ${payload.body ?? ""}` }) };
  });
  server = await startProsody({
    name: "rocks",
    distPlugins: false,
    globalConfig: `installer_plugin_path = ${luaString(plugins)}`,
    virtualHostModules: ["post_msg", "rock_res"],
    components: [{ domain: COMPONENT, module: "component_http", config: `component_post_url = ${luaString(hook.url)}` }],
    users: [
      ["alice", "alice-pw"],
      ["bob", "bob-pw"],
    ],
  });
  alice = await connectClient(server, "alice", "alice-pw");
  bob = await connectClient(server, "bob", "bob-pw");
});

afterAll(async () => {
  await alice?.stop();
  await bob?.stop();
  await server?.stop();
  await hook?.close();
  if (work !== undefined && process.env["PROSODY_KEEP"] !== "1") await fs.promises.rm(work, { recursive: true, force: true });
  expect(server?.problems() ?? []).toEqual([]);
});

describe("the rocks folder", () => {
  it("has a rockspec, a .src.rock and an .all.rock per module, and the manifests", () => {
    const expected = ["manifest", "manifest-5.1", "manifest-5.2", "manifest-5.3", "manifest-5.4"];
    for (const name of MODULES) expected.push(`${name}-${VERSION}.all.rock`, `${name}-${VERSION}.rockspec`, `${name}-${VERSION}.src.rock`);
    expect(fs.readdirSync(rocks).sort()).toEqual(expected.sort());
  });

  it("has the manifests luarocks-admin make-manifest writes for it", async () => {
    const copy = path.join(work, "make-manifest");
    fs.mkdirSync(copy);
    for (const file of fs.readdirSync(rocks)) {
      if (/\.rock(spec)?$/.test(file)) fs.copyFileSync(path.join(rocks, file), path.join(copy, file));
    }
    await mustRun("luarocks-admin", ["make-manifest", copy]);
    for (const manifest of ["manifest", "manifest-5.1", "manifest-5.2", "manifest-5.3", "manifest-5.4"]) {
      expect(await luaData(path.join(rocks, manifest)), manifest).toEqual(await luaData(path.join(copy, manifest)));
    }
    // Lua 5.1 is not offered (the rocks need lua >= 5.2); 5.4 gets every module.
    expect(await luaData(path.join(rocks, "manifest-5.1"))).toEqual(["/commands = {}", "/modules = {}", "/repository = {}"]);
    const repository = (await luaData(path.join(rocks, "manifest-5.4"))).filter((l) => l.startsWith("/repository/"));
    expect(repository).toEqual(MODULES.map((name) => `/repository/${name}/${VERSION} = arches all,rockspec,src`));
  });

  it("passes luarocks lint", async () => {
    for (const name of MODULES) await mustRun("luarocks", ["lint", path.join(rocks, `${name}-${VERSION}.rockspec`)]);
  });

  it("is the same on a second run (no dates or orders that change)", async () => {
    const again = path.join(work, "rocks-again");
    await mustRun(process.execPath, [path.join(REPO_ROOT, "build", "rocks.mjs"), again]);
    for (const file of fs.readdirSync(rocks)) {
      expect(fs.readFileSync(path.join(again, file)).equals(fs.readFileSync(path.join(rocks, file))), file).toBe(true);
    }
  });
});

describe("prosodyctl install", () => {
  it.each(MODULES)("puts %s where Prosody's plugin loader looks, with its README", (name) => {
    const installed = path.join(plugins, "share", "lua", luaVersion, `${name}.lua`);
    expect(fs.readFileSync(installed, "utf8")).toBe(fs.readFileSync(path.join(REPO_ROOT, "dist", `${name}.lua`), "utf8"));
    expect(fs.readFileSync(path.join(rockDir(plugins, name), "doc", "README.md"), "utf8")).toBe(
      fs.readFileSync(path.join(REPO_ROOT, "docs", name, "README.md"), "utf8"),
    );
  });

  it("works with the rocks folder served over HTTP, as an admin would use it", async () => {
    const asked: string[] = [];
    const web = http.createServer((req, res) => {
      const name = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname.slice(1));
      asked.push(name);
      const file = path.join(rocks, name);
      if (name.includes("/") || !fs.existsSync(file)) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { "Content-Type": "application/octet-stream" }).end(fs.readFileSync(file));
    });
    const url = `http://127.0.0.1:${await listenOnLoopback(web)}/`;
    const overHttp = path.join(work, "http-plugins");
    try {
      await install(installerConfig("install-http", overHttp), luarocksConfig("http", [url]), `--server=${url}`, "mod_post_msg");
    } finally {
      await new Promise<void>((resolve) => web.close(() => resolve()));
    }
    expect(asked).toContain(`manifest-${luaVersion}`);
    expect(asked).toContain(`mod_post_msg-${VERSION}.all.rock`);
    const installed = path.join("share", "lua", luaVersion, "mod_post_msg.lua");
    expect(fs.readFileSync(path.join(overHttp, installed)).equals(fs.readFileSync(path.join(plugins, installed)))).toBe(true);
  });

  it("gives the same files from the .src.rock as from the .all.rock", async () => {
    // A lua.h with nothing but the version LuaRocks checks for (see the top of this file).
    const include = path.join(work, "include");
    fs.mkdirSync(include);
    const [major, minor] = luaVersion.split(".");
    fs.writeFileSync(path.join(include, "lua.h"), `#define LUA_VERSION_NUM\t${major}0${minor}\n`);
    const headers = luarocksConfig("headers", [rocks, fixtureRocks], `variables = { LUA_INCDIR = ${luaString(include)} }\n`);
    const config = installerConfig("install-src", srcPlugins);
    for (const name of MODULES) await install(config, headers, path.join(rocks, `${name}-${VERSION}.src.rock`));
    await install(config, headers, path.join(fixtureRocks, `mod_rock_res-${FIXTURE_VERSION}.src.rock`));

    const files = filesUnder(plugins);
    expect(filesUnder(srcPlugins)).toEqual(files);
    expect(files).toContain(path.join("lib", "luarocks", `rocks-${luaVersion}`, "mod_rock_res", FIXTURE_VERSION, "res", "nested", "note.txt"));
    for (const file of files) {
      const [a, b] = [path.join(plugins, file), path.join(srcPlugins, file)];
      if (path.basename(file) === "rock_manifest" || path.basename(file) === "manifest") {
        // Ours (from the .all.rock) against the one LuaRocks wrote after building.
        expect(await luaData(a), file).toEqual(await luaData(b));
      } else {
        expect(fs.readFileSync(a).equals(fs.readFileSync(b)), file).toBe(true);
      }
    }
  });
});

describe("Prosody with only the installed modules", () => {
  it.each([
    ["post_msg", "localhost"],
    ["component_http", COMPONENT],
    ["rock_res", "localhost"],
  ])("loaded mod_%s from the installer's folder, not dist/", async (name, host) => {
    const info = await server.shell(`module:info(${luaString(name)}, ${luaString(host)})`);
    expect(info).toContain(`path: ${path.join(plugins, "share", "lua", luaVersion, `mod_${name}.lua`)}`);
    expect(info).not.toContain(path.join(REPO_ROOT, "dist"));
  });

  it("mod_post_msg: an HTTP POST becomes a message the XMPP client receives", async () => {
    const received = bob.nextStanza((el) => el.is("message") && el.getChildText("body") === "installed by rock");
    const res = await httpRequest(server, {
      method: "POST",
      path: "/msg/bob",
      basic: ["alice", "alice-pw"],
      headers: { "Content-Type": "text/plain" },
      body: "installed by rock",
    });
    expect(res.status).toBe(201);
    expect((await received).attrs.from).toBe("alice@localhost");
  });

  it("mod_component_http: a message to the component reaches the webhook, and its answer comes back", async () => {
    const to = `echo@${COMPONENT}`;
    const reply = alice.nextStanza((el) => el.is("message") && el.attrs.from === to);
    await alice.send(xml("message", { to, type: "chat", id: "rock-1" }, xml("body", {}, "hello component")));
    const request = await hook.nextRequest();
    expect(JSON.parse(request.text)).toMatchObject({ to, from: alice.jid, kind: "message", body: "hello component" });
    expect((await reply).getChildText("body")).toBe("echo: hello component");
  });

  it("files under src/mod_x/res/ are installed where module:load_resource() finds them", async () => {
    const hello = await httpRequest(server, { path: "/rock_res/hello" });
    expect(hello.status).toBe(200);
    expect(hello.body).toBe(fs.readFileSync(path.join(FIXTURE_ROOT, "src", "mod_rock_res", "res", "hello.json"), "utf8"));
    const note = await httpRequest(server, { path: "/rock_res/note" });
    expect(note.status).toBe(200);
    expect(note.body).toBe("from res/nested/note.txt\n");
  });
});
