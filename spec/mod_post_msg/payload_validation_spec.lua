-- mod_post_msg: validation of the payload (JSON shape, field types, unsafe
-- text, empty messages, size limit).
-- Contract: docs/mod_post_msg/README.md. Shared setup: spec/mod_post_msg/support.lua.

local P = require "mod_post_msg.support";
local json = require "util.json";
local DEFAULT_LIMIT, load, post, post_json = P.DEFAULT_LIMIT, P.load, P.post, P.post_json;
local post_form, sent_message, assert_error = P.post_form, P.sent_message, P.assert_error;

after_each(P.assert_clean_logs);

describe("mod_post_msg payload validation", function ()
	for _, doc in ipairs({ "[]", "[1,2]", "5", '"text"', "null", "true", "false", '[{"body":"hi"}]' }) do
		it("refuses non-object JSON with 400: " .. doc, function ()
			local m = load();
			assert_error(m, post_json(m, "/msg/bob", doc), 400, "The JSON payload must be an object");
		end);
	end

	for _, doc in ipairs({ "", "{", "{body:1}", "{'body':'x'}", '{"body":"x"', '{"body":"\\ud800"}', "nul", '{"__hash":5}', '{"__array":5}' }) do
		it("refuses malformed JSON with 400, not a crash: " .. ("%q"):format(doc), function ()
			local m = load();
			assert_error(m, post_json(m, "/msg/bob", doc), 400);
		end);
	end

	it("refuses deeply nested JSON with 400, not a crash", function ()
		local m = load({ options = { post_msg_size_limit = 10 * 1024 * 1024 } });
		assert_error(m, post_json(m, "/msg/bob", string.rep("[", 500000)), 400);
		assert_error(m, post_json(m, "/msg/bob", string.rep("{\"a\":", 200000)), 400);
		assert_error(m, post_json(m, "/msg/bob", '{"body":' .. string.rep("[", 200000) .. string.rep("]", 200000) .. "}"), 400);
		assert_error(m, post_json(m, "/msg/bob", '{"body":' .. string.rep('{"a":', 200000) .. "1" .. string.rep("}", 200000) .. "}"), 400);
	end);

	local wrong = {
		{ "body", 5 }, { "body", true }, { "body", false }, { "body", { "x" } }, { "body", { a = "x" } },
		{ "to", 5 }, { "to", { "bob" } }, { "type", 1 }, { "subject", false }, { "html", { p = "x" } }, { "body", 1.5 },
	};
	for _, case in ipairs(wrong) do
		it(("refuses a JSON %s field of type %s with 400"):format(case[1], type(case[2])), function ()
			local m = load();
			local doc = { body = "ok" };
			doc[case[1]] = case[2];
			assert_error(m, post_json(m, "/msg/bob", doc), 400,
				("The '%s' field must be UTF-8 text without control characters"):format(case[1]));
		end);
	end

	local unsafe = {
		{ "NUL", "a\0b" }, { "SOH", "\1" }, { "ESC", "x\27[31m" }, { "form feed", "\12" }, { "vertical tab", "\11" },
		{ "invalid UTF-8", "\255" }, { "overlong UTF-8", "\192\175" }, { "truncated UTF-8", "caf\195" },
		{ "UTF-16 surrogate", "\237\160\128" },
	};
	for _, case in ipairs(unsafe) do
		it("refuses a text/plain body with " .. case[1] .. " (400)", function ()
			local m = load();
			assert_error(m, post(m, "/msg/bob", case[2]), 400, "The body must be UTF-8 text without control characters");
		end);
		it("refuses a form value with " .. case[1] .. " (400)", function ()
			local m = load();
			for _, field in ipairs({ "body", "subject", "to", "type", "html" }) do
				local form = { body = "ok" };
				form[field] = case[2];
				assert_error(m, post_form(m, "/msg/bob", form), 400);
			end
		end);
		it("refuses a JSON string with " .. case[1] .. " (400)", function ()
			local m = load();
			for _, field in ipairs({ "body", "subject", "to", "type", "html" }) do
				-- escaped (\u0000) for control characters, raw bytes otherwise
				local value = case[2]:byte(1) < 32 and json.encode(case[2]) or '"' .. case[2] .. '"';
				assert_error(m, post_json(m, "/msg/bob", '{"body":"ok","' .. field .. '":' .. value .. "}"), 400);
			end
		end);
	end

	it("refuses a body that is not a form with 400", function ()
		local m = load();
		assert_error(m, post_form(m, "/msg/bob", "just some text"), 400, "Malformed form data");
	end);

	it("accepts tab, CR and LF in text", function ()
		local m = load();
		assert.equal("a\tb\r\nc", sent_message(m, post(m, "/msg/bob", "a\tb\r\nc")):get_child_text("body"));
	end);

	it("answers 422 when there is nothing to send", function ()
		local m = load();
		local text = "Nothing to send: give a body, subject or html";
		assert_error(m, post(m, "/msg/bob", ""), 422, text);
		assert_error(m, post_json(m, "/msg/bob", {}), 422, text);
		assert_error(m, post_json(m, "/msg/bob", { to = "bob", type = "chat" }), 422, text);
		assert_error(m, post_json(m, "/msg/bob", { body = "", subject = "", html = "" }), 422, text);
		assert_error(m, post_form(m, "/msg/bob", "to=bob"), 422, text);
		assert_error(m, post_form(m, "/msg/bob", ""), 422, text);
	end);

	it("answers 413 above post_msg_size_limit, and accepts a body of exactly the limit", function ()
		local m = load({ options = { post_msg_size_limit = 100 } });
		sent_message(m, post(m, "/msg/bob", string.rep("a", 100)));
		m.sent = {};
		assert_error(m, post(m, "/msg/bob", string.rep("a", 101)), 413, "Payload too large");
		assert_error(m, post_json(m, "/msg/bob", { body = string.rep("a", 100) }), 413);
	end);

	it("limits bodies to 192 KiB by default", function ()
		local m = load();
		sent_message(m, post(m, "/msg/bob", string.rep("a", DEFAULT_LIMIT)));
		m.sent = {};
		assert_error(m, post(m, "/msg/bob", string.rep("a", DEFAULT_LIMIT + 1)), 413, "Payload too large");
	end);

	it("reads post_msg_size_limit given as a string, like Prosody's get_option_number", function ()
		local m = load({ options = { post_msg_size_limit = "10" } });
		assert_error(m, post(m, "/msg/bob", string.rep("a", 11)), 413);
	end);
end);
