/**
 * Ids a message carries or points at: `replace` (XEP-0308), `attach_to`
 * (XEP-0367), `stanza_ids` and `origin_id` (XEP-0359), `occupant_id`
 * (XEP-0421). Each is the id attribute of an empty element; `stanza_ids`
 * lists every `<stanza-id/>` (one per archive that stored the message).
 */
import type { Stanza } from "util.stanza";
import { setOf } from "../../lib/collections";
import type { FieldMapper, JsonDoc } from "./field";
import { jsonArray } from "./field";
import { arrayOf, described, object, text } from "./shape";
import { attributeField, childrenNamed, isBareElement, MESSAGE_ONLY, notInForms } from "./messaging_element";

export const XMLNS_CORRECT = "urn:xmpp:message-correct:0";
export const XMLNS_ATTACHING = "urn:xmpp:message-attaching:1";
export const XMLNS_SID = "urn:xmpp:sid:0";
export const XMLNS_OCCUPANT_ID = "urn:xmpp:occupant-id:0";

/** `replace`: the id of the message this one corrects. */
export const replace = attributeField("replace", "replace", XMLNS_CORRECT, "id", "XEP-0308",
  "The id of the message this one corrects (last message correction).");

/** `attach_to`: the id of the message this one is attached to. */
export const attachTo = attributeField("attach_to", "attach-to", XMLNS_ATTACHING, "id", "XEP-0367",
  "The id of the message this one is attached to.");

/** `origin_id`: the id the sender gave the message. */
export const originId = attributeField("origin_id", "origin-id", XMLNS_SID, "id", "XEP-0359",
  "The unique id the sending client gave the message.");

/** `occupant_id`: the room's stable id of the occupant who sent the message. */
export const occupantId = attributeField("occupant_id", "occupant-id", XMLNS_OCCUPANT_ID, "id", "XEP-0421",
  "The stable, anonymous id the room gives the occupant who sent the message.");

const STANZA_ID_ATTRIBUTES = setOf(["id", "by"]);

/** Every `<stanza-id/>` as {id, by}; nil when one lacks either or carries anything else. */
function stanzaIdsToJson(stanza: Stanza): unknown {
  const elements = childrenNamed(stanza, "stanza-id", XMLNS_SID);
  if (elements.length === 0) {
    return undefined;
  }
  const list = jsonArray<JsonDoc>();
  for (const element of elements) {
    const id = element.attr.id;
    const by = element.attr.by;
    if (id === undefined || by === undefined || !isBareElement(element, STANZA_ID_ATTRIBUTES)) {
      return undefined;
    }
    const item = new LuaTable<string, unknown>();
    item.set("id", id);
    item.set("by", by);
    list.push(item);
  }
  return list;
}

/** `stanza_ids` [{id, by}]: the ids archives gave the message, each with the archive's JID. */
export const stanzaIds: FieldMapper = {
  name: "stanza_ids",
  kinds: MESSAGE_ONLY,
  description: "The ids entities that stored the message gave it, each with the JID of that entity (`by`).",
  spec: "XEP-0359",
  shape: arrayOf(object([
    ["id", described(text(), "The id the entity gave the message.")],
    ["by", described(text(), "The JID of the entity (an archive, a room).")],
  ], ["id", "by"]), 1),
  elements: [{ name: "stanza-id", xmlns: XMLNS_SID, many: true }],
  toJson: stanzaIdsToJson,
  fromJson: (stanza, value) => {
    const list = value as LuaTable<number, JsonDoc>;
    for (let i = 1; i <= list.length(); i++) {
      const item = list.get(i);
      stanza.tag("stanza-id", { xmlns: XMLNS_SID, id: item.get("id") as string, by: item.get("by") as string }).up();
    }
    return undefined;
  },
  fromForm: notInForms("stanza_ids", "a list"),
  toForm: () => undefined,
};

/** Id fields, in the order their elements are written. */
export const ID_FIELDS: FieldMapper[] = [replace, attachTo, stanzaIds, originId, occupantId];
