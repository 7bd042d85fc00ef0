-- Benchmark ceiling for component round trips: an in-process component
-- answering every message with its body, as an HTTP echo bot would.
local st = require "util.stanza";

local function echo(event)
	local stanza = event.stanza;
	if stanza.attr.type == "error" then return true; end
	local reply = st.message({ to = stanza.attr.from, from = stanza.attr.to, type = "chat" });
	reply:text_tag("body", "Did you say " .. (stanza:get_child_text("body") or "") .. "?");
	module:send(reply);
	return true;
end

module:hook("message/bare", echo);
module:hook("message/full", echo);
module:hook("message/host", echo);
