-- mod_rest: options and their defaults. rest_stanza_size_limit (192 KiB,
-- 413 past it), the iq waits and bound, the credential options; invalid
-- values fall back to the default with a warning.
-- Contract: docs/mod_rest/README.md. Shared setup: spec/mod_rest/support.lua.

local R = require "mod_rest.support";

after_each(R.assert_clean_logs);

--- A text/plain message whose body makes the request `size` bytes.
local function post_size(m, size)
	return R.post_text(m, "/rest/message/chat/bob@localhost", ("x"):rep(size), R.JSON_ACCEPT);
end

describe("mod_rest options", function ()
	it("takes bodies up to rest_stanza_size_limit (192 KiB by default), 413 past it", function ()
		local m = R.load();
		R.assert_accepted(m, post_size(m, 192 * 1024));
		m.sent = {};
		R.assert_json_error(m, post_size(m, 192 * 1024 + 1), 413, "resource-constraint");
		local small = R.load({ options = { rest_stanza_size_limit = 10 } });
		R.assert_accepted(small, post_size(small, 10));
		small.sent = {};
		R.assert_json_error(small, post_size(small, 11), 413);
	end);

	it("checks the size after the credentials: a stranger learns nothing", function ()
		local m = R.load({ options = { rest_stanza_size_limit = 10 } });
		local res = R.post_text(m, "/rest/message/chat/bob@localhost", ("x"):rep(100), { Authorization = false });
		assert.equal(401, res.status);
	end);

	it("falls back to the defaults, with a warning, for invalid values", function ()
		local cases = {
			{ "rest_stanza_size_limit", -1 }, { "rest_stanza_size_limit", 0 }, { "rest_iq_timeout", -5 },
			{ "rest_iq_max_timeout", 0 }, { "rest_iq_max_pending", 0 }, { "rest_auth_cache_size", -3 },
			{ "rest_max_auth_failures", -1 }, { "rest_auth_cache_ttl", -1 },
		};
		for _, case in ipairs(cases) do
			local m = R.load({ options = { [case[1]] = case[2] } });
			R.expect_logs(m, "warn", case[1]);
			R.assert_accepted(m, post_size(m, 100));
		end
	end);

	it("uses the default iq wait when rest_iq_timeout is invalid, within rest_iq_max_timeout", function ()
		local m = R.load({ options = { rest_iq_timeout = "soon", rest_iq_max_timeout = 60 } });
		R.expect_logs(m, "error", "rest_iq_timeout");
		R.expect_logs(m, "warn", "rest_iq_timeout");
		local res = R.post_xml(m, "/rest", R.ping_xml());
		m.advance(59);
		assert.is_false(res.finished);
		m.advance(1);
		assert.equal(504, res.status);
	end);

	it("accepts 0 for rest_max_auth_failures: no throttle", function ()
		local m = R.load({ options = { rest_max_auth_failures = 0 } });
		for _ = 1, 50 do
			assert.equal(401, R.post_xml(m, "/rest", "<message/>", { Authorization = R.basic("alice", "guess") }).status);
		end
		R.assert_accepted(m, R.post_xml(m, "/rest", "<message to='bob@localhost'/>"));
	end);
end);
