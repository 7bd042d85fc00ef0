-- mod_rest webhooks: the POST made for each stanza (URL, headers, body).
-- Shared setup: spec/mod_rest/callback_support.lua.

local R = require "mod_rest.callback_support";
local json = require "util.json";
local http_util = require "util.http";
local errors = require "util.error";
local st = require "util.stanza";
local load, load_vhost, expect_logs = R.load, R.load_vhost, R.expect_logs;
local message, iq, presence, deliver, forward = R.message, R.iq, R.presence, R.deliver, R.forward;

after_each(R.assert_clean_logs);

describe("mod_rest webhooks, each stanza", function ()
	it("becomes one POST to the URL, and the handler says handled", function ()
		local m = load();
		for _, stanza in ipairs({ message(), presence(), iq(), message({ type = "error" }), iq({ type = "result" }) }) do
			local handled, req = deliver(m, stanza);
			assert.is_true(handled, stanza:top_tag());
			assert.is_table(req, stanza:top_tag());
			assert.equal("POST", req.method);
			assert.equal(R.URL, req.url);
		end
		assert.equal(6, #m.http_requests, "the probe and five POSTs");
	end);

	it("carries the stanza as XML by default", function ()
		local m = load();
		local msg = message({ ["xml:lang"] = "en" }, "hello <world> & \"you\" ✓");
		msg:tag("thread"):text("t1"):up();
		local posted = R.body_stanza(forward(m, msg));
		assert.equal("message", posted.name);
		assert.equal(R.BOT, posted.attr.to);
		assert.equal(R.ALICE, posted.attr.from);
		assert.equal("chat", posted.attr.type);
		assert.equal("m1", posted.attr.id);
		assert.equal("hello <world> & \"you\" ✓", posted:get_child_text("body"));
		assert.equal("t1", posted:get_child_text("thread"));
	end);

	it("carries the stanza as JSON when configured so", function ()
		local m = load({ rest_callback_content_type = "json" });
		local req = forward(m, message(nil, "hi there"));
		assert.equal(R.JSON, R.header(req, "Content-Type"));
		local doc = json.decode(req.body);
		assert.is_table(doc);
		assert.equal("message", doc.kind);
		assert.equal("chat", doc.type);
		assert.equal(R.BOT, doc.to);
		assert.equal(R.ALICE, doc.from);
		assert.equal("hi there", doc.body);
	end);

	it("carries the stanza as a form when configured so", function ()
		local m = load({ rest_callback_content_type = R.FORM });
		local req = forward(m, message(nil, "hi & bye"));
		assert.equal(R.FORM, R.header(req, "Content-Type"));
		local form = http_util.formdecode(req.body);
		assert.is_table(form);
		assert.equal("hi & bye", form.body);
		assert.equal(R.ALICE, form.from);
		assert.equal(R.BOT, form.to);
	end);

	it("says what it can read back in Accept", function ()
		local m = load();
		assert.equal(R.READ_BACK, R.header(forward(m, message()), "Accept"));
	end);

	it("sends Content-Language from xml:lang, when it is a language tag", function ()
		local m = load();
		assert.equal("en", R.header(forward(m, message({ ["xml:lang"] = "en" })), "Content-Language"));
		assert.equal("zh-Hant-TW", R.header(forward(m, message({ ["xml:lang"] = "zh-Hant-TW" })), "Content-Language"));
		assert.is_nil(R.header(forward(m, message()), "Content-Language"));
		for _, bad in ipairs({ "en\r\nX-Evil: 1", "en gb", "", "-en", "e;n", string.rep("a", 65) }) do
			local req = forward(m, message({ ["xml:lang"] = bad }));
			assert.is_nil(R.header(req, "Content-Language"), bad);
			assert.equal("message", R.body_stanza(req).name);
		end
	end);

	it("fills the URL template, URL-encoded", function ()
		local m = load({ rest_callback_url = "http://127.0.0.1:8080/x/{kind}/{type}/{to}?from={from}&keep={unknown}" });
		local req = forward(m, message({ to = "bot@rest.localhost/a b?c", from = "al&ice@localhost/ph/one" }));
		assert.equal("http://127.0.0.1:8080/x/message/chat/bot%40rest.localhost%2fa%20b%3fc?from=al%26ice%40localhost%2fph%2fone&keep={unknown}",
			req.url);
		req = forward(m, presence());
		assert.equal("http://127.0.0.1:8080/x/presence//bot%40rest.localhost?from=alice%40localhost%2fphone&keep={unknown}", req.url);
		req = forward(m, iq({ type = "set" }));
		assert.equal("http://127.0.0.1:8080/x/iq/set/bot%40rest.localhost?from=alice%40localhost%2fphone&keep={unknown}", req.url);
	end);

	it("fills {to} with the sender's own address for a stanza Prosody left without to", function ()
		local m = load_vhost({ rest_callback_url = "http://h/{to}/{from}", rest_callback_events = { "bare" } });
		local msg = message({ to = false, from = "alice@localhost/phone" });
		local req = forward(m, msg, "message/bare");
		assert.equal("http://h/alice%40localhost/alice%40localhost%2fphone", req.url);
		R.answer_xml(req, "<message><body>to self</body></message>");
		local reply = R.the_reply(m);
		assert.equal("alice@localhost/phone", reply.attr.to);
		assert.equal("alice@localhost", reply.attr.from);
	end);

	it("answers to the origin's address when the stanza has no from", function ()
		local m = load();
		local origin = { type = "c2s", host = "localhost", full_jid = "carol@localhost/x", send = function () end };
		local req = forward(m, message({ from = false }), nil, origin);
		R.answer_xml(req, "<message><body>hi</body></message>");
		assert.equal("carol@localhost/x", R.the_reply(m).attr.to);
	end);
end);

describe("mod_rest webhooks, a stanza the format cannot express", function ()
	local function failing_encoder(real)
		local wrapped = setmetatable({}, { __index = real });
		wrapped.encodeStanza = function (format, stanza)
			if format ~= R.XML and stanza:get_child("unencodable", "urn:test") then
				return nil, errors.new({ type = "modify", condition = "not-acceptable", text = "cannot express it", code = 406 });
			end
			return real.encodeStanza(format, stanza);
		end
		return wrapped;
	end

	local function odd(stanza) return stanza:tag("unencodable", { xmlns = "urn:test" }):up(); end

	for _, make in ipairs({ function () return message(); end, function () return iq(); end, function () return presence(); end }) do
		it("is not sent (never as a GET): a warning, and the sender gets modify/not-acceptable", function ()
			local m = load({ rest_callback_content_type = "json" }, { wrap = { ["src.mod_rest.formats"] = failing_encoder } });
			local stanza = odd(make());
			local handled, req = deliver(m, stanza);
			assert.is_true(handled);
			assert.is_nil(req, "no request at all");
			R.assert_error_reply(m, stanza, "modify", "not-acceptable");
			expect_logs(m, "warn", "Cannot forward");
		end);
	end

	it("gets no error when it is an error or a result", function ()
		local m = load({ rest_callback_content_type = "json" }, { wrap = { ["src.mod_rest.formats"] = failing_encoder } });
		for _, stanza in ipairs({ odd(message({ type = "error" })), odd(iq({ type = "result" })), odd(iq({ type = "error" })) }) do
			local handled, req = deliver(m, stanza);
			assert.is_true(handled);
			assert.is_nil(req);
		end
		assert.same({}, m.sent);
		expect_logs(m, "warn", "Cannot forward");
	end);

	it("is an error log, not a traceback, when the encoder raises", function ()
		local m = load({ rest_callback_content_type = "json" }, { wrap = { ["src.mod_rest.formats"] = function (real)
			return setmetatable({ encodeStanza = function () error("mapping bug"); end }, { __index = real });
		end } });
		local msg = message();
		local handled, req = deliver(m, msg);
		assert.is_true(handled);
		assert.is_nil(req);
		R.assert_error_reply(m, msg, "modify", "not-acceptable");
		expect_logs(m, "error", "mapping bug");
		expect_logs(m, "warn", "Cannot forward");
	end);
end);

describe("mod_rest webhooks on a VirtualHost", function ()
	it("forwards what is addressed to the host and replies from it", function ()
		local m = load_vhost();
		local msg = message({ to = R.VHOST });
		R.answer_xml(forward(m, msg), "<message type='chat'><body>hi from the host</body></message>");
		local reply = R.the_reply(m);
		assert.equal(R.VHOST, reply.attr.from);
		assert.equal(R.ALICE, reply.attr.to);
		assert.equal("hi from the host", reply:get_child_text("body"));
	end);
end);

local _ = st;
