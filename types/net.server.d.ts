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
  /**
   * The socket under a connection: a LuaSocket TCP one, or a LuaSec one
   * over TLS (after the handshake). Non-blocking: net.server set its timeout to 0.
   */
  export interface Socket {
    /**
     * Send at once what the kernel takes, bypassing the connection's
     * buffer (only when that buffer is empty, or bytes go out of order):
     * the index of the last byte sent, or nil, why ("timeout", "wantwrite",
     * "wantread" when it would block; "closed"...) and the last index sent.
     */
    send(data: string): LuaMultiReturn<[number] | [undefined, string, number]>;
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
    socket(): Socket;
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

  /** What `addclient` passes on to the connection: the TLS server name for SNI. */
  export interface ClientExtra {
    servername?: string;
  }

  /**
   * Open a client connection to an IP address (IPv4 or IPv6 literal; no
   * name resolution: net.connect does that) with these listeners from the
   * start: `onconnect` when connected (after the TLS handshake with
   * `tlsContext`), `ondisconnect` when the attempt fails or the connection
   * closes; `onattach` is not called. Returns the connection at once, or nil
   * and why when the socket could not even be created or the address is
   * refused (`"invalid-ip"`). `readSize` is the read pattern ("*a" in
   * net.connect); `socketType` ("tcp4", "tcp6") nil: from the address.
   * Same signature in server_epoll, server_select and server_event.
   */
  export function addclient<D>(
    address: string, port: number, listeners: Listeners<D>, readSize: string | number | undefined,
    tlsContext: unknown, socketType: string | undefined, extra: ClientExtra | undefined,
  ): LuaMultiReturn<[Connection, unknown] | [undefined, string]>;

  /** Which backend runs ("epoll", "select" or "event"). */
  export function get_backend(): string;
}
