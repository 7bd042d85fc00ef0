-- Fields of any kind: nick (XEP-0172), delay (XEP-0203), rsm (XEP-0059),
-- and the rsm helpers exported for payloads that nest a set. Each: XML ->
-- JSON, JSON -> XML, both round trips, wrong values named, and what the
-- shape cannot hold left in `unmapped` intact.

local M = require "mod_rest.map_support";
local json = require "util.json";
local map = M.map;

local NICK = "http://jabber.org/protocol/nick";
local DELAY = "urn:xmpp:delay";
local RSM = "http://jabber.org/protocol/rsm";

-- XML -> JSON -> XML is the same stanza, and its JSON maps to the same JSON again.
local function round_trip(text)
	local doc = M.to_json(text);
	M.assert_xml(M.to_stanza(doc), text);
	assert.equal(M.encode(doc), M.encode(map.stanzaToJson(M.to_stanza(doc))));
	return doc;
end

-- JSON -> XML -> JSON gives the same document.
local function json_round_trip(doc)
	local back = map.stanzaToJson(M.to_stanza(doc));
	back.unmapped = nil;
	assert.equal(M.encode(doc), M.encode(back));
end

local function assert_unmapped(text, field)
	local doc = M.to_json(text);
	assert.is_nil(doc[field]);
	assert.equal(1, #doc.unmapped);
	M.assert_xml(M.to_stanza(doc), text);
end

describe("mod_rest map: nick", function ()
	it("maps the nickname both ways, in every kind", function ()
		for _, kind in ipairs({ "message", "presence", "iq" }) do
			local text = ("<%s type='%s'><nick xmlns='%s'>Ishmael</nick></%s>"):format(kind,
				kind == "iq" and "set" or kind == "presence" and "subscribe" or "chat", NICK, kind);
			local doc = round_trip(text);
			assert.equal("Ishmael", doc.nick);
			assert.equal(kind, doc.kind);
		end
	end);
	it("writes <nick/> from JSON, and keeps an empty one", function ()
		M.assert_xml(M.to_stanza({ kind = "presence", type = "subscribe", nick = "Juliet" }),
			("<presence type='subscribe'><nick xmlns='%s'>Juliet</nick></presence>"):format(NICK));
		assert.equal("", round_trip(("<message><nick xmlns='%s'/></message>"):format(NICK)).nick);
		json_round_trip({ kind = "message", type = "normal", nick = "ünï ✓" });
	end);
	it("implies no kind", function ()
		assert.equal("message", M.to_stanza({ nick = "n" }).name);
	end);
	it("leaves a nick with an attribute or a child unmapped", function ()
		assert_unmapped(("<message><nick xmlns='%s' extra='1'>n</nick></message>"):format(NICK), "nick");
		assert_unmapped(("<message><nick xmlns='%s'>n<b/></nick></message>"):format(NICK), "nick");
	end);
	it("names the field on wrong values", function ()
		assert.equal("nick: expected a string, got a number", M.refused({ nick = 5 }));
		assert.matches("^nick: invalid UTF%-8", M.refused({ nick = "a\1" }));
	end);
	it("is a plain text in forms", function ()
		local doc = assert(map.formToJson({ kind = "presence", nick = "N" }));
		assert.equal("N", doc.nick);
		assert.equal("N", map.jsonToForm(doc).nick);
	end);
end);

describe("mod_rest map: delay", function ()
	it("maps a bare stamp as the text (the community shape)", function ()
		local doc = round_trip(("<message><body>hi</body><delay xmlns='%s' stamp='2002-09-10T23:08:25Z'/></message>"):format(DELAY));
		assert.equal("2002-09-10T23:08:25Z", doc.delay);
	end);
	it("maps from and the reason as {stamp, from, text}", function ()
		local doc = round_trip(("<message><delay xmlns='%s' from='capulet.com' stamp='2002-09-10T23:08:25Z'>Offline Storage</delay></message>")
			:format(DELAY));
		assert.same({ stamp = "2002-09-10T23:08:25Z", from = "capulet.com", text = "Offline Storage" }, doc.delay);
		doc = round_trip(("<presence><delay xmlns='%s' stamp='2002-09-10T23:08:25.123+02:00' from=''/></presence>"):format(DELAY));
		assert.same({ stamp = "2002-09-10T23:08:25.123+02:00", from = "" }, doc.delay);
		doc = round_trip(("<iq type='result' id='1'><delay xmlns='%s' stamp='2002-09-10T23:08:25Z'>why</delay></iq>"):format(DELAY));
		assert.same({ stamp = "2002-09-10T23:08:25Z", text = "why" }, doc.delay);
	end);
	it("writes the element from JSON; {stamp} alone comes back as the text", function ()
		M.assert_xml(M.to_stanza({ delay = "2024-02-29T00:00:00-05:30" }),
			("<message><delay xmlns='%s' stamp='2024-02-29T00:00:00-05:30'/></message>"):format(DELAY));
		json_round_trip({ kind = "message", type = "normal", delay = { stamp = "2002-09-10T23:08:25Z", from = "a@b", text = "t" } });
		assert.equal("2002-09-10T23:08:25Z", map.stanzaToJson(M.to_stanza({ delay = { stamp = "2002-09-10T23:08:25Z" } })).delay);
	end);
	it("leaves a delay it cannot give back unmapped", function ()
		for _, inner in ipairs({
			"stamp='2002-09-10T23:08:25Z' extra='x'", -- unknown attribute
			"from='a'", -- no stamp
			"stamp='yesterday'", "stamp='2002-02-30T00:00:00Z'", "stamp='2002-09-10T23:08:25'", -- not a DateTime
			"stamp='2002-09-10 23:08:25Z'", "stamp='2002-09-10T24:00:00Z'", "stamp='2002-09-10T23:08:25+25:00'",
		}) do
			assert_unmapped(("<message><delay xmlns='%s' %s/></message>"):format(DELAY, inner), "delay");
		end
		assert_unmapped(("<message><delay xmlns='%s' stamp='2002-09-10T23:08:25Z'><x/></delay></message>"):format(DELAY), "delay");
	end);
	it("checks the calendar: 29 February in leap years only", function ()
		assert.is_string(M.to_json(("<message><delay xmlns='%s' stamp='2000-02-29T00:00:00Z'/></message>"):format(DELAY)).delay);
		assert.is_nil(M.to_json(("<message><delay xmlns='%s' stamp='1900-02-29T00:00:00Z'/></message>"):format(DELAY)).delay);
		assert.is_nil(M.to_json(("<message><delay xmlns='%s' stamp='2023-04-31T00:00:00Z'/></message>"):format(DELAY)).delay);
	end);
	it("names the field on wrong values", function ()
		assert.matches("^delay: expected an XEP%-0082 date%-time", M.refused({ delay = "2002-09-10" }));
		assert.matches("^delay: expected an XEP%-0082 date%-time", M.refused({ delay = "2002-13-10T00:00:00Z" }));
		assert.matches("^delay: expected ", M.refused({ delay = 5 }));
		assert.matches("^delay%.stamp: expected an XEP%-0082", M.refused({ delay = { stamp = "x" } }));
		assert.matches("^delay%.stamp: expected ", M.refused({ delay = { from = "a" } }));
		assert.equal("delay.from: expected a string, got a boolean", M.refused({ delay = { stamp = "2002-09-10T23:08:25Z", from = true } }));
		assert.equal("delay.text: expected a non-empty text", M.refused({ delay = { stamp = "2002-09-10T23:08:25Z", text = "" } }));
	end);
	it("publishes a date-time pattern in its schema", function ()
		local schema = M.field("anykind_delay").delay.shape.schema;
		assert.equal("date-time", schema.anyOf[1].format);
		assert.is_string(schema.anyOf[1].pattern);
		assert.same({ "stamp" }, schema.anyOf[2].required);
	end);
	it("is the stamp in forms", function ()
		local doc = assert(map.formToJson({ delay = "2002-09-10T23:08:25Z" }));
		assert.equal("2002-09-10T23:08:25Z", map.jsonToForm(doc).delay);
		assert.matches("^delay:", M.refused(assert(map.formToJson({ delay = "soon" }))));
	end);
end);

describe("mod_rest map: rsm", function ()
	it("maps a request and a result set both ways", function ()
		local doc = round_trip(("<message><set xmlns='%s'><max>10</max><after>peterpan@neverland.lit</after></set></message>"):format(RSM));
		assert.same({ max = 10, after = "peterpan@neverland.lit" }, doc.rsm);
		doc = round_trip(("<message><set xmlns='%s'><max>10</max><before/></set></message>"):format(RSM));
		assert.same({ max = 10, before = "" }, doc.rsm);
		doc = round_trip(("<message><set xmlns='%s'><max>10</max><index>371</index></set></message>"):format(RSM));
		assert.same({ max = 10, index = 371 }, doc.rsm);
		doc = round_trip(("<iq type='result' id='1'><set xmlns='%s'><first index='10'>peter@pixyland.org</first>"
			.. "<last>peter@rabbit.lit</last><count>800</count></set></iq>"):format(RSM));
		assert.same({ first = { id = "peter@pixyland.org", index = 10 }, last = "peter@rabbit.lit", count = 800 }, doc.rsm);
		doc = round_trip(("<presence><set xmlns='%s'><first>a</first><count>0</count></set></presence>"):format(RSM));
		assert.same({ first = "a", count = 0 }, doc.rsm);
		assert.equal("{}", json.encode(round_trip(("<message><set xmlns='%s'/></message>"):format(RSM)).rsm));
	end);
	it("writes integers as integers and children in XEP-0059 order", function ()
		M.assert_xml(M.to_stanza({ rsm = { count = 3, last = "l", first = { index = 0, id = "f" }, index = 2, before = "b", after = "a", max = 5 } }),
			("<message><set xmlns='%s'><max>5</max><after>a</after><before>b</before><index>2</index>"
				.. "<first index='0'>f</first><last>l</last><count>3</count></set></message>"):format(RSM));
		json_round_trip({ kind = "iq", type = "get", id = "1", rsm = { max = 2147483647, before = "" } });
	end);
	it("keeps another order of the children (Prosody writes table order) as `order`", function ()
		local doc = round_trip(("<iq type='result' id='1'><set xmlns='%s'><last>l</last><first>f</first><count>5</count></set></iq>"):format(RSM));
		assert.same({ "last", "first", "count" }, doc.rsm.order);
		assert.is_nil(round_trip(("<iq type='result' id='1'><set xmlns='%s'><first>f</first><last>l</last></set></iq>"):format(RSM)).rsm.order);
	end);
	it("leaves a set it cannot give back unmapped", function ()
		for _, inner in ipairs({
			"<max>1</max><max>2</max>", -- repeated
			"<max>05</max>", "<max>+5</max>", "<max>-1</max>", "<max>1.5</max>", "<count>2147483648</count>", -- not an xs:int as written back
			"<first index='x'>a</first>", "<first index='1' extra='2'>a</first>", "<last><b/></last>",
			"<unknown/>", "<max xmlns='urn:other'>1</max>", "text",
		}) do
			assert_unmapped(("<message><set xmlns='%s'>%s</set></message>"):format(RSM, inner), "rsm");
		end
		assert_unmapped(("<message><set xmlns='%s' a='1'/></message>"):format(RSM), "rsm");
	end);
	it("names the subfield on wrong values", function ()
		assert.equal("rsm: expected an object, got a string", M.refused({ rsm = "x" }));
		assert.equal("rsm.max: expected an integer from 0 to 2147483647, got -1", M.refused({ rsm = { max = -1 } }));
		assert.equal("rsm.count: expected an integer from 0 to 2147483647, got 1.5", M.refused({ rsm = { count = 1.5 } }));
		assert.equal("rsm.after: expected a string, got a number", M.refused({ rsm = { after = 1 } }));
		assert.equal("rsm.first.index: expected an integer from 0 to 2147483647, got a string",
			M.refused({ rsm = { first = { id = "a", index = "0" } } }));
		assert.matches("^rsm%.first%.index: expected", M.refused({ rsm = { first = { id = "a" } } }));
		assert.matches("^rsm%.first: expected", M.refused({ rsm = { first = 5 } }));
	end);
	it("is refused in forms, naming the field", function ()
		local doc, err = map.formToJson({ rsm = "x" });
		assert.is_nil(doc);
		assert.matches("^rsm:", err);
		assert.is_nil(map.jsonToForm({ kind = "message", rsm = { max = 1 } }).rsm);
	end);

	describe("helpers for sets inside payloads", function ()
		local rsm = M.field("rsm");
		it("rsmToJson reads a set element", function ()
			local set = M.xml(("<set xmlns='%s'><first index='0'>a</first><last>b</last></set>"):format(RSM));
			assert.same({ first = { id = "a", index = 0 }, last = "b" }, rsm.rsmToJson(set));
			assert.is_nil(rsm.rsmToJson(M.xml(("<set xmlns='%s'><x/></set>"):format(RSM))));
		end);
		it("rsmFromJson writes one, or names the path it was given", function ()
			local st = require "util.stanza";
			local query = st.stanza("query", { xmlns = "urn:xmpp:mam:2" });
			assert.is_nil(rsm.rsmFromJson(query, { max = 10, before = "" }));
			M.assert_xml(query, ("<query xmlns='urn:xmpp:mam:2'><set xmlns='%s'><max>10</max><before/></set></query>"):format(RSM));
			assert.equal("archive.page.max: expected an integer from 0 to 2147483647, got a string",
				rsm.rsmFromJson(query, { max = "10" }, "archive.page"));
			assert.is_table(rsm.rsmShape.schema.properties.max);
		end);
	end);
end);
