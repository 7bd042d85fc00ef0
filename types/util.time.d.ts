/** @noSelfInFile */

/** util.time: clocks with sub-second resolution (C library). */
/** @noResolution */
declare module "util.time" {
  /** Wall-clock time in seconds since the epoch, with fractions. */
  export function now(): number;
  /** A monotonic clock in seconds, for measuring intervals. */
  export function monotonic(): number;
}
