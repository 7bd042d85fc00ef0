/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com/): each
 * request carries `webhook-id`, `webhook-timestamp` (unix seconds) and
 * `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`,
 * keyed with the base64-decoded part of a `whsec_...` secret. Several
 * secrets (rotation) give a space-separated list, one signature each.
 */
import * as hashes from "util.hashes";
import { base64 } from "util.encodings";

export const SECRET_PREFIX = "whsec_";
export const ID_HEADER = "webhook-id";
export const TIMESTAMP_HEADER = "webhook-timestamp";
export const SIGNATURE_HEADER = "webhook-signature";

/**
 * The HMAC key of a `whsec_` secret, or nil and why not: the prefix, then
 * standard base64 (padding optional) of at least one byte.
 */
export function decodeSecret(secret: unknown): LuaMultiReturn<[string, undefined] | [undefined, string]> {
  if (typeof secret !== "string") {
    return $multi(undefined, `not a string but a ${type(secret)}`);
  }
  if (string.sub(secret, 1, SECRET_PREFIX.length) !== SECRET_PREFIX) {
    return $multi(undefined, `it does not start with ${SECRET_PREFIX}`);
  }
  let encoded = string.sub(secret, SECRET_PREFIX.length + 1);
  const stripped = string.match(encoded, "^([A-Za-z0-9+/]+)=?=?$")[0];
  if (stripped === undefined || stripped.length % 4 === 1 || (encoded.length !== stripped.length && encoded.length % 4 !== 0)) {
    return $multi(undefined, `what follows ${SECRET_PREFIX} is not base64`);
  }
  encoded = stripped + string.rep("=", (4 - (stripped.length % 4)) % 4);
  const key = base64.decode(encoded);
  if (key === undefined || key.length === 0) {
    return $multi(undefined, `what follows ${SECRET_PREFIX} is not base64`);
  }
  return $multi(key, undefined);
}

/**
 * The keys of option `name`: a `whsec_` string or a list of them. An
 * invalid secret is left out with a warning naming its position, never its
 * value. Nil when no valid secret is left.
 */
export function secretsOption(name: string): string[] | undefined {
  const configured = module.get_option_array(name);
  if (configured === undefined) {
    return undefined;
  }
  const keys: string[] = [];
  let position = 0;
  for (const secret of configured) {
    position++;
    const [key, problem] = decodeSecret(secret);
    if (key === undefined) {
      module.log("warn", "Ignoring secret #%d of %s: %s (expected %s and base64)", position, name, problem, SECRET_PREFIX);
    } else {
      keys.push(key);
    }
  }
  if (keys.length === 0) {
    module.log("warn", "No valid secret in %s: requests carry no Standard Webhooks signature", name);
    return undefined;
  }
  return keys;
}

/** `v1,<base64 HMAC>` for each key, space-separated. */
export function signature(keys: string[], id: string, timestamp: string, body: string): string {
  const content = `${id}.${timestamp}.${body}`;
  const parts: string[] = [];
  for (const key of keys) {
    parts.push(`v1,${base64.encode(hashes.hmac_sha256(key, content))}`);
  }
  return table.concat(parts, " ");
}

/** Add the three headers to `headers`, signed now (`timestamp`: unix seconds). */
export function addHeaders(headers: { [name: string]: string }, keys: string[], id: string, timestamp: number, body: string): void {
  const stamp = string.format("%d", timestamp);
  headers[ID_HEADER] = id;
  headers[TIMESTAMP_HEADER] = stamp;
  headers[SIGNATURE_HEADER] = signature(keys, id, stamp, body);
}
