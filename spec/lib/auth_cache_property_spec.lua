-- src/lib/auth.ts: the credential cache never authenticates one user with
-- another's password, nor with a password that is no longer right. A
-- property over generated operations (a fixed-seed generator, the same
-- sequence on every Lua version) on two hosts with their own authenticator
-- and cache, kept in step by forgetCredentialsOnAccountChanges through the
-- mock's core.usermanager (whose set_password and delete_user fire the
-- global events): Basic attempts with users written as user, USER,
-- user@host, User@Host or user@the-other-host, with their own password,
-- another user's, the same user's on the other host, an earlier one or a
-- new one; password changes (often to another user's password), deletions,
-- re-creations and the clock passing the TTL. Property: an attempt succeeds
-- exactly when the model says that account of that host has that password.

local support = require "support";
local base64 = require "util.encodings".base64;

after_each(support.assert_clean_logs);

local HOSTS = { "localhost", "other.example" };
local USERS = { "alice", "bob", "carol", "sam" };
local TTL = 60;
local OPERATIONS = 4000;

--- Park-Miller: exact in doubles and integers alike, so every Lua gives the same sequence.
local function generator(seed)
	local state = seed;
	local g = {};
	function g.int(n) state = state * 16807 % 2147483647; return state % n + 1; end
	function g.pick(list) return list[g.int(#list)]; end
	function g.chance(percent) return g.int(100) <= percent; end
	return g;
end

local function basic(u, p) return "Basic " .. base64.encode(u .. ":" .. p); end

--- How a username is written; all but "elsewhere" name the account of `host`.
local FORMS = {
	plain = function (user) return user; end,
	upper = function (user) return user:upper(); end,
	at_host = function (user, host) return user .. "@" .. host; end,
	mixed = function (user, host) return user:sub(1, 1):upper() .. user:sub(2) .. "@" .. host:upper(); end,
	elsewhere = function (user, host) return user .. "@" .. (host == HOSTS[1] and HOSTS[2] or HOSTS[1]); end,
};
local FORM_NAMES = { "plain", "upper", "at_host", "mixed", "elsewhere" };

--- Runs the property; `break_cache(cache)` may sabotage the caches (to show the property catches it).
--- Returns the first mismatch (nil when none) and the counts of what happened.
local function run(seed, break_cache)
	local hosts_def = {};
	for i = 2, #HOSTS do hosts_def[HOSTS[i]] = { users = {} }; end
	local auth, m = support.lib("auth", { host = HOSTS[1], users = {}, hosts = hosts_def });
	local um = m.usermanager;
	local model, used = {}, {};
	local authenticators = {};
	for _, host in ipairs(HOSTS) do
		model[host] = {};
		for _, user in ipairs(USERS) do
			local password = user .. "-" .. host;
			assert(um.create_user(user, password, host));
			model[host][user] = password;
			used[#used + 1] = password;
		end
		local cache = auth.newCredentialCache(TTL, 1000);
		if break_cache then break_cache(cache); end
		auth.forgetCredentialsOnAccountChanges(cache, host);
		authenticators[host] = {
			host = host,
			mechanisms = { basic = true },
			checkPassword = function (user, password) return um.test_password(user, host, password); end,
			cache = cache,
			refusalCost = function () end,
		};
	end

	local g = generator(seed);
	local counts = { attempts = 0, accepted = 0, from_cache = 0, from_cache_after_change = 0, refused_stale = 0,
		refused_elsewhere = 0, changes = 0, deletions = 0, creations = 0, expiries = 0 };
	local changed = {}; -- host/user changed since last accepted
	local function choose_password(host, user)
		local other_host = host == HOSTS[1] and HOSTS[2] or HOSTS[1];
		local choice = g.int(6);
		if choice == 1 or choice == 2 then return model[host][user] or (user .. "-" .. host);
		elseif choice == 3 then return model[host][g.pick(USERS)] or "none";
		elseif choice == 4 then return model[other_host][user] or "none";
		elseif choice == 5 then return g.pick(used);
		end
		return "new-" .. g.int(50);
	end

	for step = 1, OPERATIONS do
		local host, user = g.pick(HOSTS), g.pick(USERS);
		local roll = g.int(100);
		if roll <= 80 then
			local form = g.pick(FORM_NAMES);
			local password = choose_password(host, user);
			local expected = form ~= "elsewhere" and model[host][user] == password;
			local checks_before = m.password_checks;
			local principal = auth.authenticate(authenticators[host], basic(FORMS[form](user, host), password));
			counts.attempts = counts.attempts + 1;
			if (principal ~= nil) ~= expected then
				return ("step %d: %s on %s with %q: %s, expected %s"):format(step, FORMS[form](user, host), host, password,
					principal and "accepted" or "refused", expected and "accepted" or "refused"), counts;
			end
			if principal then
				if principal.jid ~= user .. "@" .. host then
					return ("step %d: authenticated as %s, expected %s@%s"):format(step, principal.jid, user, host), counts;
				end
				counts.accepted = counts.accepted + 1;
				if m.password_checks == checks_before then
					counts.from_cache = counts.from_cache + 1;
				end
				if changed[host .. "/" .. user] then
					counts.from_cache_after_change = counts.from_cache_after_change + 1;
				end
				changed[host .. "/" .. user] = nil;
			elseif form == "elsewhere" then
				counts.refused_elsewhere = counts.refused_elsewhere + 1;
			else
				for _, old in ipairs(used) do
					if old == password then counts.refused_stale = counts.refused_stale + 1; break; end
				end
			end
		elseif roll <= 88 then
			if model[host][user] then
				local password = g.chance(50) and (model[g.pick(HOSTS)][g.pick(USERS)] or "x") or ("new-" .. g.int(50));
				assert(um.set_password(user, password, host));
				model[host][user] = password;
				used[#used + 1] = password;
				changed[host .. "/" .. user] = true;
				counts.changes = counts.changes + 1;
			end
		elseif roll <= 93 then
			if model[host][user] then
				assert(um.delete_user(user, host));
				model[host][user] = nil;
				counts.deletions = counts.deletions + 1;
			end
		elseif roll <= 98 then
			if not model[host][user] then
				local password = g.pick(used);
				assert(um.create_user(user, password, host));
				model[host][user] = password;
				changed[host .. "/" .. user] = true;
				counts.creations = counts.creations + 1;
			end
		else
			m.advance(TTL);
			counts.expiries = counts.expiries + 1;
		end
	end
	return nil, counts;
end

describe("lib/auth credential cache property", function ()
	for _, seed in ipairs({ 20261123, 42, 7 }) do
		it(("accepts a password exactly when it is that account's current one (seed %d, %d operations)"):format(seed, OPERATIONS), function ()
			local mismatch, counts = run(seed);
			assert.is_nil(mismatch);
			for what, count in pairs(counts) do
				assert.is_true(count > 0, what .. " happened");
			end
			assert.is_true(counts.from_cache > counts.accepted / 4, "the cache answered a good share of the accepted attempts");
		end);
	end

	it("catches a cache that forgets nothing on password changes and deletions", function ()
		local mismatch = run(20261123, function (cache) cache.forget = function () end; end);
		assert.is_string(mismatch);
	end);
end);
