-- src/lib/webhook.ts, probe: an OPTIONS request through the same timeout,
-- signature, queue, metrics and status as the POSTs (mod_rest probes its
-- webhook at load), from the library build.

local support = require "support";
local hashes = require "util.hashes";

after_each(support.assert_clean_logs);

describe("lib/webhook probe", function ()
	local function new(config)
		local webhook, m = support.lib("webhook", {
			host = "rest.localhost", host_type = "component", expected = support.endpoint_status_warning,
		});
		local full = { timeout = 10, maxInflight = 1, maxQueue = 1, maxBody = 100 };
		for k, v in pairs(config or {}) do full[k] = v; end
		return webhook.newWebhook(full), m;
	end
	local function probe(hook, headers)
		local outcome = {};
		hook.probe("http://endpoint.example/hook", headers or {}):next(function (answer)
			outcome.answer = answer;
		end, function (err)
			outcome.err = err;
		end);
		return outcome;
	end

	it("sends OPTIONS without a body and resolves with the answer", function ()
		local hook, m = new();
		local outcome = probe(hook, { Accept = "*/*" });
		local req = m.http_requests[1];
		assert.equal("OPTIONS", req.method);
		assert.is_nil(req.body);
		assert.equal("*/*", req.headers.Accept);
		req:answer(200, "", { Accept = "application/json" });
		assert.equal(200, outcome.answer.code);
		assert.equal("application/json", outcome.answer.headers.accept);
		assert.equal(1, m.metric_value("webhook_requests", "success"));
	end);

	it("signs the empty body", function ()
		local hook, m = new({ secret = "k" });
		probe(hook);
		assert.equal("sha256=" .. hashes.hmac_sha256("k", "", true), m.http_requests[1].headers["X-Prosody-Signature"]);
	end);

	it("times out, and sets the status failing", function ()
		local hook, m = new();
		local outcome = probe(hook);
		m.advance(10.5);
		assert.equal("timeout", outcome.err.context.outcome);
		assert.is_true(m.http_requests[1].destroyed);
		assert.equal("warn", m.status.type);
		support.expect_logs(m, "warn", "Endpoint failing: timeout");
	end);

	for code, healthy in pairs({ [200] = true, [404] = true, [405] = true, [501] = true, [500] = false, [503] = false }) do
		it("counts HTTP " .. code .. " as the endpoint " .. (healthy and "up" or "failing"), function ()
			local hook, m = new();
			probe(hook);
			m.http_requests[1]:answer(code, "");
			assert.equal(healthy and "info" or "warn", m.status.type);
			if not healthy then support.expect_logs(m, "warn", "HTTP " .. code); end
		end);
	end

	it("still counts 501 to a POST as failing", function ()
		local hook, m = new();
		hook.post("http://endpoint.example/hook", "x", {});
		m.http_requests[1]:answer(501, "");
		assert.equal("warn", m.status.type);
		support.expect_logs(m, "warn", "HTTP 501");
	end);

	it("waits for a slot like a POST", function ()
		local hook, m = new();
		hook.post("http://endpoint.example/hook", "x", {});
		local outcome = probe(hook);
		assert.equal(1, #m.http_requests);
		m.http_requests[1]:answer(204, "");
		assert.equal("OPTIONS", m.http_requests[2].method);
		m.http_requests[2]:answer(200, "");
		assert.equal(200, outcome.answer.code);
	end);
end);
