-- src/lib/auth.ts, parsing: the Authorization header, Basic credentials and
-- usernames of this host, from the library build.

local support = require "support";
local base64 = require "util.encodings".base64;

after_each(support.assert_clean_logs);

describe("lib/auth parsing", function ()
	local auth = support.lib("auth");

	it("parseAuthorization splits scheme (lower case) and credentials", function ()
		assert.same({ "basic", "abc" }, { auth.parseAuthorization("Basic abc") });
		assert.same({ "bearer", "tok" }, { auth.parseAuthorization("  BEARER   tok  ") });
		for _, header in ipairs({ "Basic", "Basic ", "Basic a b", "", "   " }) do
			assert.is_nil((auth.parseAuthorization(header)), header);
		end
		assert.is_nil((auth.parseAuthorization(nil)));
	end);

	it("decodeBasic gives user and password, the password holding any colons", function ()
		assert.same({ "alice", "secret" }, { auth.decodeBasic(base64.encode("alice:secret")) });
		assert.same({ "alice", "pa:ss:" }, { auth.decodeBasic(base64.encode("alice:pa:ss:")) });
		assert.same({ "", "" }, { auth.decodeBasic(base64.encode(":")) });
	end);

	for _, credentials in ipairs({ "!!!!", "", base64.encode("alice"), base64.encode("\255:x"), base64.encode("al\1ice:x"), "YWxpY2U6c2VjcmV0 " }) do
		it(("decodeBasic refuses %q"):format(credentials), function ()
			assert.is_nil((auth.decodeBasic(credentials)));
		end);
	end

	it("localUsername takes user or user@host of this host only", function ()
		assert.equal("alice", auth.localUsername("alice", "localhost"));
		assert.equal("alice", auth.localUsername("Alice@LOCALHOST", "localhost"));
		for _, name in ipairs({ "alice@other", "alice@localhost/res", "a@b@localhost", "", "@localhost", "al ice", string.rep("a", 1024) }) do
			assert.is_nil(auth.localUsername(name, "localhost"), name);
		end
	end);
end);
