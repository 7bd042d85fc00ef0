#!/usr/bin/env python3
"""An echo bot for mod_component_http with Python's standard library.

    PORT=8080 SECRET=... python3 echo.py

With SECRET set, requests whose signature does not match are refused: a whsec_
secret (component_post_webhook_secret) checks the Standard Webhooks headers, with
5 minutes of tolerance on webhook-timestamp; any other (component_post_secret)
the legacy X-Prosody-Signature.
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
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if not signature_valid(body, self.headers):
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
