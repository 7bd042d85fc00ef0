/** @noSelfInFile */

/**
 * net.server: Prosody's event loop (server_epoll by default; server_select
 * and server_event have the same interface). Modules rarely call it
 * directly: net.connect opens client connections with it. Connection
 * methods are colon calls; listener callbacks are plain functions.
 * Loading it outside a running Prosody raises ("Prosody not yet initialized").
 */
/** @noResolution */
declare module "net.server" {
  /** A LuaSec socket, as far as certificate checks need it. */
  export interface TlsSocket {
    /** True when the peer's certificate chain verified against the context's CA store (nil without LuaSec support). */
    getpeerverification?(): LuaMultiReturn<[boolean, unknown]>;
    /** The peer's certificate (a LuaSec x509 object), nil without one. */
    getpeercertificate?(): object | undefined;
  }

  /** A connection (client or server side). */
  export interface Connection {
    /** Queue data to send; returns true when queued. */
    write(data: string): boolean | undefined;
    /** Close once the queued data is sent; `ondisconnect` follows. */
    close(): void;
    /** True over TLS. */
    ssl(): boolean;
    /** The underlying socket (a LuaSec one over TLS). */
    socket(): TlsSocket;
    /** Replace the listeners; `onattach(conn, data)` is called when the new ones have it. */
    setlistener<D>(listeners: Listeners<D>, data?: D): void;
    /** Peer address. */
    ip(): string;
  }

  /**
   * Callbacks of a connection, called with a dot. net.connect calls
   * `onfail(data, reason)` (not a connection method) when no target could be reached.
   */
  export interface Listeners<D> {
    /** Connected (after the TLS handshake for a TLS connection). */
    onconnect?: (this: void, conn: Connection) => void;
    /** Data arrived. */
    onincoming?: (this: void, conn: Connection, data: string) => void;
    /** The connection closed; `reason` is nil for a clean close. */
    ondisconnect?: (this: void, conn: Connection, reason?: string) => void;
    /** The listeners were attached to a connection, with the data given to `setlistener`. */
    onattach?: (this: void, conn: Connection, data: D) => void;
    /** The listeners were replaced. */
    ondetach?: (this: void, conn: Connection) => void;
    /** net.connect only: no target could be reached. */
    onfail?: (this: void, data: D, reason: string) => void;
    /** Every queued byte was sent. */
    ondrain?: (this: void, conn: Connection) => void;
  }

  /** Which backend runs ("epoll", "select" or "event"). */
  export function get_backend(): string;
}
