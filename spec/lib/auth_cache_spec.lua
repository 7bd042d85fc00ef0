-- src/lib/auth.ts, the credential cache (newCredentialCache), through its
-- interface (lookup, store, forget, count) and, for what it is given to
-- keep, through a recording util.cache: from the library build, on the
-- mock's fake clock. It is a security boundary: it must never accept a
-- password other than the one verified, nor hold a password.

local support = require "support";
local hashes = require "util.hashes";
local base64 = require "util.encodings".base64;

after_each(support.assert_clean_logs);

-- A cache of `ttl` seconds and `size` entries, and its mock (m.advance moves its clock).
local function cache(ttl, size)
	local auth, m = support.lib("auth");
	return auth.newCredentialCache(ttl, size), m;
end

describe("lib/auth credential cache", function ()
	it("remembers verified credentials for the TTL", function ()
		local c, m = cache(60, 10);
		assert.is_false(c.lookup("alice", "pw"));
		c.store("alice", "pw");
		assert.is_true(c.lookup("alice", "pw"));
		assert.is_false(c.lookup("alice", "other"));
		assert.is_false(c.lookup("bob", "pw"));
		m.advance(59);
		assert.is_true(c.lookup("alice", "pw"));
		m.advance(1);
		assert.is_false(c.lookup("alice", "pw"));
		assert.equal(0, c.count(), "the expired entry was dropped");
	end);

	it("is disabled by a TTL of 0", function ()
		local c = cache(0, 10);
		c.store("alice", "pw");
		assert.is_false(c.lookup("alice", "pw"));
		assert.equal(0, c.count());
	end);

	it("keeps at most `size` entries (at least one)", function ()
		local c = cache(60, 2);
		c.store("a", "1"); c.store("b", "2"); c.store("c", "3");
		assert.equal(2, c.count());
		assert.is_false(c.lookup("a", "1"));
		assert.is_true(c.lookup("c", "3"));
		local one = cache(60, 0);
		one.store("a", "1"); one.store("b", "2");
		assert.equal(1, one.count());
		assert.is_true(one.lookup("b", "2"));
	end);

	it("evicts the least recently used entry, a lookup counting as a use", function ()
		local c = cache(60, 2);
		c.store("alice", "a");
		c.store("bob", "b");
		assert.is_true(c.lookup("alice", "a"));
		c.store("carol", "c");
		assert.is_true(c.lookup("alice", "a"), "alice was used last, bob should have been evicted");
		assert.is_false(c.lookup("bob", "b"));
	end);

	it("forgets every entry of a user and only theirs", function ()
		local c = cache(60, 10);
		c.store("alice", "old"); c.store("alice", "new"); c.store("bob", "b");
		c.forget("alice");
		assert.is_false(c.lookup("alice", "old"));
		assert.is_false(c.lookup("alice", "new"));
		assert.is_true(c.lookup("bob", "b"));
		assert.equal(1, c.count());
	end);

	it("does not confuse users whose name and password concatenate alike", function ()
		local c = cache(60, 10);
		c.store("ab", "c");
		assert.is_false(c.lookup("a", "bc"));
		assert.is_false(c.lookup("abc", ""));
	end);
end);

describe("lib/auth credential cache never accepts what was not verified", function ()
	local PASSWORD = "correct horse battery staple";

	it("refuses every other password, and a wrong one does not evict the right one", function ()
		local c = cache(60, 10);
		c.store("alice", PASSWORD);
		local wrong = {
			"", " ", "c", PASSWORD:sub(1, -2), PASSWORD .. " ", " " .. PASSWORD, PASSWORD:upper(), PASSWORD .. "\0",
			PASSWORD .. "\0x", PASSWORD .. PASSWORD, "alice:" .. PASSWORD, "alice\0" .. PASSWORD, "alice" .. PASSWORD,
			base64.encode("alice:" .. PASSWORD), hashes.sha256(PASSWORD), hashes.sha256(PASSWORD, true),
			hashes.sha256("alice\0" .. PASSWORD), hashes.sha1(PASSWORD, true),
		};
		for _, password in ipairs(wrong) do
			assert.is_false(c.lookup("alice", password), ("%q"):format(password));
		end
		assert.is_true(c.lookup("alice", PASSWORD));
		assert.equal(1, c.count());
	end);

	it("refuses the password of one user for any other name", function ()
		local c = cache(60, 10);
		c.store("alice", PASSWORD);
		for _, name in ipairs({ "bob", "Alice", "ALICE", "alice@localhost", "alice ", "alic", "alicee", "", "alice\0" }) do
			assert.is_false(c.lookup(name, PASSWORD), ("%q"):format(name));
		end
		assert.is_true(c.lookup("alice", PASSWORD));
	end);

	it("does not let the separator make another user's credentials match", function ()
		local c = cache(60, 10);
		c.store("a\0b", "c");
		assert.is_false(c.lookup("a", "b\0c"));
		c = cache(60, 10);
		c.store("a", "b\0c");
		assert.is_false(c.lookup("a\0b", "c"));
	end);

	it("accepts again after a new store once the entry was forgotten or expired", function ()
		local c, m = cache(60, 10);
		c.store("alice", PASSWORD);
		c.forget("alice");
		assert.is_false(c.lookup("alice", PASSWORD));
		c.store("alice", PASSWORD);
		assert.is_true(c.lookup("alice", PASSWORD));
		m.advance(60);
		assert.is_false(c.lookup("alice", PASSWORD));
		c.store("alice", PASSWORD);
		assert.is_true(c.lookup("alice", PASSWORD));
	end);

	it("counts the TTL from the last store, not from lookups", function ()
		local c, m = cache(60, 10);
		c.store("alice", PASSWORD);
		m.advance(50);
		c.store("alice", PASSWORD); -- verified again
		m.advance(20);
		assert.is_true(c.lookup("alice", PASSWORD), "70 s after the first store, 20 s after the second");
		m.advance(39);
		assert.is_true(c.lookup("alice", PASSWORD));
		m.advance(1);
		assert.is_false(c.lookup("alice", PASSWORD), "the lookups did not extend it");
	end);

	it("forgets nothing of other users, and nothing for an unknown user", function ()
		local c = cache(60, 10);
		c.store("alice", "a");
		c.store("bob", "b");
		c.forget("carol");
		c.forget("");
		assert.equal(2, c.count());
		assert.is_true(c.lookup("alice", "a"));
		assert.is_true(c.lookup("bob", "b"));
	end);
end);

describe("lib/auth credential cache holds no password", function ()
	local PASSWORD = "correct horse battery staple";

	-- A cache built on a recording util.cache, with the recorder.
	local function recorded(ttl, size)
		local recorder = support.recording_cache();
		local auth = support.lib("auth", { requires = { ["util.cache"] = recorder.lib } });
		local c = auth.newCredentialCache(ttl, size);
		assert.equal(1, #recorder.caches, "the credential cache is a util.cache");
		return c, recorder.caches[1];
	end

	it("never gives util.cache the password nor a plain hash of it", function ()
		local c, record = recorded(60, 10);
		c.store("alice", PASSWORD);
		assert.is_true(c.lookup("alice", PASSWORD));
		assert.is_false(c.lookup("alice", "wrong"));
		c.forget("alice");
		assert.truthy(#record.sets > 0 and #record.gets > 0, "the cache went through util.cache");
		local given = support.strings_in({ record.sets, record.gets });
		for _, text in ipairs(given) do
			for name, secret in pairs(support.password_derivations("alice", PASSWORD)) do
				assert.is_nil(text:find(secret, 1, true), "util.cache was given the " .. name);
			end
		end
	end);

	it("keys the same credentials differently in every cache (a secret of its own)", function ()
		local a, record_a = recorded(60, 10);
		local b, record_b = recorded(60, 10);
		a.store("alice", PASSWORD);
		b.store("alice", PASSWORD);
		assert.equal(1, #record_a.sets);
		assert.equal(1, #record_b.sets);
		assert.are_not.equal(record_a.sets[1].key, record_b.sets[1].key);
	end);

	it("gives util.cache different keys for different passwords and different users", function ()
		local c, record = recorded(60, 10);
		c.store("alice", "one");
		c.store("alice", "two");
		c.store("bob", "one");
		local keys = {};
		for _, set in ipairs(record.sets) do keys[set.key] = true; end
		assert.equal(3, #support.sorted_keys(keys));
		assert.equal(3, c.count());
	end);
end);
