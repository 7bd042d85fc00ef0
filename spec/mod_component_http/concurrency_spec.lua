-- mod_component_http: requests in flight and waiting (component_post_max_inflight,
-- component_post_max_queue).
-- Contract: docs/mod_component_http/README.md. Shared setup: spec/mod_component_http/support.lua.

local C = require "mod_component_http.support";
local DEFAULT_TIMEOUT, load, message, deliver = C.DEFAULT_TIMEOUT, C.load, C.message, C.deliver;
local answer_json, payload, assert_error_reply = C.answer_json, C.payload, C.assert_error_reply;

after_each(C.assert_clean_logs);

describe("mod_component_http concurrency", function ()
	it("keeps at most component_post_max_inflight requests open; the others wait and start in order", function ()
		local m = load({ component_post_max_inflight = 2, component_post_max_queue = 5 });
		for i = 1, 4 do deliver(m, message({ id = "m" .. i }, "n" .. i)); end
		assert.equal(2, #m.http_requests);
		assert.same({}, m.sent, "waiting requests are not refused");
		answer_json(m.http_requests[1], { body = "r1" });
		assert.equal(3, #m.http_requests);
		assert.equal("m3", payload(m.http_requests[3]).id);
		m.http_requests[2]:fail();
		assert.equal(4, #m.http_requests);
		assert.equal("m4", payload(m.http_requests[4]).id);
		answer_json(m.http_requests[3], { body = "r3" });
		answer_json(m.http_requests[4], { body = "r4" });
		assert.equal(4, #m.sent);
		assert.equal(4, #m.http_requests);
	end);

	it("refuses at once with wait/resource-constraint beyond the queue", function ()
		local m = load({ component_post_max_inflight = 2, component_post_max_queue = 1 });
		for i = 1, 3 do deliver(m, message({ id = "m" .. i })); end
		assert.same({}, m.sent);
		local overflow = message({ id = "m4" });
		local handled, req = deliver(m, overflow);
		assert.is_true(handled);
		assert.is_nil(req);
		assert_error_reply(m, overflow, "wait", "resource-constraint");
		assert.equal(2, #m.http_requests);
		assert.equal(1, m.metric_value("webhook_requests", "queue-full"));
	end);

	it("frees the slot of a request that timed out", function ()
		local m = load({ component_post_max_inflight = 1 });
		deliver(m, message({ id = "a" }));
		deliver(m, message({ id = "b" }));
		assert.equal(1, #m.http_requests);
		m.advance(DEFAULT_TIMEOUT + 0.1);
		assert.equal(2, #m.http_requests, "the waiting request started");
		assert.equal("b", payload(m.http_requests[2]).id);
		assert.equal(1, #m.sent);
		-- the queued request's timeout runs from its own start
		m.advance(DEFAULT_TIMEOUT - 1);
		assert.equal(1, #m.sent);
		m.advance(2);
		assert.equal(2, #m.sent);
	end);

	it("accepts new requests once the queue drains", function ()
		local m = load({ component_post_max_inflight = 1, component_post_max_queue = 1 });
		deliver(m, message({ id = "a" }));
		deliver(m, message({ id = "b" }));
		deliver(m, message({ id = "c" }));
		assert.equal(1, #m.sent); -- c refused
		m.http_requests[1]:answer(204, "");
		m.http_requests[2]:answer(204, "");
		local _, req = deliver(m, message({ id = "d" }));
		assert.is_table(req);
		assert.equal(1, #m.sent);
	end);

	it("defaults to 100 in flight and 1000 waiting", function ()
		local m = load();
		for i = 1, 1100 do deliver(m, message({ id = "m" .. i })); end
		assert.equal(100, #m.http_requests);
		assert.same({}, m.sent);
		local overflow = message({ id = "overflow" });
		deliver(m, overflow);
		assert_error_reply(m, overflow, "wait", "resource-constraint");
	end);
end);
