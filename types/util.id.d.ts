/** @noSelfInFile */

/** util.id: random URL-safe identifiers. */
/** @noResolution */
declare module "util.id" {
  /** 4 characters. */
  export function tiny(): string;
  /** 12 characters: stanza ids. */
  export function short(): string;
  /** 24 characters. */
  export function medium(): string;
  /** 36 characters: secrets, tokens. */
  export function long(): string;
  /** A generator of ids from `size` random bytes. */
  export function custom(size: number): (this: void) => string;
}
