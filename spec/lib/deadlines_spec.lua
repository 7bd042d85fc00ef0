-- src/lib/deadlines.ts: equal timeouts for many requests on one timer, from
-- the library build, on the mock's fake clock.

local support = require "support";

after_each(support.assert_clean_logs);

describe("lib/deadlines", function ()
	-- Entries are tables named by `name`; expired names land in the returned list.
	local function new(seconds)
		local lib, m = support.lib("deadlines");
		local expired = {};
		local deadlines = lib.newDeadlines(seconds, function (entry) expired[#expired + 1] = entry.name; end);
		return deadlines, expired, m;
	end
	local function entry(name)
		return { name = name };
	end

	it("expires each entry its timeout after it was added, in order", function ()
		local deadlines, expired, m = new(10);
		deadlines.add(entry("a"));
		m.advance(3);
		deadlines.add(entry("b"));
		m.advance(6.9);
		assert.same({}, expired);
		m.advance(0.1);
		assert.same({ "a" }, expired);
		m.advance(2.9);
		assert.same({ "a" }, expired);
		m.advance(0.1);
		assert.same({ "a", "b" }, expired);
	end);

	it("keeps one timer for any number of entries, and none when nothing is pending", function ()
		local deadlines, expired, m = new(5);
		for i = 1, 100 do deadlines.add(entry(i)); end
		assert.equal(1, #m.pending_timers());
		m.advance(5);
		assert.equal(100, #expired);
		assert.equal(0, #m.pending_timers());
		deadlines.add(entry("again"));
		assert.equal(1, #m.pending_timers());
		m.advance(5);
		assert.equal("again", expired[101]);
	end);

	it("never expires a removed entry, wherever it is in the list; removing twice or one never added is harmless", function ()
		local deadlines, expired, m = new(1);
		local entries = {};
		for i = 1, 5 do entries[i] = entry(i); deadlines.add(entries[i]); end
		deadlines.remove(entries[1]);
		deadlines.remove(entries[3]);
		deadlines.remove(entries[5]);
		deadlines.remove(entries[3]);
		deadlines.remove(entry("never added"));
		assert.is_false(entries[3].timing);
		assert.is_nil(entries[3].prevTimed);
		assert.is_nil(entries[3].nextTimed);
		m.advance(1);
		assert.same({ 2, 4 }, expired);
		assert.is_false(entries[2].timing);
	end);

	it("stays in order when entries are removed while the timer waits for a later one", function ()
		local deadlines, expired, m = new(4);
		local a = entry("a");
		deadlines.add(a);
		m.advance(1);
		deadlines.add(entry("b"));
		deadlines.remove(a);
		m.advance(3);
		assert.same({}, expired);
		m.advance(1);
		assert.same({ "b" }, expired);
	end);

	it("takes an entry again after it expired or was removed", function ()
		local deadlines, expired, m = new(2);
		local a = entry("a");
		deadlines.add(a);
		m.advance(2);
		deadlines.add(a);
		deadlines.remove(a);
		deadlines.add(a);
		m.advance(2);
		assert.same({ "a", "a" }, expired);
	end);

	it("lets an expiry handler add new entries", function ()
		local lib, m = support.lib("deadlines");
		local expired, deadlines = {}, nil;
		deadlines = lib.newDeadlines(2, function (item)
			expired[#expired + 1] = item.name;
			if item.name == "first" then deadlines.add(entry("second")); end
		end);
		deadlines.add(entry("first"));
		m.advance(2);
		assert.same({ "first" }, expired);
		m.advance(2);
		assert.same({ "first", "second" }, expired);
	end);
end);

describe("lib/ids", function ()
	it("gives distinct ids with one random prefix per source", function ()
		local ids = support.lib("ids");
		local one, other = ids.newIdSource(), ids.newIdSource();
		local seen = {};
		for _ = 1, 1000 do
			local id = one();
			assert.is_nil(seen[id], id);
			seen[id] = true;
			assert.matches("^[%w_-]+$", id);
		end
		assert.not_equal(one():sub(1, 12), other():sub(1, 12));
	end);
end);

describe("lib/lazy_log", function ()
	it("serializes the top tag only when turned into text", function ()
		local lazy_log = support.lib("lazy_log");
		local st = require "util.stanza";
		local stanza = st.message({ to = "a@b", id = "x" }):tag("body"):text("hi");
		local calls = 0;
		local real = stanza.top_tag;
		stanza.top_tag = function (s) calls = calls + 1; return real(s); end;
		local lazy = lazy_log.topTag(stanza);
		assert.equal(0, calls);
		assert.equal(real(stanza), tostring(lazy));
		assert.equal(1, calls);
		assert.equal("sent " .. real(stanza), require "util.format".format("sent %s", lazy));
	end);
end);
