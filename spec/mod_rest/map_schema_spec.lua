-- src/mod_rest/map/schema.ts and src/mod_rest/openapi.ts: the JSON Schema of
-- the mapping, built from the field registry, and the OpenAPI document that
-- holds it. What util.json writes of them must be what they mean: lists as
-- non-empty arrays, whole numbers exact, every $ref resolvable.
-- (Validation by real validators: test/mod_rest/openapi.test.ts.)

local M = require "mod_rest.map_support";
local json = require "util.json";

local schema_lib = require "src.mod_rest.map.schema";
local openapi = require "src.mod_rest.openapi";

--- Keywords whose value must be a non-empty JSON array.
local LIST_KEYWORDS = { required = true, enum = true, anyOf = true, oneOf = true, allOf = true, prefixItems = true };

--- What util.json makes of `value`, decoded again (arrays carry util.array's metatable).
local function through_json(value)
	return json.decode(json.encode(value));
end

--- Calls `f(value, key, parent_path)` for every value under `root`, depth first.
local function walk(root, f, at)
	at = at or "#";
	for key, value in pairs(root) do
		f(value, key, at);
		if type(value) == "table" then
			walk(value, f, at .. "/" .. tostring(key));
		end
	end
end

--- The problems of a decoded document: lists that are not non-empty arrays.
local function list_problems(doc)
	local problems = {};
	walk(doc, function (value, key, at)
		-- `properties` may name a field "required" or "enum": only schema keywords are checked.
		-- (OpenAPI's parameters and bodies have a boolean `required`.)
		if LIST_KEYWORDS[key] and not at:match("/properties$") and type(value) ~= "boolean" then
			if type(value) ~= "table" or getmetatable(value) == nil or #value == 0 then
				problems[#problems + 1] = at .. "/" .. key .. " is not a non-empty array";
			end
		end
	end);
	return problems;
end

--- Every $ref of a document.
local function refs(doc)
	local found = {};
	walk(doc, function (value, key) if key == "$ref" then found[#found + 1] = value; end end);
	return found;
end

--- The value at a JSON pointer ("#/a/b").
local function resolve(doc, pointer)
	local node = doc;
	for part in pointer:gmatch("/([^/]+)") do
		if type(node) ~= "table" then return nil; end
		node = node[(part:gsub("~1", "/"):gsub("~0", "~"))];
	end
	return node;
end

describe("the mapping's JSON Schema", function ()
	local schema = schema_lib.mappingSchema();
	local decoded = through_json(schema);
	local stanza = decoded["$defs"].stanza;

	it("is draft 2020-12: one stanza or the wrapper of several", function ()
		assert.equal("https://json-schema.org/draft/2020-12/schema", decoded["$schema"]);
		assert.same({ "#/$defs/stanza", "#/$defs/stanzas" }, { decoded.anyOf[1]["$ref"], decoded.anyOf[2]["$ref"] });
		assert.equal("#/$defs/stanza", decoded["$defs"].stanzas.properties.xmpp.items["$ref"]);
		assert.same({ "xmpp" }, { table.unpack and table.unpack(stanza["not"].required) or unpack(stanza["not"].required) });
	end);

	it("has every field of the registry, the attributes and unmapped", function ()
		for _, mapper in ipairs(M.map.fieldMappers()) do
			assert.is_table(stanza.properties[mapper.name], mapper.name);
			assert.is_string(stanza.properties[mapper.name].description, mapper.name);
		end
		for _, name in ipairs({ "kind", "type", "to", "from", "id", "lang", "unmapped" }) do
			assert.is_table(stanza.properties[name], name);
		end
		assert.equal(M.map.UNMAPPED_DESCRIPTION, stanza.properties.unmapped.description);
		assert.same({ type = "string", contentMediaType = "application/xml" }, stanza.properties.unmapped.items);
	end);

	it("merges the fields several mappers share with anyOf, one branch each, naming the kinds", function ()
		local count = {};
		for _, mapper in ipairs(M.map.fieldMappers()) do
			count[mapper.name] = (count[mapper.name] or 0) + 1;
		end
		local shared = 0;
		for name, n in pairs(count) do
			if n > 1 then
				shared = shared + 1;
				assert.equal(n, #stanza.properties[name].anyOf, name);
				assert.matches("In %a+ stanzas", stanza.properties[name].description);
			end
		end
		assert.is_true(shared >= 1, "oob is shared by message and iq");
	end);

	it("describes each field with its specification and kinds", function ()
		for _, mapper in ipairs(M.map.fieldMappers()) do
			local text = stanza.properties[mapper.name].description;
			assert.truthy(text:find(mapper.spec, 1, true), mapper.name .. ": " .. text);
		end
		local body = M.field("message").body;
		assert.equal(body.description .. " RFC 6121, in message stanzas.", stanza.properties.body.description);
	end);

	it("writes every list as a non-empty JSON array", function ()
		assert.same({}, list_problems(decoded));
	end);

	it("refers only to its own definitions", function ()
		for _, ref in ipairs(refs(decoded)) do
			assert.is_table(resolve(decoded, ref), ref);
		end
	end);

	it("shares no table with the shapes (a copy for each use)", function ()
		local first = schema_lib.mappingSchema();
		first["$defs"].stanza.properties.body.type = "changed";
		assert.equal("string", schema_lib.mappingSchema()["$defs"].stanza.properties.body.type);
		assert.equal(json.encode_ordered(schema_lib.mappingSchema()), json.encode_ordered(schema_lib.mappingSchema()));
	end);

	it("writes whole numbers exactly (Lua 5.3+: as integers)", function ()
		if _VERSION == "Lua 5.2" then return pending("Lua 5.2 has no integers"); end
		local text = json.encode(schema);
		assert.is_nil(text:find("[%d]e[+-]?%d"), "a number in exponent form");
	end);
end);

describe("the OpenAPI document", function ()
	local doc = through_json(openapi.openApiDocument("/rest", "1.2.3"));

	it("is OpenAPI 3.1 with the version and server given", function ()
		assert.equal("3.1.0", doc.openapi);
		assert.equal("1.2.3", doc.info.version);
		assert.equal("/rest", doc.servers[1].url);
		assert.same({ "basic", "bearer" }, { (next(doc.security[1])), (next(doc.security[2])) });
		assert.equal(0, #doc.security[1].basic);
		assert.is_not_nil(getmetatable(doc.security[1].basic), "an empty array, not {}");
	end);

	it("writes every list as a non-empty JSON array and resolves every $ref", function ()
		local problems = list_problems(doc);
		assert.same({}, problems);
		for _, ref in ipairs(refs(doc)) do
			assert.matches("^#/components/schemas/", ref);
			assert.is_table(resolve(doc, ref), ref);
		end
	end);

	it("holds the mapping's stanza schema, nested stanzas pointing at it", function ()
		local mapping = through_json(schema_lib.mappingSchema());
		local ours = doc.components.schemas.Stanza;
		assert.same(mapping["$defs"].stanza.properties.body, ours.properties.body);
		local function strip(value)
			return (json.encode_ordered(value):gsub("#/components/schemas/Stanza", "#/$defs/stanza"));
		end
		assert.equal(json.encode_ordered(mapping["$defs"].stanza), strip(ours));
	end);

	it("documents the documents without credentials and the API with them", function ()
		assert.equal(0, #doc.paths["/openapi.yaml"].get.security);
		assert.is_nil(doc.paths["/"].post.security);
		assert.is_table(doc.paths["/"].post.responses["401"]);
	end);
end);
