-- src/lib/webhook.ts, delivery: POSTs through net.http (the mock's fake) with
-- a timeout, a bound on answers, requests in flight and waiting, metrics and
-- the module status, from the library build.

local support = require "support";
local errors = require "util.error";
local hashes = require "util.hashes";

after_each(support.assert_clean_logs);

describe("lib/webhook delivery", function ()
	local function new(config)
		local webhook, m = support.lib("webhook", {
			host = "bot.localhost", host_type = "component", expected = support.endpoint_status_warning,
		});
		local full = { timeout = 10, maxInflight = 2, maxQueue = 1, maxBody = 100 };
		for k, v in pairs(config or {}) do full[k] = v; end
		return webhook.newWebhook(full), m, webhook;
	end
	-- Post and capture the outcome.
	local function post(hook, body, headers)
		local outcome = {};
		hook.post("http://endpoint.example/hook", body or "{}", headers or { ["Content-Type"] = "application/json" }):next(function (answer)
			outcome.answer = answer;
		end, function (err)
			outcome.err = err;
		end);
		return outcome;
	end

	it("resolves with the answer whatever its status", function ()
		local hook, m = new();
		local ok, bad = post(hook, "a"), post(hook, "b");
		m.http_requests[1]:answer(200, "yes", { ["Content-Type"] = "text/plain" });
		m.http_requests[2]:answer(500, "no");
		assert.equal(200, ok.answer.code);
		assert.equal("yes", ok.answer.body);
		assert.equal("text/plain", ok.answer.headers["content-type"]);
		assert.is_number(ok.answer.latency);
		assert.equal(500, bad.answer.code);
		assert.is_nil(bad.err);
	end);

	it("POSTs the exact body with the caller's headers, and does not touch the caller's table", function ()
		local hook, m = new({ secret = "k" });
		local headers = { ["Content-Type"] = "application/json", Accept = "application/json" };
		post(hook, '{"x":1}', headers);
		local req = m.http_requests[1];
		assert.equal("POST", req.options.method);
		assert.equal('{"x":1}', req.body);
		assert.equal("application/json", req.headers.Accept);
		assert.equal("sha256=" .. hashes.hmac_sha256("k", '{"x":1}', true), req.headers["X-Prosody-Signature"]);
		assert.is_nil(headers["X-Prosody-Signature"]);
		assert.is_true(req.options.suppress_url);
	end);

	it("rejects a timeout with cancel/remote-server-timeout and destroys the request", function ()
		local hook, m = new({ timeout = 2 });
		local outcome = post(hook);
		m.advance(2);
		assert.is_true(errors.is_err(outcome.err));
		assert.equal("cancel", outcome.err.type);
		assert.equal("remote-server-timeout", outcome.err.condition);
		assert.equal("timeout", outcome.err.context.outcome);
		assert.is_true(m.http_requests[1].destroyed);
	end);

	it("rejects a connection failure with its reason", function ()
		local hook, m = new();
		local outcome = post(hook);
		m.http_requests[1]:fail("connection refused");
		assert.equal("remote-server-timeout", outcome.err.condition);
		assert.equal("connection", outcome.err.context.outcome);
		assert.equal("connection refused", outcome.err.context.reason);
	end);

	it("turns an error raised by net.http into a connection failure", function ()
		local hook, m = new();
		m.http.request = function () error("no LuaSec for https"); end;
		local outcome = post(hook);
		assert.equal("connection", outcome.err.context.outcome);
		assert.truthy(tostring(outcome.err.context.reason):find("no LuaSec", 1, true));
		local _, queued = hook.load();
		assert.equal(0, queued);
		assert.equal(0, (hook.load()), "the slot is free again");
	end);

	it("refuses an answer larger than maxBody", function ()
		local hook, m = new({ maxBody = 10 });
		local small, big = post(hook), post(hook);
		m.http_requests[1]:answer(200, string.rep("x", 10));
		m.http_requests[2]:answer(200, string.rep("x", 11));
		assert.equal(10, #small.answer.body);
		assert.equal("undefined-condition", big.err.condition);
		assert.equal("too-large", big.err.context.outcome);
	end);

	it("collects a streamed answer and stops past maxBody", function ()
		local hook, m = new({ maxBody = 10 });
		local outcome = post(hook);
		local req = m.http_requests[1];
		local sink, finish = req.options.streaming_handler({});
		assert.is_true(sink:write("12345"));
		assert.is_true(sink:write("67890"));
		local response = {};
		finish(response);
		assert.equal("1234567890", response.body);
		assert.is_false(sink:write("x"), "past the limit");
		req:answer(200, "1234567890");
		assert.equal("too-large", outcome.err.context.outcome);
	end);

	it("takes a chunked answer cut before its last chunk as a failed connection, not as the answer", function ()
		local hook, m = new({});
		local outcome = post(hook);
		local req = m.http_requests[1];
		local sink, finish = req.options.streaming_handler({});
		sink:write("half of it");
		-- net.http.parser sets `body` when the connection closes before the last chunk (else it leaves it false).
		finish({ chunked = true, body = "" });
		req:answer(200, "half of it");
		assert.equal("connection", outcome.err.context.outcome);
		local outcome2 = post(hook);
		local req2 = m.http_requests[2];
		local sink2, finish2 = req2.options.streaming_handler({});
		sink2:write("all of it");
		finish2({ chunked = true, body = false });
		req2:answer(200, "all of it");
		assert.is_nil(outcome2.err);
		assert.equal(200, outcome2.answer.code);
	end);

	it("keeps maxInflight requests open, queues maxQueue, refuses the rest, and starts the queue in order", function ()
		local hook, m = new({ maxInflight = 2, maxQueue = 2 });
		local outcomes = {};
		for i = 1, 5 do outcomes[i] = post(hook, "b" .. i); end
		assert.equal(2, #m.http_requests);
		assert.same({ 2, 2 }, { hook.load() });
		assert.equal("wait", outcomes[5].err.type);
		assert.equal("resource-constraint", outcomes[5].err.condition);
		assert.equal("queue-full", outcomes[5].err.context.outcome);
		m.http_requests[2]:answer(204, "");
		assert.equal("b3", m.http_requests[3].body);
		m.http_requests[1]:fail();
		assert.equal("b4", m.http_requests[4].body);
		assert.same({ 2, 0 }, { hook.load() });
		m.advance(10);
		assert.same({ 0, 0 }, { hook.load() });
	end);

	it("counts outcomes, samples latency and keeps the module status", function ()
		local hook, m = new();
		post(hook);
		m.http_requests[1]:fail("refused");
		assert.equal("warn", m.status.type);
		assert.equal(1, #m.logs_of("warn", "Endpoint failing: refused"));
		post(hook);
		m.http_requests[2]:answer(200, "");
		assert.equal("info", m.status.type);
		assert.equal(1, m.metric_value("webhook_requests", "connection"));
		assert.equal(1, m.metric_value("webhook_requests", "success"));
		assert.equal(1, #m.metrics.webhook_latency.series[""].samples);
	end);
end);

describe("lib/webhook deliver", function ()
	it("calls the handlers with the delivery's context, broke with what a handler raised, and stays consistent for the next request", function ()
		local webhook, m = support.lib("webhook", {
			host = "bot.localhost", host_type = "component", expected = support.endpoint_status_warning,
		});
		local hook = webhook.newWebhook({ timeout = 10, maxInflight = 1, maxQueue = 1, maxBody = 100 });
		local broke, answered = {}, {};
		local handlers = {
			answered = function (context, answer) answered[#answered + 1] = context .. ":" .. answer.body; error("bug in the handler"); end;
			failed = function () error("bug in the failure handler"); end;
			broke = function (context, err) broke[#broke + 1] = context .. ":" .. tostring(err); end;
		};
		hook.deliver("http://endpoint.example/hook", "1", {}, handlers, "c1");
		hook.deliver("http://endpoint.example/hook", "2", {}, handlers, "c2");
		hook.deliver("http://endpoint.example/hook", "3", {}, handlers, "c3"); -- the queue is full: failed raises at once
		assert.equal(1, #broke);
		assert.matches("^c3:.*bug in the failure handler", broke[1]);
		m.http_requests[1]:answer(200, "one");
		m.http_requests[2]:answer(200, "two");
		assert.same({ "c1:one", "c2:two" }, answered);
		assert.equal(3, #broke);
		assert.matches("^c2:.*bug in the handler", broke[3]);
		assert.same({ 0, 0 }, { hook.load() });
	end);
end);
