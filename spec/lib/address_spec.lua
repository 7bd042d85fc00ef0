-- src/lib/address.ts: validating and normalising addresses, from the library build.

local support = require "support";

after_each(support.assert_clean_logs);

describe("lib/address prepJid", function ()
	local address = support.lib("address");
	local valid = {
		{ "bob@example.org", "bob@example.org" },
		{ "BOB@Example.ORG/Phone", "bob@example.org/Phone" },
		{ "example.org", "example.org" },
		{ "bob@127.0.0.1", "bob@127.0.0.1" },
		{ "bob@[::1]", "bob@[::1]" },
		{ "bob@example.org.", "bob@example.org" },
	};
	for _, case in ipairs(valid) do
		it("preps " .. case[1], function ()
			assert.equal(case[2], address.prepJid(case[1]));
		end);
	end
	for _, s in ipairs({ "", "a@b@c", "@x", "bob@", "bob@x/", "bob@local host", "bob@exa\"mple.org", "bob@a<b",
		"b\1ob@x", "bob@x\255", string.rep("n", 1024) .. "@x", "bob@[nothex]",
		"..", ".", "bob@..", "bob@.example.org", "bob@a..b", "../../etc/passwd" }) do
		it(("refuses %q"):format(s:sub(1, 30)), function ()
			assert.is_nil(address.prepJid(s));
		end);
	end
end);
