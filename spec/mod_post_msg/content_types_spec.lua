-- mod_post_msg: the accepted Content-Types (text/plain, forms, JSON).
-- Contract: docs/mod_post_msg/README.md. Shared setup: spec/mod_post_msg/support.lua.

local P = require "mod_post_msg.support";
local XMLNS_XHTML_IM, XMLNS_XHTML, load, post = P.XMLNS_XHTML_IM, P.XMLNS_XHTML, P.load, P.post;
local post_json, post_form, sent_message = P.post_json, P.post_form, P.sent_message;
local assert_error, child_names = P.assert_error, P.child_names;

after_each(P.assert_clean_logs);

describe("mod_post_msg content types", function ()
	it("text/plain: the whole body is the message text", function ()
		local m = load();
		local text = "Server@host has just crashed!\r\nline two\ttab — ünïcødé ✓";
		local msg = sent_message(m, post(m, "/msg/bob", text));
		assert.equal(text, msg:get_child_text("body"));
		assert.same({ "body@nil" }, child_names(msg));
	end);

	it("text/plain with parameters and in any case", function ()
		for _, ct in ipairs({ "text/plain; charset=utf-8", "text/plain;charset=UTF-8", "Text/Plain", " text/plain ; format=flowed" }) do
			local m = load();
			assert.equal("hi", sent_message(m, post(m, "/msg/bob", "hi", { ["Content-Type"] = ct })):get_child_text("body"), ct);
		end
	end);

	it("application/x-www-form-urlencoded with every field", function ()
		local m = load();
		local msg = sent_message(m, post_form(m, "/msg/bob", "to=carol%40example.net&type=normal&subject=S+1&body=B%26B&html=%3Cp%3EH%3C%2Fp%3E"));
		assert.equal("carol@example.net", msg.attr.to);
		assert.equal("normal", msg.attr.type);
		assert.equal("S 1", msg:get_child_text("subject"));
		assert.equal("B&B", msg:get_child_text("body"));
		assert.equal("H", msg:get_child("html", XMLNS_XHTML_IM):get_child("body", XMLNS_XHTML):get_child_text("p"));
	end);

	it("application/json with every field, and with parameters", function ()
		for _, ct in ipairs({ "application/json", "application/json; charset=utf-8" }) do
			local m = load();
			local msg = sent_message(m, post_json(m, "/msg/bob", { to = "carol", type = "headline", subject = "S", body = "B", html = "<em>H</em>" },
				{ ["Content-Type"] = ct }));
			assert.equal("carol@localhost", msg.attr.to);
			assert.equal("headline", msg.attr.type);
			assert.equal("S", msg:get_child_text("subject"));
			assert.equal("B", msg:get_child_text("body"));
			assert.equal("H", msg:get_child("html", XMLNS_XHTML_IM):get_child("body", XMLNS_XHTML):get_child_text("em"));
		end
	end);

	it("answers 415 without a Content-Type or with another one", function ()
		local m = load();
		for _, ct in ipairs({ false, "application/xml", "text/html", "multipart/form-data; boundary=x", "application/jsonx", "text/plainx", "" }) do
			local res = post(m, "/msg/bob", "hi", { ["Content-Type"] = ct });
			assert_error(m, res, 415);
			assert.matches("^Unsupported Content%-Type", res.body);
		end
	end);

	it("ignores unknown fields", function ()
		local m = load();
		local msg = sent_message(m, post_json(m, "/msg/bob", { body = "hi", thread = "t1", extra = { 1, 2 } }));
		assert.same({ "body@nil" }, child_names(msg));
	end);

	it("ignores JSON null fields", function ()
		local m = load();
		local msg = sent_message(m, post_json(m, "/msg/bob", '{"body":"hi","subject":null,"html":null,"to":null,"type":null}'));
		assert.equal("chat", msg.attr.type);
		assert.same({ "body@nil" }, child_names(msg));
	end);

	it("reads Content-Type media types in any case and with parameters (src/lib/media_type.ts)", function ()
		local m = load();
		for _, ct in ipairs({ "TEXT/PLAIN", "text/plain;charset=utf-8", "  text/plain ; x=y" }) do
			assert.equal(201, post(m, "/msg/bob", "hi", { ["Content-Type"] = ct }).status, ct);
		end
		assert.equal(201, post(m, "/msg/bob", '{"body":"x"}', { ["Content-Type"] = "Application/Json; charset=UTF-8" }).status);
		assert.equal(415, post(m, "/msg/bob", "hi", { ["Content-Type"] = "text/plainx" }).status);
	end);

	it("decodes forms: escapes, + and repeated fields (src/lib/form.ts)", function ()
		local m = load();
		local res = post_form(m, "/msg/bob", "body=B%26B+%C3%BC&subject=a%2Bb&body2=x");
		assert.equal(201, res.status);
		assert.equal("B&B ü", m.sent[1]:get_child_text("body"));
		assert.equal("a+b", m.sent[1]:get_child_text("subject"));
		assert.equal(400, post_form(m, "/msg/bob", "not a form").status);
	end);
end);
