/**
 * Message Archive Management (XEP-0313) and forwarding (XEP-0297):
 * `archive` in an iq (the query, archive_query.ts), `result` in an iq
 * (the `<fin/>`, archive_result.ts), `archive` in a message (one result,
 * archive_result.ts), `forwarded` in a message (forward.ts). The two
 * `archive` mappers share the JSON name for different kinds; only the
 * iq's implies a kind (a result message needs `kind: "message"` or a
 * message type).
 */
import type { FieldMapper } from "./field";
import { archiveQuery } from "./archive_query";
import { archiveFin, archiveResult } from "./archive_result";
import { forwarded } from "./forward";
import { shapeCheckedAll } from "./services_values";

/** Archive and forwarding fields, in inference order. */
export const ARCHIVE_FIELDS: FieldMapper[] = shapeCheckedAll([archiveQuery, archiveFin, archiveResult, forwarded]);
