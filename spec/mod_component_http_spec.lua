-- Behaviour of dist/mod_component_http.lua against its contract
-- (/work/shared/spec/mod_component_http.md and
-- docs/mod_component_http/README.md), through the module API mock
-- (spec/helpers/mock_module.lua) and the fake net.http
-- (spec/helpers/fake_http.lua): the compiled file is loaded as a component,
-- stanzas built with the real util.stanza are fired at its hooks, the
-- fake HTTP requests are answered by hand, and what it sends is checked.
--
-- One `describe` per rule of the contract.

local mock = require "mock_module";
local st = require "util.stanza";
local json = require "util.json";
local jid = require "util.jid";
local xml = require "util.xml";
local hashes = require "util.hashes";

-- COMPONENT_HTTP_DIST lets a mutation check run these specs against a modified copy.
local DIST = os.getenv("COMPONENT_HTTP_DIST") or "dist/mod_component_http.lua";
local HOST = "bot.localhost";
local URL = "http://127.0.0.1:8080/bot";
local BOT = "echo@bot.localhost";
local ALICE = "alice@localhost/phone";
local ALICE_BARE = "alice@localhost";
local XMLNS_STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";
local JSON_CT = { ["Content-Type"] = "application/json" };
local DEFAULT_TIMEOUT = 10;
local MAX_ANSWER = 512 * 1024;

-- The mock of the current test, checked for problems after each test.
local current;

-- Load the module as a component. `options` are merged over the defaults
-- (component_post_url = URL); a false value removes an option.
local function load(options)
	local opts = { host = HOST, host_type = "component", options = { component_post_url = URL } };
	for k, v in pairs(options or {}) do
		if v == false then opts.options[k] = nil; else opts.options[k] = v; end
	end
	current = mock.load(DIST, opts);
	return current;
end

-- Remove the log entries of `level` whose message contains `text` (plain),
-- failing when there is none. Returns them.
local function expect_logs(m, level, text)
	local kept, found = {}, {};
	for _, entry in ipairs(m.logs) do
		if entry.level == level and (text == nil or entry.message:find(text, 1, true)) then
			found[#found + 1] = entry;
		else
			kept[#kept + 1] = entry;
		end
	end
	assert(#found > 0, ("expected a %s log containing %q"):format(level, tostring(text)));
	m.logs = kept;
	return found;
end

-- The status changes ("Endpoint failing: ...") are warnings by design:
-- specs of failures expect them, the status specs check them.
local function drop_status_warnings(m)
	local kept = {};
	for _, entry in ipairs(m.logs) do
		if not (entry.level == "warn" and entry.message:find("^Endpoint failing: ")) then
			kept[#kept + 1] = entry;
		end
	end
	m.logs = kept;
end

after_each(function ()
	if current then
		local m = current;
		current = nil;
		drop_status_warnings(m);
		assert.same({}, m.problems(), "no unexpected warning or error logged");
		assert.same({}, m.http.errors, "no error raised in an HTTP callback");
	end
end);


---------------------------------------------------------------------------
-- Stanzas and events
---------------------------------------------------------------------------

-- attrs over defaults; a false value removes an attribute.
local function attrs_over(defaults, attrs)
	local a = {};
	for k, v in pairs(defaults) do a[k] = v; end
	for k, v in pairs(attrs or {}) do
		if v == false then a[k] = nil; else a[k] = v; end
	end
	return a;
end

-- A chat message from ALICE to BOT; `body` false: no body.
local function message(attrs, body)
	local s = st.message(attrs_over({ to = BOT, from = ALICE, type = "chat", id = "m1" }, attrs));
	if body ~= false then s:text_tag("body", body or "hello"); end
	return s;
end

-- An iq get (version query) from ALICE to BOT.
local function iq(attrs)
	local s = st.iq(attrs_over({ to = BOT, from = ALICE, type = "get", id = "iq1" }, attrs));
	if s.attr.type == "get" or s.attr.type == "set" then
		s:tag("query", { xmlns = "jabber:iq:version" }):up();
	end
	return s;
end

local function presence(attrs)
	return st.presence(attrs_over({ to = BOT, from = ALICE }, attrs));
end

-- The event Prosody fires on a component host for a stanza.
local function event_name(stanza)
	local node, _, resource = jid.split(stanza.attr.to);
	local addressing = resource and "full" or node and "bare" or "host";
	return stanza.name .. "/" .. addressing;
end

local ORIGIN = { type = "s2sin", host = "localhost", send = function () end };

-- Fire the stanza at the module; returns the handler's result and the HTTP
-- request it made (nil when none).
local function deliver(m, stanza, origin)
	local before = #m.http_requests;
	local handled = m.fire(event_name(stanza), { origin = origin or ORIGIN, stanza = stanza });
	assert(#m.http_requests <= before + 1, "at most one request per stanza");
	return handled, m.http_requests[before + 1];
end

-- Fire and return the request, which must exist.
local function forward(m, stanza)
	local handled, req = deliver(m, stanza);
	assert.is_true(handled, "the stanza was handled");
	assert.is_table(req, "an HTTP request was made");
	return req;
end

local function answer_json(req, doc, code, headers)
	return req:answer(code or 200, type(doc) == "string" and doc or json.encode(doc), headers or JSON_CT);
end

local function payload(req)
	local doc = json.decode(req.body);
	assert.is_table(doc, "the request body is JSON");
	return doc;
end

local function sorted_keys(t)
	local keys = {};
	for k in pairs(t) do keys[#keys + 1] = k; end
	table.sort(keys);
	return keys;
end

local function tag_names(stanza)
	local names = {};
	for _, child in ipairs(stanza.tags) do names[#names + 1] = child.name; end
	return names;
end

-- Exactly one stanza was sent: an error reply to `original` with this type
-- and condition (one of them when `condition` is a list).
local function assert_error_reply(m, original, etype, condition)
	assert.equal(1, #m.sent, "exactly one stanza sent");
	local reply = m.sent[1];
	assert.equal(original.name, reply.name);
	assert.equal("error", reply.attr.type);
	assert.equal(original.attr.id, reply.attr.id);
	assert.equal(original.attr.from, reply.attr.to);
	assert.equal(original.attr.to, reply.attr.from);
	local error_type, error_condition = reply:get_error();
	local err = reply:get_child("error");
	assert.is_table(err, "an <error/> element");
	assert.equal(etype, error_type, tostring(reply));
	if type(condition) == "table" then
		local allowed = {};
		for _, c in ipairs(condition) do allowed[c] = true; end
		assert.is_true(allowed[error_condition] == true, "condition " .. tostring(error_condition) .. " in " .. tostring(reply));
	else
		assert.equal(condition, error_condition, tostring(reply));
	end
	assert.is_table(err:get_child(error_condition, XMLNS_STANZAS), "condition in the stanzas namespace");
	return reply;
end

-- Exactly one stanza was sent: the message reply; returns it.
local function the_reply(m)
	assert.equal(1, #m.sent, "exactly one stanza sent");
	return m.sent[1];
end

---------------------------------------------------------------------------

describe("mod_component_http loading", function ()
	it("loads as a component without a problem and keeps the status Loaded", function ()
		local m = load();
		assert.equal("component", m.api:get_host_type());
		assert.same({}, m.problems());
		assert.equal("core", m.status.type);
		assert.equal("Loaded", m.status.message);
		assert.equal(0, #m.http_requests);
		assert.equal(0, #m.sent);
	end);
end);

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
		local _, req = deliver(m, message({ from = false }), { type = "c2s", host = "localhost", full_jid = "bob@localhost/desk" });
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

describe("mod_component_http hooks", function ()
	local targets = {
		host = HOST,
		bare = BOT,
		full = BOT .. "/resource",
	};
	local builders = { message = message, presence = presence, iq = iq };
	for _, kind in ipairs({ "message", "presence", "iq" }) do
		for _, addressing in ipairs({ "host", "bare", "full" }) do
			it(("forwards %s/%s when %s is forwarded"):format(kind, addressing, kind), function ()
				local m = load({ component_post_stanzas = { "message", "presence", "iq" } });
				local stanza = builders[kind]({ to = targets[addressing] });
				assert.equal(kind .. "/" .. addressing, event_name(stanza));
				local doc = payload(forward(m, stanza));
				assert.equal(kind, doc.kind);
				assert.equal(targets[addressing], doc.to);
			end);
		end
	end

	it("does not hook kinds that are not forwarded (iq by default)", function ()
		local m = load();
		for _, addressing in ipairs({ "host", "bare", "full" }) do
			local handled = deliver(m, iq({ to = targets[addressing] }));
			assert.is_nil(handled);
		end
		assert.equal(0, #m.http_requests);
		assert.equal(0, #m.sent);
	end);

	it("handles presence itself on every addressing when presence is not forwarded", function ()
		local m = load();
		for _, addressing in ipairs({ "host", "bare", "full" }) do
			local handled = deliver(m, presence({ to = targets[addressing], type = "probe" }));
			assert.is_true(handled);
		end
		assert.equal(0, #m.http_requests);
		assert.equal(3, #m.sent);
	end);
end);

describe("mod_component_http forwarded kinds (component_post_stanzas, post_stanza_types)", function ()
	local function forwards(m, stanza)
		local handled, req = deliver(m, stanza);
		return handled == true and req ~= nil;
	end

	it("forwards messages only by default", function ()
		local m = load();
		assert.is_true(forwards(m, message()));
		assert.is_false(forwards(m, iq()));
		assert.is_false(forwards(m, presence({ type = "probe" })));
		assert.equal(1, #m.http_requests);
	end);

	it("follows component_post_stanzas", function ()
		local m = load({ component_post_stanzas = { "iq" } });
		assert.is_true(forwards(m, iq()));
		assert.is_false(forwards(m, message()));
		assert.is_nil((deliver(m, message())));
	end);

	it("takes component_post_stanzas given as a single string", function ()
		local m = load({ component_post_stanzas = "presence" });
		assert.is_true(forwards(m, presence({ type = "probe" })));
		assert.is_false(forwards(m, message()));
		assert.equal(0, #m.sent, "no default presence answer when presence is forwarded");
	end);

	it("honours the older name post_stanza_types", function ()
		local m = load({ post_stanza_types = { "iq", "presence" } });
		assert.is_true(forwards(m, iq()));
		assert.is_true(forwards(m, presence({ type = "subscribe" })));
		assert.is_false(forwards(m, message()));
	end);

	it("lets component_post_stanzas win over post_stanza_types", function ()
		local m = load({ component_post_stanzas = { "message" }, post_stanza_types = { "iq" } });
		assert.is_true(forwards(m, message()));
		assert.is_false(forwards(m, iq()));
	end);

	it("ignores unknown kinds among known ones, with a warning naming them", function ()
		local m = load({ component_post_stanzas = { "message", "bogus" } });
		expect_logs(m, "warn", "bogus");
		assert.is_true(forwards(m, message()));
		assert.is_false(forwards(m, iq()));
	end);
end);

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
end);

describe("mod_component_http garbage answers", function ()
	local big = '{"body":"' .. string.rep("a", MAX_ANSWER + 100) .. '"}';
	local garbage = {
		{ "empty body", "" },
		{ "truncated JSON", "{" },
		{ "not JSON", "Did you say hello?" },
		{ "JSON array", "[]" },
		{ "array of objects", '[{"body":"x"}]' },
		{ "number", "42" },
		{ "string", '"text"' },
		{ "null", "null" },
		{ "boolean", "true" },
		{ "__hash key (util.json raises)", '{"__hash":5}' },
		{ "deep nesting", string.rep("[", 100000) },
		{ "object as body", '{"body":{"text":"x"}}' },
		{ "boolean body", '{"body":true}' },
		{ "number as to", '{"to":5,"body":"x"}' },
		{ "array as from", '{"from":["bot.localhost"],"body":"x"}' },
		{ "number as type", '{"type":7,"body":"x"}' },
		{ "unknown kind", '{"kind":"bogus"}' },
		{ "number as kind", '{"kind":5}' },
		{ "control character in body", '{"body":"a\\u0000b"}' },
		{ "escape character in body", '{"body":"\\u001b[31m"}' },
		{ "invalid UTF-8 in body", '{"body":"\255\254"}' },
		{ "invalid to", '{"to":"a@b@c","body":"x"}' },
		{ "space in to's domain", '{"to":"bob@local host","body":"x"}' },
		{ "empty from", '{"from":"","body":"x"}' },
		{ "stanza not well-formed", '{"stanza":"<message"}' },
		{ "stanza is text", '{"stanza":"just text"}' },
		{ "empty stanza", '{"stanza":""}' },
		{ "stanza of another element", '{"stanza":"<foo/>"}' },
		{ "stanza in a foreign namespace", [[{"stanza":"<message xmlns='urn:evil'><body>x</body></message>"}]] },
		{ "two stanzas", '{"stanza":"<message/><message/>"}' },
		{ "stanza with an invalid to", [[{"stanza":"<message to='a@b@c'/>"}]] },
		{ "stanza from elsewhere", [[{"stanza":"<message from='evil.example'/>"}]] },
		{ "stanza with a control character", '{"stanza":"<message><body>\\u0001</body></message>"}' },
		{ "number as stanza", '{"stanza":42}' },
		{ "answer larger than 512 KiB", big },
	};

	it("has at least 15 kinds", function ()
		assert.truthy(#garbage >= 15);
	end);

	for _, case in ipairs(garbage) do
		it("answers the sender with exactly one error and logs a warning: " .. case[1], function ()
			local m = load();
			local msg = message();
			local req = forward(m, msg);
			answer_json(req, case[2]);
			assert.is_nil(req.callback_error, "no error in the HTTP callback");
			assert_error_reply(m, msg, "cancel", { "undefined-condition", "internal-server-error" });
			drop_status_warnings(m);
			assert.same({}, m.logs_of("error"), "no error (traceback) logged");
			expect_logs(m, "warn");
			m.advance(DEFAULT_TIMEOUT * 2);
			assert.equal(1, #m.sent, "no second answer after the timeout");
		end);
	end
end);

describe("mod_component_http HTTP status to XMPP error", function ()
	local table_ = {
		{ 400, "modify", "bad-request" },
		{ 401, "auth", "not-authorized" },
		{ 402, "auth", "forbidden" },
		{ 403, "auth", "forbidden" },
		{ 404, "cancel", "item-not-found" },
		{ 410, "cancel", "gone" },
		{ 500, "cancel", "internal-server-error" },
		{ 501, "cancel", "feature-not-implemented" },
		{ 502, "cancel", "remote-server-timeout" },
		{ 503, "wait", "remote-server-timeout" },
		{ 504, "wait", "remote-server-timeout" },
		-- unlisted
		{ 300, "cancel", "service-unavailable" },
		{ 301, "cancel", "service-unavailable" },
		{ 304, "cancel", "service-unavailable" },
		{ 405, "cancel", "service-unavailable" },
		{ 408, "cancel", "service-unavailable" },
		{ 418, "cancel", "service-unavailable" },
		{ 429, "cancel", "service-unavailable" },
		{ 505, "cancel", "service-unavailable" },
		{ 599, "cancel", "service-unavailable" },
	};
	for _, case in ipairs(table_) do
		it(("maps HTTP %d to %s/%s"):format(case[1], case[2], case[3]), function ()
			local m = load();
			local msg = message();
			forward(m, msg):answer(case[1], "Something went wrong", { ["Content-Type"] = "text/plain" });
			assert_error_reply(m, msg, case[2], case[3]);
		end);
	end

	it("ignores a JSON reply in a non-2xx answer", function ()
		local m = load();
		local msg = message();
		answer_json(forward(m, msg), { body = "not a reply" }, 404);
		assert_error_reply(m, msg, "cancel", "item-not-found");
	end);

	it("answers each stanza from its own request's status", function ()
		local m = load();
		local first, second = message({ id = "a" }), message({ id = "b" });
		local r1, r2 = forward(m, first), forward(m, second);
		r2:answer(403, "");
		r1:answer(400, "");
		assert.equal(2, #m.sent);
		assert.equal("b", m.sent[1].attr.id);
		assert.equal("forbidden", select(2, m.sent[1]:get_error()));
		assert.equal("a", m.sent[2].attr.id);
		assert.equal("bad-request", select(2, m.sent[2]:get_error()));
	end);
end);

describe("mod_component_http timeout", function ()
	it("answers cancel/remote-server-timeout after 10 s by default and destroys the request", function ()
		local m = load();
		local msg = message();
		local req = forward(m, msg);
		m.advance(DEFAULT_TIMEOUT - 0.5);
		assert.equal(0, #m.sent, "not before the timeout");
		assert.is_nil(req.destroyed);
		m.advance(1);
		assert_error_reply(m, msg, "cancel", "remote-server-timeout");
		assert.is_true(req.destroyed, "the request was destroyed");
		assert.same({ req }, m.http.destroyed);
	end);

	it("follows component_post_timeout", function ()
		local m = load({ component_post_timeout = 3 });
		local msg = message();
		forward(m, msg);
		m.advance(2.9);
		assert.equal(0, #m.sent);
		m.advance(0.2);
		assert_error_reply(m, msg, "cancel", "remote-server-timeout");
	end);

	it("ignores a late answer: no second reply", function ()
		local m = load();
		local msg = message();
		local req = forward(m, msg);
		local callback = req.callback; -- what net.http would call if the connection were not closed
		m.advance(DEFAULT_TIMEOUT + 1);
		assert_error_reply(m, msg, "cancel", "remote-server-timeout");
		assert.is_false(req:answer(200, '{"body":"too late"}', JSON_CT), "the fake dropped it");
		callback('{"body":"too late"}', 200, { code = 200, body = '{"body":"too late"}', headers = { ["content-type"] = "application/json" } }, req);
		callback("closed", 0, req);
		assert.equal(1, #m.sent, "still exactly one answer");
		assert.equal(1, m.metric_value("webhook_requests", "timeout"));
		assert.is_nil(m.metric_value("webhook_requests", "success"));
	end);

	it("does not fire after an answer", function ()
		local m = load();
		answer_json(forward(m, message()), { body = "in time" });
		m.advance(DEFAULT_TIMEOUT * 3);
		assert.equal(1, #m.sent);
		assert.equal("in time", m.sent[1]:get_child_text("body"));
		assert.same({}, m.http.destroyed);
		assert.same({}, m.pending_timers());
	end);

	it("times each request from its own start", function ()
		local m = load();
		forward(m, message({ id = "a" }));
		m.advance(6);
		forward(m, message({ id = "b" }));
		m.advance(4.5);
		assert.equal(1, #m.sent);
		assert.equal("a", m.sent[1].attr.id);
		m.advance(6);
		assert.equal(2, #m.sent);
		assert.equal("b", m.sent[2].attr.id);
	end);
end);

describe("mod_component_http connection failure", function ()
	it("answers cancel/remote-server-timeout when the endpoint cannot be reached", function ()
		local m = load();
		local msg = message();
		forward(m, msg):fail("connection refused");
		assert_error_reply(m, msg, "cancel", "remote-server-timeout");
		m.advance(DEFAULT_TIMEOUT * 2);
		assert.equal(1, #m.sent, "no timeout error afterwards");
	end);

	it("treats a cancelled request the same way", function ()
		local m = load();
		local msg = message();
		forward(m, msg):cancel();
		assert_error_reply(m, msg, "cancel", "remote-server-timeout");
	end);

	it("treats a URL net.http refuses the same way (no crash)", function ()
		local m = load({ component_post_url = "http://:8080/" });
		local msg = message();
		deliver(m, msg);
		assert_error_reply(m, msg, "cancel", { "remote-server-timeout", "service-unavailable" });
	end);
end);

describe("mod_component_http never answers errors nor iq results", function ()
	local outcomes = {
		{ "a JSON reply", function (req) answer_json(req, { body = "reply" }); end },
		{ "an empty 200 JSON object", function (req) answer_json(req, "{}"); end },
		{ "a stanza reply", function (req) answer_json(req, { stanza = "<message><body>x</body></message>" }); end },
		{ "HTTP 500", function (req) req:answer(500, "boom"); end },
		{ "HTTP 204", function (req) req:answer(204, ""); end },
		{ "invalid JSON", function (req) answer_json(req, "{"); end },
		{ "a refused from", function (req) answer_json(req, { from = "evil.example" }); end },
		{ "a connection failure", function (req) req:fail("refused"); end },
		{ "a timeout", function (_, m) m.advance(DEFAULT_TIMEOUT + 1); end },
	};
	local stanzas = {
		{ "message of type error", function () return st.error_reply(st.message({ from = BOT, to = ALICE, id = "e1" }), "cancel", "item-not-found"); end },
		{ "iq result", function () return iq({ type = "result", id = "r1" }); end },
		{ "iq of type error", function () return st.error_reply(st.iq({ from = BOT, to = ALICE, type = "get", id = "e2" }), "cancel", "service-unavailable"); end },
		{ "presence of type error", function () return presence({ type = "error" }); end },
	};
	for _, s in ipairs(stanzas) do
		for _, outcome in ipairs(outcomes) do
			it(("forwards a %s but sends nothing back after %s"):format(s[1], outcome[1]), function ()
				local m = load({ component_post_stanzas = { "message", "iq", "presence" } });
				local stanza = s[2]();
				assert.truthy(stanza.attr.type == "error" or stanza.attr.type == "result");
				local req = forward(m, stanza);
				outcome[2](req, m);
				assert.same({}, m.sent);
				for _, entry in ipairs(m.logs) do
					if entry.level == "warn" then entry.level = "debug"; end -- invalid answers may be logged
				end
			end);
		end
	end

	it("does not answer an error when the URL is missing", function ()
		local m = load({ component_post_url = false, component_post_stanzas = { "message", "iq" } });
		expect_logs(m, "error", "component_post_url");
		deliver(m, st.error_reply(message(), "cancel", "gone"));
		deliver(m, iq({ type = "result" }));
		assert.same({}, m.sent);
	end);

	it("does not answer an error when the queue is full", function ()
		local m = load({ component_post_max_inflight = 1, component_post_max_queue = 1 });
		forward(m, message({ id = "a" }));
		deliver(m, message({ id = "b" })); -- waits
		deliver(m, st.error_reply(message(), "cancel", "gone"));
		assert.same({}, m.sent);
	end);
end);

describe("mod_component_http iq requests get exactly one answer", function ()
	local function load_iq() return load({ component_post_stanzas = { "message", "iq" } }); end

	local function assert_result(m, original, index)
		local r = m.sent[index or 1];
		assert.equal("iq", r.name);
		assert.equal("result", r.attr.type);
		assert.equal(original.attr.id, r.attr.id);
		assert.equal(original.attr.from, r.attr.to);
		assert.equal(original.attr.to, r.attr.from);
		return r;
	end

	it("sends the endpoint's iq reply as the result, with the request's id and to", function ()
		local m = load_iq();
		local q = iq({ id = "v1" });
		answer_json(forward(m, q), {
			stanza = "<iq type='result' id='other-id' to='someone@example.org'><query xmlns='jabber:iq:version'><name>echo</name></query></iq>",
		});
		assert.equal(1, #m.sent);
		local r = assert_result(m, q);
		assert.equal("echo", r:get_child("query", "jabber:iq:version"):get_child_text("name"));
	end);

	it("builds the result from kind = iq", function ()
		local m = load_iq();
		local q = iq({ id = "v2", type = "set" });
		answer_json(forward(m, q), { kind = "iq" });
		assert.equal(1, #m.sent);
		local r = assert_result(m, q);
		assert.same({}, tag_names(r));
	end);

	it("sends the endpoint's iq error as the answer", function ()
		local m = load_iq();
		local q = iq();
		answer_json(forward(m, q), {
			stanza = "<iq type='error'><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
		});
		assert.equal(1, #m.sent);
		local r = m.sent[1];
		assert.equal("error", r.attr.type);
		assert.equal(q.attr.id, r.attr.id);
		assert.equal(ALICE, r.attr.to);
		assert.equal("item-not-found", select(2, r:get_error()));
	end);

	for _, case in ipairs({ { "204", 204, "", {} }, { "202", 202, "", {} }, { "200 text/plain", 200, "ok", { ["Content-Type"] = "text/plain" } },
		{ "200 without Content-Type", 200, '{"body":"x"}', {} } }) do
		it("answers an empty result when the endpoint accepts without reply: " .. case[1], function ()
			local m = load_iq();
			local q = iq();
			forward(m, q):answer(case[2], case[3], case[4]);
			assert.equal(1, #m.sent);
			assert.same({}, tag_names(assert_result(m, q)));
		end);
	end

	it("sends a message reply and still an empty result", function ()
		local m = load_iq();
		local q = iq();
		answer_json(forward(m, q), { body = "see this instead" });
		assert.equal(2, #m.sent);
		local msg = m.sent[1].name == "message" and m.sent[1] or m.sent[2];
		local result = m.sent[1].name == "iq" and 1 or 2;
		assert.equal("message", msg.name);
		assert.equal("see this instead", msg:get_child_text("body"));
		assert.equal(ALICE, msg.attr.to);
		assert.same({}, tag_names(assert_result(m, q, result)));
	end);

	for _, case in ipairs({ { 500, "cancel", "internal-server-error" }, { 404, "cancel", "item-not-found" }, { 503, "wait", "remote-server-timeout" } }) do
		it("answers an iq error for HTTP " .. case[1], function ()
			local m = load_iq();
			local q = iq();
			forward(m, q):answer(case[1], "");
			assert_error_reply(m, q, case[2], case[3]);
		end);
	end

	for _, body in ipairs({ "{", "[]", "null", '{"stanza":"<foo/>"}', '{"from":"evil.example"}', '{"kind":"bogus"}', '{"body":{}}' }) do
		it("answers exactly one iq error for a garbage answer: " .. body, function ()
			local m = load_iq();
			local q = iq();
			answer_json(forward(m, q), body);
			assert_error_reply(m, q, "cancel", { "undefined-condition", "internal-server-error" });
			expect_logs(m, "warn");
			m.advance(DEFAULT_TIMEOUT * 2);
			assert.equal(1, #m.sent);
		end);
	end

	it("answers exactly one iq error on timeout, even if the answer comes later", function ()
		local m = load_iq();
		local q = iq();
		local req = forward(m, q);
		local callback = req.callback;
		m.advance(DEFAULT_TIMEOUT + 1);
		callback("", 204, { code = 204, body = "", headers = {} }, req);
		assert_error_reply(m, q, "cancel", "remote-server-timeout");
	end);

	it("answers exactly one iq error on connection failure", function ()
		local m = load_iq();
		local q = iq();
		forward(m, q):fail();
		assert_error_reply(m, q, "cancel", "remote-server-timeout");
	end);

	it("answers exactly one iq error when the queue is full", function ()
		local m = load({ component_post_stanzas = { "iq" }, component_post_max_inflight = 1, component_post_max_queue = 1 });
		forward(m, iq({ id = "a" }));
		deliver(m, iq({ id = "b" })); -- waits
		local q = iq({ id = "c" });
		local handled, req = deliver(m, q);
		assert.is_true(handled);
		assert.is_nil(req);
		assert_error_reply(m, q, "wait", "resource-constraint");
	end);
end);

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

describe("mod_component_http signature", function ()
	local SECRET = "s3cret, with ünïcode";

	it("signs the exact body with X-Prosody-Signature: sha256=<hex HMAC-SHA256>", function ()
		local m = load({ component_post_secret = SECRET });
		local req = forward(m, message(nil, "sign me"));
		local expected = "sha256=" .. hashes.hmac_sha256(SECRET, req.body, true);
		assert.equal(expected, req.headers["X-Prosody-Signature"]);
		assert.matches("^sha256=%x+$", req.headers["X-Prosody-Signature"]);
		assert.equal(64 + 7, #req.headers["X-Prosody-Signature"]);
		assert.equal(req.headers["X-Prosody-Signature"], req.headers["X-Prosody-Signature"]:lower());
		assert.are_not.equal("sha256=" .. hashes.hmac_sha256(SECRET, req.body .. " ", true), req.headers["X-Prosody-Signature"]);
		assert.are_not.equal("sha256=" .. hashes.hmac_sha256("other", req.body, true), req.headers["X-Prosody-Signature"]);
	end);

	it("signs every request with its own body", function ()
		local m = load({ component_post_secret = SECRET, component_post_stanzas = { "message", "iq" } });
		local a = forward(m, message(nil, "one"));
		local b = forward(m, iq());
		for _, req in ipairs({ a, b }) do
			assert.equal("sha256=" .. hashes.hmac_sha256(SECRET, req.body, true), req.headers["X-Prosody-Signature"]);
		end
		assert.are_not.equal(a.headers["X-Prosody-Signature"], b.headers["X-Prosody-Signature"]);
	end);

	it("signs queued requests when they start", function ()
		local m = load({ component_post_secret = SECRET, component_post_max_inflight = 1 });
		local first = forward(m, message({ id = "a" }));
		deliver(m, message({ id = "b" }, "queued"));
		first:answer(204, "");
		local second = m.http_requests[2];
		assert.equal("queued", payload(second).body);
		assert.equal("sha256=" .. hashes.hmac_sha256(SECRET, second.body, true), second.headers["X-Prosody-Signature"]);
	end);

	it("sends no signature header without a secret", function ()
		local m = load();
		local req = forward(m, message());
		for name in pairs(req.headers) do
			assert.are_not.equal("x-prosody-signature", name:lower());
			assert.is_nil(name:lower():find("signature", 1, true));
		end
	end);
end);

describe("mod_component_http concurrency", function ()
	it("keeps at most component_post_max_inflight requests open; the others wait and start in order", function ()
		local m = load({ component_post_max_inflight = 2, component_post_max_queue = 5 });
		for i = 1, 4 do deliver(m, message({ id = "m" .. i }, "n" .. i)); end
		assert.equal(2, #m.http_requests);
		assert.same({}, m.sent, "waiting requests are not refused");
		answer_json(m.http_requests[1], { body = "r1" });
		assert.equal(3, #m.http_requests);
		assert.equal("m3", payload(m.http_requests[3]).id);
		m.http_requests[2]:fail();
		assert.equal(4, #m.http_requests);
		assert.equal("m4", payload(m.http_requests[4]).id);
		answer_json(m.http_requests[3], { body = "r3" });
		answer_json(m.http_requests[4], { body = "r4" });
		assert.equal(4, #m.sent);
		assert.equal(4, #m.http_requests);
	end);

	it("refuses at once with wait/resource-constraint beyond the queue", function ()
		local m = load({ component_post_max_inflight = 2, component_post_max_queue = 1 });
		for i = 1, 3 do deliver(m, message({ id = "m" .. i })); end
		assert.same({}, m.sent);
		local overflow = message({ id = "m4" });
		local handled, req = deliver(m, overflow);
		assert.is_true(handled);
		assert.is_nil(req);
		assert_error_reply(m, overflow, "wait", "resource-constraint");
		assert.equal(2, #m.http_requests);
		assert.equal(1, m.metric_value("webhook_requests", "queue-full"));
	end);

	it("frees the slot of a request that timed out", function ()
		local m = load({ component_post_max_inflight = 1 });
		deliver(m, message({ id = "a" }));
		deliver(m, message({ id = "b" }));
		assert.equal(1, #m.http_requests);
		m.advance(DEFAULT_TIMEOUT + 0.1);
		assert.equal(2, #m.http_requests, "the waiting request started");
		assert.equal("b", payload(m.http_requests[2]).id);
		assert.equal(1, #m.sent);
		-- the queued request's timeout runs from its own start
		m.advance(DEFAULT_TIMEOUT - 1);
		assert.equal(1, #m.sent);
		m.advance(2);
		assert.equal(2, #m.sent);
	end);

	it("accepts new requests once the queue drains", function ()
		local m = load({ component_post_max_inflight = 1, component_post_max_queue = 1 });
		deliver(m, message({ id = "a" }));
		deliver(m, message({ id = "b" }));
		deliver(m, message({ id = "c" }));
		assert.equal(1, #m.sent); -- c refused
		m.http_requests[1]:answer(204, "");
		m.http_requests[2]:answer(204, "");
		local _, req = deliver(m, message({ id = "d" }));
		assert.is_table(req);
		assert.equal(1, #m.sent);
	end);

	it("defaults to 100 in flight and 1000 waiting", function ()
		local m = load();
		for i = 1, 1100 do deliver(m, message({ id = "m" .. i })); end
		assert.equal(100, #m.http_requests);
		assert.same({}, m.sent);
		local overflow = message({ id = "overflow" });
		deliver(m, overflow);
		assert_error_reply(m, overflow, "wait", "resource-constraint");
	end);
end);

describe("mod_component_http metrics", function ()
	it("counts requests by outcome", function ()
		local m = load({ component_post_max_inflight = 4, component_post_max_queue = 1 });
		answer_json(forward(m, message()), { body = "ok" });
		forward(m, message()):answer(204, "");
		forward(m, message()):answer(500, "");
		forward(m, message()):fail();
		for _ = 1, 4 do forward(m, message()); end
		deliver(m, message()); -- waits
		deliver(m, message()); -- 4 in flight, 1 waiting: refused
		m.advance(DEFAULT_TIMEOUT + 1);
		assert.equal(2, m.metric_value("webhook_requests", "success"));
		assert.equal(1, m.metric_value("webhook_requests", "http-error"));
		assert.equal(1, m.metric_value("webhook_requests", "connection"));
		assert.equal(4, m.metric_value("webhook_requests", "timeout"));
		assert.equal(1, m.metric_value("webhook_requests", "queue-full"));
		m.advance(DEFAULT_TIMEOUT);
		assert.equal(5, m.metric_value("webhook_requests", "timeout"));
		local rec = m.metrics.webhook_requests;
		assert.equal("counter", rec.type);
		assert.same({ "outcome" }, rec.label_keys);
	end);

	it("samples the latency of every answered request", function ()
		local m = load();
		answer_json(forward(m, message()), { body = "ok" });
		forward(m, message()):answer(404, "");
		forward(m, message()):fail();
		forward(m, message());
		m.advance(DEFAULT_TIMEOUT + 1);
		local rec = m.metrics.webhook_latency;
		assert.is_table(rec);
		assert.equal("histogram", rec.type);
		assert.equal("seconds", rec.unit);
		local samples = {};
		for _, series in pairs(rec.series) do
			for _, v in ipairs(series.samples) do samples[#samples + 1] = v; end
		end
		assert.equal(2, #samples, "one sample per answered request");
		for _, v in ipairs(samples) do
			assert.is_number(v);
			assert.truthy(v >= 0 and v < 5, tostring(v));
		end
	end);
end);

describe("mod_component_http status", function ()
	it("is Connected after a successful request", function ()
		local m = load();
		answer_json(forward(m, message()), { body = "ok" });
		assert.equal("info", m.status.type);
		assert.truthy(m.status.message:find("Connected", 1, true));
	end);

	local failures = {
		{ "a timeout", function (m) forward(m, message()); m.advance(DEFAULT_TIMEOUT + 1); end, "timeout" },
		{ "a connection failure", function (m) forward(m, message()):fail("connection refused"); end, "connection refused" },
		{ "HTTP 503", function (m) forward(m, message()):answer(503, ""); end, "503" },
		{ "HTTP 500", function (m) forward(m, message()):answer(500, ""); end, "500" },
	};
	for _, case in ipairs(failures) do
		it("becomes a warning naming the failure after " .. case[1], function ()
			local m = load();
			case[2](m);
			assert.equal("warn", m.status.type);
			assert.truthy(m.status.message:find(case[3], 1, true), m.status.message);
			expect_logs(m, "warn", case[3]);
		end);
	end

	it("logs the change once, not every failure, and recovers after a success", function ()
		local m = load();
		forward(m, message()):fail();
		forward(m, message()):fail();
		forward(m, message()):answer(502, "");
		assert.equal("warn", m.status.type);
		assert.equal(1, #m.logs_of("warn", "Endpoint failing"));
		forward(m, message()):answer(204, "");
		assert.equal("info", m.status.type);
		assert.truthy(m.status.message:find("Connected", 1, true));
		forward(m, message()):fail();
		assert.equal("warn", m.status.type);
		assert.equal(2, #m.logs_of("warn", "Endpoint failing"));
	end);
end);

describe("mod_component_http without a usable component_post_url", function ()
	local urls = {
		{ "missing", false },
		{ "empty", "" },
		{ "ftp", "ftp://example.com/bot" },
		{ "no scheme", "example.com/bot" },
		{ "javascript", "javascript:alert(1)" },
		{ "scheme only", "http://" },
		{ "one slash", "http:/example.com" },
	};
	for _, case in ipairs(urls) do
		it("sets an error status, logs it, and answers cancel/service-unavailable without HTTP: " .. case[1], function ()
			local m = load({ component_post_url = case[2], component_post_stanzas = { "message", "iq" } });
			assert.equal("error", m.status.type);
			assert.truthy(m.status.message:find("component_post_url", 1, true), m.status.message);
			expect_logs(m, "error", "component_post_url");
			local msg = message();
			assert.is_true((deliver(m, msg)));
			assert_error_reply(m, msg, "cancel", "service-unavailable");
			m.sent = {};
			local q = iq();
			deliver(m, q);
			assert_error_reply(m, q, "cancel", "service-unavailable");
			assert.equal(0, #m.http_requests);
			assert.equal("error", m.status.type, "the status stays an error");
		end);
	end

	it("accepts http and https URLs in any case", function ()
		for _, u in ipairs({ "https://example.com/api", "HTTP://127.0.0.1:8080", "Https://example.com" }) do
			local m = load({ component_post_url = u });
			local req = forward(m, message());
			assert.equal(u, req.url);
			assert.equal("core", m.status.type);
		end
	end);
end);

describe("mod_component_http garbage option values", function ()
	local function works(m, timeout)
		local msg = message();
		forward(m, msg);
		m.advance((timeout or DEFAULT_TIMEOUT) - 0.5);
		assert.equal(0, #m.sent, "not timed out before the default");
		m.advance(1);
		assert_error_reply(m, msg, "cancel", "remote-server-timeout");
		m.sent = {};
		answer_json(forward(m, message()), { body = "still works" });
		assert.equal("still works", the_reply(m):get_child_text("body"));
	end

	for _, value in ipairs({ "x", -1, 0 }) do
		it("falls back to the 10 s timeout, with a warning, for component_post_timeout = " .. tostring(value), function ()
			local m = load({ component_post_timeout = value });
			expect_logs(m, "warn", "component_post_timeout");
			if value == "x" then expect_logs(m, "error", "component_post_timeout"); end
			works(m);
		end);
	end

	-- NaN (a Lua config can say 0/0): the timer would never fire.
	it("falls back to the 10 s timeout, with a warning, for component_post_timeout = 0/0 (NaN)", function ()
		local m = load({ component_post_timeout = 0 / 0 });
		expect_logs(m, "warn", "component_post_timeout");
		works(m);
	end);

	-- NaN: `inflight < NaN` is always false, no request would ever start.
	it("falls back to 100 in flight, with a warning, for component_post_max_inflight = 0/0 (NaN)", function ()
		local m = load({ component_post_max_inflight = 0 / 0 });
		expect_logs(m, "warn", "component_post_max_inflight");
		local _, req = deliver(m, message());
		assert.is_table(req, "a request was started");
	end);

	it("reads component_post_timeout given as a numeric string", function ()
		local m = load({ component_post_timeout = "2" });
		works(m, 2);
	end);

	for _, value in ipairs({ "lots", -3, 0 }) do
		it("falls back to 100 in flight, with a warning, for component_post_max_inflight = " .. tostring(value), function ()
			local m = load({ component_post_max_inflight = value });
			expect_logs(m, "warn", "component_post_max_inflight");
			if value == "lots" then expect_logs(m, "error", "component_post_max_inflight"); end
			for i = 1, 101 do deliver(m, message({ id = "m" .. i })); end
			assert.equal(100, #m.http_requests);
			assert.same({}, m.sent);
		end);
	end

	it("falls back to a queue of 1000, with a warning, for component_post_max_queue = -1", function ()
		local m = load({ component_post_max_inflight = 1, component_post_max_queue = -1 });
		expect_logs(m, "warn", "component_post_max_queue");
		for i = 1, 1001 do deliver(m, message({ id = "m" .. i })); end
		assert.same({}, m.sent);
		deliver(m, message({ id = "overflow" }));
		assert.equal(1, #m.sent);
	end);

	it("falls back to forwarding messages, with a warning, for component_post_stanzas = 42", function ()
		local m = load({ component_post_stanzas = 42 });
		expect_logs(m, "warn");
		works(m);
		assert.is_nil((deliver(m, iq())));
	end);

	it("falls back to forwarding messages, with a warning, for component_post_stanzas = { \"bogus\" }", function ()
		local m = load({ component_post_stanzas = { "bogus" } });
		expect_logs(m, "warn");
		works(m);
	end);

	it("falls back to forwarding messages, with a warning, for post_stanza_types = { 1, 2 }", function ()
		local m = load({ post_stanza_types = { 1, 2 } });
		expect_logs(m, "warn");
		works(m);
	end);

	it("keeps default presence handling whatever component_post_stanzas holds", function ()
		local m = load({ component_post_stanzas = { "bogus" } });
		expect_logs(m, "warn");
		deliver(m, presence({ type = "probe" }));
		assert.equal(1, #m.sent);
		assert.equal(BOT .. "/default", m.sent[1].attr.from);
	end);
end);
