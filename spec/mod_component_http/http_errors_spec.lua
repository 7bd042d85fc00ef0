-- mod_component_http: the XMPP error for each HTTP error status.
-- Contract: docs/mod_component_http/README.md. Shared setup: spec/mod_component_http/support.lua.

local C = require "mod_component_http.support";
local load, message, forward, answer_json = C.load, C.message, C.forward, C.answer_json;
local assert_error_reply = C.assert_error_reply;

after_each(C.assert_clean_logs);

describe("mod_component_http HTTP status to XMPP error", function ()
	local table_ = {
		{ 400, "modify", "bad-request" },
		{ 401, "auth", "not-authorized" },
		{ 402, "auth", "forbidden" },
		{ 403, "auth", "forbidden" },
		{ 404, "cancel", "item-not-found" },
		{ 410, "cancel", "gone" },
		{ 500, "cancel", "internal-server-error" },
		{ 501, "cancel", "feature-not-implemented" },
		{ 502, "cancel", "remote-server-timeout" },
		{ 503, "wait", "remote-server-timeout" },
		{ 504, "wait", "remote-server-timeout" },
		-- unlisted
		{ 300, "cancel", "service-unavailable" },
		{ 301, "cancel", "service-unavailable" },
		{ 304, "cancel", "service-unavailable" },
		{ 405, "cancel", "service-unavailable" },
		{ 408, "cancel", "service-unavailable" },
		{ 418, "cancel", "service-unavailable" },
		{ 429, "cancel", "service-unavailable" },
		{ 505, "cancel", "service-unavailable" },
		{ 599, "cancel", "service-unavailable" },
	};
	for _, case in ipairs(table_) do
		it(("maps HTTP %d to %s/%s"):format(case[1], case[2], case[3]), function ()
			local m = load();
			local msg = message();
			forward(m, msg):answer(case[1], "Something went wrong", { ["Content-Type"] = "text/plain" });
			assert_error_reply(m, msg, case[2], case[3]);
		end);
	end

	it("ignores a JSON reply in a non-2xx answer", function ()
		local m = load();
		local msg = message();
		answer_json(forward(m, msg), { body = "not a reply" }, 404);
		assert_error_reply(m, msg, "cancel", "item-not-found");
	end);

	it("answers each stanza from its own request's status", function ()
		local m = load();
		local first, second = message({ id = "a" }), message({ id = "b" });
		local r1, r2 = forward(m, first), forward(m, second);
		r2:answer(403, "");
		r1:answer(400, "");
		assert.equal(2, #m.sent);
		assert.equal("b", m.sent[1].attr.id);
		assert.equal("forbidden", select(2, m.sent[1]:get_error()));
		assert.equal("a", m.sent[2].attr.id);
		assert.equal("bad-request", select(2, m.sent[2]:get_error()));
	end);
end);
