-- mod_post_msg: the cache of verified credentials (post_msg_auth_cache_ttl,
-- post_msg_auth_cache_size), seen through requests and password checks.
-- Contract: docs/mod_post_msg/README.md. Shared setup: spec/mod_post_msg/support.lua.

local P = require "mod_post_msg.support";
local support = require "support";
local basic, load, post, sent_message = P.basic, P.load, P.post, P.sent_message;
local assert_unauthorized = P.assert_unauthorized;

after_each(P.assert_clean_logs);

describe("mod_post_msg credential cache", function ()
	it("does not check the same credentials twice within the TTL", function ()
		local m = load();
		sent_message(m, post(m, "/msg/bob", "one"));
		m.sent = {};
		sent_message(m, post(m, "/msg/bob", "two"));
		assert.equal(1, m.password_checks);
	end);

	it("checks again once the TTL (default 60 s) has passed", function ()
		local m = load();
		post(m, "/msg/bob", "one");
		m.advance(59);
		post(m, "/msg/bob", "two");
		assert.equal(1, m.password_checks);
		m.advance(2);
		post(m, "/msg/bob", "three");
		assert.equal(2, m.password_checks);
		assert.equal(3, #m.sent);
	end);

	it("follows post_msg_auth_cache_ttl", function ()
		local m = load({ options = { post_msg_auth_cache_ttl = 5 } });
		post(m, "/msg/bob", "one");
		m.advance(4);
		post(m, "/msg/bob", "two");
		assert.equal(1, m.password_checks);
		m.advance(2);
		post(m, "/msg/bob", "three");
		assert.equal(2, m.password_checks);
	end);

	it("is disabled by post_msg_auth_cache_ttl = 0", function ()
		local m = load({ options = { post_msg_auth_cache_ttl = 0 } });
		for i = 1, 3 do sent_message(m, post(m, "/msg/bob", "hi")); m.sent = {}; assert.equal(i, m.password_checks); end
	end);

	it("never caches a failure", function ()
		local m = load();
		local wrong = basic("alice", "wrong");
		assert_unauthorized(m, post(m, "/msg/bob", "hi", { Authorization = wrong }));
		assert_unauthorized(m, post(m, "/msg/bob", "hi", { Authorization = wrong }));
		assert.equal(2, m.password_checks);
		sent_message(m, post(m, "/msg/bob", "hi"));
		assert.equal(3, m.password_checks);
	end);

	it("does not let cached credentials vouch for another password", function ()
		local m = load();
		sent_message(m, post(m, "/msg/bob", "hi"));
		m.sent = {};
		assert_unauthorized(m, post(m, "/msg/bob", "hi", { Authorization = basic("alice", "wrong") }));
		assert.equal(2, m.password_checks);
	end);

	it("keys bare and full usernames to the same account", function ()
		local m = load();
		sent_message(m, post(m, "/msg/bob", "hi", { Authorization = basic("alice", "secret") }));
		m.sent = {};
		sent_message(m, post(m, "/msg/bob", "hi", { Authorization = basic("alice@localhost", "secret") }));
		assert.equal(1, m.password_checks);
	end);

	it("forgets a user whose password changed: the old password is refused", function ()
		local m = load();
		sent_message(m, post(m, "/msg/bob", "hi"));
		m.sent = {};
		assert.is_true(m.usermanager.set_password("alice", "new password", "localhost"));
		assert_unauthorized(m, post(m, "/msg/bob", "hi"));
		sent_message(m, post(m, "/msg/bob", "hi", { Authorization = basic("alice", "new password") }));
	end);

	it("forgets a deleted user", function ()
		local m = load();
		sent_message(m, post(m, "/msg/bob", "hi"));
		m.sent = {};
		assert.is_true(m.usermanager.delete_user("alice", "localhost"));
		assert_unauthorized(m, post(m, "/msg/bob", "hi"));
	end);

	it("is what accepts credentials until the events say otherwise", function ()
		-- Shows that the events above matter: a change the module is not told
		-- about is only seen when the entry expires.
		local m = load();
		post(m, "/msg/bob", "hi");
		m.users.alice = "changed behind its back";
		assert.equal(201, post(m, "/msg/bob", "hi").status);
		m.advance(61);
		assert.equal(401, post(m, "/msg/bob", "hi").status);
	end);

	it("keeps other users' entries and ignores events of other hosts", function ()
		local m = load();
		post(m, "/msg/carol", "hi");
		post(m, "/msg/carol", "hi", { Authorization = basic("bob", "bobpw") });
		assert.equal(2, m.password_checks);
		m.fire_global("user-password-changed", { username = "alice", host = "otherhost" });
		m.fire_global("user-deleted", { username = "bob", host = "otherhost" });
		m.fire_global("user-password-changed", { username = "carol", host = "localhost" });
		post(m, "/msg/carol", "hi");
		post(m, "/msg/carol", "hi", { Authorization = basic("bob", "bobpw") });
		assert.equal(2, m.password_checks);
		assert.equal(4, #m.sent);
	end);

	it("is bounded (post_msg_auth_cache_size), dropping the least recently used", function ()
		local m = load({ options = { post_msg_auth_cache_size = 2 } });
		post(m, "/msg/x", "hi", { Authorization = basic("alice", "secret") });
		post(m, "/msg/x", "hi", { Authorization = basic("bob", "bobpw") });
		post(m, "/msg/x", "hi", { Authorization = basic("carol", "carolpw") });
		assert.equal(3, m.password_checks);
		post(m, "/msg/x", "hi", { Authorization = basic("carol", "carolpw") });
		assert.equal(3, m.password_checks);
		post(m, "/msg/x", "hi", { Authorization = basic("alice", "secret") });
		assert.equal(4, m.password_checks);
		assert.equal(5, #m.sent);
	end);

	-- What the module hands util.cache, seen through a recording util.cache
	-- (a dependency, not the module's internals): no password, no plain hash
	-- of one, and keys that differ from one load to the next (an HMAC under
	-- a secret made at load, as src/lib/auth.ts documents).
	it("never gives util.cache the password or a plain hash of it, and keys it under a per-load secret", function ()
		local password = "correct horse battery staple";
		-- Load, send one message as alice; return the mock, the keys of the
		-- one cache the successful login stored into, and the recorder.
		local function observe()
			local recorder = support.recording_cache();
			local m = load({ users = { alice = password }, requires = { ["util.cache"] = recorder.lib } });
			sent_message(m, post(m, "/msg/bob", "hi", { Authorization = basic("alice", password) }));
			local stored_into = {};
			for _, record in ipairs(recorder.caches) do
				if #record.sets > 0 then stored_into[#stored_into + 1] = record; end
			end
			assert.equal(1, #stored_into, "one cache stored the verified credentials");
			local record = stored_into[1];
			local keys = {};
			for _, set in ipairs(record.sets) do keys[#keys + 1] = set.key; end
			for _, key in ipairs(record.gets) do keys[#keys + 1] = key; end
			local live = 0;
			for _ in record.cache:items() do live = live + 1; end
			assert.equal(1, live, "one entry for one user");
			return m, keys, recorder;
		end

		local m, keys, recorder = observe();
		local given = {}; -- every key and value given to any cache, entries' fields included
		for _, record in ipairs(recorder.caches) do support.strings_in({ record.sets, record.gets }, given); end
		assert.truthy(#given > 0);
		for _, text in ipairs(given) do
			for name, secret in pairs(support.password_derivations("alice", password)) do
				assert.is_nil(text:find(secret, 1, true), "util.cache was given the " .. name);
			end
		end

		m.sent = {};
		sent_message(m, post(m, "/msg/bob", "again", { Authorization = basic("alice", password) }));
		assert.equal(1, m.password_checks, "the second request was served by the cache");

		local _, other_keys = observe();
		local first = {};
		for _, key in ipairs(keys) do first[key] = true; end
		for _, key in ipairs(other_keys) do
			assert.is_nil(first[key], "another load keys the same credentials differently");
		end
	end);

	it("is bounded (post_msg_auth_cache_size = 2): a third user evicts the oldest", function ()
		local m = load({ options = { post_msg_auth_cache_size = 2 } });
		post(m, "/msg/bob", "hi", { Authorization = basic("alice", "secret") });
		post(m, "/msg/bob", "hi", { Authorization = basic("bob", "bobpw") });
		post(m, "/msg/bob", "hi", { Authorization = basic("carol", "carolpw") });
		assert.equal(3, m.password_checks);
		post(m, "/msg/bob", "hi", { Authorization = basic("carol", "carolpw") });
		post(m, "/msg/bob", "hi", { Authorization = basic("bob", "bobpw") });
		assert.equal(3, m.password_checks, "bob and carol are cached");
		post(m, "/msg/bob", "hi", { Authorization = basic("alice", "secret") });
		assert.equal(4, m.password_checks, "alice was evicted and is checked again");
		assert.equal(6, #m.sent);
	end);

	it("is bounded (post_msg_auth_cache_size = 2) by recent use, not by age", function ()
		local m = load({ options = { post_msg_auth_cache_size = 2 } });
		post(m, "/msg/bob", "hi", { Authorization = basic("alice", "secret") });
		post(m, "/msg/bob", "hi", { Authorization = basic("bob", "bobpw") });
		post(m, "/msg/bob", "hi", { Authorization = basic("alice", "secret") });
		assert.equal(2, m.password_checks);
		post(m, "/msg/bob", "hi", { Authorization = basic("carol", "carolpw") });
		assert.equal(3, m.password_checks);
		post(m, "/msg/bob", "hi", { Authorization = basic("alice", "secret") });
		assert.equal(3, m.password_checks, "alice, used more recently than bob, is still cached");
		post(m, "/msg/bob", "hi", { Authorization = basic("bob", "bobpw") });
		assert.equal(4, m.password_checks, "bob, the least recently used, was evicted");
	end);
end);
