#!/usr/bin/env node
// An echo bot for mod_rest, written as a webhook, in plain Node.js (no dependencies).
//   PORT=8080 SECRET=... node echo.mjs
// mod_rest POSTs every stanza sent to its Component as JSON
// (rest_callback_content_type = "application/json"); the bot answers a chat
// or normal message with the same body, and accepts everything else with 204.
// With SECRET set, requests whose signature does not match are refused with 401:
// a whsec_ secret (rest_callback_webhook_secret on the Prosody side) checks the
// Standard Webhooks headers, with 5 minutes of tolerance on webhook-timestamp; any
// other (rest_callback_secret) the legacy X-Prosody-Signature.
import { createServer } from "node:http";
import { createHmac, timingSafeEqual } from "node:crypto";

const port = Number(process.env.PORT ?? 8080);
const secret = process.env.SECRET;

// A whsec_ secret: the Standard Webhooks headers (https://www.standardwebhooks.com/).
// Their official verifier does the same: npm install standardwebhooks, then
// new Webhook(secret).verify(body, req.headers). Any other secret: the legacy X-Prosody-Signature.
const TOLERANCE = 5 * 60; // seconds between the webhook-timestamp and our clock

function safeEqual(a, b) {
  const x = Buffer.from(String(a));
  const y = Buffer.from(String(b));
  return x.length === y.length && timingSafeEqual(x, y);
}

function standardSignatureValid(body, headers) {
  const id = headers["webhook-id"];
  const timestamp = headers["webhook-timestamp"];
  const signatures = headers["webhook-signature"];
  if (!id || !/^[0-9]+$/.test(timestamp ?? "") || !signatures) return false;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > TOLERANCE) return false;
  const key = Buffer.from(secret.slice("whsec_".length), "base64");
  const expected = createHmac("sha256", key).update(`${id}.${timestamp}.`).update(body).digest("base64");
  // One "v1,<base64>" per secret Prosody signs with (several while rotating): one match is enough.
  return signatures.split(" ").some((entry) => entry.startsWith("v1,") && safeEqual(entry.slice(3), expected));
}

function signatureValid(body, headers) {
  if (!secret) return true;
  if (secret.startsWith("whsec_")) return standardSignatureValid(body, headers);
  return safeEqual(headers["x-prosody-signature"] ?? "", "sha256=" + createHmac("sha256", secret).update(body).digest("hex"));
}

createServer((req, res) => {
  if (req.method === "OPTIONS") {
    // mod_rest's probe at load: our Accept header picks the format it sends.
    res.writeHead(200, { Accept: "application/json" }).end();
    return;
  }
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    const body = Buffer.concat(chunks);
    if (!signatureValid(body, req.headers)) {
      res.writeHead(401).end();
      return;
    }
    let stanza;
    try {
      stanza = JSON.parse(body.toString("utf8"));
    } catch {
      res.writeHead(400, { "Content-Type": "text/plain" }).end("expected JSON");
      return;
    }
    const type = stanza?.type ?? "normal";
    if (stanza?.kind !== "message" || !["chat", "normal"].includes(type) || typeof stanza.body !== "string") {
      res.writeHead(204).end(); // accepted, nothing to say (an iq gets an empty result)
      return;
    }
    // The reply: a message of the same type with the same body; mod_rest
    // sends it back to the sender, from the address the message went to.
    res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ kind: "message", type, body: stanza.body }));
  });
}).listen(port, "127.0.0.1", () => console.log(`mod_rest echo bot on http://127.0.0.1:${port}/`));
