#!/usr/bin/env python3
"""Webhook endpoint for the mod_component_http bench, Python standard library only.

Answers every POST with {"body": "Did you say <body>?"} as application/json
(exactly that media type: the community module compares the header as is).
A thread per connection (ThreadingHTTPServer), HTTP/1.1 so a client that
keeps connections alive can reuse them. Prints "listening PORT" once ready.
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class EchoHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # TCP_NODELAY, as production Python servers set it: the head and the body
    # go out in two writes, and with Nagle on a kept-alive connection holds the
    # body until the head is acknowledged (a delayed ACK, about 40 ms).
    disable_nagle_algorithm = True

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        stanza = json.loads(self.rfile.read(length) or b"{}")
        reply = json.dumps({"body": "Did you say %s?" % stanza.get("body")}).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, format, *args):
        pass  # one line per request would cost more than the answer


class Server(ThreadingHTTPServer):
    daemon_threads = True
    # The default backlog of 5 drops connections when 1,000 requests arrive at once.
    request_queue_size = 1024


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    server = Server(("127.0.0.1", port), EchoHandler)
    print("listening %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
