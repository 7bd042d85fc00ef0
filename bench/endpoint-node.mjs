// Webhook endpoint for the mod_component_http bench, in its own Node process
// (so it does not share the bench client's event loop). Answers every POST
// with {"body": "Did you say <body>?"} as application/json; keeps connections
// alive (Node's default). Prints "listening PORT" once ready.
// With a certificate and key file as arguments it serves https instead, on
// both loopback addresses.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { createServer as createTlsServer } from "node:https";

const answer = (req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    const stanza = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
    const reply = JSON.stringify({ body: `Did you say ${stanza.body}?` });
    res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(reply) });
    res.end(reply);
  });
};
const [certFile, keyFile] = process.argv.slice(2);
const tls = certFile && keyFile ? { cert: readFileSync(certFile), key: readFileSync(keyFile) } : undefined;
const listen = (address, port, ready) => {
  const server = tls ? createTlsServer(tls, answer) : createServer(answer);
  server.maxConnections = 4096;
  server.once("error", () => ready(port));
  server.listen(port, address, 1024, () => ready(server.address().port));
};
listen("127.0.0.1", 0, (port) => {
  if (!tls) {
    console.log(`listening ${port}`);
    return;
  }
  // The https URL names "localhost", which resolves to ::1 as well: answer
  // there too (when the machine has it), so that no client pays a refused
  // connection before each one it makes.
  listen("::1", port, () => console.log(`listening ${port}`));
});
