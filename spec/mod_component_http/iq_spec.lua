-- mod_component_http: every forwarded iq request gets exactly one answer.
-- Contract: docs/mod_component_http/README.md. Shared setup: spec/mod_component_http/support.lua.

local C = require "mod_component_http.support";
local ALICE, DEFAULT_TIMEOUT, load, expect_logs, iq = C.ALICE, C.DEFAULT_TIMEOUT, C.load, C.expect_logs, C.iq;
local deliver, forward, answer_json, tag_names = C.deliver, C.forward, C.answer_json, C.tag_names;
local assert_error_reply = C.assert_error_reply;

after_each(C.assert_clean_logs);

describe("mod_component_http iq requests get exactly one answer", function ()
	local function load_iq() return load({ component_post_stanzas = { "message", "iq" } }); end

	local function assert_result(m, original, index)
		local r = m.sent[index or 1];
		assert.equal("iq", r.name);
		assert.equal("result", r.attr.type);
		assert.equal(original.attr.id, r.attr.id);
		assert.equal(original.attr.from, r.attr.to);
		assert.equal(original.attr.to, r.attr.from);
		return r;
	end

	it("sends the endpoint's iq reply as the result, with the request's id and to", function ()
		local m = load_iq();
		local q = iq({ id = "v1" });
		answer_json(forward(m, q), {
			stanza = "<iq type='result' id='other-id' to='someone@example.org'><query xmlns='jabber:iq:version'><name>echo</name></query></iq>",
		});
		assert.equal(1, #m.sent);
		local r = assert_result(m, q);
		assert.equal("echo", r:get_child("query", "jabber:iq:version"):get_child_text("name"));
	end);

	it("builds the result from kind = iq", function ()
		local m = load_iq();
		local q = iq({ id = "v2", type = "set" });
		answer_json(forward(m, q), { kind = "iq" });
		assert.equal(1, #m.sent);
		local r = assert_result(m, q);
		assert.same({}, tag_names(r));
	end);

	it("sends the endpoint's iq error as the answer", function ()
		local m = load_iq();
		local q = iq();
		answer_json(forward(m, q), {
			stanza = "<iq type='error'><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
		});
		assert.equal(1, #m.sent);
		local r = m.sent[1];
		assert.equal("error", r.attr.type);
		assert.equal(q.attr.id, r.attr.id);
		assert.equal(ALICE, r.attr.to);
		assert.equal("item-not-found", select(2, r:get_error()));
	end);

	for _, case in ipairs({ { "204", 204, "", {} }, { "202", 202, "", {} }, { "200 text/plain", 200, "ok", { ["Content-Type"] = "text/plain" } },
		{ "200 without Content-Type", 200, '{"body":"x"}', {} } }) do
		it("answers an empty result when the endpoint accepts without reply: " .. case[1], function ()
			local m = load_iq();
			local q = iq();
			forward(m, q):answer(case[2], case[3], case[4]);
			assert.equal(1, #m.sent);
			assert.same({}, tag_names(assert_result(m, q)));
		end);
	end

	it("sends a message reply and still an empty result", function ()
		local m = load_iq();
		local q = iq();
		answer_json(forward(m, q), { body = "see this instead" });
		assert.equal(2, #m.sent);
		local msg = m.sent[1].name == "message" and m.sent[1] or m.sent[2];
		local result = m.sent[1].name == "iq" and 1 or 2;
		assert.equal("message", msg.name);
		assert.equal("see this instead", msg:get_child_text("body"));
		assert.equal(ALICE, msg.attr.to);
		assert.same({}, tag_names(assert_result(m, q, result)));
	end);

	for _, case in ipairs({ { 500, "cancel", "internal-server-error" }, { 404, "cancel", "item-not-found" }, { 503, "wait", "remote-server-timeout" } }) do
		it("answers an iq error for HTTP " .. case[1], function ()
			local m = load_iq();
			local q = iq();
			forward(m, q):answer(case[1], "");
			assert_error_reply(m, q, case[2], case[3]);
		end);
	end

	for _, body in ipairs({ "{", "[]", "null", '{"stanza":"<foo/>"}', '{"from":"evil.example"}', '{"kind":"bogus"}', '{"body":{}}' }) do
		it("answers exactly one iq error for a garbage answer: " .. body, function ()
			local m = load_iq();
			local q = iq();
			answer_json(forward(m, q), body);
			assert_error_reply(m, q, "cancel", { "undefined-condition", "internal-server-error" });
			expect_logs(m, "warn");
			m.advance(DEFAULT_TIMEOUT * 2);
			assert.equal(1, #m.sent);
		end);
	end

	it("answers exactly one iq error on timeout, even if the answer comes later", function ()
		local m = load_iq();
		local q = iq();
		local req = forward(m, q);
		local callback = req.callback;
		m.advance(DEFAULT_TIMEOUT + 1);
		callback("", 204, { code = 204, body = "", headers = {} }, req);
		assert_error_reply(m, q, "cancel", "remote-server-timeout");
	end);

	it("answers exactly one iq error on connection failure", function ()
		local m = load_iq();
		local q = iq();
		forward(m, q):fail();
		assert_error_reply(m, q, "cancel", "remote-server-timeout");
	end);

	it("answers exactly one iq error when the queue is full", function ()
		local m = load({ component_post_stanzas = { "iq" }, component_post_max_inflight = 1, component_post_max_queue = 1 });
		forward(m, iq({ id = "a" }));
		deliver(m, iq({ id = "b" })); -- waits
		local q = iq({ id = "c" });
		local handled, req = deliver(m, q);
		assert.is_true(handled);
		assert.is_nil(req);
		assert_error_reply(m, q, "wait", "resource-constraint");
	end);
end);
