-- src/lib/webhook.ts with a circuit breaker: outages counted per endpoint,
-- requests refused at once while it is open (queued ones included), the
-- probe, Retry-After, the metrics and the module status. Fake clock and
-- fake net.http of the mock module.

local support = require "support";

after_each(support.assert_clean_logs);

local URL = "http://endpoint.example/hook";
local OTHER = "http://other.example/hook";

describe("lib/webhook circuit breaker", function ()
	local function new(config, breaker)
		local webhook, m = support.lib("webhook", {
			host = "bot.localhost", host_type = "component", expected = support.endpoint_status_warning,
			now = 784111777,
		});
		local full = { timeout = 10, maxInflight = 2, maxQueue = 5, maxBody = 100,
			breaker = breaker or { failures = 3, cooldown = 1, maxCooldown = 8 } };
		for k, v in pairs(config or {}) do full[k] = v; end
		if full.breaker == false then full.breaker = nil; end
		-- No jitter: cooldowns are exactly 1, 2, 4, 8 s (the factor is 0.8 + 0.4 * random).
		m.env.math = setmetatable({ random = function () return 0.5; end }, { __index = math });
		return webhook.newWebhook(full), m;
	end
	local function post(hook, url)
		local outcome = {};
		hook.post(url or URL, "{}", {}):next(function (answer) outcome.answer = answer; end,
			function (err) outcome.err = err; end);
		return outcome;
	end
	local function outage(hook, m, n, url)
		for _ = 1, n do
			post(hook, url);
			m.http_requests[#m.http_requests]:answer(500, "");
		end
	end
	local function refused(outcome)
		assert.is_table(outcome.err, "refused");
		return outcome.err.context.outcome, outcome.err.type, outcome.err.condition;
	end

	it("refuses at once with wait/remote-server-timeout after `failures` outages, without a request", function ()
		local hook, m = new();
		outage(hook, m, 3);
		local before = #m.http_requests;
		local outcome = post(hook);
		assert.equal(before, #m.http_requests, "nothing sent");
		assert.same({ "circuit-open", "wait", "remote-server-timeout" }, { refused(outcome) });
		assert.equal(1, m.metric_value("webhook_requests", "circuit-open"));
	end);

	it("counts no connection, timeouts and 5xx as outages; not 4xx, 501 or a too large answer", function ()
		local hook, m = new();
		post(hook); m.http_requests[1]:fail("connection refused");
		post(hook); m.advance(10);
		for _, code in ipairs({ 404, 501, 429, 400 }) do
			post(hook); m.http_requests[#m.http_requests]:answer(code, "");
			post(hook); m.http_requests[#m.http_requests]:fail();
			post(hook); m.http_requests[#m.http_requests]:fail();
			assert.equal(0, m.metric_value("webhook_requests", "circuit-open") or 0);
		end
		post(hook); m.http_requests[#m.http_requests]:answer(200, string.rep("x", 101));
		outage(hook, m, 2);
		assert.is_nil(post(hook).err, "still closed: the too large answer was an answer");
		m.http_requests[#m.http_requests]:answer(502, "");
		assert.equal("circuit-open", (refused(post(hook))));
	end);

	it("refuses the requests already waiting when it opens: none waits behind a dead endpoint", function ()
		local hook, m = new({ maxInflight = 1 }, { failures = 1, cooldown = 1, maxCooldown = 8 });
		post(hook);
		local waiting = { post(hook), post(hook) };
		local other = post(hook, OTHER);
		m.http_requests[1]:fail();
		for _, w in ipairs(waiting) do
			assert.equal("circuit-open", (refused(w)));
		end
		assert.is_nil(other.err, "another endpoint's request still waits for its turn");
		assert.equal(2, #m.http_requests, "the other endpoint's request went out");
		assert.equal(OTHER, m.http_requests[2].url);
	end);

	it("lets one probe through after the cooldown; its success closes the breaker", function ()
		local hook, m = new();
		outage(hook, m, 3);
		m.advance(1);
		local probe = post(hook);
		local sent = #m.http_requests;
		assert.equal("circuit-open", (refused(post(hook))), "only one probe at a time");
		assert.equal(sent, #m.http_requests);
		m.http_requests[sent]:answer(200, "ok");
		assert.equal(200, probe.answer.code);
		assert.is_nil(post(hook).err);
		assert.equal(sent + 1, #m.http_requests);
	end);

	it("reopens for a doubled cooldown when the probe fails, up to the cap", function ()
		local hook, m = new();
		outage(hook, m, 3);
		local cooldowns = {};
		local elapsed_before = m.now;
		for _ = 1, 5 do
			-- Find when it half-opens: step by 0.5 s.
			local start = m.now;
			repeat m.advance(0.5); local o = post(hook); until not o.err
			cooldowns[#cooldowns + 1] = m.now - start;
			m.http_requests[#m.http_requests]:answer(503, "");
		end
		assert.same({ 1, 2, 4, 8, 8 }, cooldowns);
		assert.truthy(m.now > elapsed_before);
	end);

	it("a probe that times out reopens it too", function ()
		local hook, m = new({ timeout = 2 });
		outage(hook, m, 3);
		m.advance(1);
		post(hook);
		m.advance(2);
		assert.equal("circuit-open", (refused(post(hook))));
		m.advance(2);
		assert.is_nil(post(hook).err);
	end);

	it("honours Retry-After in seconds on 503 and 429, bounded by the cap", function ()
		for _, case in ipairs({ { 503, "2", 2 }, { 429, "3", 3 }, { 503, "3600", 8 } }) do
			local hook, m = new();
			post(hook);
			m.http_requests[1]:answer(case[1], "", { ["Retry-After"] = case[2] });
			assert.equal("circuit-open", (refused(post(hook))), case[2]);
			m.advance(case[3] - 0.5);
			assert.equal("circuit-open", (refused(post(hook))));
			m.advance(0.5);
			assert.is_nil(post(hook).err);
		end
	end);

	it("honours Retry-After as an HTTP date", function ()
		local hook, m = new();
		post(hook);
		m.http_requests[1]:answer(503, "", { ["Retry-After"] = "Sun, 06 Nov 1994 08:49:42 GMT" }); -- now + 5 s
		m.advance(4.9);
		assert.equal("circuit-open", (refused(post(hook))));
		m.advance(0.1);
		assert.is_nil(post(hook).err);
	end);

	it("ignores Retry-After elsewhere, when past or unreadable", function ()
		local hook, m = new();
		for _, case in ipairs({ { 500, "5" }, { 200, "5" }, { 503, "soon" }, { 429, "Sun, 06 Nov 1994 08:00:00 GMT" } }) do
			post(hook);
			m.http_requests[#m.http_requests]:answer(case[1], "", { ["Retry-After"] = case[2] });
		end
		assert.is_nil(post(hook).err, "two outages (500, 503), fewer than 3");
	end);

	it("keeps one breaker per endpoint URL", function ()
		local hook, m = new();
		outage(hook, m, 3, URL);
		assert.is_table(post(hook, URL).err);
		assert.is_nil(post(hook, OTHER).err);
	end);

	it("shows its state in the metrics", function ()
		local hook, m = new();
		post(hook); m.http_requests[1]:answer(200, "");
		assert.equal(1, m.metric_value("webhook_breaker", "closed"));
		assert.equal(0, m.metric_value("webhook_breaker", "open"));
		outage(hook, m, 3);
		assert.equal(0, m.metric_value("webhook_breaker", "closed"));
		assert.equal(1, m.metric_value("webhook_breaker", "open"));
		assert.equal(1, m.metric_value("webhook_breaker_opened"));
		m.advance(1);
		assert.equal(0, m.metric_value("webhook_breaker", "open"));
		assert.equal(1, m.metric_value("webhook_breaker", "half-open"));
		post(hook); m.http_requests[#m.http_requests]:answer(204, "");
		assert.equal(1, m.metric_value("webhook_breaker", "closed"));
		assert.equal(0, m.metric_value("webhook_breaker", "half-open"));
		assert.equal("gauge", m.metrics.webhook_breaker.type);
		assert.same({ "state" }, m.metrics.webhook_breaker.label_keys);
	end);

	it("shows its state in the module status", function ()
		local hook, m = new();
		outage(hook, m, 3);
		assert.equal("warn", m.status.type);
		assert.truthy(m.status.message:find("^Endpoint failing: HTTP 500; circuit open, nothing sent for 1.0 s"), m.status.message);
		m.advance(1);
		assert.truthy(m.status.message:find("circuit half%-open"), m.status.message);
		post(hook); m.http_requests[#m.http_requests]:answer(200, "");
		assert.equal("info", m.status.type);
		assert.truthy(m.status.message:find("Connected", 1, true));
	end);

	it("without a breaker configured, makes no breaker metric and never refuses", function ()
		local hook, m = new({ breaker = false });
		outage(hook, m, 20);
		assert.is_nil(post(hook).err);
		post(hook); m.http_requests[#m.http_requests]:answer(503, "", { ["Retry-After"] = "60" });
		assert.is_nil(post(hook).err);
		assert.is_nil(m.metrics.webhook_breaker);
	end);
end);
