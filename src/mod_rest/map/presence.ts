/**
 * Presence fields (RFC 6121 §4.7.2): `show`, `status`, `priority`. Each
 * implies kind presence when a document has neither `kind` nor a telling
 * `type`.
 */
import { setOf } from "../../lib/collections";
import type { FieldMapper, KindSet, MapResult } from "./field";
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
export const status = textChildField("status", PRESENCE, "presence");

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
export const PRESENCE_FIELDS: FieldMapper[] = [show, status, priority];
