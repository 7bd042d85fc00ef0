-- src/mod_rest/map/iq.ts: ping, version, disco, items, lastactivity, both
-- ways and as form fields.

local M = require "mod_rest.map_support";
local map = M.map;

local function both_ways(text, expected_json)
	local doc = M.to_json(text);
	assert.equal(M.encode(expected_json), M.encode(doc));
	M.assert_xml(M.to_stanza(doc), text);
	return doc;
end

describe("mod_rest map: iq", function ()
	describe("ping", function ()
		it("maps <ping/> to true", function ()
			both_ways("<iq type='get' id='p1' to='example.com'><ping xmlns='urn:xmpp:ping'/></iq>",
				{ kind = "iq", type = "get", id = "p1", to = "example.com", ping = true });
		end);

		it("refuses anything but true", function ()
			assert.equal("ping: expected true, got a boolean", M.refused({ ping = false }));
			assert.equal("ping: expected true, got a string", M.refused({ ping = "yes" }));
		end);

		it("is true when present in a form, whatever its value", function ()
			for _, v in ipairs({ "", "1", "false" }) do
				assert.is_true(assert(map.formToJson({ ping = v })).ping);
			end
			assert.equal("", map.jsonToForm({ kind = "iq", ping = true }).ping);
		end);
	end);

	describe("version", function ()
		it("maps a query to true", function ()
			both_ways("<iq type='get' id='v'><query xmlns='jabber:iq:version'/></iq>", { kind = "iq", type = "get", id = "v", version = true });
		end);

		it("maps a result to {name, version, os}", function ()
			both_ways("<iq type='result' id='v'><query xmlns='jabber:iq:version'><name>Prosody</name><version>0.12.3</version>"
				.. "<os>Linux</os></query></iq>",
				{ kind = "iq", type = "result", id = "v", version = { name = "Prosody", version = "0.12.3", os = "Linux" } });
		end);

		it("maps a result without os", function ()
			both_ways("<iq type='result' id='v'><query xmlns='jabber:iq:version'><name>P</name><version>1</version></query></iq>",
				{ kind = "iq", type = "result", id = "v", version = { name = "P", version = "1" } });
		end);

		it("is true in a form", function ()
			assert.is_true(assert(map.formToJson({ version = "" })).version);
		end);
	end);

	describe("disco", function ()
		it("maps a query to true, a query on a node to the node", function ()
			both_ways("<iq type='get' id='d'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>",
				{ kind = "iq", type = "get", id = "d", disco = true });
			both_ways("<iq type='get' id='d'><query xmlns='http://jabber.org/protocol/disco#info' node='urn:n'/></iq>",
				{ kind = "iq", type = "get", id = "d", disco = "urn:n" });
		end);

		it("maps a result to {node, identities, features}", function ()
			both_ways([[<iq type='result' id='d'><query xmlns='http://jabber.org/protocol/disco#info' node='n'><identity
				category='server' type='im' name='Prosody'/><identity category='pubsub' type='pep'/><feature
				var='urn:xmpp:ping'/><feature var='jabber:iq:version'/></query></iq>]],
				{ kind = "iq", type = "result", id = "d", disco = { node = "n",
					identities = { { category = "server", type = "im", name = "Prosody" }, { category = "pubsub", type = "pep" } },
					features = { "urn:xmpp:ping", "jabber:iq:version" } } });
		end);

		it("gives empty lists as arrays", function ()
			local doc = M.to_json("<iq type='result' id='d'><query xmlns='http://jabber.org/protocol/disco#info'>"
				.. "<feature var='a'/></query></iq>");
			assert.equal('{"features":["a"],"identities":[]}', M.encode(doc.disco));
		end);

		it("leaves a query with identities without category or type, features without var, unmapped", function ()
			local doc = M.to_json("<iq type='result' id='d'><query xmlns='http://jabber.org/protocol/disco#info'>"
				.. "<identity category='x'/><identity type='y'/><feature/><feature var='f'/></query></iq>");
			assert.is_nil(doc.disco);
			assert.equal(1, #doc.unmapped);
		end);

		it("writes identities and features from JSON arrays", function ()
			M.assert_xml(M.to_stanza(M.json([[{"type":"result","disco":{"identities":[{"category":"client","type":"bot"}],"features":["x"]}}]])),
				"<iq type='result'><query xmlns='http://jabber.org/protocol/disco#info'><identity category='client' type='bot'/>"
				.. "<feature var='x'/></query></iq>");
		end);

		it("is the node in a form (empty: true)", function ()
			assert.is_true(assert(map.formToJson({ disco = "" })).disco);
			assert.equal("n", assert(map.formToJson({ disco = "n" })).disco);
			assert.equal("n", map.jsonToForm({ disco = "n" }).disco);
			assert.equal("", map.jsonToForm({ disco = true }).disco);
		end);
	end);

	describe("items", function ()
		it("maps a query to true, a query on a node to the node", function ()
			both_ways("<iq type='get' id='i'><query xmlns='http://jabber.org/protocol/disco#items'/></iq>",
				{ kind = "iq", type = "get", id = "i", items = true });
			both_ways("<iq type='get' id='i'><query xmlns='http://jabber.org/protocol/disco#items' node='n'/></iq>",
				{ kind = "iq", type = "get", id = "i", items = "n" });
		end);

		it("maps a result to a flat list of {jid, node, name}", function ()
			both_ways([[<iq type='result' id='i'><query xmlns='http://jabber.org/protocol/disco#items'><item
				jid='conference.example.com' name='Rooms'/><item jid='pubsub.example.com' node='n1'/><item jid='x'/></query></iq>]],
				{ kind = "iq", type = "result", id = "i", items = {
					{ jid = "conference.example.com", name = "Rooms" }, { jid = "pubsub.example.com", node = "n1" }, { jid = "x" } } });
		end);

		it("maps a result without items to []", function ()
			local doc = both_ways("<iq type='result' id='i'><query xmlns='http://jabber.org/protocol/disco#items'/></iq>",
				{ kind = "iq", type = "result", id = "i", items = M.json("[]") });
			assert.equal("[]", M.encode(doc.items));
		end);

		it("writes flat <item/> elements, never nested (a community defect)", function ()
			local s = M.to_stanza({ type = "result", items = { { jid = "a" }, { jid = "b", node = "n", name = "B" }, "c" } });
			local query = s:get_child("query", "http://jabber.org/protocol/disco#items");
			assert.equal(3, #query.tags);
			for _, item in ipairs(query.tags) do
				assert.equal("item", item.name);
				assert.equal(0, #item.tags);
			end
			assert.same({ "a", "b", "c" }, { query.tags[1].attr.jid, query.tags[2].attr.jid, query.tags[3].attr.jid });
		end);

		it("takes {node} (a query string's shape) as a query on that node", function ()
			M.assert_xml(M.to_stanza({ items = { node = "n" } }),
				"<iq type='get'><query xmlns='http://jabber.org/protocol/disco#items' node='n'/></iq>");
		end);

		it("requires a jid in each item object", function ()
			assert.equal("items[1].jid: expected a string, got nil", M.refused({ items = { { jid = "a" }, { node = "n" } } }));
		end);

		it("is the node in a form", function ()
			assert.equal("n", assert(map.formToJson({ items = "n" })).items);
			assert.is_true(assert(map.formToJson({ items = "" })).items);
		end);
	end);

	describe("lastactivity", function ()
		it("maps a query to true", function ()
			both_ways("<iq type='get' id='l'><query xmlns='jabber:iq:last'/></iq>", { kind = "iq", type = "get", id = "l", lastactivity = true });
		end);

		it("maps a result to {seconds, status}", function ()
			both_ways("<iq type='result' id='l'><query xmlns='jabber:iq:last' seconds='903'>Heading home</query></iq>",
				{ kind = "iq", type = "result", id = "l", lastactivity = { seconds = 903, status = "Heading home" } });
			both_ways("<iq type='result' id='l'><query xmlns='jabber:iq:last' seconds='0'/></iq>",
				{ kind = "iq", type = "result", id = "l", lastactivity = { seconds = 0 } });
		end);

		it("refuses negative or fractional seconds", function ()
			assert.matches("^lastactivity%.seconds: expected an integer from 0 to ", M.refused({ lastactivity = { seconds = -1 } }));
			assert.matches("^lastactivity%.seconds: ", M.refused({ lastactivity = { seconds = 0.5 } }));
			assert.matches("^lastactivity%.seconds: ", M.refused({ lastactivity = { seconds = "5" } }));
		end);

		it("leaves out unreadable seconds", function ()
			local doc = M.to_json("<iq type='result' id='l'><query xmlns='jabber:iq:last' seconds='soon'>x</query></iq>");
			assert.equal(M.encode({ status = "x" }), M.encode(doc.lastactivity));
		end);

		it("is true in a form", function ()
			assert.is_true(assert(map.formToJson({ lastactivity = "" })).lastactivity);
		end);
	end);

	it("ignores iq payloads in other kinds", function ()
		M.assert_xml(M.to_stanza({ kind = "message", ping = true, disco = 5 }), "<message/>");
		assert.is_nil(M.to_json("<message><ping xmlns='urn:xmpp:ping'/></message>").ping);
	end);
end);
