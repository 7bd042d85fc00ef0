-- mod_component_http: endpoints that time out or cannot be reached.
-- Contract: docs/mod_component_http/README.md. Shared setup: spec/mod_component_http/support.lua.

local C = require "mod_component_http.support";
local JSON_CT, DEFAULT_TIMEOUT, load, message = C.JSON_CT, C.DEFAULT_TIMEOUT, C.load, C.message;
local deliver, forward, answer_json = C.deliver, C.forward, C.answer_json;
local assert_error_reply = C.assert_error_reply;

after_each(C.assert_clean_logs);

describe("mod_component_http timeout", function ()
	it("answers cancel/remote-server-timeout after 10 s by default and destroys the request", function ()
		local m = load();
		local msg = message();
		local req = forward(m, msg);
		m.advance(DEFAULT_TIMEOUT - 0.5);
		assert.equal(0, #m.sent, "not before the timeout");
		assert.is_nil(req.destroyed);
		m.advance(1);
		assert_error_reply(m, msg, "cancel", "remote-server-timeout");
		assert.is_true(req.destroyed, "the request was destroyed");
		assert.same({ req }, m.http.destroyed);
	end);

	it("follows component_post_timeout", function ()
		local m = load({ component_post_timeout = 3 });
		local msg = message();
		forward(m, msg);
		m.advance(2.9);
		assert.equal(0, #m.sent);
		m.advance(0.2);
		assert_error_reply(m, msg, "cancel", "remote-server-timeout");
	end);

	it("ignores a late answer: no second reply", function ()
		local m = load();
		local msg = message();
		local req = forward(m, msg);
		local callback = req.callback; -- what net.http would call if the connection were not closed
		m.advance(DEFAULT_TIMEOUT + 1);
		assert_error_reply(m, msg, "cancel", "remote-server-timeout");
		assert.is_false(req:answer(200, '{"body":"too late"}', JSON_CT), "the fake dropped it");
		callback('{"body":"too late"}', 200, { code = 200, body = '{"body":"too late"}', headers = { ["content-type"] = "application/json" } }, req);
		callback("closed", 0, req);
		assert.equal(1, #m.sent, "still exactly one answer");
		assert.equal(1, m.metric_value("webhook_requests", "timeout"));
		assert.is_nil(m.metric_value("webhook_requests", "success"));
	end);

	it("does not fire after an answer", function ()
		local m = load();
		answer_json(forward(m, message()), { body = "in time" });
		m.advance(DEFAULT_TIMEOUT * 3);
		assert.equal(1, #m.sent);
		assert.equal("in time", m.sent[1]:get_child_text("body"));
		assert.same({}, m.http.destroyed);
		assert.same({}, m.pending_timers());
	end);

	it("times each request from its own start", function ()
		local m = load();
		forward(m, message({ id = "a" }));
		m.advance(6);
		forward(m, message({ id = "b" }));
		m.advance(4.5);
		assert.equal(1, #m.sent);
		assert.equal("a", m.sent[1].attr.id);
		m.advance(6);
		assert.equal(2, #m.sent);
		assert.equal("b", m.sent[2].attr.id);
	end);
end);

describe("mod_component_http connection failure", function ()
	it("answers cancel/remote-server-timeout when the endpoint cannot be reached", function ()
		local m = load();
		local msg = message();
		forward(m, msg):fail("connection refused");
		assert_error_reply(m, msg, "cancel", "remote-server-timeout");
		m.advance(DEFAULT_TIMEOUT * 2);
		assert.equal(1, #m.sent, "no timeout error afterwards");
	end);

	it("treats a cancelled request the same way", function ()
		local m = load();
		local msg = message();
		forward(m, msg):cancel();
		assert_error_reply(m, msg, "cancel", "remote-server-timeout");
	end);

	it("treats a URL net.http refuses the same way (no crash)", function ()
		local m = load({ component_post_url = "http://:8080/" });
		local msg = message();
		deliver(m, msg);
		assert_error_reply(m, msg, "cancel", { "remote-server-timeout", "service-unavailable" });
	end);
end);
