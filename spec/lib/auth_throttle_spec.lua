-- src/lib/auth.ts, newFailureThrottle: refusing an address after repeated
-- authentication failures, from the library build, on the mock's fake clock.

local support = require "support";

after_each(support.assert_clean_logs);

describe("lib/auth failure throttle", function ()
	local function throttle(limit, window, size)
		local auth, m = support.lib("auth");
		return auth.newFailureThrottle(limit, window, size), m;
	end

	it("blocks an address once it has `limit` failures within the window", function ()
		local t = throttle(3, 60);
		for _ = 1, 2 do
			t.failed("192.0.2.1");
			assert.is_false(t.blocked("192.0.2.1"));
		end
		t.failed("192.0.2.1");
		assert.is_true(t.blocked("192.0.2.1"));
		assert.is_false(t.blocked("192.0.2.2"), "per address");
	end);

	it("forgets the failures when the window has passed since the first one", function ()
		local t, m = throttle(2, 60);
		t.failed("a");
		m.advance(30);
		t.failed("a");
		assert.is_true(t.blocked("a"));
		m.advance(29);
		assert.is_true(t.blocked("a"));
		m.advance(1);
		assert.is_false(t.blocked("a"));
		t.failed("a");
		assert.is_false(t.blocked("a"), "a new window starts");
	end);

	it("is disabled by a limit of 0", function ()
		local t = throttle(0, 60);
		for _ = 1, 100 do t.failed("a"); end
		assert.is_false(t.blocked("a"));
	end);

	it("keeps at most `size` addresses, dropping the least recently used", function ()
		local t = throttle(1, 60, 2);
		t.failed("a");
		t.failed("b");
		t.failed("c");
		assert.is_false(t.blocked("a"), "evicted");
		assert.is_true(t.blocked("b"));
		assert.is_true(t.blocked("c"));
	end);
end);
