-- src/mod_rest/map/payload.ts: payload {datatype, data} (XEP-0432,
-- urn:xmpp:json-msg:0), in any kind.

local M = require "mod_rest.map_support";
local json = require "util.json";
local map = M.map;

describe("mod_rest map: payload", function ()
	for _, kind in ipairs({ "message", "presence", "iq" }) do
		it(("maps {datatype, data} in a %s"):format(kind), function ()
			local s = M.to_stanza(M.json(([[{"kind":"%s","type":"%s","payload":{"datatype":"urn:example:t","data":{"n":[1,2,null]}}}]])
				:format(kind, kind == "iq" and "set" or kind == "message" and "chat" or "available")));
			local element = s:get_child("payload", "urn:xmpp:json-msg:0");
			assert.equal("urn:example:t", element.attr.datatype);
			assert.equal('{"n":[1,2,null]}', element:get_text());
			local doc = map.stanzaToJson(s);
			assert.equal('{"data":{"n":[1,2,null]},"datatype":"urn:example:t"}', M.encode(doc.payload));
		end);
	end

	for _, data in ipairs({ "null", "0", "-1.5", "true", "false", '"text"', "[]", "{}", '[[["deep"]]]', '"ünï"' }) do
		it(("carries data %s"):format(data), function ()
			local s = M.to_stanza(M.json('{"payload":{"data":' .. data .. '}}'));
			assert.equal(M.encode(M.json(data)), M.encode(map.stanzaToJson(s).payload.data));
		end);
	end

	it("reads the element's JSON text", function ()
		local doc = M.to_json("<message><payload xmlns='urn:xmpp:json-msg:0' datatype='d'>{\"a\": [1, \"x\"]}</payload></message>");
		assert.equal('{"data":{"a":[1,"x"]},"datatype":"d"}', M.encode(doc.payload));
	end);

	it("leaves out a payload whose text is not JSON", function ()
		for _, text in ipairs({ "", "{", "nope", "[1,]" }) do
			assert.is_nil(M.to_json("<message><payload xmlns='urn:xmpp:json-msg:0'>" .. text .. "</payload></message>").payload);
		end
		assert.is_nil(M.to_json("<message><payload xmlns='urn:xmpp:json-msg:0'><x/></payload></message>").payload);
	end);

	it("requires data", function ()
		assert.equal("payload.data: expected any JSON value, got nil", M.refused({ payload = { datatype = "d" } }));
	end);

	it("refuses data holding invalid UTF-8", function ()
		assert.equal("payload.data: invalid UTF-8 in a string", M.refused({ payload = { data = { "\255" } } }));
	end);

	it("escapes control characters of data in the JSON text", function ()
		local s = M.to_stanza({ payload = { data = "a\1b\0c" } });
		assert.equal("a\1b\0c", map.stanzaToJson(s).payload.data);
	end);

	it("is refused in a form", function ()
		local doc, err = map.formToJson({ payload = "{}" });
		assert.is_nil(doc);
		assert.equal("payload: an object, not available in forms (send JSON)", err);
		assert.is_nil(map.jsonToForm({ payload = { data = 1 } }).payload);
	end);

	it("comes after the kind's own fields", function ()
		local s = M.to_stanza({ body = "b", payload = { data = json.null } });
		assert.same({ "body", "payload" }, { s.tags[1].name, s.tags[2].name });
	end);
end);
