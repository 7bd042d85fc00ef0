import * as st from "util.stanza";
import * as errors from "util.error";
import type { Origin, StanzaEvent, IqReplyEvent, Timer } from "core.moduleapi";
import type { Set } from "util.set";
import type { Stanza } from "util.stanza";
import type { UtilError } from "util.error";
import { type Equals, expectAssignable, value } from "./helpers";

// Properties.
expectAssignable<string>(module.host);
expectAssignable<string>(module.name);

// Option getters: nil without a default, the type with one.
const s1 = module.get_option_string("example_url");
const s1Type: Equals<typeof s1, string | undefined> = true;
const s2 = module.get_option_string("example_url", "http://localhost/");
const s2Type: Equals<typeof s2, string> = true;
const a1 = module.get_option_array("example_list");
const a1Type: Equals<typeof a1, unknown[] | undefined> = true;
const a2 = module.get_option_array("example_list", ["a"]);
const a2Type: Equals<typeof a2, unknown[]> = true;
const set1 = module.get_option_set("example_set");
const set1Type: Equals<typeof set1, Set<unknown> | undefined> = true;
const set2 = module.get_option_set("example_set", []);
const set2Type: Equals<typeof set2, Set<unknown>> = true;
const p1 = module.get_option_path("example_path", "data.txt", "data");
const p1Type: Equals<typeof p1, string> = true;
// Numbers and booleans stay optional even with a default: a configured
// value of the wrong type gives nil (and an error in the log).
const n1 = module.get_option_number("example_limit", 10);
const n1Type: Equals<typeof n1, number | undefined> = true;
const limit = module.get_option_number("example_limit", 10) ?? 10;
const b1 = module.get_option_boolean("example_flag", false);
const b1Type: Equals<typeof b1, boolean | undefined> = true;
// @ts-expect-error without a default the option may be unset
const mustBeString: string = module.get_option_string("example_url");

// Logging and status.
module.log("info", "Loaded with limit %d", limit);
module.set_status("warn", "Degraded");
module.log_status("error", "Cannot reach %s", s2);
const [statusType, statusMessage] = module.get_status();
expectAssignable<string | undefined>(statusType);
expectAssignable<string | undefined>(statusMessage);
// @ts-expect-error unknown log level
module.log("verbose", "nope");

// Hooks: stanza events by default, any event type when given.
function onMessage(event: StanzaEvent): true | undefined {
  const { origin, stanza } = event;
  if (stanza.attr.type === "error") {
    return undefined;
  }
  origin.send(st.reply(stanza).text_tag("body", "pong"));
  return true;
}
module.hook("message/bare", onMessage, 10);
module.hook("iq-get/host/urn:xmpp:ping:ping", (event) => {
  event.origin.send(st.reply(event.stanza));
  return true;
});
module.hook_global<{ username: string; host: string }>("user-deleted", (event) => {
  module.log("debug", "%s@%s deleted", event.username, event.host);
});
module.unhook("message/bare", onMessage);

// origin.send is a plain function (dot call in Lua).
const origin = value<Origin>();
origin.send(st.message({ to: "romeo@example.net" }));
// @ts-expect-error send takes no self: it is not a method (a colon call would pass the origin as the stanza)
origin.send.call(origin, st.message());
// @ts-expect-error send takes a stanza
origin.send("<message/>");

// send_iq: a util.promise chain with `.next`.
const ping = st.iq({ type: "get", id: "ping-1", to: "example.com", from: module.host }).tag("ping", { xmlns: "urn:xmpp:ping" });
const rtt = module.send_iq(ping, undefined, 30)
  .next(
    (reply) => {
      const replyType: Equals<typeof reply, IqReplyEvent> = true;
      return reply.stanza.attr.type === "result";
    },
    (err: UtilError) => {
      module.log("warn", "Ping failed: %s", err.condition);
      return false;
    },
  );
const rttType: Equals<typeof rtt, import("util.promise").Promise<boolean>> = true;
module.send(st.message({ to: "juliet@example.com", from: module.host }, "Hi"));

// Timers and callbacks without self.
const timer: Timer = module.add_timer(5, (now, label: string) => {
  module.log("debug", "timer %s at %f", label, now);
  return 60;
}, "minutely");
timer.stop();
module.load = () => module.log("info", "loaded");
module.unload = () => timer.stop();

// Metrics.
module.metric("counter", "requests", "", "Requests", ["outcome"]).with_labels("ok").add(1);
module.metric("histogram", "latency", "seconds", "Latency", [], { buckets: [0.1, 1] }).with_labels().sample(0.2);
const done = module.measure("handle", "times")();
done();
// @ts-expect-error counters have no sample()
module.metric("counter", "requests", "", "Requests", []).with_labels().sample(1);

// Stores and shared tables.
const store = module.open_store("example");
const [data, err] = store.get("juliet");
expectAssignable<unknown>(data);
expectAssignable<string | undefined>(err);
const map = module.open_store("example", "map");
map.set("juliet", "key", { answer: 42 });

// Dependencies.
const tokenauth = module.depends<import("mod_tokenauth").TokenAuthApi>("tokenauth");
const [info, reason] = tokenauth.get_token_info("secret");
expectAssignable<string | undefined>(info?.session?.username ?? reason);
// Prosody 13 only: test before calling (nil on 0.12).
const getSession = rawget(tokenauth, "get_token_session");
expectAssignable<string | undefined>(getSession?.("secret")[0]?.role?.name);

// Errors as stanza replies.
const registry = errors.init("example", { denied: { type: "auth", condition: "forbidden" } });
function deny(stanza: Stanza): void {
  module.send(st.error_reply(stanza, registry.new("denied")));
}
expectAssignable<(stanza: Stanza) => void>(deny);
