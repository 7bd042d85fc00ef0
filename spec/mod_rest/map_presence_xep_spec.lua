-- Presence payloads of XEPs: caps (XEP-0115), idle_since (XEP-0319), muc
-- and join (XEP-0045), vcard_update (XEP-0153). Each implies kind
-- presence; each maps both ways, exactly, and what its shape cannot hold
-- stays in `unmapped` intact.

local M = require "mod_rest.map_support";
local json = require "util.json";
local map = M.map;

local CAPS = "http://jabber.org/protocol/caps";
local IDLE = "urn:xmpp:idle:1";
local MUC = "http://jabber.org/protocol/muc";
local VCARD = "vcard-temp:x:update";

local function presence(inner) return "<presence>" .. inner .. "</presence>"; end

local function round_trip(text)
	local doc = M.to_json(text);
	M.assert_xml(M.to_stanza(doc), text);
	assert.equal(M.encode(doc), M.encode(map.stanzaToJson(M.to_stanza(doc))));
	return doc;
end

local function json_round_trip(doc)
	local back = map.stanzaToJson(M.to_stanza(doc));
	assert.equal(M.encode(doc), M.encode(back));
end

local function assert_unmapped(text, ...)
	local doc = M.to_json(text);
	for _, field in ipairs({ ... }) do assert.is_nil(doc[field], field); end
	assert.equal(1, #doc.unmapped);
	M.assert_xml(M.to_stanza(doc), text);
end

describe("mod_rest map: caps", function ()
	it("maps the attributes both ways", function ()
		local doc = round_trip(presence(("<c xmlns='%s' hash='sha-1' node='http://code.google.com/p/exodus' ver='QgayPKawpkPSDYmwT/WM94uAlu0='/>")
			:format(CAPS)));
		assert.same({ hash = "sha-1", node = "http://code.google.com/p/exodus", ver = "QgayPKawpkPSDYmwT/WM94uAlu0=" }, doc.caps);
		doc = round_trip(presence(("<c xmlns='%s' ext='ftrans xhtml' node='n' ver='0.9.1'/>"):format(CAPS)));
		assert.same({ ext = "ftrans xhtml", node = "n", ver = "0.9.1" }, doc.caps);
		json_round_trip({ kind = "presence", type = "available", caps = { ver = "v", hash = "sha-256", node = "n" } });
	end);
	it("implies kind presence", function ()
		assert.equal("presence", M.to_stanza({ caps = { ver = "v" } }).name);
	end);
	it("leaves a <c/> with content or another attribute unmapped", function ()
		assert_unmapped(presence(("<c xmlns='%s' ver='v' other='o'/>"):format(CAPS)), "caps");
		assert_unmapped(presence(("<c xmlns='%s' ver='v'><x/></c>"):format(CAPS)), "caps");
		assert_unmapped(presence(("<c xmlns='%s' ver='v'>t</c>"):format(CAPS)), "caps");
	end);
	it("names the subfield on wrong values, and refuses forms", function ()
		assert.equal("caps: expected an object, got a string", M.refused({ caps = "v" }));
		assert.equal("caps.ver: expected a string, got a number", M.refused({ caps = { ver = 1 } }));
		assert.equal("caps.hash: expected a string, got an array", M.refused({ caps = { hash = json.decode("[1]") } }));
		local doc, err = map.formToJson({ caps = "x" });
		assert.is_nil(doc);
		assert.matches("^caps:", err);
	end);
end);

describe("mod_rest map: idle_since", function ()
	it("maps the stamp both ways", function ()
		local doc = round_trip(presence(("<show>away</show><idle xmlns='%s' since='1969-07-21T02:56:15Z'/>"):format(IDLE)));
		assert.equal("1969-07-21T02:56:15Z", doc.idle_since);
		assert.equal("presence", M.to_stanza({ idle_since = "2024-01-01T00:00:00.000+01:00" }).name);
		json_round_trip({ kind = "presence", type = "available", idle_since = "2024-01-01T00:00:00.000+01:00" });
	end);
	it("leaves an idle it cannot give back unmapped", function ()
		assert_unmapped(presence(("<idle xmlns='%s'/>"):format(IDLE)), "idle_since");
		assert_unmapped(presence(("<idle xmlns='%s' since='later'/>"):format(IDLE)), "idle_since");
		assert_unmapped(presence(("<idle xmlns='%s' since='1969-07-21T02:56:15Z' x='1'/>"):format(IDLE)), "idle_since");
		assert_unmapped(presence(("<idle xmlns='%s' since='1969-07-21T02:56:15Z'><x/></idle>"):format(IDLE)), "idle_since");
	end);
	it("names the field on wrong values; the stamp in forms", function ()
		assert.matches("^idle_since: expected an XEP%-0082 date%-time", M.refused({ idle_since = "1969-07-21" }));
		assert.equal("idle_since: expected a string, got a boolean", M.refused({ idle_since = true }));
		local doc = assert(map.formToJson({ idle_since = "1969-07-21T02:56:15Z" }));
		assert.equal("1969-07-21T02:56:15Z", map.jsonToForm(doc).idle_since);
	end);
end);

describe("mod_rest map: muc and join", function ()
	it("maps an empty <x/> as join: true, both ways", function ()
		local doc = round_trip(("<presence to='coven@chat.shakespeare.lit/thirdwitch'><x xmlns='%s'/></presence>"):format(MUC));
		assert.is_true(doc.join);
		assert.is_nil(doc.muc);
		json_round_trip({ kind = "presence", type = "available", to = "r@m/n", join = true });
		assert.equal("presence", M.to_stanza({ join = true }).name);
	end);
	it("maps history and password as muc", function ()
		local doc = round_trip(presence(("<x xmlns='%s'><password>cauldronburn</password></x>"):format(MUC)));
		assert.same({ password = "cauldronburn" }, doc.muc);
		assert.is_nil(doc.join);
		doc = round_trip(presence(("<x xmlns='%s'><history maxchars='65000'/></x>"):format(MUC)));
		assert.same({ history = { maxchars = 65000 } }, doc.muc);
		doc = round_trip(presence(("<x xmlns='%s'><history maxstanzas='20' seconds='180' since='1970-01-01T00:00:00Z'/><password/></x>")
			:format(MUC)));
		assert.same({ history = { maxstanzas = 20, seconds = 180, since = "1970-01-01T00:00:00Z" }, password = "" }, doc.muc);
		doc = round_trip(presence(("<x xmlns='%s'><history/></x>"):format(MUC)));
		assert.equal('{"history":{}}', json.encode(doc.muc));
		json_round_trip({ kind = "presence", type = "available", muc = { history = { maxchars = 0 }, password = "p" } });
	end);
	it("writes one <x/>: muc's when both are given, muc {} as join", function ()
		local x = ("<presence><x xmlns='%s'><password>p</password></x></presence>"):format(MUC);
		M.assert_xml(M.to_stanza({ join = true, muc = { password = "p" } }), x);
		M.assert_xml(M.to_stanza({ muc = {} }), ("<presence><x xmlns='%s'/></presence>"):format(MUC));
		assert.is_true(map.stanzaToJson(M.to_stanza({ muc = {} })).join);
	end);
	it("leaves an <x/> it cannot give back unmapped", function ()
		for _, inner in ipairs({
			"<password>p</password><history maxstanzas='1'/>", -- out of order
			"<password>a</password><password>b</password>", "<history/><history/>",
			"<history maxstanzas='05'/>", "<history maxchars='-1'/>", "<history since='yesterday'/>", "<history other='1'/>",
			"<history><x/></history>", "<password><b/></password>", "<password a='1'>p</password>", "<other/>",
			"<password xmlns='urn:other'>p</password>", "text",
		}) do
			assert_unmapped(presence(("<x xmlns='%s'>%s</x>"):format(MUC, inner)), "muc", "join");
		end
		assert_unmapped(presence(("<x xmlns='%s' a='1'/>"):format(MUC)), "muc", "join");
	end);
	it("names the subfield on wrong values", function ()
		assert.equal("join: expected true, got a boolean", M.refused({ join = false }));
		assert.equal("join: expected true, got a string", M.refused({ join = "yes" }));
		assert.equal("muc: expected an object, got a boolean", M.refused({ muc = true }));
		assert.equal("muc.password: expected a string, got a number", M.refused({ muc = { password = 1 } }));
		assert.equal("muc.history: expected an object, got a number", M.refused({ muc = { history = 20 } }));
		assert.equal("muc.history.maxstanzas: expected an integer from 0 to 2147483647, got -1",
			M.refused({ muc = { history = { maxstanzas = -1 } } }));
		assert.matches("^muc%.history%.since: expected an XEP%-0082", M.refused({ muc = { history = { since = "x" } } }));
	end);
	it("takes join from a form, not muc", function ()
		local doc = assert(map.formToJson({ join = "", to = "r@m/n" }));
		assert.is_true(doc.join);
		assert.equal("", map.jsonToForm(map.stanzaToJson(M.to_stanza(doc))).join);
		local none, err = map.formToJson({ muc = "x" });
		assert.is_nil(none);
		assert.matches("^muc:", err);
	end);
end);

describe("mod_rest map: vcard_update", function ()
	it("maps the photo hash, an empty photo and no photo both ways", function ()
		local doc = round_trip(presence(("<x xmlns='%s'><photo>01b87fcd030b72895ff8e88db57ec525450f000d</photo></x>"):format(VCARD)));
		assert.same({ photo = "01b87fcd030b72895ff8e88db57ec525450f000d" }, doc.vcard_update);
		doc = round_trip(presence(("<x xmlns='%s'><photo/></x>"):format(VCARD)));
		assert.same({ photo = "" }, doc.vcard_update);
		doc = round_trip(presence(("<x xmlns='%s'/>"):format(VCARD)));
		assert.equal("{}", json.encode(doc.vcard_update));
		json_round_trip({ kind = "presence", type = "available", vcard_update = { photo = "" } });
		assert.equal("presence", M.to_stanza({ vcard_update = {} }).name);
	end);
	it("leaves an <x/> it cannot give back unmapped", function ()
		for _, inner in ipairs({ "<photo>a</photo><photo>b</photo>", "<photo a='1'/>", "<photo><b/></photo>", "<other/>", "t",
			"<photo xmlns='urn:other'/>" }) do
			assert_unmapped(presence(("<x xmlns='%s'>%s</x>"):format(VCARD, inner)), "vcard_update");
		end
	end);
	it("names the subfield on wrong values", function ()
		assert.equal("vcard_update: expected an object, got a string", M.refused({ vcard_update = "h" }));
		assert.equal("vcard_update.photo: expected a string, got null", M.refused({ vcard_update = { photo = json.null } }));
	end);
	it("is the photo hash in forms", function ()
		local doc = assert(map.formToJson({ vcard_update = "abc" }));
		assert.same({ photo = "abc" }, doc.vcard_update);
		assert.equal("abc", map.jsonToForm(doc).vcard_update);
		assert.is_nil(map.jsonToForm({ kind = "presence", vcard_update = {} }).vcard_update);
	end);
end);

describe("mod_rest map: XEP presence fields together", function ()
	it("map a full presence both ways", function ()
		local text = ("<presence to='room@muc/nick'><show>dnd</show><status>busy</status><priority>5</priority>"
			.. "<c xmlns='%s' hash='sha-1' node='n' ver='v'/><idle xmlns='%s' since='2002-09-10T23:08:25Z'/>"
			.. "<x xmlns='%s'><history maxstanzas='0'/></x><x xmlns='%s'><photo>h</photo></x>"
			.. "<nick xmlns='http://jabber.org/protocol/nick'>N</nick><delay xmlns='urn:xmpp:delay' stamp='2002-09-10T23:08:25Z'/></presence>")
			:format(CAPS, IDLE, MUC, VCARD);
		local doc = round_trip(text);
		assert.is_nil(doc.unmapped);
		for _, name in ipairs({ "caps", "idle_since", "muc", "vcard_update", "nick", "delay" }) do assert.is_not_nil(doc[name], name); end
	end);
	it("are ignored outside presence", function ()
		local doc = M.to_json(("<message><c xmlns='%s' ver='v'/><x xmlns='%s'/></message>"):format(CAPS, MUC));
		assert.is_nil(doc.caps);
		assert.is_nil(doc.join);
		assert.equal(2, #doc.unmapped);
	end);
end);
