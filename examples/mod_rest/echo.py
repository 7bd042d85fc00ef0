#!/usr/bin/env python3
"""An echo bot for mod_rest, written as a webhook, with Python's standard library.

    PORT=8080 SECRET=... python3 echo.py

mod_rest POSTs every stanza sent to its Component as JSON
(rest_callback_content_type = "application/json"); the bot answers a chat
or normal message with the same body, and accepts everything else with 204.
With SECRET set, requests whose signature does not match are refused with 401:
a whsec_ secret (rest_callback_webhook_secret on the Prosody side) checks the
Standard Webhooks headers, with 5 minutes of tolerance on webhook-timestamp; any
other (rest_callback_secret) the legacy X-Prosody-Signature.
"""
import base64
import hashlib
import hmac
import json
import os
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

PORT = int(os.environ.get("PORT", "8080"))
SECRET = os.environ.get("SECRET")


TOLERANCE = 5 * 60  # seconds between the webhook-timestamp and our clock


def standard_signature_valid(body: bytes, headers) -> bool:
    """The Standard Webhooks headers (https://www.standardwebhooks.com/), for a whsec_ secret.

    The official verifier does the same: pip install standardwebhooks, then
    standardwebhooks.Webhook(SECRET).verify(body, dict(headers)).
    """
    msg_id = headers.get("webhook-id") or ""
    timestamp = headers.get("webhook-timestamp") or ""
    signatures = headers.get("webhook-signature") or ""
    if not msg_id or not timestamp.isdigit() or not signatures:
        return False
    if abs(time.time() - int(timestamp)) > TOLERANCE:
        return False
    try:
        key = base64.b64decode(SECRET[len("whsec_"):], validate=True)
    except ValueError:
        return False
    content = msg_id.encode() + b"." + timestamp.encode() + b"." + body
    expected = base64.b64encode(hmac.new(key, content, hashlib.sha256).digest()).decode()
    # One "v1,<base64>" per secret Prosody signs with (several while rotating): one match is enough.
    return any(entry.startswith("v1,") and hmac.compare_digest(entry[3:], expected) for entry in signatures.split(" "))


def signature_valid(body: bytes, headers) -> bool:
    if not SECRET:
        return True
    if SECRET.startswith("whsec_"):
        return standard_signature_valid(body, headers)
    # Any other secret: the legacy X-Prosody-Signature.
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, headers.get("X-Prosody-Signature") or "")


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
        if not signature_valid(body, self.headers):
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
