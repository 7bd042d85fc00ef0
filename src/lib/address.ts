/**
 * JID validation for addresses that come from untrusted input (HTTP
 * paths, payloads, endpoint replies).
 */
import * as jid from "util.jid";
import { isXmlSafe } from "./text";

/**
 * Characters no domain may hold. Prosody's nameprep lets ASCII spaces and
 * some punctuation through (`bob@local host` preps fine), which would
 * route to a host nobody can have.
 */
const FORBIDDEN_IN_DOMAIN = "[%s%c\"&'/:<>@\\%[%]]";
/** A domain with an empty label (`..`, a leading dot, or only a dot): nameprep lets them through. */
const EMPTY_LABEL = "^%.";
const DOUBLE_DOT = "%.%.";
/** An IPv6 literal (RFC 7622 §3.2): brackets around hex digits, colons and dots. */
const IPV6_LITERAL = "^%[[%x:.]+%]$";

/** The prepped JID, or nil when `address` is not a valid JID. */
export function prepJid(address: string): string | undefined {
  if (!isXmlSafe(address)) {
    return undefined;
  }
  const prepped = jid.prep(address);
  if (prepped === undefined) {
    return undefined;
  }
  const domain = jid.host(prepped);
  if (domain === undefined || domain === "") {
    return undefined;
  }
  const isIpv6Literal = string.find(domain, IPV6_LITERAL)[0] !== undefined;
  if (!isIpv6Literal && string.find(domain, FORBIDDEN_IN_DOMAIN)[0] !== undefined) {
    return undefined;
  }
  if (string.find(domain, EMPTY_LABEL)[0] !== undefined || string.find(domain, DOUBLE_DOT)[0] !== undefined) {
    return undefined;
  }
  return prepped;
}
