/**
 * Chat markers (XEP-0333) and delivery receipts (XEP-0184).
 *
 * Names: the community module maps only `markable` (true) and `displayed`
 * (the id); the other markers follow the same rule, the element's name
 * holding the marked message's id: `received`, `acknowledged`. XEP-0184
 * is not in the community mapping; its `<received/>` cannot also be
 * `received`, so the receipt is `receipt` (the id of the message it
 * acknowledges) and its request `request` (true).
 */
import type { FieldMapper } from "./field";
import { attributeField, flagField } from "./messaging_element";

export const XMLNS_CHAT_MARKERS = "urn:xmpp:chat-markers:0";
export const XMLNS_RECEIPTS = "urn:xmpp:receipts";

/** `markable`: true, the sender asks for chat markers. */
export const markable = flagField("markable", "markable", XMLNS_CHAT_MARKERS, "XEP-0333",
  "The sender asks for chat markers on this message (true).");

/** `displayed`: the id of the message marked as displayed. */
export const displayed = attributeField("displayed", "displayed", XMLNS_CHAT_MARKERS, "id", "XEP-0333",
  "The id of the message this chat marker says was displayed.");

/** `received`: the id of the message marked as received (the chat marker, not the XEP-0184 receipt). */
export const received = attributeField("received", "received", XMLNS_CHAT_MARKERS, "id", "XEP-0333",
  "The id of the message this chat marker says was received (the XEP-0184 receipt is `receipt`).");

/** `acknowledged`: the id of the message marked as acknowledged. */
export const acknowledged = attributeField("acknowledged", "acknowledged", XMLNS_CHAT_MARKERS, "id", "XEP-0333",
  "The id of the message this chat marker says was acknowledged.");

/** `request`: true, the sender asks for a delivery receipt. */
export const request = flagField("request", "request", XMLNS_RECEIPTS, "XEP-0184",
  "The sender asks for a delivery receipt (true).");

/** `receipt`: the id of the message a XEP-0184 `<received/>` acknowledges. */
export const receipt = attributeField("receipt", "received", XMLNS_RECEIPTS, "id", "XEP-0184",
  "A delivery receipt: the id of the message received (XEP-0184 <received/>).");

/** Marker and receipt fields, in the order their elements are written. */
export const MARKER_FIELDS: FieldMapper[] = [markable, displayed, received, acknowledged, request, receipt];
