// Captures real stanzas from a running Prosody into the round-trip corpus:
// spec/mod_rest/corpus/captured-prosody<version>.xml. Run by hand (not part of
// `make test`), once per Prosody:
//
//   PROSODY=13 node_modules/.bin/tsx test/mod_rest/corpus_capture.ts
//   PROSODY=0.12 node_modules/.bin/tsx test/mod_rest/corpus_capture.ts
//
// A server with the modules whose payloads the mapping covers (disco, version,
// ping, uptime, lastactivity, blocklist, mam, carbons, external_services, an
// upload component, a MUC component, adhoc); alice (two clients) and bob log in
// over XMPP and exchange what a REST
// client would see: iq results and errors, pushes, archive results, messages
// and presence as delivered. Each stanza alice receives is written as a case.
// Ids, stamps and hashes are those of the run: the file is regenerated, not
// edited by hand.

import { writeFileSync } from "node:fs";
import path from "node:path";
import { startProsody, PROSODY_VERSION, type ProsodyServer } from "../harness/prosody.js";
import { connectClient, xml, type Element, type TestClient } from "../harness/xmpp.js";
import { CORPUS_DIR } from "./corpus_cases.js";

interface Captured {
  name: string;
  what: string;
  unmapped: boolean;
  stanza: Element;
}

const captured: Captured[] = [];
let counter = 0;

function keep(name: string, what: string, stanza: Element, unmapped = false): void {
  captured.push({ name, what, unmapped, stanza });
}

/** Sends an iq from `client` and resolves with the reply (result or error), whatever it is. */
async function iq(client: TestClient, type: "get" | "set", to: string | undefined, payload: Element): Promise<Element> {
  const id = `capture-${++counter}`;
  const reply = client.nextStanza((el) => el.name === "iq" && el.attrs.id === id && (el.attrs.type === "result" || el.attrs.type === "error"), 5000);
  await client.send(xml("iq", { type, id, ...(to === undefined ? {} : { to }) }, payload));
  return reply;
}

async function capture(server: ProsodyServer, alice: TestClient, alice2: TestClient, bob: TestClient): Promise<void> {
  const host = server.host;
  const upload = `upload.${host}`;
  keep("server disco info", "disco#info result of the server", await iq(alice, "get", host, xml("query", { xmlns: "http://jabber.org/protocol/disco#info" })));
  keep("server disco items", "disco#items result of the server", await iq(alice, "get", host, xml("query", { xmlns: "http://jabber.org/protocol/disco#items" })));
  keep("account disco info", "disco#info result of the account (bare JID)", await iq(alice, "get", `alice@${host}`, xml("query", { xmlns: "http://jabber.org/protocol/disco#info" })));
  keep("upload disco info", "disco#info result of the upload component (XEP-0128 limits)", await iq(alice, "get", upload, xml("query", { xmlns: "http://jabber.org/protocol/disco#info" })));
  keep("server version", "jabber:iq:version result", await iq(alice, "get", host, xml("query", { xmlns: "jabber:iq:version" })));
  keep("server ping", "XEP-0199 ping result", await iq(alice, "get", host, xml("ping", { xmlns: "urn:xmpp:ping" })));
  keep("server uptime", "XEP-0012 last activity (uptime) result", await iq(alice, "get", host, xml("query", { xmlns: "jabber:iq:last" })));
  keep("contact last activity error", "XEP-0012 query to a contact without subscription (error)", await iq(alice, "get", `bob@${host}`, xml("query", { xmlns: "jabber:iq:last" })));
  keep("unknown payload error", "an iq the server does not know (service-unavailable)", await iq(alice, "get", host, xml("query", { xmlns: "urn:example:unknown" })));
  keep("external services", "XEP-0215 services result", await iq(alice, "get", host, xml("services", { xmlns: "urn:xmpp:extdisco:2" })));
  keep("upload slot", "XEP-0363 slot result", await iq(alice, "get", upload,
    xml("request", { xmlns: "urn:xmpp:http:upload:0", filename: "notes.txt", size: "42", "content-type": "text/plain" })));
  keep("upload too large", "XEP-0363 request over the size limit (error)", await iq(alice, "get", upload,
    xml("request", { xmlns: "urn:xmpp:http:upload:0", filename: "big.bin", size: "999999999" })), true);
  keep("commands list", "XEP-0050 commands node of the server", await iq(alice, "get", host,
    xml("query", { xmlns: "http://jabber.org/protocol/disco#items", node: "http://jabber.org/protocol/commands" })));
  keep("uptime command", "XEP-0050 uptime command executed", await iq(alice, "set", host,
    xml("command", { xmlns: "http://jabber.org/protocol/commands", node: "uptime", action: "execute" })));
  keep("roster", "roster result", await iq(alice, "get", undefined, xml("query", { xmlns: "jabber:iq:roster" })), true);

  // XEP-0191: pushes go to sessions that asked for the blocklist; the push arrives before the result.
  keep("blocklist empty", "XEP-0191 empty blocklist result", await iq(alice, "get", undefined, xml("blocklist", { xmlns: "urn:xmpp:blocking" })));
  const push = alice.nextStanza((el) => el.name === "iq" && el.attrs.type === "set" && el.getChild("block", "urn:xmpp:blocking") !== undefined, 5000);
  keep("block result", "XEP-0191 block set answered", await iq(alice, "set", undefined,
    xml("block", { xmlns: "urn:xmpp:blocking" }, xml("item", { jid: `spammer@${host}` }))));
  keep("block push", "XEP-0191 block push", await push);
  keep("blocklist", "XEP-0191 blocklist result", await iq(alice, "get", undefined, xml("blocklist", { xmlns: "urn:xmpp:blocking" })));

  // Messages and presence as delivered (with the archive's stanza-id).
  const delivered = alice.nextStanza((el) => el.name === "message" && el.getChildText("body") === "capture: chat", 5000);
  await bob.send(xml("message", { to: `alice@${host}`, type: "chat", id: "bob-chat-1" },
    xml("body", {}, "capture: chat"), xml("active", { xmlns: "http://jabber.org/protocol/chatstates" }),
    xml("request", { xmlns: "urn:xmpp:receipts" }), xml("origin-id", { xmlns: "urn:xmpp:sid:0", id: "bob-origin-1" })));
  keep("chat message delivered", "a chat message with state, receipt request and origin-id, as delivered", await delivered);
  const directed = alice.nextStanza((el) => el.name === "presence" && el.attrs.from?.startsWith(`bob@${host}`) === true, 5000);
  await bob.send(xml("presence", { to: `alice@${host}` }, xml("show", {}, "away"), xml("status", {}, "capture: away"), xml("priority", {}, "5")));
  keep("directed presence", "a roster-less directed presence, as delivered", await directed);
  const bounce = alice.nextStanza((el) => el.name === "message" && el.attrs.type === "error", 5000);
  await alice.send(xml("message", { to: `nobody@${host}`, type: "chat", id: "to-nobody" }, xml("body", {}, "anyone?")));
  keep("message bounce", "a message to an unknown user bounced", await bounce);

  // XEP-0280: what alice sends is copied to her other client, which enabled carbons.
  const carbon = alice2.nextStanza((el) => el.name === "message" && el.getChild("sent", "urn:xmpp:carbons:2")?.toString().includes("capture: carbon") === true, 5000);
  await alice.send(xml("message", { to: `bob@${host}/capture`, type: "chat", id: "alice-chat-1" }, xml("body", {}, "capture: carbon")));
  keep("carbon sent", "XEP-0280 sent carbon (XEP-0297 forwarded inside)", await carbon, true);

  // XEP-0045: joining a new room, configuring it, talking in it.
  const room = `capture@conference.${host}`;
  const self = alice.nextStanza((el) => el.name === "presence" && el.attrs.from === `${room}/alice`, 5000);
  await alice.send(xml("presence", { to: `${room}/alice`, id: "join-1" }, xml("x", { xmlns: "http://jabber.org/protocol/muc" }, xml("history", { maxstanzas: "0" }))));
  keep("muc self presence", "XEP-0045 self-presence of a new room (muc#user)", await self, true);
  keep("muc instant room", "XEP-0045 instant room configuration answered", await iq(alice, "set", room,
    xml("query", { xmlns: "http://jabber.org/protocol/muc#owner" }, xml("x", { xmlns: "jabber:x:data", type: "submit" }))));
  const reflected = alice.nextStanza((el) => el.name === "message" && el.attrs.type === "groupchat" && el.getChildText("body") === "capture: room", 5000);
  await alice.send(xml("message", { to: room, type: "groupchat", id: "room-1" }, xml("body", {}, "capture: room")));
  keep("muc groupchat reflected", "XEP-0045 groupchat message as reflected by the room", await reflected);
  keep("muc room disco info", "disco#info of the room (muc#roominfo form)", await iq(alice, "get", room, xml("query", { xmlns: "http://jabber.org/protocol/disco#info" })));

  // XEP-0313: alice's archive, with RSM.
  const queryid = "capture-mam";
  const results: Promise<Element>[] = [];
  const fin = iq(alice, "set", undefined, xml("query", { xmlns: "urn:xmpp:mam:2", queryid }, xml("set", { xmlns: "http://jabber.org/protocol/rsm" }, xml("max", {}, "2"))));
  results.push(alice.nextStanza((el) => el.name === "message" && el.getChild("result", "urn:xmpp:mam:2")?.attrs.queryid === queryid, 5000));
  keep("mam result", "XEP-0313 result message", await results[0]!);
  keep("mam fin", "XEP-0313 fin", await fin);
  keep("mam form", "XEP-0313 query form (fields with XEP-0122 validate)", await iq(alice, "get", undefined, xml("query", { xmlns: "urn:xmpp:mam:2" })));
}

function corpusText(version: string): string {
  const cases = captured.map((c) => {
    const el = xml("case", { name: c.name, source: `Prosody ${version} capture: ${c.what}`, ...(c.unmapped ? { unmapped: "expected" } : {}) }, c.stanza);
    return `  ${el.toString()}`;
  });
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<!-- Captured from Prosody ${version} by test/mod_rest/corpus_capture.ts: regenerate, do not edit. -->`,
    "<corpus>",
    ...cases,
    "</corpus>",
    "",
  ].join("\n");
}

async function main(): Promise<void> {
  const server = await startProsody({
    name: "corpus-capture",
    virtualHostModules: ["version", "uptime", "lastactivity", "blocklist", "mam", "external_services", "adhoc", "vcard", "carbons"],
    virtualHostConfig: [
      `external_services = { { type = "stun", transport = "udp", host = "stun.localhost", port = 3478 } }`,
      `archive_expires_after = "1d"`,
    ].join("\n"),
    components: [
      { domain: "upload.localhost", module: "http_file_share", config: "  http_file_share_size_limit = 1048576" },
      { domain: "conference.localhost", module: "muc", config: `  modules_enabled = { "muc_mam" }` },
    ],
    users: [["alice", "alice-pw"], ["bob", "bob-pw"]],
  });
  let alice: TestClient | undefined;
  let alice2: TestClient | undefined;
  let bob: TestClient | undefined;
  try {
    alice = await connectClient(server, "alice", "alice-pw", "capture");
    alice2 = await connectClient(server, "alice", "alice-pw", "other");
    bob = await connectClient(server, "bob", "bob-pw", "capture");
    await iq(alice2, "set", undefined, xml("enable", { xmlns: "urn:xmpp:carbons:2" }));
    await capture(server, alice, alice2, bob);
    const file = path.join(CORPUS_DIR, `captured-prosody${PROSODY_VERSION}.xml`);
    writeFileSync(file, corpusText(PROSODY_VERSION));
    console.log(`${captured.length} stanzas written to ${file}`);
  } finally {
    await alice?.stop();
    await alice2?.stop();
    await bob?.stop();
    await server.stop();
  }
}

await main();
