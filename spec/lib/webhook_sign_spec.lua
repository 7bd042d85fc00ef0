-- src/lib/webhook.ts, signatures: sha256=<hex HMAC-SHA256> of the body, from the library build.

local support = require "support";
local hashes = require "util.hashes";

after_each(support.assert_clean_logs);

describe("lib/webhook sign", function ()
	local webhook = support.lib("webhook", { host = "bot.localhost", host_type = "component" });

	-- RFC 4231 test cases 1, 2, 4 and 6, and the empty key and message.
	local vectors = {
		{ string.rep("\11", 20), "Hi There", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7" },
		{ "Jefe", "what do ya want for nothing?", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" },
		{ "\1\2\3\4\5\6\7\8\9\10\11\12\13\14\15\16\17\18\19\20\21\22\23\24\25", string.rep("\205", 50),
			"82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b" },
		{ string.rep("\170", 131), "Test Using Larger Than Block-Size Key - Hash Key First",
			"60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54" },
		{ "", "", "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad" },
	};
	for i, v in ipairs(vectors) do
		it("computes sha256=<hex HMAC-SHA256> on a known vector #" .. i, function ()
			assert.equal("sha256=" .. v[3], webhook.sign(v[1], v[2]));
		end);
	end

	it("matches util.hashes on arbitrary bytes and names its header X-Prosody-Signature", function ()
		local body = '{"body":"ünïcødé \0 ✓"}';
		assert.equal("sha256=" .. hashes.hmac_sha256("k", body, true), webhook.sign("k", body));
		assert.equal("X-Prosody-Signature", webhook.SIGNATURE_HEADER);
	end);
end);
