/**
 * Joining a room (XEP-0045 §7.2): `<x xmlns='http://jabber.org/protocol/muc'/>`
 * in the presence sent to the room, as two fields:
 *
 * - `join: true` is the empty `<x/>` (join, no options);
 * - `muc` {history {maxchars, maxstanzas, seconds, since}, password} is an
 *   `<x/>` with options, written history first, then password.
 *
 * XML → JSON gives exactly one of them: `join: true` for an empty `<x/>`,
 * `muc` otherwise. JSON → XML writes one `<x/>`: from `muc` when given
 * (`join` beside it adds nothing), else the empty one for `join`; so
 * `muc: {}` comes back as `join: true`, everything else as it was. An
 * `<x/>` holding anything else (an attribute, text, an unknown or second
 * child, an integer written "05") is left unmapped.
 */
import type { Stanza } from "util.stanza";
import { setOf } from "../../lib/collections";
import type { FieldMapper, JsonDoc, KindSet, MapResult } from "./field";
import { integerText } from "./field";
import type { Shape } from "./shape";
import { integer, literalTrue, object, text } from "./shape";
import { dateTime, isDateTime } from "./anykind_datetime";
import { MAX_XS_INT, exactInteger, hasNoText, hasOnlyAttributes, isEmptyElement, notInForms, plainText } from "./anykind_element";

export const XMLNS_MUC = "http://jabber.org/protocol/muc";

const PRESENCE: KindSet = { presence: true };
const NO_ATTRIBUTES = new LuaSet<string>();
const HISTORY_COUNTS = ["maxchars", "maxstanzas", "seconds"];
const HISTORY_ATTRIBUTES = setOf(["maxchars", "maxstanzas", "seconds", "since"]);

/** The `<x/>` of a join, nil when absent or carrying attributes or text. */
function joinElement(stanza: Stanza): Stanza | undefined {
  const x = stanza.get_child("x", XMLNS_MUC);
  if (x === undefined || !hasOnlyAttributes(x, NO_ATTRIBUTES) || !hasNoText(x)) {
    return undefined;
  }
  return x;
}

/** True when `child` is in the MUC namespace (declared or inherited). */
function inMuc(child: Stanza): boolean {
  return child.attr.xmlns === undefined || child.attr.xmlns === XMLNS_MUC;
}

function historyToJson(history: Stanza): JsonDoc | undefined {
  if (!isEmptyElement(history) || !hasOnlyAttributes(history, HISTORY_ATTRIBUTES)) {
    return undefined;
  }
  const doc = new LuaTable<string, unknown>();
  for (const name of HISTORY_COUNTS) {
    const written = history.attr[name];
    if (written !== undefined) {
      const n = exactInteger(written, 0, MAX_XS_INT);
      if (n === undefined) {
        return undefined;
      }
      doc.set(name, n);
    }
  }
  const since = history.attr.since;
  if (since !== undefined) {
    if (!isDateTime(since)) {
      return undefined;
    }
    doc.set("since", since);
  }
  return doc;
}

function mucToJson(stanza: Stanza): unknown {
  const x = joinElement(stanza);
  if (x === undefined || x.tags.length === 0) {
    return undefined;
  }
  const doc = new LuaTable<string, unknown>();
  let position = 0; // 1 after <history/>, 2 after <password/>
  for (const child of x.tags) {
    if (!inMuc(child)) {
      return undefined;
    }
    if (child.name === "history" && position < 1) {
      const history = historyToJson(child);
      if (history === undefined) {
        return undefined;
      }
      doc.set("history", history);
      position = 1;
    } else if (child.name === "password" && position < 2) {
      const password = plainText(child);
      if (password === undefined || !hasOnlyAttributes(child, NO_ATTRIBUTES)) {
        return undefined;
      }
      doc.set("password", password);
      position = 2;
    } else {
      return undefined;
    }
  }
  return doc;
}

function mucFromJson(stanza: Stanza, value: unknown): string | undefined {
  const doc = value as JsonDoc;
  stanza.tag("x", { xmlns: XMLNS_MUC });
  const history = doc.get("history") as JsonDoc | undefined;
  if (history !== undefined) {
    const attr: { [name: string]: string | undefined } = { since: history.get("since") as string | undefined };
    for (const name of HISTORY_COUNTS) {
      const n = history.get(name);
      attr[name] = n === undefined ? undefined : integerText(n as number);
    }
    stanza.tag("history", attr).up();
  }
  const password = doc.get("password");
  if (password !== undefined) {
    stanza.text_tag("password", password as string);
  }
  stanza.up();
  return undefined;
}

function historyCount(description: string): Shape {
  return integer(0, MAX_XS_INT, description);
}

/** `muc`: joining a room with options {history, password}. */
export const muc: FieldMapper = {
  name: "muc",
  kinds: PRESENCE,
  implies: "presence",
  description: "Joining a room with options: how much history to receive and the room password (XEP-0045 <x/>).",
  spec: "XEP-0045",
  shape: object([
    [
      "history",
      object(
        [
          ["maxchars", historyCount("At most this many characters of history (0: none).")],
          ["maxstanzas", historyCount("At most this many messages of history.")],
          ["seconds", historyCount("Only the messages of the last so many seconds.")],
          ["since", dateTime("Only the messages sent since then.")],
        ],
        undefined,
        "The discussion history to receive on joining.",
      ),
    ],
    ["password", text("The room password.")],
  ]),
  elements: [{ name: "x", xmlns: XMLNS_MUC }],
  toJson: mucToJson,
  fromJson: mucFromJson,
  fromForm: notInForms("muc"),
  toForm: () => undefined,
};

function joinFromForm(): MapResult<unknown> {
  return $multi(true, undefined);
}

/** `join`: true is an empty MUC `<x/>` (join with no options); with `muc` it adds nothing. */
export const join: FieldMapper = {
  name: "join",
  kinds: PRESENCE,
  implies: "presence",
  description: "true: join a room (the presence to room@service/nick carries an empty XEP-0045 <x/>); `muc` gives options.",
  spec: "XEP-0045",
  shape: literalTrue("Join the room the presence is sent to."),
  elements: [{ name: "x", xmlns: XMLNS_MUC }],
  form: "any value (present: true)",
  toJson: (stanza) => {
    const x = joinElement(stanza);
    return x !== undefined && x.tags.length === 0 ? true : undefined;
  },
  fromJson: (stanza) => {
    if (stanza.get_child("x", XMLNS_MUC) === undefined) {
      stanza.tag("x", { xmlns: XMLNS_MUC }).up();
    }
    return undefined;
  },
  fromForm: joinFromForm,
};
