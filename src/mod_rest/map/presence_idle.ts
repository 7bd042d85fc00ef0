/**
 * `idle_since` (XEP-0319 Last User Interaction in Presence): the `since`
 * stamp of `<idle xmlns='urn:xmpp:idle:1'/>`.
 */
import type { Stanza } from "util.stanza";
import { setOf } from "../../lib/collections";
import type { FieldMapper, KindSet } from "./field";
import { dateTime, isDateTime } from "./anykind_datetime";
import { hasOnlyAttributes, isEmptyElement } from "./anykind_element";

export const XMLNS_IDLE = "urn:xmpp:idle:1";

const PRESENCE: KindSet = { presence: true };
const IDLE_ATTRIBUTES = setOf(["since"]);

function idleToJson(stanza: Stanza): unknown {
  const element = stanza.get_child("idle", XMLNS_IDLE);
  if (element === undefined || !isEmptyElement(element) || !hasOnlyAttributes(element, IDLE_ATTRIBUTES)) {
    return undefined;
  }
  const since = element.attr.since;
  return since !== undefined && isDateTime(since) ? since : undefined;
}

/** `idle_since`: the XEP-0082 date-time of the user's last interaction. */
export const idleSince: FieldMapper = {
  name: "idle_since",
  kinds: PRESENCE,
  implies: "presence",
  description: "When the user last interacted with their client (XEP-0319 <idle since/>).",
  spec: "XEP-0319",
  shape: dateTime("The time of the last interaction."),
  elements: [{ name: "idle", xmlns: XMLNS_IDLE }],
  form: "the stamp (XEP-0082 date-time)",
  toJson: idleToJson,
  fromJson: (stanza, value) => {
    stanza.tag("idle", { xmlns: XMLNS_IDLE, since: value as string }).up();
    return undefined;
  },
};
