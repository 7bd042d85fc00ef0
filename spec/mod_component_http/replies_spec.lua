-- mod_component_http: what is sent back for the endpoint's answer.
-- Contract: docs/mod_component_http/README.md. Shared setup: spec/mod_component_http/support.lua.

local C = require "mod_component_http.support";
local HOST, BOT, ALICE, DEFAULT_TIMEOUT, load = C.HOST, C.BOT, C.ALICE, C.DEFAULT_TIMEOUT, C.load;
local expect_logs, message, forward, answer_json = C.expect_logs, C.message, C.forward, C.answer_json;
local tag_names, assert_error_reply, the_reply = C.tag_names, C.assert_error_reply, C.the_reply;

after_each(C.assert_clean_logs);

describe("mod_component_http replies", function ()
	it("sends the endpoint's body back to the sender as a chat message from the addressed JID", function ()
		local m = load();
		answer_json(forward(m, message()), { body = "Did you say hello?" });
		local reply = the_reply(m);
		assert.equal("message", reply.name);
		assert.equal(ALICE, reply.attr.to);
		assert.equal(BOT, reply.attr.from);
		assert.equal("chat", reply.attr.type);
		assert.is_string(reply.attr.id);
		assert.truthy(#reply.attr.id > 0);
		assert.same({ "body" }, tag_names(reply));
		assert.equal("Did you say hello?", reply:get_child_text("body"));
		assert.is_nil(reply.attr.xmlns);
	end);

	it("replies from the component's domain when the domain was addressed", function ()
		local m = load();
		answer_json(forward(m, message({ to = HOST })), { body = "hi" });
		assert.equal(HOST, the_reply(m).attr.from);
	end);

	it("replies from the full JID that was addressed", function ()
		local m = load();
		answer_json(forward(m, message({ to = BOT .. "/res" })), { body = "hi" });
		assert.equal(BOT .. "/res", the_reply(m).attr.from);
	end);

	it("gives each reply its own id", function ()
		local m = load();
		answer_json(forward(m, message()), { body = "a" });
		answer_json(forward(m, message()), { body = "b" });
		assert.equal(2, #m.sent);
		assert.are_not.equal(m.sent[1].attr.id, m.sent[2].attr.id);
	end);

	it("uses the endpoint's type, defaulting to chat", function ()
		for _, t in ipairs({ "normal", "groupchat", "headline" }) do
			local m = load();
			answer_json(forward(m, message()), { body = "x", type = t });
			assert.equal(t, the_reply(m).attr.type);
		end
		local m = load();
		answer_json(forward(m, message({ type = "normal" })), { body = "x" });
		assert.equal("chat", the_reply(m).attr.type);
	end);

	it("defaults kind to message and follows an explicit kind", function ()
		local m = load();
		answer_json(forward(m, message()), { kind = "message", body = "x" });
		assert.equal("message", the_reply(m).name);
		m.sent = {};
		answer_json(forward(m, message()), { kind = "presence" });
		local p = the_reply(m);
		assert.equal("presence", p.name);
		assert.equal(ALICE, p.attr.to);
		assert.equal(BOT, p.attr.from);
		assert.is_nil(p.attr.type);
		m.sent = {};
		answer_json(forward(m, message()), { kind = "presence", type = "unavailable" });
		assert.equal("unavailable", the_reply(m).attr.type);
	end);

	it("turns a numeric body into text", function ()
		for raw, text in pairs({ ["42"] = "42", ["0"] = "0", ["-3"] = "-3", ["1.5"] = "1.5" }) do
			local m = load();
			answer_json(forward(m, message()), '{"body":' .. raw .. "}");
			assert.equal(text, the_reply(m):get_child_text("body"), raw);
		end
	end);

	it("sends a message without body for an object without one", function ()
		local m = load();
		answer_json(forward(m, message()), { type = "chat" });
		local reply = the_reply(m);
		assert.equal("message", reply.name);
		assert.same({}, tag_names(reply));
	end);

	it("ignores JSON null fields", function ()
		local m = load();
		answer_json(forward(m, message()), '{"body":"x","to":null,"from":null,"type":null,"kind":null,"stanza":null}');
		local reply = the_reply(m);
		assert.equal(ALICE, reply.attr.to);
		assert.equal(BOT, reply.attr.from);
		assert.equal("chat", reply.attr.type);
		assert.equal("x", reply:get_child_text("body"));
	end);

	it("lets the endpoint address a third party", function ()
		local m = load();
		answer_json(forward(m, message()), { to = "carol@example.org", body = "fyi" });
		local reply = the_reply(m);
		assert.equal("carol@example.org", reply.attr.to);
		assert.equal(BOT, reply.attr.from);
	end);

	it("normalises the endpoint's to and from", function ()
		local m = load();
		answer_json(forward(m, message()), { to = "Carol@Example.ORG/Desk", from = "Other@BOT.localhost/R", body = "x" });
		local reply = the_reply(m);
		assert.equal("carol@example.org/Desk", reply.attr.to);
		assert.equal("other@bot.localhost/R", reply.attr.from);
	end);

	for _, from in ipairs({ HOST, "other@" .. HOST, "other@" .. HOST .. "/res", HOST .. "/res" }) do
		it("accepts a from under the component's domain: " .. from, function ()
			local m = load();
			answer_json(forward(m, message()), { from = from, body = "x" });
			assert.equal(from, the_reply(m).attr.from);
		end);
	end

	for _, from in ipairs({ "evil.example", "admin@localhost", "localhost", "alice@localhost/phone",
		"bot.localhost.evil.example", "echo@evil.example/bot.localhost", "evil.example/bot.localhost" }) do
		it("refuses a from outside the component's domain with an error to the sender and a warning: " .. from, function ()
			local m = load();
			local msg = message();
			answer_json(forward(m, msg), { from = from, body = "spoofed" });
			assert_error_reply(m, msg, "cancel", { "undefined-condition", "internal-server-error" });
			expect_logs(m, "warn");
		end);
	end

	it("sends the `stanza` override, with to and from defaulting to the original's swapped", function ()
		local m = load();
		answer_json(forward(m, message()), {
			stanza = "<message type='headline'><subject>S</subject><body>from stanza</body></message>",
			body = "ignored", kind = "presence", type = "chat",
		});
		local reply = the_reply(m);
		assert.equal("message", reply.name);
		assert.equal("headline", reply.attr.type);
		assert.equal(ALICE, reply.attr.to);
		assert.equal(BOT, reply.attr.from);
		assert.equal("from stanza", reply:get_child_text("body"));
		assert.equal("S", reply:get_child_text("subject"));
		assert.is_nil(reply.attr.xmlns);
	end);

	it("keeps the to and from written in the `stanza` override", function ()
		local m = load();
		answer_json(forward(m, message()), {
			stanza = "<message to='carol@example.org' from='news@bot.localhost'><body>x</body></message>",
		});
		local reply = the_reply(m);
		assert.equal("carol@example.org", reply.attr.to);
		assert.equal("news@bot.localhost", reply.attr.from);
	end);

	it("accepts a presence or an iq as `stanza`, and jabber:client as its namespace", function ()
		local m = load();
		answer_json(forward(m, message()), { stanza = "<presence xmlns='jabber:client' type='unavailable'/>" });
		local reply = the_reply(m);
		assert.equal("presence", reply.name);
		assert.equal("unavailable", reply.attr.type);
		assert.is_nil(reply.attr.xmlns);
		m.sent = {};
		answer_json(forward(m, message()), { stanza = "<iq type='get' id='q1'><ping xmlns='urn:xmpp:ping'/></iq>" });
		reply = the_reply(m);
		assert.equal("iq", reply.name);
		assert.equal(ALICE, reply.attr.to);
		assert.equal(BOT, reply.attr.from);
		assert.equal("urn:xmpp:ping", reply.tags[1].attr.xmlns);
	end);

	it("refuses a `stanza` override from outside the component's domain", function ()
		local m = load();
		local msg = message();
		answer_json(forward(m, msg), { stanza = "<message from='admin@localhost'><body>x</body></message>" });
		assert_error_reply(m, msg, "cancel", { "undefined-condition", "internal-server-error" });
		expect_logs(m, "warn");
	end);

	for _, ct in ipairs({ "application/json; charset=utf-8", "application/json;charset=UTF-8", "Application/JSON", " application/json ; q=1" }) do
		it("accepts a JSON answer with Content-Type " .. ct, function ()
			local m = load();
			answer_json(forward(m, message()), { body = "ok" }, 200, { ["Content-Type"] = ct });
			assert.equal("ok", the_reply(m):get_child_text("body"));
		end);
	end

	for _, ct in ipairs({ "text/plain", "text/html; charset=utf-8", "application/xml", "application/jsonx", false }) do
		it("treats a 200 that is not JSON as accepted without reply: " .. tostring(ct), function ()
			local m = load();
			local headers = ct and { ["Content-Type"] = ct } or {};
			answer_json(forward(m, message()), { body = "not a reply" }, 200, headers);
			assert.equal(0, #m.sent);
		end);
	end

	for _, code in ipairs({ 201, 202, 203, 204, 206, 299 }) do
		it("treats HTTP " .. code .. " as accepted without reply, even with a JSON body", function ()
			local m = load();
			local msg = message();
			answer_json(forward(m, msg), { body = "not a reply" }, code);
			assert.equal(0, #m.sent);
			m.advance(DEFAULT_TIMEOUT * 2);
			assert.equal(0, #m.sent, "no late timeout error either");
		end);
	end

	it("reads the endpoint's Content-Type with mediaType: any case, parameters (src/lib/media_type.ts)", function ()
		local m = load();
		for _, ct in ipairs({ "APPLICATION/JSON", "application/json ; charset=utf-8", "\tapplication/json" }) do
			answer_json(forward(m, message()), { body = "ok" }, 200, { ["Content-Type"] = ct });
		end
		assert.equal(3, #m.sent);
		answer_json(forward(m, message()), { body = "ok" }, 200, { ["Content-Type"] = "application/json-patch+json" });
		assert.equal(3, #m.sent);
	end);
end);
