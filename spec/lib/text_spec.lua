-- src/lib/text.ts: text that XML (util.stanza) accepts, from the library build.

local support = require "support";
local json = require "util.json";

after_each(support.assert_clean_logs);

describe("lib/text", function ()
	local text = support.lib("text");

	for _, s in ipairs({ "", "plain", "a\tb\r\nc", "ünïcødé ✓", "\127", "\239\191\189" }) do
		it(("accepts %q"):format(s), function ()
			assert.is_true(text.isXmlSafe(s));
			assert.is_true(text.isXmlSafeString(s));
		end);
	end

	for _, s in ipairs({ "\0", "a\1b", "\8", "\11", "\12", "\27[31m", "\31", "\255", "caf\195", "\192\175", "\237\160\128" }) do
		it(("refuses %q"):format(s), function ()
			assert.is_false(text.isXmlSafe(s));
			assert.is_false(text.isXmlSafeString(s));
		end);
	end

	it("isXmlSafeString refuses what is not a string", function ()
		for _, v in ipairs({ 5, true, {}, json.null }) do
			assert.is_false(text.isXmlSafeString(v));
		end
		assert.is_false(text.isXmlSafeString(nil));
	end);
end);
