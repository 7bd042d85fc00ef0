-- mod_rest webhooks: the OPTIONS probe at load, the format it picks, the
-- module status. Shared setup: spec/mod_rest/callback_support.lua.

local R = require "mod_rest.callback_support";
local hashes = require "util.hashes";
local load, expect_logs, message, forward = R.load, R.expect_logs, R.message, R.forward;

after_each(R.assert_clean_logs);

--- The Content-Type of the next POST after the probe was answered so.
local function format_after(probe, options)
	local m = load(options, { probe = probe });
	return R.header(forward(m, message()), "Content-Type"), m;
end

describe("mod_rest webhooks, the OPTIONS probe", function ()
	it("is made once at load, without a body, to the URL", function ()
		local m = load(nil, { probe = false });
		assert.equal(1, #m.http_requests);
		local probe = m.probe;
		assert.equal("OPTIONS", probe.method);
		assert.equal(R.URL, probe.url);
		assert.is_nil(probe.body);
		assert.truthy(probe:pending());
	end);

	it("fills the template with kind meta, type info, and the host as to and from", function ()
		local m = load({ rest_callback_url = "http://127.0.0.1:8080/{kind}/{type}?to={to}&from={from}&x={other}" }, { probe = false });
		assert.equal("http://127.0.0.1:8080/meta/info?to=rest.localhost&from=rest.localhost&x={other}", m.probe.url);
		m = R.load_vhost({ rest_callback_url = "http://h/{to}" }, { probe = false });
		assert.equal("http://h/localhost", m.probe.url);
	end);

	it("is signed like the POSTs (the signature of the empty body)", function ()
		local m = load({ rest_callback_secret = "k" }, { probe = false });
		assert.equal("sha256=" .. hashes.hmac_sha256("k", "", true), R.header(m.probe, "X-Prosody-Signature"));
	end);

	it("does not hold stanzas back while it waits", function ()
		local m = load(nil, { probe = false });
		local req = forward(m, message());
		assert.equal(R.XML, R.header(req, "Content-Type"));
	end);

	for accept, expected in pairs({
		["application/json"] = R.JSON,
		["application/x-www-form-urlencoded"] = R.FORM,
		["application/xmpp+xml"] = R.XML,
		["Application/JSON; charset=utf-8"] = R.JSON,
		["text/html, application/json;q=0.9"] = R.JSON,
		["application/xmpp+xml;q=0.5, application/json"] = R.JSON,
		["application/json;q=0.2, application/x-www-form-urlencoded;q=0.8"] = R.FORM,
		["application/*"] = R.XML, -- a tie: the configured format
		["*/*"] = R.XML,
	}) do
		it("takes the format a 200's Accept prefers: " .. accept, function ()
			local got, m = format_after({ code = 200, headers = { Accept = accept } });
			assert.equal(expected, got);
			if expected ~= R.XML then expect_logs(m, "info", expected); end
		end);
	end

	it("keeps the configured format on a tie (*/*)", function ()
		assert.equal(R.JSON, (format_after({ code = 200, headers = { Accept = "*/*" } }, { rest_callback_content_type = "json" })));
		assert.equal(R.FORM, (format_after({ code = 200, headers = { Accept = "application/*" } },
			{ rest_callback_content_type = "application/x-www-form-urlencoded" })));
	end);

	it("overrides the configured format with the one asked for", function ()
		assert.equal(R.XML, (format_after({ code = 200, headers = { Accept = "application/xmpp+xml" } }, { rest_callback_content_type = "json" })));
	end);

	it("keeps the configured format, with a warning, when Accept names none of ours", function ()
		for _, accept in ipairs({ "text/html", "application/json;q=0", "garbage", "," }) do
			local got, m = format_after({ code = 200, headers = { Accept = accept } }, { rest_callback_content_type = "json" });
			assert.equal(R.JSON, got, accept);
			expect_logs(m, "warn", "accepts none of");
		end
	end);

	it("keeps the configured format without Accept, or on another status", function ()
		for _, probe in ipairs({
			{ code = 200 }, { code = 204, headers = { Accept = "application/json" } },
			{ code = 404, headers = { Accept = "application/json" } }, { code = 405 }, { code = 501 },
		}) do
			assert.equal(R.XML, (format_after(probe)), tostring(probe.code));
		end
	end);

	it("ignores an answer after the timeout", function ()
		local m = load(nil, { probe = false });
		m.advance(R.DEFAULT_TIMEOUT + 1);
		assert.is_false(m.probe:answer(200, "", { Accept = "application/json" }));
		assert.equal(R.XML, R.header(forward(m, message()), "Content-Type"));
		expect_logs(m, "warn", "Endpoint failing: timeout");
	end);
end);

describe("mod_rest webhooks, the module status", function ()
	it("says not yet connected until the probe is answered", function ()
		local m = load(nil, { probe = false });
		assert.equal("info", m.status.type);
		assert.truthy(m.status.message:find("Not yet connected", 1, true), m.status.message);
	end);

	for _, probe in ipairs({ { code = 200 }, { code = 204 }, { code = 404 }, { code = 405 }, { code = 501 } }) do
		it("says connected when the probe is answered " .. probe.code, function ()
			local m = load(nil, { probe = probe });
			assert.equal("info", m.status.type);
			assert.truthy(m.status.message:find("Connected", 1, true), m.status.message);
			assert.same({}, m.problems());
		end);
	end

	local failures = {
		{ "a connection failure", function (m) m.probe:fail("connection refused"); end, "connection refused" },
		{ "a timeout", function (m) m.advance(R.DEFAULT_TIMEOUT + 1); end, "timeout" },
		{ "HTTP 500", function (m) m.probe:answer(500, ""); end, "HTTP 500" },
		{ "HTTP 503", function (m) m.probe:answer(503, ""); end, "HTTP 503" },
	};
	for _, case in ipairs(failures) do
		it("says failing after " .. case[1] .. " of the probe, then connected after a good POST", function ()
			local m = load(nil, { probe = false });
			case[2](m);
			assert.equal("warn", m.status.type);
			assert.truthy(m.status.message:find(case[3], 1, true), m.status.message);
			expect_logs(m, "warn", case[3]);
			R.answer(forward(m, message()), 204);
			assert.equal("info", m.status.type);
			assert.truthy(m.status.message:find("Connected", 1, true));
		end);
	end

	it("says failing after a failed POST following a good probe, once", function ()
		local m = load();
		forward(m, message({ id = "a" })):fail("connection refused");
		forward(m, message({ id = "b" })):fail("connection refused");
		assert.equal("warn", m.status.type);
		assert.equal(1, #expect_logs(m, "warn", "Endpoint failing"));
	end);
end);
