/** @noSelfInFile */

/** util.random: cryptographically secure random bytes (util.crand, or /dev/urandom). */
/** @noResolution */
declare module "util.random" {
  /** `n` random bytes; raises when the random source fails. */
  export function bytes(n: number): string;
}
