/**
 * `vcard_update` (XEP-0153 vCard-Based Avatars): `<x xmlns='vcard-temp:x:update'/>`
 * as {photo}: `photo` is the avatar's SHA-1 hash, "" for an empty
 * `<photo/>` (no avatar); {} (no `<photo/>`) says the client is not ready
 * to advertise one. Anything else in the `<x/>` leaves it unmapped.
 */
import type { Stanza } from "util.stanza";
import type { FieldMapper, KindSet, MapResult } from "./field";
import { isObject } from "./field";
import { object, text } from "./shape";
import { hasNoText, hasOnlyAttributes, plainText } from "./anykind_element";

export const XMLNS_VCARD_UPDATE = "vcard-temp:x:update";

const PRESENCE: KindSet = { presence: true };
const NO_ATTRIBUTES = new LuaSet<string>();

function vcardUpdateToJson(stanza: Stanza): unknown {
  const x = stanza.get_child("x", XMLNS_VCARD_UPDATE);
  if (x === undefined || !hasOnlyAttributes(x, NO_ATTRIBUTES) || !hasNoText(x) || x.tags.length > 1) {
    return undefined;
  }
  const doc = new LuaTable<string, unknown>();
  const photo = x.tags[0];
  if (photo !== undefined) {
    const ns = photo.attr.xmlns;
    const hash = plainText(photo);
    if (photo.name !== "photo" || (ns !== undefined && ns !== XMLNS_VCARD_UPDATE) || hash === undefined) {
      return undefined;
    }
    if (!hasOnlyAttributes(photo, NO_ATTRIBUTES)) {
      return undefined;
    }
    doc.set("photo", hash);
  }
  return doc;
}

function vcardUpdateFromForm(value: string): MapResult<unknown> {
  const doc = new LuaTable<string, unknown>();
  doc.set("photo", value);
  return $multi(doc, undefined);
}

/** `vcard_update`: {photo} (see the file comment). */
export const vcardUpdate: FieldMapper = {
  name: "vcard_update",
  kinds: PRESENCE,
  implies: "presence",
  description: "The avatar advertised in presence (XEP-0153): {photo: hash}, photo \"\" for none, {} when not known yet.",
  spec: "XEP-0153",
  shape: object([["photo", text("The SHA-1 hash of the avatar image in hex; \"\" for no avatar.")]]),
  elements: [{ name: "x", xmlns: XMLNS_VCARD_UPDATE }],
  form: "the photo hash (empty: no avatar)",
  toJson: vcardUpdateToJson,
  fromJson: (stanza, value) => {
    const photo = (value as LuaTable<string, unknown>).get("photo") as string | undefined;
    stanza.tag("x", { xmlns: XMLNS_VCARD_UPDATE });
    if (photo !== undefined) {
      stanza.text_tag("photo", photo);
    }
    stanza.up();
    return undefined;
  },
  fromForm: vcardUpdateFromForm,
  toForm: (value) => {
    if (isObject(value) && type(value.get("photo")) === "string") {
      return value.get("photo") as string;
    }
    return undefined;
  },
};
