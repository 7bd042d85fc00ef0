import * as st from "util.stanza";
import * as errors from "util.error";
import type { Stanza, Node } from "util.stanza";
import { type Equals, expectAssignable } from "./helpers";

// Building: methods chain and return the stanza.
const message = st.message({ to: "juliet@example.com", type: "chat", id: "m1" }, "Hello")
  .tag("html", { xmlns: "http://jabber.org/protocol/xhtml-im" })
  .tag("body", { xmlns: "http://www.w3.org/1999/xhtml" }).text("Hi").up()
  .up()
  .text_tag("subject", "Greeting");
expectAssignable<Stanza>(message);
const iq = st.iq({ type: "get", id: "ping1", to: "example.com" }).tag("ping", { xmlns: "urn:xmpp:ping" });
expectAssignable<Stanza>(st.presence());
expectAssignable<Stanza>(st.reply(iq).query("jabber:iq:version"));
expectAssignable<Stanza>(st.clone(message, true));

// Reading: children may be absent.
const body = message.get_child_text("body");
const bodyIsOptional: Equals<typeof body, string | undefined> = true;
const html = message.get_child("html", "http://jabber.org/protocol/xhtml-im");
const htmlIsOptional: Equals<typeof html, Stanza | undefined> = true;
const text = message.get_text();
const textIsOptional: Equals<typeof text, string | undefined> = true;
const to: string | undefined = message.attr.to;
const found = message.find("{http://jabber.org/protocol/xhtml-im}html/body#");
expectAssignable<Stanza | string | undefined>(found);

// Iteration: childtags yields elements, children yields elements and text.
for (const tag of message.childtags()) {
  expectAssignable<string>(tag.name);
}
for (const child of message.children()) {
  const isNode: Equals<typeof child, Node> = true;
  if (typeof child === "string") {
    expectAssignable<string>(child);
  } else {
    expectAssignable<Stanza>(child);
  }
}
message.maptags((tag) => (tag.name === "subject" ? undefined : tag));

// Errors: both forms of error_reply, get_error's four values.
const reply1 = st.error_reply(iq, "cancel", "service-unavailable", "Not here");
const registry = errors.init("test", { gone: { type: "cancel", condition: "item-not-found", text: "Gone" } });
const reply2 = st.error_reply(iq, registry.new("gone"));
const [errType, condition, errText, extra] = reply1.get_error();
expectAssignable<st.ErrorType | undefined>(errType);
expectAssignable<string | undefined>(condition);
expectAssignable<string | undefined>(errText);
expectAssignable<Stanza | undefined>(extra);
expectAssignable<Stanza>(reply2);

// Storage round trip.
expectAssignable<Stanza>(st.deserialize(st.preserialize(message)));

// Misuse is rejected.
// @ts-expect-error text must be a string (util.stanza raises on numbers)
message.text(42);
// @ts-expect-error attribute values must be strings
st.message({ to: "romeo@example.net", priority: 5 });
// @ts-expect-error an iq needs type and id
st.iq({ to: "example.com" });
// @ts-expect-error unknown error type
st.error_reply(iq, "fatal", "bad-request");
// @ts-expect-error get_child_text may return nil
const mustBeString: string = message.get_child_text("body");

// Stanza kinds: the builders take the kind's type words and return the kind.
const chat = st.message({ to: "juliet@example.com", type: "chat" }, "Hi");
const chatKind: Equals<typeof chat, st.MessageStanza> = true;
const chatType: Equals<typeof chat.attr.type, st.MessageType | undefined> = true;
const chatName: "message" = chat.name;
const subscribed = st.presence({ to: "juliet@example.com", type: "subscribed" });
const presenceKind: Equals<typeof subscribed, st.PresenceStanza> = true;
const available = st.presence(); // no type: available
const ping = st.iq({ type: "get", id: "ping2", to: "example.com" });
const pingKind: Equals<typeof ping, st.IqStanza<"get">> = true;
const pingId: string = ping.attr.id;
// Building keeps the kind; replies follow the original's.
const built = st.message({ type: "headline" }).tag("event", { xmlns: "http://jabber.org/protocol/pubsub#event" }).up();
expectAssignable<st.MessageStanza>(built);
const pong = st.reply(ping);
const pongType: "result" = pong.attr.type;
expectAssignable<st.MessageStanza>(st.reply(chat));
expectAssignable<st.PresenceStanza>(st.reply(available));
expectAssignable<st.IqStanza<"get">>(st.clone(ping));
// A kinded stanza is a Stanza; a Stanza in general keeps string attributes.
expectAssignable<Stanza>(chat);
const element = st.stanza("item", { type: "whatever" });
const anyType: Equals<typeof element.attr.type, string | undefined> = true;
element.attr.type = "anything";
chat.attr["xml:lang"] = "en";
chat.attr.type = "groupchat";
// The routed kinds are told apart by name.
function describe(stanza: st.RoutedStanza): string {
  if (stanza.name === "iq") {
    const t: st.IqType = stanza.attr.type;
    return t;
  }
  return stanza.attr.type ?? "none";
}
expectAssignable<string>(describe(chat));
// A type from elsewhere is checked first, then asserted.
function messageOfType(requested: string): st.MessageStanza | undefined {
  if (requested === "chat" || requested === "normal" || requested === "headline" || requested === "groupchat") {
    return st.message({ type: requested });
  }
  return undefined;
}
expectAssignable<st.MessageStanza | undefined>(messageOfType("chat"));

// @ts-expect-error "get" is an iq type, not a message type
st.message({ type: "get" });
// @ts-expect-error "available" is not a presence type (available is no type)
st.presence({ type: "available" });
// @ts-expect-error "chat" is not an iq type
st.iq({ type: "chat", id: "x" });
// @ts-expect-error an arbitrary string is not a message type
st.message({ type: String(42) });
// @ts-expect-error a message's type is a message type
chat.attr.type = "subscribe";
// @ts-expect-error an iq reply is of type result
const notGet: "get" = st.reply(ping).attr.type;
// @ts-expect-error a Stanza in general is not known to be a message
const mustBeMessage: st.MessageStanza = message as Stanza;
