// Starts a throw-away Prosody instance for one test file: Debian's 0.12 from
// PATH, or with PROSODY=13 the Prosody 13 that `make deps` unpacks into
// .deps/prosody-13 (see PROSODY_VERSION; tests that expect a version-specific
// behaviour ask server.version).
//
// Each server gets its own temp dir (config, data, log, admin socket) and its
// own free loopback ports, so test files can run in parallel.
//
// Set PROSODY_KEEP=1 to keep the temp dir after stop() (its path is in
// server.dir). A server that fails to start keeps its dir too; the error
// message names it and quotes the log tail.
//
// Prosody 0.12.3 facts this relies on (checked against /usr/lib/prosody):
// - Log config: log = { { levels = { min = "debug" }, to = "file", filename = F } }.
//   Entries look like "Nov 22 15:09:24 source\tlevel\tmessage"; tracebacks
//   continue on the following lines without a timestamp.
// - `prosodyctl --config CFG shell "CMD"` (exactly one argument after "shell")
//   sends CMD as one console line over admin_socket, prints the output
//   ("OK: User password changed") and exits with the number of errors, which
//   go to stderr (e.g. "Error: No such host: nohost"). Several arguments are
//   joined into a call: `shell user password bob@localhost x` runs
//   user:password("bob@localhost", "x").
// - A port Prosody cannot bind is logged ("Failed to open server port ...")
//   but is not fatal, hence the log checks in launch().
// - prosodyctl only keeps root with run_as_root = true; otherwise it switches
//   to the "prosody" user and could not write our temp dir.
// Prosody 13.0.1 (checked against .deps/prosody-13) behaves the same for all
// of the above: same log format, same option names (admin_socket,
// certificates, *_ports, authentication), same `prosodyctl shell` exit codes
// and "OK:"/"Error:" lines. `daemonize` and `legacy_ssl_ports` are left out:
// `prosodyctl check config` calls both deprecated on both versions (-F does
// the former; legacy_ssl has no default ports).

import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

/** Repository root (this file lives in <repo>/test/harness/). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The Prosody versions the suite runs on. */
export type ProsodyVersion = "0.12" | "13";

/**
 * The server the tests run on, chosen by the PROSODY environment variable:
 * unset or "0.12" → Debian's 0.12 (`prosody`/`prosodyctl` from PATH); "13" →
 * the Prosody 13 that `make deps` unpacks into <repo>/.deps/prosody-13.
 */
export const PROSODY_VERSION: ProsodyVersion = ((): ProsodyVersion => {
  const wanted = process.env["PROSODY"] ?? "";
  if (wanted === "" || wanted === "0.12") return "0.12";
  if (wanted === "13") return "13";
  throw new Error(`PROSODY=${wanted}: expected "0.12" (the default) or "13"`);
})();

/** Where `make deps` unpacks Prosody 13 (build/prosody13.sh). */
export const PROSODY13_DIR = path.join(REPO_ROOT, ".deps", "prosody-13");

/** The executables of the selected server: plain names (PATH) for 0.12, absolute paths for 13. */
export const PROSODY_BIN = PROSODY_VERSION === "13" ? path.join(PROSODY13_DIR, "usr", "bin", "prosody") : "prosody";
export const PROSODYCTL_BIN =
  PROSODY_VERSION === "13" ? path.join(PROSODY13_DIR, "usr", "bin", "prosodyctl") : "prosodyctl";

/** Throws a clear error when PROSODY=13 but .deps/prosody-13 is missing or incomplete. */
export function checkProsodyInstalled(): void {
  if (PROSODY_VERSION !== "13") return;
  for (const bin of [PROSODY_BIN, PROSODYCTL_BIN]) {
    try {
      fs.accessSync(bin, fs.constants.X_OK);
    } catch {
      throw new Error(`PROSODY=13 but ${bin} is missing: run make deps (it unpacks Prosody 13 into ${PROSODY13_DIR})`);
    }
  }
}

export interface ComponentOptions {
  /** Component host name, e.g. "bridge.localhost". */
  domain: string;
  /** Module name without "mod_", e.g. "component_http". */
  module: string;
  /** Extra Lua lines placed inside the Component block. */
  config?: string;
}

export interface ProsodyOptions {
  /** Used in the temp dir name, to tell servers apart when debugging. */
  name?: string;
  /** Modules (without "mod_") loaded on VirtualHost "localhost", on top of the base set. */
  virtualHostModules?: string[];
  /** Extra Lua lines inside the VirtualHost "localhost" block. Don't set modules_enabled here: use virtualHostModules. */
  virtualHostConfig?: string;
  /** Extra Lua lines in the global section. */
  globalConfig?: string;
  components?: ComponentOptions[];
  /** [username, password] pairs registered on "localhost" before start. */
  users?: [string, string][];
  /** Extra plugin directories, searched after dist/ and test/fixtures/plugins/. */
  pluginPaths?: string[];
  /** false: leave the repository's dist/ out of plugin_paths (to load modules installed some other way). Default true. */
  distPlugins?: boolean;
  /** Lowest level written to the log (default "debug"; benchmarks use "info" to keep logging off the hot path). */
  logLevel?: "debug" | "info" | "warn";
}

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface ProsodyServer {
  host: "localhost";
  /** Which Prosody this is (PROSODY_VERSION). */
  version: ProsodyVersion;
  /** Process id of the running Prosody (for CPU accounting). */
  pid: number | undefined;
  dir: string;
  configPath: string;
  c2sPort: number;
  httpPort: number;
  /** e.g. "http://127.0.0.1:34567" */
  httpBase: string;
  /** The whole log file (debug and above). */
  log(): string;
  /** A position in the log; pass it to logSince() to get only what was logged afterwards. */
  logMark(): number;
  logSince(mark: number): string;
  /** Runs `prosodyctl --config <cfg> ...args`. Never throws on a non-zero exit code. */
  prosodyctl(...args: string[]): Promise<CommandResult>;
  /**
   * Runs one admin-shell command against the running server, e.g.
   * `user:password("bob@localhost", "changed")`, and returns its stdout
   * (e.g. "OK: User password changed"). Throws if the command reported an error.
   */
  shell(command: string): Promise<string>;
  /** SIGTERM, then SIGKILL if still running after 5 s. Safe to call twice. */
  stop(): Promise<void>;
  /** Log entries at level "error" and entries containing a Lua traceback, minus ALLOWED_PROBLEMS. */
  problems(): string[];
}

/** Modules every test server has on its VirtualHost. */
export const BASE_MODULES = ["roster", "saslauth", "disco", "ping", "admin_shell", "http"];

/**
 * Error-level log entries that show up on a healthy server and mean nothing
 * for our tests. Keep this short and explain each entry.
 */
export const ALLOWED_PROBLEMS: RegExp[] = [
  // None needed so far: a clean Prosody 0.12.3 or 13.0.1 with this config
  // (no TLS module, empty certificates dir) logs no errors on start, c2s
  // logins, HTTP requests, admin-shell use or stop. (13 logs a warning, not
  // an error, for each malformed Bearer token: "Failed to verify access token".)
];

const STARTUP_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;
const COMMAND_TIMEOUT_MS = 15_000;
const START_ATTEMPTS = 3;

/** Quotes a JS string as a Lua string literal (for building config snippets). */
export function luaString(value: string): string {
  const escaped = value
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/\n/g, "\\n")
    .replace(/\r/g, "\\r")
    .replace(/\0/g, "\\0");
  return `"${escaped}"`;
}

function luaList(values: string[]): string {
  return values.length === 0 ? "{}" : `{ ${values.map(luaString).join(", ")} }`;
}

/** Finds `count` distinct free TCP ports on 127.0.0.1 (holding all of them open until all are known). */
export async function freePorts(count: number): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i++) {
      const srv = net.createServer();
      servers.push(srv);
      await new Promise<void>((resolve, reject) => {
        srv.once("error", reject);
        srv.listen(0, "127.0.0.1", () => resolve());
      });
      const addr = srv.address();
      if (addr === null || typeof addr === "string") throw new Error("unexpected server address");
      ports.push(addr.port);
    }
    return ports;
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}

/** Servers still running, killed if the test process exits without stopping them. */
const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * Makes sure a server never outlives the test process. process.on("exit")
 * covers a normal exit, but vitest ends its workers with a signal, which skips
 * "exit" handlers; so a detached watchdog shell also polls the worker and
 * SIGKILLs Prosody (and removes its temp dir) once the worker is gone. The
 * watchdog ends by itself when Prosody exits.
 */
function trackChild(child: ChildProcess, dir: string): void {
  liveChildren.add(child);
  child.once("exit", () => liveChildren.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once("exit", () => {
      for (const c of liveChildren) c.kill("SIGKILL");
    });
  }
  if (child.pid === undefined) return;
  const script =
    'while kill -0 "$1" 2>/dev/null; do kill -0 "$2" 2>/dev/null || exit 0; sleep 0.5; done; ' +
    'kill -9 "$2" 2>/dev/null; [ "$4" = 1 ] || rm -rf "$3"';
  const keep = process.env["PROSODY_KEEP"] === "1" ? "1" : "0";
  spawn("sh", ["-c", script, "prosody-watchdog", String(process.pid), String(child.pid), dir, keep], {
    detached: true,
    stdio: "ignore",
  }).unref();
}

/** Runs a command to completion, capturing its output. */
function run(cmd: string, args: string[], timeoutMs = COMMAND_TIMEOUT_MS): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => err.push(d));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${cmd} ${args.join(" ")} timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    child.once("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      });
    });
  });
}

function readFileOr(file: string, fallback: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return fallback;
  }
}

function tail(text: string, lines = 40): string {
  return text.split("\n").slice(-lines).join("\n");
}

function buildConfig(dir: string, c2sPort: number, httpPort: number, opts: ProsodyOptions): string {
  const pluginPaths = [
    ...(opts.distPlugins === false ? [] : [path.join(REPO_ROOT, "dist")]),
    path.join(REPO_ROOT, "test", "fixtures", "plugins"),
    ...(opts.pluginPaths ?? []),
  ];
  const lines = [
    "-- Generated by test/harness/prosody.ts",
    "run_as_root = true -- tests run as root; stops prosodyctl switching to the prosody user",
    `pidfile = ${luaString(path.join(dir, "prosody.pid"))}`,
    `data_path = ${luaString(path.join(dir, "data"))}`,
    `admin_socket = ${luaString(path.join(dir, "prosody.sock"))}`,
    `certificates = ${luaString(path.join(dir, "certs"))}`,
    `plugin_paths = ${luaList(pluginPaths)}`,
    "",
    "-- Loopback only, on this server's own ports; every other listener off.",
    'interfaces = { "127.0.0.1" }',
    'http_interfaces = { "127.0.0.1" }',
    `c2s_ports = { ${c2sPort} }`,
    `http_ports = { ${httpPort} }`,
    "c2s_direct_tls_ports = {}",
    "s2s_ports = {}",
    "s2s_direct_tls_ports = {}",
    "https_ports = {}",
    "component_ports = {}",
    "",
    "-- No TLS at all: clients authenticate in the clear on loopback.",
    "c2s_require_encryption = false",
    "allow_unencrypted_plain_auth = true",
    'authentication = "internal_hashed"',
    "",
    `log = { { levels = { min = ${luaString(opts.logLevel ?? "debug")} }, to = "file", filename = ${luaString(path.join(dir, "prosody.log"))} } }`,
    "",
    `modules_enabled = ${luaList(BASE_MODULES)}`,
    "",
    "-- globalConfig",
    opts.globalConfig ?? "",
    "",
    'VirtualHost "localhost"',
    // Host-level modules_enabled is merged with the global list by modulemanager.
    `  modules_enabled = ${luaList(opts.virtualHostModules ?? [])}`,
    opts.virtualHostConfig ?? "",
    "",
  ];
  for (const comp of opts.components ?? []) {
    lines.push(`Component ${luaString(comp.domain)} ${luaString(comp.module)}`, comp.config ?? "", "");
  }
  return lines.join("\n");
}

/**
 * Resolves true once Prosody answers an HTTP request at all. A response means
 * its event loop is running, i.e. the synchronous startup (all hosts,
 * components and modules loaded) has finished; an open port alone doesn't.
 */
function httpAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.request(
      { host: "127.0.0.1", port, method: "GET", path: "/", headers: { Host: "localhost" }, agent: false, timeout: 1000 },
      (res) => {
        res.resume();
        resolve(true);
      },
    );
    req.once("timeout", () => req.destroy());
    req.once("error", () => resolve(false));
    req.end();
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Splits the log into entries: a line starting with a timestamp, plus its continuation lines (tracebacks). */
export function logEntries(log: string): string[] {
  const entries: string[] = [];
  for (const line of log.split("\n")) {
    if (/^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d /.test(line) || entries.length === 0) {
      if (line !== "") entries.push(line);
    } else if (line !== "") {
      entries[entries.length - 1] += "\n" + line;
    }
  }
  return entries;
}

/** Entries at level error (the format is "<date> <source>\t<level>\t<message>") or with a traceback. */
export function findProblems(log: string, allowed: RegExp[] = ALLOWED_PROBLEMS): string[] {
  return logEntries(log).filter((entry) => {
    const firstLine = entry.split("\n", 1)[0] ?? "";
    const isError = firstLine.split("\t")[1] === "error";
    const hasTraceback = /Traceback|stack traceback/.test(entry);
    return (isError || hasTraceback) && !allowed.some((re) => re.test(entry));
  });
}

class StartupError extends Error {}

/** Port clash (another process took a port between freePorts() and Prosody binding it). */
class PortClashError extends StartupError {}

export async function startProsody(opts: ProsodyOptions = {}): Promise<ProsodyServer> {
  checkProsodyInstalled();
  const safeName = (opts.name ?? "test").replace(/[^A-Za-z0-9_-]/g, "_");
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), `prosody-${safeName}-`));
  await fs.promises.mkdir(path.join(dir, "certs"));
  await fs.promises.mkdir(path.join(dir, "data"));
  const configPath = path.join(dir, "prosody.cfg.lua");
  const logPath = path.join(dir, "prosody.log");
  const stdoutPath = path.join(dir, "stdout.log");

  const prosodyctl = (...args: string[]): Promise<CommandResult> => run(PROSODYCTL_BIN, ["--config", configPath, ...args]);

  for (let attempt = 1; ; attempt++) {
    const [c2sPort, httpPort] = (await freePorts(2)) as [number, number];
    await fs.promises.writeFile(configPath, buildConfig(dir, c2sPort, httpPort, opts));

    // Users go straight into the data dir; prosodyctl needs no running server for this.
    if (attempt === 1) {
      for (const [user, password] of opts.users ?? []) {
        const res = await prosodyctl("register", user, "localhost", password);
        if (res.code !== 0) {
          throw new StartupError(`prosodyctl register ${user} failed (${res.code}): ${res.stdout}${res.stderr}\n(dir: ${dir})`);
        }
      }
    }

    try {
      const child = await launch(dir, configPath, logPath, stdoutPath, c2sPort, httpPort);
      return makeServer(child, dir, configPath, logPath, c2sPort, httpPort, prosodyctl);
    } catch (e) {
      if (e instanceof PortClashError && attempt < START_ATTEMPTS) {
        // Start over on fresh ports with an empty log (users are kept in data/).
        await fs.promises.rm(logPath, { force: true });
        continue;
      }
      throw e;
    }
  }
}

/** Spawns Prosody and waits until it's serving; kills it and throws if it doesn't get there. */
async function launch(
  dir: string,
  configPath: string,
  logPath: string,
  stdoutPath: string,
  c2sPort: number,
  httpPort: number,
): Promise<ChildProcess> {
  // stdout/stderr go straight to a file: nothing to drain, and it survives for debugging.
  const outFd = fs.openSync(stdoutPath, "a");
  const child = spawn(PROSODY_BIN, ["-F", "--config", configPath], { stdio: ["ignore", outFd, outFd] });
  fs.closeSync(outFd);
  trackChild(child, dir);

  // Set from event handlers while the loop below polls.
  const state: { exited: string | null } = { exited: null };
  child.once("exit", (code, signal) => {
    state.exited = `exited early (code ${code}, signal ${signal})`;
  });
  child.once("error", (e) => {
    state.exited = `failed to spawn: ${e.message}`;
  });

  const details = (): string =>
    `\n(dir: ${dir})\n--- prosody.log (tail) ---\n${tail(readFileOr(logPath, "(no log)"))}` +
    `\n--- stdout/stderr (tail) ---\n${tail(readFileOr(stdoutPath, ""))}`;

  const fail = async (err: StartupError): Promise<never> => {
    await killAndWait(child);
    throw err;
  };

  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  const c2sActive = `Activated service 'c2s' on [127.0.0.1]:${c2sPort}`;
  const httpActive = `Activated service 'http' on [127.0.0.1]:${httpPort}`;
  for (;;) {
    if (state.exited !== null) return fail(new StartupError(`Prosody ${state.exited}${details()}`));
    const log = readFileOr(logPath, "");
    if (log.includes("Failed to open server port")) {
      return fail(new PortClashError(`Prosody could not bind its ports${details()}`));
    }
    // The log lines prove *our* Prosody bound both ports (not some other
    // process); an HTTP answer proves its event loop is running. (No c2s
    // probe: it would only add a "Client connected/disconnected" log pair.)
    if (log.includes(c2sActive) && log.includes(httpActive) && (await httpAnswers(httpPort))) {
      return child;
    }
    if (Date.now() > deadline) {
      return fail(new StartupError(`Prosody not ready after ${STARTUP_TIMEOUT_MS} ms${details()}`));
    }
    await sleep(50);
  }
}

/** SIGTERM, then SIGKILL after STOP_TIMEOUT_MS; resolves once the process is gone. */
function killAndWait(child: ChildProcess): Promise<void> {
  // No pid: spawning failed, there is nothing to kill (and no "exit" will come).
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

function makeServer(
  child: ChildProcess,
  dir: string,
  configPath: string,
  logPath: string,
  c2sPort: number,
  httpPort: number,
  prosodyctl: (...args: string[]) => Promise<CommandResult>,
): ProsodyServer {
  // Filled in by stop(), so log()/problems() still work after the temp dir is removed.
  let finalLog: Buffer | null = null;
  let stopping: Promise<void> | null = null;
  const keep = process.env["PROSODY_KEEP"] === "1";

  const logBytes = (): Buffer => {
    if (finalLog !== null) return finalLog;
    try {
      return fs.readFileSync(logPath);
    } catch {
      return Buffer.alloc(0);
    }
  };

  return {
    host: "localhost",
    version: PROSODY_VERSION,
    pid: child.pid,
    dir,
    configPath,
    c2sPort,
    httpPort,
    httpBase: `http://127.0.0.1:${httpPort}`,
    log: () => logBytes().toString("utf8"),
    // Byte offsets, so a mark stays valid whatever the log's encoding.
    logMark: () => logBytes().length,
    logSince: (mark: number) => logBytes().subarray(mark).toString("utf8"),
    prosodyctl,
    async shell(command: string): Promise<string> {
      // With exactly one argument, `prosodyctl shell` sends it as a single
      // console line over the admin socket, prints the output and exits with
      // the number of errors (no banner, no prompt).
      const res = await prosodyctl("shell", command);
      if (res.code !== 0) {
        throw new Error(`admin shell command failed (${res.code}): ${command}\n${res.stderr}${res.stdout}`);
      }
      return res.stdout.replace(/\n$/, "");
    },
    stop(): Promise<void> {
      stopping ??= (async () => {
        await killAndWait(child);
        finalLog = logBytes();
        if (!keep) await fs.promises.rm(dir, { recursive: true, force: true });
      })();
      return stopping;
    },
    problems: () => findProblems(logBytes().toString("utf8")),
  };
}
