/** @noSelfInFile */

/**
 * net.connect: open a client connection to the targets a resolver gives
 * (net.resolvers.basic for a host and port), trying each in turn
 * (Prosody 13 starts the next attempt in parallel after 250 ms).
 * net.http opens its connections this way.
 */
/** @noResolution */
declare module "net.connect" {
  import type { Listeners } from "net.server";
  import type { Resolver } from "net.resolvers.basic";

  /** Options of a connection attempt. */
  export interface ConnectOptions {
    /** TLS context (core.certmanager's, or LuaSec options): TLS from the start; false or nil for plain TCP. */
    sslctx?: unknown;
    /** Read pattern (default "*a": whatever arrived). */
    pattern?: string;
  }

  /**
   * Connect: the listeners are attached with `data` once connected
   * (`onattach`, then `onconnect`); `listeners.onfail(data, reason)` when
   * every target failed. Returns nothing: the outcome comes through the listeners.
   */
  export function connect<D>(target: Resolver, listeners: Listeners<D>, options: ConnectOptions | undefined, data: D): void;
}
