/** @noSelfInFile */

/**
 * net.http: Prosody's asynchronous HTTP client. There is no per-request
 * timeout: callers enforce their own with a timer and `destroy_request`.
 * No connection reuse in 0.12 (it sends no `Connection` header and closes
 * after each answer). Prosody 13 sends `Connection: close`, or
 * `Connection: keep-alive` from a client made with `connection_pooling`.
 */
/** @noResolution */
declare module "net.http" {
  import type { Promise } from "util.promise";
  import type { UtilError } from "util.error";
  import type { Events } from "util.events";

  /** Options of one request. */
  export interface RequestOptions {
    /** Default GET, or POST when a body is given. */
    method?: string;
    /** Extra headers (override the defaults); a body sets `Content-Type: application/x-www-form-urlencoded` unless given here. */
    headers?: { [name: string]: string };
    /** Request body; makes the request a POST unless `method` says otherwise. */
    body?: string;
    /** Request id for log lines (default: derived from the table address). */
    id?: string;
    /** Skip certificate verification. */
    insecure?: boolean;
    /** Log errors raised by the callback instead of re-raising them. */
    suppress_errors?: boolean;
    /** Log only the host, not the full URL (which may hold secrets). */
    suppress_url?: boolean;
    /** Only the status matters: the body need not be read. */
    onlystatus?: boolean;
    /** LuaSec context options for https. */
    sslctx?: unknown;
    /** Use DANE for https (needs DNSSEC-validating resolver). */
    use_dane?: boolean;
    /** Receive the body in parts: called with the partial response; returns a sink (`write(chunk)`) and a finalizer. */
    streaming_handler?: (this: void, response: ClientResponse) => LuaMultiReturn<[{ write(chunk: string): boolean }, ((this: void, response: ClientResponse) => void) | undefined]>;
  }

  /** A request in flight (returned by the callback form, and given to the callback). */
  export interface ClientRequest {
    /** Id used in log lines. */
    id: string;
    /** The URL as given. */
    url: string;
    /** Method, nil for GET. */
    method?: string;
    /** "http" or "https". */
    scheme: string;
    /** Host part of the URL. */
    host: string;
    /** Port part of the URL, if any. */
    port?: string;
    /** Path ("/" when empty). */
    path: string;
    /** Query string without `?`. */
    query?: string;
    /** The headers sent. */
    headers: { [name: string]: string };
    /** The body sent. */
    body?: string;
    /** `os.time()` when the request was made. */
    time: number;
  }

  /** The response handed to callbacks and promise handlers. */
  export interface ClientResponse {
    /** HTTP status. */
    code: number;
    /** "1.0" or "1.1". */
    httpversion: string;
    /** Header names are lower case; repeated headers joined with ",". */
    headers: { [name: string]: string | undefined };
    /** The whole body ("" when none). */
    body: string;
    /** Set on promise results: the request it answers. */
    request?: ClientRequest;
    /**
     * True for a `Transfer-Encoding: chunked` answer. With a streaming
     * handler, net.http.parser leaves `body` false at the last chunk and
     * sets it when the connection closes first (0.12 and 13): a cut answer.
     */
    chunked?: boolean;
  }

  /**
   * Called once. On success: body, status code, response, request. On
   * failure (connection refused, invalid URL, TLS failure, cancelled): the
   * reason ("connection failed", "invalid-url", ...; see net.http.errors),
   * code 0, and the request.
   */
  export type Callback = (
    this: void,
    body: string,
    code: number,
    response: ClientResponse | ClientRequest | undefined,
    request?: ClientRequest,
  ) => void;

  /** Options of a client made with `new`; `request` options override them. */
  export interface ClientOptions {
    /**
     * Prosody 13 only (ignored by 0.12): keep one idle connection per
     * scheme://host:port after an answer that allows it, and reuse it for
     * the next request there (no retry if the server closed it meanwhile).
     * A request ended with `destroy_request(request)` also returns its
     * connection to the pool: pass `force` to close it instead.
     */
    connection_pooling?: boolean;
    /** Default LuaSec context options for https. */
    sslctx?: unknown;
    /** Use DANE for https. */
    use_dane?: boolean;
    /** Log callback errors instead of raising them. */
    suppress_errors?: boolean;
  }

  /** An HTTP client with its own events and defaults. `request` is a colon call. */
  export interface HttpClient {
    /** The client's options. */
    options?: ClientOptions;
    /** Events: "pre-request", "request", "response", "request-connection-error". */
    events: Events;
    /** Promise form (see `request` of the library). */
    request(url: string, options?: RequestOptions): Promise<ClientResponse>;
    /** Callback form (see `request` of the library). */
    request(url: string, options: RequestOptions | undefined, callback: Callback): ClientRequest | undefined;
    /** A client with these options merged over this one's. */
    "new"(this: void, options?: ClientOptions): HttpClient;
  }

  /**
   * Promise form: resolves with the response (any status), rejects with a
   * util.error from net.http.errors (`code` 0) when there is no response.
   */
  export function request(url: string, options?: RequestOptions): Promise<ClientResponse>;
  /**
   * Callback form: start a request; the callback gets the outcome. Returns
   * the request, or nil (and "invalid-url") for an invalid URL, after
   * calling the callback. Raises for https without LuaSec.
   */
  export function request(url: string, options: RequestOptions | undefined, callback: Callback): ClientRequest | undefined;
  /**
   * Close the request's connection. The callback may then be called with
   * code 0. Prosody 13: with a pooling client the connection goes back to
   * the pool unless `force` is true (0.12 ignores `force` and always closes).
   */
  export function destroy_request(request: ClientRequest, force?: boolean): void;
  /** A client with its own options and events. */
  function new_(options?: ClientOptions): HttpClient;
  export { new_ as new };
  /** The client behind `request` (verifies certificates, suppresses callback errors). */
  const default_: HttpClient;
  export { default_ as default };
  /** Events of the default client. */
  export const events: Events;
  /** What this net.http supports. */
  export const features: { sni: boolean };
  /**
   * Same as util.http's urlencode.
   * @deprecated Use util.http's `urlencode`: net.http re-exports it under "-- COMPAT" (net/http.lua of 0.12 and 13).
   */
  export function urlencode(s: string): string;
  /**
   * Same as util.http's urldecode.
   * @deprecated Use util.http's `urldecode` (a "-- COMPAT" re-export in net/http.lua).
   */
  export function urldecode(s: string): string;
  /**
   * Same as util.http's formencode.
   * @deprecated Use util.http's `formencode` (a "-- COMPAT" re-export in net/http.lua).
   */
  export function formencode(form: { [name: string]: string } | Array<{ name: string; value: string }>): string;
  /**
   * Same as util.http's formdecode: a string without `=` comes back decoded as a plain string.
   * @deprecated Use util.http's `formdecode` (a "-- COMPAT" re-export in net/http.lua).
   */
  export function formdecode(s: string): LuaTable<string | number, string | { name: string; value: string }> | string;
  /** Errors of the promise form. */
  export type RequestError = UtilError;
}

/**
 * net.http.server: the objects Prosody's HTTP server gives to route
 * handlers registered with
 * `module:provides("http", { route = { ["POST /path/*"] = handler } })`,
 * and the server's event functions (plain calls).
 */
/** @noResolution */
declare module "net.http.server" {
  import type { Promise } from "util.promise";
  import type { UtilError } from "util.error";
  import type { Handler } from "util.events";

  /** An incoming request. */
  export interface ServerRequest {
    /** Upper-case method. */
    method: string;
    /** Decoded, normalized path (without the query). */
    path: string;
    /** The path and query as received. */
    url: { path: string; query?: string };
    /** "1.0" or "1.1". */
    httpversion: string;
    /**
     * Header names are lower case with `-` turned into `_`
     * (`content_type`, `authorization`); repeated headers joined with ",".
     */
    headers: { [name: string]: string | undefined };
    /** The whole body ("" when none); apps with `streaming_uploads` may see it unset while receiving. */
    body: string;
    /** Client address (mod_http replaces it with X-Forwarded-For's from trusted proxies). */
    ip: string;
    /** True over TLS (or https behind a trusted proxy); nil otherwise. */
    secure?: boolean;
    /** Prosody 13 only (nil on 0.12): request id for log lines. */
    id?: string;
    /** Prosody 13 only (nil on 0.12): log with the request's id prefixed. A plain function. */
    log?: (this: void, level: "debug" | "info" | "warn" | "error", format: string, ...args: unknown[]) => void;
  }

  /** The response being prepared. Methods are colon calls. */
  export interface ServerResponse {
    /** Status (default 200). */
    status_code: number;
    /** Full status text to send instead of the standard one for `status_code`. */
    status?: string;
    /** Header names with `_` for `-` (`content_type`), sent with each word capitalized. */
    headers: { [name: string]: string | undefined };
    /** Body used by `send()` without an argument. */
    body?: string;
    /** True once sent (further sends are ignored). */
    finished?: boolean;
    /** The request answered. */
    request: ServerRequest;
    /** Called when the connection closes or the response finishes (colon call). */
    on_destroy?: (this: ServerResponse) => void;
    /** Write status, headers and body (default `response.body` or ""), and finish. */
    send(body?: string): void;
    /** Stream a file (chunked unless `content_length` is set); closes it at the end. */
    send_file(file: LuaFile): true | undefined;
    /** Write status and headers only (for streaming with `request.conn`). */
    write_headers(): void;
    /** Finish a response whose body was written separately. */
    done(): void;
  }

  /** The event given to route handlers. */
  export interface HttpEvent {
    /** The request. */
    request: ServerRequest;
    /** The response to fill in. */
    response: ServerResponse;
  }

  /** A table whose fields are copied to the response (headers merged) before sending. */
  export interface ResponseFields {
    /** Status. */
    status_code?: number;
    /** Headers to add. */
    headers?: { [name: string]: string };
    /** Body. */
    body?: string;
  }

  /** A result that is not a promise. */
  export type ImmediateResult = number | string | UtilError | ResponseFields | true | undefined;

  /**
   * What a handler may return: a status (>= 400 fires `http-error` for
   * the body), a body string (status from `response.status_code`), a
   * util.error (its `code` is the status, default 500), a table of response
   * fields, a promise of any of these (a rejection answers 500, or the
   * rejection's util.error), `true` after `response:send()`, or nil for 404.
   */
  export type HandlerResult = ImmediateResult | Promise<ImmediateResult>;

  /** A handler of a route without `/*`. */
  export type RouteHandler = (this: void, event: HttpEvent) => HandlerResult;
  /** A handler of a `/*` route: the second argument is the rest of the path after the route's base. */
  export type WildcardRouteHandler = (this: void, event: HttpEvent, path: string) => HandlerResult;

  /** The event of `http-error` handlers (`module:hook_object_event(server, "http-error", ...)`). */
  export interface HttpErrorEvent {
    /** Status of the error. */
    code: number;
    /** The request, when there is one. */
    request?: ServerRequest;
    /** The response, when there is one. */
    response?: ServerResponse;
    /** The util.error a handler returned, if any. */
    error?: UtilError;
    /** A message for the client. */
    message?: string;
    /** A message for logs only (tracebacks). */
    private_message?: string;
  }

  /** The item given to `module:provides("http", item)`. */
  export interface HttpApp {
    /** App name; defaults to the module's (without `http_`). */
    name?: string;
    /** Base path; default `/name`, overridable by the `http_paths` option. */
    default_path?: string;
    /** `"METHOD /path"`, `"METHOD /path/*"` or `"METHOD"` (the base path) to a handler or a constant result. */
    route: { [route: string]: RouteHandler | WildcardRouteHandler | number | string | ResponseFields };
    /** Per-app CORS overrides (0.12 sends CORS headers by default). */
    cors?: { enabled?: boolean; credentials?: boolean; headers?: { [name: string]: boolean }; origins?: string[] | "*" };
    /** Let handlers be called before the body is received (`request.body` unset). */
    streaming_uploads?: boolean;
  }

  /** Add a handler for an HTTP event (`"GET host/path"`, `"http-error"`); higher priority first. */
  export function add_handler(event: string, handler: Handler<never>, priority?: number): void;
  /** Remove a handler. */
  export function remove_handler(event: string, handler: Handler<never>): void;
  /** Fire an HTTP event; returns the first non-nil handler result. */
  export function fire_event(event: string, ...data: unknown[]): unknown;
  /** Set a parser option ("body_size_limit", "buffer_size_limit"). */
  export function set_option(name: string, value: unknown): void;
  /** Status lines by code (net.http.codes). */
  export const codes: { readonly [code: number]: string };
}
