-- mod_rest webhooks: what a 2xx answer of the endpoint sends back.
-- Shared setup: spec/mod_rest/callback_support.lua.

local R = require "mod_rest.callback_support";
local json = require "util.json";
local http_util = require "util.http";
local load, expect_logs = R.load, R.expect_logs;
local message, iq, presence, forward, answer, answer_xml = R.message, R.iq, R.presence, R.forward, R.answer, R.answer_xml;
local the_reply, tag_names, assert_error_reply = R.the_reply, R.tag_names, R.assert_error_reply;
local BOT, ALICE, RECEIPTS = R.BOT, R.ALICE, R.RECEIPTS;

after_each(R.assert_clean_logs);

describe("mod_rest webhooks, 202 and 204", function ()
	for _, code in ipairs({ 202, 204 }) do
		it(code .. ": no reply to a message or a presence", function ()
			local m = load();
			answer(forward(m, message()), code);
			answer(forward(m, presence()), code);
			answer(forward(m, presence({ type = "subscribe" })), code);
			answer(forward(m, message({ type = "groupchat", from = R.ROOM .. "/nick" })), code);
			assert.same({}, m.sent);
		end);

		it(code .. ": an empty result to an iq get or set, with its id", function ()
			for _, t in ipairs({ "get", "set" }) do
				local m = load();
				answer(forward(m, iq({ type = t, id = "q-" .. t })), code, code == 202 and "ignored body" or "");
				local reply = the_reply(m);
				assert.equal("iq", reply.name);
				assert.equal("result", reply.attr.type);
				assert.equal("q-" .. t, reply.attr.id);
				assert.equal(ALICE, reply.attr.to);
				assert.equal(BOT, reply.attr.from);
				assert.same({}, tag_names(reply));
			end
		end);

		it(code .. ": a receipt to a message that asks for one, with the message's id attribute", function ()
			local m = load();
			answer(forward(m, R.receipt_request({ id = "msg-42" })), code);
			local reply = the_reply(m);
			assert.equal("message", reply.name);
			assert.equal(ALICE, reply.attr.to);
			assert.equal(BOT, reply.attr.from);
			assert.is_string(reply.attr.id);
			assert.are_not.equal("msg-42", reply.attr.id, "the receipt has its own id");
			local received = reply:get_child("received", RECEIPTS);
			assert.is_table(received);
			assert.equal("msg-42", received.attr.id);
			assert.is_nil(reply:get_child("body"));
		end);
	end

	it("sends no receipt for a message without id, a groupchat message, or a request in another namespace", function ()
		local m = load();
		answer(forward(m, R.receipt_request({ id = false })), 202);
		answer(forward(m, R.receipt_request({ type = "groupchat", from = R.ROOM .. "/nick" })), 202);
		answer(forward(m, message():tag("request", { xmlns = "urn:xmpp:other" }):up()), 202);
		assert.same({}, m.sent);
	end);

	it("treats a 200 with an empty or blank body like 204", function ()
		local m = load();
		answer(forward(m, message()), 200, "");
		answer(forward(m, message()), 200, " \r\n\t", R.XML_CT);
		assert.same({}, m.sent);
		answer(forward(m, iq()), 200, "", R.JSON_CT);
		assert.equal("result", the_reply(m).attr.type);
		m.sent = {};
		answer(forward(m, R.receipt_request({ id = "r1" })), 201, "");
		assert.equal("r1", the_reply(m):get_child("received", RECEIPTS).attr.id);
	end);
end);

describe("mod_rest webhooks, a reply of the same kind", function ()
	it("goes back to the sender from the address written to (XML)", function ()
		for _, to in ipairs({ BOT, BOT .. "/res", R.HOST }) do
			local m = load();
			answer_xml(forward(m, message({ to = to })), "<message type='chat'><body>Yes, this is bot</body></message>");
			local reply = the_reply(m);
			assert.equal("message", reply.name);
			assert.equal(ALICE, reply.attr.to);
			assert.equal(to, reply.attr.from);
			assert.equal("chat", reply.attr.type);
			assert.equal("Yes, this is bot", reply:get_child_text("body"));
			assert.is_string(reply.attr.id);
		end
	end);

	it("keeps the endpoint's id, type and xml:lang, and drops its to, from and other attributes", function ()
		local m = load();
		answer_xml(forward(m, message()),
			"<message to='carol@localhost' from='evil@localhost' id='mine' type='normal' xml:lang='de' foo='bar'><body>x</body></message>");
		local reply = the_reply(m);
		assert.equal(ALICE, reply.attr.to);
		assert.equal(BOT, reply.attr.from);
		assert.equal("mine", reply.attr.id);
		assert.equal("normal", reply.attr.type);
		assert.equal("de", reply.attr["xml:lang"]);
		assert.is_nil(reply.attr.foo);
		assert.is_nil(reply.attr.xmlns);
	end);

	it("accepts the jabber:client namespace and any 2xx status", function ()
		for _, code in ipairs({ 200, 201, 203, 206, 299 }) do
			local m = load();
			answer_xml(forward(m, message()), "<message xmlns='jabber:client'><body>ok</body></message>", code);
			assert.equal("ok", the_reply(m):get_child_text("body"));
		end
	end);

	it("keeps the payload children as given", function ()
		local m = load();
		answer_xml(forward(m, message()), "<message><body>b</body><subject>s</subject><x xmlns='urn:example'><y a='1'/></x></message>");
		local reply = the_reply(m);
		assert.same({ "body", "subject", "x" }, tag_names(reply));
		assert.equal("1", reply:get_child("x", "urn:example"):get_child("y").attr.a);
	end);

	it("is a presence for a presence", function ()
		local m = load();
		answer_xml(forward(m, presence({ type = "subscribe" })), "<presence type='subscribed'/>");
		local reply = the_reply(m);
		assert.equal("presence", reply.name);
		assert.equal("subscribed", reply.attr.type);
		assert.equal(ALICE, reply.attr.to);
		assert.equal(BOT, reply.attr.from);
	end);

	it("makes an iq the result, with the original id, whatever type and id the endpoint gave", function ()
		for _, given in ipairs({ "", " type='result'", " type='get' id='other'", " type='set'", " type='bogus'" }) do
			local m = load();
			answer_xml(forward(m, iq({ id = "v1" })), "<iq" .. given .. "><query xmlns='jabber:iq:version'><name>bot</name></query></iq>");
			local reply = the_reply(m);
			assert.equal("iq", reply.name);
			assert.equal("result", reply.attr.type, given);
			assert.equal("v1", reply.attr.id);
			assert.equal(ALICE, reply.attr.to);
			assert.equal(BOT, reply.attr.from);
			assert.equal("bot", reply:get_child("query", "jabber:iq:version"):get_child_text("name"));
		end
	end);

	it("keeps an iq error an error, with the original id", function ()
		local m = load();
		answer_xml(forward(m, iq({ id = "v2" })),
			"<iq type='error' id='x'><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
		local reply = the_reply(m);
		assert.equal("error", reply.attr.type);
		assert.equal("v2", reply.attr.id);
		local etype, condition = reply:get_error();
		assert.equal("cancel", etype);
		assert.equal("item-not-found", condition);
	end);

	it("gives a message error the original id", function ()
		local m = load();
		answer_xml(forward(m, message({ id = "orig" })),
			"<message type='error' id='x'><error type='modify'><bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>");
		local reply = the_reply(m);
		assert.equal("error", reply.attr.type);
		assert.equal("orig", reply.attr.id);
	end);

	it("sends a groupchat reply to the room's bare JID", function ()
		local m = load();
		local msg = message({ type = "groupchat", from = R.ROOM .. "/alice", to = BOT .. "/bot" });
		answer_xml(forward(m, msg), "<message type='groupchat'><body>hello room</body></message>");
		local reply = the_reply(m);
		assert.equal(R.ROOM, reply.attr.to);
		assert.equal(BOT .. "/bot", reply.attr.from);
		assert.equal("groupchat", reply.attr.type);
		-- A private (chat) answer goes to the occupant.
		m.sent = {};
		answer_xml(forward(m, msg), "<message type='chat'><body>psst</body></message>");
		assert.equal(R.ROOM .. "/alice", the_reply(m).attr.to);
	end);

	it("carries the receipt in a reply message to the sender", function ()
		local m = load();
		answer_xml(forward(m, R.receipt_request({ id = "r7" })), "<message type='chat'><body>got it</body></message>");
		local reply = the_reply(m);
		assert.equal("got it", reply:get_child_text("body"));
		assert.equal("r7", reply:get_child("received", RECEIPTS).attr.id);
	end);

	it("does not add a second receipt when the endpoint wrote one", function ()
		local m = load();
		answer_xml(forward(m, R.receipt_request({ id = "r8" })), "<message><received xmlns='urn:xmpp:receipts' id='r8'/></message>");
		local reply = the_reply(m);
		local count = 0;
		for _ in reply:childtags("received", RECEIPTS) do count = count + 1; end
		assert.equal(1, count);
	end);

	it("sends the receipt on its own beside a groupchat reply, and none with an error reply", function ()
		local m = load();
		answer_xml(forward(m, R.receipt_request({ id = "r9" })), "<message type='groupchat'><body>to the room</body></message>");
		assert.equal(2, #m.sent);
		assert.equal("to the room", m.sent[1]:get_child_text("body"));
		assert.equal("r9", m.sent[2]:get_child("received", RECEIPTS).attr.id);
		assert.equal(ALICE, m.sent[2].attr.to);
		m.sent = {};
		answer_xml(forward(m, R.receipt_request({ id = "r10" })),
			"<message type='error'><error type='cancel'><gone xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>");
		assert.is_nil(the_reply(m):get_child("received", RECEIPTS));
	end);
end);

describe("mod_rest webhooks, other formats of answer", function ()
	it("reads text/plain as the body of a chat message", function ()
		for _, ct in ipairs({ "text/plain", "text/plain; charset=utf-8", "Text/Plain;charset=UTF-8" }) do
			local m = load();
			answer(forward(m, message({ type = "normal" })), 200, "plain answer ✓\nline two", { ["Content-Type"] = ct });
			local reply = the_reply(m);
			assert.equal("message", reply.name);
			assert.equal("chat", reply.attr.type);
			assert.equal(ALICE, reply.attr.to);
			assert.equal(BOT, reply.attr.from);
			assert.equal("plain answer ✓\nline two", reply:get_child_text("body"));
		end
	end);

	it("answers a groupchat message in text/plain to the room", function ()
		local m = load();
		answer(forward(m, message({ type = "groupchat", from = R.ROOM .. "/alice" })), 200, "hi all", R.TEXT_CT);
		local reply = the_reply(m);
		assert.equal("groupchat", reply.attr.type);
		assert.equal(R.ROOM, reply.attr.to);
	end);

	it("reads JSON", function ()
		local m = load();
		answer(forward(m, message()), 200, json.encode({ kind = "message", type = "chat", body = "from json" }), R.JSON_CT);
		local reply = the_reply(m);
		assert.equal("from json", reply:get_child_text("body"));
		assert.equal(ALICE, reply.attr.to);
		assert.equal(BOT, reply.attr.from);
		m.sent = {};
		answer(forward(m, message()), 200, json.encode({ body = "kind inferred", to = "someone@else" }), { ["Content-Type"] = "application/json; charset=utf-8" });
		reply = the_reply(m);
		assert.equal("kind inferred", reply:get_child_text("body"));
		assert.equal(ALICE, reply.attr.to);
	end);

	it("reads an iq result in JSON", function ()
		local m = load();
		answer(forward(m, iq({ id = "j1" })), 200, json.encode({ kind = "iq", type = "result" }), R.JSON_CT);
		local reply = the_reply(m);
		assert.equal("result", reply.attr.type);
		assert.equal("j1", reply.attr.id);
	end);

	it("reads a form", function ()
		local m = load();
		answer(forward(m, message()), 200, http_util.formencode({ kind = "message", body = "from a form" }), R.FORM_CT);
		assert.equal("from a form", the_reply(m):get_child_text("body"));
	end);

	it("never echoes the sender's own stanza: a wrong kind is an error", function ()
		local m = load();
		local msg = message();
		answer_xml(forward(m, msg), "<presence/>");
		assert_error_reply(m, msg, "cancel", "undefined-condition");
		expect_logs(m, "warn", "with <presence>");
	end);
end);
