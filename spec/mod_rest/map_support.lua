-- Shared by the spec/mod_rest/map_*_spec.lua files (required as
-- "mod_rest.map_support"; the name must not hold "_spec").
--
-- The mapping files come from the library build (`make spec` runs
-- `node build/build.mjs --lib .build/lua`, or $LIB_BUILD): each
-- src/mod_rest/map/x.ts is src.mod_rest.map.x, loaded with plain `require`
-- (the mapping uses no module API) against the real util.stanza, util.xml
-- and util.json.
--
--   M.map                       src.mod_rest.map.index (stanzaToJson, jsonToStanza, formToJson, jsonToForm)
--   M.field(name)               src.mod_rest.map.<name>
--   M.xml(text)                 util.xml.parse, asserting it parses
--   M.canonical(stanza)         a text equal for equal stanzas: effective namespaces (the top one
--                               defaulting to jabber:client), sorted attributes, prefixes ignored
--   M.encode(value)             util.json.encode_ordered (equal for equal JSON, [] and {} told apart)
--   M.to_stanza(doc)            jsonToStanza, asserting success; M.refused(doc) asserting failure (the text)
--   M.json(text)                util.json.decode, asserting it decodes
--   M.assert_xml(stanza, text)  canonical comparison with an XML text

local support = require "support";
local xml = require "util.xml";
local json = require "util.json";
local st = require "util.stanza";
local luassert = require "luassert";

local M = {};

M.support = support;
M.map = require "src.mod_rest.map.index";

function M.field(name)
	return require("src.mod_rest.map." .. name);
end

function M.xml(text)
	local parsed, err = xml.parse(text);
	assert(parsed, ("fixture does not parse: %s\n%s"):format(tostring(err), text));
	return parsed;
end

function M.json(text)
	local value, err = json.decode(text);
	assert(value ~= nil, ("fixture is not JSON: %s\n%s"):format(tostring(err), text));
	return value;
end

M.encode = json.encode_ordered;

local function escape(s)
	return (s:gsub("[&<>'\"]", { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ["'"] = "&apos;", ['"'] = "&quot;" }));
end

local function canonical(el, parent_ns, out)
	local ns = el.attr.xmlns or parent_ns;
	local names = {};
	for k in pairs(el.attr) do
		if k ~= "xmlns" then names[#names + 1] = k; end
	end
	table.sort(names);
	out[#out + 1] = "<{" .. ns .. "}" .. el.name;
	for _, k in ipairs(names) do
		out[#out + 1] = " " .. k .. "='" .. escape(el.attr[k]) .. "'";
	end
	out[#out + 1] = ">";
	for _, child in ipairs(el) do
		if type(child) == "string" then
			out[#out + 1] = escape(child);
		else
			canonical(child, ns, out);
		end
	end
	out[#out + 1] = "</" .. el.name .. ">";
end

function M.canonical(stanza)
	assert(st.is_stanza(stanza), "not a stanza: " .. tostring(stanza));
	local out = {};
	canonical(stanza, "jabber:client", out);
	return table.concat(out);
end

--- A JSON text of `doc` equal for equal documents: its `html` (serialised
--- XHTML, whose attribute order follows table iteration) in canonical form.
function M.comparable(doc)
	if type(doc) ~= "table" or type(doc.html) ~= "string" then return M.encode(doc); end
	local copy = {};
	for k, v in pairs(doc) do copy[k] = v; end
	local wrapped = assert(xml.parse("<html xmlns='http://www.w3.org/1999/xhtml'>" .. doc.html .. "</html>"));
	copy.html = M.canonical(wrapped);
	return M.encode(copy);
end

function M.assert_xml(stanza, text)
	luassert.equal(M.canonical(M.xml(text)), M.canonical(stanza));
end

function M.to_stanza(doc)
	local stanza, err = M.map.jsonToStanza(doc);
	assert(stanza, ("refused %s: %s"):format(M.encode(doc), tostring(err)));
	luassert.is_nil(err);
	return stanza;
end

function M.refused(doc)
	local ok, stanza, err = pcall(M.map.jsonToStanza, doc);
	assert(ok, "jsonToStanza raised: " .. tostring(stanza));
	assert(stanza == nil, ("accepted %s"):format(tostring(stanza)));
	luassert.is_string(err);
	return err;
end

--- XML text -> JSON document (stanzaToJson of the parsed text).
function M.to_json(text)
	return M.map.stanzaToJson(M.xml(text));
end

return M;
