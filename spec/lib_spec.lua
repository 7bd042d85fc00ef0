-- Unit specs of the shared library (src/lib/*.ts) as compiled into the
-- bundles dist/mod_post_msg.lua and dist/mod_component_http.lua.
--
-- The build makes one self-contained bundle per module (no build config
-- emits src/lib alone), so the library modules are taken out of the
-- bundles: a bundle is
--
--   local ____modules = {}; local function require(file, ...) ... end
--   ____modules = { ["src.lib.http"] = function(...) ... end, ... }
--   local ____entry = require("src.mod_x", ...)
--   return ____entry
--
-- and `load_libs` runs a copy whose last two lines hand out the bundle's
-- `require` instead of starting the module, through the module API mock
-- (the library code sees the mock as `module`, its fake clock as `os`, and
-- its fake net.http). Library behaviour that the modules expose is also
-- checked through the modules, at the end.

local mock = require "mock_module";
local st = require "util.stanza";
local json = require "util.json";
local errors = require "util.error";
local hashes = require "util.hashes";
local base64 = require "util.encodings".base64;

-- The same variables as the module specs, for mutation checks on modified copies.
local POST_MSG = os.getenv("POST_MSG_DIST") or "dist/mod_post_msg.lua";
local COMPONENT_HTTP = os.getenv("COMPONENT_HTTP_DIST") or "dist/mod_component_http.lua";

local function read(path)
	local f = assert(io.open(path, "rb"));
	local code = f:read("*a");
	f:close();
	return code;
end

-- Load a bundle's library without running its module. Returns the mock
-- and the bundle's require (or nil and a reason).
local function load_libs(dist, opts)
	local code = read(dist);
	local patched, n = code:gsub("local ____entry = require%(\"src%.[%w_]+\", %.%.%.%)%s*return ____entry%s*$",
		"__lib_require = require\n");
	if n ~= 1 then
		return nil, "the bundle " .. dist .. " does not end the way TSTL bundles do";
	end
	local path = os.tmpname();
	local f = assert(io.open(path, "wb"));
	f:write(patched);
	f:close();
	opts = opts or {};
	opts.name = opts.name or "lib_spec";
	local ok, m = pcall(mock.load, path, opts);
	os.remove(path);
	assert(ok, m);
	local lib_require = rawget(m.env, "__lib_require");
	assert(type(lib_require) == "function", "the bundle's require");
	return m, lib_require;
end

-- The library module `name` ("http", "auth", ...) of a bundle, with its mock.
local function lib(name, dist, opts)
	local m, lib_require = load_libs(dist or POST_MSG, opts);
	return lib_require("src.lib." .. name), m;
end


local function keys_of(map)
	local t = {};
	for k, v in pairs(map) do t[k] = v; end
	return t;
end

---------------------------------------------------------------------------

describe("lib loading from the bundles", function ()
	it("finds every library module in the bundle of the module that uses it", function ()
		local _, post_require = load_libs(POST_MSG);
		for _, name in ipairs({ "json", "text", "http", "auth", "address", "options" }) do
			assert.is_table(post_require("src.lib." .. name), name);
		end
		local _, component_require = load_libs(COMPONENT_HTTP, { host = "bot.localhost", host_type = "component" });
		for _, name in ipairs({ "json", "text", "http", "webhook", "stanza_errors", "address", "options" }) do
			assert.is_table(component_require("src.lib." .. name), name);
		end
	end);

	it("does not start the module itself", function ()
		local m = load_libs(POST_MSG);
		assert.equal(0, #m.routes);
		assert.is_nil(m.provided.http);
		local c = load_libs(COMPONENT_HTTP, { host = "bot.localhost", host_type = "component" });
		assert.is_nil(c.fire("message/bare", { origin = {}, stanza = st.message({ to = "a@bot.localhost", from = "b@x" }) }));
		assert.equal(0, #c.http_requests);
		assert.same({}, c.problems());
	end);

	it("compiles the same shared code into both bundles", function ()
		local function chunk_of(code, name)
			local start = code:find('["src.lib.' .. name .. '"] = function(...)', 1, true);
			local stop = code:find("\n end,\n", start, true);
			return code:sub(start, stop);
		end
		local a, b = read(POST_MSG), read(COMPONENT_HTTP);
		for _, name in ipairs({ "json", "text", "http", "address", "options" }) do
			assert.equal(chunk_of(a, name), chunk_of(b, name), name);
		end
	end);
end);

describe("lib/http mediaType", function ()
	local http = lib("http");
	local cases = {
		{ nil, nil },
		{ "", nil },
		{ "   ", nil },
		{ ";charset=utf-8", nil },
		{ ",application/json", nil },
		{ "application/json", "application/json" },
		{ "Application/JSON", "application/json" },
		{ "application/json; charset=utf-8", "application/json" },
		{ "application/json;charset=utf-8", "application/json" },
		{ "  text/plain ; format=flowed", "text/plain" },
		{ "\ttext/plain", "text/plain" },
		{ "text/plain,application/json", "text/plain" },
		{ "multipart/form-data; boundary=x", "multipart/form-data" },
		{ "application/vnd.api+json", "application/vnd.api+json" },
		{ "application/jsonx", "application/jsonx" },
		{ "text/plain\tx", "text/plain" },
	};
	for _, case in ipairs(cases) do
		it(("gives %s for %q"):format(tostring(case[2]), tostring(case[1])), function ()
			assert.equal(case[2], http.mediaType(case[1]));
		end);
	end
end);

describe("lib/http negotiate", function ()
	local http = lib("http");
	local OFFERS = { "text/plain", "application/json" };
	local cases = {
		{ "application/json;q=0.1, text/plain;q=0.9", "text/plain" },
		{ "text/plain;q=0.1, application/json;q=0.9", "application/json" },
		{ "*/*", "text/plain", "the first offer" },
		{ "application/*", "application/json" },
		{ "text/*", "text/plain" },
		{ "application/*;q=0.8, text/plain;q=0.5", "application/json" },
		{ "application/json", "application/json" },
		{ "APPLICATION/JSON", "application/json" },
		{ "application/json; Q=0.5, text/plain;q=0.4", "application/json" },
		{ "application/json;q=0.5;level=1, text/plain;q=0.4", "application/json" },
		{ "application/json;charset=utf-8;q=0.2, text/plain;q=0.3", "text/plain" },
		{ "application/json , text/plain", "text/plain", "ties go to the earlier offer" },
		{ "text/plain;q=0.5, application/json", "application/json" },
		{ "*/*;q=0.9, application/json;q=0.1", "text/plain", "the most specific range gives an offer its q" },
		{ "application/*;q=0.2, application/json;q=0.9, */*;q=0.5", "application/json" },
		{ "application/json;q=0", nil, "q=0 refuses" },
		{ "application/json;q=0, */*", "text/plain" },
		{ "*/*;q=0.1, application/json;q=0", "text/plain" },
		{ "text/plain;q=0, */*", "application/json" },
		{ "*/*;q=0", nil },
		{ "text/plain;q=0.0, application/json;q=0.000", nil },
		{ "text/html", nil },
		{ "image/*", nil },
		{ "garbage", nil },
		{ "", nil },
		{ "   ", nil },
		{ nil, nil },
	};
	for _, case in ipairs(cases) do
		it(("picks %s for Accept: %s%s"):format(tostring(case[2]), tostring(case[1]), case[3] and " (" .. case[3] .. ")" or ""), function ()
			assert.equal(case[2], http.negotiate(case[1], OFFERS));
		end);
	end

	it("follows the order of the offers for */*", function ()
		assert.equal("application/json", http.negotiate("*/*", { "application/json", "text/plain" }));
		assert.equal("application/json", http.negotiate("text/plain, application/json", { "application/json", "text/plain" }));
	end);

	it("copes with long and malformed headers", function ()
		assert.is_nil(http.negotiate(string.rep("a/b;q=0.1,", 5000), OFFERS));
		assert.equal("text/plain", http.negotiate(string.rep(",", 1000) .. "*/*", OFFERS));
		assert.is_nil(http.negotiate("\0;q=x, /;q=1, a/;q=1", OFFERS));
		assert.is_nil(http.negotiate("application/json;q=..., text/plain;q=0", OFFERS));
	end);
end);

describe("lib/http decodeForm", function ()
	local http = lib("http");

	it("decodes fields, + and percent escapes", function ()
		assert.same({ body = "B&B", subject = "S 1", to = "bob@example.org" },
			keys_of(http.decodeForm("body=B%26B&subject=S+1&to=bob%40example.org")));
	end);

	it("gives an empty map for an empty body", function ()
		assert.same({}, keys_of(http.decodeForm("")));
	end);

	it("keeps the last of repeated names", function ()
		assert.same({ a = "2" }, keys_of(http.decodeForm("a=1&a=2")));
	end);

	it("keeps empty values and skips empty pairs", function ()
		assert.same({ a = "", b = "2" }, keys_of(http.decodeForm("a=&&b=2&")));
	end);

	it("holds only string keys and values (no positional entries from util.http)", function ()
		for k, v in pairs(http.decodeForm("a=1&b=2&c=3")) do
			assert.is_string(k);
			assert.is_string(v);
		end
	end);

	it("does not validate decoded bytes", function ()
		assert.equal("\255\0", http.decodeForm("x=%FF%00").x);
	end);

	for _, body in ipairs({ "just some text", "a", "%3D" }) do
		it("gives nil for a body that is not a form: " .. body, function ()
			assert.is_nil(http.decodeForm(body));
		end);
	end
end);

describe("lib/http error answers", function ()
	local http = lib("http");
	local err = errors.new({ code = 422, type = "modify", condition = "bad-request", text = "Nope" });

	local function event(accept)
		local response = { headers = {} };
		function response:send(body) self.body = body; end
		return { request = { headers = { accept = accept } }, response = response };
	end

	it("errorDocument is {type, error{type, condition, text}, code}", function ()
		assert.same({ type = "error", code = 422, error = { type = "modify", condition = "bad-request", text = "Nope" } },
			json.decode(http.errorDocument(err, 422)));
	end);

	it("respondError answers JSON when the client prefers it, one line of text otherwise", function ()
		local e = event("application/json");
		assert.is_true(http.respondError(e, err, { x_extra = "1" }));
		assert.equal(422, e.response.status_code);
		assert.equal("application/json", e.response.headers.content_type);
		assert.equal("1", e.response.headers.x_extra);
		assert.equal("Nope", json.decode(e.response.body).error.text);
		for _, accept in ipairs({ nil, "*/*", "application/json;q=0.1, text/plain;q=0.9", "application/json;q=0" }) do
			e = event(accept);
			http.respondError(e, err);
			assert.equal("text/plain; charset=utf-8", e.response.headers.content_type, tostring(accept));
			assert.equal("Nope\n", e.response.body);
		end
	end);

	it("respondError uses 500 for an error without code and the condition without text", function ()
		local e = event();
		http.respondError(e, errors.new({ type = "cancel", condition = "internal-server-error" }));
		assert.equal(500, e.response.status_code);
		assert.equal("internal-server-error\n", e.response.body);
	end);
end);

describe("lib/json", function ()
	local lj = lib("json");

	it("decodes JSON and gives nil, never an error, for what is not JSON", function ()
		assert.same({ a = 1 }, lj.decode('{"a":1}'));
		for _, text in ipairs({ "", "{", "nul", "{'a':1}", '{"__hash":5}', '{"__array":5}', string.rep("[", 200000) }) do
			assert.is_nil(lj.decode(text), text:sub(1, 20));
		end
	end);

	it("tells objects from arrays, null and scalars", function ()
		assert.is_true(lj.isObject(lj.decode("{}")));
		assert.is_true(lj.isObject(lj.decode('{"a":[1]}')));
		for _, text in ipairs({ "[]", "[1]", "null", "5", '"s"', "true" }) do
			assert.is_false(lj.isObject(lj.decode(text)), text);
		end
		assert.is_false(lj.isObject(nil));
	end);

	it("exposes util.json's null and encode", function ()
		assert.equal(json.null, lj.NULL);
		assert.equal(lj.NULL, lj.decode('{"a":null}').a);
		assert.same({ a = "x" }, json.decode(lj.encode({ a = "x" })));
	end);
end);

describe("lib/text", function ()
	local text = lib("text");

	for _, s in ipairs({ "", "plain", "a\tb\r\nc", "ünïcødé ✓", "\127", "\239\191\189" }) do
		it(("accepts %q"):format(s), function ()
			assert.is_true(text.isXmlSafe(s));
			assert.is_true(text.isXmlSafeString(s));
		end);
	end

	for _, s in ipairs({ "\0", "a\1b", "\8", "\11", "\12", "\27[31m", "\31", "\255", "caf\195", "\192\175", "\237\160\128" }) do
		it(("refuses %q"):format(s), function ()
			assert.is_false(text.isXmlSafe(s));
			assert.is_false(text.isXmlSafeString(s));
		end);
	end

	it("isXmlSafeString refuses what is not a string", function ()
		for _, v in ipairs({ 5, true, {}, json.null }) do
			assert.is_false(text.isXmlSafeString(v));
		end
		assert.is_false(text.isXmlSafeString(nil));
	end);
end);

describe("lib/address prepJid", function ()
	local address = lib("address");
	local valid = {
		{ "bob@example.org", "bob@example.org" },
		{ "BOB@Example.ORG/Phone", "bob@example.org/Phone" },
		{ "example.org", "example.org" },
		{ "bob@127.0.0.1", "bob@127.0.0.1" },
		{ "bob@[::1]", "bob@[::1]" },
	};
	for _, case in ipairs(valid) do
		it("preps " .. case[1], function ()
			assert.equal(case[2], address.prepJid(case[1]));
		end);
	end
	for _, s in ipairs({ "", "a@b@c", "@x", "bob@", "bob@x/", "bob@local host", "bob@exa\"mple.org", "bob@a<b",
		"b\1ob@x", "bob@x\255", string.rep("n", 1024) .. "@x", "bob@[nothex]" }) do
		it(("refuses %q"):format(s:sub(1, 30)), function ()
			assert.is_nil(address.prepJid(s));
		end);
	end
end);

describe("lib/stanza_errors errorForStatus", function ()
	local stanza_errors = lib("stanza_errors", COMPONENT_HTTP, { host = "bot.localhost", host_type = "component" });
	local expected = {
		[400] = { "modify", "bad-request" }, [401] = { "auth", "not-authorized" },
		[402] = { "auth", "forbidden" }, [403] = { "auth", "forbidden" },
		[404] = { "cancel", "item-not-found" }, [410] = { "cancel", "gone" },
		[500] = { "cancel", "internal-server-error" }, [501] = { "cancel", "feature-not-implemented" },
		[502] = { "cancel", "remote-server-timeout" }, [503] = { "wait", "remote-server-timeout" },
		[504] = { "wait", "remote-server-timeout" },
	};
	it("maps every listed status", function ()
		for code, e in pairs(expected) do
			assert.same({ type = e[1], condition = e[2] }, keys_of(stanza_errors.errorForStatus(code)), tostring(code));
		end
	end);
	it("maps any other status to cancel/service-unavailable", function ()
		for _, code in ipairs({ 0, 100, 301, 405, 418, 429, 505, 599, 1000, -1 }) do
			assert.same({ type = "cancel", condition = "service-unavailable" }, keys_of(stanza_errors.errorForStatus(code)), tostring(code));
		end
	end);
	it("gives conditions util.stanza accepts in an error reply", function ()
		for code in pairs(expected) do
			local e = stanza_errors.errorForStatus(code);
			local reply = st.error_reply(st.message({ from = "a@x", to = "b@y" }), e.type, e.condition);
			local t, c = reply:get_error();
			assert.equal(e.type, t);
			assert.equal(e.condition, c);
		end
	end);
end);

describe("lib/webhook sign", function ()
	local webhook = lib("webhook", COMPONENT_HTTP, { host = "bot.localhost", host_type = "component" });

	-- RFC 4231 test cases 1, 2, 4 and 6, and the empty key and message.
	local vectors = {
		{ string.rep("\11", 20), "Hi There", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7" },
		{ "Jefe", "what do ya want for nothing?", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" },
		{ "\1\2\3\4\5\6\7\8\9\10\11\12\13\14\15\16\17\18\19\20\21\22\23\24\25", string.rep("\205", 50),
			"82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b" },
		{ string.rep("\170", 131), "Test Using Larger Than Block-Size Key - Hash Key First",
			"60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54" },
		{ "", "", "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad" },
	};
	for i, v in ipairs(vectors) do
		it("computes sha256=<hex HMAC-SHA256> on a known vector #" .. i, function ()
			assert.equal("sha256=" .. v[3], webhook.sign(v[1], v[2]));
		end);
	end

	it("matches util.hashes on arbitrary bytes and names its header X-Prosody-Signature", function ()
		local body = '{"body":"ünïcødé \0 ✓"}';
		assert.equal("sha256=" .. hashes.hmac_sha256("k", body, true), webhook.sign("k", body));
		assert.equal("X-Prosody-Signature", webhook.SIGNATURE_HEADER);
	end);
end);

describe("lib/webhook delivery", function ()
	local function new(config)
		local webhook, m = lib("webhook", COMPONENT_HTTP, { host = "bot.localhost", host_type = "component" });
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

describe("lib/options positiveNumberOption", function ()
	local options, m = lib("options");
	before_each(function () m.logs = {}; end);

	local function with(value, fallback, allow_zero)
		m.options.some_option = value;
		return options.positiveNumberOption("some_option", fallback or 7, allow_zero);
	end

	it("returns a positive value, numeric strings included, without a warning", function ()
		assert.equal(5, with(5));
		assert.equal(0.5, with(0.5));
		assert.equal(12, with("12"));
		assert.same({}, m.problems());
	end);

	it("returns the default for an unset option, without a warning", function ()
		assert.equal(7, with(nil));
		assert.same({}, m.problems());
	end);

	it("accepts 0 only when allowed", function ()
		assert.equal(0, with(0, 7, true));
		assert.same({}, m.problems());
		assert.equal(7, with(0));
		assert.equal(1, #m.logs_of("warn", "some_option"));
	end);

	for _, value in ipairs({ -1, -0.5, 0 / 0 }) do
		it("falls back with a warning for " .. tostring(value), function ()
			assert.equal(7, with(value));
			assert.equal(7, with(value, 7, true));
			assert.equal(2, #m.logs_of("warn", "some_option"));
		end);
	end

	it("falls back for a value that is not a number (Prosody logs an error, the lib a warning)", function ()
		assert.equal(7, with("lots"));
		assert.equal(1, #m.logs_of("error", "some_option"));
		assert.equal(1, #m.logs_of("warn", "some_option"));
	end);
end);

describe("lib/auth credential cache", function ()
	local function cache(ttl, size)
		local auth, m = lib("auth");
		return auth.newCredentialCache(ttl, size), m;
	end

	it("remembers verified credentials for the TTL", function ()
		local c, m = cache(60, 10);
		assert.is_false(c.lookup("alice", "pw"));
		c.store("alice", "pw");
		assert.is_true(c.lookup("alice", "pw"));
		assert.is_false(c.lookup("alice", "other"));
		assert.is_false(c.lookup("bob", "pw"));
		m.advance(59);
		assert.is_true(c.lookup("alice", "pw"));
		m.advance(1);
		assert.is_false(c.lookup("alice", "pw"));
		assert.equal(0, c.count(), "the expired entry was dropped");
	end);

	it("is disabled by a TTL of 0", function ()
		local c = cache(0, 10);
		c.store("alice", "pw");
		assert.is_false(c.lookup("alice", "pw"));
		assert.equal(0, c.count());
	end);

	it("keeps at most `size` entries (at least one)", function ()
		local c = cache(60, 2);
		c.store("a", "1"); c.store("b", "2"); c.store("c", "3");
		assert.equal(2, c.count());
		assert.is_false(c.lookup("a", "1"));
		assert.is_true(c.lookup("c", "3"));
		local one = cache(60, 0);
		one.store("a", "1"); one.store("b", "2");
		assert.equal(1, one.count());
		assert.is_true(one.lookup("b", "2"));
	end);

	it("evicts the least recently used entry, a lookup counting as a use", function ()
		local c = cache(60, 2);
		c.store("alice", "a");
		c.store("bob", "b");
		assert.is_true(c.lookup("alice", "a"));
		c.store("carol", "c");
		assert.is_true(c.lookup("alice", "a"), "alice was used last, bob should have been evicted");
		assert.is_false(c.lookup("bob", "b"));
	end);

	it("forgets every entry of a user and only theirs", function ()
		local c = cache(60, 10);
		c.store("alice", "old"); c.store("alice", "new"); c.store("bob", "b");
		c.forget("alice");
		assert.is_false(c.lookup("alice", "old"));
		assert.is_false(c.lookup("alice", "new"));
		assert.is_true(c.lookup("bob", "b"));
		assert.equal(1, c.count());
	end);

	it("does not confuse users whose name and password concatenate alike", function ()
		local c = cache(60, 10);
		c.store("ab", "c");
		assert.is_false(c.lookup("a", "bc"));
		assert.is_false(c.lookup("abc", ""));
	end);
end);

describe("lib/auth parsing", function ()
	local auth = lib("auth");

	it("parseAuthorization splits scheme (lower case) and credentials", function ()
		assert.same({ "basic", "abc" }, { auth.parseAuthorization("Basic abc") });
		assert.same({ "bearer", "tok" }, { auth.parseAuthorization("  BEARER   tok  ") });
		for _, header in ipairs({ "Basic", "Basic ", "Basic a b", "", "   " }) do
			assert.is_nil((auth.parseAuthorization(header)), header);
		end
		assert.is_nil((auth.parseAuthorization(nil)));
	end);

	it("decodeBasic gives user and password, the password holding any colons", function ()
		assert.same({ "alice", "secret" }, { auth.decodeBasic(base64.encode("alice:secret")) });
		assert.same({ "alice", "pa:ss:" }, { auth.decodeBasic(base64.encode("alice:pa:ss:")) });
		assert.same({ "", "" }, { auth.decodeBasic(base64.encode(":")) });
	end);

	for _, credentials in ipairs({ "!!!!", "", base64.encode("alice"), base64.encode("\255:x"), base64.encode("al\1ice:x"), "YWxpY2U6c2VjcmV0 " }) do
		it(("decodeBasic refuses %q"):format(credentials), function ()
			assert.is_nil((auth.decodeBasic(credentials)));
		end);
	end

	it("localUsername takes user or user@host of this host only", function ()
		assert.equal("alice", auth.localUsername("alice", "localhost"));
		assert.equal("alice", auth.localUsername("Alice@LOCALHOST", "localhost"));
		for _, name in ipairs({ "alice@other", "alice@localhost/res", "a@b@localhost", "", "@localhost", "al ice", string.rep("a", 1024) }) do
			assert.is_nil(auth.localUsername(name, "localhost"), name);
		end
	end);
end);

describe("lib/auth authenticate", function ()
	local function setup(tokens)
		local auth = lib("auth");
		local checks = {};
		local config = {
			host = "localhost",
			mechanisms = { basic = true, bearer = true },
			checkPassword = function (user, password)
				checks[#checks + 1] = user;
				if password == "raise" then error("store down"); end
				return user == "alice" and password == "secret";
			end,
			cache = auth.newCredentialCache(60, 10),
			tokens = tokens,
		};
		return auth, config, checks;
	end
	local function basic(u, p) return "Basic " .. base64.encode(u .. ":" .. p); end

	it("authenticates Basic credentials, from the cache the second time", function ()
		local auth, config, checks = setup();
		local principal = auth.authenticate(config, basic("alice@localhost", "secret"));
		assert.same({ username = "alice", host = "localhost", jid = "alice@localhost", mechanism = "basic" }, principal);
		assert.is_table((auth.authenticate(config, basic("alice", "secret"))));
		assert.same({ "alice" }, checks);
	end);

	it("says why it refuses", function ()
		local auth, config, checks = setup();
		assert.same({ nil, "missing" }, { auth.authenticate(config, nil) });
		assert.same({ nil, "malformed" }, { auth.authenticate(config, "Basic") });
		assert.same({ nil, "malformed" }, { auth.authenticate(config, "Basic !!!") });
		assert.same({ nil, "unsupported" }, { auth.authenticate(config, "Digest x") });
		assert.same({ nil, "unsupported" }, { auth.authenticate(config, "Bearer tok") }, "no token API");
		assert.same({ nil, "refused" }, { auth.authenticate(config, basic("alice", "wrong")) });
		assert.same({ nil, "refused" }, { auth.authenticate(config, basic("alice", "raise")) });
		assert.same({ nil, "refused" }, { auth.authenticate(config, basic("alice@otherhost", "secret")) });
		assert.same({ "alice", "alice" }, checks, "other hosts are refused without a check");
	end);

	it("refuses a mechanism that is not enabled", function ()
		local auth, config = setup();
		config.mechanisms = { bearer = true };
		assert.same({ nil, "unsupported" }, { auth.authenticate(config, basic("alice", "secret")) });
	end);

	it("authenticates Bearer tokens of this host", function ()
		local tokens = {
			get_token_info = function (token)
				if token == "good" then return { session = { username = "bob", host = "localhost" } }; end
				if token == "other" then return { session = { username = "bob", host = "elsewhere" } }; end
				if token == "raise" then error("token store down"); end
				return nil, "not-authorized";
			end,
		};
		local auth, config = setup(tokens);
		local principal = auth.authenticate(config, "Bearer good");
		assert.same({ username = "bob", host = "localhost", jid = "bob@localhost", mechanism = "bearer" }, principal);
		for _, token in ipairs({ "other", "raise", "unknown" }) do
			assert.same({ nil, "refused" }, { auth.authenticate(config, "Bearer " .. token) }, token);
		end
	end);
end);

---------------------------------------------------------------------------
-- The same behaviour, through the modules.
---------------------------------------------------------------------------

describe("lib behaviour through mod_post_msg", function ()
	local function basic(u, p) return "Basic " .. base64.encode(u .. ":" .. p); end
	local function load_post_msg(options)
		return mock.load(POST_MSG, { users = { alice = "a", bob = "b", carol = "c" }, options = options });
	end
	local function post(m, auth, headers, body, ctype)
		local h = { Authorization = auth, ["Content-Type"] = ctype or "text/plain" };
		for k, v in pairs(headers or {}) do h[k] = v; end
		return m.http_request({ method = "POST", path = "/msg/bob", headers = h, body = body or "hi" });
	end

	it("negotiates error bodies with q-values", function ()
		local m = load_post_msg();
		local function ctype(accept)
			return post(m, basic("alice", "wrong"), { Accept = accept }).headers.content_type;
		end
		assert.equal("text/plain; charset=utf-8", ctype("application/json;q=0.1, text/plain;q=0.9"));
		assert.equal("application/json", ctype("text/plain;q=0.1, application/json;q=0.9"));
		assert.equal("text/plain; charset=utf-8", ctype("*/*"));
		assert.equal("application/json", ctype("application/*"));
		assert.equal("text/plain; charset=utf-8", ctype("application/json;q=0"));
		assert.equal("text/plain; charset=utf-8", ctype("application/json;q=0, */*;q=0.1"));
		assert.equal(0, #m.sent);
	end);

	it("negotiates the success body with q-values", function ()
		local m = load_post_msg();
		local res = post(m, basic("alice", "a"), { Accept = "text/plain;q=0.2, application/*;q=0.8" });
		assert.equal(201, res.status);
		assert.equal("application/json", res.headers.content_type);
		res = post(m, basic("alice", "a"), { Accept = "application/json;q=0.1, text/plain;q=0.9" });
		assert.equal("text/plain; charset=utf-8", res.headers.content_type);
	end);

	it("reads Content-Type media types in any case and with parameters", function ()
		local m = load_post_msg();
		for _, ct in ipairs({ "TEXT/PLAIN", "text/plain;charset=utf-8", "  text/plain ; x=y" }) do
			assert.equal(201, post(m, basic("alice", "a"), nil, "hi", ct).status, ct);
		end
		assert.equal(201, post(m, basic("alice", "a"), nil, '{"body":"x"}', "Application/Json; charset=UTF-8").status);
		assert.equal(415, post(m, basic("alice", "a"), nil, "hi", "text/plainx").status);
	end);

	it("decodes forms", function ()
		local m = load_post_msg();
		local res = post(m, basic("alice", "a"), nil, "body=B%26B+%C3%BC&subject=a%2Bb&body2=x", "application/x-www-form-urlencoded");
		assert.equal(201, res.status);
		assert.equal("B&B ü", m.sent[1]:get_child_text("body"));
		assert.equal("a+b", m.sent[1]:get_child_text("subject"));
		assert.equal(400, post(m, basic("alice", "a"), nil, "not a form", "application/x-www-form-urlencoded").status);
	end);

	it("bounds the credential cache (post_msg_auth_cache_size = 2): a third user evicts the oldest", function ()
		local m = load_post_msg({ post_msg_auth_cache_size = 2 });
		post(m, basic("alice", "a"));
		post(m, basic("bob", "b"));
		post(m, basic("carol", "c"));
		assert.equal(3, m.password_checks);
		post(m, basic("carol", "c"));
		post(m, basic("bob", "b"));
		assert.equal(3, m.password_checks, "bob and carol are cached");
		post(m, basic("alice", "a"));
		assert.equal(4, m.password_checks, "alice was evicted and is checked again");
		assert.equal(6, #m.sent);
	end);

	it("bounds the credential cache (post_msg_auth_cache_size = 2) by recent use, not by age", function ()
		local m = load_post_msg({ post_msg_auth_cache_size = 2 });
		post(m, basic("alice", "a"));
		post(m, basic("bob", "b"));
		post(m, basic("alice", "a"));
		assert.equal(2, m.password_checks);
		post(m, basic("carol", "c"));
		assert.equal(3, m.password_checks);
		post(m, basic("alice", "a"));
		assert.equal(3, m.password_checks, "alice, used more recently than bob, is still cached");
		post(m, basic("bob", "b"));
		assert.equal(4, m.password_checks, "bob, the least recently used, was evicted");
	end);
end);

describe("lib behaviour through mod_component_http", function ()
	local function load_component(options)
		local opts = { component_post_url = "http://127.0.0.1:8080/" };
		for k, v in pairs(options or {}) do opts[k] = v; end
		return mock.load(COMPONENT_HTTP, { host = "bot.localhost", host_type = "component", options = opts });
	end
	local function fire(m, body)
		local msg = st.message({ to = "echo@bot.localhost", from = "alice@localhost/r", type = "chat", id = "x" }):text_tag("body", body or "hi");
		m.fire("message/bare", { origin = {}, stanza = msg });
		return m.http_requests[#m.http_requests];
	end

	it("signs with the RFC 4231 key over the exact body", function ()
		local m = load_component({ component_post_secret = "Jefe" });
		local req = fire(m, "what do ya want for nothing?");
		assert.equal("sha256=" .. hashes.hmac_sha256("Jefe", req.body, true), req.headers["X-Prosody-Signature"]);
		local _, lib_require = load_libs(COMPONENT_HTTP, { host = "bot.localhost", host_type = "component" });
		assert.equal(lib_require("src.lib.webhook").sign("Jefe", req.body), req.headers["X-Prosody-Signature"]);
	end);

	it("reads the endpoint's Content-Type with mediaType (case, parameters)", function ()
		local m = load_component();
		for _, ct in ipairs({ "APPLICATION/JSON", "application/json ; charset=utf-8", "\tapplication/json" }) do
			fire(m):answer(200, '{"body":"ok"}', { ["Content-Type"] = ct });
		end
		assert.equal(3, #m.sent);
		fire(m):answer(200, '{"body":"ok"}', { ["Content-Type"] = "application/json-patch+json" });
		assert.equal(3, #m.sent);
	end);
end);
