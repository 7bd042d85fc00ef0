/**
 * Message processing hints (XEP-0334): each hint is a flag named after its
 * element, `-` written `_` as the community module does for element names
 * (`origin_id`, `occupant_id`): `no_store`, `no_permanent_store`,
 * `no_copy`, `store`.
 */
import type { FieldMapper } from "./field";
import { flagField } from "./messaging_element";

export const XMLNS_HINTS = "urn:xmpp:hints";

/** `no_store`: the message must not be stored at all (true). */
export const noStore = flagField("no_store", "no-store", XMLNS_HINTS, "XEP-0334",
  "Hint: do not store this message at all, not even for offline delivery (true).");

/** `no_permanent_store`: the message must not be archived (true). */
export const noPermanentStore = flagField("no_permanent_store", "no-permanent-store", XMLNS_HINTS, "XEP-0334",
  "Hint: do not store this message permanently (archives), offline delivery allowed (true).");

/** `no_copy`: the message must not be copied to other resources (true). */
export const noCopy = flagField("no_copy", "no-copy", XMLNS_HINTS, "XEP-0334",
  "Hint: do not copy this message to other resources (carbons) (true).");

/** `store`: the message should be stored even if it would not be (true). */
export const store = flagField("store", "store", XMLNS_HINTS, "XEP-0334",
  "Hint: store this message even if it would not be by default (true).");

/** Hint fields, in the order their elements are written. */
export const HINT_FIELDS: FieldMapper[] = [noStore, noPermanentStore, noCopy, store];
