-- src/lib/refusal_cost.ts and its use in src/lib/auth.ts: after a refused
-- password, a missing (or disabled) account of an internal_hashed host costs
-- one key derivation like an existing one, with the host's password_hash and
-- default_iteration_count; nothing is added where the provider derived one
-- itself or for other providers. From the library build, with a fake
-- core.usermanager and a util.hashes that records the derivations.

local support = require "support";
local hashes = require "util.hashes";
local base64 = require "util.encodings".base64;

after_each(support.assert_clean_logs);

local function basic(u, p) return "Basic " .. base64.encode(u .. ":" .. p); end

--- A fake core.usermanager: `accounts` username -> { enabled = bool }; `provider` its name (nil: no get_provider).
local function fake_usermanager(accounts, provider, with_enabled)
	local um = {
		user_exists = function (username, host)
			assert.equal("localhost", host);
			return accounts[username] ~= nil or nil;
		end,
	};
	if provider ~= nil then
		um.get_provider = function (host)
			assert.equal("localhost", host);
			return { name = provider };
		end;
	end
	if with_enabled then
		um.user_is_enabled = function (username)
			local account = accounts[username];
			return account ~= nil and account.enabled ~= false;
		end;
	end
	return um;
end

--- The library with the fakes; `derivations` records { hash, password, salt, iterations } per derivation.
local function setup(opts)
	local derivations = {};
	local function recorder(hash)
		return function (password, salt, iterations)
			derivations[#derivations + 1] = { hash = hash, password = password, salt = salt, iterations = iterations };
			return hashes["pbkdf2_hmac_" .. hash](password, salt, 1);
		end
	end
	local recording = setmetatable({ pbkdf2_hmac_sha1 = recorder("sha1"), pbkdf2_hmac_sha256 = recorder("sha256") }, { __index = hashes });
	local usermanager = fake_usermanager(opts.accounts or { alice = {} }, opts.provider, opts.with_enabled);
	local auth, m, lib_require = support.lib("auth", {
		options = opts.options,
		requires = { ["util.hashes"] = recording, ["core.usermanager"] = usermanager },
	});
	return auth, lib_require("src.lib.refusal_cost"), derivations, m;
end

describe("lib/refusal_cost", function ()
	it("derives a key for a missing account of an internal_hashed host, with the defaults of internal_hashed", function ()
		local _, refusal, derivations = setup({ provider = "internal_hashed" });
		refusal.newRefusalCost("localhost")("mallory", "guess");
		assert.equal(1, #derivations);
		assert.same({ "sha1", "guess", 10000 }, { derivations[1].hash, derivations[1].password, derivations[1].iterations });
		assert.equal(36, #derivations[1].salt, "as long as internal_hashed's UUID salts");
	end);

	it("follows password_hash and default_iteration_count", function ()
		local _, refusal, derivations = setup({ provider = "internal_hashed",
			options = { password_hash = "SHA-256", default_iteration_count = 12345 } });
		refusal.newRefusalCost("localhost")("mallory", "guess");
		assert.same({ "sha256", 12345 }, { derivations[1].hash, derivations[1].iterations });
	end);

	it("derives at least 4096 times on Prosody 13, whose internal_hashed reads the option with that minimum", function ()
		local _, refusal, derivations = setup({ provider = "internal_hashed", with_enabled = true,
			options = { default_iteration_count = 1000 } });
		refusal.newRefusalCost("localhost")("mallory", "guess");
		assert.equal(4096, derivations[1].iterations);
		local _, on012, derived012 = setup({ provider = "internal_hashed", options = { default_iteration_count = 1000 } });
		on012.newRefusalCost("localhost")("mallory", "guess");
		assert.equal(1000, derived012[1].iterations, "0.12 has no minimum");
	end);

	it("derives from the SASLprepped password, and nothing for one SASLprep refuses (as the provider)", function ()
		local _, refusal, derivations = setup({ provider = "internal_hashed" });
		local cost = refusal.newRefusalCost("localhost");
		cost("mallory", "I\194\173X"); -- a soft hyphen, which SASLprep maps to nothing
		assert.equal("IX", derivations[1].password);
		cost("mallory", "bell\7");
		assert.equal(1, #derivations, "a control character fails SASLprep");
	end);

	it("adds nothing for an existing account: the provider has just derived a key", function ()
		local _, refusal, derivations = setup({ provider = "internal_hashed", with_enabled = true });
		refusal.newRefusalCost("localhost")("alice", "wrong");
		assert.equal(0, #derivations);
	end);

	it("derives for a disabled account (Prosody 13 refuses it before deriving)", function ()
		local _, refusal, derivations = setup({ provider = "internal_hashed", with_enabled = true,
			accounts = { alice = {}, dora = { enabled = false } } });
		refusal.newRefusalCost("localhost")("dora", "dora-pw");
		assert.equal(1, #derivations);
	end);

	it("adds nothing for other providers, nor without get_provider", function ()
		for _, provider in ipairs({ "internal_plain", "ldap", "anonymous" }) do
			local _, refusal, derivations = setup({ provider = provider });
			refusal.newRefusalCost("localhost")("mallory", "guess");
			assert.equal(0, #derivations, provider);
		end
		local _, refusal, derivations = setup({});
		refusal.newRefusalCost("localhost")("mallory", "guess");
		assert.equal(0, #derivations);
	end);
end);

describe("lib/auth and the refusal cost", function ()
	local function authenticator(auth, calls, raise)
		return {
			host = "localhost",
			mechanisms = { basic = true, bearer = true },
			checkPassword = function (user, password)
				if password == "raise" then error("store down"); end
				return user == "alice" and password == "secret";
			end,
			cache = auth.newCredentialCache(60, 10),
			refusalCost = function (username, password)
				calls[#calls + 1] = username .. ":" .. password;
				if raise then error("cost failed"); end
			end,
		};
	end

	it("runs it once per refused password, with the prepared username", function ()
		local auth = setup({ provider = "internal_hashed" });
		local calls = {};
		local config = authenticator(auth, calls);
		assert.same({ nil, "refused" }, { auth.authenticate(config, basic("Mallory@LocalHost", "guess")) });
		assert.same({ nil, "refused" }, { auth.authenticate(config, basic("alice", "wrong")) });
		assert.same({ "mallory:guess", "alice:wrong" }, calls);
	end);

	it("never runs it for an accepted password, a cache hit, a failing checker, or credentials refused before any check", function ()
		local auth = setup({ provider = "internal_hashed" });
		local calls = {};
		local config = authenticator(auth, calls);
		assert.is_table((auth.authenticate(config, basic("alice", "secret"))));
		assert.is_table((auth.authenticate(config, basic("alice", "secret"))));
		auth.authenticate(config, basic("alice", "raise"));
		auth.authenticate(config, basic("alice@otherhost", "secret"));
		auth.authenticate(config, "Basic !!");
		auth.authenticate(config, nil);
		assert.same({}, calls);
	end);

	it("still refuses when it raises", function ()
		local auth = setup({ provider = "internal_hashed" });
		local calls = {};
		assert.same({ nil, "refused" }, { auth.authenticate(authenticator(auth, calls, true), basic("mallory", "x")) });
		assert.equal(1, #calls);
	end);

	it("makes the host's own by default, at the first refusal", function ()
		local auth, _, derivations = setup({ provider = "internal_hashed", accounts = { alice = {} } });
		local config = authenticator(auth, {});
		config.refusalCost = nil;
		auth.authenticate(config, basic("alice", "secret"));
		assert.is_nil(config.refusalCost, "not before a refusal");
		auth.authenticate(config, basic("mallory", "guess"));
		auth.authenticate(config, basic("alice", "wrong"));
		assert.is_function(config.refusalCost);
		assert.equal(1, #derivations, "the missing account only");
	end);
end);
