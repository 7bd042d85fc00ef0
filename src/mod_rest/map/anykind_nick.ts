/**
 * `nick` (XEP-0172 User Nickname): the text of
 * `<nick xmlns='http://jabber.org/protocol/nick'/>`, in any kind of
 * stanza (a subscription request, a MUC invitation, a PEP event).
 */
import type { Stanza } from "util.stanza";
import type { FieldMapper } from "./field";
import { ANY_KIND } from "./field";
import { text } from "./shape";
import { bareText } from "./anykind_element";

export const XMLNS_NICK = "http://jabber.org/protocol/nick";

function nickToJson(stanza: Stanza): unknown {
  const element = stanza.get_child("nick", XMLNS_NICK);
  return element === undefined ? undefined : bareText(element);
}

/** `nick`: the nickname text ("" for an empty element); a nick with attributes or children is left unmapped. */
export const nick: FieldMapper = {
  name: "nick",
  kinds: ANY_KIND,
  description: "The sender's nickname (XEP-0172 <nick/>).",
  spec: "XEP-0172",
  shape: text("The nickname."),
  elements: [{ name: "nick", xmlns: XMLNS_NICK }],
  form: "the text",
  toJson: nickToJson,
  fromJson: (stanza, value) => {
    stanza.text_tag("nick", value as string, { xmlns: XMLNS_NICK });
    return undefined;
  },
};
