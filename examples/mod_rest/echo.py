#!/usr/bin/env python3
"""An echo bot for mod_rest, written as a webhook, with Python's standard library.

    PORT=8080 SECRET=... python3 echo.py

mod_rest POSTs every stanza sent to its Component as JSON
(rest_callback_content_type = "application/json"); the bot answers a chat
or normal message with the same body, and accepts everything else with 204.
With SECRET set (rest_callback_secret on the Prosody side), requests whose
X-Prosody-Signature does not match are refused with 401.
"""
import hashlib
import hmac
import json
import os
from http.server import BaseHTTPRequestHandler, HTTPServer

PORT = int(os.environ.get("PORT", "8080"))
SECRET = os.environ.get("SECRET")


def signature_valid(body: bytes, header: str) -> bool:
    if not SECRET:
        return True
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header or "")


class EchoBot(BaseHTTPRequestHandler):
    def answer(self, status, body=b"", headers=None):
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_OPTIONS(self):
        # mod_rest's probe at load: our Accept header picks the format it sends.
        self.answer(200, headers={"Accept": "application/json"})

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if not signature_valid(body, self.headers.get("X-Prosody-Signature")):
            return self.answer(401)
        try:
            stanza = json.loads(body)
        except ValueError:
            return self.answer(400, b"expected JSON", {"Content-Type": "text/plain"})
        if not isinstance(stanza, dict):
            return self.answer(400, b"expected a JSON object", {"Content-Type": "text/plain"})
        if stanza.get("kind") != "message" or stanza.get("type", "normal") not in ("chat", "normal") \
                or not isinstance(stanza.get("body"), str):
            return self.answer(204)  # accepted, nothing to say (an iq gets an empty result)
        # The reply: a message of the same type with the same body; mod_rest
        # sends it back to the sender, from the address the message went to.
        reply = json.dumps({"kind": "message", "type": stanza.get("type", "normal"), "body": stanza["body"]})
        self.answer(200, reply.encode(), {"Content-Type": "application/json"})

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    print("mod_rest echo bot on http://127.0.0.1:%d/" % PORT, flush=True)
    HTTPServer(("127.0.0.1", PORT), EchoBot).serve_forever()
