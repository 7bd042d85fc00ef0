-- Wrong input never raises. The per-field cases are generated from each
-- field mapper's published schema (`mapper.shape.schema`): for every field
-- and every path inside it (object properties, map values, array items,
-- through anyOf alternatives), every value of VALUES (and the schema's own
-- samples) is planted in an otherwise minimal valid document, and the
-- document is either accepted (when the schema says the value fits) or
-- refused with a text naming that path, never raising. A new mapper gets
-- its cases from its shape, with no edit here.
--
-- The oracle is a small JSON Schema evaluator for the keywords shapes
-- publish. Where it cannot decide (an ECMA-262 `pattern`, a `format`, a
-- nested stanza document, a string XML cannot carry) either outcome is
-- allowed, but a refusal must still name the path.
--
-- Then random documents, random form fields and random stanzas.

local M = require "mod_rest.map_support";
local json = require "util.json";
local st = require "util.stanza";
local utf8_valid = require "util.encodings".utf8.valid;
local map = M.map;

local null = json.null;
local array_mt = getmetatable(json.decode("[]"));
local function arr(t) return setmetatable(t, array_mt); end

-- Every wrong value, described for the test names.
local VALUES = {};
local function value(v) VALUES[#VALUES + 1] = v; end
for _, s in ipairs({ "x", "", "away", "<body/>", ("long "):rep(2000), "a\1b", "nul\0", "\27[31m", "\255\254", "caf\195",
	"\237\160\128", -- a UTF-16 surrogate in UTF-8
	"2002-09-10T23:08:25Z", "2000-02-29T00:00:00.5+01:00", "2023-02-29T00:00:00Z", "5", "true" }) do
	value(s);
end
for _, n in ipairs({ 0, 5, -1, 127, 128, -129, 1.5, -0.5, 1e300, -1e300, 2^53, 2^63 }) do value(n); end
value(true);
value(false);
value(null);
value(arr({}));
value(arr({ 1 }));
value(arr({ "a", "b" }));
value({});
value({ a = 1 });
value({ node = 5 });

---------------------------------------------------------------------------
-- JSON types as the mapping sees them (field.ts describe/isArray).

local function is_sequence(t)
	local n = 0;
	for k in pairs(t) do
		if type(k) ~= "number" then return false; end
		n = n + 1;
	end
	return n > 0 and #t == n;
end

local function jtype(v)
	if v == null then return "null"; end
	local t = type(v);
	if t == "table" then
		return (getmetatable(v) ~= nil or is_sequence(v)) and "array" or "object";
	end
	return t;
end

local function count_items(v)
	local n = 0;
	for _ in pairs(v) do n = n + 1; end
	return n;
end

local function is_finite(n) return n == n and n ~= math.huge and n ~= -math.huge; end

-- YES, NO, or MAYBE for an empty plain table where a list is expected: JSON's {} is
-- an object, but Lua code building documents writes an empty list the same way.
local NO, MAYBE, YES = 0, 1, 2;

local function type_fits(word, v)
	local jt = jtype(v);
	if word == "integer" then return jt == "number" and is_finite(v) and math.floor(v) == v and YES or NO; end
	if word == "number" then return jt == "number" and is_finite(v) and YES or NO; end
	if word == "array" and jt == "object" and next(v) == nil then return MAYBE; end
	return jt == word and YES or NO;
end

local function deep_equal(a, b)
	if a == b then return true; end
	if type(a) ~= "table" or type(b) ~= "table" or jtype(a) ~= jtype(b) then return false; end
	for k, x in pairs(a) do if not deep_equal(x, b[k]) then return false; end end
	for k in pairs(b) do if a[k] == nil then return false; end end
	return true;
end

---------------------------------------------------------------------------
-- XEP-0082 DateTime, written independently of the mapping's check.

local DATETIME_PATTERN = M.field("anykind_datetime").DATETIME_PATTERN;
local function is_leap(y) return y % 4 == 0 and (y % 100 ~= 0 or y % 400 == 0); end
local function is_datetime(s)
	local y, mo, d, h, mi, sec, rest = s:match("^(%d%d%d%d)%-(%d%d)%-(%d%d)T(%d%d):(%d%d):(%d%d)(.*)$");
	if not y then return false; end
	y, mo, d = tonumber(y), tonumber(mo), tonumber(d);
	local days = ({ 31, is_leap(y) and 29 or 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 })[mo];
	if not days or d < 1 or d > days or tonumber(h) > 23 or tonumber(mi) > 59 or tonumber(sec) > 59 then return false; end
	rest = rest:gsub("^%.%d+", "", 1);
	if rest == "Z" then return true; end
	local zh, zm = rest:match("^[+-](%d%d):(%d%d)$");
	return zh ~= nil and tonumber(zh) <= 23 and tonumber(zm) <= 59;
end

---------------------------------------------------------------------------
-- The oracle: does `v` fit `schema`? YES, NO, or MAYBE (cannot tell).

-- Keywords the oracle decides; any other keyword makes a YES a MAYBE.
local KNOWN = {};
for _, k in ipairs({ "$schema", "$id", "$ref", "$defs", "title", "description", "examples", "default", "deprecated",
	"readOnly", "writeOnly", "type", "const", "enum", "format", "pattern", "minimum", "maximum", "exclusiveMinimum",
	"exclusiveMaximum", "minLength", "maxLength", "properties", "required", "additionalProperties", "items", "minItems",
	"maxItems", "anyOf", "oneOf", "allOf", "xml" }) do
	KNOWN[k] = true;
end

local judge;

local function judge_string(schema, s)
	local r = YES;
	if not utf8_valid(s) or s:find("[%z\1-\8\11\12\14-\31]") then
		r = MAYBE; -- JSON cannot carry invalid UTF-8; XML cannot carry these controls
	end
	local len = select(2, s:gsub("[^\128-\191]", "")); -- characters (UTF-8 lead bytes)
	if (schema.minLength and len < schema.minLength) or (schema.maxLength and len > schema.maxLength) then
		return NO;
	end
	if schema.pattern ~= nil or schema.format ~= nil then
		if schema.format == "date-time" and (schema.pattern == nil or schema.pattern == DATETIME_PATTERN) then
			if not is_datetime(s) then return NO; end
		else
			r = math.min(r, MAYBE);
		end
	end
	return r;
end

local function judge_number(schema, n)
	if (schema.minimum and n < schema.minimum) or (schema.maximum and n > schema.maximum)
		or (schema.exclusiveMinimum and n <= schema.exclusiveMinimum) or (schema.exclusiveMaximum and n >= schema.exclusiveMaximum) then
		return NO;
	end
	return YES;
end

local function judge_object(schema, v)
	local r = YES;
	for _, name in ipairs(schema.required or {}) do
		if v[name] == nil then return NO; end
	end
	local props = schema.properties or {};
	for name, sub in pairs(props) do
		if v[name] ~= nil then r = math.min(r, judge(sub, v[name])); end
	end
	local extra = schema.additionalProperties;
	if extra ~= nil and extra ~= true then
		for k, x in pairs(v) do
			if props[k] == nil then
				if type(k) ~= "string" or extra == false then return NO; end
				r = math.min(r, judge(extra, x), judge_string({}, k));
			end
		end
	end
	return r;
end

local function judge_array(schema, v)
	local n = count_items(v);
	if (schema.minItems and n < schema.minItems) or (schema.maxItems and n > schema.maxItems) then return NO; end
	local r = YES;
	if schema.items ~= nil then
		for i = 1, n do r = math.min(r, judge(schema.items, v[i])); end
	end
	return r;
end

function judge(schema, v)
	if schema == true or schema == nil then return YES; end
	if schema == false then return NO; end
	local r = YES;
	for k in pairs(schema) do
		if not KNOWN[k] then r = MAYBE; end
	end
	if schema["$ref"] ~= nil then
		-- A nested stanza document: an object, whose content the whole mapping judges.
		if jtype(v) ~= "object" then return NO; end
		r = math.min(r, MAYBE);
	end
	if schema.const ~= nil and not deep_equal(schema.const, v) then return NO; end
	if schema.enum ~= nil then
		local found = false;
		for _, w in ipairs(schema.enum) do found = found or deep_equal(w, v); end
		if not found then return NO; end
	end
	if schema.type ~= nil then
		local words = type(schema.type) == "table" and schema.type or { schema.type };
		local fits = NO;
		for _, w in ipairs(words) do fits = math.max(fits, type_fits(w, v)); end
		if fits == NO then return NO; end
		r = math.min(r, fits);
	end
	local jt = jtype(v);
	if jt == "string" then
		r = math.min(r, judge_string(schema, v));
	elseif jt == "number" then
		r = math.min(r, judge_number(schema, v));
	end
	if type_fits("array", v) ~= NO and (schema.type == "array" or schema.items ~= nil) then
		r = math.min(r, judge_array(schema, v));
	elseif jt == "object" then
		r = math.min(r, judge_object(schema, v));
	end
	if schema.anyOf or schema.oneOf then
		local best, yes = NO, 0;
		for _, alt in ipairs(schema.anyOf or schema.oneOf) do
			local j = judge(alt, v);
			if j == YES then yes = yes + 1; end
			best = math.max(best, j);
		end
		if schema.oneOf and yes > 1 then best = NO; end
		r = math.min(r, best);
	end
	for _, sub in ipairs(schema.allOf or {}) do r = math.min(r, judge(sub, v)); end
	return r;
end

---------------------------------------------------------------------------
-- Minimal valid instances, and the JSON types a schema can accept.

local FORMAT_SAMPLES = {
	["date-time"] = "2002-09-10T23:08:25Z", uri = "https://example.com/", ["uri-reference"] = "https://example.com/",
	email = "user@example.com", uuid = "3f2504e0-4f89-11d3-9a0c-0305e82c3301", date = "2002-09-10", time = "23:08:25Z",
};

local function types_of(schema, out)
	out = out or {};
	if type(schema) ~= "table" then
		for _, w in ipairs({ "string", "number", "boolean", "null", "array", "object" }) do out[w] = true; end
		return out;
	end
	if schema["$ref"] then out.object = true; return out; end
	if schema.const ~= nil then out[jtype(schema.const)] = true; return out; end
	if schema.enum then
		for _, w in ipairs(schema.enum) do out[jtype(w)] = true; end
		return out;
	end
	if schema.type then
		for _, w in ipairs(type(schema.type) == "table" and schema.type or { schema.type }) do
			out[w == "integer" and "number" or w] = true;
		end
		return out;
	end
	if schema.anyOf or schema.oneOf then
		for _, alt in ipairs(schema.anyOf or schema.oneOf) do types_of(alt, out); end
		return out;
	end
	return types_of(true, out);
end

local minimal;

local function minimal_number(schema, integer)
	local lo = schema.minimum or (schema.exclusiveMinimum and schema.exclusiveMinimum + 1) or -math.huge;
	local hi = schema.maximum or (schema.exclusiveMaximum and schema.exclusiveMaximum - 1) or math.huge;
	local n = 0;
	if n < lo then n = lo elseif n > hi then n = hi end
	if integer then n = math.ceil(n); end
	return n;
end

function minimal(schema)
	if type(schema) ~= "table" then return 1; end
	if schema["$ref"] then return {}; end -- a nested stanza document: {} is an empty message
	if schema.const ~= nil then return schema.const; end
	if schema.enum then return schema.enum[1]; end
	if schema.examples and schema.examples[1] ~= nil then return schema.examples[1]; end
	local word = type(schema.type) == "table" and schema.type[1] or schema.type;
	if word == nil and (schema.anyOf or schema.oneOf) then return minimal((schema.anyOf or schema.oneOf)[1]); end
	if word == "string" then
		return FORMAT_SAMPLES[schema.format] or ("x"):rep(math.max(1, schema.minLength or 1));
	elseif word == "integer" or word == "number" then
		return minimal_number(schema, word == "integer");
	elseif word == "boolean" then
		return true;
	elseif word == "null" then
		return null;
	elseif word == "array" then
		local list = arr({});
		for i = 1, schema.minItems or 0 do list[i] = minimal(schema.items); end
		return list;
	elseif word == "object" then
		local obj = {};
		for _, name in ipairs(schema.required or {}) do
			obj[name] = minimal((schema.properties or {})[name]);
		end
		return obj;
	end
	return 1; -- any value
end

---------------------------------------------------------------------------
-- Paths: every place a value sits in a field, through anyOf alternatives.

-- The object and array schemas a value of `schema` may be (the alternatives of anyOf, flattened).
local function containers(schema, out)
	out = out or {};
	if type(schema) ~= "table" or schema["$ref"] then return out; end
	if schema.anyOf or schema.oneOf then
		for _, alt in ipairs(schema.anyOf or schema.oneOf) do containers(alt, out); end
	end
	if schema.type == "object" or schema.type == "array" then out[#out + 1] = schema; end
	return out;
end

local function sorted_keys(t)
	local keys = {};
	for k in pairs(t or {}) do keys[#keys + 1] = k; end
	table.sort(keys);
	return keys;
end

-- Each step: the schema at that level, the container alternative taken, the key in it, and the level's path.
local function walk(schema, path, steps, out, depth)
	out[#out + 1] = { path = path, steps = steps, schema = schema };
	if depth > 8 then return; end
	for _, c in ipairs(containers(schema)) do
		local function step(key, sub, sub_path)
			local next_steps = {};
			for i, s in ipairs(steps) do next_steps[i] = s; end
			next_steps[#next_steps + 1] = { schema = schema, container = c, key = key, path = path };
			walk(sub, sub_path, next_steps, out, depth + 1);
		end
		if c.type == "object" then
			for _, name in ipairs(sorted_keys(c.properties)) do step(name, c.properties[name], path .. "." .. name); end
			if type(c.additionalProperties) == "table" then step("k", c.additionalProperties, path .. ".k"); end
		elseif c.items ~= nil then
			step(1, c.items, path .. "[0]");
		end
	end
end

-- The field's value with `v` planted at the end of `steps`, everything else minimal.
local function plant(steps, i, v)
	if i > #steps then return v; end
	local s = steps[i];
	local c = minimal(s.container);
	if s.container.type == "array" then
		c = arr(c);
		c[1] = plant(steps, i + 1, v);
	else
		c[s.key] = plant(steps, i + 1, v);
	end
	return c;
end

-- Paths a refusal may name: the planted one, and each ancestor whose anyOf has several
-- alternatives of the container's JSON type (the shape then cannot tell which was meant).
local function blame_paths(case)
	local paths = { case.path };
	for _, s in ipairs(case.steps) do
		local alts = s.schema.anyOf or s.schema.oneOf;
		if alts then
			local word = s.container.type;
			local n = 0;
			for _, alt in ipairs(alts) do if types_of(alt)[word] then n = n + 1; end end
			if n > 1 then paths[#paths + 1] = s.path; end
		end
	end
	return paths;
end

local function names_field(err, path)
	local after = err:sub(#path + 1, #path + 1);
	return err:sub(1, #path) == path and (after == ":" or after == "." or after == "[" or after == " ");
end

local function names_any(err, paths)
	for _, p in ipairs(paths) do if names_field(err, p) then return true; end end
	return false;
end

local function describe_value(v)
	local jt = jtype(v);
	if jt == "string" then return ("%q"):format(#v > 20 and v:sub(1, 20) .. "..." or v); end
	if jt == "array" or jt == "object" then return jt .. " " .. json.encode(v); end
	return jt .. " " .. tostring(v);
end

local function first_kind(mapper)
	for _, kind in ipairs({ "message", "presence", "iq" }) do
		if mapper.kinds[kind] then return kind; end
	end
end

-- The schema's own samples at a path (its minimal instance, enum words, examples, const).
local function samples(schema)
	local list = { minimal(schema) };
	if type(schema) == "table" then
		for i, w in ipairs(schema.enum or {}) do if i <= 3 then list[#list + 1] = w; end end
		for _, e in ipairs(schema.examples or {}) do list[#list + 1] = e; end
		for _, alt in ipairs(schema.anyOf or {}) do list[#list + 1] = minimal(alt); end
	end
	return list;
end

---------------------------------------------------------------------------

local VERDICT = { [NO] = "refused", [MAYBE] = "either", [YES] = "accepted" };

-- Nil when the mapping answers `v` at the case's path as the schema says; else what went wrong.
local function check_case(mapper, kind, schema, case, blame, v)
	local field_value = plant(case.steps, 1, v);
	local verdict = judge(schema, field_value);
	local doc = { kind = kind, [mapper.name] = field_value };
	local ok, stanza, err = pcall(map.jsonToStanza, doc);
	if not ok then return "raised: " .. tostring(stanza); end
	if stanza then
		if verdict == NO then return "accepted what the schema refuses: " .. M.encode(doc); end
		if not st.is_stanza(stanza) then return "not a stanza"; end
		return nil;
	end
	if type(err) ~= "string" then return "refused without a text"; end
	if verdict == YES then return ("refused what the schema accepts: %s: %s"):format(M.encode(doc), err); end
	if not names_any(err, blame) then return ("%q does not name %s"):format(err, case.path); end
	return nil;
end

describe("mod_rest map: garbage in every field (generated from the schemas)", function ()
	local cases, seen = 0, {};
	for _, mapper in ipairs(map.fieldMappers()) do
		local schema = mapper.shape.schema;
		local kind = first_kind(mapper);
		local paths = {};
		walk(schema, mapper.name, {}, paths, 0);
		seen[mapper.name] = true;

		it(("%s (%s): a minimal instance of its schema is accepted"):format(mapper.name, kind), function ()
			local doc = { kind = kind, [mapper.name] = minimal(schema) };
			local ok, stanza, err = pcall(map.jsonToStanza, doc);
			assert(ok, "raised: " .. tostring(stanza));
			assert(stanza, ("%s refused: %s (a schema without `examples` for a pattern?)"):format(M.encode(doc), tostring(err)));
		end);

		for _, case in ipairs(paths) do
			local blame = blame_paths(case);
			local list = {};
			for _, v in ipairs(VALUES) do list[#list + 1] = v; end
			for _, v in ipairs(samples(case.schema)) do list[#list + 1] = v; end
			cases = cases + #list;
			-- One test per path; its failure lists every value that went wrong there.
			it(("%s (%s): every value accepted or refused naming it, as the schema says"):format(case.path, kind), function ()
				local problems = {};
				for _, v in ipairs(list) do
					local problem = check_case(mapper, kind, schema, case, blame, v);
					if problem then problems[#problems + 1] = describe_value(v) .. ": " .. problem; end
				end
				assert(#problems == 0, table.concat(problems, "\n"));
			end);
		end
	end

	-- The top-level attributes are no mappers: their schemas are written here.
	local CORE = {
		{ "kind", {}, { enum = { "message", "presence", "iq" } } },
		{ "type", { kind = "message" }, { enum = { "normal", "chat", "headline", "groupchat", "error" } } },
		{ "type", { kind = "presence" },
			{ enum = { "available", "unavailable", "subscribe", "subscribed", "unsubscribe", "unsubscribed", "probe", "error" } } },
		{ "type", { kind = "iq" }, { enum = { "get", "set", "result", "error" } } },
		{ "to", { kind = "message" }, { type = "string" } },
		{ "from", { kind = "presence" }, { type = "string" } },
		{ "id", { kind = "iq" }, { type = "string" } },
		{ "lang", { kind = "message" }, { type = "string" } },
		{ "unmapped", { kind = "message" }, { type = "array", items = { type = "string", pattern = "xml" } } },
	};
	for _, core in ipairs(CORE) do
		local name, base, schema = core[1], core[2], core[3];
		for _, v in ipairs(VALUES) do
			cases = cases + 1;
			local verdict = judge(schema, v);
			it(("%s (%s) = %s: %s"):format(name, base.kind or "?", describe_value(v), VERDICT[verdict]), function ()
				local doc = { [name] = v };
				for k, x in pairs(base) do doc[k] = x; end
				local ok, stanza, err = pcall(map.jsonToStanza, doc);
				assert(ok, "raised: " .. tostring(stanza));
				if stanza then
					assert(verdict ~= NO, "accepted: " .. M.encode(doc));
				else
					assert(verdict ~= YES, ("refused: %s"):format(tostring(err)));
					assert(names_field(err, name), ("%q does not name %s"):format(err, name));
				end
			end);
		end
	end

	it("generated many cases", function ()
		assert.is_true(cases > 2000, tostring(cases));
	end);
	it("covers every field of the registry", function ()
		for _, mapper in ipairs(map.fieldMappers()) do
			assert(seen[mapper.name], mapper.name .. " has no garbage cases");
			assert.is_table(mapper.shape.schema, mapper.name);
		end
	end);
	it("has an oracle that decides the common shapes", function ()
		assert.equal(YES, judge({ type = "integer", minimum = 0, maximum = 5 }, 5));
		assert.equal(NO, judge({ type = "integer", minimum = 0, maximum = 5 }, 1.5));
		assert.equal(MAYBE, judge({ type = "array", items = { type = "string" } }, {}));
		assert.equal(YES, judge({ type = "array", items = { type = "string" } }, arr({ "a" })));
		assert.equal(NO, judge({ type = "object" }, arr({})));
		assert.equal(NO, judge({ anyOf = { { const = true }, { type = "string" } } }, false));
		assert.equal(MAYBE, judge({ type = "string", pattern = "^a" }, "b"));
		assert.equal(NO, judge({ type = "string", format = "date-time", pattern = DATETIME_PATTERN }, "2023-02-29T00:00:00Z"));
		assert.equal(YES, judge({ type = "string", format = "date-time", pattern = DATETIME_PATTERN }, "2024-02-29T00:00:00Z"));
		assert.equal(NO, judge({ type = "object", required = { "a" }, properties = { a = { type = "string" } } }, {}));
	end);
end);

---------------------------------------------------------------------------

-- A fixed-seed pseudo-random generator (the same cases on every run and interpreter).
local function generator(seed)
	local state = seed;
	return function (n)
		state = (state * 1103515245 + 12345) % 2147483648;
		return state % n + 1;
	end
end

-- Every property name any field's schema knows, for random objects.
local KEYS = {};
do
	local known = {};
	local function collect(schema)
		if type(schema) ~= "table" then return; end
		for name, sub in pairs(schema.properties or {}) do
			if not known[name] then known[name] = true; KEYS[#KEYS + 1] = name; end
			collect(sub);
		end
		for _, alt in ipairs(schema.anyOf or {}) do collect(alt); end
		collect(schema.items);
		collect(schema.additionalProperties);
	end
	for _, mapper in ipairs(map.fieldMappers()) do collect(mapper.shape.schema); end
	table.sort(KEYS);
	for _, k in ipairs({ "id", "node", "x" }) do
		if not known[k] then KEYS[#KEYS + 1] = k; end
	end
end

local function random_value(rand, depth)
	local pick = rand(depth > 2 and 6 or 8);
	if pick == 1 then return VALUES[rand(#VALUES)]; end
	if pick == 2 then return true; end
	if pick == 3 then return ({ "away", "chat", "get", "result", "x", "", "\255", "<body/>", "n", "2002-09-10T23:08:25Z" })[rand(10)]; end
	if pick == 4 then return ({ 0, 1, -1, 127, 300, 0.5 })[rand(6)]; end
	if pick == 5 then return null; end
	if pick == 6 then return false; end
	local t = pick == 7 and arr({}) or {};
	for i = 1, rand(4) - 1 do
		if pick == 7 then
			t[i] = random_value(rand, depth + 1);
		else
			t[KEYS[rand(#KEYS)]] = random_value(rand, depth + 1);
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
				local name = err:match("^[%w_%-]+");
				assert(doc[name] ~= nil, ("%q names no field of %s"):format(err, json.encode(doc)));
			end
		end
		assert.is_true(accepted > 100 and refused > 100);
	end);
end);

describe("mod_rest map: random form fields", function ()
	local names = { "kind", "type", "to", "from", "id", "lang", "error", "unknown", "" };
	for _, mapper in ipairs(map.fieldMappers()) do names[#names + 1] = mapper.name; end
	local texts = { "", "x", "away", "5", "-129", "1.5", "true", "\255", "a\0b", "<body/>", "get", "presence", "iq",
		"2002-09-10T23:08:25Z", "{}" };

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
					assert(form[err2:match("^[%w_%-]+")] ~= nil, err2);
				end
			else
				assert(form[err:match("^[%w_%-]+")] ~= nil, err);
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
		"<delay xmlns='urn:xmpp:delay' stamp='2002-09-10T23:08:25Z' from='f'>t</delay>", "<delay xmlns='urn:xmpp:delay' stamp='x'/>",
		"<set xmlns='http://jabber.org/protocol/rsm'><max>5</max><first index='1'>f</first></set>",
		"<set xmlns='http://jabber.org/protocol/rsm'><count>5</count><max>1</max></set>",
		"<x xmlns='http://jabber.org/protocol/muc'><history seconds='5'/><password/></x>",
		"<x xmlns='vcard-temp:x:update'><photo/></x>",
	};
	-- For every element a field stands for: empty, with text, with an unknown child and attribute.
	for _, mapper in ipairs(map.fieldMappers()) do
		for _, element in ipairs(mapper.elements) do
			local open = "<" .. element.name .. (element.xmlns and (" xmlns='" .. element.xmlns .. "'") or "");
			PIECES[#PIECES + 1] = open .. "/>";
			PIECES[#PIECES + 1] = open .. ">t</" .. element.name .. ">";
			PIECES[#PIECES + 1] = open .. " odd='1'><odd/>t</" .. element.name .. ">";
		end
	end
	local TOPS = { { "message", "chat" }, { "message", "error" }, { "message" }, { "presence" }, { "presence", "error" },
		{ "presence", "unavailable" }, { "iq", "get" }, { "iq", "set" }, { "iq", "result" }, { "iq", "error" } };

	-- What went wrong with one stanza text, nil when nothing did.
	local function problem_with(text)
		local ok, doc = pcall(map.stanzaToJson, M.xml(text));
		if not ok then return "stanzaToJson raised: " .. tostring(doc); end
		local stanza, err = map.jsonToStanza(doc);
		if not stanza then return ("-> %s refused: %s"):format(M.encode(doc), tostring(err)); end
		local again = M.encode(map.stanzaToJson(stanza));
		if again ~= M.encode(doc) then return ("-> %s -> %s"):format(M.encode(doc), again); end
	end

	it("map to JSON that maps back", function ()
		local rand = generator(5);
		local problems, seen = {}, {};
		for _ = 1, 3000 do
			local top_ = TOPS[rand(#TOPS)];
			local parts = {};
			for i = 1, rand(4) do parts[i] = PIECES[rand(#PIECES)]; end
			local text = ("<%s xmlns='jabber:client' id='r'%s>%s</%s>"):format(top_[1],
				top_[2] and (" type='" .. top_[2] .. "'") or "", table.concat(parts), top_[1]);
			local problem = problem_with(text);
			if problem then
				-- Each piece alone, to name the culprit once.
				for _, part in ipairs(parts) do
					local single = ("<%s xmlns='jabber:client' id='r'%s>%s</%s>"):format(top_[1],
						top_[2] and (" type='" .. top_[2] .. "'") or "", part, top_[1]);
					local alone = problem_with(single);
					if alone and not seen[single] then
						seen[single] = true;
						problems[#problems + 1] = single .. " " .. alone;
					end
				end
				if #problems == 0 then problems[1] = text .. " " .. problem; end
			end
		end
		assert(#problems == 0, table.concat(problems, "\n"));
	end);
end);
