-- src/lib/json.ts: util.json with protected decoding, from the library build.

local support = require "support";
local json = require "util.json";

after_each(support.assert_clean_logs);

describe("lib/json", function ()
	local lj = support.lib("json");

	it("decodes JSON and gives nil, never an error, for what is not JSON", function ()
		assert.same({ a = 1 }, lj.decode('{"a":1}'));
		for _, text in ipairs({ "", "{", "nul", "{'a':1}", '{"__hash":5}', '{"__array":5}', string.rep("[", 200000) }) do
			assert.is_nil(lj.decode(text), text:sub(1, 20));
		end
	end);

	it("tells objects from arrays, null and scalars", function ()
		assert.is_true(lj.isObject(lj.decode("{}")));
		assert.is_true(lj.isObject(lj.decode('{"a":[1]}')));
		for _, text in ipairs({ "[]", "[1]", "null", "5", '"s"', "true" }) do
			assert.is_false(lj.isObject(lj.decode(text)), text);
		end
		assert.is_false(lj.isObject(nil));
	end);

	it("exposes util.json's null and encode", function ()
		assert.equal(json.null, lj.NULL);
		assert.equal(lj.NULL, lj.decode('{"a":null}').a);
		assert.same({ a = "x" }, json.decode(lj.encode({ a = "x" })));
	end);
end);
