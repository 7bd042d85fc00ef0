/**
 * One table from an endpoint's HTTP answer to the XMPP error its sender
 * gets, shared by mod_component_http and mod_rest's callbacks.
 */
import type { ErrorCondition, ErrorType } from "util.stanza";

export interface StanzaErrorSpec {
  type: ErrorType;
  condition: ErrorCondition;
}

const BY_STATUS = new LuaMap<number, StanzaErrorSpec>();
BY_STATUS.set(400, { type: "modify", condition: "bad-request" });
BY_STATUS.set(401, { type: "auth", condition: "not-authorized" });
BY_STATUS.set(402, { type: "auth", condition: "forbidden" });
BY_STATUS.set(403, { type: "auth", condition: "forbidden" });
BY_STATUS.set(404, { type: "cancel", condition: "item-not-found" });
BY_STATUS.set(410, { type: "cancel", condition: "gone" });
BY_STATUS.set(500, { type: "cancel", condition: "internal-server-error" });
BY_STATUS.set(501, { type: "cancel", condition: "feature-not-implemented" });
BY_STATUS.set(502, { type: "cancel", condition: "remote-server-timeout" });
BY_STATUS.set(503, { type: "wait", condition: "remote-server-timeout" });
BY_STATUS.set(504, { type: "wait", condition: "remote-server-timeout" });

const OTHERWISE: StanzaErrorSpec = { type: "cancel", condition: "service-unavailable" };

/** The stanza error for a non-2xx HTTP status. */
export function errorForStatus(code: number): StanzaErrorSpec {
  return BY_STATUS.get(code) ?? OTHERWISE;
}
