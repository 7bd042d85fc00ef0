/** @noSelfInFile */

/** util.hex: hexadecimal encoding of bytes. */
/** @noResolution */
declare module "util.hex" {
  /** Lowercase hex of the bytes. */
  export function encode(data: string): string;
  /** Bytes of a hex string (either case); characters that are not hex digit pairs are skipped. */
  export function decode(hex: string): string;
  /**
   * Old name of `encode`.
   * @deprecated Use `encode` (kept "COMPAT w/pre-0.12" in util/hex.lua of 0.12 and 13).
   */
  export function to(data: string): string;
  /**
   * Old name of `decode`.
   * @deprecated Use `decode` (kept "COMPAT w/pre-0.12" in util/hex.lua of 0.12 and 13).
   */
  export function from(hex: string): string;
}
