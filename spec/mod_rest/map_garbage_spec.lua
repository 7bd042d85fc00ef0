-- Wrong input never raises: every field of the mapping (top level and
-- nested) given every JSON type, out-of-range numbers, control characters
-- and invalid UTF-8 is either accepted (when the value is valid) or
-- refused with a text naming that field. Unknown fields are ignored.
-- Then random documents, random form fields and random stanzas.

local M = require "mod_rest.map_support";
local json = require "util.json";
local st = require "util.stanza";
local utf8_valid = require "util.encodings".utf8.valid;
local map = M.map;
local unpack = table.unpack or unpack; -- luacheck: ignore 113

local null = json.null;
local function arr(t) return setmetatable(t, getmetatable(json.decode("[]"))); end

-- Every wrong value, described: JSON type, and for strings whether XML takes them.
local VALUES = {};
local function value(v, jtype, extra)
	local d = { v = v, jtype = jtype };
	for k, x in pairs(extra or {}) do d[k] = x; end
	if jtype == "string" then
		d.utf8 = utf8_valid(v);
		d.safe = d.utf8 and not v:find("[%z\1-\8\11\12\14-\31]");
	end
	VALUES[#VALUES + 1] = d;
end
value("x", "string");
value("", "string");
value("away", "string");
value("<body/>", "string");
value(("long "):rep(2000), "string");
value("a\1b", "string");
value("nul\0", "string");
value("\27[31m", "string");
value("\255\254", "string");
value("caf\195", "string");
value("\237\160\128", "string"); -- a UTF-16 surrogate in UTF-8
for _, n in ipairs({ 0, 5, -1, 127, 128, -129, 1.5, -0.5, 1e300, -1e300, 2^53, 2^63 }) do value(n, "number"); end
value(true, "boolean");
value(false, "boolean");
value(null, "null");
value(arr({}), "array", { empty = true });
value(arr({ 1 }), "array");
value(arr({ "a", "b" }), "array");
value({}, "object", { empty = true });
value({ a = 1 }, "object");
value({ node = 5 }, "object", { badnode = true });

local function is_int(d, min, max)
	return d.jtype == "number" and d.v == math.floor(d.v) and d.v >= min and d.v <= max;
end
local function text(d) return d.jtype == "string" and d.safe; end
local function object(d) return d.jtype == "object"; end
local function never() return false; end
local function one_of(...)
	local set = {};
	for _, w in ipairs({ ... }) do set[w] = true; end
	return function (d) return d.jtype == "string" and set[d.v] == true; end
end

-- Each field: its path in error texts, a valid document to plant values in
-- (`set` puts the value at the path), and which of VALUES are valid there.
local FIELDS = {};
local function field(path, base, set, accepts)
	FIELDS[#FIELDS + 1] = { path = path, base = base, set = set, accepts = accepts };
end
local function top(name, kind, accepts)
	field(name, function () return { kind = kind }; end, function (doc, v) doc[name] = v; end, accepts);
end
local function nested(parent, name, kind, base_value, accepts)
	field(parent .. "." .. name, function () return { kind = kind, [parent] = base_value() }; end,
		function (doc, v) doc[parent][name] = v; end, accepts);
end

field("kind", function () return {}; end, function (doc, v) doc.kind = v; end, one_of("message", "presence", "iq"));
for kind, words in pairs({ message = { "normal", "chat", "headline", "groupchat", "error" },
	presence = { "available", "unavailable", "subscribe", "subscribed", "unsubscribe", "unsubscribed", "probe", "error" },
	iq = { "get", "set", "result", "error" } }) do
	field("type", function () return { kind = kind }; end, function (doc, v) doc.type = v; end, one_of(unpack(words)));
end
for _, name in ipairs({ "to", "from", "id", "lang" }) do top(name, "message", text); end

top("error", "message", object);
local function error_base() return {}; end
nested("error", "type", "message", error_base, one_of("cancel", "continue", "modify", "auth", "wait"));
nested("error", "condition", "message", error_base, one_of("bad-request", "conflict", "item-not-found"));
nested("error", "text", "message", error_base, text);
nested("error", "by", "message", error_base, text);

for _, name in ipairs({ "body", "subject" }) do top(name, "message", text); end
top("thread", "message", function (d) return text(d) or object(d); end);
nested("thread", "id", "message", function () return {}; end, text);
nested("thread", "parent", "message", function () return { id = "t" }; end, text);
top("html", "message", one_of("<body/>"));
top("oob", "message", object);
nested("oob", "url", "message", function () return {}; end, text);
nested("oob", "desc", "message", function () return { url = "u" }; end, text);
top("oob_url", "message", text);

top("show", "presence", one_of("away", "chat", "dnd", "xa"));
top("status", "presence", text);
top("priority", "presence", function (d) return is_int(d, -128, 127); end);

top("ping", "iq", function (d) return d.v == true; end);
top("version", "iq", function (d) return d.v == true or object(d); end);
for _, name in ipairs({ "name", "version", "os" }) do nested("version", name, "iq", function () return {}; end, text); end
top("disco", "iq", function (d) return d.v == true or text(d) or (object(d) and not d.badnode); end);
nested("disco", "node", "iq", function () return {}; end, text);
nested("disco", "identities", "iq", function () return {}; end, function (d) return d.jtype == "array" and d.empty; end);
nested("disco", "features", "iq", function () return {}; end, function (d)
	return d.jtype == "array" and (d.empty or d.v[1] == "a");
end);
field("disco.identities[0]", function () return { kind = "iq", disco = { identities = { { category = "c", type = "t" } } } }; end,
	function (doc, v) doc.disco.identities[1] = v; end, never);
for _, name in ipairs({ "category", "type", "name" }) do
	field("disco.identities[0]." .. name, function () return { kind = "iq", disco = { identities = { { category = "c", type = "t" } } } }; end,
		function (doc, v) doc.disco.identities[1][name] = v; end, text);
end
field("disco.features[1]", function () return { kind = "iq", disco = { features = { "a", "b" } } }; end,
	function (doc, v) doc.disco.features[2] = v; end, text);
top("items", "iq", function (d)
	return d.v == true or text(d) or (object(d) and not d.badnode) or (d.jtype == "array" and (d.empty or d.v[1] == "a"));
end);
field("items[0]", function () return { kind = "iq", items = { { jid = "j" } } }; end, function (doc, v) doc.items[1] = v; end, text);
for _, name in ipairs({ "jid", "node", "name" }) do
	field("items[0]." .. name, function () return { kind = "iq", items = { { jid = "j" } } }; end,
		function (doc, v) doc.items[1][name] = v; end, text);
end
top("lastactivity", "iq", function (d) return d.v == true or object(d); end);
nested("lastactivity", "seconds", "iq", function () return {}; end, function (d) return is_int(d, 0, 2^53 - 1); end);
nested("lastactivity", "status", "iq", function () return {}; end, text);

for _, kind in ipairs({ "message", "presence", "iq" }) do
	top("payload", kind, never);
	nested("payload", "datatype", kind, function () return { data = 1 }; end, text);
	nested("payload", "data", kind, function () return {}; end, function (d) return d.jtype ~= "string" or d.utf8; end);
end

local function describe_value(d)
	if d.jtype == "string" then return ("%q"):format(#d.v > 20 and d.v:sub(1, 20) .. "..." or d.v); end
	if d.jtype == "array" or d.jtype == "object" then return d.jtype .. " " .. json.encode(d.v); end
	return d.jtype .. " " .. tostring(d.v);
end

local function names_field(err, path)
	local after = err:sub(#path + 1, #path + 1);
	return err:sub(1, #path) == path and (after == ":" or after == "." or after == "[");
end

describe("mod_rest map: garbage in every field", function ()
	local count = 0;
	for _, f in ipairs(FIELDS) do
		for _, d in ipairs(VALUES) do
			count = count + 1;
			local kind = f.base().kind or "?";
			it(("%s (%s) = %s"):format(f.path, kind, describe_value(d)), function ()
				local doc = f.base();
				f.set(doc, d.v);
				local ok, stanza, err = pcall(map.jsonToStanza, doc);
				assert(ok, "raised: " .. tostring(stanza));
				if f.accepts(d) then
					assert(stanza, "refused: " .. tostring(err));
					assert.is_true(st.is_stanza(stanza));
				else
					assert.is_nil(stanza);
					assert.is_string(err);
					assert(names_field(err, f.path), ("%q does not name %s"):format(err, f.path));
				end
			end);
		end
	end
	it("covers every field x every value", function ()
		assert.equal(#FIELDS * #VALUES, count);
		assert.is_true(count > 1500);
	end);
	it("covers every field of the registry", function ()
		local seen = {};
		for _, f in ipairs(FIELDS) do seen[f.path:match("^[%w_]+")] = true; end
		for _, mapper in ipairs(map.fieldMappers()) do
			assert(seen[mapper.name], mapper.name .. " has no garbage cases");
		end
	end);
end);

-- A fixed-seed pseudo-random generator (the same cases on every run and interpreter).
local function generator(seed)
	local state = seed;
	return function (n)
		state = (state * 1103515245 + 12345) % 2147483648;
		return state % n + 1;
	end
end

local function random_value(rand, depth)
	local pick = rand(depth > 2 and 6 or 8);
	if pick == 1 then return VALUES[rand(#VALUES)].v; end
	if pick == 2 then return true; end
	if pick == 3 then return ({ "away", "chat", "get", "result", "x", "", "\255", "<body/>", "n" })[rand(9)]; end
	if pick == 4 then return ({ 0, 1, -1, 127, 300, 0.5 })[rand(6)]; end
	if pick == 5 then return null; end
	if pick == 6 then return false; end
	local t = pick == 7 and arr({}) or {};
	for i = 1, rand(4) - 1 do
		if pick == 7 then
			t[i] = random_value(rand, depth + 1);
		else
			t[({ "id", "parent", "url", "desc", "jid", "node", "name", "category", "type", "seconds", "status",
				"data", "datatype", "identities", "features", "condition", "text", "by", "version", "os" })[rand(20)]]
				= random_value(rand, depth + 1);
		end
	end
	return t;
end

describe("mod_rest map: random documents", function ()
	local names = { "kind", "type", "to", "from", "id", "lang", "unknown" };
	for _, mapper in ipairs(map.fieldMappers()) do names[#names + 1] = mapper.name; end

	it("never raise, and every refusal names a field of the document", function ()
		local rand = generator(7);
		local accepted, refused = 0, 0;
		for _ = 1, 3000 do
			local doc = {};
			for _ = 1, rand(4) do
				local name = names[rand(#names)];
				doc[name] = random_value(rand, 0);
			end
			if rand(3) == 1 then doc.kind = ({ "message", "presence", "iq" })[rand(3)]; end
			local ok, stanza, err = pcall(map.jsonToStanza, doc);
			assert(ok, "raised: " .. tostring(stanza));
			if stanza then
				accepted = accepted + 1;
				local back = map.stanzaToJson(stanza);
				assert(map.jsonToStanza(back), "the JSON of an accepted document maps back: " .. M.encode(back));
			else
				refused = refused + 1;
				local name = err:match("^[%w_]+");
				assert(doc[name] ~= nil, ("%q names no field of %s"):format(err, json.encode(doc)));
			end
		end
		assert.is_true(accepted > 100 and refused > 100);
	end);
end);

describe("mod_rest map: random form fields", function ()
	local names = { "kind", "type", "to", "from", "id", "lang", "error", "unknown", "" };
	for _, mapper in ipairs(map.fieldMappers()) do names[#names + 1] = mapper.name; end
	local texts = { "", "x", "away", "5", "-129", "1.5", "true", "\255", "a\0b", "<body/>", "get", "presence", "iq" };

	it("never raise, and every refusal names a field", function ()
		local rand = generator(11);
		for _ = 1, 3000 do
			local form = {};
			for _ = 1, rand(5) do form[names[rand(#names)]] = texts[rand(#texts)]; end
			local ok, doc, err = pcall(map.formToJson, form);
			assert(ok, "formToJson raised: " .. tostring(doc));
			if doc then
				local ok2, stanza, err2 = pcall(map.jsonToStanza, doc);
				assert(ok2, "jsonToStanza raised: " .. tostring(stanza));
				if stanza then
					local ok3, back = pcall(map.jsonToForm, map.stanzaToJson(stanza));
					assert(ok3, "jsonToForm raised: " .. tostring(back));
				else
					assert(form[err2:match("^[%w_]+")] ~= nil, err2);
				end
			else
				assert(form[err:match("^[%w_]+")] ~= nil, err);
			end
		end
	end);
end);

describe("mod_rest map: random stanzas", function ()
	-- Covered elements with odd content: XML -> JSON never raises, and its JSON always maps back.
	local PIECES = {
		"<body>b</body>", "<body/>", "<body><x/></body>", "<subject>s</subject>", "<thread/>", "<thread parent='p'/>",
		"<thread>t<x/></thread>", "<html xmlns='http://jabber.org/protocol/xhtml-im'><body xmlns='http://www.w3.org/1999/xhtml'>"
			.. "<p xmlns:q='urn:q' q:a='1'>x</p></body><foo/></html>",
		"<html xmlns='http://jabber.org/protocol/xhtml-im'>text</html>",
		"<x xmlns='jabber:x:oob'/>", "<x xmlns='jabber:x:oob'><url><b/></url></x>", "<show>sometimes</show>", "<show>xa</show>",
		"<status/>", "<priority>400</priority>", "<priority>-1</priority>", "<ping xmlns='urn:xmpp:ping'><x/></ping>",
		"<query xmlns='jabber:iq:version'><name><b/></name></query>", "<query xmlns='jabber:iq:version'>text</query>",
		"<query xmlns='http://jabber.org/protocol/disco#info'><identity/><feature/><x/></query>",
		"<query xmlns='http://jabber.org/protocol/disco#info' node=''/>",
		"<query xmlns='http://jabber.org/protocol/disco#items'><item/><item node='n'/><item jid='j'><item jid='nested'/></item></query>",
		"<query xmlns='jabber:iq:last' seconds='-5'/>", "<query xmlns='jabber:iq:last' seconds='99999999999999999999'>s</query>",
		"<query xmlns='jabber:iq:last'><x/></query>",
		"<payload xmlns='urn:xmpp:json-msg:0'>{\"a\":1}</payload>", "<payload xmlns='urn:xmpp:json-msg:0'>{</payload>",
		"<error type='bogus'><x xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>",
		"<error/>", "<error type='auth'><forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>",
	};
	local TOPS = { { "message", "chat" }, { "message", "error" }, { "message" }, { "presence" }, { "presence", "error" },
		{ "presence", "unavailable" }, { "iq", "get" }, { "iq", "result" }, { "iq", "error" } };

	it("map to JSON that maps back", function ()
		local rand = generator(5);
		for _ = 1, 2000 do
			local top_ = TOPS[rand(#TOPS)];
			local parts = {};
			for i = 1, rand(4) do parts[i] = PIECES[rand(#PIECES)]; end
			local text = ("<%s xmlns='jabber:client' id='r'%s>%s</%s>"):format(top_[1],
				top_[2] and (" type='" .. top_[2] .. "'") or "", table.concat(parts), top_[1]);
			local ok, doc = pcall(map.stanzaToJson, M.xml(text));
			assert(ok, "stanzaToJson raised: " .. tostring(doc));
			local stanza, err = map.jsonToStanza(doc);
			assert(stanza, ("%s -> %s refused: %s"):format(text, M.encode(doc), tostring(err)));
			assert.equal(M.encode(doc), M.encode(map.stanzaToJson(stanza)));
		end
	end);
end);
