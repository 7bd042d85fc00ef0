/** @noSelfInFile */

/** util.encodings: base64, UTF-8 checks, stringprep and IDNA (C library). */
/** @noResolution */
declare module "util.encodings" {
  export const base64: {
    encode(this: void, data: string): string;
    /** Decoded bytes; invalid characters are skipped. */
    decode(this: void, data: string): string;
  };
  export const utf8: {
    /** True when `s` is valid UTF-8. */
    valid(this: void, s: string): boolean;
    /** Number of characters, or nil when invalid. */
    length(this: void, s: string): number | undefined;
  };
  export const stringprep: {
    /** nil when the input is not valid for the profile. */
    nodeprep(this: void, s: string, strict?: boolean): string | undefined;
    nameprep(this: void, s: string, strict?: boolean): string | undefined;
    resourceprep(this: void, s: string, strict?: boolean): string | undefined;
    saslprep(this: void, s: string, strict?: boolean): string | undefined;
  };
  export const idna: {
    to_ascii(this: void, s: string): string | undefined;
    to_unicode(this: void, s: string): string | undefined;
  };
}
