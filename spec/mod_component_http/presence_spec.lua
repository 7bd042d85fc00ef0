-- mod_component_http: presence answered by the module, or forwarded.
-- Contract: docs/mod_component_http/README.md. Shared setup: spec/mod_component_http/support.lua.

local C = require "mod_component_http.support";
local HOST, BOT, ALICE, ALICE_BARE, load, presence = C.HOST, C.BOT, C.ALICE, C.ALICE_BARE, C.load, C.presence;
local deliver, forward, answer_json, payload = C.deliver, C.forward, C.answer_json, C.payload;
local tag_names, the_reply = C.tag_names, C.the_reply;

after_each(C.assert_clean_logs);

describe("mod_component_http default presence", function ()
	local function sent_presence(m, index, attrs)
		local p = m.sent[index];
		assert.is_table(p, "presence #" .. index);
		assert.equal("presence", p.name);
		assert.same(attrs, p.attr);
		assert.same({}, tag_names(p));
	end

	it("answers a probe with available presence from JID/default", function ()
		local m = load();
		assert.is_true((deliver(m, presence({ type = "probe" }))));
		assert.equal(1, #m.sent);
		sent_presence(m, 1, { from = BOT .. "/default", to = ALICE });
		assert.equal(0, #m.http_requests);
	end);

	it("answers a probe of the domain from domain/default, and of a full JID from its bare JID/default", function ()
		local m = load();
		deliver(m, presence({ type = "probe", to = HOST }));
		deliver(m, presence({ type = "probe", to = BOT .. "/other" }));
		assert.equal(2, #m.sent);
		sent_presence(m, 1, { from = HOST .. "/default", to = ALICE });
		sent_presence(m, 2, { from = BOT .. "/default", to = ALICE });
	end);

	it("answers subscribe with subscribed, then available presence", function ()
		local m = load();
		deliver(m, presence({ type = "subscribe", from = ALICE_BARE }));
		assert.equal(2, #m.sent);
		sent_presence(m, 1, { from = BOT, to = ALICE_BARE, type = "subscribed" });
		sent_presence(m, 2, { from = BOT .. "/default", to = ALICE_BARE });
	end);

	it("sends subscribed to the bare JID of a full-JID subscriber", function ()
		local m = load();
		deliver(m, presence({ type = "subscribe" }));
		assert.equal(2, #m.sent);
		sent_presence(m, 1, { from = BOT, to = ALICE_BARE, type = "subscribed" });
		sent_presence(m, 2, { from = BOT .. "/default", to = ALICE });
	end);

	it("answers unsubscribe with unavailable presence", function ()
		local m = load();
		deliver(m, presence({ type = "unsubscribe" }));
		assert.equal(1, #m.sent);
		sent_presence(m, 1, { from = BOT .. "/default", to = ALICE, type = "unavailable" });
	end);

	for _, t in ipairs({ "available", "unavailable", "subscribed", "unsubscribed", "error" }) do
		it("sends nothing back for presence of type " .. t .. " (and handles it)", function ()
			local m = load();
			local p = presence({ type = t ~= "available" and t or false });
			assert.is_true((deliver(m, p)));
			assert.same({}, m.sent);
			assert.equal(0, #m.http_requests);
		end);
	end

	it("sends nothing for a presence without sender", function ()
		local m = load();
		assert.is_true((deliver(m, presence({ type = "probe", from = false }))));
		assert.same({}, m.sent);
	end);

	it("still applies when only iq is forwarded", function ()
		local m = load({ component_post_stanzas = { "iq" } });
		deliver(m, presence({ type = "probe" }));
		assert.equal(1, #m.sent);
		assert.equal(0, #m.http_requests);
	end);
end);

describe("mod_component_http forwarded presence", function ()
	it("forwards presence instead of answering it when configured", function ()
		local m = load({ component_post_stanzas = { "message", "presence" } });
		for _, t in ipairs({ "probe", "subscribe", "unsubscribe" }) do
			local doc = payload(forward(m, presence({ type = t })));
			assert.equal("presence", doc.kind);
			assert.equal(t, doc.type);
		end
		assert.same({}, m.sent, "no default answer");
	end);

	it("sends the endpoint's presence reply", function ()
		local m = load({ component_post_stanzas = { "presence" } });
		answer_json(forward(m, presence({ type = "subscribe", from = ALICE_BARE })), { kind = "presence", type = "subscribed" });
		local p = the_reply(m);
		assert.equal("presence", p.name);
		assert.equal("subscribed", p.attr.type);
		assert.equal(ALICE_BARE, p.attr.to);
		assert.equal(BOT, p.attr.from);
	end);

	it("sends nothing back for a presence the endpoint accepts without reply", function ()
		local m = load({ component_post_stanzas = { "presence" } });
		forward(m, presence({ type = "probe" })):answer(204, "");
		assert.same({}, m.sent);
	end);
end);
