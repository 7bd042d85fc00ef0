-- Shared by spec/mod_rest/map_messaging*_spec.lua (required as
-- "mod_rest.map_messaging_support"): table-driven checks of message fields.
--
--   S.mapped(xml, json)     XML -> JSON gives the JSON fields (nothing unmapped), JSON -> XML gives
--                           the XML, and both round trips are exact
--   S.unmapped(xml, field)  the field is absent, every child of the XML is in `unmapped`, and
--                           XML -> JSON -> XML is exact all the same
--   S.refused(json, text)   JSON -> XML is refused with exactly that text (never raising)

local M = require "mod_rest.map_support";
local luassert = require "luassert";
local map = M.map;

local S = {};

--- The fields of `doc` named in `expected`, JSON-encoded, for comparison.
local function fields(doc, expected)
	local picked = {};
	for key in pairs(expected) do picked[key] = doc[key]; end
	return M.encode(picked);
end

function S.mapped(xml, json_text)
	local expected = M.json(json_text);
	local doc = M.to_json(xml);
	luassert.equal(M.encode(expected), fields(doc, expected));
	luassert.is_nil(doc.unmapped, "unexpected unmapped: " .. M.encode(doc.unmapped or {}));
	-- the stanza's own attributes come from the XML, the fields from `expected`
	local input = {};
	for _, key in ipairs({ "kind", "type", "to", "from", "id", "lang" }) do input[key] = doc[key]; end
	for key, value in pairs(expected) do input[key] = value; end
	local stanza = M.to_stanza(input);
	M.assert_xml(stanza, xml);
	-- JSON -> XML -> JSON
	local again = map.stanzaToJson(stanza);
	luassert.equal(M.encode(expected), fields(again, expected));
	luassert.is_nil(again.unmapped);
	-- XML -> JSON -> XML
	M.assert_xml(M.to_stanza(doc), xml);
end

function S.unmapped(xml, field)
	local parsed = M.xml(xml);
	local doc = map.stanzaToJson(parsed);
	luassert.is_nil(doc[field], ("%s should be left out of %s"):format(field, xml));
	local listed = doc.unmapped or {};
	luassert.equal(#parsed.tags, #listed, "every child is unmapped: " .. M.encode(listed));
	M.assert_xml(M.to_stanza(doc), xml);
end

function S.refused(json_text, text)
	local doc = type(json_text) == "string" and M.json(json_text) or json_text;
	luassert.equal(text, M.refused(doc));
end

return S;
