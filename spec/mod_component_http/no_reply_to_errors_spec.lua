-- mod_component_http: no answer ever goes back to an error or an iq result.
-- Contract: docs/mod_component_http/README.md. Shared setup: spec/mod_component_http/support.lua.

local C = require "mod_component_http.support";
local st = require "util.stanza";
local BOT, ALICE, DEFAULT_TIMEOUT, load = C.BOT, C.ALICE, C.DEFAULT_TIMEOUT, C.load;
local expect_logs, message, iq, presence, deliver = C.expect_logs, C.message, C.iq, C.presence, C.deliver;
local forward, answer_json = C.forward, C.answer_json;

after_each(C.assert_clean_logs);

describe("mod_component_http never answers errors nor iq results", function ()
	local outcomes = {
		{ "a JSON reply", function (req) answer_json(req, { body = "reply" }); end },
		{ "an empty 200 JSON object", function (req) answer_json(req, "{}"); end },
		{ "a stanza reply", function (req) answer_json(req, { stanza = "<message><body>x</body></message>" }); end },
		{ "HTTP 500", function (req) req:answer(500, "boom"); end },
		{ "HTTP 204", function (req) req:answer(204, ""); end },
		{ "invalid JSON", function (req) answer_json(req, "{"); end },
		{ "a refused from", function (req) answer_json(req, { from = "evil.example" }); end },
		{ "a connection failure", function (req) req:fail("refused"); end },
		{ "a timeout", function (_, m) m.advance(DEFAULT_TIMEOUT + 1); end },
	};
	local stanzas = {
		{ "message of type error", function () return st.error_reply(st.message({ from = BOT, to = ALICE, id = "e1" }), "cancel", "item-not-found"); end },
		{ "iq result", function () return iq({ type = "result", id = "r1" }); end },
		{ "iq of type error", function () return st.error_reply(st.iq({ from = BOT, to = ALICE, type = "get", id = "e2" }), "cancel", "service-unavailable"); end },
		{ "presence of type error", function () return presence({ type = "error" }); end },
	};
	for _, s in ipairs(stanzas) do
		for _, outcome in ipairs(outcomes) do
			it(("forwards a %s but sends nothing back after %s"):format(s[1], outcome[1]), function ()
				local m = load({ component_post_stanzas = { "message", "iq", "presence" } });
				local stanza = s[2]();
				assert.truthy(stanza.attr.type == "error" or stanza.attr.type == "result");
				local req = forward(m, stanza);
				outcome[2](req, m);
				assert.same({}, m.sent);
				for _, entry in ipairs(m.logs) do
					if entry.level == "warn" then entry.level = "debug"; end -- invalid answers may be logged
				end
			end);
		end
	end

	it("does not answer an error when the URL is missing", function ()
		local m = load({ component_post_url = false, component_post_stanzas = { "message", "iq" } });
		expect_logs(m, "error", "component_post_url");
		deliver(m, st.error_reply(message(), "cancel", "gone"));
		deliver(m, iq({ type = "result" }));
		assert.same({}, m.sent);
	end);

	it("does not answer an error when the queue is full", function ()
		local m = load({ component_post_max_inflight = 1, component_post_max_queue = 1 });
		forward(m, message({ id = "a" }));
		deliver(m, message({ id = "b" })); -- waits
		deliver(m, st.error_reply(message(), "cancel", "gone"));
		assert.same({}, m.sent);
	end);
end);
