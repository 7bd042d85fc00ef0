-- mod_rest: iq requests wait for their reply (long-poll): 200 with it (an
-- error reply too), the client's id back on it, ids of their own on the
-- wire so requests never collide, MAM results wrapped, timeouts (504) from
-- rest_iq_timeout, Prosody-Rest-Timeout and rest_iq_max_timeout, at most
-- rest_iq_max_pending outstanding per account (429), unencodable replies in XML.
-- Contract: docs/mod_rest/README.md. Shared setup: spec/mod_rest/support.lua.

local R = require "mod_rest.support";
local st = require "util.stanza";
local errors = require "util.error";

after_each(R.assert_clean_logs);

--- POST a ping as `auth` (default alice) with client id `id`; returns the live result.
local function ping(m, id, headers)
	return R.post_xml(m, "/rest", R.ping_xml({ id = id }), headers);
end

--- The iq the module sent last.
local function wire(m)
	return m.sent[#m.sent];
end

describe("mod_rest iq requests", function ()
	it("waits for the reply and answers 200 with it, carrying the client's id", function ()
		local m = R.load();
		local res = ping(m, "client-1");
		assert.is_false(res.finished, "long-poll: no answer before the reply");
		local iq = wire(m);
		assert.not_equal("client-1", iq.attr.id, "an id of its own on the wire");
		assert.is_true(m.reply_iq(iq.attr.id, st.reply(iq)));
		local reply = R.assert_xml(res);
		assert.same({ "result", "client-1", "alice@localhost", "localhost" }, { reply.attr.type, reply.attr.id, reply.attr.to, reply.attr.from });
	end);

	it("keeps apart two accounts sending the same id at once", function ()
		local m = R.load();
		local a = ping(m, "same");
		local b = ping(m, "same", { Authorization = R.BOB });
		local iq_a, iq_b = m.sent[1], m.sent[2];
		assert.same({ "alice@localhost", "bob@localhost" }, { iq_a.attr.from, iq_b.attr.from });
		assert.not_equal(iq_a.attr.id, iq_b.attr.id);
		m.reply_iq(iq_b.attr.id, st.reply(iq_b):tag("for-bob"):up());
		assert.is_false(a.finished);
		local reply_b = R.assert_xml(b);
		assert.same({ "same", "bob@localhost" }, { reply_b.attr.id, reply_b.attr.to });
		assert.truthy(reply_b:get_child("for-bob"));
		m.reply_iq(iq_a.attr.id, st.reply(iq_a):tag("for-alice"):up());
		local reply_a = R.assert_xml(a);
		assert.same({ "same", "alice@localhost" }, { reply_a.attr.id, reply_a.attr.to });
		assert.truthy(reply_a:get_child("for-alice"));
	end);

	it("keeps apart two requests of one account with the same id", function ()
		local m = R.load();
		local first, second = ping(m, "dup"), ping(m, "dup");
		assert.not_equal(m.sent[1].attr.id, m.sent[2].attr.id);
		m.reply_iq(m.sent[2].attr.id, st.reply(m.sent[2]));
		m.reply_iq(m.sent[1].attr.id, st.reply(m.sent[1]));
		assert.equal("dup", R.assert_xml(first).attr.id);
		assert.equal("dup", R.assert_xml(second).attr.id);
	end);

	it("generates the client's id when the iq has none", function ()
		local m = R.load();
		m.iq_responder = function (iq) return st.reply(iq); end;
		local reply = R.assert_xml(R.post_xml(m, "/rest", "<iq type='get' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>"));
		assert.is_string(reply.attr.id);
		assert.not_equal(m.sent[1].attr.id, reply.attr.id);
	end);

	it("answers 200 with an error reply too, in the requested format", function ()
		local m = R.load();
		m.iq_responder = function (iq) return st.error_reply(iq, "cancel", "item-not-found", "nobody here"); end;
		local reply = R.assert_xml(ping(m, "e1"));
		assert.same({ "error", "e1" }, { reply.attr.type, reply.attr.id });
		local doc = R.assert_json(ping(m, "e2", R.JSON_ACCEPT));
		assert.same({ "iq", "error", "e2", "item-not-found", "nobody here" }, { doc.kind, doc.type, doc.id, doc.error.condition, doc.error.text });
	end);

	it("times out after rest_iq_timeout (120 s by default) with 504", function ()
		local m = R.load();
		local res = ping(m, "t1", R.JSON_ACCEPT);
		m.advance(119);
		assert.is_false(res.finished);
		m.advance(1);
		R.assert_json_error(nil, res, 504, "remote-server-timeout");
		local m2 = R.load({ options = { rest_iq_timeout = 5 } });
		res = ping(m2, "t2");
		m2.advance(5);
		assert.equal(504, res.status);
	end);

	it("lets Prosody-Rest-Timeout set the wait, within 1 s and rest_iq_max_timeout", function ()
		local cases = {
			{ header = "10", options = {}, wait = 10 },
			{ header = "0.5", options = {}, wait = 1 },
			{ header = "0", options = {}, wait = 1 },
			{ header = "-5", options = {}, wait = 1 },
			{ header = "1000", options = {}, wait = 300 },
			{ header = "200", options = { rest_iq_max_timeout = 60 }, wait = 60 },
			{ header = "soon", options = {}, wait = 120 },
			{ header = "nan", options = {}, wait = 120 },
			{ header = "inf", options = {}, wait = 120 },
			{ header = "1e999", options = {}, wait = 300 },
			{ options = { rest_iq_timeout = 500 }, wait = 300 },
		};
		for _, case in ipairs(cases) do
			local m = R.load({ options = case.options });
			local res = ping(m, "t", { ["Prosody-Rest-Timeout"] = case.header });
			m.advance(case.wait - 0.01);
			assert.is_false(res.finished, tostring(case.header));
			m.advance(0.01);
			assert.equal(504, res.status, tostring(case.header));
		end
	end);

	it("allows rest_iq_max_pending (10) iqs of an account at once, then 429 until one is answered", function ()
		local m = R.load();
		for i = 1, 10 do ping(m, "p" .. i); end
		assert.equal(10, #m.sent);
		R.assert_json_error(nil, ping(m, "p11", R.JSON_ACCEPT), 429, "resource-constraint");
		assert.equal(10, #m.sent, "the 11th was not sent");
		assert.is_false(ping(m, "bob", { Authorization = R.BOB }).finished, "another account is not limited");
		m.reply_iq(m.sent[1].attr.id, st.reply(m.sent[1]));
		assert.is_false(ping(m, "p12").finished, "room again after a reply");
		m.timeout_iq(m.sent[2].attr.id);
		assert.is_false(ping(m, "p13").finished, "and after a timeout");
		local m2 = R.load({ options = { rest_iq_max_pending = 2 } });
		ping(m2, "a"); ping(m2, "b");
		assert.equal(429, ping(m2, "c").status);
	end);

	it("allows 250 iqs waiting in all (Prosody tracks 256), then 503", function ()
		local m = R.load({ options = { rest_iq_max_pending = 1000 } });
		for i = 1, 250 do ping(m, "p" .. i); end
		R.assert_json_error(nil, ping(m, "p251", R.JSON_ACCEPT), 503, "resource-constraint");
		assert.equal(250, #m.sent);
	end);

	it("answers 503 when Prosody gives up on the iq otherwise (evicted from its tracking)", function ()
		local m = R.load();
		local res = ping(m, "ev", R.JSON_ACCEPT);
		m.reply_iq(wire(m).attr.id, errors.new({ type = "wait", condition = "resource-constraint", text = "evicted from iq tracking cache" }));
		R.assert_json_error(nil, res, 503, "resource-constraint");
	end);

	it("answers 503 to the iqs still waiting when the module unloads (their replies cannot come any more)", function ()
		local m = R.load();
		local res = ping(m, "u1", R.JSON_ACCEPT);
		local other = ping(m, "u2", { Authorization = R.BOB });
		assert.is_false(res.finished);
		m.unload();
		R.assert_json_error(nil, res, 503, "service-unavailable");
		assert.equal(503, other.status);
	end);

	it("refuses iqs that are not a get or set with one child (422)", function ()
		local m = R.load();
		for _, body in ipairs({ "<iq type='result' id='r'/>", "<iq type='error' id='r'><ping xmlns='urn:xmpp:ping'/></iq>",
			"<iq id='r'><ping xmlns='urn:xmpp:ping'/></iq>", "<iq type='GET'><ping xmlns='urn:xmpp:ping'/></iq>" }) do
			R.assert_json_error(m, R.post_xml(m, "/rest", body, R.JSON_ACCEPT), 422, "invalid-xml");
		end
		for _, body in ipairs({ "<iq type='get' to='localhost'/>", "<iq type='get' to='localhost'>text</iq>",
			"<iq type='set' to='localhost'><a xmlns='x'/><b xmlns='y'/></iq>" }) do
			R.assert_json_error(m, R.post_xml(m, "/rest", body, R.JSON_ACCEPT), 422, "bad-format");
		end
	end);

	it("sends an iq with a token's full JID and gets the reply", function ()
		local tokens = R.tokenauth_012({ tok = { username = "alice", host = "localhost", resource = "bot" } });
		local m = R.load({ modules = { tokenauth = tokens } });
		local res = ping(m, "f1", { Authorization = "Bearer tok" });
		assert.equal("alice@localhost/bot", wire(m).attr.from);
		m.reply_iq(wire(m).attr.id, st.reply(wire(m)));
		assert.equal("alice@localhost/bot", R.assert_xml(res).attr.to);
	end);

	it("answers 202 when a pre-iq handler takes the iq, or 200 with what it sent back", function ()
		local m = R.load();
		m.api:hook("pre-iq/host", function () return true; end);
		assert.equal(202, ping(m, "h1").status);
		assert.equal(0, #m.sent);
		local m2 = R.load();
		m2.api:hook("pre-iq/host", function (event)
			event.origin.send(st.error_reply(event.stanza, "cancel", "not-allowed"));
			return true;
		end);
		assert.equal("error", R.assert_xml(ping(m2, "h2")).attr.type);
	end);

	it("answers a reply a form cannot express in XML rather than failing", function ()
		local m = R.load();
		m.iq_responder = function (iq, origin)
			origin.send(st.message({ to = "alice@localhost" }):tag("result", { xmlns = R.XMLNS_MAM, queryid = "q" }):up());
			return st.reply(iq);
		end;
		local res = R.post_xml(m, "/rest", "<iq type='set' to='alice@localhost'><query xmlns='urn:xmpp:mam:2' queryid='q'/></iq>",
			{ Accept = R.FORM });
		local wrapper = R.assert_xml(res);
		assert.equal("xmpp", wrapper.name);
	end);
end);

describe("mod_rest MAM queries", function ()
	local QUERY = "<iq type='set' id='mam1'><query xmlns='urn:xmpp:mam:2'%s/></iq>";

	it("wraps the results that come back through the origin with the final reply", function ()
		local m = R.load();
		m.iq_responder = function (iq, origin)
			local queryid = iq:get_child("query", R.XMLNS_MAM).attr.queryid;
			for i = 1, 2 do
				origin.send(st.message({ to = "alice@localhost", from = "alice@localhost" })
					:tag("result", { xmlns = R.XMLNS_MAM, queryid = queryid, id = "a" .. i }):up());
			end
			return st.reply(iq):tag("fin", { xmlns = R.XMLNS_MAM, complete = "true" }):up();
		end;
		local wrapper = R.assert_xml(R.post_xml(m, "/rest", QUERY:format(" queryid='mine'")));
		assert.equal("xmpp", wrapper.name);
		assert.equal(3, #wrapper.tags);
		assert.same({ "message", "message", "iq" }, { wrapper.tags[1].name, wrapper.tags[2].name, wrapper.tags[3].name });
		assert.equal("mine", wrapper.tags[1]:get_child("result", R.XMLNS_MAM).attr.queryid);
		assert.equal("mam1", wrapper.tags[3].attr.id);
		local doc = R.assert_json(R.post_xml(m, "/rest", QUERY:format(""), R.JSON_ACCEPT));
		assert.equal(3, #doc.xmpp);
		assert.equal("iq", doc.xmpp[3].kind);
	end);

	it("gives a query without queryid one of its own, so it never takes other results", function ()
		local m = R.load();
		local res = R.post_xml(m, "/rest", QUERY:format(""));
		local queryid = wire(m):get_child("query", R.XMLNS_MAM).attr.queryid;
		assert.is_string(queryid);
		assert.truthy(#queryid >= 12);
		local other = st.message({ to = "alice@localhost", from = "localhost" }):tag("result", { xmlns = R.XMLNS_MAM, queryid = "other" }):up();
		assert.is_nil(m.fire("message/bare", { stanza = other }), "someone else's result goes on");
		m.reply_iq(wire(m).attr.id, st.reply(wire(m)));
		local reply = R.assert_xml(res);
		assert.equal("iq", reply.name, "alone: not wrapped");
	end);

	it("takes the results of a remote archive addressed to the sender, and only while it waits", function ()
		local m = R.load();
		local res = R.post_xml(m, "/rest", "<iq type='set' id='mam2' to='room@muc.example'><query xmlns='urn:xmpp:mam:2' queryid='q2'/></iq>");
		local function result(to, queryid)
			return st.message({ to = to, from = "room@muc.example" }):tag("result", { xmlns = R.XMLNS_MAM, queryid = queryid }):up();
		end
		assert.is_true(m.fire("message/bare", { stanza = result("alice@localhost", "q2") }));
		assert.is_nil(m.fire("message/bare", { stanza = result("bob@localhost", "q2") }), "not for another account");
		assert.is_nil(m.fire("message/bare", { stanza = result("alice@localhost", "q3") }), "not another query");
		m.reply_iq(wire(m).attr.id, st.reply(wire(m)));
		local wrapper = R.assert_xml(res);
		assert.equal(2, #wrapper.tags);
		assert.is_nil(m.fire("message/bare", { stanza = result("alice@localhost", "q2") }), "unhooked after the answer");
	end);

	it("hooks message/full for a token's full JID", function ()
		local tokens = R.tokenauth_012({ tok = { username = "alice", host = "localhost", resource = "bot" } });
		local m = R.load({ modules = { tokenauth = tokens } });
		local res = R.post_xml(m, "/rest", QUERY:format(" queryid='f'"), { Authorization = "Bearer tok" });
		local message = st.message({ to = "alice@localhost/bot" }):tag("result", { xmlns = R.XMLNS_MAM, queryid = "f" }):up();
		assert.is_true(m.fire("message/full", { stanza = message }));
		m.timeout_iq(wire(m).attr.id);
		assert.equal(504, res.status);
		assert.is_nil(m.fire("message/full", { stanza = message }));
	end);
end);
