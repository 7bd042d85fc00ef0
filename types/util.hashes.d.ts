/** @noSelfInFile */

/** util.hashes: digests, HMACs, PBKDF2 and constant-time comparison (C library). */
/** @noResolution */
declare module "util.hashes" {
  /** Binary digest, or lowercase hex when `hex` is true. */
  export function sha1(data: string, hex?: boolean): string;
  export function sha256(data: string, hex?: boolean): string;
  export function sha512(data: string, hex?: boolean): string;
  export function md5(data: string, hex?: boolean): string;
  export function hmac_sha1(key: string, data: string, hex?: boolean): string;
  export function hmac_sha256(key: string, data: string, hex?: boolean): string;
  export function hmac_sha512(key: string, data: string, hex?: boolean): string;
  export function pbkdf2_hmac_sha1(password: string, salt: string, iterations: number): string;
  export function pbkdf2_hmac_sha256(password: string, salt: string, iterations: number): string;
  /** Constant-time comparison of two strings. */
  export function equals(a: string, b: string): boolean;
}
