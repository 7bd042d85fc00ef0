/** @noSelfInFile */

/** util.id: random URL-safe identifiers (base64url of bytes from util.random). */
/** @noResolution */
declare module "util.id" {
  /** 4 characters (3 bytes): short-lived, low collision risk. */
  export function tiny(): string;
  /** 12 characters (9 bytes): stanza ids and other scoped ids. */
  export function short(): string;
  /** 24 characters (18 bytes): globally unique ids, tokens. */
  export function medium(): string;
  /** 36 characters (27 bytes): secrets. */
  export function long(): string;
  /** A generator of ids from `size` random bytes. */
  export function custom(size: number): (this: void) => string;
}
