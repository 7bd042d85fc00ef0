-- src/lib/json_text_object.ts: pieces of JSON text for flat string objects,
-- checked against util.json's decoder, from the library build.

local support = require "support";
local json = require "util.json";

after_each(support.assert_clean_logs);

describe("lib/json_text_object", function ()
	local lib = support.lib("json_text_object");

	-- An object as callers write one: a first member, then the optional ones.
	local function object(fields)
		return "{\"to\":" .. lib.jsonString(fields.to) .. lib.jsonMember("from", fields.from) .. lib.jsonMember("body", fields.body) .. "}";
	end

	it("writes a member when its value is set, nothing when it is nil", function ()
		assert.equal(',"b":"2"', lib.jsonMember("b", "2"));
		assert.equal("", lib.jsonMember("b", nil));
		assert.equal('{"to":"a","body":"1"}', object({ to = "a", body = "1" }));
		assert.equal("x\\ty", lib.jsonEscaped("x\ty"));
		assert.equal("plain", lib.jsonEscaped("plain"));
	end);

	it("escapes every control character, quotes and backslashes, and passes UTF-8 through", function ()
		for code = 0, 127 do
			local text = "<" .. string.char(code) .. ">";
			assert.equal(text, json.decode(lib.jsonString(text)), "byte " .. code);
		end
		assert.equal('"\\n\\t\\"\\\\"', lib.jsonString('\n\t"\\'));
		assert.equal('"h\195\169llo \240\159\152\128"', lib.jsonString("h\195\169llo \240\159\152\128"));
	end);

	it("round-trips random strings through util.json's decoder", function ()
		local seed = tonumber(os.getenv("SPEC_SEED") or "") or os.time();
		math.randomseed(seed);
		local pieces = { '"', "\\", "\n", "\0", "\31", "\127", "a", " ", "\195\169", "\226\130\172", "{", "}", ":" };
		for _ = 1, 2000 do
			local fields = {};
			for _, name in ipairs({ "to", "from", "body" }) do
				if name == "to" or math.random() < 0.8 then
					local buffer = {};
					for i = 1, math.random(0, 12) do buffer[i] = pieces[math.random(#pieces)]; end
					fields[name] = table.concat(buffer);
				end
			end
			local text = object(fields);
			assert.same(fields, json.decode(text), "seed " .. seed .. ": " .. text);
		end
	end);
end);
