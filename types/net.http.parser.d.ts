/** @noSelfInFile */

/**
 * net.http.parser: Prosody's incremental HTTP/1.x parser, used by its HTTP
 * server and client. `feed` takes bytes as they arrive and calls back
 * for each message; on a parse error it calls the error callback once
 * and refuses further input. The same API in 0.12 and 13 (13 also fails
 * a head over the head limit with "header-too-large"; 0.12 waits for more).
 */
/** @noResolution */
declare module "net.http.parser" {
  /** The sink of a streamed body: `write` returns false to stop (a colon call). */
  export interface BodySink {
    write(chunk: string): boolean;
  }

  /** A parsed response (client parser). */
  export interface ParsedResponse {
    /** Status code. */
    code: number;
    /** "1.0" or "1.1". */
    httpversion: string;
    /** Lower-case names; repeated headers joined with ",". */
    headers: { [name: string]: string | undefined };
    /** The body: false while streamed or before it is complete. */
    body: string | false;
    /** Content-Length (0 for answers without a body); nil when the length is not given. */
    body_length?: number;
    /** True for a chunked answer. */
    chunked?: boolean;
    /**
     * True on the early callback (body not yet read): set `body_sink` then
     * to stream the body. Comes for chunked answers, answers without
     * Content-Length and those over the body limit.
     */
    partial?: boolean;
    /** Where the body goes when set during the early callback. */
    body_sink?: BodySink;
  }

  /** Limits and the request's method, read by the parser (the method at each status line). */
  export interface ParserOptions {
    /** Largest body, bytes (default 10 MiB). */
    body_size_limit?: number;
    /** Largest head, bytes (default 10 KiB). */
    head_size_limit?: number;
    /** Largest unparsed buffer, bytes (default twice the body limit). */
    buffer_size_limit?: number;
    /** "HEAD" answers have no body. */
    method?: string;
  }

  /** A parser; `feed` is a colon call. */
  export interface Parser {
    /** Parse more bytes; nil for the end of the stream (ends an answer delimited by the close). */
    feed(data: string | undefined): void;
  }

  /**
   * A parser of responses ("client") or requests ("server"). Errors:
   * "invalid-status-line", "invalid-header-line", "invalid-chunk-size",
   * "unexpected-eof", "max-buffer-size-exceeded", "content-length-limit-exceeded",
   * "body-sink-write-failure", and on 13 "header-too-large".
   */
  function new_(
    onMessage: (this: void, message: ParsedResponse) => void,
    onError: (this: void, reason: string) => void,
    kind: "client",
    options?: (this: void) => ParserOptions,
  ): Parser;
  export { new_ as new };
}
