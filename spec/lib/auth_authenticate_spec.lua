-- src/lib/auth.ts, authenticate: Basic credentials checked by a counting
-- checkPassword and remembered by the credential cache, Bearer tokens of
-- mod_tokenauth, and the reasons for refusals; from the library build, on
-- the mock's fake clock.

local support = require "support";
local base64 = require "util.encodings".base64;

after_each(support.assert_clean_logs);

describe("lib/auth authenticate", function ()
	local function setup(tokens)
		local auth = support.lib("auth");
		local checks = {};
		local config = {
			host = "localhost",
			mechanisms = { basic = true, bearer = true },
			checkPassword = function (user, password)
				checks[#checks + 1] = user;
				if password == "raise" then error("store down"); end
				return user == "alice" and password == "secret";
			end,
			cache = auth.newCredentialCache(60, 10),
			tokens = tokens,
		};
		return auth, config, checks;
	end
	local function basic(u, p) return "Basic " .. base64.encode(u .. ":" .. p); end

	it("authenticates Basic credentials, from the cache the second time", function ()
		local auth, config, checks = setup();
		local principal = auth.authenticate(config, basic("alice@localhost", "secret"));
		assert.same({ username = "alice", host = "localhost", jid = "alice@localhost", mechanism = "basic" }, principal);
		assert.is_table((auth.authenticate(config, basic("alice", "secret"))));
		assert.same({ "alice" }, checks);
	end);

	it("says why it refuses", function ()
		local auth, config, checks = setup();
		assert.same({ nil, "missing" }, { auth.authenticate(config, nil) });
		assert.same({ nil, "malformed" }, { auth.authenticate(config, "Basic") });
		assert.same({ nil, "malformed" }, { auth.authenticate(config, "Basic !!!") });
		assert.same({ nil, "unsupported" }, { auth.authenticate(config, "Digest x") });
		assert.same({ nil, "unsupported" }, { auth.authenticate(config, "Bearer tok") }, "no token API");
		assert.same({ nil, "refused" }, { auth.authenticate(config, basic("alice", "wrong")) });
		assert.same({ nil, "refused" }, { auth.authenticate(config, basic("alice", "raise")) });
		assert.same({ nil, "refused" }, { auth.authenticate(config, basic("alice@otherhost", "secret")) });
		assert.same({ "alice", "alice" }, checks, "other hosts are refused without a check");
	end);

	it("refuses a mechanism that is not enabled", function ()
		local auth, config = setup();
		config.mechanisms = { bearer = true };
		assert.same({ nil, "unsupported" }, { auth.authenticate(config, basic("alice", "secret")) });
	end);

	it("authenticates Bearer tokens of this host", function ()
		local tokens = {
			get_token_info = function (token)
				if token == "good" then return { session = { username = "bob", host = "localhost" } }; end
				if token == "other" then return { session = { username = "bob", host = "elsewhere" } }; end
				if token == "raise" then error("token store down"); end
				return nil, "not-authorized";
			end,
		};
		local auth, config = setup(tokens);
		local principal = auth.authenticate(config, "Bearer good");
		assert.same({ "bob", "localhost", "bob@localhost", "bearer" }, { principal.username, principal.host, principal.jid, principal.mechanism });
		for _, token in ipairs({ "other", "raise", "unknown" }) do
			assert.same({ nil, "refused" }, { auth.authenticate(config, "Bearer " .. token) }, token);
		end
	end);
end);

describe("lib/auth authenticate and the credential cache", function ()
	local PASSWORD = "secret";
	-- An authenticator for alice/secret on localhost whose checkPassword
	-- counts its calls ("raise" makes it raise), with a cache of `ttl` s.
	local function setup(ttl)
		local auth, m = support.lib("auth");
		local counter = { checks = 0 };
		local config = {
			host = "localhost",
			mechanisms = { basic = true },
			checkPassword = function (user, password)
				counter.checks = counter.checks + 1;
				if password == "raise" then error("store down"); end
				return user == "alice" and password == PASSWORD;
			end,
			cache = auth.newCredentialCache(ttl or 60, 10),
		};
		local function try(user, password)
			return (auth.authenticate(config, "Basic " .. base64.encode(user .. ":" .. password)));
		end
		return try, counter, config.cache, m;
	end

	it("checks a wrong password every time, even while the right one is cached", function ()
		local try, counter = setup();
		assert.is_table(try("alice", PASSWORD));
		assert.equal(1, counter.checks);
		for i, password in ipairs({ "wrong", PASSWORD .. " ", PASSWORD:upper(), "", PASSWORD .. "2" }) do
			assert.is_nil(try("alice", password), password);
			assert.equal(1 + i, counter.checks, "checked, not answered by the cache");
		end
		assert.is_table(try("alice", PASSWORD));
		assert.equal(6, counter.checks, "the right one is still cached");
	end);

	it("never caches a refusal nor a failing checker", function ()
		local try, counter, cache = setup();
		assert.is_nil(try("alice", "wrong"));
		assert.is_nil(try("alice", "wrong"));
		assert.is_nil(try("alice", "raise"));
		assert.is_nil(try("alice", "raise"));
		assert.equal(4, counter.checks);
		assert.equal(0, cache.count());
	end);

	it("serves user, user@host and other cases of them from one entry", function ()
		local try, counter, cache = setup();
		for _, user in ipairs({ "alice", "alice@localhost", "Alice", "ALICE@LOCALHOST" }) do
			assert.same({ username = "alice", host = "localhost", jid = "alice@localhost", mechanism = "basic" }, try(user, PASSWORD));
		end
		assert.equal(1, counter.checks);
		assert.equal(1, cache.count());
	end);

	it("refuses users of other hosts before the cache and the checker", function ()
		local try, counter, cache = setup();
		assert.is_table(try("alice", PASSWORD));
		assert.is_nil(try("alice@otherhost", PASSWORD));
		assert.is_nil(try("alice@localhost/res", PASSWORD));
		assert.equal(1, counter.checks);
		assert.equal(1, cache.count());
	end);

	it("checks again once the TTL has passed", function ()
		local try, counter, _, m = setup(60);
		try("alice", PASSWORD);
		m.advance(59);
		try("alice", PASSWORD);
		assert.equal(1, counter.checks);
		m.advance(1);
		assert.is_table(try("alice", PASSWORD));
		assert.equal(2, counter.checks);
	end);

	it("checks again after the user is forgotten (password changed, account deleted)", function ()
		local try, counter, cache = setup();
		try("alice", PASSWORD);
		cache.forget("alice");
		assert.is_table(try("alice", PASSWORD));
		assert.equal(2, counter.checks);
	end);

	it("checks every time with a TTL of 0", function ()
		local try, counter = setup(0);
		for i = 1, 3 do
			assert.is_table(try("alice", PASSWORD));
			assert.equal(i, counter.checks);
		end
	end);
end);
