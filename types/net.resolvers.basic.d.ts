/** @noSelfInFile */

/**
 * net.resolvers.basic: the targets (addresses) of a host name and port,
 * from DNS A and AAAA records, or the address itself for an IP literal.
 * A resolver is used for one connection attempt (it keeps its target list).
 */
/** @noResolution */
declare module "net.resolvers.basic" {
  /** What the resolver passes on to net.server with each target. */
  export interface ResolverExtra {
    /** TLS server name (SNI) and the name the certificate is checked against. */
    servername?: string;
    /** Ask for TLSA records (DANE). */
    use_dane?: boolean;
    /** Set false to skip A records. */
    use_ipv4?: boolean;
    /** Set false to skip AAAA records. */
    use_ipv6?: boolean;
  }

  /** A target source for net.connect (its `next` is a colon call). */
  export interface Resolver {
    /** Host name (after IDNA), nil when it failed IDNA. */
    hostname?: string;
    /** The last resolution error. */
    last_error?: string;
  }

  /** A resolver of `hostname`:`port`; `connType` is "tcp" (or "udp"). */
  function new_(hostname: string, port: number, connType?: string, extra?: ResolverExtra): Resolver;
  export { new_ as new };
}
