/** @noSelfInFile */

/**
 * net.http: Prosody's asynchronous HTTP client. There is no per-request
 * timeout: callers enforce their own with a timer and `destroy_request`.
 * No connection reuse in 0.12.
 */
/** @noResolution */
declare module "net.http" {
  import type { Promise } from "util.promise";
  import type { UtilError } from "util.error";

  export interface RequestOptions {
    /** Default GET, or POST when a body is given. */
    method?: string;
    /** Extra headers; a body sets `Content-Type: application/x-www-form-urlencoded` unless given here. */
    headers?: { [name: string]: string };
    body?: string;
    /** Request id for log lines. */
    id?: string;
    /** Skip certificate verification. */
    insecure?: boolean;
    /** Log errors in the callback instead of raising them. */
    suppress_errors?: boolean;
    /** Log only the host, not the full URL (which may hold secrets). */
    suppress_url?: boolean;
    sslctx?: unknown;
    use_dane?: boolean;
  }

  /** A request in flight (returned by the callback form). */
  export interface ClientRequest {
    id: string;
    url: string;
    method?: string;
    host: string;
    port?: string;
    path: string;
    scheme: string;
    headers: { [name: string]: string };
    body?: string;
  }

  /** The response handed to callbacks and promise handlers. */
  export interface ClientResponse {
    code: number;
    httpversion: string;
    /** Header names are lower case; repeated headers joined with ",". */
    headers: { [name: string]: string | undefined };
    body: string;
    /** Set on promise results: the request it answers. */
    request?: ClientRequest;
  }

  /**
   * Called once. On success: body, status code, response, request. On
   * failure (connection refused, invalid URL, cancelled): an error string,
   * code 0, and the request.
   */
  export type Callback = (
    this: void,
    body: string,
    code: number,
    response: ClientResponse | ClientRequest | undefined,
    request?: ClientRequest,
  ) => void;

  /** Start a request; the callback gets the outcome. Returns nil for an invalid URL. */
  export function request(url: string, options: RequestOptions | undefined, callback: Callback): ClientRequest | undefined;
  /** Promise form: resolves with the response, rejects with a util.error on connection failure. */
  export function request(url: string, options?: RequestOptions): Promise<ClientResponse>;
  /** Close the request's connection. The callback may still be called with code 0. */
  export function destroy_request(request: ClientRequest): void;
  export function urlencode(s: string): string;
  export function urldecode(s: string): string;
  export function formencode(form: { [name: string]: string }): string;
  export function formdecode(s: string): LuaTable<string | number, unknown> | string;
  /** Errors of the promise form. */
  export type RequestError = UtilError;
}

/**
 * The objects Prosody's HTTP server gives to route handlers registered
 * with `module:provides("http", { route = { ["POST /path/*"] = handler } })`.
 */
/** @noResolution */
declare module "net.http.server" {
  import type { Promise } from "util.promise";
  import type { UtilError } from "util.error";

  /** An incoming request. */
  export interface ServerRequest {
    method: string;
    /** Decoded, normalized path (without the query). */
    path: string;
    url: { path: string; query?: string };
    httpversion: string;
    /**
     * Header names are lower case with `-` turned into `_`
     * (`content_type`, `authorization`); repeated headers joined with ",".
     */
    headers: { [name: string]: string | undefined };
    /** The whole body (a string once fully received). */
    body: string;
    /** Client address (after trusted proxies). */
    ip: string;
    secure: boolean;
    id: string;
    /** Log with the request's id prefixed. */
    log(this: void, level: "debug" | "info" | "warn" | "error", format: string, ...args: unknown[]): void;
  }

  /** The response being prepared; `send` writes it. */
  export interface ServerResponse {
    /** Default 200. */
    status_code: number;
    /** Header names with `_` for `-` (`content_type`); written as given. */
    headers: { [name: string]: string | undefined };
    body?: string;
    finished?: boolean;
    /** Write status, headers and body, and finish. */
    send(body?: string): void;
  }

  /** The event given to route handlers. */
  export interface HttpEvent {
    request: ServerRequest;
    response: ServerResponse;
  }

  /**
   * What a handler may return: a status (>= 400 fires `http-error`), a body
   * string (status from `response.status_code`), a util.error (its `code` is
   * the status), a promise of any of these, `true` after `response:send()`,
   * or nil for 404.
   */
  export type HandlerResult = number | string | UtilError | true | undefined | Promise<number | string | UtilError | true | undefined>;

  /** A route handler; for `/*` routes the second argument is the rest of the path. */
  export type RouteHandler = (this: void, event: HttpEvent, path: string) => HandlerResult;

  /** The item given to `module:provides("http", item)`. */
  export interface HttpApp {
    /** App name; defaults to the module's. */
    name?: string;
    /** Base path; default `/name`, overridable by `http_paths`. */
    default_path?: string;
    /** `"METHOD /path"` or `"METHOD /path/*"` to handler (or a constant result). */
    route: { [route: string]: RouteHandler | number | string };
    /** Per-app CORS overrides. */
    cors?: { enabled?: boolean; credentials?: boolean; headers?: { [name: string]: boolean }; origins?: string[] | "*" };
    /** Let handlers receive partial bodies. */
    streaming_uploads?: boolean;
  }
}
