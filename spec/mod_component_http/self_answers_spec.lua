-- mod_component_http: disco#info (XEP-0030) and ping (XEP-0199) answered by
-- the component itself when iq is not forwarded, and as the fallback when
-- the endpoint refuses them as unsupported.
-- Contract: docs/mod_component_http/README.md. Shared setup: spec/mod_component_http/support.lua.

local C = require "mod_component_http.support";
local st = require "util.stanza";
local load, deliver, forward, answer_json = C.load, C.deliver, C.forward, C.answer_json;

after_each(C.assert_clean_logs);

local DISCO = "http://jabber.org/protocol/disco#info";
local PING = "urn:xmpp:ping";

local function disco(to, node)
	return st.iq({ to = to or C.BOT, from = C.ALICE, type = "get", id = "d1" }):tag("query", { xmlns = DISCO, node = node }):up();
end
local function ping(to)
	return st.iq({ to = to or C.BOT, from = C.ALICE, type = "get", id = "p1" }):tag("ping", { xmlns = PING }):up();
end

--- The one result sent, checked as the answer to `request`.
local function the_result(m, request)
	local reply = C.the_reply(m);
	assert.equal("iq", reply.name);
	assert.equal("result", reply.attr.type, tostring(reply));
	assert.equal(request.attr.id, reply.attr.id);
	assert.equal(request.attr.from, reply.attr.to);
	assert.equal(request.attr.to, reply.attr.from);
	return reply;
end

local function identity_and_features(reply)
	local query = reply:get_child("query", DISCO);
	assert.is_table(query, tostring(reply));
	local identities, features = {}, {};
	for tag in query:childtags("identity") do identities[#identities + 1] = tag.attr; end
	for tag in query:childtags("feature") do features[#features + 1] = tag.attr.var; end
	return identities, features;
end

describe("mod_component_http answers disco#info and ping itself when iq is not forwarded", function ()
	for _, to in ipairs({ "echo@bot.localhost", "bot.localhost", "echo@bot.localhost/res" }) do
		it("answers ping to " .. to .. " with an empty result, without a request", function ()
			local m = load();
			local request = ping(to);
			local handled, req = deliver(m, request);
			assert.is_true(handled);
			assert.is_nil(req);
			local reply = the_result(m, request);
			assert.equal(0, #reply.tags);
		end);
	end

	it("declares a bot by default: client/bot named after the JID's local part, disco#info and ping", function ()
		local m = load();
		local request = disco();
		assert.is_true((deliver(m, request)));
		local identities, features = identity_and_features(the_result(m, request));
		assert.same({ { category = "client", type = "bot", name = "echo" } }, identities);
		assert.same({ DISCO, PING }, features);
		assert.equal(0, #m.http_requests);
	end);

	it("names the identity after the domain when asked at the domain", function ()
		local m = load();
		deliver(m, disco(C.HOST));
		local identities = identity_and_features(C.the_reply(m));
		assert.equal(C.HOST, identities[1].name);
	end);

	it("takes the identity, name and features from the options, keeping disco#info and ping once", function ()
		local m = load({
			component_disco_category = "gateway", component_disco_type = "sms", component_disco_name = "SMS bridge",
			component_disco_features = { "jabber:iq:version", PING, "urn:xmpp:receipts" },
		});
		deliver(m, disco());
		local identities, features = identity_and_features(C.the_reply(m));
		assert.same({ { category = "gateway", type = "sms", name = "SMS bridge" } }, identities);
		assert.same({ DISCO, PING, "jabber:iq:version", "urn:xmpp:receipts" }, features);
	end);

	it("drops a feature that is not a string, with a warning", function ()
		local m = load({ component_disco_features = { "urn:xmpp:receipts", 5 } });
		C.expect_logs(m, "warn", "component_disco_features");
		deliver(m, disco());
		local _, features = identity_and_features(C.the_reply(m));
		assert.same({ DISCO, PING, "urn:xmpp:receipts" }, features);
	end);

	it("answers a disco#info query for a node with item-not-found", function ()
		local m = load();
		local request = disco(nil, "http://jabber.org/protocol/commands");
		deliver(m, request);
		C.assert_error_reply(m, request, "cancel", "item-not-found");
	end);

	it("leaves other iqs to Prosody (unhandled: it answers service-unavailable)", function ()
		local m = load();
		assert.is_nil((deliver(m, C.iq())));
		local set_ping = st.iq({ to = C.BOT, from = C.ALICE, type = "set", id = "s1" }):tag("ping", { xmlns = PING }):up();
		assert.is_nil((deliver(m, set_ping)));
		local result = st.iq({ to = C.BOT, from = C.ALICE, type = "result", id = "r1" });
		assert.is_nil((deliver(m, result)));
		assert.equal(0, #m.sent);
	end);

	it("answers even without a valid component_post_url (the endpoint is not involved)", function ()
		local m = load({ component_post_url = false });
		C.expect_logs(m, "error", "component_post_url");
		local request = ping();
		deliver(m, request);
		the_result(m, request);
	end);
end);

describe("mod_component_http with iq forwarded", function ()
	local function iq_loaded()
		return load({ component_post_stanzas = { "message", "iq" } });
	end

	it("forwards disco#info and ping: the endpoint's answer wins", function ()
		local m = iq_loaded();
		local request = disco();
		local reply_xml = "<iq type='result'><query xmlns='" .. DISCO .. "'><identity category='client' type='bot' name='Mine'/></query></iq>";
		answer_json(forward(m, request), { stanza = reply_xml });
		local identities = identity_and_features(the_result(m, request));
		assert.equal("Mine", identities[1].name);
	end);

	for _, code in ipairs({ 404, 501 }) do
		it("falls back to its own answer when the endpoint answers HTTP " .. code, function ()
			local m = iq_loaded();
			local request = disco();
			forward(m, request):answer(code, "");
			local identities = identity_and_features(the_result(m, request));
			assert.equal("bot", identities[1].type);
			m.sent = {};
			local p = ping();
			forward(m, p):answer(code, "");
			the_result(m, p);
		end);
	end

	for _, condition in ipairs({ "service-unavailable", "feature-not-implemented" }) do
		it("falls back to its own answer when the endpoint replies with an iq error " .. condition, function ()
			local m = iq_loaded();
			local request = ping();
			local reply_xml = "<iq type='error'><error type='cancel'><" .. condition
				.. " xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>";
			answer_json(forward(m, request), { stanza = reply_xml });
			the_result(m, request);
		end);
	end

	it("answers disco#info itself when the endpoint accepts it without a reply", function ()
		local m = iq_loaded();
		local request = disco();
		forward(m, request):answer(204, "");
		local identities = identity_and_features(the_result(m, request));
		assert.equal("client", identities[1].category);
	end);

	it("passes other errors on: an outage is not hidden by a self-answer", function ()
		local m = iq_loaded();
		local request = ping();
		forward(m, request):answer(500, "");
		C.assert_error_reply(m, request, "cancel", "internal-server-error");
		m.sent = {};
		request = ping();
		forward(m, request):fail();
		C.assert_error_reply(m, request, "cancel", "remote-server-timeout");
		m.sent = {};
		request = disco();
		answer_json(forward(m, request), { stanza = "<iq type='error'><error type='auth'><forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>" });
		C.assert_error_reply(m, request, "auth", "forbidden");
	end);

	it("does not fall back for other iqs refused with 404", function ()
		local m = iq_loaded();
		local request = C.iq();
		forward(m, request):answer(404, "");
		C.assert_error_reply(m, request, "cancel", "item-not-found");
	end);
end);
