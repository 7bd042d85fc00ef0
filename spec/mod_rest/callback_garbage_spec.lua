-- mod_rest webhooks: 2xx answers that cannot be used. Each one gives the
-- sender exactly one error (cancel/undefined-condition) and a warning;
-- never an echo, never a traceback. Shared setup: spec/mod_rest/callback_support.lua.

local R = require "mod_rest.callback_support";
local load, expect_logs, drop_status_warnings = R.load, R.expect_logs, R.drop_status_warnings;
local message, iq, presence, forward, answer = R.message, R.iq, R.presence, R.forward, R.answer;
local assert_error_reply = R.assert_error_reply;

after_each(R.assert_clean_logs);

local XML, JSON, FORM, TEXT = R.XML_CT, R.JSON_CT, R.FORM_CT, R.TEXT_CT;
local function ct(value) return { ["Content-Type"] = value }; end

local laughs = [[<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;">]><message><body>&lol3;</body></message>]];

-- { name, body, headers }: unusable as a reply to a message.
local garbage = {
	{ "XML not well-formed", "<message", XML },
	{ "XML: text", "just text", XML },
	{ "XML: another element", "<foo/>", XML },
	{ "XML: a stream element", "<stream:features xmlns:stream='http://etherx.jabber.org/streams'/>", XML },
	{ "XML: a foreign namespace", "<message xmlns='urn:evil'><body>x</body></message>", XML },
	{ "XML: the component namespace", "<message xmlns='jabber:server'><body>x</body></message>", XML },
	{ "XML: two stanzas", "<message/><message/>", XML },
	{ "XML: a DOCTYPE with entities", laughs, XML },
	{ "XML: a character reference to a control character", "<message><body>&#1;</body></message>", XML },
	{ "XML: invalid UTF-8", "<message><body>\255\254</body></message>", XML },
	{ "XML: a NUL byte", "<message><body>a\0b</body></message>", XML },
	{ "XML: an iq for a message", "<iq type='result'/>", XML },
	{ "XML: a presence for a message", "<presence/>", XML },
	{ "XML: unclosed", "<message><body>x</body>", XML },
	{ "XML labelled as JSON", "<message><body>x</body></message>", JSON },
	{ "JSON truncated", "{", JSON },
	{ "JSON: an array", "[]", JSON },
	{ "JSON: an array of objects", '[{"body":"x"}]', JSON },
	{ "JSON: a number", "42", JSON },
	{ "JSON: a string", '"text"', JSON },
	{ "JSON: null", "null", JSON },
	{ "JSON: true", "true", JSON },
	{ "JSON: a __hash key (util.json raises)", '{"__hash":5}', JSON },
	{ "JSON: deep nesting", string.rep("[", 100000), JSON },
	{ "JSON: an unknown kind", '{"kind":"bogus"}', JSON },
	{ "JSON: a number as kind", '{"kind":5}', JSON },
	{ "JSON: an object as body", '{"body":{"text":"x"}}', JSON },
	{ "JSON: a boolean as body", '{"body":true}', JSON },
	{ "JSON: a NUL in body", '{"body":"a\\u0000b"}', JSON },
	{ "JSON: an escape character in body", '{"body":"\\u001b[31m"}', JSON },
	{ "JSON: invalid UTF-8 in body", '{"body":"\255\254"}', JSON },
	{ "JSON: an iq for a message", '{"kind":"iq","type":"result"}', JSON },
	{ "JSON: a presence for a message", '{"kind":"presence"}', JSON },
	{ "JSON labelled as XML", '{"body":"x"}', XML },
	{ "form: not a form", "just words", FORM },
	{ "form: an unknown kind", "kind=bogus", FORM },
	{ "form: an iq for a message", "kind=iq&type=result", FORM },
	{ "form: a NUL in body", "body=a%00b", FORM },
	{ "form: invalid UTF-8 in body", "body=%FF%FE", FORM },
	{ "text: invalid UTF-8", "\255\254", TEXT },
	{ "text: a control character", "bell \7", TEXT },
	{ "no Content-Type", "<message><body>x</body></message>", nil },
	{ "an empty Content-Type", "<message><body>x</body></message>", ct("") },
	{ "text/html", "<html><body>hello</body></html>", ct("text/html") },
	{ "application/xml", "<message><body>x</body></message>", ct("application/xml") },
	{ "application/octet-stream", "\0\1\2", ct("application/octet-stream") },
	{ "image/png", "\137PNG\r\n", ct("image/png") },
	{ "a Content-Type with only parameters", "x", ct("; charset=utf-8") },
};

describe("mod_rest webhooks, garbage answers", function ()
	it("has at least 40 kinds", function ()
		assert.truthy(#garbage >= 40);
	end);

	for _, case in ipairs(garbage) do
		for _, code in ipairs({ 200, 201 }) do
			it(code .. " " .. case[1] .. ": exactly one error to the sender and a warning", function ()
				local m = load();
				local msg = message();
				answer(forward(m, msg), code, case[2], case[3]);
				assert_error_reply(m, msg, "cancel", "undefined-condition");
				assert.equal("The service sent an invalid reply",
					m.sent[1]:get_child("error"):get_child_text("text", R.XMLNS_STANZAS));
				expect_logs(m, "warn", "Unusable webhook answer");
				assert.same({}, m.problems());
			end);
		end
	end

	-- Wrong kinds, every way round.
	local makers = { message = message, presence = presence, iq = iq };
	local answers = {
		message = "<message><body>x</body></message>", presence = "<presence/>", iq = "<iq type='result'/>",
	};
	for kind, make in pairs(makers) do
		for other, text in pairs(answers) do
			if other ~= kind then
				it("refuses a " .. other .. " in answer to a " .. kind, function ()
					local m = load();
					local stanza = make();
					answer(forward(m, stanza), 200, text, XML);
					assert_error_reply(m, stanza, "cancel", "undefined-condition");
					expect_logs(m, "warn", "with <" .. other .. ">");
				end);
			end
		end
		it("refuses text/plain in answer to " .. kind .. " unless it is a message", function ()
			local m = load();
			local stanza = make();
			answer(forward(m, stanza), 200, "hello", TEXT);
			if kind == "message" then
				assert.equal("hello", R.the_reply(m):get_child_text("body"));
			else
				assert_error_reply(m, stanza, "cancel", "undefined-condition");
				expect_logs(m, "warn", "with <message>");
			end
		end);
	end

	it("never sends a stanza with the sender's own content back", function ()
		local m = load();
		for _, case in ipairs(garbage) do
			local msg = message({ id = "echo-" .. case[1] }, "secret " .. case[1]);
			answer(forward(m, msg), 200, case[2], case[3]);
		end
		for _, sent in ipairs(m.sent) do
			assert.equal("error", sent.attr.type);
			assert.is_nil(sent:get_child("body"));
		end
		m.logs = {};
	end);

	it("delivers a large reply under the limit", function ()
		local m = load();
		local big = string.rep("y", 500 * 1024);
		answer(forward(m, message()), 200, "<message><body>" .. big .. "</body></message>", XML);
		assert.equal(big, R.the_reply(m):get_child_text("body"));
	end);

	it("refuses an answer one byte over the limit", function ()
		local m = load();
		local msg = message();
		local body = "<message><body>" .. string.rep("y", R.MAX_ANSWER) .. "</body></message>";
		answer(forward(m, msg), 200, body:sub(1, R.MAX_ANSWER + 1), XML);
		assert_error_reply(m, msg, "cancel", "undefined-condition");
		expect_logs(m, "warn", "too large");
		drop_status_warnings(m);
	end);
end);
