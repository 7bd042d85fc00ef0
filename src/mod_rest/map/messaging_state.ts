/**
 * `state` (XEP-0085 Chat State Notifications): the one chat state element
 * of a message as its name, "composing" for `<composing xmlns=.../>`.
 */
import type { Stanza } from "util.stanza";
import { setOf } from "../../lib/collections";
import type { FieldMapper } from "./field";
import { oneOfWords } from "./shape";
import { isBareElement, MESSAGE_ONLY } from "./messaging_element";

export const XMLNS_CHATSTATES = "http://jabber.org/protocol/chatstates";

const STATES = ["active", "composing", "paused", "inactive", "gone"];
const STATE_SET = setOf(STATES);

/** The state word when the message has exactly one chat state element, bare; else nil (two states cannot be one word). */
function stateToJson(stanza: Stanza): unknown {
  let found: Stanza | undefined;
  for (const child of stanza.tags) {
    if (child.attr.xmlns === XMLNS_CHATSTATES && STATE_SET.has(child.name)) {
      if (found !== undefined) {
        return undefined;
      }
      found = child;
    }
  }
  if (found === undefined || !isBareElement(found)) {
    return undefined;
  }
  return found.name;
}

/** `state`: active, composing, paused, inactive or gone. */
export const state: FieldMapper = {
  name: "state",
  kinds: MESSAGE_ONLY,
  description: "The chat state: active, composing (typing), paused, inactive or gone.",
  spec: "XEP-0085",
  shape: oneOfWords(STATES),
  elements: [
    { name: "active", xmlns: XMLNS_CHATSTATES },
    { name: "composing", xmlns: XMLNS_CHATSTATES },
    { name: "paused", xmlns: XMLNS_CHATSTATES },
    { name: "inactive", xmlns: XMLNS_CHATSTATES },
    { name: "gone", xmlns: XMLNS_CHATSTATES },
  ],
  form: "the word",
  toJson: stateToJson,
  fromJson: (stanza, value) => {
    stanza.tag(value as string, { xmlns: XMLNS_CHATSTATES }).up();
    return undefined;
  },
};
