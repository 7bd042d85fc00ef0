-- mod_post_msg: the message it sends and the 201 answer.
-- Contract: docs/mod_post_msg/README.md. Shared setup: spec/mod_post_msg/support.lua.

local P = require "mod_post_msg.support";
local json = require "util.json";
local XMLNS_XHTML_IM, XMLNS_XHTML, load, post = P.XMLNS_XHTML_IM, P.XMLNS_XHTML, P.load, P.post;
local post_json, post_form, sent_message = P.post_json, P.post_form, P.sent_message;
local assert_error, attr_names, child_names = P.assert_error, P.attr_names, P.child_names;

after_each(P.assert_clean_logs);

describe("mod_post_msg message", function ()
	it("is exactly <message to from type id> with the text in <body>", function ()
		local m = load();
		local res = post(m, "/msg/bob", "hello");
		local msg = sent_message(m, res);
		assert.same({ "from", "id", "to", "type" }, attr_names(msg));
		assert.same({ "bob@localhost", "alice@localhost", "chat" }, { msg.attr.to, msg.attr.from, msg.attr.type });
		assert.is_nil(msg.attr.xmlns);
		assert.same({ "body@nil" }, child_names(msg));
		assert.equal("hello", msg:get_child_text("body"));
	end);

	it("carries subject and body", function ()
		local m = load();
		local msg = sent_message(m, post_json(m, "/msg/bob", { subject = "Alert", body = "Disk full" }));
		assert.equal("Alert", msg:get_child_text("subject"));
		assert.equal("Disk full", msg:get_child_text("body"));
		assert.equal(2, #child_names(msg));
	end);

	it("may be only a subject or only html", function ()
		local m = load();
		local msg = sent_message(m, post_json(m, "/msg/bob", { subject = "Only" }));
		assert.same({ "subject@nil" }, child_names(msg));
		m.sent = {};
		msg = sent_message(m, post_json(m, "/msg/bob", { html = "<p>only</p>" }));
		assert.same({ "html@" .. XMLNS_XHTML_IM }, child_names(msg));
	end);

	it("wraps html as an XHTML-IM payload", function ()
		local m = load();
		local msg = sent_message(m, post_json(m, "/msg/bob", { body = "Hi there", html = "<p>Hi <b>there</b></p>" }));
		local html = msg:get_child("html", XMLNS_XHTML_IM);
		assert.truthy(html);
		assert.equal(XMLNS_XHTML_IM, html.attr.xmlns);
		local body = html:get_child("body", XMLNS_XHTML);
		assert.truthy(body);
		assert.equal(XMLNS_XHTML, body.attr.xmlns);
		assert.equal(1, #html.tags);
		assert.equal("<html xmlns='" .. XMLNS_XHTML_IM .. "'><body xmlns='" .. XMLNS_XHTML .. "'><p>Hi <b>there</b></p></body></html>",
			tostring(html));
		assert.equal("Hi there", msg:get_child_text("body"));
	end);

	it("keeps html text and attributes, escaped", function ()
		local m = load();
		local msg = sent_message(m, post_json(m, "/msg/bob", { html = "a &amp; <a href='https://x.example/?a=1&amp;b=2'>link</a> &lt;3" }));
		local body = msg:get_child("html", XMLNS_XHTML_IM):get_child("body", XMLNS_XHTML);
		assert.equal("https://x.example/?a=1&b=2", body:get_child("a").attr.href);
		assert.equal("<body xmlns='" .. XMLNS_XHTML .. "'>a &amp; <a href='https://x.example/?a=1&amp;b=2'>link</a> &lt;3</body>", tostring(body));
	end);

	for _, html in ipairs({ "<p>unclosed", "<b></i>", "</body><evil/><body>", "<p a='1' a='2'>x</p>", "&nbsp;", "<", "a & b", "<?xml version='1.0'?><p/>", "<!DOCTYPE x><p/>" }) do
		it("refuses malformed html with 400: " .. html, function ()
			local m = load();
			assert_error(m, post_json(m, "/msg/bob", { body = "x", html = html }), 400, "The html field is not well-formed XHTML");
		end);
	end

	it("defaults the type to chat and accepts normal, headline and groupchat", function ()
		local m = load();
		assert.equal("chat", sent_message(m, post(m, "/msg/bob", "hi")).attr.type);
		for _, t in ipairs({ "chat", "normal", "headline", "groupchat" }) do
			m.sent = {};
			assert.equal(t, sent_message(m, post_json(m, "/msg/bob", { type = t, body = "hi" })).attr.type);
			m.sent = {};
			assert.equal(t, sent_message(m, post_form(m, "/msg/bob", { type = t, body = "hi" })).attr.type);
		end
	end);

	for _, t in ipairs({ "error", "invalid", "CHAT", "chat ", "get", "" }) do
		it("refuses the type " .. ("%q"):format(t) .. " with 422", function ()
			local m = load();
			assert_error(m, post_json(m, "/msg/bob", { type = t, body = "hi" }), 422,
				"The message type must be chat, normal, headline or groupchat");
		end);
	end

	it("gives every message an id, all different, returned in the 201 body", function ()
		local m = load();
		local ids = {};
		for i = 1, 50 do
			local res = post(m, "/msg/bob", "n" .. i);
			local msg = m.sent[i];
			assert.equal(201, res.status);
			assert.is_string(msg.attr.id);
			assert.truthy(#msg.attr.id >= 8);
			assert.is_nil(ids[msg.attr.id], "duplicate id");
			ids[msg.attr.id] = true;
			assert.equal(msg.attr.id .. "\n", res.body);
			assert.equal("text/plain; charset=utf-8", res.headers.content_type);
		end
	end);

	it("returns the id and recipient as JSON when the client accepts JSON", function ()
		local m = load();
		local res = post(m, "/msg/bob", "hi", { Accept = "application/json" });
		local msg = sent_message(m, res);
		assert.equal("application/json", res.headers.content_type);
		assert.same({ id = msg.attr.id, to = "bob@localhost" }, json.decode(res.body));
	end);

	it("always sends from the authenticated bare JID, whatever the body says", function ()
		local m = load();
		local msg = sent_message(m, post_json(m, "/msg/bob", { from = "eve@evil.example", body = "hi" }));
		assert.equal("alice@localhost", msg.attr.from);
		m.sent = {};
		msg = sent_message(m, post_form(m, "/msg/bob", { from = "eve@evil.example/x", body = "hi" }));
		assert.equal("alice@localhost", msg.attr.from);
		m.sent = {};
		msg = sent_message(m, post_json(m, "/msg/bob", { id = "chosen", body = "hi" }));
		assert.are_not.equal("chosen", msg.attr.id);
	end);

	it("logs nothing above debug for a routed message", function ()
		local m = load();
		sent_message(m, post(m, "/msg/bob", "hi"));
		for _, entry in ipairs(m.logs) do assert.equal("debug", entry.level); end
	end);

	it("negotiates the type of the 201 body with q-values (src/lib/negotiate.ts)", function ()
		local m = load();
		local res = post(m, "/msg/bob", "hi", { Accept = "text/plain;q=0.2, application/*;q=0.8" });
		assert.equal(201, res.status);
		assert.equal("application/json", res.headers.content_type);
		res = post(m, "/msg/bob", "hi", { Accept = "application/json;q=0.1, text/plain;q=0.9" });
		assert.equal("text/plain; charset=utf-8", res.headers.content_type);
	end);
end);
