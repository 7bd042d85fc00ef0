/**
 * Hook payloads typed by event name (HostEvents, GlobalEvents,
 * HttpServerEvents): handlers need no hand-written type, wrong payloads
 * and hooks on the wrong emitter are rejected, unknown names still work.
 */
import * as st from "util.stanza";
import * as server from "net.http.server";
import * as eventslib from "util.events";
import type {
  StanzaEvent,
  SessionEvent,
  UserEvent,
  PasswordChangedEvent,
  ModuleEvent,
  ItemEvent,
  GenericEvent,
  HostEvents,
  GlobalEvents,
  Addressing,
} from "core.moduleapi";
import type { MessageStanza, PresenceStanza, IqStanza, Stanza, StanzaKind } from "util.stanza";
import type { HttpEvent, HttpErrorEvent } from "net.http.server";
import { type Equals, expectAssignable, value } from "./helpers";

// Your own events: augment the maps.
interface QuotaEvent {
  username: string;
  used: number;
}
declare module "core.moduleapi" {
  interface HostEvents {
    "example/quota-exceeded": QuotaEvent;
  }
}

// ---- Stanza events: the stanza's kind comes from the name.
module.hook("message/bare", (event) => {
  const kind: Equals<typeof event, StanzaEvent<MessageStanza>> = true;
  if (event.stanza.attr.type === "groupchat") {
    return undefined;
  }
  event.origin.send(st.reply(event.stanza).text_tag("body", "pong"));
  return true;
});
module.hook("presence/full", (event) => {
  const kind: Equals<typeof event.stanza, PresenceStanza> = true;
  return event.stanza.attr.type === "unavailable" ? true : undefined;
});
module.hook("pre-presence/full", (event) => {
  expectAssignable<PresenceStanza>(event.stanza);
});
module.hook("message/self", (event) => {
  expectAssignable<boolean | undefined>(event.to_self);
});
module.hook("iq/bare", (event) => {
  const kind: Equals<typeof event.stanza, IqStanza> = true;
  const id: string = event.stanza.attr.id; // required on an iq
});
module.hook("iq-get/host/urn:xmpp:ping:ping", (event) => {
  const kind: Equals<typeof event.stanza, IqStanza<"get">> = true;
  const t: "get" = event.stanza.attr.type;
  event.origin.send(st.reply(event.stanza));
  return true;
});
module.hook("iq-set/bare/jabber:iq:roster:query", (event) => {
  const t: "set" = event.stanza.attr.type;
});
module.hook("iq/host/urn:xmpp:time:time", (event) => {
  expectAssignable<"get" | "set">(event.stanza.attr.type);
});
module.hook("iq-result/host/ping-1", (event) => {
  const t: "result" = event.stanza.attr.type;
});
module.hook("stanza/urn:xmpp:sm:3:enable", (event) => {
  const kind: Equals<typeof event, StanzaEvent> = true;
});
module.hook("pre-stanza", (event) => {
  event.reason = "spam";
  return true;
});
module.hook("message/offline/handle", (event) => {
  const recipient: string = event.username;
  expectAssignable<MessageStanza>(event.stanza);
  return true;
});
module.hook("route/remote", (event) => {
  const toHost: string = event.to_host;
  expectAssignable<Stanza>(event.stanza);
});
// A handler written for any stanza event takes the kinded ones.
function anyStanza(event: StanzaEvent): true {
  event.origin.send(st.error_reply(event.stanza, "cancel", "service-unavailable"));
  return true;
}
module.hook("message/host", anyStanza);
module.hook("iq-set/host/urn:example", anyStanza);
// Names built from typed parts are typed too.
const kinds: StanzaKind[] = ["message", "iq"];
const addressings: Addressing[] = ["bare", "full", "host"];
for (const kind of kinds) {
  for (const addressing of addressings) {
    module.hook(`${kind}/${addressing}`, (event) => {
      expectAssignable<MessageStanza | PresenceStanza | IqStanza>(event.stanza);
    });
  }
}

// ---- Other host events.
module.hook("resource-bind", (event) => {
  const kind: Equals<typeof event, SessionEvent> = true;
  module.log("debug", "%s bound", event.session.full_jid);
});
module.hook("resource-unbind", (event) => {
  expectAssignable<string | undefined>(event.error);
});
module.hook("pre-resource-bind", (event) => {
  if (event.resource === "forbidden") {
    event.error = { type: "cancel", condition: "not-allowed", text: "Pick another resource" };
    return false;
  }
  return undefined;
});
module.hook("authentication-failure", (event) => {
  expectAssignable<string | undefined>(event.condition);
});
module.hook("stream-features", (event) => {
  event.features.tag("example", { xmlns: "urn:example" }).up();
});
module.hook("user-registering", (event) => {
  if (event.username === "admin") {
    event.allowed = false;
  }
});
module.hook("user-registered", (event) => {
  module.log("info", "%s registered via %s", event.username, event.source);
});
module.hook("item-added/feature", (event) => {
  const kind: Equals<typeof event, ItemEvent<unknown>> = true;
});
module.hook("module-loaded", (event) => {
  const kind: Equals<typeof event, ModuleEvent> = true;
});
module.hook("example/quota-exceeded", (event) => {
  const used: number = event.used;
});

// ---- Global events.
module.hook_global("user-deleted", (event) => {
  const kind: Equals<typeof event, UserEvent> = true;
  module.log("debug", "%s@%s deleted", event.username, event.host);
});
module.hook_global("user-password-changed", (event) => {
  const kind: Equals<typeof event, PasswordChangedEvent> = true;
  expectAssignable<string | undefined>(event.resource);
});
module.hook_global("user-disabled", (event) => {
  expectAssignable<unknown>(event.meta);
});
module.hook_global("host-activated", (host) => {
  const kind: Equals<typeof host, string> = true;
});
module.hook_global("server-started", (nothing) => {
  const kind: Equals<typeof nothing, undefined> = true;
});
module.hook_global("server-stopping", (event) => {
  expectAssignable<string | undefined>(event.reason);
});
module.hook_global("config-reloaded", (event) => {
  const file: string = event.filename;
});
module.hook_global("module-unloaded", (event) => {
  const name: string = event.module;
});
// One handler for several user events (a wider parameter type is fine).
function forgetUser(event: UserEvent): void {
  module.log("debug", "forget %s", event.username);
}
module.hook_global("user-password-changed", forgetUser);
module.hook_global("user-deleted", forgetUser);
module.hook_global("user-disabled", forgetUser);

// ---- Unknown names: a generic payload, or the type the handler or a type argument gives.
module.hook("example/unknown", (event) => {
  const kind: Equals<typeof event, GenericEvent> = true;
});
module.hook("example/unknown", (event: { answer: number }) => event.answer);
module.hook<QuotaEvent>("example/other", (event) => event.used);
module.hook_global("example/global", (event) => {
  const kind: Equals<typeof event, GenericEvent> = true;
});
const computed: string = "computed-" + module.name;
module.hook(computed, (event) => {
  const kind: Equals<typeof event, GenericEvent> = true;
});
module.hook(computed, anyStanza);
// The old explicit form still compiles (and overrides the map).
module.hook_global<{ username: string; host: string }>("user-deleted", (event) => event.username);

// ---- fire_event: the payload is checked against the map.
module.fire_event("example/quota-exceeded", { username: "juliet", used: 3 });
module.fire_event("resource-bind", { session: value<SessionEvent["session"]>() });
module.fire_event("example/unknown", { anything: true });
module.fire_event("example/unknown");
expectAssignable<unknown>(module.fire_event("message/bare", { origin: value<StanzaEvent["origin"]>(), stanza: st.message() }));

// ---- wrap_event: the wrapper sees the typed payload.
module.wrap_event("message/bare", (handlers, name, event) => {
  const kind: Equals<typeof event, StanzaEvent<MessageStanza>> = true;
  const started = os.clock();
  const result = handlers(name, event);
  module.log("debug", "%s took %f", name, os.clock() - started);
  return result;
});
module.wrap_event(false, (handlers, name, data) => handlers(name, data));
module.wrap_event("example/unknown", (handlers, name, data) => handlers(name, data));
// wrap_global adds a plain handler (0.12.3, 13.0.1).
module.wrap_global("user-deleted", (event) => {
  const kind: Equals<typeof event, UserEvent> = true;
});

// ---- net.http.server events through hook_object_event.
module.hook_object_event(server, "http-error", (event) => {
  const kind: Equals<typeof event, HttpErrorEvent> = true;
  return `<h1>${event.code}</h1>`;
});
module.hook_object_event(server, "GET /example", (event) => {
  const kind: Equals<typeof event, HttpEvent> = true;
  return 204;
});
// Other emitters: any payload, or a given type.
const emitter = eventslib.new();
module.hook_object_event(emitter, "tick", (event) => event);
module.hook_object_event<{ n: number }>(emitter, "tick", (event) => event.n + 1);

// ---- Misuse.
// @ts-expect-error user-deleted is a global event: a host module's hook never sees it
module.hook("user-deleted", (event) => event);
// @ts-expect-error ... also with an annotated handler
module.hook("user-deleted", (event: UserEvent) => event);
// @ts-expect-error message/bare is a host event: it never fires globally
module.hook_global("message/bare", (event) => event);
// @ts-expect-error a message event's stanza is no iq
module.hook("message/bare", (event: StanzaEvent<IqStanza>) => event);
// @ts-expect-error a presence handler does not take messages
module.hook("message/full", (event: StanzaEvent<PresenceStanza>) => event);
// @ts-expect-error resource-bind gives a session, not a stanza
module.hook("resource-bind", (event: StanzaEvent) => event);
module.hook("resource-bind", (event) => {
  // @ts-expect-error no stanza in resource-bind
  return event.stanza;
});
module.hook("message/bare", (event) => {
  // @ts-expect-error not a message type
  return event.stanza.attr.type === "get";
});
module.hook("iq-get/host/urn:xmpp:ping:ping", (event) => {
  // @ts-expect-error an iq-get is of type get
  const t: "set" = event.stanza.attr.type;
});
// @ts-expect-error the payload of a known event is checked
module.fire_event("example/quota-exceeded", { username: "juliet" });
// @ts-expect-error global events are not fired on a host
module.fire_event("user-deleted", { username: "juliet", host: "example.com" });
// @ts-expect-error user-deleted gives no stanza
module.hook_global("user-deleted", (event: StanzaEvent) => event);
// @ts-expect-error the wrapper's payload is typed by the name
module.wrap_event("resource-bind", (handlers, name, event: StanzaEvent) => handlers(name, event));
// @ts-expect-error http-error handlers get an HttpErrorEvent
module.hook_object_event(server, "http-error", (event: HttpEvent) => event);
// @ts-expect-error hook_stanza is deprecated but typed: its handler takes origin and stanza
module.hook_stanza("urn:xmpp:sm:3", "enable", (stanza: number) => stanza);

// The maps are plain interfaces: their payloads can be named.
const bare: Equals<HostEvents["message/bare"], StanzaEvent<MessageStanza>> = true;
const deleted: Equals<GlobalEvents["user-deleted"], UserEvent> = true;
