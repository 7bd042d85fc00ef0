-- mod_component_http: answers of the endpoint that cannot be used.
-- Contract: docs/mod_component_http/README.md. Shared setup: spec/mod_component_http/support.lua.

local C = require "mod_component_http.support";
local DEFAULT_TIMEOUT, MAX_ANSWER, load, expect_logs = C.DEFAULT_TIMEOUT, C.MAX_ANSWER, C.load, C.expect_logs;
local drop_status_warnings, message, forward = C.drop_status_warnings, C.message, C.forward;
local answer_json, assert_error_reply = C.answer_json, C.assert_error_reply;

after_each(C.assert_clean_logs);

describe("mod_component_http garbage answers", function ()
	local big = '{"body":"' .. string.rep("a", MAX_ANSWER + 100) .. '"}';
	local garbage = {
		{ "empty body", "" },
		{ "truncated JSON", "{" },
		{ "not JSON", "Did you say hello?" },
		{ "JSON array", "[]" },
		{ "array of objects", '[{"body":"x"}]' },
		{ "number", "42" },
		{ "string", '"text"' },
		{ "null", "null" },
		{ "boolean", "true" },
		{ "__hash key (util.json raises)", '{"__hash":5}' },
		{ "deep nesting", string.rep("[", 100000) },
		{ "object as body", '{"body":{"text":"x"}}' },
		{ "boolean body", '{"body":true}' },
		{ "number as to", '{"to":5,"body":"x"}' },
		{ "array as from", '{"from":["bot.localhost"],"body":"x"}' },
		{ "number as type", '{"type":7,"body":"x"}' },
		{ "unknown kind", '{"kind":"bogus"}' },
		{ "number as kind", '{"kind":5}' },
		{ "control character in body", '{"body":"a\\u0000b"}' },
		{ "escape character in body", '{"body":"\\u001b[31m"}' },
		{ "invalid UTF-8 in body", '{"body":"\255\254"}' },
		{ "invalid to", '{"to":"a@b@c","body":"x"}' },
		{ "space in to's domain", '{"to":"bob@local host","body":"x"}' },
		{ "empty from", '{"from":"","body":"x"}' },
		{ "stanza not well-formed", '{"stanza":"<message"}' },
		{ "stanza is text", '{"stanza":"just text"}' },
		{ "empty stanza", '{"stanza":""}' },
		{ "stanza of another element", '{"stanza":"<foo/>"}' },
		{ "stanza in a foreign namespace", [[{"stanza":"<message xmlns='urn:evil'><body>x</body></message>"}]] },
		{ "two stanzas", '{"stanza":"<message/><message/>"}' },
		{ "stanza with an invalid to", [[{"stanza":"<message to='a@b@c'/>"}]] },
		{ "stanza from elsewhere", [[{"stanza":"<message from='evil.example'/>"}]] },
		{ "stanza with a control character", '{"stanza":"<message><body>\\u0001</body></message>"}' },
		{ "number as stanza", '{"stanza":42}' },
		{ "answer larger than 512 KiB", big },
	};

	it("has at least 15 kinds", function ()
		assert.truthy(#garbage >= 15);
	end);

	for _, case in ipairs(garbage) do
		it("answers the sender with exactly one error and logs a warning: " .. case[1], function ()
			local m = load();
			local msg = message();
			local req = forward(m, msg);
			answer_json(req, case[2]);
			assert.is_nil(req.callback_error, "no error in the HTTP callback");
			assert_error_reply(m, msg, "cancel", { "undefined-condition", "internal-server-error" });
			drop_status_warnings(m);
			assert.same({}, m.logs_of("error"), "no error (traceback) logged");
			expect_logs(m, "warn");
			m.advance(DEFAULT_TIMEOUT * 2);
			assert.equal(1, #m.sent, "no second answer after the timeout");
		end);
	end
end);
