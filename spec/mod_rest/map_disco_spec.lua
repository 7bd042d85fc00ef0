-- src/mod_rest/map/iq.ts: disco `extensions` (XEP-0128 forms keyed by
-- FORM_TYPE), the exactness of disco results, and items with a node or a
-- result set (XEP-0059).

local M = require "mod_rest.map_support";

local function both_ways(text, expected_json)
	local doc = M.to_json(text);
	assert.equal(M.encode(expected_json), M.encode(doc));
	M.assert_xml(M.to_stanza(M.json(M.encode(doc))), text);
	return doc;
end

local INFO = "http://jabber.org/protocol/disco#info";
local SOFTWARE = "<x xmlns='jabber:x:data' type='result'><field var='FORM_TYPE' type='hidden'><value>urn:xmpp:dataforms:softwareinfo</value>"
	.. "</field><field var='os'><value>Mac</value></field></x>";
local CONTACT = "<x xmlns='jabber:x:data' type='result'><field var='FORM_TYPE' type='hidden'><value>http://jabber.org/network/serverinfo</value>"
	.. "</field><field var='abuse-addresses' type='list-multi'><value>xmpp:abuse@example.org</value></field></x>";

describe("mod_rest map: disco extensions", function ()
	it("maps forms keyed by FORM_TYPE (XEP-0128)", function ()
		both_ways("<iq type='result' id='d'><query xmlns='" .. INFO .. "'><identity category='client' type='pc' name='Psi'/>"
			.. "<feature var='jabber:iq:version'/>" .. CONTACT .. SOFTWARE .. "</query></iq>",
			{ kind = "iq", type = "result", id = "d", disco = {
				identities = { { category = "client", name = "Psi", type = "pc" } },
				features = { "jabber:iq:version" },
				extensions = {
					["http://jabber.org/network/serverinfo"] = { type = "result", fields = {
						{ var = "FORM_TYPE", type = "hidden", value = "http://jabber.org/network/serverinfo" },
						{ var = "abuse-addresses", type = "list-multi", values = { "xmpp:abuse@example.org" } },
					} },
					["urn:xmpp:dataforms:softwareinfo"] = { type = "result", fields = {
						{ var = "FORM_TYPE", type = "hidden", value = "urn:xmpp:dataforms:softwareinfo" },
						{ var = "os", value = "Mac" },
					} },
				},
			} });
	end);

	it("keeps forms in another order than sorted by FORM_TYPE as extensions_order, other kinds' order as order", function ()
		local doc = M.to_json("<iq type='result' id='d'><query xmlns='" .. INFO .. "'><feature var='f'/>" .. SOFTWARE .. CONTACT .. "</query></iq>");
		assert.is_nil(doc.unmapped);
		assert.equal(M.encode({ "urn:xmpp:dataforms:softwareinfo", "http://jabber.org/network/serverinfo" }), M.encode(doc.disco.extensions_order));
		assert.is_nil(doc.disco.order);
		M.assert_xml(M.to_stanza(M.json(M.encode(doc))), "<iq type='result' id='d'><query xmlns='" .. INFO .. "'><feature var='f'/>"
			.. SOFTWARE .. CONTACT .. "</query></iq>");
		both_ways("<iq type='result' id='d'><query xmlns='" .. INFO .. "'><feature var='f'/><identity category='c' type='t'/></query></iq>",
			{ kind = "iq", type = "result", id = "d", disco = { features = { "f" }, identities = { { category = "c", type = "t" } },
				order = { "feature", "identity" } } });
		assert.equal("disco.order[0]: expected one of identity, feature, x", M.refused({ disco = { order = { "item" } } }));
		assert.equal("disco.extensions_order[0]: expected a string, got a number", M.refused({ disco = { extensions_order = { 1 } } }));
	end);

	it("leaves a result with a form without FORM_TYPE unmapped (regression: the community module crashed)", function ()
		local doc = M.to_json("<iq type='result' id='d'><query xmlns='" .. INFO .. "'><feature var='f'/>"
			.. "<x xmlns='jabber:x:data' type='result'><field var='os'><value>Mac</value></field></x></query></iq>");
		assert.is_nil(doc.disco);
		assert.equal(1, #doc.unmapped);
	end);

	it("maps interleaved identities, features and forms (XEP-0030 gives their order no meaning), written back grouped", function ()
		for _, inner in ipairs({
			SOFTWARE .. "<feature var='f'/>" .. CONTACT,
			"<identity category='c' type='t'/><feature var='a'/><identity category='d' type='t'/>",
		}) do
			local doc = M.to_json("<iq type='result' id='d'><query xmlns='" .. INFO .. "'>" .. inner .. "</query></iq>");
			assert.is_table(doc.disco, inner);
			assert.is_nil(doc.unmapped);
			assert.equal(M.encode(doc), M.encode(M.map.stanzaToJson(M.to_stanza(doc))));
		end
	end);

	it("leaves unmapped: two forms of one FORM_TYPE, a form it cannot carry, xml:lang, identity without type", function ()
		for _, inner in ipairs({
			SOFTWARE .. SOFTWARE,
			"<x xmlns='jabber:x:data' type='result'><field var='FORM_TYPE'><value>a</value><value>b</value></field></x>",
			"<x xmlns='jabber:x:data' type='result'><page xmlns='http://jabber.org/protocol/xdata-layout'/></x>",
			"<identity category='c' type='t' xml:lang='en'/>",
			"<identity category='c'/>",
			"<feature/>",
			"<foo/>",
		}) do
			local doc = M.to_json("<iq type='result' id='d'><query xmlns='" .. INFO .. "'>" .. inner .. "</query></iq>");
			assert.is_nil(doc.disco, inner);
			assert.equal(1, #doc.unmapped);
		end
	end);

	it("adds FORM_TYPE (hidden, first) and type result to a form given without them", function ()
		local s = M.to_stanza({ type = "result", id = "d", disco = { features = { "f" }, extensions = { ["urn:x"] = { fields = { { var = "a", value = "1" } } } } } });
		M.assert_xml(s, "<iq type='result' id='d'><query xmlns='" .. INFO .. "'><feature var='f'/><x xmlns='jabber:x:data' type='result'>"
			.. "<field var='FORM_TYPE' type='hidden'><value>urn:x</value></field><field var='a'><value>1</value></field></x></query></iq>");
	end);

	it("refuses a form whose FORM_TYPE is not its key, and wrong types", function ()
		assert.equal("disco.extensions.urn:x: its FORM_TYPE field holds another FORM_TYPE",
			M.refused({ disco = { extensions = { ["urn:x"] = { fields = { { var = "FORM_TYPE", value = "urn:y" } } } } } }));
		assert.equal("disco.extensions.urn:x.fields[0]: FORM_TYPE must have one value, the key",
			M.refused({ disco = { extensions = { ["urn:x"] = { fields = { { var = "FORM_TYPE", values = { "urn:x", "b" } } } } } } }));
		assert.equal("disco.extensions: expected an object, got a string", M.refused({ disco = { extensions = "x" } }));
		assert.equal("disco.extensions.urn:x: expected an object, got a number", M.refused({ disco = { extensions = { ["urn:x"] = 1 } } }));
		assert.equal("disco.extensions.urn:x.fields[0].var: expected a string, got a number",
			M.refused({ disco = { extensions = { ["urn:x"] = { fields = { { var = 1 } } } } } }));
		assert.equal("disco.identities[0].type: expected a string, got nil", M.refused({ disco = { identities = { { category = "c" } } } }));
	end);
end);

describe("mod_rest map: items with a node or a result set", function ()
	it("keeps the node of a result", function ()
		both_ways("<iq type='result' id='i'><query xmlns='http://jabber.org/protocol/disco#items' node='music'>"
			.. "<item jid='catalog.lit' node='music/A' name='A'/></query></iq>",
			{ kind = "iq", type = "result", id = "i", items = { node = "music", items = { { jid = "catalog.lit", name = "A", node = "music/A" } } } });
		both_ways("<iq type='result' id='i'><query xmlns='http://jabber.org/protocol/disco#items' node='music/A'/></iq>",
			{ kind = "iq", type = "result", id = "i", items = { node = "music/A", items = M.json("[]") } });
	end);

	it("keeps a flat list for a result without node or set", function ()
		both_ways("<iq type='result' id='i'><query xmlns='http://jabber.org/protocol/disco#items'><item jid='a'/></query></iq>",
			{ kind = "iq", type = "result", id = "i", items = { { jid = "a" } } });
	end);

	it("maps a result set in a query and in a result (XEP-0059)", function ()
		both_ways("<iq type='get' id='i'><query xmlns='http://jabber.org/protocol/disco#items'><set xmlns='http://jabber.org/protocol/rsm'>"
			.. "<max>10</max></set></query></iq>",
			{ kind = "iq", type = "get", id = "i", items = { rsm = { max = 10 } } });
		both_ways("<iq type='result' id='i'><query xmlns='http://jabber.org/protocol/disco#items'><item jid='a'/>"
			.. "<set xmlns='http://jabber.org/protocol/rsm'><first index='0'>a</first><last>a</last><count>5</count></set></query></iq>",
			{ kind = "iq", type = "result", id = "i", items = { items = { { jid = "a" } }, rsm = { count = 5, first = { id = "a", index = 0 }, last = "a" } } });
	end);

	it("leaves unmapped what it cannot carry exactly", function ()
		for _, inner in ipairs({ "<item/>", "<item jid='a' extra='1'/>", "<foo/>", "<set xmlns='http://jabber.org/protocol/rsm'><max>05</max></set>" }) do
			local doc = M.to_json("<iq type='result' id='i'><query xmlns='http://jabber.org/protocol/disco#items'>" .. inner .. "</query></iq>");
			assert.is_nil(doc.items, inner);
		end
	end);

	it("names the wrong subfield", function ()
		assert.equal("items.rsm.max: expected an integer from 0 to 2147483647, got -1", M.refused({ items = { rsm = { max = -1 } } }));
		assert.equal("items.items[0].jid: expected a string, got nil", M.refused({ items = { items = { { name = "x" } } } }));
	end);
end);
