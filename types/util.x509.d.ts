/** @noSelfInFile */

/** util.x509: certificate name checks (RFC 6125). */
/** @noResolution */
declare module "util.x509" {
  /**
   * True when `cert` (a LuaSec x509 object) is valid for `host`; `service`
   * names an SRV-ID service ("xmpp-client", ...) or false for plain host names (https).
   */
  export function verify_identity(host: string, service: string | false, cert: object): boolean;
}
