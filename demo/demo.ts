// make demo: a throwaway Prosody on loopback with the modules loaded, an
// echo bot behind mod_component_http, and instructions to try everything.
// Ctrl-C stops it all.
import { spawn } from "node:child_process";
import * as path from "node:path";
import { REPO_ROOT, startProsody } from "../test/harness/prosody";
import { freePorts } from "../test/harness/prosody";

async function main() {
  const [botPort] = await freePorts(1);
  const bot = spawn("python3", [path.join(REPO_ROOT, "examples", "component_http", "echo.py")], {
    env: { ...process.env, PORT: String(botPort), SECRET: "demo-secret" },
    stdio: ["ignore", "inherit", "inherit"],
  });

  const server = await startProsody({
    name: "demo",
    virtualHostModules: ["post_msg"],
    users: [["alice", "alice-pw"], ["bob", "bob-pw"]],
    components: [{
      domain: "bot.localhost",
      module: "component_http",
      config: `component_post_url = "http://127.0.0.1:${botPort}/"\n  component_post_secret = "demo-secret"`,
    }],
    logLevel: "info",
  });
  const base = server.httpBase;
  console.log(`
Prosody is running (log: ${path.join(server.dir, "prosody.log")}).

XMPP: connect a client to 127.0.0.1 port ${server.c2sPort}, without TLS (plain
auth is allowed on this loopback demo), as alice@localhost / alice-pw or
bob@localhost / bob-pw.

mod_post_msg: send bob a message from alice
  curl -i ${base}/msg/bob -H 'Host: localhost' -u alice:alice-pw \\
       -H 'Content-Type: text/plain' -d 'Hello from HTTP'
  curl -i ${base}/msg/ -H 'Host: localhost' -u alice@localhost:alice-pw \\
       -H 'Content-Type: application/json' \\
       -d '{"to": "bob", "subject": "Build", "body": "Build passed", "html": "<p>Build <b>passed</b></p>"}'

mod_component_http: an echo bot (examples/component_http/echo.py, signed
requests) answers at echo@bot.localhost. From a client, message it; or make
it answer alice:
  curl -i ${base}/msg/echo@bot.localhost -H 'Host: localhost' -u alice:alice-pw \\
       -H 'Content-Type: text/plain' -d 'Are you there?'

Ctrl-C to stop.`);

  const stop = async () => {
    bot.kill();
    await server.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
