-- mod_rest webhooks: the delivery machinery shared with mod_component_http
-- (src/lib/webhook.ts): bounded concurrency, the queue, metrics.
-- Shared setup: spec/mod_rest/callback_support.lua.

local R = require "mod_rest.callback_support";
local load, message, iq, deliver, forward, answer = R.load, R.message, R.iq, R.deliver, R.forward, R.answer;
local DEFAULT_TIMEOUT = R.DEFAULT_TIMEOUT;

after_each(R.assert_clean_logs);

describe("mod_rest webhooks, concurrency", function ()
	it("sends a waiting stanza when a slot frees, in order", function ()
		local m = load({ rest_callback_max_inflight = 2 });
		local a = forward(m, message({ id = "a" }));
		forward(m, message({ id = "b" }));
		assert.is_nil(select(2, deliver(m, message({ id = "c" }))));
		assert.is_nil(select(2, deliver(m, iq({ id = "d" }))));
		local before = #m.http_requests;
		answer(a, 204);
		assert.equal(before + 1, #m.http_requests);
		local c = m.http_requests[#m.http_requests];
		assert.equal("c", R.body_stanza(c).attr.id);
		answer(c, 204);
		local d = m.http_requests[#m.http_requests];
		assert.equal("d", R.body_stanza(d).attr.id);
		answer(d, 204);
		assert.equal("d", R.the_reply(m).attr.id, "the iq got its result once sent and answered");
	end);

	it("times a waiting stanza from when it is sent", function ()
		local m = load({ rest_callback_max_inflight = 1 });
		forward(m, message({ id = "a" }));
		deliver(m, message({ id = "b" }));
		m.advance(DEFAULT_TIMEOUT - 1);
		assert.same({}, m.sent);
		m.advance(1.5);
		assert.equal(1, #m.sent, "a timed out; b was only just sent");
		assert.equal("a", m.sent[1].attr.id);
		m.advance(DEFAULT_TIMEOUT);
		assert.equal(2, #m.sent);
		R.drop_status_warnings(m);
	end);
end);

describe("mod_rest webhooks, metrics", function ()
	it("counts requests by outcome, the probe included", function ()
		local m = load({ rest_callback_max_inflight = 3, rest_callback_max_queue = 1 });
		answer(forward(m, message()), 200, "<message><body>x</body></message>", R.XML_CT);
		answer(forward(m, message()), 404, "");
		forward(m, message()):fail();
		forward(m, message());
		forward(m, message());
		forward(m, message());
		deliver(m, message()); -- waits
		deliver(m, message()); -- refused
		m.advance(DEFAULT_TIMEOUT + 1);
		assert.equal(2, m.metric_value("webhook_requests", "success"), "the probe and one POST");
		assert.equal(1, m.metric_value("webhook_requests", "http-error"));
		assert.equal(1, m.metric_value("webhook_requests", "connection"));
		assert.equal(3, m.metric_value("webhook_requests", "timeout"));
		assert.equal(1, m.metric_value("webhook_requests", "queue-full"));
		R.drop_status_warnings(m);
	end);
end);
