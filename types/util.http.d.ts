/** @noSelfInFile */

/** util.http: URL and form encoding helpers. */
/** @noResolution */
declare module "util.http" {
  /** Percent-encode everything but unreserved characters (`A-Za-z0-9.~_-`). */
  export function urlencode(s: string): string;
  /** Decode `%XX` escapes (not `+`). */
  export function urldecode(s: string): string;
  /** Encode a map, or a list of `{ name, value }` in order, as application/x-www-form-urlencoded. */
  export function formencode(form: { [name: string]: string } | Array<{ name: string; value: string }>): string;
  /** One field of a decoded form. */
  export interface FormField {
    name: string;
    value: string;
  }
  /**
   * A decoded form: its fields in order as a list (repeated names kept),
   * and each name mapped to its last value.
   */
  export type DecodedForm = FormField[] & { [name: string]: string };
  /**
   * Decode a form. A string without `=` is not a form and comes back
   * URL-decoded as a plain string.
   */
  export function formdecode(s: string): DecodedForm | string;
  /** True when a comma-separated header value contains `token` (case-insensitive). */
  export function contains_token(field: string, token: string): boolean;
  /** Add a leading `/`, and add (`is_dir`) or strip a trailing one. */
  export function normalize_path(path: string, is_dir?: boolean): string;
}
