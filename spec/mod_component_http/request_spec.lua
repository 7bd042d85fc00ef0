-- mod_component_http: the HTTP request made to the endpoint for a stanza.
-- Contract: docs/mod_component_http/README.md. Shared setup: spec/mod_component_http/support.lua.

local C = require "mod_component_http.support";
local xml = require "util.xml";
local URL, BOT, ALICE, load, message, iq = C.URL, C.BOT, C.ALICE, C.load, C.message, C.iq;
local presence, deliver, forward, payload = C.presence, C.deliver, C.forward, C.payload;
local sorted_keys = C.sorted_keys;

after_each(C.assert_clean_logs);

describe("mod_component_http request to the endpoint", function ()
	it("is one POST to component_post_url with Content-Type and Accept application/json", function ()
		local m = load();
		local req = forward(m, message());
		assert.equal(1, #m.http_requests);
		assert.equal("POST", req.method);
		assert.equal(URL, req.url);
		assert.equal("application/json", req.headers["Content-Type"]);
		assert.equal("application/json", req.headers["Accept"]);
		assert.equal(0, #m.sent, "nothing sent before the endpoint answers");
	end);

	it("carries to, from, kind, stanza, body, type and id, and nothing else", function ()
		local m = load();
		local msg = message({ id = "abc-123" }, "Hello there");
		local doc = payload(forward(m, msg));
		assert.same({ "body", "from", "id", "kind", "stanza", "to", "type" }, sorted_keys(doc));
		assert.equal(BOT, doc.to);
		assert.equal(ALICE, doc.from);
		assert.equal("message", doc.kind);
		assert.equal("Hello there", doc.body);
		assert.equal("chat", doc.type);
		assert.equal("abc-123", doc.id);
		assert.equal(tostring(msg), doc.stanza);
	end);

	it("puts the full XML of the stanza in `stanza`, children included", function ()
		local m = load();
		local msg = message({ type = "groupchat" }, "text & <b>markup</b>");
		msg:tag("x", { xmlns = "urn:example:extension", a = "1" }):text("payload"):up();
		local doc = payload(forward(m, msg));
		local parsed = assert(xml.parse(doc.stanza));
		assert.equal("message", parsed.name);
		assert.equal(BOT, parsed.attr.to);
		assert.equal(ALICE, parsed.attr.from);
		assert.equal("groupchat", parsed.attr.type);
		assert.equal("m1", parsed.attr.id);
		assert.equal("text & <b>markup</b>", parsed:get_child_text("body"));
		assert.equal("payload", parsed:get_child_text("x", "urn:example:extension"));
		assert.equal("text & <b>markup</b>", doc.body);
	end);

	it("keeps non-ASCII text intact", function ()
		local m = load();
		local text = "ünïcødé ✓ — 日本語 \240\159\152\128";
		assert.equal(text, payload(forward(m, message(nil, text))).body);
	end);

	it("leaves body out when the message has none", function ()
		local m = load();
		local doc = payload(forward(m, message(nil, false)));
		assert.is_nil(doc.body);
		assert.same({ "from", "id", "kind", "stanza", "to", "type" }, sorted_keys(doc));
	end);

	it("leaves type and id out when the stanza has none", function ()
		local m = load();
		local doc = payload(forward(m, message({ type = false, id = false }, "hi")));
		assert.same({ "body", "from", "kind", "stanza", "to" }, sorted_keys(doc));
	end);

	it("gives iqs and presences no body", function ()
		local m = load({ component_post_stanzas = { "iq", "presence" } });
		local doc = payload(forward(m, iq()));
		assert.same({ "from", "id", "kind", "stanza", "to", "type" }, sorted_keys(doc));
		assert.equal("iq", doc.kind);
		assert.equal("get", doc.type);
		assert.equal("iq1", doc.id);
		doc = payload(forward(m, presence({ type = "probe", id = "p1" })));
		assert.same({ "from", "id", "kind", "stanza", "to", "type" }, sorted_keys(doc));
		assert.equal("presence", doc.kind);
		assert.equal("probe", doc.type);
	end);

	it("takes the sender from the origin when the stanza has no from", function ()
		local m = load();
		local _, req = deliver(m, message({ from = false }), nil, { type = "c2s", host = "localhost", full_jid = "bob@localhost/desk" });
		assert.equal("bob@localhost/desk", payload(req).from);
	end);

	it("makes one request per stanza, each with its own body", function ()
		local m = load();
		forward(m, message({ id = "one" }, "first"));
		forward(m, message({ id = "two" }, "second"));
		assert.equal(2, #m.http_requests);
		assert.equal("first", payload(m.http_requests[1]).body);
		assert.equal("two", payload(m.http_requests[2]).id);
		assert.are_not.equal(m.http_requests[1].body, m.http_requests[2].body);
	end);
end);
