// make demo: a throwaway Prosody on loopback with the modules loaded, echo
// bots behind mod_component_http and mod_rest, and instructions to try
// everything. Ctrl-C stops it all.
import { spawn } from "node:child_process";
import * as path from "node:path";
import { freePorts, luaString, REPO_ROOT, startProsody } from "../test/harness/prosody";
import { waitForPort } from "../test/harness/util";

/** The secret mod_rest's Component signs its webhook requests with (the bot checks it). */
const REST_BOT_SECRET = "demo-rest-bot-secret";
/** The Component's own credentials for sending through mod_rest's API. */
const REST_COMPONENT_SECRET = "demo-rest-secret";
/** Swagger UI's dist folder (the swagger-ui-dist package), served by mod_rest as its API explorer. */
const SWAGGER_UI = path.join(REPO_ROOT, "node_modules", "swagger-ui-dist");

async function main() {
  const [botPort, restBotPort] = (await freePorts(2)) as [number, number];
  const bot = spawn("python3", [path.join(REPO_ROOT, "examples", "component_http", "echo.py")], {
    env: { ...process.env, PORT: String(botPort), SECRET: "demo-secret" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const restBot = spawn("python3", [path.join(REPO_ROOT, "examples", "mod_rest", "echo.py")], {
    env: { ...process.env, PORT: String(restBotPort), SECRET: REST_BOT_SECRET },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const stopBots = () => {
    bot.kill();
    restBot.kill();
  };
  // mod_rest probes its webhook with OPTIONS when it loads: the bot must be up first.
  await waitForPort(restBotPort).catch((err: unknown) => {
    stopBots();
    throw err;
  });

  const server = await startProsody({
    name: "demo",
    virtualHostModules: ["post_msg", "rest", "version"],
    virtualHostConfig: `  rest_demo_resources = ${luaString(SWAGGER_UI)}`,
    users: [["alice", "alice-pw"], ["bob", "bob-pw"]],
    components: [
      {
        domain: "bot.localhost",
        module: "component_http",
        config: `component_post_url = "http://127.0.0.1:${botPort}/"\n  component_post_secret = "demo-secret"`,
      },
      {
        domain: "rest.localhost",
        module: "rest",
        config: [
          `  component_secret = ${luaString(REST_COMPONENT_SECRET)}`,
          `  rest_callback_url = ${luaString(`http://127.0.0.1:${restBotPort}/`)}`,
          '  rest_callback_content_type = "application/json"',
          `  rest_callback_secret = ${luaString(REST_BOT_SECRET)}`,
        ].join("\n"),
      },
    ],
    logLevel: "info",
  }).catch((err: unknown) => {
    stopBots();
    throw err;
  });
  const base = server.httpBase;
  // mod_rest publishes its URLs with the host's name (module:http_url()): the explorer's origin must match.
  const explorer = `http://localhost:${server.httpPort}/rest/`;
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

mod_rest: any stanza over HTTP, as alice (on the VirtualHost)
  send bob a message:
  curl -i ${base}/rest -H 'Host: localhost' -u alice:alice-pw \\
       -H 'Content-Type: application/json' \\
       -d '{"kind": "message", "type": "chat", "to": "bob@localhost", "body": "Hello from mod_rest"}'
  ping the server (the iq's reply is the answer):
  curl -i ${base}/rest/ping/localhost -H 'Host: localhost' -u alice:alice-pw
  the server's version, in JSON:
  curl -i ${base}/rest/version/localhost -H 'Host: localhost' -u alice:alice-pw \\
       -H 'Accept: application/json'

mod_rest's API explorer (Swagger UI on the OpenAPI document): open
  ${explorer}
in a browser, "Authorize" as alice / alice-pw, then "Try it out" on any
route, e.g. POST / with {"kind": "message", "type": "chat", "to": "bob@localhost", "body": "Hi"}.
The document itself:
  curl -i ${base}/rest/openapi.yaml -H 'Host: localhost'

mod_rest as the Component rest.localhost: an echo bot written as a webhook
(examples/mod_rest/echo.py) answers at anything@rest.localhost. From a
client, message it; or make it answer alice's XMPP client:
  curl -i ${base}/rest/message/chat/echo@rest.localhost -H 'Host: localhost' -u alice:alice-pw \\
       -H 'Content-Type: text/plain' -d 'Echo this'
  send bob a message as the Component itself:
  curl -i ${base}/rest/message/chat/bob@localhost -H 'Host: rest.localhost' \\
       -u rest.localhost:${REST_COMPONENT_SECRET} -H 'Content-Type: text/plain' -d 'Hello from rest.localhost'

Ctrl-C to stop.`);

  const stop = async () => {
    stopBots();
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
