/**
 * Typical calls of each call shape, transpiled by check-emit.mjs, which
 * asserts the Lua uses `:` for methods and `.` for plain functions. It
 * also has to type-check like the other tests.
 */
import * as st from "util.stanza";
import * as jid from "util.jid";
import * as errorlib from "util.error";
import * as promise from "util.promise";
import * as cachelib from "util.cache";
import * as setlib from "util.set";
import * as queuelib from "util.queue";
import * as throttlelib from "util.throttle";
import * as eventslib from "util.events";
import * as dataforms from "util.dataforms";
import * as async from "util.async";
import * as timer from "util.timer";
import * as http from "net.http";
import * as httpserver from "net.http.server";
import { base64 } from "util.encodings";
import type { Stanza } from "util.stanza";
import type { HttpEvent } from "net.http.server";
import type { StanzaEvent } from "core.moduleapi";
import type { TokenAuthApi } from "mod_tokenauth";
import type { Connection } from "net.server";

const JSON_LIBRARY = "util.json";
const json = require(JSON_LIBRARY) as typeof import("util.json");

const registry = errorlib.init("emit", { denied: { code: 403, type: "auth", condition: "forbidden" } });
const seen = cachelib.new<string, boolean>(16);
const members = setlib.new<string>();
const pending = queuelib.new<string>(8);
const throttle = throttlelib.create(10, 1);
const emitter = eventslib.new();
const tokens = module.depends<TokenAuthApi>("tokenauth");
const form = dataforms.new([{ name: "FORM_TYPE", type: "hidden", value: "urn:example" }]);

function annotate(stanza: Stanza): Stanza {
  return stanza.tag("delay", { xmlns: "urn:xmpp:delay", stamp: "2024-01-01T00:00:00Z" }).up();
}

function onMessage(event: StanzaEvent): true {
  const { origin, stanza } = event;
  const [node, host] = jid.split(stanza.attr.from);
  const reply = st.reply(stanza);
  reply.tag("body").text(`${node ?? ""}@${host ?? ""}`).up();
  origin.send(annotate(reply));
  if (origin.log !== undefined) {
    origin.log("debug", "replied");
  }
  seen.set(stanza.attr.id ?? "", true);
  members.add(stanza.attr.from ?? "");
  pending.push(stanza.top_tag());
  throttle.poll(1);
  emitter.fire_event("message", stanza);
  return true;
}

/** A write straight to a connection's socket, the rest through its buffer. */
export function sendNow(conn: Connection, data: string): void {
  const sock = conn.socket();
  const [last, , partial] = sock.send(data);
  if (last !== data.length) {
    conn.write(string.sub(data, (partial ?? 0) + 1));
  }
}

function onRequest(event: HttpEvent): true {
  const request = event.request;
  if (request.log !== undefined) {
    request.log("debug", "handling %s", request.path);
  }
  const [info] = tokens.get_token_info(base64.decode(request.headers.authorization ?? "") ?? "");
  const user = info?.session?.username ?? info?.jid; // 0.12 has a session, 13 only the JID
  event.response.headers.content_type = "application/json";
  event.response.send(json.encode({ user }));
  return true;
}

module.hook("message/bare", onMessage);
module.hook("iq-get/host/urn:xmpp:ping:ping", (event) => {
  event.origin.send(st.reply(event.stanza));
  return true;
});
module.hook_global("user-deleted", (event) => seen.set(event.username, false));
module.fire_event("example/event", { user: "juliet" });
module.wrap_event("message/bare", (handlers, name, event) => handlers(name, event));
module.hook_object_event(httpserver, "http-error", (event) => `${event.code}`);
if (module.on_ready !== undefined) {
  module.on_ready(() => module.log("info", "started"));
}
// Prosody 13 only (nil on 0.12): still a method, called with a colon.
const retries = module.get_option_integer !== undefined ? module.get_option_integer("emit_retries", 3, 0) : 3;
const patience = module.get_option_period !== undefined ? module.get_option_period("emit_patience", "30 seconds") : 30;
module.provides("http", { route: { "GET /emit": onRequest } });

const ping = st.iq({ type: "get", id: "emit-1", to: module.host }).tag("ping", { xmlns: "urn:xmpp:ping" });
module.send_iq(ping).next((reply) => reply.stanza.attr.type, (err) => registry.new("denied", { err }));
promise.try(() => 1).next((n) => n + 1);

const request = http.request("http://localhost/", undefined, (body, code) => {
  module.log("debug", "%d %s", code, body);
});
const handle = module.add_timer(10, () => {
  if (request !== undefined) {
    http.destroy_request(request);
  }
});
handle.stop();
timer.add_task(1, () => undefined);

const worker = async.runner<string>((item) => {
  module.log("debug", "%s", item);
});
worker.run("item");
form.form();
