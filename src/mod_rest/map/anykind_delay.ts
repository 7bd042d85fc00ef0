/**
 * `delay` (XEP-0203 Delayed Delivery, urn:xmpp:delay): the stamp text
 * alone, as the community module writes it, or {stamp, from, text} when
 * the element also names who delayed it or says why. Either way the
 * element comes back the same: a bare stamp is always written as the
 * text, so an object without `from` and `text` comes back as the text.
 *
 * The same shape and helpers serve a forwarded message's delay
 * (XEP-0297), so they are exported.
 */
import type { Stanza } from "util.stanza";
import { setOf } from "../../lib/collections";
import type { FieldMapper } from "./field";
import { ANY_KIND, isObject } from "./field";
import type { Shape } from "./shape";
import { anyOf, object, text, textMatching } from "./shape";
import { dateTime } from "./anykind_datetime";
import { hasOnlyAttributes, plainText } from "./anykind_element";

export const XMLNS_DELAY = "urn:xmpp:delay";

const DELAY_ATTRIBUTES = setOf(["stamp", "from"]);

/** The shape of a delay: the stamp, or {stamp, from, text}. */
export const delayShape: Shape = anyOf(
  [
    dateTime("When the stanza was first sent."),
    object(
      [
        ["stamp", dateTime("When the stanza was first sent.")],
        ["from", text("The entity that delayed the stanza (a JID).")],
        ["text", textMatching(".", { minLength: 1 }, "a non-empty text")],
      ],
      ["stamp"],
      "With who delayed it (from) or why (text).",
    ),
  ],
  "The original send time (XEP-0082 date-time), alone or with `from` and `text`.",
);

/** The JSON of a `<delay/>` element, nil when it holds what the shape cannot say (see file comment). */
export function delayElementToJson(element: Stanza): unknown {
  const stamp = element.attr.stamp;
  const body = plainText(element);
  if (stamp === undefined || body === undefined || !hasOnlyAttributes(element, DELAY_ATTRIBUTES)) {
    return undefined;
  }
  if (delayShape.check("delay", stamp) !== undefined) {
    return undefined;
  }
  const from = element.attr.from;
  if (from === undefined && body === "") {
    return stamp;
  }
  const doc = new LuaTable<string, unknown>();
  doc.set("stamp", stamp);
  doc.set("from", from);
  doc.set("text", body === "" ? undefined : body);
  return doc;
}

/**
 * Add the `<delay/>` of `value` to `stanza` (cursor left where it was),
 * or give the text naming what is wrong in it (`path` names the value).
 */
export function delayElementFromJson(stanza: Stanza, value: unknown, path = "delay"): string | undefined {
  const problem = delayShape.check(path, value);
  if (problem !== undefined) {
    return problem;
  }
  if (isObject(value)) {
    const attr = { xmlns: XMLNS_DELAY, stamp: value.get("stamp") as string, from: value.get("from") as string | undefined };
    stanza.text_tag("delay", value.get("text") as string | undefined, attr);
    return undefined;
  }
  stanza.tag("delay", { xmlns: XMLNS_DELAY, stamp: value as string }).up();
  return undefined;
}

/** `delay`: the stamp text, or {stamp, from, text}. */
export const delay: FieldMapper = {
  name: "delay",
  kinds: ANY_KIND,
  description: "When the stanza was first sent, when it was delayed (offline storage, a MUC history, a forward).",
  spec: "XEP-0203",
  shape: delayShape,
  elements: [{ name: "delay", xmlns: XMLNS_DELAY }],
  form: "the stamp (XEP-0082 date-time)",
  toJson: (stanza) => {
    const element = stanza.get_child("delay", XMLNS_DELAY);
    return element === undefined ? undefined : delayElementToJson(element);
  },
  fromJson: (stanza, value) => delayElementFromJson(stanza, value),
};
