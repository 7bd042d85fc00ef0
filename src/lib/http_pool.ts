/**
 * A pooled HTTP/1.1 client for webhook delivery, on Prosody's own
 * connection layer (net.connect, as net.http uses it; net.server's
 * addclient directly for an IPv4 address, which needs no resolver, and
 * for the address a host name was last reached at) and HTTP parser
 * (net.http.parser).
 *
 * - Up to `maxConnections` connections per origin (scheme, host, port),
 *   kept open between requests (keep-alive) and reused, one request at a
 *   time each (no pipelining); more requests wait here, in order.
 * - A connection idle for `idleTimeout` seconds is closed, as is one
 *   whose answer said `Connection: close`, an HTTP/1.0 answer without
 *   keep-alive, an answer delimited by the close, and one that breaks the
 *   protocol (a parse error, bytes nobody asked for).
 * - A request sent on a reused connection that closes before the first byte of
 *   the answer (the server closed it while idle: the keep-alive race) is
 *   sent once more on a new connection; never otherwise.
 * - No redirect is followed: a 3xx is an answer like the rest.
 * - A host name is resolved for a new connection only when its last
 *   resolution is over ADDRESS_TTL seconds old: meanwhile new connections
 *   go straight to the address the last resolved one reached. If that
 *   fails before connecting, the name is resolved again for the same
 *   request (nothing was sent yet). Not with DANE, whose records come
 *   with the resolution.
 * - https: the TLS context of net.http's default client (or the caller's),
 *   SNI, and the certificate checked as net.http does (chain, then host
 *   name with util.x509).
 * - An answer body over `maxBody` bytes fails the request ("too-large")
 *   and closes its connection; a head over 10 KiB fails it too.
 * - The parser of a closed connection that read its answer to the last
 *   byte and no further serves the next connection (see `Reader`).
 *
 * `request` returns nil for a URL the pool does not handle (see
 * http_target.ts): the caller sends those with net.http. Callbacks are
 * never called from inside `request`, except after `close`.
 */
import * as timelib from "util.time";
import type { Connection, Listeners } from "net.server";
import type { BodySink, ParsedResponse, Parser } from "net.http.parser";
import type { ClientLibs } from "./http_client_libs";
import { parseTarget } from "./http_target";
import type { Target } from "./http_target";

export interface PoolSettings {
  /** Connections per origin. */
  maxConnections: number;
  /** Seconds an unused connection stays open. */
  idleTimeout: number;
  /** Largest answer body, bytes. */
  maxBody: number;
  /** TLS context for https; nil: net.http's default one. */
  tlsContext?: object;
  /** False: a connection per request, asking for `Connection: close` (keep-alive turned off). */
  reuse: boolean;
}

/** An answer as the pool hands it over. */
export interface PoolAnswer {
  code: number;
  body: string;
  /** Lower-case names. */
  headers: { [name: string]: string | undefined };
}

/** The failure reason of an answer over the body limit. */
export const TOO_LARGE = "too-large";

/**
 * Called once per request with the caller's context: with the answer, or
 * with nil and why there is none. A context argument instead of a closure
 * per request: callers pass one function for all their requests.
 */
export type PoolCallback<C> = (this: void, context: C, answer: PoolAnswer | undefined, failure?: string) => void;

/** A request handed to the pool; pass it to `cancel` to give up on it. */
export interface PoolRequest {
  readonly origin: Origin;
  /** The request line, headers and body, as sent. */
  readonly data: string;
  /** Stored with its context typed away (see `Pool.request`). */
  readonly callback: PoolCallback<never>;
  readonly context: unknown;
  state: "waiting" | "sent" | "done";
  link?: Link;
  /** A byte of the answer arrived. */
  answered: boolean;
  /** Already sent again after the keep-alive race. */
  retried: boolean;
}

export interface Pool {
  /**
   * Send a request; nil when the URL is not for the pool (use net.http).
   * A `headers` table passed again is taken as unchanged (the pool keeps
   * the head it made from it): pass a new table for other headers.
   */
  request<C>(
    this: void, method: string, url: string, headers: { [name: string]: string }, body: string | undefined,
    callback: PoolCallback<C>, context: C,
  ): PoolRequest | undefined;
  /** Give up on a request without calling its callback; one in flight closes its connection. */
  cancel(this: void, request: PoolRequest): void;
  /**
   * Module unload: close the idle connections, fail the waiting requests
   * and any later one at once; requests already sent (or connecting) finish
   * on their connections, which then close: the endpoint may have acted on
   * them, so their senders get the real answer.
   */
  close(this: void): void;
  /** Open (or opening) connections, and the idle ones among them. */
  connections(this: void): LuaMultiReturn<[number, number]>;
}

/** Connections and waiting requests of one origin. */
interface Origin {
  key: string;
  target: Target;
  /** Open or opening. */
  count: number;
  /** Idle connections, least recently used first. */
  idle: Link[];
  /** Requests waiting for a connection, in order. */
  waiting: PoolRequest[];
  /** net.server's `extra` for a direct connection (the name for SNI), made once: it only reads it. */
  extra: { servername: string };
  /** The address a connection to the host name last reached (nil once it failed), and until when (util.time) new ones use it. */
  address?: string;
  addressUntil: number;
}

/** One connection. */
interface Link {
  origin: Origin;
  conn?: Connection;
  /** "ending": the server closed it, the parser is fed the end (a state, not a field: 8 fields fill a Lua table's 8 slots). */
  state: "connecting" | "busy" | "idle" | "ending" | "closed";
  request?: PoolRequest;
  /** Its parser and what it read of the current answer. */
  reader: Reader;
  /** Answers received: a request on a link that served one is on a reused connection. */
  served: number;
  idleSince: number;
  /** Everything written so far went out (net.server said so): the next request may go straight to the socket. */
  drained: boolean;
}

/**
 * A parser and what it has read of the current answer. A connection has
 * its own while open. When a connection closes after an answer read to
 * its last byte and not one more (no interim answer, not chunked, a body
 * of Content-Length up to SPARE_BODY_LIMIT), its parser is back where a
 * new one starts, with nothing buffered: it reads for the next connection
 * (see `recycle`), so that a connection per request does not make a
 * parser (and its buffers) per request.
 */
interface Reader {
  parser: Parser;
  /** The connection it reads for; nil while spare. */
  link?: Link;
  /** Per answer: whether its head ended yet; the last 3 bytes before (a split CRLFCRLF). */
  headSeen: boolean;
  headTail: string;
  /** Per answer: bytes of the head so far (its limit) until the head ends, then bytes after it (the body's). */
  counted: number;
  /** Per answer: an interim (1xx) answer came first, so `counted` no longer tells what the parser holds. */
  interim: boolean;
  /** Per answer: the body parts streamed by the parser, their size, whether they outgrew the limit. */
  parts?: string[];
  size: number;
  overflow: boolean;
  /** Per answer: the complete answer. */
  complete?: ParsedResponse;
  /** The parser's error, a second answer in the same bytes: the connection (and the parser) is done. */
  failure?: string;
  extra: boolean;
}

/**
 * Seconds a host name's address is used for new connections before the
 * name is resolved again: curl's default DNS cache timeout. A resolution
 * through net.connect (a DNS query, a promise, a pending connection, and
 * for "localhost" an IPv6 attempt before the IPv4 one) costs a connection
 * more than the connection itself.
 */
const ADDRESS_TTL = 60;

/** Largest body of an answer whose parser is kept (the parser holds on to its last answer until the next). */
const SPARE_BODY_LIMIT = 4096;

/**
 * Whether the parser holds nothing after `answer`: one final answer, with
 * a body of Content-Length (small enough to keep, see SPARE_BODY_LIMIT),
 * and the bytes after its head exactly that long. It is then as a new
 * parser: no state between answers, nothing buffered.
 */
function endsClean(reader: Reader, answer: ParsedResponse): boolean {
  if (!reader.headSeen || reader.interim || reader.extra || reader.failure !== undefined || reader.parts !== undefined) {
    return false;
  }
  const bodyLength = answer.body_length;
  if (answer.chunked === true || answer.code < 200 || bodyLength === undefined || bodyLength > SPARE_BODY_LIMIT) {
    return false;
  }
  return reader.counted === bodyLength;
}

/**
 * Whether the answer's head ends in `data` (its CRLFCRLF may begin in
 * the last bytes before, `headTail`); if so, counts what follows it: the
 * body's first bytes. Searches `data` in place: no copy of it.
 */
function headEnds(reader: Reader, data: string): boolean {
  const tail = reader.headTail;
  let end: number | undefined; // Where the CRLFCRLF ends, in `data`.
  if (tail !== "") {
    const [at] = string.find(tail + string.sub(data, 1, 3), "\r\n\r\n", 1, true);
    if (at !== undefined) {
      end = at + 3 - tail.length;
    }
  }
  if (end === undefined) {
    const [at] = string.find(data, "\r\n\r\n", 1, true);
    if (at === undefined) {
      return false;
    }
    end = at + 3;
  }
  reader.headSeen = true;
  reader.counted = data.length - end;
  return true;
}

/** Longest answer head read before failing the request (net.http.parser's default head limit). */
const HEAD_LIMIT = 10 * 1024;

/**
 * Parser errors that mean the answer is over the size limit: more unparsed
 * bytes than it buffers (a single read may hold megabytes), a Content-Length
 * or a streamed body over the limit.
 */
const OVER_LIMIT = new LuaSet<string>();
for (const reason of ["max-buffer-size-exceeded", "content-length-limit-exceeded", "body-sink-write-failure"]) {
  OVER_LIMIT.add(reason);
}

/** Feed a parser (a plain function, for pcall without a closure per packet). */
function feedParser(parser: Parser, data: string | undefined): void {
  parser.feed(data);
}

/** Whether the connection may carry another request after this answer. */
function keepsAlive(answer: ParsedResponse): boolean {
  if (answer.body_length === undefined && answer.chunked !== true) {
    return false; // Delimited by the close.
  }
  const connection = `,${string.gsub(string.lower(answer.headers.connection ?? ""), "%s", "")[0]},`;
  if (string.find(connection, ",close,", 1, true)[0] !== undefined) {
    return false;
  }
  return answer.httpversion !== "1.0" || string.find(connection, ",keep-alive,", 1, true)[0] !== undefined;
}

/** One header line, unless the caller's `headers` carry that name (theirs wins). */
function pushDefault(lines: string[], headers: { [name: string]: string }, name: string, value: string): void {
  if (headers[name] === undefined) {
    lines.push(name + (": " + (value + "\r\n")));
  }
}

/**
 * A URL's target, and the request head last made for it: made again only
 * when the method, the caller's headers table (by identity) or whether
 * there is a body changes.
 */
interface Route {
  target: Target;
  headMethod?: string;
  headHeaders?: { [name: string]: string };
  headWithBody: boolean;
  /** Request line and headers, but Content-Length and the blank line. */
  head: string;
  /** The caller's headers carry Content-Length: the pool adds none. */
  ownLength: boolean;
}

/**
 * Request line and headers but Content-Length: net.http's defaults (Host,
 * User-Agent, Content-Type) under the caller's. A header is one line
 * string (most are short, so Lua interns them and a repeated one costs no
 * allocation), not four pieces.
 */
function requestHead(method: string, target: Target, headers: { [name: string]: string }, withBody: boolean, reuse: boolean): string {
  const lines: string[] = [method + (" " + (target.path + " HTTP/1.1\r\n"))];
  pushDefault(lines, headers, "Host", target.hostHeader);
  pushDefault(lines, headers, "User-Agent", "Prosody XMPP Server");
  if (!reuse) {
    pushDefault(lines, headers, "Connection", "close");
  }
  if (target.authorization !== undefined) {
    pushDefault(lines, headers, "Authorization", target.authorization);
  }
  if (withBody) {
    pushDefault(lines, headers, "Content-Type", "application/x-www-form-urlencoded");
  }
  for (const [name, value] of pairs(headers)) {
    lines.push((name as string) + (": " + (value + "\r\n"))); // A header table's keys are names.
  }
  return table.concat(lines);
}

/** The request as sent: the route's head (made again when stale), Content-Length, the body, joined once. */
function requestData(route: Route, method: string, headers: { [name: string]: string }, body: string | undefined, reuse: boolean): string {
  const withBody = body !== undefined;
  if (route.headHeaders !== headers || route.headMethod !== method || route.headWithBody !== withBody) {
    route.head = requestHead(method, route.target, headers, withBody, reuse);
    route.headHeaders = headers;
    route.headMethod = method;
    route.headWithBody = withBody;
    route.ownLength = headers["Content-Length"] !== undefined;
  }
  if (body === undefined) {
    return route.head + "\r\n";
  }
  if (route.ownLength) {
    return route.head + ("\r\n" + body);
  }
  return route.head + ("Content-Length: " + (tostring(body.length) + ("\r\n\r\n" + body)));
}

export function newPool(settings: PoolSettings, libs: ClientLibs): Pool {
  const origins = new LuaMap<string, Origin>();
  let routes = new LuaMap<string, Route | false>();
  let routeCount = 0;
  const links = new LuaMap<Connection, Link>();
  /** Every link not closed, connecting ones included. */
  const live = new LuaSet<Link>();
  let closed = false;
  let timerArmed = false;
  /** The link whose connection addclient is making (direct connections have no onattach). */
  let opening: Link | undefined;
  const parserOptions = { body_size_limit: settings.maxBody, buffer_size_limit: settings.maxBody * 2 + 65536 };
  /** The parsers' options callback: one for all of them. */
  const optionsOfParsers = () => parserOptions;
  /**
   * Parsers of closed connections that ended clean, for the next ones (see
   * `recycle`): as many as connections may be open to one origin, dropped
   * after `idleTimeout` without one put back.
   */
  let spare: Reader[] = [];
  let recycledAt = 0;

  /** The parsed URL and its head, cached: webhooks post to few URLs. */
  function routeOf(url: string): Route | undefined {
    let route = routes.get(url);
    if (route === undefined) {
      if (routeCount >= 256) {
        routes = new LuaMap();
        routeCount = 0;
      }
      const target = parseTarget(url);
      route = target === undefined ? false : { target, headMethod: undefined, headHeaders: undefined, headWithBody: false, head: "", ownLength: false };
      routes.set(url, route);
      routeCount++;
    }
    return route === false ? undefined : route;
  }

  function settle(request: PoolRequest, answer: PoolAnswer | undefined, failure?: string): void {
    if (request.state === "done") {
      return;
    }
    request.state = "done";
    request.link = undefined;
    // The context was stored for this callback, which takes its type.
    request.callback(request.context as never, answer, failure);
  }

  /** Take a link out of service (once): its slot is free again. */
  function forget(link: Link): void {
    if (link.state === "closed") {
      return;
    }
    if (link.state === "idle") {
      const idle = link.origin.idle;
      for (let i = 0; i < idle.length; i++) {
        if (idle[i] === link) {
          table.remove(idle, i + 1);
          break;
        }
      }
    }
    link.state = "closed";
    link.origin.count--;
    live.delete(link);
    if (link.conn !== undefined) {
      links.delete(link.conn);
    }
  }

  /** Close a link; settling its request is the caller's business. */
  function drop(link: Link): void {
    forget(link);
    link.request = undefined;
    link.conn?.close();
  }

  /** Fail the link's request (no retry), close it, and let waiting requests use the freed slot. */
  function fail(link: Link, reason: string): void {
    const request = link.request;
    drop(link);
    if (request !== undefined) {
      settle(request, undefined, reason);
    }
    dispatch(link.origin);
  }

  /** Close the connections idle too long; the delay until the next one is due, or nil. */
  function sweep(now: number): number | undefined {
    let next: number | undefined;
    for (const [, origin] of origins) {
      while (origin.idle.length > 0 && origin.idle[0].idleSince + settings.idleTimeout <= now) {
        drop(origin.idle[0]);
      }
      if (origin.idle.length > 0) {
        const due = origin.idle[0].idleSince + settings.idleTimeout - now;
        next = next === undefined ? due : math.min(next, due);
      }
    }
    if (spare.length > 0) {
      // Spare parsers go once none was put back for as long as a connection stays idle.
      const due = recycledAt + settings.idleTimeout - now;
      if (due <= 0) {
        spare = [];
      } else {
        next = next === undefined ? due : math.min(next, due);
      }
    }
    timerArmed = next !== undefined;
    return next;
  }

  function armSweep(): void {
    if (!timerArmed) {
      timerArmed = true;
      module.add_timer(settings.idleTimeout, sweep);
    }
  }

  function send(link: Link, request: PoolRequest): void {
    link.state = "busy";
    link.request = request;
    const reader = link.reader;
    reader.headSeen = false;
    reader.headTail = "";
    reader.counted = 0;
    reader.interim = false;
    reader.parts = undefined;
    reader.size = 0;
    reader.overflow = false;
    reader.complete = undefined;
    request.link = link;
    request.state = "sent";
    transmit(link, request.data);
  }

  /**
   * Write a request. On a drained connection (a reused one) straight to
   * the socket: the kernel takes it at once, saving net.server a turn of
   * its loop (write interest on, a write timer, the write, both off again).
   * Whatever the socket does not take, or all of it on an error, goes
   * through the connection's buffer as usual: a closed connection then
   * ends as it would have (ondisconnect, from the loop, not from here).
   */
  function transmit(link: Link, data: string): void {
    const conn = link.conn as Connection;
    if (link.drained) {
      const [last, , partial] = conn.socket().send(data);
      if (last === data.length) {
        return;
      }
      if (partial !== undefined && partial > 0) {
        data = string.sub(data, partial + 1);
      }
    }
    link.drained = false;
    conn.write(data);
  }

  /** A link is free: give it the next waiting request, or keep it idle. */
  function release(link: Link): void {
    link.request = undefined;
    if (closed) {
      drop(link);
      return;
    }
    const waiting = link.origin.waiting;
    while (waiting.length > 0) {
      const next = table.remove(waiting, 1) as PoolRequest;
      if (next.state === "waiting") {
        send(link, next);
        return;
      }
    }
    link.state = "idle";
    link.idleSince = timelib.now();
    link.origin.idle.push(link);
    armSweep();
  }

  function onMessage(reader: Reader, message: ParsedResponse): void {
    if (message.partial === true) {
      // Streamed: chunked, delimited by the close, or announced over the limit.
      if (message.body_length !== undefined && message.body_length > settings.maxBody) {
        reader.overflow = true;
      }
      reader.parts = [];
      message.body_sink = sinkOf(reader);
      return;
    }
    if (message.code >= 100 && message.code < 200 && message.code !== 101) {
      reader.headSeen = false; // An interim answer: the final one follows.
      reader.counted = 0;
      reader.interim = true;
      return;
    }
    if (reader.complete !== undefined) {
      reader.extra = true;
      return;
    }
    reader.complete = message;
  }

  /** The body sink of a streamed answer: stops (false) past the limit; chunked bodies ignore that, so `overflow` is checked too. */
  function sinkOf(reader: Reader): BodySink {
    return {
      write(chunk: string): boolean {
        reader.size += chunk.length;
        if (reader.overflow || reader.size > settings.maxBody) {
          reader.overflow = true;
          return false;
        }
        (reader.parts as string[]).push(chunk);
        return true;
      },
    };
  }

  /** A reader for a new connection: a spare one, or a new one. */
  function takeReader(): Reader {
    const kept = table.remove(spare);
    if (kept !== undefined) {
      return kept;
    }
    // Declared first: the parser's callbacks find the reader through this local.
    let reader: Reader;
    const parser = libs.newParser(
      (message) => {
        if (reader.link !== undefined) {
          onMessage(reader, message);
        }
      },
      (reason) => {
        reader.failure = reason;
      },
      "client",
      optionsOfParsers,
    );
    reader = {
      parser, link: undefined, headSeen: false, headTail: "", counted: 0, interim: false,
      parts: undefined, size: 0, overflow: false, complete: undefined, failure: undefined, extra: false,
    };
    return reader;
  }

  /**
   * Keep the parser of a connection closing after `answer` for the next
   * one, when it read that answer to its last byte and no further.
   */
  function recycle(link: Link, answer: ParsedResponse): void {
    const reader = link.reader;
    if (spare.length < settings.maxConnections && endsClean(reader, answer)) {
      reader.link = undefined;
      reader.complete = undefined;
      spare.push(reader);
      recycledAt = timelib.now();
      armSweep();
    }
  }

  /** A connection's record, with its reader. */
  function newLink(origin: Origin): Link {
    const reader = takeReader();
    const link: Link = {
      origin, conn: undefined, state: "connecting", request: undefined, reader, served: 0, idleSince: 0, drained: false,
    };
    reader.link = link;
    live.add(link);
    return link;
  }

  function open(origin: Origin, request: PoolRequest): void {
    const link = newLink(origin);
    origin.count++;
    link.request = request;
    request.link = link;
    request.state = "sent";
    const target = origin.target;
    const https = target.scheme === "https";
    const defaults = libs.http.default.options;
    const sslctx = https ? settings.tlsContext ?? defaults?.sslctx : undefined;
    const address = target.ipv4 ? target.host : rememberedAddress(origin);
    if (address !== undefined && libs.addclient !== undefined) {
      // An address: net.connect would make a resolver, a pending connection and its id only to call this once.
      opening = link;
      const [conn, err] = libs.addclient(address, target.port, listeners, "*a", sslctx, undefined, origin.extra);
      opening = undefined;
      if (conn === undefined) {
        // Not from inside `request`: its caller may be starting the next of many requests failing the same way.
        module.add_timer(0, () => {
          notConnected(link, tostring(err));
        });
      } else if (link.conn === undefined && link.state !== "closed") {
        adopt(conn, link);
      }
      return;
    }
    const resolver = libs.newResolver(target.host, target.port, "tcp", { servername: target.host, use_dane: https && defaults?.use_dane === true });
    libs.connect(resolver, listeners, { sslctx }, link);
  }

  /** The address to connect to for a host name without resolving it, if it is recent enough. */
  function rememberedAddress(origin: Origin): string | undefined {
    return origin.addressUntil > timelib.now() ? origin.address : undefined;
  }

  /** Remember the address a connection to a host name reached (unless one is, or DANE needs each resolution). */
  function rememberAddress(origin: Origin, conn: Connection): void {
    const target = origin.target;
    if (target.ipv4 || rememberedAddress(origin) !== undefined || (target.scheme === "https" && libs.http.default.options?.use_dane === true)) {
      return;
    }
    const ip = conn.ip();
    if (typeof ip === "string") {
      origin.address = ip;
      origin.addressUntil = timelib.now() + ADDRESS_TTL;
    }
  }

  /**
   * A direct connection failed before connecting. To a remembered address
   * (even one that expired meanwhile), the request (not sent yet) goes
   * through the resolver on a new connection, the address forgotten;
   * otherwise it fails.
   */
  function notConnected(link: Link, reason: string): void {
    const origin = link.origin;
    const request = link.request;
    if (origin.target.ipv4 || origin.address === undefined || request === undefined || closed) {
      fail(link, reason);
      return;
    }
    origin.address = undefined;
    drop(link);
    module.log("debug", "Connection to %s at its last address failed (%s); resolving the name again", origin.key, reason);
    open(origin, request);
  }

  /** The link of a connection: a direct one may call back before addclient returns. */
  function linkOf(conn: Connection): Link | undefined {
    const link = links.get(conn);
    if (link === undefined && opening !== undefined && opening.conn === undefined) {
      adopt(conn, opening);
      return opening;
    }
    return link;
  }

  function adopt(conn: Connection, link: Link): void {
    link.conn = conn;
    links.set(conn, link);
  }

  /** Serve waiting requests with idle connections, then new ones up to the limit. */
  function dispatch(origin: Origin): void {
    const waiting = origin.waiting;
    while (waiting.length > 0) {
      if (waiting[0].state !== "waiting") {
        table.remove(waiting, 1);
      } else if (origin.idle.length > 0) {
        send(table.remove(origin.idle) as Link, table.remove(waiting, 1) as PoolRequest);
      } else if (origin.count < settings.maxConnections) {
        open(origin, table.remove(waiting, 1) as PoolRequest);
      } else {
        return;
      }
    }
  }

  /** Parse bytes of the answer (nil: the connection closed), then act on what the parser found. */
  function feed(link: Link, data: string | undefined): void {
    const reader = link.reader;
    const [ok, err] = pcall(feedParser, reader.parser, data);
    if (!ok) {
      reader.failure = `parser error: ${tostring(err)}`;
    }
    const request = link.request;
    if (request === undefined) {
      return;
    }
    if (reader.failure !== undefined && OVER_LIMIT.has(reader.failure)) {
      reader.overflow = true;
    }
    if (reader.overflow) {
      fail(link, TOO_LARGE);
    } else if (reader.complete !== undefined) {
      finish(link, request, reader.complete);
    } else if (reader.failure !== undefined) {
      fail(link, reader.failure);
    }
  }

  /** A complete answer: free the connection (or close it), then hand the answer over. */
  function finish(link: Link, request: PoolRequest, answer: ParsedResponse): void {
    const reader = link.reader;
    let body = reader.parts !== undefined ? table.concat(reader.parts) : answer.body;
    if (link.state === "ending" && answer.chunked === true && reader.parts !== undefined) {
      fail(link, "answer cut short"); // The close ended a chunked body before its last chunk.
      return;
    }
    if (body === false || body.length > settings.maxBody) {
      fail(link, body === false ? "answer cut short" : TOO_LARGE);
      return;
    }
    link.served++;
    const reusable = settings.reuse && link.state === "busy" && !closed && !reader.extra && reader.failure === undefined;
    if (reusable && answer.code !== 101 && keepsAlive(answer)) {
      reader.complete = undefined;
      reader.parts = undefined;
      release(link);
    } else {
      recycle(link, answer);
      drop(link);
      dispatch(link.origin);
    }
    settle(request, { code: answer.code, body, headers: answer.headers });
  }

  const listeners: Listeners<Link> = {
    onattach(conn, link) {
      if (link.state === "closed" || (closed && link.request === undefined)) {
        conn.close();
        return;
      }
      adopt(conn, link);
    },
    onconnect(conn) {
      const link = linkOf(conn);
      if (link === undefined) {
        conn.close();
        return;
      }
      const target = link.origin.target;
      if (target.scheme === "https") {
        const reason = certificateProblem(conn, target.host);
        if (reason !== undefined) {
          fail(link, reason);
          return;
        }
      }
      rememberAddress(link.origin, conn);
      const request = link.request;
      if (request !== undefined && request.state === "sent") {
        send(link, request);
      } else {
        release(link); // Its request was cancelled while connecting.
      }
    },
    onincoming(conn, data) {
      const link = linkOf(conn);
      if (link === undefined) {
        return;
      }
      const request = link.request;
      if (link.state !== "busy" || request === undefined) {
        drop(link); // Bytes nobody asked for: the connection cannot be trusted from now on.
        dispatch(link.origin);
        return;
      }
      request.answered = true;
      const reader = link.reader;
      if (reader.headSeen) {
        reader.counted += data.length;
      } else if (!headEnds(reader, data)) {
        reader.counted += data.length;
        if (reader.counted > HEAD_LIMIT) {
          fail(link, "header-too-large");
          return;
        }
        reader.headTail = data.length >= 3 ? string.sub(data, -3) : string.sub(reader.headTail + data, -3);
      }
      feed(link, data);
    },
    ondisconnect(conn, reason) {
      const link = linkOf(conn);
      if (link === undefined) {
        return;
      }
      links.delete(conn);
      const request = link.request;
      const origin = link.origin;
      if (link.state === "connecting" && request !== undefined) {
        notConnected(link, reason ?? "connection failed"); // A direct connection that could not be made (net.connect calls onfail instead).
        return;
      }
      if (request === undefined || link.state !== "busy") {
        forget(link);
        dispatch(origin);
        return;
      }
      if (!request.answered && link.served > 0 && !request.retried && !closed) {
        // The keep-alive race: the server closed the idle connection as the request went out. Once more, on a new one.
        forget(link);
        request.retried = true;
        module.log("debug", "Connection to %s closed before answering; sending the request again on a new one", origin.key);
        open(origin, request);
        return;
      }
      link.state = "ending";
      feed(link, undefined);
      if (link.request !== undefined) {
        fail(link, reason ?? "connection closed");
      } else {
        forget(link);
        dispatch(origin);
      }
    },
    onfail(link, reason) {
      fail(link, reason);
    },
    ondrain(conn) {
      const link = linkOf(conn);
      if (link !== undefined) {
        link.drained = true;
      }
    },
  };

  /** Why the server's certificate is refused (net.http's checks), or nil. */
  function certificateProblem(conn: Connection, host: string): string | undefined {
    if (!conn.ssl()) {
      return "no TLS";
    }
    const sock = conn.socket();
    if (sock.getpeerverification === undefined || sock.getpeerverification()[0] !== true) {
      return "certificate-chain-invalid";
    }
    const cert = sock.getpeercertificate?.();
    if (cert === undefined || !libs.verifyIdentity(host, false, cert)) {
      return "certificate-verify-failed";
    }
    return undefined;
  }

  function originOf(target: Target): Origin {
    let origin = origins.get(target.origin);
    if (origin === undefined) {
      origin = { key: target.origin, target, count: 0, idle: [], waiting: [], extra: { servername: target.host }, address: undefined, addressUntil: 0 };
      origins.set(target.origin, origin);
    }
    return origin;
  }

  return {
    request(method, url, headers, body, callback, context) {
      const route = routeOf(url);
      if (route === undefined) {
        return undefined;
      }
      const origin = originOf(route.target);
      const request: PoolRequest = {
        origin, data: requestData(route, method, headers, body, settings.reuse), callback, context, state: "waiting", answered: false, retried: false,
      };
      if (closed) {
        settle(request, undefined, "closed");
        return request;
      }
      origin.waiting.push(request);
      dispatch(origin);
      return request;
    },
    cancel(request) {
      if (request.state === "done") {
        return;
      }
      const link = request.link;
      request.state = "done";
      request.link = undefined;
      if (link !== undefined && link.request === request) {
        if (link.state === "busy") {
          drop(link); // The answer may still come: the connection cannot carry another request.
          dispatch(link.origin);
        } else {
          link.request = undefined; // Connecting: it becomes idle when connected.
        }
      }
    },
    close() {
      closed = true;
      for (const [, origin] of origins) {
        const pending = origin.waiting;
        origin.waiting = [];
        for (const request of pending) {
          pcall(settle, request, undefined, "closed");
        }
      }
      for (const link of live) {
        if (link.request === undefined) {
          drop(link);
        }
      }
    },
    connections() {
      let open = 0;
      let idle = 0;
      for (const [, origin] of origins) {
        open += origin.count;
        idle += origin.idle.length;
      }
      return $multi(open, idle);
    },
  };
}
