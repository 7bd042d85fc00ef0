-- src/lib/auth.ts: secrets are compared in constant time. secretsEqual
-- HMACs both sides under a per-load key and compares the two 32-byte
-- digests with util.hashes.equals (OpenSSL's CRYPTO_memcmp), so neither the
-- position of the first difference nor the lengths reach a comparison that
-- could stop early. The credential cache is keyed by an HMAC of username
-- and password under its own per-load key: a lookup is a table index by a
-- digest the client cannot choose, and the cache holds no password.

local support = require "support";
local hashes = require "util.hashes";
local base64 = require "util.encodings".base64;

after_each(support.assert_clean_logs);

--- The library with a util.hashes whose equals records what it compares.
local function with_recorded_equals()
	local compared = {};
	local recording = setmetatable({
		equals = function (a, b)
			compared[#compared + 1] = { a, b };
			return hashes.equals(a, b);
		end,
	}, { __index = hashes });
	local auth = support.lib("auth", { requires = { ["util.hashes"] = recording } });
	return auth, compared;
end

describe("lib/auth secretsEqual", function ()
	local SECRET = "correct horse battery staple";

	it("is true for equal secrets, of any length and content", function ()
		local auth = with_recorded_equals();
		for _, secret in ipairs({ "", "a", SECRET, ("x"):rep(10000), "nul\0inside", "\255\254" }) do
			assert.is_true(auth.secretsEqual(secret, secret), #secret .. " bytes");
		end
	end);

	it("is false for a byte off at the start, the end or the middle, and for other lengths", function ()
		local auth = with_recorded_equals();
		local cases = {
			["first byte"] = "X" .. SECRET:sub(2),
			["last byte"] = SECRET:sub(1, -2) .. "X",
			["middle byte"] = SECRET:sub(1, 10) .. "X" .. SECRET:sub(12),
			["one bit"] = "b" .. SECRET:sub(2), -- "c" is 0x63, "b" 0x62
			["a prefix"] = SECRET:sub(1, -2),
			["one byte longer"] = SECRET .. "e",
			["empty"] = "",
			["upper case"] = SECRET:upper(),
			["a trailing NUL"] = SECRET .. "\0",
		};
		for what, given in pairs(cases) do
			assert.is_false(auth.secretsEqual(given, SECRET), what);
			assert.is_false(auth.secretsEqual(SECRET, given), what .. " (reversed)");
		end
	end);

	it("hands util.hashes.equals two 32-byte digests, never the secrets", function ()
		local auth, compared = with_recorded_equals();
		for _, given in ipairs({ "", "X" .. SECRET:sub(2), SECRET:sub(1, -2) .. "X", SECRET .. "longer", SECRET }) do
			auth.secretsEqual(given, SECRET);
		end
		assert.equal(5, #compared);
		for _, pair in ipairs(compared) do
			assert.same({ 32, 32 }, { #pair[1], #pair[2] });
			assert.is_nil(pair[1]:find(SECRET, 1, true));
			assert.is_nil(pair[2]:find(SECRET, 1, true));
		end
	end);

	it("is what a Component's Basic password goes through", function ()
		local auth, compared = with_recorded_equals();
		local config = { host = "rest.localhost", mechanisms = { basic = true }, component = { secret = SECRET },
			checkPassword = function () error("no account is consulted"); end, cache = auth.newCredentialCache(60, 10) };
		auth.authenticate(config, "Basic " .. base64.encode("rest.localhost:" .. SECRET:sub(1, -2)));
		assert.equal(1, #compared);
		assert.same({ 32, 32 }, { #compared[1][1], #compared[1][2] });
	end);
end);

describe("lib/auth credential cache keys", function ()
	--- A cache whose util.cache records every key it is given.
	local function recorded_cache()
		local keys = {};
		local cachelib = require "util.cache";
		local recording = { new = function (size)
			local c = cachelib.new(size);
			return setmetatable({
				set = function (self, key, value) keys[#keys + 1] = key; return c:set(key, value); end,
				get = function (self, key) keys[#keys + 1] = key; return c:get(key); end,
			}, { __index = function (_, name)
				return function (_, ...) return c[name](c, ...); end;
			end });
		end };
		local auth = support.lib("auth", { requires = { ["util.cache"] = recording } });
		return auth.newCredentialCache(60, 10), keys;
	end

	it("are 32-byte digests that hold neither the password nor the username", function ()
		local cache, keys = recorded_cache();
		cache.store("alice", "hunter2hunter2");
		assert.is_true(cache.lookup("alice", "hunter2hunter2"));
		assert.is_false(cache.lookup("alice", "hunter2hunter3"));
		assert.is_true(#keys >= 3);
		for _, key in ipairs(keys) do
			assert.equal(32, #key);
			assert.is_nil(key:find("hunter2", 1, true));
			assert.is_nil(key:find("alice", 1, true));
		end
	end);

	it("tell apart where the username ends and the password begins", function ()
		local cache = recorded_cache();
		cache.store("al", "ice:pw");
		assert.is_false(cache.lookup("ali", "ce:pw"));
		assert.is_false(cache.lookup("al", "ice:pw2"));
		assert.is_false(cache.lookup("alx", "ice:pw"));
		assert.is_true(cache.lookup("al", "ice:pw"));
	end);

	it("differ between two caches (each load has its own key)", function ()
		local one, one_keys = recorded_cache();
		local two, two_keys = recorded_cache();
		one.store("alice", "pw");
		two.store("alice", "pw");
		assert.not_equal(one_keys[1], two_keys[1]);
	end);
end);
