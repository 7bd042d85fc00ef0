/**
 * `caps` (XEP-0115 Entity Capabilities): the attributes of
 * `<c xmlns='http://jabber.org/protocol/caps'/>` {ver, hash, node, ext}
 * (`ext` is the legacy format's). A `<c/>` with another attribute or any
 * content is left unmapped.
 */
import type { Stanza } from "util.stanza";
import { setOf } from "../../lib/collections";
import type { FieldMapper, KindSet } from "./field";
import { object, text } from "./shape";
import { hasOnlyAttributes, isEmptyElement, notInForms } from "./anykind_element";

export const XMLNS_CAPS = "http://jabber.org/protocol/caps";

const PRESENCE: KindSet = { presence: true };
const CAPS_ATTRIBUTES = ["ver", "hash", "node", "ext"];
const CAPS_SET = setOf(CAPS_ATTRIBUTES);

function capsToJson(stanza: Stanza): unknown {
  const element = stanza.get_child("c", XMLNS_CAPS);
  if (element === undefined || !isEmptyElement(element) || !hasOnlyAttributes(element, CAPS_SET)) {
    return undefined;
  }
  const doc = new LuaTable<string, unknown>();
  for (const name of CAPS_ATTRIBUTES) {
    doc.set(name, element.attr[name]);
  }
  return doc;
}

function capsFromJson(stanza: Stanza, value: unknown): string | undefined {
  const doc = value as LuaTable<string, string | undefined>;
  stanza.tag("c", { xmlns: XMLNS_CAPS, ver: doc.get("ver"), hash: doc.get("hash"), node: doc.get("node"), ext: doc.get("ext") }).up();
  return undefined;
}

/** `caps`: {ver, hash, node, ext}, each the attribute's text. */
export const caps: FieldMapper = {
  name: "caps",
  kinds: PRESENCE,
  implies: "presence",
  description: "Entity capabilities: the verification string, its hash algorithm and the software's node (XEP-0115 <c/>).",
  spec: "XEP-0115",
  shape: object([
    ["ver", text("The verification string (a hash of the disco#info, or a legacy version).")],
    ["hash", text("The hash algorithm of `ver` (sha-1); absent in the legacy format.")],
    ["node", text("A URI naming the software.")],
    ["ext", text("Legacy format: names of extra feature bundles.")],
  ]),
  elements: [{ name: "c", xmlns: XMLNS_CAPS }],
  toJson: capsToJson,
  fromJson: capsFromJson,
  fromForm: notInForms("caps"),
  toForm: () => undefined,
};
