-- mod_rest webhooks: non-2xx answers, no answer at all, and the stanzas
-- that are never answered. Shared setup: spec/mod_rest/callback_support.lua.

local R = require "mod_rest.callback_support";
local load, expect_logs, drop_status_warnings = R.load, R.expect_logs, R.drop_status_warnings;
local message, iq, presence, deliver, forward, answer, answer_xml = R.message, R.iq, R.presence, R.deliver, R.forward, R.answer, R.answer_xml;
local assert_error_reply = R.assert_error_reply;
local DEFAULT_TIMEOUT = R.DEFAULT_TIMEOUT;

after_each(R.assert_clean_logs);

-- The shared HTTP -> XMPP table (src/lib/stanza_errors.ts).
local BY_STATUS = {
	[400] = { "modify", "bad-request" }, [401] = { "auth", "not-authorized" }, [402] = { "auth", "forbidden" },
	[403] = { "auth", "forbidden" }, [404] = { "cancel", "item-not-found" }, [410] = { "cancel", "gone" },
	[500] = { "cancel", "internal-server-error" }, [501] = { "cancel", "feature-not-implemented" },
	[502] = { "cancel", "remote-server-timeout" }, [503] = { "wait", "remote-server-timeout" },
	[504] = { "wait", "remote-server-timeout" },
	-- Anything else.
	[100] = { "cancel", "service-unavailable" }, [301] = { "cancel", "service-unavailable" },
	[302] = { "cancel", "service-unavailable" }, [304] = { "cancel", "service-unavailable" },
	[405] = { "cancel", "service-unavailable" }, [418] = { "cancel", "service-unavailable" },
	[429] = { "cancel", "service-unavailable" }, [507] = { "cancel", "service-unavailable" },
	[599] = { "cancel", "service-unavailable" }, [999] = { "cancel", "service-unavailable" },
};

local function text_of(reply)
	return reply:get_child("error"):get_child_text("text", R.XMLNS_STANZAS);
end

describe("mod_rest webhooks, a non-2xx status", function ()
	for code, spec in pairs(BY_STATUS) do
		it(code .. " answers " .. spec[1] .. "/" .. spec[2], function ()
			for _, make in ipairs({ message, iq, presence }) do
				local m = load();
				local stanza = make();
				answer(forward(m, stanza), code, "", R.XML_CT);
				assert_error_reply(m, stanza, spec[1], spec[2]);
				drop_status_warnings(m);
			end
		end);
	end

	it("takes a text/plain body as the error text, trimmed", function ()
		local m = load();
		local msg = message();
		answer(forward(m, msg), 404, "  No such bot here ✓\n", R.TEXT_CT);
		assert.equal("No such bot here ✓", text_of(assert_error_reply(m, msg, "cancel", "item-not-found")));
	end);

	it("cuts a long text at 1024 bytes, on a character boundary", function ()
		local m = load();
		local msg = message();
		answer(forward(m, msg), 400, "a" .. string.rep("é", 2000), R.TEXT_CT);
		local text = text_of(assert_error_reply(m, msg, "modify", "bad-request"));
		assert.equal(1023, #text);
		assert.equal("a" .. string.rep("é", 511), text);
	end);

	it("reads only the start of a long body (no quadratic pattern over it)", function ()
		local m = load();
		local msg = message();
		local started = os.clock();
		answer(forward(m, msg), 503, "a" .. string.rep(" ", 400 * 1024) .. "b", R.TEXT_CT);
		assert.truthy(os.clock() - started < 1, "fast");
		assert.equal("a", text_of(assert_error_reply(m, msg, "wait", "remote-server-timeout")));
		drop_status_warnings(m);
	end);

	it("leaves the text out when the body is not text/plain, empty, or not XML-safe", function ()
		for _, case in ipairs({
			{ "<html>Not found</html>", { ["Content-Type"] = "text/html" } },
			{ "Not found", nil },
			{ '{"error":"x"}', R.JSON_CT },
			{ "   ", R.TEXT_CT },
			{ "bad \0 byte", R.TEXT_CT },
			{ "bad \27[31m escape", R.TEXT_CT },
			{ "invalid \255\254 UTF-8", R.TEXT_CT },
		}) do
			local m = load();
			local msg = message();
			answer(forward(m, msg), 404, case[1], case[2]);
			assert.is_nil(text_of(assert_error_reply(m, msg, "cancel", "item-not-found")), case[1]);
		end
	end);

	it("marks the endpoint failing on 5xx only", function ()
		local m = load();
		answer(forward(m, message()), 404, "");
		assert.equal("info", m.status.type);
		m.sent = {};
		answer(forward(m, message()), 500, "");
		assert.equal("warn", m.status.type);
		expect_logs(m, "warn", "HTTP 500");
	end);
end);

describe("mod_rest webhooks, no answer", function ()
	it("answers wait/recipient-unavailable when the endpoint cannot be reached", function ()
		for _, make in ipairs({ message, iq, presence }) do
			local m = load();
			local stanza = make();
			forward(m, stanza):fail("connection refused");
			assert_error_reply(m, stanza, "wait", "recipient-unavailable");
			expect_logs(m, "warn", "connection refused");
		end
	end);

	it("answers wait/remote-server-timeout when the endpoint is too slow, and destroys the request", function ()
		local m = load();
		local msg = message();
		local req = forward(m, msg);
		m.advance(DEFAULT_TIMEOUT + 0.1);
		assert_error_reply(m, msg, "wait", "remote-server-timeout");
		assert.is_true(req.destroyed);
		-- A late answer changes nothing.
		local callback = req.callback;
		assert.is_false(req:answer(200, "<message><body>late</body></message>", R.XML_CT));
		if callback then callback("<message/>", 200, { code = 200, body = "<message/>", headers = {} }, req); end
		assert.equal(1, #m.sent);
		expect_logs(m, "warn", "timeout");
	end);

	it("answers wait/resource-constraint when too many requests wait", function ()
		local m = load({ rest_callback_max_inflight = 1, rest_callback_max_queue = 1 });
		forward(m, message({ id = "a" }));
		deliver(m, message({ id = "b" }));
		local refused = message({ id = "c" });
		deliver(m, refused);
		assert_error_reply(m, refused, "wait", "resource-constraint");
	end);

	it("answers an answer over 512 KiB with cancel/undefined-condition and a warning", function ()
		local m = load();
		local msg = message();
		answer_xml(forward(m, msg), "<message><body>" .. string.rep("x", R.MAX_ANSWER) .. "</body></message>");
		assert_error_reply(m, msg, "cancel", "undefined-condition");
		expect_logs(m, "warn", "too large");
		drop_status_warnings(m);
	end);
end);

describe("mod_rest webhooks, stanzas never answered", function ()
	local function unanswerable()
		return {
			message({ type = "error" }), presence({ type = "error" }), iq({ type = "error" }), iq({ type = "result" }),
			R.receipt_request({ type = "error" }),
		};
	end

	local outcomes = {
		{ "202", function (req) answer(req, 202); end },
		{ "204", function (req) answer(req, 204); end },
		{ "200 with a reply", function (req) answer_xml(req, "<message><body>x</body></message>"); end },
		{ "200 with an iq", function (req) answer_xml(req, "<iq type='result'/>"); end },
		{ "200 with garbage", function (req) answer_xml(req, "<message"); end },
		{ "200 text", function (req) answer(req, 200, "hello", R.TEXT_CT); end },
		{ "404", function (req) answer(req, 404, "gone", R.TEXT_CT); end },
		{ "500", function (req) answer(req, 500, ""); end },
		{ "a connection failure", function (req) req:fail("refused"); end },
	};
	for _, outcome in ipairs(outcomes) do
		it("error and result stanzas get nothing back after " .. outcome[1], function ()
			local m = load();
			for _, stanza in ipairs(unanswerable()) do
				outcome[2](forward(m, stanza));
			end
			assert.same({}, m.sent);
			drop_status_warnings(m);
			assert.same({}, m.problems(), "not even a warning about an answer nobody gets");
		end);
	end

	it("error and result stanzas get nothing back after a timeout", function ()
		local m = load();
		for _, stanza in ipairs(unanswerable()) do forward(m, stanza); end
		m.advance(DEFAULT_TIMEOUT + 1);
		assert.same({}, m.sent);
		drop_status_warnings(m);
	end);
end);

describe("mod_rest webhooks, iq requests", function ()
	local outcomes = {
		{ "202", function (req) answer(req, 202); end },
		{ "204", function (req) answer(req, 204); end },
		{ "200 empty", function (req) answer(req, 200, ""); end },
		{ "200 iq", function (req) answer_xml(req, "<iq type='result'/>"); end },
		{ "200 iq error", function (req) answer_xml(req, "<iq type='error'><error type='cancel'/></iq>"); end },
		{ "200 message", function (req) answer_xml(req, "<message><body>x</body></message>"); end },
		{ "200 text", function (req) answer(req, 200, "hi", R.TEXT_CT); end },
		{ "200 garbage", function (req) answer_xml(req, "<iq"); end },
		{ "200 JSON garbage", function (req) answer(req, 200, "{", R.JSON_CT); end },
		{ "200 untyped", function (req) answer(req, 200, "<iq type='result'/>"); end },
		{ "301", function (req) answer(req, 301, ""); end },
		{ "404", function (req) answer(req, 404, ""); end },
		{ "503", function (req) answer(req, 503, ""); end },
		{ "a connection failure", function (req) req:fail(); end },
		{ "a timeout", function (_, m) m.advance(DEFAULT_TIMEOUT + 1); end },
		{ "an answer too large", function (req) answer(req, 200, string.rep(" ", R.MAX_ANSWER + 1), R.XML_CT); end },
	};
	for _, outcome in ipairs(outcomes) do
		it("get exactly one answer, with their id, after " .. outcome[1], function ()
			for _, t in ipairs({ "get", "set" }) do
				local m = load();
				local request = iq({ type = t, id = "one-" .. t });
				outcome[2](forward(m, request), m);
				m.advance(DEFAULT_TIMEOUT * 3);
				assert.equal(1, #m.sent, outcome[1]);
				local reply = m.sent[1];
				assert.equal("iq", reply.name);
				assert.equal("one-" .. t, reply.attr.id);
				assert.equal(R.ALICE, reply.attr.to);
				assert.truthy(reply.attr.type == "result" or reply.attr.type == "error");
				m.logs = {};
			end
		end);
	end
end);
