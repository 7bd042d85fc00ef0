-- src/lib/negotiate.ts: content negotiation on the Accept header, from the library build.

local support = require "support";

after_each(support.assert_clean_logs);

describe("lib/negotiate negotiate", function ()
	local negotiate = support.lib("negotiate").negotiate;
	local OFFERS = { "text/plain", "application/json" };
	local cases = {
		{ "application/json;q=0.1, text/plain;q=0.9", "text/plain" },
		{ "text/plain;q=0.1, application/json;q=0.9", "application/json" },
		{ "*/*", "text/plain", "the first offer" },
		{ "application/*", "application/json" },
		{ "text/*", "text/plain" },
		{ "application/*;q=0.8, text/plain;q=0.5", "application/json" },
		{ "application/json", "application/json" },
		{ "APPLICATION/JSON", "application/json" },
		{ "application/json; Q=0.5, text/plain;q=0.4", "application/json" },
		{ "application/json;q=0.5;level=1, text/plain;q=0.4", "application/json" },
		{ "application/json;charset=utf-8;q=0.2, text/plain;q=0.3", "text/plain" },
		{ "application/json , text/plain", "text/plain", "ties go to the earlier offer" },
		{ "text/plain;q=0.5, application/json", "application/json" },
		{ "*/*;q=0.9, application/json;q=0.1", "text/plain", "the most specific range gives an offer its q" },
		{ "application/*;q=0.2, application/json;q=0.9, */*;q=0.5", "application/json" },
		{ "application/json;q=0", nil, "q=0 refuses" },
		{ "application/json;q=0, */*", "text/plain" },
		{ "*/*;q=0.1, application/json;q=0", "text/plain" },
		{ "text/plain;q=0, */*", "application/json" },
		{ "*/*;q=0", nil },
		{ "text/plain;q=0.0, application/json;q=0.000", nil },
		{ "text/html", nil },
		{ "image/*", nil },
		{ "garbage", nil },
		{ "", nil },
		{ "   ", nil },
		{ nil, nil },
	};
	for _, case in ipairs(cases) do
		it(("picks %s for Accept: %s%s"):format(tostring(case[2]), tostring(case[1]), case[3] and " (" .. case[3] .. ")" or ""), function ()
			assert.equal(case[2], negotiate(case[1], OFFERS));
		end);
	end

	it("follows the order of the offers for */*", function ()
		assert.equal("application/json", negotiate("*/*", { "application/json", "text/plain" }));
		assert.equal("application/json", negotiate("text/plain, application/json", { "application/json", "text/plain" }));
	end);

	it("copes with long and malformed headers", function ()
		assert.is_nil(negotiate(string.rep("a/b;q=0.1,", 5000), OFFERS));
		assert.equal("text/plain", negotiate(string.rep(",", 1000) .. "*/*", OFFERS));
		assert.is_nil(negotiate("\0;q=x, /;q=1, a/;q=1", OFFERS));
		assert.is_nil(negotiate("application/json;q=..., text/plain;q=0", OFFERS));
	end);
end);
