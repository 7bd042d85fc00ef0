-- mod_rest: sending messages and presences. 202 once routed, with the
-- events Prosody fires for a client's stanzas (pre-stanza, pre-KIND/...)
-- so carbons and archives see them; 200 with a bounce that came back while
-- sending, in the output format; presence broadcasts refused (422).
-- Contract: docs/mod_rest/README.md. Shared setup: spec/mod_rest/support.lua.

local R = require "mod_rest.support";
local st = require "util.stanza";
local json = require "util.json";

after_each(R.assert_clean_logs);

local MESSAGE = "<message to='bob@localhost' type='chat' id='m1'><body>hi</body></message>";

describe("mod_rest message and presence delivery", function ()
	it("routes the stanza from a session of the sender and answers 202", function ()
		local m = R.load();
		R.assert_accepted(m, R.post_xml(m, "/rest", MESSAGE));
		local origin = m.sent_origins[1];
		assert.same({ "c2s", "localhost", "alice", "alice@localhost" }, { origin.type, origin.host, origin.username, origin.full_jid });
		assert.is_function(origin.send);
	end);

	it("fires pre-stanza and pre-message/ADDRESSING with the origin, as for a client's stanza", function ()
		for to, event_name in pairs({ ["bob@localhost"] = "pre-message/bare", ["bob@localhost/phone"] = "pre-message/full",
			["localhost"] = "pre-message/host" }) do
			local m = R.load();
			local seen = {};
			m.api:hook("pre-stanza", function (event) seen[#seen + 1] = { "pre-stanza", event }; end);
			m.api:hook(event_name, function (event) seen[#seen + 1] = { event_name, event }; end);
			R.assert_accepted(m, R.post_xml(m, "/rest", "<message to='" .. to .. "'><body>x</body></message>"));
			assert.equal(2, #seen, to);
			assert.equal("pre-stanza", seen[1][1]);
			assert.equal(event_name, seen[2][1]);
			assert.equal(m.sent[1], seen[2][2].stanza);
			assert.equal(m.sent_origins[1], seen[2][2].origin);
		end
	end);

	it("fires pre-presence/bare for a presence to a contact", function ()
		local m = R.load();
		local fired = 0;
		m.api:hook("pre-presence/bare", function () fired = fired + 1; end);
		R.assert_accepted(m, R.post(m, "/rest/presence/subscribe/bob@localhost", ""));
		assert.equal(1, fired);
	end);

	it("addresses a stanza to the sender's own bare JID as to_self, as Prosody does", function ()
		local m = R.load();
		local event;
		m.api:hook("pre-message/bare", function (e) event = e; end);
		R.assert_accepted(m, R.post_xml(m, "/rest", "<message to='alice@localhost'><body>x</body></message>"));
		assert.is_true(event.to_self);
		assert.is_nil(m.sent[1].attr.to);
	end);

	it("sends nothing when a pre-stanza handler drops the stanza, or a pre-message handler handles it (202)", function ()
		local m = R.load();
		m.api:hook("pre-stanza", function (event) event.reason = "blocked"; return true; end);
		local res = R.post_xml(m, "/rest", MESSAGE);
		assert.equal(202, res.status);
		assert.equal(0, #m.sent);
		local m2 = R.load();
		m2.api:hook("pre-message/bare", function () return true; end);
		assert.equal(202, R.post_xml(m2, "/rest", MESSAGE).status);
		assert.equal(0, #m2.sent);
	end);

	it("answers 200 with a bounce that comes back while sending, in the output format", function ()
		local m = R.load();
		m.on_send = function (stanza, origin)
			origin.send(st.error_reply(stanza, "cancel", "service-unavailable"));
		end;
		local bounce = R.assert_xml(R.post_xml(m, "/rest", MESSAGE));
		assert.same({ "message", "error", "m1" }, { bounce.name, bounce.attr.type, bounce.attr.id });
		assert.truthy(bounce:get_child("error"):get_child("service-unavailable", R.XMLNS_STANZAS));
		local doc = R.assert_json(R.post_xml(m, "/rest", MESSAGE, R.JSON_ACCEPT));
		assert.same({ "message", "error" }, { doc.kind, doc.type });
		assert.equal("service-unavailable", doc.error.condition);
	end);

	it("wraps several stanzas that came back in <xmpp>", function ()
		local m = R.load();
		m.on_send = function (stanza, origin)
			origin.send(st.error_reply(stanza, "cancel", "service-unavailable"));
			origin.send(st.message({ to = "alice@localhost", type = "headline" }, "notice"));
		end;
		local wrapper = R.assert_xml(R.post_xml(m, "/rest", MESSAGE));
		assert.equal("xmpp", wrapper.name);
		assert.equal(2, #wrapper.tags);
		local doc = R.assert_json(R.post_xml(m, "/rest", MESSAGE, R.JSON_ACCEPT));
		assert.equal(2, #doc.xmpp);
	end);

	it("ignores what reaches the origin after the answer", function ()
		local m = R.load();
		R.assert_accepted(m, R.post_xml(m, "/rest", MESSAGE));
		m.sent_origins[1].send(st.message({ to = "alice@localhost" }, "late"));
		assert.equal(1, #m.logs_of("debug", "its HTTP request was answered"));
	end);

	it("answers 500, in the error format, when routing raises (and logs it)", function ()
		local m = R.load();
		m.on_send = function () error("router broke"); end;
		local res = R.post_xml(m, "/rest", MESSAGE, R.JSON_ACCEPT);
		assert.equal(500, res.status);
		assert.equal("internal-server-error", json.decode(res.body).error.condition);
		R.expect_logs(m, "error", "router broke");
	end);

	it("refuses presence broadcasts (no `to`, or the sender's own JID; available or unavailable): 422", function ()
		local m = R.load();
		for _, body in ipairs({ "<presence/>", "<presence type='unavailable'/>", "<presence to='alice@localhost'/>",
			"<presence to='alice@localhost/x'><show>away</show></presence>" }) do
			R.assert_json_error(m, R.post_xml(m, "/rest", body, R.JSON_ACCEPT), 422, "improper-addressing");
		end
		R.assert_json_error(m, R.post_text(m, "/rest/presence/available/", "dnd", R.JSON_ACCEPT), 422, "improper-addressing");
		R.assert_accepted(m, R.post_xml(m, "/rest", "<presence to='bob@localhost' type='subscribe'/>"));
	end);

	it("sends a directed presence", function ()
		local m = R.load();
		local pres = R.assert_accepted(m, R.post_xml(m, "/rest", "<presence to='room@muc.localhost/alice'><show>chat</show></presence>"));
		assert.same({ "room@muc.localhost/alice", "chat" }, { pres.attr.to, pres:get_child_text("show") });
	end);
end);
