-- mod_rest webhooks: the rest_callback_* options, read once at load.
-- Shared setup: spec/mod_rest/callback_support.lua.

local R = require "mod_rest.callback_support";
local support = require "support";
local load, load_vhost, expect_logs = R.load, R.load_vhost, R.expect_logs;
local message, iq, presence, deliver, forward = R.message, R.iq, R.presence, R.deliver, R.forward;

after_each(R.assert_clean_logs);

-- Hooks registered on the mock's host events, by name.
local function hooked(m, event)
	local handlers = m.events.get_handlers(event);
	return handlers ~= nil and #handlers > 0;
end

describe("mod_rest webhooks, rest_callback_url", function ()
	it("does nothing without it: no probe, no hooks", function ()
		local m = load({ rest_callback_url = false });
		assert.equal(0, #m.http_requests);
		for _, kind in ipairs({ "message", "presence", "iq" }) do
			for _, addressing in ipairs({ "bare", "full", "host" }) do
				assert.is_false(hooked(m, kind .. "/" .. addressing), kind .. "/" .. addressing);
			end
		end
		local handled, req = deliver(m, message());
		assert.is_nil(handled);
		assert.is_nil(req);
		assert.same({}, m.sent);
	end);

	for _, bad in ipairs({ "ftp://example.com/hook", "127.0.0.1:8080/hook", "http://", "hook", "", "http:// space.example/",
		"http://exa mple.com/" }) do
		it("refuses a URL that is not http(s) at load, once, and hooks nothing: " .. bad, function ()
			local m = load({ rest_callback_url = bad });
			expect_logs(m, "error", "rest_callback_url is not an http(s) URL");
			assert.equal("error", m.status.type);
			assert.equal(0, #m.http_requests);
			local handled = deliver(m, message());
			assert.is_nil(handled);
			assert.same({}, m.sent);
			assert.same({}, m.problems());
		end);
	end

	for _, good in ipairs({ "http://127.0.0.1:8080/hook", "https://hooks.example.com/x?y=1", "HTTP://H/{kind}/{to}",
		"http://127.0.0.1/{kind}/{type}/{to}/{from}" }) do
		it("accepts " .. good, function ()
			local m = load({ rest_callback_url = good });
			assert.equal(1, #m.http_requests, "the probe");
			assert.truthy(hooked(m, "message/bare"));
		end);
	end
end);

describe("mod_rest webhooks, rest_callback_content_type", function ()
	local function posted_type(options)
		local m = load(options);
		local req = forward(m, message());
		return R.header(req, "Content-Type"), m;
	end

	it("is application/xmpp+xml by default", function ()
		assert.equal(R.XML, (posted_type({})));
	end);

	for value, expected in pairs({
		["application/xmpp+xml"] = R.XML, ["application/json"] = R.JSON, json = R.JSON, JSON = R.JSON,
		["Application/JSON"] = R.JSON, ["application/json; charset=utf-8"] = R.JSON,
		["application/x-www-form-urlencoded"] = R.FORM,
	}) do
		it("takes " .. value, function ()
			assert.equal(expected, (posted_type({ rest_callback_content_type = value })));
		end);
	end

	for _, bad in ipairs({ "text/plain", "xml", "application/cbor", "", "application/jsonx", "nonsense/" }) do
		it("reports an unknown value once at load and sends XML, without a traceback per stanza: " .. bad, function ()
			local m = load({ rest_callback_content_type = bad });
			local found = expect_logs(m, "error", "rest_callback_content_type");
			assert.equal(1, #found);
			for i = 1, 3 do
				local req = forward(m, message({ id = "m" .. i }));
				assert.equal(R.XML, R.header(req, "Content-Type"));
				assert.equal("message", R.body_stanza(req).name);
				R.answer(req, 204);
			end
			assert.same({}, m.problems());
			assert.same({}, m.sent);
		end);
	end
end);

describe("mod_rest webhooks, rest_callback_stanzas", function ()
	it("forwards messages, presences and iqs by default", function ()
		local m = load();
		forward(m, message());
		forward(m, presence());
		forward(m, iq());
	end);

	it("forwards only the kinds listed", function ()
		local m = load({ rest_callback_stanzas = { "message" } });
		forward(m, message());
		local handled, req = deliver(m, iq());
		assert.is_nil(handled);
		assert.is_nil(req);
		handled, req = deliver(m, presence());
		assert.is_nil(handled);
		assert.is_nil(req);
	end);

	it("takes a single string", function ()
		local m = load({ rest_callback_stanzas = "iq" });
		forward(m, iq());
		assert.is_nil((deliver(m, message())));
	end);

	it("ignores unknown kinds with a warning", function ()
		local m = load({ rest_callback_stanzas = { "message", "iq-get", 5 } });
		expect_logs(m, "warn", "iq-get");
		expect_logs(m, "warn", "5");
		forward(m, message());
		assert.is_nil((deliver(m, iq())));
	end);

	it("falls back to all kinds, with a warning, when none is valid", function ()
		local m = load({ rest_callback_stanzas = { "messages" } });
		expect_logs(m, "warn", "messages");
		expect_logs(m, "warn", "No valid entry in rest_callback_stanzas");
		forward(m, message());
		forward(m, presence());
		forward(m, iq());
	end);
end);

describe("mod_rest webhooks, rest_callback_events", function ()
	local function forwarded(m, to)
		local _, req = deliver(m, message({ to = to }));
		return req ~= nil;
	end

	it("hooks bare, full and host on a Component by default", function ()
		local m = load();
		assert.is_true(forwarded(m, R.BOT));
		assert.is_true(forwarded(m, R.BOT .. "/res"));
		assert.is_true(forwarded(m, R.HOST));
	end);

	it("hooks only host on a VirtualHost by default", function ()
		local m = load_vhost();
		assert.is_true(forwarded(m, R.VHOST));
		assert.is_false(forwarded(m, "bob@localhost"));
		assert.is_false(forwarded(m, "bob@localhost/res"));
	end);

	it("follows the option", function ()
		local m = load({ rest_callback_events = { "bare" } });
		assert.is_true(forwarded(m, R.BOT));
		assert.is_false(forwarded(m, R.BOT .. "/res"));
		assert.is_false(forwarded(m, R.HOST));
		m = load_vhost({ rest_callback_events = { "host", "full" } });
		assert.is_true(forwarded(m, R.VHOST));
		assert.is_true(forwarded(m, "bob@localhost/res"));
		assert.is_false(forwarded(m, "bob@localhost"));
	end);

	it("ignores unknown addressing forms with a warning", function ()
		local m = load({ rest_callback_events = { "bare", "everything" } });
		expect_logs(m, "warn", "everything");
		assert.is_true(forwarded(m, R.BOT));
		assert.is_false(forwarded(m, R.HOST));
	end);

	it("runs after the host's own handlers (priority -1)", function ()
		local m = load_vhost();
		local mine = 0;
		m.events.add_handler("iq/host", function () mine = mine + 1; return true; end, 0);
		local handled, req = deliver(m, iq({ to = R.VHOST }));
		assert.is_true(handled);
		assert.is_nil(req, "the host's handler answered first");
		assert.equal(1, mine);
		-- Unhandled ones reach the webhook.
		forward(m, message({ to = R.VHOST }));
	end);
end);

describe("mod_rest webhooks, delivery options", function ()
	it("times out after rest_callback_timeout, default 10 s", function ()
		local m = load();
		local msg = message();
		forward(m, msg);
		m.advance(R.DEFAULT_TIMEOUT - 0.5);
		assert.same({}, m.sent);
		m.advance(1);
		R.assert_error_reply(m, msg, "wait", "remote-server-timeout");
		m = load({ rest_callback_timeout = 2 });
		forward(m, msg);
		m.advance(2.1);
		R.assert_error_reply(m, msg, "wait", "remote-server-timeout");
	end);

	it("signs with rest_callback_secret", function ()
		local hashes = require "util.hashes";
		local m = load({ rest_callback_secret = "s3cret" });
		local req = forward(m, message());
		assert.equal("sha256=" .. hashes.hmac_sha256("s3cret", req.body, true), R.header(req, "X-Prosody-Signature"));
		m = load();
		assert.is_nil(R.header(forward(m, message()), "X-Prosody-Signature"));
	end);

	it("bounds requests in flight with rest_callback_max_inflight (default 100) and waiting with rest_callback_max_queue (default 1000)", function ()
		local m = load();
		for i = 1, 100 do forward(m, message({ id = "a" .. i })); end
		local handled, req = deliver(m, message({ id = "queued" }));
		assert.is_true(handled);
		assert.is_nil(req, "queued");
		m = load({ rest_callback_max_inflight = 2, rest_callback_max_queue = 1 });
		forward(m, message({ id = "1" }));
		forward(m, message({ id = "2" }));
		assert.is_nil(select(2, deliver(m, message({ id = "3" }))));
		local refused = message({ id = "4" });
		assert.is_nil(select(2, deliver(m, refused)));
		R.assert_error_reply(m, refused, "wait", "resource-constraint");
	end);

	it("replaces invalid numbers by the defaults with a warning", function ()
		local m = load({ rest_callback_timeout = -1, rest_callback_max_inflight = 0, rest_callback_max_queue = "many" });
		expect_logs(m, "warn", "rest_callback_timeout");
		expect_logs(m, "warn", "rest_callback_max_inflight");
		support.expect_logs(m, "error", "rest_callback_max_queue");
		expect_logs(m, "warn", "rest_callback_max_queue");
		R.drop_status_warnings(m);
		local msg = message();
		forward(m, msg);
		m.advance(R.DEFAULT_TIMEOUT + 0.1);
		R.assert_error_reply(m, msg, "wait", "remote-server-timeout");
	end);
end);
