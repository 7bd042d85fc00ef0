-- What the specs of mod_component_http share (required as
-- "mod_component_http.support"): dist/mod_component_http.lua (or
-- $COMPONENT_HTTP_DIST) loaded as a component through the module API mock
-- and the fake net.http (spec/helpers/fake_http.lua), stanzas built with
-- the real util.stanza and fired at its hooks, and the checks of what it
-- sends back. The contract is docs/mod_component_http/README.md.
--
--   local C = require "mod_component_http.support";
--   after_each(C.assert_clean_logs);
--   local m = C.load({ component_post_timeout = 3 });
--   C.answer_json(C.forward(m, C.message()), { body = "hi" });

local assert = require "luassert";
local support = require "support";
local st = require "util.stanza";
local json = require "util.json";
local jid = require "util.jid";

local C = {};

C.HOST = "bot.localhost";
C.URL = "http://127.0.0.1:8080/bot";
C.BOT = "echo@bot.localhost";
C.ALICE = "alice@localhost/phone";
C.ALICE_BARE = "alice@localhost";
C.XMLNS_STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";
C.JSON_CT = { ["Content-Type"] = "application/json" };
C.DEFAULT_TIMEOUT = 10;
C.MAX_ANSWER = 512 * 1024;

C.expect_logs = support.expect_logs;
C.assert_clean_logs = support.assert_clean_logs;
C.sorted_keys = support.sorted_keys;

--- Load the module as a component. `options` go over the defaults
--- (component_post_url = C.URL); a false value removes an option. The
--- status warnings ("Endpoint failing: ...") are expected by design.
function C.load(options)
	return support.load_module("mod_component_http", {
		host = C.HOST, host_type = "component",
		options = support.overlay({ component_post_url = C.URL }, options),
		expected = support.endpoint_status_warning,
	});
end

--- Remove the status warnings from the logs (before looking for other warnings).
function C.drop_status_warnings(m)
	local kept = {};
	for _, entry in ipairs(m.logs) do
		if not support.endpoint_status_warning(entry) then kept[#kept + 1] = entry; end
	end
	m.logs = kept;
end

---------------------------------------------------------------------------
-- Stanzas and events
---------------------------------------------------------------------------

--- A chat message from ALICE to BOT (attrs over those; false removes one);
--- `body` false: no body.
function C.message(attrs, body)
	local s = st.message(support.overlay({ to = C.BOT, from = C.ALICE, type = "chat", id = "m1" }, attrs));
	if body ~= false then s:text_tag("body", body or "hello"); end
	return s;
end

--- An iq get (version query) from ALICE to BOT.
function C.iq(attrs)
	local s = st.iq(support.overlay({ to = C.BOT, from = C.ALICE, type = "get", id = "iq1" }, attrs));
	if s.attr.type == "get" or s.attr.type == "set" then
		s:tag("query", { xmlns = "jabber:iq:version" }):up();
	end
	return s;
end

function C.presence(attrs)
	return st.presence(support.overlay({ to = C.BOT, from = C.ALICE }, attrs));
end

--- The event Prosody fires on a component host for a stanza.
function C.event_name(stanza)
	local node, _, resource = jid.split(stanza.attr.to);
	local addressing = resource and "full" or node and "bare" or "host";
	return stanza.name .. "/" .. addressing;
end

C.ORIGIN = { type = "s2sin", host = "localhost", send = function () end };

--- Fire the stanza at the module; returns the handler's result and the
--- HTTP request it made (nil when none).
function C.deliver(m, stanza, origin)
	local before = #m.http_requests;
	local handled = m.fire(C.event_name(stanza), { origin = origin or C.ORIGIN, stanza = stanza });
	assert(#m.http_requests <= before + 1, "at most one request per stanza");
	return handled, m.http_requests[before + 1];
end

--- Fire and return the request, which must exist.
function C.forward(m, stanza)
	local handled, req = C.deliver(m, stanza);
	assert.is_true(handled, "the stanza was handled");
	assert.is_table(req, "an HTTP request was made");
	return req;
end

function C.answer_json(req, doc, code, headers)
	return req:answer(code or 200, type(doc) == "string" and doc or json.encode(doc), headers or C.JSON_CT);
end

--- The JSON document a request carries.
function C.payload(req)
	local doc = json.decode(req.body);
	assert.is_table(doc, "the request body is JSON");
	return doc;
end

function C.tag_names(stanza)
	local names = {};
	for _, child in ipairs(stanza.tags) do names[#names + 1] = child.name; end
	return names;
end

--- Exactly one stanza was sent: an error reply to `original` with this type
--- and condition (one of them when `condition` is a list). Returns it.
function C.assert_error_reply(m, original, etype, condition)
	assert.equal(1, #m.sent, "exactly one stanza sent");
	local reply = m.sent[1];
	assert.equal(original.name, reply.name);
	assert.equal("error", reply.attr.type);
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
	assert.is_table(err:get_child(error_condition, C.XMLNS_STANZAS), "condition in the stanzas namespace");
	return reply;
end

--- Exactly one stanza was sent: the reply; returns it.
function C.the_reply(m)
	assert.equal(1, #m.sent, "exactly one stanza sent");
	return m.sent[1];
end

return C;
