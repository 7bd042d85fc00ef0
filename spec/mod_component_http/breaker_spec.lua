-- mod_component_http: the circuit breaker in front of its endpoint
-- (component_post_breaker_*): stanzas answered at once while it is open,
-- delivery resuming after the cooldown, Retry-After, and the options.
-- Contract: docs/mod_component_http/README.md. Shared setup: spec/mod_component_http/support.lua.
-- The library's own behaviour is in spec/lib/breaker_spec.lua and spec/lib/webhook_breaker_spec.lua.

local C = require "mod_component_http.support";
local load, deliver, forward, message, answer_json = C.load, C.deliver, C.forward, C.message, C.answer_json;

after_each(C.assert_clean_logs);

--- Load with no jitter (cooldowns exactly on the doubling schedule).
local function load_steady(options)
	local m = load(options);
	m.env.math = setmetatable({ random = function () return 0.5; end }, { __index = math });
	return m;
end

local function fail_n(m, n)
	for _ = 1, n do forward(m, message()):answer(500, ""); end
	m.sent = {};
end

describe("mod_component_http circuit breaker", function ()
	it("opens after 5 consecutive outages by default and answers wait/remote-server-timeout at once", function ()
		local m = load_steady();
		fail_n(m, 4);
		forward(m, message()):fail("connection refused");
		m.sent = {};
		local stanza = message();
		local handled, req = deliver(m, stanza);
		assert.is_true(handled);
		assert.is_nil(req, "no request while open");
		C.assert_error_reply(m, stanza, "wait", "remote-server-timeout");
		assert.equal(1, m.metric_value("webhook_requests", "circuit-open"));
	end);

	it("answers the stanzas waiting in the queue at once when it opens", function ()
		local m = load_steady({ component_post_max_inflight = 1, component_post_breaker_failures = 1 });
		local first = forward(m, message());
		local waiting = message({ id = "w1" });
		deliver(m, waiting);
		first:fail();
		assert.equal(2, #m.sent, "both answered");
		local by_id = {};
		for _, reply in ipairs(m.sent) do by_id[reply.attr.id] = reply; end
		assert.same({ "wait", "remote-server-timeout" }, { (select(1, by_id.w1:get_error())), (select(2, by_id.w1:get_error())) }, "the waiting one: the open circuit");
		assert.same({ "cancel", "remote-server-timeout" }, { (select(1, by_id.m1:get_error())), (select(2, by_id.m1:get_error())) }, "the failed one: its own failure");
	end);

	it("resumes by itself: after a 1 s cooldown one probe goes through, and its success closes it", function ()
		local m = load_steady();
		fail_n(m, 5);
		m.advance(0.9);
		assert.is_nil(select(2, deliver(m, message())));
		m.advance(0.1);
		local probe = forward(m, message({ id = "probe" }));
		assert.is_nil(select(2, deliver(m, message({ id = "meanwhile" }))), "one probe at a time");
		m.sent = {};
		answer_json(probe, { body = "back" });
		assert.equal("back", C.the_reply(m):get_child_text("body"));
		forward(m, message());
		assert.equal("info", m.status.type);
	end);

	it("doubles the cooldown while the endpoint stays down, up to component_post_breaker_max_cooldown", function ()
		local m = load_steady({ component_post_breaker_cooldown = 2, component_post_breaker_max_cooldown = 5 });
		fail_n(m, 5);
		local waits = {};
		for _ = 1, 3 do
			local start = m.now;
			local req;
			repeat m.advance(0.5); _, req = deliver(m, message()); until req
			waits[#waits + 1] = m.now - start;
			req:answer(502, "");
		end
		assert.same({ 2, 4, 5 }, waits);
		m.sent = {};
	end);

	it("never opens on outages with component_post_breaker_failures = 0", function ()
		local m = load_steady({ component_post_breaker_failures = 0 });
		fail_n(m, 20);
		forward(m, message());
	end);

	it("honours Retry-After on 503, and the stanza that got it gets the 503's error", function ()
		local m = load_steady();
		local stanza = message();
		forward(m, stanza):answer(503, "", { ["Retry-After"] = "30" });
		C.assert_error_reply(m, stanza, "wait", "remote-server-timeout");
		m.sent = {};
		m.advance(29);
		assert.is_nil(select(2, deliver(m, message())));
		m.advance(1);
		forward(m, message());
	end);

	it("shows the open circuit in the module status", function ()
		local m = load_steady();
		fail_n(m, 5);
		assert.equal("warn", m.status.type);
		assert.truthy(m.status.message:find("circuit open", 1, true), m.status.message);
	end);
end);

describe("mod_component_http breaker options", function ()
	it("refuses negative values with a warning and uses the defaults", function ()
		local m = load_steady({ component_post_breaker_failures = -1, component_post_breaker_cooldown = -3,
			component_post_breaker_max_cooldown = 0 });
		C.expect_logs(m, "warn", "component_post_breaker_failures");
		C.expect_logs(m, "warn", "component_post_breaker_cooldown");
		C.expect_logs(m, "warn", "component_post_breaker_max_cooldown");
		fail_n(m, 5);
		assert.is_nil(select(2, deliver(m, message())));
		m.advance(1);
		forward(m, message());
	end);

	it("raises a cap below the first cooldown to it", function ()
		local m = load_steady({ component_post_breaker_failures = 1, component_post_breaker_cooldown = 10,
			component_post_breaker_max_cooldown = 2 });
		forward(m, message()):fail();
		m.advance(9.5);
		assert.is_nil(select(2, deliver(m, message())));
		m.advance(0.5);
		forward(m, message());
	end);
end);
