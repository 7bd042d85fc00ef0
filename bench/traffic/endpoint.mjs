// Webhook endpoint for the traffic soak and the load run, in its own Node
// process (so its work does not share the traffic generator's event loop).
//
//   node bench/traffic/endpoint.mjs [MAX_LATENCY_MS]
//
// POST /component: mod_component_http's JSON payload. A message with a body
//   is answered {"body": "echo: <body>"}; anything else 204 (an iq gets an
//   empty result).
// OPTIONS /callback: mod_rest's probe, answered 200 with Accept:
//   application/json (so the callbacks come as JSON).
// POST /callback: mod_rest's JSON stanza. A message with a body is answered
//   text/plain "echo: <body>" (a chat reply); anything else 204.
// GET /stats: what it received and answered, as JSON.
// Each answer waits a random 0..MAX_LATENCY_MS ms (default 0: at once).
// Prints "listening PORT" once ready.
import { createServer } from "node:http";

const maxLatency = Number(process.argv[2] ?? 0);
const stats = { component: { message: 0, iq: 0, other: 0 }, callback: { message: 0, other: 0, options: 0 }, answered: 0, unparsable: 0 };

function answer(res, status, headers, body) {
  const send = () => {
    stats.answered++;
    res.writeHead(status, { ...headers, "Content-Length": Buffer.byteLength(body ?? "") });
    res.end(body);
  };
  if (maxLatency > 0) setTimeout(send, Math.floor(Math.random() * (maxLatency + 1)));
  else send();
}

function onComponent(payload, res) {
  const kind = payload.kind === "message" || payload.kind === "iq" ? payload.kind : "other";
  stats.component[kind]++;
  if (kind === "message" && typeof payload.body === "string") {
    answer(res, 200, { "Content-Type": "application/json" }, JSON.stringify({ body: `echo: ${payload.body}` }));
  } else {
    answer(res, 204, {}, "");
  }
}

function onCallback(payload, res) {
  const isMessage = payload.kind === "message" && typeof payload.body === "string";
  stats.callback[isMessage ? "message" : "other"]++;
  if (isMessage) answer(res, 200, { "Content-Type": "text/plain; charset=utf-8" }, `echo: ${payload.body}`);
  else answer(res, 204, {}, "");
}

const server = createServer((req, res) => {
  const route = (req.url ?? "").split("?")[0];
  if (req.method === "GET" && route === "/stats") {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify(stats));
    return;
  }
  if (req.method === "OPTIONS" && route === "/callback") {
    stats.callback.options++;
    answer(res, 200, { Accept: "application/json", Allow: "POST, OPTIONS" }, "");
    return;
  }
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    let payload;
    try {
      payload = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      stats.unparsable++;
      answer(res, 400, { "Content-Type": "text/plain" }, "not JSON");
      return;
    }
    if (route === "/component") onComponent(payload, res);
    else if (route === "/callback") onCallback(payload, res);
    else answer(res, 404, { "Content-Type": "text/plain" }, "no such route");
  });
});
server.maxConnections = 8192;
server.listen(0, "127.0.0.1", 4096, () => {
  console.log(`listening ${server.address().port}`);
});
