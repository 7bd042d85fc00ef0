-- src/lib/auth.ts on a Component: Basic is the component's domain and its
-- secret (constant-time comparison, no account lookup); without a secret
-- Basic is refused, never an error. From the library build.

local support = require "support";
local base64 = require "util.encodings".base64;

after_each(support.assert_clean_logs);

local function basic(u, p) return "Basic " .. base64.encode(u .. ":" .. p); end

describe("lib/auth on a Component", function ()
	local function setup(secret)
		local auth = support.lib("auth");
		local checks = 0;
		local config = {
			host = "rest.localhost",
			mechanisms = { basic = true },
			checkPassword = function () checks = checks + 1; return true; end,
			cache = auth.newCredentialCache(60, 10),
			component = { secret = secret },
		};
		return auth, config, function () return checks; end;
	end

	it("accepts the component's domain with its secret, in any case of the domain", function ()
		local auth, config, checks = setup("s3cret");
		for _, user in ipairs({ "rest.localhost", "REST.localhost" }) do
			local principal = auth.authenticate(config, basic(user, "s3cret"));
			assert.same({ host = "rest.localhost", jid = "rest.localhost", mechanism = "basic" }, principal);
		end
		assert.equal(0, checks(), "no account is consulted");
	end);

	it("refuses another secret, another name, and every secret when none is configured", function ()
		local auth, config = setup("s3cret");
		for _, pair in ipairs({ { "rest.localhost", "wrong" }, { "rest.localhost", "s3cret " }, { "rest.localhost", "" },
			{ "localhost", "s3cret" }, { "x@rest.localhost", "s3cret" }, { "rest.localhost/r", "s3cret" } }) do
			assert.same({ nil, "refused" }, { auth.authenticate(config, basic(pair[1], pair[2])) }, pair[1] .. ":" .. pair[2]);
		end
		local _, unset = setup(nil);
		assert.same({ nil, "refused" }, { auth.authenticate(unset, basic("rest.localhost", "")) });
		assert.same({ nil, "refused" }, { auth.authenticate(unset, basic("rest.localhost", "nil")) });
		assert.same({ nil, "malformed" }, { auth.authenticate(unset, "Basic !!") });
	end);

	it("compares secrets through util.hashes.equals", function ()
		local hashes = require "util.hashes";
		local calls = 0;
		local counting = setmetatable({ equals = function (a, b) calls = calls + 1; return hashes.equals(a, b); end }, { __index = hashes });
		local auth = support.lib("auth", { requires = { ["util.hashes"] = counting } });
		assert.is_true(auth.secretsEqual("a", "a"));
		assert.is_false(auth.secretsEqual("a", "ab"));
		assert.equal(2, calls);
	end);
end);

describe("lib/auth token resources", function ()
	it("gives a token without a resource one stable resource, another for another token", function ()
		local auth = support.lib("auth");
		local tokens = { get_token_info = function (token)
			return { session = { username = "bob", host = "localhost", resource = token == "bound" and "phone" or nil } };
		end };
		local config = { host = "localhost", mechanisms = { bearer = true }, tokens = tokens,
			checkPassword = function () return false; end, cache = auth.newCredentialCache(60, 10) };
		local one = auth.authenticate(config, "Bearer one");
		local again = auth.authenticate(config, "Bearer one");
		local two = auth.authenticate(config, "Bearer two");
		assert.is_string(one.resource);
		assert.equal(16, #one.resource);
		assert.is_false(one.resourceBound);
		assert.equal(one.resource, again.resource);
		assert.not_equal(one.resource, two.resource);
		assert.equal(auth.tokenResource("one"), one.resource);
		local bound = auth.authenticate(config, "Bearer bound");
		assert.same({ "phone", true }, { bound.resource, bound.resourceBound });
	end);

	it("passes Prosody 13's get_token_session the grant's resource, else the stable one", function ()
		local auth = support.lib("auth");
		local asked;
		-- 13.0 keeps the resource in the grant's JID; get_token_session uses the one it is given.
		local tokens = {
			get_token_info = function (token)
				if token == "unknown" then return nil, "not-authorized"; end
				return { jid = token == "bound" and "bob@localhost/desk" or "bob@localhost" };
			end,
			get_token_session = function (token, resource)
				asked = resource;
				return { username = "bob", host = "localhost", resource = resource };
			end,
		};
		local config = { host = "localhost", mechanisms = { bearer = true }, tokens = tokens,
			checkPassword = function () return false; end, cache = auth.newCredentialCache(60, 10) };
		local free = auth.authenticate(config, "Bearer free");
		assert.equal(auth.tokenResource("free"), asked);
		assert.same({ asked, false }, { free.resource, free.resourceBound });
		local bound = auth.authenticate(config, "Bearer bound");
		assert.equal("desk", asked);
		assert.same({ "desk", true }, { bound.resource, bound.resourceBound });
		asked = nil;
		assert.same({ nil, "refused" }, { auth.authenticate(config, "Bearer unknown") });
		assert.is_nil(asked, "an invalid token is not looked up twice");
	end);
end);
