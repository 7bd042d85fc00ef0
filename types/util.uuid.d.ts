/** @noSelfInFile */

/** util.uuid: random (version 4) UUIDs. */
/** @noResolution */
declare module "util.uuid" {
  /** A random RFC 4122 version 4 UUID (`xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`, lower case). */
  export function generate(): string;
  /** `n` random lowercase hex digits. */
  export function get_nibbles(n: number): string;
}
