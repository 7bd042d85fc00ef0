/** @noSelfInFile */

/**
 * util.encodings: base64, UTF-8 checks, stringprep, IDNA and confusables
 * (C library). Its tables hold plain functions (dot calls).
 */
/** @noResolution */
declare module "util.encodings" {
  /** Base64 (standard alphabet, with padding). */
  export const base64: {
    /** Encode bytes. */
    encode(this: void, data: string): string;
    /** Decoded bytes; nothing (nil) for some malformed input, while other stray characters are skipped: validate first. */
    decode(this: void, data: string): string | undefined;
  };
  /** UTF-8 validation. */
  export const utf8: {
    /** True when `s` is valid UTF-8. */
    valid(this: void, s: string): boolean;
    /** The length in bytes when `s` is valid UTF-8 (not a character count); nil and "invalid utf8" otherwise. */
    length(this: void, s: string): LuaMultiReturn<[number, undefined] | [undefined, string]>;
  };
  /** Stringprep profiles (libidn or ICU); `strict` rejects unassigned code points. */
  export const stringprep: {
    /** Nodeprep (the local part of a JID); nil when invalid. */
    nodeprep(this: void, s: string, strict?: boolean): string | undefined;
    /** Nameprep (domain names); nil when invalid. */
    nameprep(this: void, s: string, strict?: boolean): string | undefined;
    /** Resourceprep (JID resources); nil when invalid. */
    resourceprep(this: void, s: string, strict?: boolean): string | undefined;
    /** SASLprep (user names and passwords in SASL); nil when invalid. */
    saslprep(this: void, s: string, strict?: boolean): string | undefined;
  };
  /** Internationalized domain names. */
  export const idna: {
    /** The ASCII (punycode) form of a domain; nil when invalid. */
    to_ascii(this: void, s: string): string | undefined;
    /** The Unicode form of a punycode domain; nil when invalid. */
    to_unicode(this: void, s: string): string | undefined;
  };
  /** Confusable characters (Unicode TR39). */
  export const confusable: {
    /** The skeleton of `s`: equal skeletons look alike; nil on error. */
    skeleton(this: void, s: string): string | undefined;
  };
}
