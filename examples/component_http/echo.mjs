#!/usr/bin/env node
// An echo bot for mod_component_http in plain Node.js (no framework).
//   PORT=8080 SECRET=... node echo.mjs
// With SECRET set, requests whose X-Prosody-Signature does not match are refused.
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
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    const body = Buffer.concat(chunks);
    if (!signatureValid(body, req.headers["x-prosody-signature"])) {
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
