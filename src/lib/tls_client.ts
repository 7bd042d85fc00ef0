/**
 * The TLS context of webhook requests. By default none of our own:
 * requests use net.http's default client context (made at startup by
 * core.certmanager from the global `ssl` settings and `client_https_ssl`,
 * verifying the peer against the system CA store), the same for pooled
 * connections. With a CA file, a context made the same way that also
 * trusts the certificates in that file.
 */
import type * as certmanagerLib from "core.certmanager";

/** The context for `cafile`, or nil for net.http's default (also when it cannot be made: logged). */
export function clientTlsContext(cafile: string | undefined): object | undefined {
  if (cafile === undefined) {
    return undefined;
  }
  const [loaded, certmanager] = pcall(require, "core.certmanager");
  if (!loaded) {
    return undefined;
  }
  const create = (certmanager as typeof certmanagerLib).create_context;
  const [ok, context, err] = pcall(create, "client_https port 0", "client", { cafile, verify: "peer" });
  if (!ok || context === undefined) {
    module.log("error", "Cannot use the CA file %s: %s; the default CA store is used", cafile, tostring(ok ? err : context));
    return undefined;
  }
  return context;
}
