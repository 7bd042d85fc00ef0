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
  /**
   * Decode a form. A string without `=` is not a form and comes back
   * URL-decoded as a plain string. Repeated names: the map keeps the last,
   * the array part keeps every `{ name, value }` in order.
   */
  export function formdecode(s: string): LuaTable<string | number, string | { name: string; value: string }> | string;
  /** True when a comma-separated header value contains `token` (case-insensitive). */
  export function contains_token(field: string, token: string): boolean;
  /** Add a leading `/`, and add (`is_dir`) or strip a trailing one. */
  export function normalize_path(path: string, is_dir?: boolean): string;
}
