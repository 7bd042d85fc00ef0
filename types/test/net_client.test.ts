import * as connectlib from "net.connect";
import * as resolvers from "net.resolvers.basic";
import * as parserlib from "net.http.parser";
import * as certmanager from "core.certmanager";
import * as x509 from "util.x509";
import type { Connection, Listeners } from "net.server";
import type { ParsedResponse, Parser } from "net.http.parser";
import { type Equals, expectAssignable } from "./helpers";

// A client connection as net.http opens one: resolver, listeners with the caller's data, TLS context.
interface Exchange { host: string; received: string[] }
const listeners: Listeners<Exchange> = {
  onattach(conn, exchange) {
    expectAssignable<Connection>(conn);
    expectAssignable<Exchange>(exchange);
  },
  onconnect(conn) {
    if (conn.ssl()) {
      const sock = conn.socket();
      const verified = sock.getpeerverification?.()[0];
      expectAssignable<boolean | undefined>(verified);
      const cert = sock.getpeercertificate?.();
      if (cert !== undefined) {
        expectAssignable<boolean>(x509.verify_identity("example.com", false, cert));
      }
    }
    conn.write("GET / HTTP/1.1\r\nHost: example.com\r\n\r\n");
  },
  onincoming(conn, data) {
    expectAssignable<string>(data);
    conn.close();
  },
  ondisconnect(_conn, reason) {
    expectAssignable<string | undefined>(reason);
  },
  onfail(exchange, reason) {
    expectAssignable<Exchange>(exchange);
    expectAssignable<string>(reason);
  },
};
const target = resolvers.new("example.com", 443, "tcp", { servername: "example.com" });
const [context, err] = certmanager.create_context("client_https port 0", "client", { cafile: "/etc/ssl/ca.pem", verify: "peer" });
if (context === undefined) {
  expectAssignable<string>(err);
}
connectlib.connect(target, listeners, { sslctx: context }, { host: "example.com", received: [] });
// @ts-expect-error the data must be what the listeners take
connectlib.connect(target, listeners, undefined, "not an exchange");

// The client parser: early (partial) callbacks to stream a body, then the complete answer.
const parser: Parser = parserlib.new((response) => {
  const responseType: Equals<typeof response, ParsedResponse> = true;
  if (response.partial === true) {
    response.body_sink = {
      write(chunk: string) {
        return chunk.length < 100;
      },
    };
  } else if (response.body !== false) {
    expectAssignable<string>(response.body);
    expectAssignable<number>(response.code);
  }
}, (reason) => expectAssignable<string>(reason), "client", () => ({ body_size_limit: 1024, method: "POST" }));
parser.feed("HTTP/1.1 204 No Content\r\n\r\n");
parser.feed(undefined);
