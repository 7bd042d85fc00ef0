#!/usr/bin/env node
// An echo bot for mod_rest, written as a webhook, in plain Node.js (no dependencies).
//   PORT=8080 SECRET=... node echo.mjs
// mod_rest POSTs every stanza sent to its Component as JSON
// (rest_callback_content_type = "application/json"); the bot answers a chat
// or normal message with the same body, and accepts everything else with 204.
// With SECRET set (rest_callback_secret on the Prosody side), requests whose
// X-Prosody-Signature does not match are refused with 401.
import { createServer } from "node:http";
import { createHmac, timingSafeEqual } from "node:crypto";

const port = Number(process.env.PORT ?? 8080);
const secret = process.env.SECRET;

function signatureValid(body, header) {
  if (!secret) return true;
  const expected = Buffer.from("sha256=" + createHmac("sha256", secret).update(body).digest("hex"));
  const given = Buffer.from(String(header ?? ""));
  return given.length === expected.length && timingSafeEqual(given, expected);
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
    if (!signatureValid(body, req.headers["x-prosody-signature"])) {
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
