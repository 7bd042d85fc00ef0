/** @noSelfInFile */

/**
 * util.hashes: digests, HMACs, PBKDF2 and constant-time comparison (C
 * library, OpenSSL). Results are binary strings unless `hex` is true.
 */
/** @noResolution */
declare module "util.hashes" {
  /** SHA-1 digest; lowercase hex when `hex` is true. */
  export function sha1(data: string, hex?: boolean): string;
  /** SHA-224 digest. */
  export function sha224(data: string, hex?: boolean): string;
  /** SHA-256 digest. */
  export function sha256(data: string, hex?: boolean): string;
  /** SHA-384 digest. */
  export function sha384(data: string, hex?: boolean): string;
  /** SHA-512 digest. */
  export function sha512(data: string, hex?: boolean): string;
  /** MD5 digest (not for security). */
  export function md5(data: string, hex?: boolean): string;
  /** HMAC-MD5 of `data` under `key`. */
  export function hmac_md5(key: string, data: string, hex?: boolean): string;
  /** HMAC-SHA1 of `data` under `key`. */
  export function hmac_sha1(key: string, data: string, hex?: boolean): string;
  /** HMAC-SHA256 of `data` under `key`. */
  export function hmac_sha256(key: string, data: string, hex?: boolean): string;
  /** HMAC-SHA512 of `data` under `key`. */
  export function hmac_sha512(key: string, data: string, hex?: boolean): string;
  /** PBKDF2-HMAC-SHA1 derived key (binary, 20 bytes). */
  export function pbkdf2_hmac_sha1(password: string, salt: string, iterations: number): string;
  /** PBKDF2-HMAC-SHA256 derived key (binary, 32 bytes). */
  export function pbkdf2_hmac_sha256(password: string, salt: string, iterations: number): string;
  /** SCRAM's Hi() with HMAC-SHA1 (same as PBKDF2-HMAC-SHA1). */
  export function scram_Hi_sha1(password: string, salt: string, iterations: number): string;
  /** Constant-time comparison of two strings. */
  export function equals(a: string, b: string): boolean;
  /** Version string of the OpenSSL library in use. */
  export const _LIBCRYPTO_VERSION: string;
}
