/** @noSelfInFile */

/**
 * core.certmanager: TLS contexts made from Prosody's configuration
 * (global `ssl` settings, `tls_profile`, certificates found on disk).
 * Only inside a running Prosody.
 */
/** @noResolution */
declare module "core.certmanager" {
  /** LuaSec-style settings applied over the configured ones. */
  export interface TlsSettings {
    /** File of trusted CA certificates (PEM). */
    cafile?: string;
    /** Directory of trusted CA certificates (hashed names). */
    capath?: string;
    /** "none" or "peer" (or a list of LuaSec verify flags). */
    verify?: string | string[];
  }

  /**
   * A TLS context for `host` (net.http's is made for "client_https port 0",
   * "client"); later settings tables win. The context object differs
   * between versions (a LuaSec context on 0.12, a net.tls_luasec one on
   * 13): pass it on to net.connect as is. Nil and an error when it fails.
   */
  export function create_context(
    host: string,
    mode: "client" | "server",
    ...settings: TlsSettings[]
  ): LuaMultiReturn<[object, undefined] | [undefined, string]>;
}
