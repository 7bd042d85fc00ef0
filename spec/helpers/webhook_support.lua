-- Spec helpers shared by the modules that forward stanzas to a webhook
-- (mod_component_http, mod_rest's callbacks): stanzas from T.ALICE to
-- T.BOT, firing them at a loaded module, and checking what it sent back.
--
--   local T = { BOT = "echo@bot.localhost", ALICE = "alice@localhost/phone" };
--   require "webhook_support"(T);   -- adds the functions below to T

local assert = require "luassert";
local support = require "support";
local st = require "util.stanza";
local jid = require "util.jid";

return function (T)
	T.XMLNS_STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";
	T.ORIGIN = { type = "s2sin", host = "localhost", send = function () end };

	--- Remove the endpoint status warnings from the logs (before looking for other warnings).
	function T.drop_status_warnings(m)
		local kept = {};
		for _, entry in ipairs(m.logs) do
			if not support.endpoint_status_warning(entry) then kept[#kept + 1] = entry; end
		end
		m.logs = kept;
	end

	--- A chat message from ALICE to BOT (attrs over those; false removes one);
	--- `body` false: no body.
	function T.message(attrs, body)
		local s = st.message(support.overlay({ to = T.BOT, from = T.ALICE, type = "chat", id = "m1" }, attrs));
		if body ~= false then s:text_tag("body", body or "hello"); end
		return s;
	end

	--- An iq (a version query when get/set) from ALICE to BOT.
	function T.iq(attrs)
		local s = st.iq(support.overlay({ to = T.BOT, from = T.ALICE, type = "get", id = "iq1" }, attrs));
		if s.attr.type == "get" or s.attr.type == "set" then
			s:tag("query", { xmlns = "jabber:iq:version" }):up();
		end
		return s;
	end

	function T.presence(attrs)
		return st.presence(support.overlay({ to = T.BOT, from = T.ALICE }, attrs));
	end

	--- The event Prosody fires for a stanza, by its `to` (none: bare, the sender's own account).
	function T.event_name(stanza)
		if stanza.attr.to == nil then return stanza.name .. "/bare"; end
		local node, _, resource = jid.split(stanza.attr.to);
		local addressing = resource and "full" or node and "bare" or "host";
		return stanza.name .. "/" .. addressing;
	end

	--- Fire the stanza at the module (at `event`, default T.event_name);
	--- returns the handlers' result and the HTTP request it made (nil when none).
	function T.deliver(m, stanza, event, origin)
		local before = #m.http_requests;
		local handled = m.fire(event or T.event_name(stanza), { origin = origin or T.ORIGIN, stanza = stanza });
		assert(#m.http_requests <= before + 1, "at most one request per stanza");
		return handled, m.http_requests[before + 1];
	end

	--- Fire and return the request, which must exist.
	function T.forward(m, stanza, event, origin)
		local handled, req = T.deliver(m, stanza, event, origin);
		assert.is_true(handled, "the stanza was handled");
		assert.is_table(req, "an HTTP request was made");
		return req;
	end

	function T.tag_names(stanza)
		local names = {};
		for _, child in ipairs(stanza.tags) do names[#names + 1] = child.name; end
		return names;
	end

	--- Exactly one stanza was sent: an error reply to `original` with this type
	--- and condition (one of them when `condition` is a list). Returns it.
	function T.assert_error_reply(m, original, etype, condition)
		assert.equal(1, #m.sent, "exactly one stanza sent");
		local reply = m.sent[1];
		assert.equal(original.name, reply.name);
		assert.equal("error", reply.attr.type, tostring(reply));
		assert.equal(original.attr.id, reply.attr.id);
		assert.equal(original.attr.from, reply.attr.to);
		assert.equal(original.attr.to, reply.attr.from);
		local error_type, error_condition = reply:get_error();
		local err = reply:get_child("error");
		assert.is_table(err, "an <error/> element");
		assert.equal(etype, error_type, tostring(reply));
		if type(condition) == "table" then
			local allowed = {};
			for _, c in ipairs(condition) do allowed[c] = true; end
			assert.is_true(allowed[error_condition] == true, "condition " .. tostring(error_condition) .. " in " .. tostring(reply));
		else
			assert.equal(condition, error_condition, tostring(reply));
		end
		assert.is_table(err:get_child(error_condition, T.XMLNS_STANZAS), "condition in the stanzas namespace");
		return reply;
	end

	--- Exactly one stanza was sent: the reply; returns it.
	function T.the_reply(m)
		assert.equal(1, #m.sent, "exactly one stanza sent");
		return m.sent[1];
	end

	return T;
end
