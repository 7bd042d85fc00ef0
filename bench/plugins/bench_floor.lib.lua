-- What the two floor modules (mod_bench_connect, mod_bench_keepalive)
-- share: the endpoint's address from component_post_url (an IPv4 one),
-- the request head, the reply to a stanza from the endpoint's answer
-- body, and the hooks. Loaded with module:require("bench_floor").
local st = require "util.stanza";
local json = require "util.json";

local floor = {};

floor.address, floor.port = module:get_option_string("component_post_url", ""):match("^http://([%d.]+):(%d+)/");
floor.port = tonumber(floor.port);

--- The request head up to the Content-Length value; `extra`: header lines of its own.
function floor.head(extra)
	return ("POST / HTTP/1.1\r\nHost: %s:%d\r\n%sContent-Type: application/json\r\nContent-Length: "):format(floor.address, floor.port, extra);
end

--- Reply to `stanza` with the body the endpoint's JSON answer names, if any.
function floor.reply(stanza, body)
	local answer = body and json.decode(body);
	if type(answer) ~= "table" or type(answer.body) ~= "string" then return; end
	module:send(st.message({ to = stanza.attr.from, from = stanza.attr.to, type = "chat" }):text_tag("body", answer.body));
end

--- Call `post(stanza, payload)` for each message to the component but errors; `with_xml`: the payload carries the stanza's XML too.
function floor.hook(post, with_xml)
	local function handle(event)
		local stanza = event.stanza;
		if stanza.attr.type == "error" then return true; end
		local fields = { to = stanza.attr.to, from = stanza.attr.from, body = stanza:get_child_text("body") };
		if with_xml then fields.stanza = tostring(stanza); end
		post(stanza, json.encode(fields));
		return true;
	end
	module:hook("message/bare", handle);
	module:hook("message/full", handle);
	module:hook("message/host", handle);
end

return floor;
