#!/usr/bin/env node
// An echo bot for mod_component_http in plain Node.js (no framework).
//   PORT=8080 SECRET=... node echo.mjs
// With SECRET set, requests whose signature does not match are refused: a whsec_ secret
// (component_post_webhook_secret) checks the Standard Webhooks headers, with 5 minutes of
// tolerance on webhook-timestamp; any other (component_post_secret) the legacy X-Prosody-Signature.
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
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    const body = Buffer.concat(chunks);
    if (!signatureValid(body, req.headers)) {
      res.writeHead(401).end();
      return;
    }
    const stanza = JSON.parse(body.toString("utf8"));
    if (stanza.kind !== "message" || stanza.body === undefined) {
      res.writeHead(204).end(); // accepted, nothing to say
      return;
    }
    const reply = { body: `Did you say ${stanza.body}?` };
    if (stanza.type === "groupchat") {
      reply.type = "groupchat";
      reply.to = stanza.from.split("/")[0]; // answer the room, not the occupant
    }
    res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(reply));
  });
}).listen(port, "127.0.0.1", () => console.log(`echo bot on http://127.0.0.1:${port}/`));
