-- Benchmark floor for a component that posts each stanza over a new
-- connection: about the least a module can do per message on Prosody's
-- connection layer. One JSON encode, a connection to the endpoint's IP
-- address (net.server's addclient, no resolver), a fixed request asking
-- for the connection's close, the answer read until that close, one JSON
-- decode and the reply. No HTTP parser, no checks, no timeouts, no
-- metrics: not a usable module, a yardstick.
local server = require "net.server";
local floor = module:require("bench_floor");

local head = floor.head("Connection: close\r\n");
local jobs = {};
local listeners = {};

function listeners.onconnect(conn)
	conn:write(jobs[conn].request);
end

function listeners.onincoming(conn, data)
	local parts = jobs[conn].parts;
	parts[#parts + 1] = data;
end

function listeners.ondisconnect(conn)
	local job = jobs[conn];
	jobs[conn] = nil;
	floor.reply(job.stanza, table.concat(job.parts):match("\r\n\r\n(.*)$"));
end

floor.hook(function (stanza, payload)
	local conn = server.addclient(floor.address, floor.port, listeners, "*a");
	if conn then
		jobs[conn] = { stanza = stanza, parts = {}, request = head .. #payload .. "\r\n\r\n" .. payload };
	end
end, false);
