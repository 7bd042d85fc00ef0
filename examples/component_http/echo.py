#!/usr/bin/env python3
"""An echo bot for mod_component_http with Python's standard library.

    PORT=8080 SECRET=... python3 echo.py

With SECRET set, requests whose X-Prosody-Signature does not match are refused.
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
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if not signature_valid(body, self.headers.get("X-Prosody-Signature")):
            self.send_response(401)
            self.end_headers()
            return
        stanza = json.loads(body)
        if stanza.get("kind") != "message" or "body" not in stanza:
            self.send_response(204)  # accepted, nothing to say
            self.end_headers()
            return
        reply = {"body": "Did you say %s?" % stanza["body"]}
        if stanza.get("type") == "groupchat":
            reply["type"] = "groupchat"
            reply["to"] = stanza["from"].split("/")[0]  # answer the room, not the occupant
        out = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    print("echo bot on http://127.0.0.1:%d/" % PORT, flush=True)
    HTTPServer(("127.0.0.1", PORT), EchoBot).serve_forever()
