/** @noSelfInFile */

/** util.time: clocks with sub-second precision (C library). */
/** @noResolution */
declare module "util.time" {
  /** Wall-clock time in seconds since the epoch, with a fractional part. */
  export function now(): number;
  /** Monotonic time in seconds from an arbitrary origin: use it for durations. */
  export function monotonic(): number;
}
