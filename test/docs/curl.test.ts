// Every curl example of docs/mod_rest/README.md and docs/mod_post_msg/README.md
// runs as written, with the real curl, against a real Prosody configured as
// the READMEs' Configuration sections say, and gets the answer the README
// promises. (docs/mod_component_http/README.md has no curl example: its
// endpoint examples are run by test/mod_component_http/examples.test.ts.)
//
// The commands are read from the READMEs' code blocks (fenced, and the
// indented blocks of the Introductions), so editing an example edits the
// test. Only these parts are substituted:
// - the URL's scheme, host and port (http://example.com:5280, or any
//   http(s)://example.com[:port]) → this server's http://localhost:PORT
//   (curl then sends Host: localhost:PORT, which Prosody routes to localhost);
// - the example domain example.com, in addresses and paths → localhost
//   (conference.example.com → conference.localhost, a MUC component here);
// - TOKEN (of --oauth2-bearer TOKEN) → a real mod_tokenauth token of alice.
// The example accounts are registered with the READMEs' own passwords (see
// USERS), so `-u me:mypassword` and `-u alice:password` are used as written.
//
// Besides the READMEs' configuration (modules_enabled = { "rest" } and
// { "post_msg" } on the VirtualHost), the server loads what some examples
// query, so that they get a real answer rather than an error stanza:
// mod_version (GET /rest/version/...), mod_adhoc (disco of the commands
// node), mod_mam (the MAM query), and a MUC at conference.localhost (the
// groupchat example's room); test_token mints the Bearer token.
//
// What each example must answer is in EXPECTATIONS, one entry per example
// (with the README sentence it checks); an example without an entry, or an
// entry matching no example, fails the test.

import { spawn, spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseStanza, mintToken } from "../harness/rest";
import { startSuite, stopSuite, type Suite } from "../harness/suite";
import { messageWithBody, type Element } from "../harness/xmpp";
import { codeBlocks, readReadme, type ModuleName } from "./markdown";

// Not a skip: the READMEs' examples would go unchecked. `make deps` installs curl (DEB_PACKAGES).
const HAS_CURL = spawnSync("curl", ["--version"], { stdio: "ignore" }).status === 0;

/** The READMEs whose curl examples this file runs. */
const READMES: ModuleName[] = ["mod_post_msg", "mod_rest"];

/** The accounts the examples use, with the passwords they use. */
const USERS: [string, string][] = [
  ["me", "mypassword"],
  ["alice", "password"],
  ["bob", "bob-pw"],
  ["you", "you-pw"],
  ["user", "user-pw"],
];
/** Recipients of the examples, logged in over XMPP to see what arrives. */
const CLIENTS = { bob: "phone", you: "laptop", user: "desk" } as const;
type Recipient = keyof typeof CLIENTS;

const COMMANDS_NS = "http://jabber.org/protocol/commands";

interface Example {
  module: ModuleName;
  /** Line of the README where the command starts. */
  line: number;
  /** As written in the README, continuation lines joined. */
  command: string;
}

/** The curl commands of a README's shell code blocks, in order: `\` continuations joined, comment lines left out. */
function curlExamples(module: ModuleName): Example[] {
  const examples: Example[] = [];
  for (const block of codeBlocks(readReadme(module))) {
    if (!["", "sh", "bash", "shell", "console"].includes(block.lang)) continue;
    for (let i = 0; i < block.lines.length; i++) {
      const first = block.lines[i]!.trim();
      if (!/^(\$\s+)?curl\s/.test(first)) continue;
      let command = first.replace(/^\$\s+/, "");
      const start = i;
      while (command.endsWith("\\") && i + 1 < block.lines.length) command = `${command.slice(0, -1).trimEnd()} ${block.lines[++i]!.trim()}`;
      examples.push({ module, line: block.line + start, command });
    }
  }
  return examples;
}

interface Answer {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  mediaType: string;
  body: string;
}

interface Context {
  answer: Answer;
  /** The next message the recipient gets with this body (waiting up to 5 s). */
  receives(who: Recipient, body: string): Promise<Element>;
  /** The next stanza the recipient gets that matches. */
  next(who: Recipient, predicate: (el: Element) => boolean): Promise<Element>;
}

interface Expectation {
  /** What the README promises, for the test's name and messages. */
  promise: string;
  /** Picks its example (the command as written in the README). */
  matches(command: string): boolean;
  status: number;
  check?(ctx: Context): Promise<void> | void;
}

const json = (answer: Answer): Record<string, unknown> => {
  expect(answer.mediaType, answer.body).toBe("application/json");
  return JSON.parse(answer.body) as Record<string, unknown>;
};
const xmlAnswer = (answer: Answer): Element => {
  expect(answer.mediaType, answer.body).toBe("application/xmpp+xml");
  return parseStanza(answer.body);
};
const has = (command: string, ...parts: string[]): boolean => parts.every((p) => command.includes(p));

const EXPECTATIONS: Record<ModuleName, Expectation[]> = {
  mod_component_http: [],
  mod_post_msg: [
    {
      promise: "Introduction: sends a message to user@example.com from me@example.com; 201 with the message id as text",
      matches: (c) => has(c, "/msg/user "),
      status: 201,
      async check({ answer, receives }) {
        const message = await receives("user", "Server@host has just crashed!");
        expect(message.attrs.from).toBe("me@localhost");
        expect(answer.body.trim()).toBe(message.attrs.id);
      },
    },
    {
      promise: "Examples: JSON with the recipient in the body, a groupchat message; 201 with the message id",
      matches: (c) => has(c, "/msg/ "),
      status: 201,
      check: ({ answer }) => expect(answer.body.trim()).toMatch(/^\S+$/),
    },
    {
      promise: "Examples: a form with XHTML-IM reaches bob with the body and the html wrapped as XHTML-IM",
      matches: (c) => has(c, "/msg/bob "),
      status: 201,
      async check({ receives }) {
        const message = await receives("bob", "Build failed");
        expect(message.attrs.from).toBe("me@localhost");
        const html = message.getChild("html", "http://jabber.org/protocol/xhtml-im")?.getChild("body", "http://www.w3.org/1999/xhtml");
        expect(html?.getChild("p")?.toString()).toBe("<p>Build <b>failed</b></p>");
      },
    },
  ],
  mod_rest: [
    {
      promise: "Introduction: a JSON message from me to you; 202 Accepted with an empty body",
      matches: (c) => has(c, "/rest ", '"kind": "message"'),
      status: 202,
      async check({ answer, receives }) {
        expect(answer.body).toBe("");
        const message = await receives("you", "Hello!");
        expect(message.attrs.from).toBe("me@localhost");
        expect(message.attrs.type).toBe("chat");
      },
    },
    {
      promise: "Authentication: HTTP Basic; GET /rest/{payload}/{to} answers with the reply (XML: no body, curl's Accept */*)",
      matches: (c) => has(c, "/rest/version/", "-u ") && !has(c, "Accept"),
      status: 200,
      check({ answer }) {
        const iq = xmlAnswer(answer);
        expect(iq.attrs.type).toBe("result");
        expect(iq.getChild("query", "jabber:iq:version")?.getChildText("name")).toBe("Prosody");
      },
    },
    {
      promise: "Authentication: a mod_tokenauth token as a Bearer token",
      matches: (c) => has(c, "--oauth2-bearer"),
      status: 200,
      check({ answer }) {
        const iq = xmlAnswer(answer);
        expect(iq.attrs.type).toBe("result");
        expect(iq.getChild("query", "jabber:iq:version")?.getChildText("name")).toBe("Prosody");
      },
    },
    {
      promise: "Sending stanzas: an XML message; 202 Accepted with an empty body, from the account's bare JID",
      matches: (c) => has(c, "/rest ", "<message"),
      status: 202,
      async check({ answer, receives }) {
        expect(answer.body).toBe("");
        expect((await receives("bob", "Hello!")).attrs.from).toBe("alice@localhost");
      },
    },
    {
      promise: "Sending stanzas: form fields (curl's default Content-Type); 202 Accepted",
      matches: (c) => has(c, "/rest ", "--data-urlencode"),
      status: 202,
      async check({ answer, receives }) {
        expect(answer.body).toBe("");
        const message = await receives("bob", "Hello!");
        expect(message.attrs.from).toBe("alice@localhost");
        expect(message.attrs.type).toBe("chat");
      },
    },
    {
      promise: "Parameters in the path: text/plain is a message's body; 202 Accepted",
      matches: (c) => has(c, "/rest/message/chat/"),
      status: 202,
      async check({ receives }) {
        const message = await receives("bob", "Hello Bob!");
        expect(message.attrs.type).toBe("chat");
        expect(message.attrs.from).toBe("alice@localhost");
      },
    },
    {
      promise: "Parameters in the path: no body at all is fine (a subscription request); 202 Accepted",
      matches: (c) => has(c, "/rest/presence/subscribe/"),
      status: 202,
      async check({ next }) {
        await next("bob", (el) => el.is("presence") && el.attrs.type === "subscribe" && el.attrs.from === "alice@localhost");
      },
    },
    {
      promise: "Parameters in the path: iq with a payload name, no body; the reply with 200 (XML: no body to follow)",
      matches: (c) => has(c, "/rest/iq/ping/"),
      status: 200,
      check({ answer }) {
        const iq = xmlAnswer(answer);
        expect(iq.attrs).toMatchObject({ type: "result", from: "localhost" });
      },
    },
    {
      promise: "Parameters in the path: the JSON body is the payload's value (disco of a node); the reply in JSON",
      matches: (c) => has(c, "/rest/iq/disco/"),
      status: 200,
      check({ answer }) {
        const doc = json(answer);
        expect(doc).toMatchObject({ kind: "iq", type: "result", from: "localhost" });
        expect(doc["disco"]).toMatchObject({ node: COMMANDS_NS });
      },
    },
    {
      promise: "Simple queries: the reply in the format Accept asks for (JSON)",
      matches: (c) => has(c, "/rest/version/", "Accept"),
      status: 200,
      check({ answer }) {
        const doc = json(answer);
        expect(doc).toMatchObject({ kind: "iq", type: "result", version: { name: "Prosody" } });
      },
    },
    {
      promise: "Simple queries: the query string's fields are the payload (disco of a node)",
      matches: (c) => has(c, "/rest/disco/"),
      status: 200,
      check({ answer }) {
        const iq = xmlAnswer(answer);
        expect(iq.attrs.type).toBe("result");
        expect(iq.getChild("query", "http://jabber.org/protocol/disco#info")?.attrs.node).toBe(COMMANDS_NS);
      },
    },
    {
      promise: "Echo: the stanza as it would be sent, with its from and id, returned with 200 and not sent",
      matches: (c) => has(c, "/rest/echo"),
      status: 200,
      check({ answer }) {
        const message = xmlAnswer(answer);
        expect(message.name).toBe("message");
        expect(message.attrs).toMatchObject({ from: "alice@localhost", to: "bob@localhost" });
        expect(message.attrs.id).toMatch(/\S/);
        expect(message.getChildText("body")).toBe("Hi");
        // "sending nothing": checked once all examples ran (notSentByEcho).
      },
    },
    {
      promise: "Replies to iq requests: 200 with the reply, which comes back with the request's id (JSON per Accept)",
      matches: (c) => has(c, "/rest ", "<iq", "urn:xmpp:ping"),
      status: 200,
      check({ answer }) {
        expect(json(answer)).toMatchObject({ kind: "iq", type: "result", id: "p1", from: "localhost" });
      },
    },
    {
      promise: "Replies to iq requests: a MAM query returns its results with the final reply, wrapped in <xmpp>",
      matches: (c) => has(c, "urn:xmpp:mam:2"),
      status: 200,
      check({ answer }) {
        const wrapper = xmlAnswer(answer);
        expect(wrapper.name).toBe("xmpp");
        const children = wrapper.getChildElements();
        const last = children[children.length - 1];
        expect(last?.name).toBe("iq");
        expect(last?.attrs.type).toBe("result");
        const results = children.slice(0, -1);
        // The messages alice sent bob in the examples above are in her archive.
        expect(results.length).toBeGreaterThan(0);
        for (const result of results) {
          expect(result.name).toBe("message");
          expect(result.getChild("result", "urn:xmpp:mam:2")).toBeDefined();
        }
      },
    },
  ],
};

const EXAMPLES = READMES.flatMap(curlExamples);

/** The example as run here (see the top of the file for what is substituted). */
function substitute(command: string, httpPort: number, token: string): string {
  return command
    .replace(/https?:\/\/example\.com(:\d+)?/g, `http://localhost:${httpPort}`)
    .replace(/\bexample\.com\b/g, "localhost")
    .replace(/--oauth2-bearer TOKEN\b/g, `--oauth2-bearer ${token}`);
}

/** Runs a command with bash, curl told to print the response head (--include) and only errors. */
function runCurl(command: string): Promise<Answer> {
  const withOptions = command.replace(/^curl\s/, "curl --include --silent --show-error --max-time 20 ");
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-c", withOptions], { stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    let err = "";
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => (err += c.toString("utf8")));
    child.once("error", reject);
    child.once("close", (code) => {
      let text = Buffer.concat(out).toString("utf8");
      // An interim 100 Continue comes first when curl asked for it.
      while (/^HTTP\/[\d.]+ 1\d\d/.test(text)) text = text.slice(text.indexOf("\r\n\r\n") + 4);
      const headEnd = text.indexOf("\r\n\r\n");
      const status = /^HTTP\/[\d.]+ (\d{3})/.exec(text);
      if (code !== 0 || headEnd < 0 || status === null) {
        reject(new Error(`curl failed (exit ${code}): ${withOptions}\n${err}${text}`));
        return;
      }
      const headers: Record<string, string> = {};
      for (const line of text.slice(0, headEnd).split("\r\n").slice(1)) {
        const colon = line.indexOf(":");
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({
        status: Number(status[1]),
        headers,
        mediaType: (headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase(),
        body: text.slice(headEnd + 4),
      });
    });
  });
}

let suite: Suite<Recipient> | undefined;
let token = "";

beforeAll(async () => {
  if (!HAS_CURL) throw new Error("curl is not installed: run make deps (the Debian package curl is in DEB_PACKAGES)");
  suite = await startSuite<Recipient>({
    name: "docs-curl",
    virtualHostModules: ["rest", "post_msg", "test_token", "version", "adhoc", "mam"],
    components: [{ domain: "conference.localhost", module: "muc" }],
    users: USERS,
    clients: { ...CLIENTS },
  });
  token = await mintToken(suite.server, "alice");
});

afterAll(() => stopSuite(suite));

function current(): Suite<Recipient> {
  if (suite === undefined) throw new Error("the server is not running (beforeAll failed?)");
  return suite;
}

describe("the READMEs' curl examples", () => {
  it("are found, each with exactly one expectation, and every expectation used once", () => {
    for (const module of READMES) {
      const examples = EXAMPLES.filter((e) => e.module === module);
      expect(examples.length, `curl examples in docs/${module}/README.md`).toBeGreaterThan(0);
      for (const e of examples) {
        const found = EXPECTATIONS[module].filter((x) => x.matches(e.command));
        expect(found.map((x) => x.promise), `docs/${module}/README.md:${e.line}: ${e.command}`).toHaveLength(1);
      }
      for (const x of EXPECTATIONS[module]) {
        expect(examples.filter((e) => x.matches(e.command)).length, `expectation "${x.promise}" matches no example (or several)`).toBe(1);
      }
    }
  });

  it("use only the accounts registered here, with their passwords", () => {
    for (const { module, line, command } of EXAMPLES) {
      for (const m of command.matchAll(/(?:-u|--user)\s+'?([^\s':]+):([^\s']+)'?/g)) {
        const user = m[1]!.replace(/@example\.com$/, "");
        expect(USERS, `docs/${module}/README.md:${line}: ${command}`).toContainEqual([user, m[2]!]);
      }
    }
  });

  describe.each(READMES)("docs/%s/README.md", (module) => {
    it.each(EXAMPLES.filter((e) => e.module === module).map((e) => [`line ${e.line}: ${e.command}`, e] as const))("%s", async (_name, example) => {
      const expectation = EXPECTATIONS[module].find((x) => x.matches(example.command));
      if (expectation === undefined) throw new Error(`no expectation for docs/${module}/README.md:${example.line}; add one to EXPECTATIONS`);
      const { server, clients } = current();
      const run = substitute(example.command, server.httpPort, token);
      const answer = await runCurl(run);
      const context = `${expectation.promise}\nran: ${run}\nanswer: ${answer.status} ${answer.headers["content-type"] ?? ""}\n${answer.body.slice(0, 800)}`;
      expect(answer.status, context).toBe(expectation.status);
      try {
        await expectation.check?.({
          answer,
          receives: (who, body) => messageWithBody(clients[who], body),
          next: (who, predicate) => clients[who].nextStanza(predicate),
        });
      } catch (e) {
        throw new Error(`${context}\n\n${e instanceof Error ? e.message : String(e)}`, { cause: e });
      }
    });
  });

  it("the echo example sent nothing (bob never got its message)", () => {
    const { clients } = current();
    expect(clients.bob.received.filter((el) => el.getChildText("body") === "Hi").map(String)).toEqual([]);
  });
});
