-- Benchmark floor for a component that posts each stanza over a new
-- connection: about the least a module can do per message on Prosody's
-- connection layer. One JSON encode, a connection to the endpoint's IP
-- address (net.server's addclient, no resolver), a fixed request asking
-- for the connection's close, the answer read until that close, one JSON
-- decode and the reply. No HTTP parser, no checks, no timeouts, no
-- metrics: not a usable module, a yardstick.
local st = require "util.stanza";
local json = require "util.json";
local server = require "net.server";

local address, port = module:get_option_string("component_post_url", ""):match("^http://([%d.]+):(%d+)/");
port = tonumber(port);
local head = ("POST / HTTP/1.1\r\nHost: %s:%d\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: "):format(address, port);

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
	local body = table.concat(job.parts):match("\r\n\r\n(.*)$");
	local answer = body and json.decode(body);
	if type(answer) ~= "table" or type(answer.body) ~= "string" then return; end
	local stanza = job.stanza;
	module:send(st.message({ to = stanza.attr.from, from = stanza.attr.to, type = "chat" }):text_tag("body", answer.body));
end

local function post(event)
	local stanza = event.stanza;
	if stanza.attr.type == "error" then return true; end
	local payload = json.encode({ to = stanza.attr.to, from = stanza.attr.from, body = stanza:get_child_text("body") });
	local conn = server.addclient(address, port, listeners, "*a");
	if conn then
		jobs[conn] = { stanza = stanza, parts = {}, request = head .. #payload .. "\r\n\r\n" .. payload };
	end
	return true;
end

module:hook("message/bare", post);
module:hook("message/full", post);
module:hook("message/host", post);
