-- src/lib/collections.ts: setOf, from the library build.

local support = require "support";

after_each(support.assert_clean_logs);

describe("lib/collections setOf", function ()
	local collections = support.lib("collections");

	it("makes a set of the items (plain table keys)", function ()
		assert.same({ a = true, b = true }, collections.setOf({ "a", "b", "a" }));
		assert.same({}, collections.setOf({}));
		assert.is_nil(getmetatable(collections.setOf({ "x" })));
	end);
end);
