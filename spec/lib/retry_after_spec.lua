-- src/lib/retry_after.ts: Retry-After as seconds or an HTTP-date (all three
-- forms of RFC 9110), from the library build.

local support = require "support";

after_each(support.assert_clean_logs);

describe("lib/retry_after", function ()
	local lib = support.lib("retry_after");
	local NOW = 784111777; -- Sun, 06 Nov 1994 08:49:37 GMT (RFC 9110's example date)

	it("parses the three HTTP-date forms to the same instant", function ()
		assert.equal(NOW, lib.parseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT"));
		assert.equal(NOW, lib.parseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT"));
		assert.equal(NOW, lib.parseHttpDate("Sun Nov  6 08:49:37 1994"));
	end);

	it("agrees with os.time for dates across leap years and month ends", function ()
		local cases = {
			{ "Thu, 01 Jan 1970 00:00:00 GMT", 0 },
			{ "Tue, 29 Feb 2000 12:00:00 GMT", 951825600 },
			{ "Fri, 31 Dec 2100 23:59:59 GMT", 4133980799 },
			{ "Mon, 01 Mar 2032 00:00:01 GMT", 1961712001 },
		};
		for _, case in ipairs(cases) do
			assert.equal(case[2], lib.parseHttpDate(case[1]), case[1]);
		end
	end);

	it("refuses what is not an HTTP-date", function ()
		for _, text in ipairs({ "", "tomorrow", "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 UTC",
			"Sun, 06 Nov 1994 25:49:37 GMT", "2026-11-23T08:00:00Z" }) do
			assert.is_nil(lib.parseHttpDate(text), text);
		end
	end);

	it("reads seconds, trimming spaces", function ()
		assert.equal(120, lib.retryAfterSeconds("120", NOW));
		assert.equal(0, lib.retryAfterSeconds("0", NOW));
		assert.equal(5, lib.retryAfterSeconds(" 5 ", NOW));
	end);

	it("turns a date into seconds from now, 0 when it is past", function ()
		assert.equal(30, lib.retryAfterSeconds("Sun, 06 Nov 1994 08:50:07 GMT", NOW));
		assert.equal(0, lib.retryAfterSeconds("Sun, 06 Nov 1994 08:00:00 GMT", NOW));
	end);

	it("gives nil when absent or unreadable (negative, fractional, words)", function ()
		assert.is_nil(lib.retryAfterSeconds(nil, NOW));
		for _, text in ipairs({ "-5", "1.5", "soon", "" }) do
			assert.is_nil(lib.retryAfterSeconds(text, NOW), text);
		end
	end);
end);
