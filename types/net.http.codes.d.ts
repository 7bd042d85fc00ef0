/** @noSelfInFile */

/**
 * net.http.codes: HTTP status lines by code (`codes[404]` is
 * "404 Not Found"; unknown codes give "NNN Unassigned").
 */
/** @noResolution */
declare module "net.http.codes" {
  /** Status line text by code. */
  const codes: { readonly [code: number]: string };
  export = codes;
}
