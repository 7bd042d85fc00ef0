-- mod_component_http: unusable component_post_url and garbage option values.
-- Contract: docs/mod_component_http/README.md. Shared setup: spec/mod_component_http/support.lua.

local C = require "mod_component_http.support";
local BOT, DEFAULT_TIMEOUT, load, expect_logs = C.BOT, C.DEFAULT_TIMEOUT, C.load, C.expect_logs;
local message, iq, presence, deliver, forward = C.message, C.iq, C.presence, C.deliver, C.forward;
local answer_json, assert_error_reply, the_reply = C.answer_json, C.assert_error_reply, C.the_reply;

after_each(C.assert_clean_logs);

describe("mod_component_http without a usable component_post_url", function ()
	local urls = {
		{ "missing", false },
		{ "empty", "" },
		{ "ftp", "ftp://example.com/bot" },
		{ "no scheme", "example.com/bot" },
		{ "javascript", "javascript:alert(1)" },
		{ "scheme only", "http://" },
		{ "one slash", "http:/example.com" },
	};
	for _, case in ipairs(urls) do
		it("sets an error status, logs it, and answers cancel/service-unavailable without HTTP: " .. case[1], function ()
			local m = load({ component_post_url = case[2], component_post_stanzas = { "message", "iq" } });
			assert.equal("error", m.status.type);
			assert.truthy(m.status.message:find("component_post_url", 1, true), m.status.message);
			expect_logs(m, "error", "component_post_url");
			local msg = message();
			assert.is_true((deliver(m, msg)));
			assert_error_reply(m, msg, "cancel", "service-unavailable");
			m.sent = {};
			local q = iq();
			deliver(m, q);
			assert_error_reply(m, q, "cancel", "service-unavailable");
			assert.equal(0, #m.http_requests);
			assert.equal("error", m.status.type, "the status stays an error");
		end);
	end

	it("accepts http and https URLs in any case", function ()
		for _, u in ipairs({ "https://example.com/api", "HTTP://127.0.0.1:8080", "Https://example.com" }) do
			local m = load({ component_post_url = u });
			local req = forward(m, message());
			assert.equal(u, req.url);
			assert.equal("core", m.status.type);
		end
	end);
end);

describe("mod_component_http garbage option values", function ()
	local function works(m, timeout)
		local msg = message();
		forward(m, msg);
		m.advance((timeout or DEFAULT_TIMEOUT) - 0.5);
		assert.equal(0, #m.sent, "not timed out before the default");
		m.advance(1);
		assert_error_reply(m, msg, "cancel", "remote-server-timeout");
		m.sent = {};
		answer_json(forward(m, message()), { body = "still works" });
		assert.equal("still works", the_reply(m):get_child_text("body"));
	end

	for _, value in ipairs({ "x", -1, 0 }) do
		it("falls back to the 10 s timeout, with a warning, for component_post_timeout = " .. tostring(value), function ()
			local m = load({ component_post_timeout = value });
			expect_logs(m, "warn", "component_post_timeout");
			if value == "x" then expect_logs(m, "error", "component_post_timeout"); end
			works(m);
		end);
	end

	-- NaN (a Lua config can say 0/0): the timer would never fire.
	it("falls back to the 10 s timeout, with a warning, for component_post_timeout = 0/0 (NaN)", function ()
		local m = load({ component_post_timeout = 0 / 0 });
		expect_logs(m, "warn", "component_post_timeout");
		works(m);
	end);

	-- NaN: `inflight < NaN` is always false, no request would ever start.
	it("falls back to 100 in flight, with a warning, for component_post_max_inflight = 0/0 (NaN)", function ()
		local m = load({ component_post_max_inflight = 0 / 0 });
		expect_logs(m, "warn", "component_post_max_inflight");
		local _, req = deliver(m, message());
		assert.is_table(req, "a request was started");
	end);

	it("reads component_post_timeout given as a numeric string", function ()
		local m = load({ component_post_timeout = "2" });
		works(m, 2);
	end);

	for _, value in ipairs({ "lots", -3, 0 }) do
		it("falls back to 100 in flight, with a warning, for component_post_max_inflight = " .. tostring(value), function ()
			local m = load({ component_post_max_inflight = value });
			expect_logs(m, "warn", "component_post_max_inflight");
			if value == "lots" then expect_logs(m, "error", "component_post_max_inflight"); end
			for i = 1, 101 do deliver(m, message({ id = "m" .. i })); end
			assert.equal(100, #m.http_requests);
			assert.same({}, m.sent);
		end);
	end

	it("falls back to a queue of 1000, with a warning, for component_post_max_queue = -1", function ()
		local m = load({ component_post_max_inflight = 1, component_post_max_queue = -1 });
		expect_logs(m, "warn", "component_post_max_queue");
		for i = 1, 1001 do deliver(m, message({ id = "m" .. i })); end
		assert.same({}, m.sent);
		deliver(m, message({ id = "overflow" }));
		assert.equal(1, #m.sent);
	end);

	it("falls back to forwarding messages, with a warning, for component_post_stanzas = 42", function ()
		local m = load({ component_post_stanzas = 42 });
		expect_logs(m, "warn");
		works(m);
		assert.is_nil((deliver(m, iq())));
	end);

	it("falls back to forwarding messages, with a warning, for component_post_stanzas = { \"bogus\" }", function ()
		local m = load({ component_post_stanzas = { "bogus" } });
		expect_logs(m, "warn");
		works(m);
	end);

	it("falls back to forwarding messages, with a warning, for post_stanza_types = { 1, 2 }", function ()
		local m = load({ post_stanza_types = { 1, 2 } });
		expect_logs(m, "warn");
		works(m);
	end);

	it("keeps default presence handling whatever component_post_stanzas holds", function ()
		local m = load({ component_post_stanzas = { "bogus" } });
		expect_logs(m, "warn");
		deliver(m, presence({ type = "probe" }));
		assert.equal(1, #m.sent);
		assert.equal(BOT .. "/default", m.sent[1].attr.from);
	end);
end);
