-- Benchmark floor for a component that posts each stanza over kept-alive
-- connections: about the least a module can do per message when it reuses
-- connections, as mod_bench_connect is with a connection per stanza. Up to
-- 100 connections to the endpoint's IP address (net.server's addclient),
-- reused; more messages wait in order. A request written straight to the
-- socket once the connection has sent its first one; the answer taken as
-- complete when its head and Content-Length bytes are in (no HTTP parser,
-- nothing else of HTTP understood); one JSON decode and the reply. No
-- timeouts, no checks, no metrics: not a usable module, a yardstick.
local server = require "net.server";
local floor = module:require("bench_floor");

local head = floor.head("");
local MAX_CONNECTIONS = 100;

local links = {}; -- conn -> { conn, job, received, drained }
local idle = {};
local waiting, first_waiting, last_waiting = {}, 1, 0; -- a FIFO
local count = 0;
local listeners = {};

local function send(link, job)
	link.job, link.received = job, "";
	if link.drained and link.conn:socket():send(job.request) == #job.request then return; end
	link.drained = false;
	link.conn:write(job.request);
end

function listeners.onconnect(conn)
	local link = links[conn];
	conn:write(link.job.request);
end

function listeners.ondrain(conn)
	local link = links[conn];
	if link then link.drained = true; end
end

function listeners.onincoming(conn, data)
	local link = links[conn];
	local received = link.received .. data;
	local head_end = received:find("\r\n\r\n", 1, true);
	local length = head_end and tonumber(received:sub(1, head_end):match("\n[Cc]ontent%-[Ll]ength: *(%d+)"));
	if not length or #received - head_end - 3 < length then
		link.received = received;
		return;
	end
	local job = link.job;
	local next_job = waiting[first_waiting];
	if next_job then
		waiting[first_waiting] = nil;
		first_waiting = first_waiting + 1;
		send(link, next_job);
	else
		link.job = nil;
		idle[#idle + 1] = link;
	end
	floor.reply(job.stanza, received:sub(head_end + 4, head_end + 3 + length));
end

function listeners.ondisconnect(conn)
	local link = links[conn];
	links[conn] = nil;
	count = count - 1;
	for i = #idle, 1, -1 do
		if idle[i] == link then table.remove(idle, i); end
	end
end

floor.hook(function (stanza, payload)
	local job = { stanza = stanza, request = head .. #payload .. "\r\n\r\n" .. payload };
	local link = table.remove(idle);
	if link then
		send(link, job);
	elseif count < MAX_CONNECTIONS then
		local conn = server.addclient(floor.address, floor.port, listeners, "*a");
		if conn then
			count = count + 1;
			links[conn] = { conn = conn, job = job, received = "", drained = false };
		end
	else
		last_waiting = last_waiting + 1;
		waiting[last_waiting] = job;
	end
end, true);
