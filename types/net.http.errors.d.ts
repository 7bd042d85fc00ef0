/** @noSelfInFile */

/**
 * net.http.errors: util.error templates for HTTP statuses and net.http's
 * connection failures (the rejections of `net.http.request`'s promise form
 * come from here).
 */
/** @noResolution */
declare module "net.http.errors" {
  import type { ErrorTemplate, UtilError } from "util.error";
  /**
   * Templates by HTTP status (every number works: unknown ones give
   * undefined-condition) and by connection failure reason ("cancelled",
   * "connection-closed", "connection failed", "invalid-url",
   * "unable to resolve service", "certificate-chain-invalid",
   * "certificate-verify-failed"; `code` 0).
   */
  export const registry: LuaTable<number | string, ErrorTemplate>;
  /** The error for a net.http callback's `code` and `body` (code 0: body is the failure reason). */
  function new_(code: number, body: string, context?: { [key: string]: unknown }): UtilError;
  export { new_ as new };
}
