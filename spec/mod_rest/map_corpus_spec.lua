-- The round-trip corpus (spec/mod_rest/corpus/*.xml): real stanzas, the
-- examples of each XEP the mapping covers plus stanzas captured from a real
-- Prosody (captured-*.xml, written by test/mod_rest/corpus_capture.ts), run
-- through the mapping alone. For every case:
--
--   XML -> JSON -> XML   gives the same stanza. Canonical comparison: attribute
--                        order, namespace prefixes and declarations ignored; the
--                        stanza's top-level children compared as a multiset
--                        (the mapping writes them in registry order, JSON
--                        objects have none), and so are the children of a
--                        disco#info query (XEP-0030 gives their order no
--                        meaning; Prosody's MUC interleaves identities and
--                        features); the order inside each child kept;
--                        a JSON payload (urn:xmpp:json-msg:0) compared by its
--                        JSON value (its text is re-encoded from the value).
--   JSON -> XML -> JSON  gives the same JSON (ordered encoding; XML held in strings,
--                        `unmapped` items and `html`, compared canonically: their
--                        attribute order follows Lua table iteration).
--   nothing unmapped     no `unmapped` list anywhere in the JSON (nested
--                        stanzas included), unless the case says
--                        unmapped="expected" (it holds elements the mapping
--                        intentionally leaves to XML).
--
-- Fixture layout: `<corpus><case name=".." source=".." [unmapped="expected"]>
-- stanza </case>...</corpus>`. The fixtures are indented for reading:
-- whitespace-only text between elements is dropped before use (not inside
-- XHTML, where it is content). Comments are stripped (util.xml refuses them).
--
-- A summary (per file, the failing cases grouped by the element at fault,
-- fields never exercised) is printed at the end.

local M = require "mod_rest.map_support";
local st = require "util.stanza";
local json = require "util.json";
local map = M.map;

local CORPUS_DIR = "spec/mod_rest/corpus/";
local XHTML = "http://www.w3.org/1999/xhtml";
local JSON_MSG = "urn:xmpp:json-msg:0";

local function read(path)
	local f = assert(io.open(path, "rb"));
	local text = f:read("*a");
	f:close();
	return text;
end

local function corpus_files()
	local files = {};
	local ls = assert(io.popen("ls " .. CORPUS_DIR .. "*.xml 2>/dev/null"));
	for line in ls:lines() do
		files[#files + 1] = line;
	end
	ls:close();
	table.sort(files);
	return files;
end

--- A copy of `el` without the indentation: whitespace-only text next to
--- elements dropped, except in XHTML.
local function clean(el, parent_ns)
	local ns = el.attr.xmlns or parent_ns;
	local attr = {};
	for k, v in pairs(el.attr) do attr[k] = v; end
	local copy = st.stanza(el.name, attr);
	local mixed = #el.tags > 0;
	for _, child in ipairs(el) do
		if type(child) == "string" then
			if not (mixed and ns ~= XHTML and child:match("^%s*$")) then
				copy:text(child);
			end
		else
			copy:add_direct_child(clean(child, ns));
		end
	end
	return copy;
end

--- Every case of every file: { file, name, source, expected, stanza }.
local function load_cases()
	local cases = {};
	for _, path in ipairs(corpus_files()) do
		local file = path:match("([^/]+)%.xml$");
		local text = read(path):gsub("<!%-%-.-%-%->", "");
		local root = M.xml(text);
		assert(root.name == "corpus", path .. ": the root must be <corpus>");
		for case in root:childtags("case") do
			local stanza = case.tags[1];
			assert(stanza and #case.tags == 1, ("%s: case %q must hold one stanza"):format(path, tostring(case.attr.name)));
			cases[#cases + 1] = {
				file = file,
				name = assert(case.attr.name, path .. ": a case without name"),
				source = case.attr.source,
				expected = case.attr.unmapped == "expected",
				stanza = clean(stanza, "jabber:client"),
			};
		end
	end
	return cases;
end

-- Canonical text -------------------------------------------------------------

local function escape(s)
	return (s:gsub("[&<>'\"]", { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ["'"] = "&apos;", ['"'] = "&quot;" }));
end

local function start_tag(el, ns)
	local names = {};
	for k in pairs(el.attr) do
		if k ~= "xmlns" then names[#names + 1] = k; end
	end
	table.sort(names);
	local out = { "<{" .. ns .. "}" .. el.name };
	for _, k in ipairs(names) do
		out[#out + 1] = " " .. k .. "='" .. escape(el.attr[k]) .. "'";
	end
	return table.concat(out) .. ">";
end

--- The JSON text of a json-msg payload as its value encoded in order (the raw text when it is not JSON).
local function json_value_text(el)
	local text = el:get_text() or "";
	local ok, value = pcall(json.decode, text);
	if ok and value ~= nil then
		return "json:" .. M.encode(value);
	end
	return text;
end

local STANZA_NAMES = { message = true, presence = true, iq = true };
local DISCO_INFO = "http://jabber.org/protocol/disco#info";
local STANZA_NAMESPACES = { ["jabber:client"] = true, ["jabber:server"] = true };

local canonical_element;

local function canonical(el, parent_ns, out)
	local ns = el.attr.xmlns or parent_ns;
	out[#out + 1] = start_tag(el, ns);
	if el.name == "payload" and ns == JSON_MSG and #el.tags == 0 then
		out[#out + 1] = escape(json_value_text(el));
	elseif (STANZA_NAMES[el.name] and STANZA_NAMESPACES[ns]) or (el.name == "query" and ns == DISCO_INFO) then
		-- a nested stanza (forwarded, archived), a disco#info query: children as a multiset
		local children = {};
		for _, child in ipairs(el) do
			if type(child) == "string" then
				out[#out + 1] = escape(child);
			else
				children[#children + 1] = canonical_element(child, ns);
			end
		end
		table.sort(children);
		out[#out + 1] = table.concat(children);
	else
		for _, child in ipairs(el) do
			if type(child) == "string" then
				out[#out + 1] = escape(child);
			else
				canonical(child, ns, out);
			end
		end
	end
	out[#out + 1] = "</" .. el.name .. ">";
end

function canonical_element(el, parent_ns)
	local out = {};
	canonical(el, parent_ns, out);
	return table.concat(out);
end

--- { root = start tag and text, children = sorted canonical texts of the top-level children }.
local function canonical_stanza(stanza)
	local ns = stanza.attr.xmlns or "jabber:client";
	local texts, children = {}, {};
	for _, child in ipairs(stanza) do
		if type(child) == "string" then
			texts[#texts + 1] = escape(child);
		else
			children[#children + 1] = canonical_element(child, ns);
		end
	end
	table.sort(children);
	return { root = start_tag(stanza, ns) .. table.concat(texts), children = children };
end

local function as_text(c)
	return c.root .. "\n  " .. table.concat(c.children, "\n  ");
end

--- Children in `a` and not in `b` (multiset difference), as "{ns}name" keys and texts.
local function missing(a, b)
	local count = {};
	for _, text in ipairs(b) do count[text] = (count[text] or 0) + 1; end
	local out = {};
	for _, text in ipairs(a) do
		if (count[text] or 0) > 0 then
			count[text] = count[text] - 1;
		else
			out[#out + 1] = text;
		end
	end
	return out;
end

local function element_key(canonical_text)
	return canonical_text:match("^<(%b{}[^ >]+)") or canonical_text:sub(1, 60);
end

-- Unmapped lists ---------------------------------------------------------------

--- Every `unmapped` item anywhere in `doc` (nested stanzas included), with its path.
local function unmapped_items(value, path, out)
	if type(value) ~= "table" then return out; end
	for k, v in pairs(value) do
		if k == "unmapped" and type(v) == "table" then
			for _, item in ipairs(v) do
				out[#out + 1] = { path = path .. ".unmapped", xml = tostring(item) };
			end
		else
			unmapped_items(v, path .. "." .. tostring(k), out);
		end
	end
	return out;
end

local function unmapped_key(item)
	local parsed = require "util.xml".parse(item.xml);
	if not parsed then return item.xml:sub(1, 60); end
	return "{" .. tostring(parsed.attr.xmlns or "jabber:client") .. "}" .. parsed.name;
end

-- JSON comparison ---------------------------------------------------------------

--- The canonical text of an XML fragment string (the string itself when it does not parse).
local function canonical_fragment(text, wrapper_ns)
	local wrapped = require "util.xml".parse("<w xmlns='" .. wrapper_ns .. "'>" .. text .. "</w>");
	if not wrapped then return text; end
	return canonical_element(wrapped, wrapper_ns);
end

--- A copy of `value` where XML held in strings is canonical: every `unmapped` item and
--- every `html` text (their attribute order follows table iteration when serialised).
local function comparable_copy(value)
	if type(value) ~= "table" then return value; end
	local copy = {};
	for k, v in pairs(value) do
		if k == "unmapped" and type(v) == "table" then
			local items = {};
			for i, item in ipairs(v) do
				items[i] = type(item) == "string" and canonical_fragment(item, "jabber:client") or item;
			end
			copy[k] = setmetatable(items, getmetatable(v));
		elseif k == "html" and type(v) == "string" then
			copy[k] = canonical_fragment(v, XHTML);
		else
			copy[k] = comparable_copy(v);
		end
	end
	return setmetatable(copy, getmetatable(value));
end

--- An ordered JSON text equal for equal documents (XML inside strings compared canonically).
local function comparable(doc)
	return M.encode(comparable_copy(doc));
end

-- The checks -------------------------------------------------------------------

local CHECKS = { "xml", "json", "unmapped" };
local CHECK_TITLES = {
	xml = "XML -> JSON -> XML",
	json = "JSON -> XML -> JSON",
	unmapped = "nothing unmapped",
};

--- Runs one check; returns ok, message, keys (the elements or fields at fault, for the summary).
local function run_check(check, case)
	local ok_doc, doc = pcall(map.stanzaToJson, case.stanza);
	if not ok_doc then
		return false, "stanzaToJson raised: " .. tostring(doc), { "stanzaToJson raised" };
	end
	if check == "unmapped" then
		local items = unmapped_items(doc, "$", {});
		if #items == 0 then return true; end
		local keys, lines = {}, {};
		for _, item in ipairs(items) do
			keys[#keys + 1] = unmapped_key(item);
			lines[#lines + 1] = item.path .. ": " .. item.xml;
		end
		return false, "unmapped:\n" .. table.concat(lines, "\n"), keys;
	end
	local ok_back, back, problem = pcall(map.jsonToStanza, doc);
	if not ok_back then
		return false, "jsonToStanza raised: " .. tostring(back), { "jsonToStanza raised" };
	end
	if back == nil then
		return false, ("jsonToStanza refused %s: %s"):format(M.encode(doc), tostring(problem)), { "refused: " .. tostring(problem) };
	end
	if check == "xml" then
		local want, got = canonical_stanza(case.stanza), canonical_stanza(back);
		local lost, added = missing(want.children, got.children), missing(got.children, want.children);
		if want.root == got.root and #lost == 0 and #added == 0 then return true; end
		local keys = {};
		if want.root ~= got.root then keys[#keys + 1] = "stanza attributes"; end
		for _, text in ipairs(lost) do keys[#keys + 1] = element_key(text); end
		return false, ("XML differs (JSON %s)\nwant: %s\ngot:  %s"):format(M.encode(doc), as_text(want), as_text(got)), keys;
	end
	local ok_again, again = pcall(map.stanzaToJson, back);
	if not ok_again then
		return false, "stanzaToJson of the rebuilt stanza raised: " .. tostring(again), { "stanzaToJson raised" };
	end
	local want, got = comparable(doc), comparable(again);
	if want == got then return true; end
	local keys = {};
	for k, v in pairs(doc) do
		if M.encode(v) ~= M.encode(again[k]) then keys[#keys + 1] = "field " .. tostring(k); end
	end
	for k in pairs(again) do
		if doc[k] == nil then keys[#keys + 1] = "field " .. tostring(k); end
	end
	return false, ("JSON differs\nwant: %s\ngot:  %s"):format(want, got), keys;
end

-- The spec -----------------------------------------------------------------------

local cases = load_cases();
local results = {}; -- results[check][i] = { ok, keys }
for _, check in ipairs(CHECKS) do results[check] = {}; end
local fields_seen = {};

local function summary()
	local lines = { "", ("mod_rest map corpus: %d cases"):format(#cases) };
	local per_file, order = {}, {};
	for i, case in ipairs(cases) do
		local f = per_file[case.file];
		if not f then
			f = { cases = 0, expected = 0 };
			for _, check in ipairs(CHECKS) do f[check] = 0; end
			per_file[case.file] = f;
			order[#order + 1] = case.file;
		end
		f.cases = f.cases + 1;
		if case.expected then f.expected = f.expected + 1; end
		for _, check in ipairs(CHECKS) do
			local r = results[check][i];
			if r and r.ok then f[check] = f[check] + 1; end
		end
	end
	lines[#lines + 1] = ("%-22s %5s %9s %10s %10s %9s"):format("file", "cases", "xml->xml", "json->json", "unmapped*", "expected");
	local totals = { cases = 0, expected = 0, xml = 0, json = 0, unmapped = 0 };
	for _, file in ipairs(order) do
		local f = per_file[file];
		lines[#lines + 1] = ("%-22s %5d %9d %10d %10d %9d"):format(file, f.cases, f.xml, f.json, f.unmapped, f.expected);
		for k in pairs(totals) do totals[k] = totals[k] + f[k]; end
	end
	lines[#lines + 1] = ("%-22s %5d %9d %10d %10d %9d"):format("total", totals.cases, totals.xml, totals.json, totals.unmapped, totals.expected);
	lines[#lines + 1] = "(* unmapped: cases without unmapped=\"expected\" that leave nothing unmapped, plus expected cases)";
	for _, check in ipairs(CHECKS) do
		local groups, group_order = {}, {};
		for i, case in ipairs(cases) do
			local r = results[check][i];
			if r and not r.ok then
				local seen = {};
				for _, key in ipairs(r.keys or { "?" }) do
					if not seen[key] then
						seen[key] = true;
						if not groups[key] then groups[key] = {}; group_order[#group_order + 1] = key; end
						table.insert(groups[key], case.file .. ": " .. case.name);
					end
				end
			end
		end
		if #group_order > 0 then
			table.sort(group_order);
			lines[#lines + 1] = ("failing %s, by element or field:"):format(CHECK_TITLES[check]);
			for _, key in ipairs(group_order) do
				lines[#lines + 1] = ("  %s (%d): %s"):format(key, #groups[key], table.concat(groups[key], "; "));
			end
		end
	end
	local stale = {};
	for i, case in ipairs(cases) do
		if case.expected and results.unmapped[i] and results.unmapped[i].covered and results.xml[i] and results.xml[i].ok then
			stale[#stale + 1] = case.file .. ": " .. case.name;
		end
	end
	if #stale > 0 then
		lines[#lines + 1] = "unmapped=\"expected\" but fully covered now (drop the attribute): " .. table.concat(stale, "; ");
	end
	local never = {};
	for _, mapper in ipairs(map.fieldMappers()) do
		if not fields_seen[mapper.name] then never[#never + 1] = mapper.name; end
	end
	lines[#lines + 1] = ("fields never produced by the corpus: %s"):format(#never == 0 and "none" or table.concat(never, ", "));
	io.stdout:write(table.concat(lines, "\n"), "\n");
end

describe("mod_rest map corpus", function ()
	it("holds at least 150 cases with unique names per file", function ()
		assert.is_true(#cases >= 150, ("only %d cases"):format(#cases));
		local seen = {};
		for _, case in ipairs(cases) do
			local id = case.file .. ": " .. case.name;
			assert.is_nil(seen[id], "duplicate case " .. id);
			seen[id] = true;
		end
	end);

	for i, case in ipairs(cases) do
		local title = ("%s: %s (%s)"):format(case.file, case.name, tostring(case.source));
		describe(title, function ()
			it(CHECK_TITLES.xml, function ()
				local ok, message, keys = run_check("xml", case);
				results.xml[i] = { ok = ok, keys = keys };
				local got, doc = pcall(map.stanzaToJson, case.stanza);
				if got and type(doc) == "table" then
					for k in pairs(doc) do fields_seen[k] = true; end
				end
				assert(ok, message);
			end);
			it(CHECK_TITLES.json, function ()
				local ok, message, keys = run_check("json", case);
				results.json[i] = { ok = ok, keys = keys };
				assert(ok, message);
			end);
			it(CHECK_TITLES.unmapped, function ()
				local ok, message, keys = run_check("unmapped", case);
				if case.expected then
					-- the case leaves something to XML on purpose; say so when it no longer does
					results.unmapped[i] = { ok = true, covered = ok };
					return;
				end
				results.unmapped[i] = { ok = ok, keys = keys };
				assert(ok, message);
			end);
		end);
	end

	teardown(summary);
end);
