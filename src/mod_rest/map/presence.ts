/**
 * Presence fields: `show`, `status`, `priority` (RFC 6121 §4.7.2), and
 * from their own files `caps` (XEP-0115), `idle_since` (XEP-0319), `muc`
 * and `join` (XEP-0045), `vcard_update` (XEP-0153). Each implies kind
 * presence when a document has neither `kind` nor a telling `type`.
 */
import { setOf } from "../../lib/collections";
import type { FieldMapper, KindSet, MapResult } from "./field";
import { integer, oneOfWords, text } from "./shape";
import { caps } from "./presence_caps";
import { idleSince } from "./presence_idle";
import { join, muc } from "./presence_muc";
import { vcardUpdate } from "./presence_vcard";
import { enumError, integerError, integerText, isIntegerIn, ownChildText, parseInteger, textChildField } from "./field";

const PRESENCE: KindSet = { presence: true };

const SHOW_WORDS = setOf(["away", "chat", "dnd", "xa"]);
const SHOW_LIST = "away, chat, dnd, xa";

/** Priority range (RFC 6121 §4.7.2.3). */
const MIN_PRIORITY = -128;
const MAX_PRIORITY = 127;

/** `show`: one of away, chat, dnd, xa (another value in XML is left out). */
export const show: FieldMapper = {
  name: "show",
  kinds: PRESENCE,
  implies: "presence",
  description: "Availability: away, chat, dnd or xa (no <show/>: online).",
  spec: "RFC 6121",
  shape: oneOfWords(["away", "chat", "dnd", "xa"]),
  elements: [{ name: "show" }],
  form: "the word",
  toJson: (stanza) => {
    const word = ownChildText(stanza, "show");
    if (word === undefined || !SHOW_WORDS.has(word)) {
      return undefined;
    }
    return word;
  },
  fromJson: (stanza, value) => {
    const problem = enumError("show", value, SHOW_WORDS, SHOW_LIST);
    if (problem !== undefined) {
      return problem;
    }
    stanza.text_tag("show", value as string);
    return undefined;
  },
};

/** `status`: free text (the first `<status/>`). */
export const status = textChildField("status", PRESENCE, text(), "RFC 6121", "The presence status text (the first <status/>).", "presence");

function priorityFromForm(value: string): MapResult<unknown> {
  const n = parseInteger(value, MIN_PRIORITY, MAX_PRIORITY);
  if (n === undefined) {
    return $multi(undefined, "priority: expected an integer from -128 to 127");
  }
  return $multi(n, undefined);
}

/** `priority`: an integer from -128 to 127 (a form gives it in decimal). */
export const priority: FieldMapper = {
  name: "priority",
  kinds: PRESENCE,
  implies: "presence",
  description: "The resource priority, an integer from -128 to 127.",
  spec: "RFC 6121",
  shape: integer(MIN_PRIORITY, MAX_PRIORITY),
  elements: [{ name: "priority" }],
  form: "the integer in decimal",
  toJson: (stanza) => parseInteger(ownChildText(stanza, "priority"), MIN_PRIORITY, MAX_PRIORITY),
  fromJson: (stanza, value) => {
    const problem = integerError("priority", value, MIN_PRIORITY, MAX_PRIORITY);
    if (problem !== undefined) {
      return problem;
    }
    stanza.text_tag("priority", integerText(value as number));
    return undefined;
  },
  fromForm: priorityFromForm,
  toForm: (value) => (isIntegerIn(value, MIN_PRIORITY, MAX_PRIORITY) ? integerText(value) : undefined),
};

/** Presence fields, in the order their elements are written. */
export const PRESENCE_FIELDS: FieldMapper[] = [show, status, priority, caps, idleSince, muc, join, vcardUpdate];
