-- mod_component_http: metrics and the module status.
-- Contract: docs/mod_component_http/README.md. Shared setup: spec/mod_component_http/support.lua.

local C = require "mod_component_http.support";
local DEFAULT_TIMEOUT, load, expect_logs, message = C.DEFAULT_TIMEOUT, C.load, C.expect_logs, C.message;
local deliver, forward, answer_json = C.deliver, C.forward, C.answer_json;

after_each(C.assert_clean_logs);

describe("mod_component_http metrics", function ()
	it("counts requests by outcome", function ()
		local m = load({ component_post_max_inflight = 4, component_post_max_queue = 1 });
		answer_json(forward(m, message()), { body = "ok" });
		forward(m, message()):answer(204, "");
		forward(m, message()):answer(500, "");
		forward(m, message()):fail();
		for _ = 1, 4 do forward(m, message()); end
		deliver(m, message()); -- waits
		deliver(m, message()); -- 4 in flight, 1 waiting: refused
		m.advance(DEFAULT_TIMEOUT + 1);
		assert.equal(2, m.metric_value("webhook_requests", "success"));
		assert.equal(1, m.metric_value("webhook_requests", "http-error"));
		assert.equal(1, m.metric_value("webhook_requests", "connection"));
		assert.equal(4, m.metric_value("webhook_requests", "timeout"));
		assert.equal(1, m.metric_value("webhook_requests", "queue-full"));
		m.advance(DEFAULT_TIMEOUT);
		assert.equal(5, m.metric_value("webhook_requests", "timeout"));
		local rec = m.metrics.webhook_requests;
		assert.equal("counter", rec.type);
		assert.same({ "outcome" }, rec.label_keys);
	end);

	it("reports the requests in flight and waiting when the metrics are collected", function ()
		local m = load({ component_post_max_inflight = 2 });
		local first = forward(m, message());
		forward(m, message());
		deliver(m, message()); -- waits
		m.fire_global("stats-update");
		assert.equal(2, m.metric_value("webhook_queue", "in-flight"));
		assert.equal(1, m.metric_value("webhook_queue", "waiting"));
		answer_json(first, { body = "ok" }); -- the waiting one starts
		m.fire_global("stats-update");
		assert.equal(2, m.metric_value("webhook_queue", "in-flight"));
		assert.equal(0, m.metric_value("webhook_queue", "waiting"));
		m.advance(DEFAULT_TIMEOUT + 1);
		m.fire_global("stats-update");
		assert.equal(0, m.metric_value("webhook_queue", "in-flight"));
		local rec = m.metrics.webhook_queue;
		assert.equal("gauge", rec.type);
		assert.same({ "state" }, rec.label_keys);
	end);

	it("samples the latency of every answered request", function ()
		local m = load();
		answer_json(forward(m, message()), { body = "ok" });
		forward(m, message()):answer(404, "");
		forward(m, message()):fail();
		forward(m, message());
		m.advance(DEFAULT_TIMEOUT + 1);
		local rec = m.metrics.webhook_latency;
		assert.is_table(rec);
		assert.equal("histogram", rec.type);
		assert.equal("seconds", rec.unit);
		local samples = {};
		for _, series in pairs(rec.series) do
			for _, v in ipairs(series.samples) do samples[#samples + 1] = v; end
		end
		assert.equal(2, #samples, "one sample per answered request");
		for _, v in ipairs(samples) do
			assert.is_number(v);
			assert.truthy(v >= 0 and v < 5, tostring(v));
		end
	end);
end);

describe("mod_component_http status", function ()
	it("is Connected after a successful request", function ()
		local m = load();
		answer_json(forward(m, message()), { body = "ok" });
		assert.equal("info", m.status.type);
		assert.truthy(m.status.message:find("Connected", 1, true));
	end);

	local failures = {
		{ "a timeout", function (m) forward(m, message()); m.advance(DEFAULT_TIMEOUT + 1); end, "timeout" },
		{ "a connection failure", function (m) forward(m, message()):fail("connection refused"); end, "connection refused" },
		{ "HTTP 503", function (m) forward(m, message()):answer(503, ""); end, "503" },
		{ "HTTP 500", function (m) forward(m, message()):answer(500, ""); end, "500" },
	};
	for _, case in ipairs(failures) do
		it("becomes a warning naming the failure after " .. case[1], function ()
			local m = load();
			case[2](m);
			assert.equal("warn", m.status.type);
			assert.truthy(m.status.message:find(case[3], 1, true), m.status.message);
			expect_logs(m, "warn", case[3]);
		end);
	end

	it("logs the change once, not every failure, and recovers after a success", function ()
		local m = load();
		forward(m, message()):fail();
		forward(m, message()):fail();
		forward(m, message()):answer(502, "");
		assert.equal("warn", m.status.type);
		assert.equal(1, #m.logs_of("warn", "Endpoint failing"));
		forward(m, message()):answer(204, "");
		assert.equal("info", m.status.type);
		assert.truthy(m.status.message:find("Connected", 1, true));
		forward(m, message()):fail();
		assert.equal("warn", m.status.type);
		assert.equal(2, #m.logs_of("warn", "Endpoint failing"));
	end);
end);
