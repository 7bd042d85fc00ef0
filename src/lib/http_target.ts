/**
 * The parts of an http(s) URL the connection pool (src/lib/http_pool.ts)
 * needs, with the request line's target and the headers net.http derives
 * from the URL (Host, Basic authorization from user info), so a pooled
 * request carries what net.http would have sent.
 */
import { base64 } from "util.encodings";

export interface Target {
  scheme: "http" | "https";
  /** Host name or IPv4 address, as written in the URL. */
  host: string;
  /** The host is an IPv4 address: no name to resolve. */
  ipv4: boolean;
  port: number;
  /** `scheme://host:port`: requests with the same origin share connections. */
  origin: string;
  /** The Host header: the host, with the port when it is not the scheme's default. */
  hostHeader: string;
  /** The request target: path and query ("/" when the URL has no path). */
  path: string;
  /** `Basic ...` from the URL's user info, as net.http sends it. */
  authorization?: string;
}

/** Four decimal numbers of 0-255 separated by dots. */
function isIpv4(host: string): boolean {
  const [a, b, c, d] = string.match(host, "^(%d%d?%d?)%.(%d%d?%d?)%.(%d%d?%d?)%.(%d%d?%d?)$");
  if (a === undefined) {
    return false;
  }
  for (const part of [a, b, c, d]) {
    if ((tonumber(part) as number) > 255) {
      return false;
    }
  }
  return true;
}

/**
 * Parse an absolute http(s) URL; nil for a form the pool does not handle
 * (another scheme, no host, an IPv6 literal, a port out of range): such
 * URLs go through net.http.
 */
export function parseTarget(url: string): Target | undefined {
  const [scheme, rest] = string.match(url, "^([hH][tT][tT][pP][sS]?)://(.*)$");
  if (scheme === undefined || rest === undefined) {
    return undefined;
  }
  const lowerScheme = string.lower(scheme) as "http" | "https";
  const [authority, afterAuthority] = string.match(rest, "^([^/?#]*)(.*)$");
  if (authority === undefined || afterAuthority === undefined) {
    return undefined;
  }
  const [userinfo, hostport] = string.match(authority, "^(.*)@(.*)$");
  const [host, portText] = string.match(hostport ?? authority, "^([^:%[%]]+):?(%d*)$");
  if (host === undefined || portText === undefined) {
    return undefined;
  }
  const defaultPort = lowerScheme === "https" ? 443 : 80;
  const port = portText === "" ? defaultPort : tonumber(portText);
  if (port === undefined || port < 1 || port > 65535) {
    return undefined;
  }
  // net.http writes the port in Host whenever the URL gives one other than the scheme's default.
  const hostHeader = portText === "" || port === defaultPort ? host : `${host}:${portText}`;
  let [path] = string.match(afterAuthority, "^([^#]*)");
  if (path === undefined || path === "" || string.sub(path, 1, 1) === "?") {
    path = `/${path ?? ""}`;
  }
  return {
    scheme: lowerScheme,
    host,
    ipv4: isIpv4(host),
    port,
    origin: `${lowerScheme}://${string.lower(host)}:${port}`,
    hostHeader,
    path,
    authorization: userinfo === undefined ? undefined : `Basic ${base64.encode(userinfo)}`,
  };
}
