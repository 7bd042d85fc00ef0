/**
 * Message payloads beyond body and subject (issue #8): chat states,
 * corrections, replies, reactions, attachments, fallbacks, stable ids,
 * references, chat markers, receipts, encryption, occupant ids, direct
 * invitations and processing hints. One file per group (messaging_*.ts);
 * this list fixes the order their elements are written in.
 *
 * None implies a kind: a document with only these fields is a message
 * anyway (the default). A field whose element holds something its JSON
 * shape cannot say exactly gives nil, and the element stays in `unmapped`.
 */
import type { FieldMapper } from "./field";
import { state } from "./messaging_state";
import { ID_FIELDS } from "./messaging_ids";
import { REPLY_FIELDS } from "./messaging_reply";
import { fallback } from "./messaging_fallback";
import { MARKER_FIELDS } from "./messaging_markers";
import { INVITE_FIELDS } from "./messaging_invite";
import { HINT_FIELDS } from "./messaging_hints";

/** Messaging fields, in the order their elements are written. */
export const MESSAGING_FIELDS: FieldMapper[] = [state];
for (const group of [ID_FIELDS, REPLY_FIELDS, [fallback], MARKER_FIELDS, INVITE_FIELDS, HINT_FIELDS]) {
  for (const mapper of group) {
    MESSAGING_FIELDS.push(mapper);
  }
}
