/**
 * Prosody's connection layer and HTTP parser, loaded for the connection
 * pool (src/lib/http_pool.ts) only when they are there and have the API
 * it was written against (net.connect, net.resolvers.basic,
 * net.http.parser and util.x509 of Prosody 0.12 and 13). When one is
 * missing (outside a running Prosody: net.server refuses to load) or
 * differs, the pool is not made and every request goes through net.http.
 */
import type * as serverLib from "net.server";
import type * as connectLib from "net.connect";
import type * as resolverLib from "net.resolvers.basic";
import type * as parserLib from "net.http.parser";
import type * as x509Lib from "util.x509";
import type * as httpLib from "net.http";

export interface ClientLibs {
  connect: typeof connectLib.connect;
  /** net.server's addclient, for IP address targets (no resolver needed); nil: net.connect for all. */
  addclient?: typeof serverLib.addclient;
  newResolver: typeof resolverLib.new;
  newParser: typeof parserLib.new;
  verifyIdentity: typeof x509Lib.verify_identity;
  /** net.http's default client: its TLS context and DANE setting are used for https. */
  http: typeof httpLib;
}

/** The library `name`, or nil when it cannot be loaded. */
function optional<T>(name: string): T | undefined {
  const [ok, lib] = pcall(require, name);
  return ok ? (lib as T) : undefined;
}

/** The libraries, or nil and why the pool cannot be used. */
export function loadClientLibs(): LuaMultiReturn<[ClientLibs, undefined] | [undefined, string]> {
  const connect = optional<typeof connectLib>("net.connect");
  const resolver = optional<typeof resolverLib>("net.resolvers.basic");
  const parser = optional<typeof parserLib>("net.http.parser");
  const x509 = optional<typeof x509Lib>("util.x509");
  const http = optional<typeof httpLib>("net.http");
  const server = optional<typeof serverLib>("net.server");
  if (connect === undefined || resolver === undefined || parser === undefined || x509 === undefined || http === undefined) {
    return $multi(undefined, "Prosody's connection libraries are not available");
  }
  const functions = [connect.connect, resolver.new, parser.new, x509.verify_identity];
  for (const f of functions) {
    if (type(f) !== "function") {
      return $multi(undefined, "Prosody's connection libraries have an unknown API");
    }
  }
  return $multi({
    connect: connect.connect,
    addclient: type(server?.addclient) === "function" ? server?.addclient : undefined,
    newResolver: resolver.new,
    newParser: parser.new,
    verifyIdentity: x509.verify_identity,
    http,
  }, undefined);
}
