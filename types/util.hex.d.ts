/** @noSelfInFile */

/** util.hex: hexadecimal encoding of bytes. */
/** @noResolution */
declare module "util.hex" {
  /** Lowercase hex of the bytes. */
  export function encode(data: string): string;
  /** Bytes of a hex string (either case); characters that are not hex digit pairs are skipped. */
  export function decode(hex: string): string;
  /** Old name of `encode`. */
  export function to(data: string): string;
  /** Old name of `decode`. */
  export function from(hex: string): string;
}
