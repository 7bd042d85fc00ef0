/**
 * Service iq payloads, one file per XEP: `oob` (XEP-0066 jabber:iq:oob,
 * services_oob.ts), `stats` (XEP-0039, services_stats.ts), `extdisco`
 * (XEP-0215, services_extdisco.ts), `upload_request` / `upload_slot`
 * (XEP-0363, services_upload.ts), `blocklist` / `block` / `unblock`
 * (XEP-0191 with XEP-0377 reports, services_blocking.ts). Each but `oob`
 * implies kind iq (a document with `oob` and no kind is a message).
 *
 * XML → JSON is exact: an element holding anything its JSON cannot say
 * (an unknown attribute or child, a number not written canonically) is
 * not mapped and lands in `unmapped` as it is; so is one whose JSON the
 * field's shape would refuse (an empty `<block/>`).
 */
import type { FieldMapper } from "./field";
import { iqOob } from "./services_oob";
import { stats } from "./services_stats";
import { extdisco } from "./services_extdisco";
import { uploadRequest, uploadSlot } from "./services_upload";
import { block, blocklist, unblock } from "./services_blocking";
import { shapeCheckedAll } from "./services_values";

/** Service payload fields, in inference order. */
export const SERVICE_FIELDS: FieldMapper[] = shapeCheckedAll([iqOob, stats, extdisco, uploadRequest, uploadSlot, blocklist, block, unblock]);
