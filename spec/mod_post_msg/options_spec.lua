-- mod_post_msg: configuration values that are out of range or not numbers.
-- Contract: docs/mod_post_msg/README.md. Shared setup: spec/mod_post_msg/support.lua.

local P = require "mod_post_msg.support";
local DEFAULT_LIMIT, basic, load, post = P.DEFAULT_LIMIT, P.basic, P.load, P.post;
local sent_message, assert_error = P.sent_message, P.assert_error;

after_each(P.assert_clean_logs);

describe("mod_post_msg options", function ()
	-- The problems logged at load, which are then cleared for after_each.
	local function load_problems(m)
		local problems = m.problems();
		m.logs = {};
		return problems;
	end

	it("falls back to the default size limit, with a warning, for a limit that is not positive", function ()
		for _, value in ipairs({ 0, -5 }) do
			local m = load({ options = { post_msg_size_limit = value } });
			local problems = load_problems(m);
			assert.equal(1, #problems);
			assert.truthy(problems[1].message:find("post_msg_size_limit", 1, true));
			sent_message(m, post(m, "/msg/bob", string.rep("a", DEFAULT_LIMIT)));
			m.sent = {};
			assert_error(m, post(m, "/msg/bob", string.rep("a", DEFAULT_LIMIT + 1)), 413);
		end
	end);

	it("falls back to the default size limit for a value that is not a number", function ()
		local m = load({ options = { post_msg_size_limit = "lots" } });
		assert.truthy(#load_problems(m) >= 1);
		assert_error(m, post(m, "/msg/bob", string.rep("a", DEFAULT_LIMIT + 1)), 413);
	end);

	it("falls back to the default TTL, with a warning, for a negative TTL", function ()
		local m = load({ options = { post_msg_auth_cache_ttl = -1 } });
		local problems = load_problems(m);
		assert.equal(1, #problems);
		assert.truthy(problems[1].message:find("post_msg_auth_cache_ttl", 1, true));
		post(m, "/msg/bob", "one");
		post(m, "/msg/bob", "two");
		assert.equal(1, m.password_checks);
		assert.equal(2, #m.sent);
	end);

	it("falls back to the default cache size, with a warning, for a size that is not positive", function ()
		local m = load({ options = { post_msg_auth_cache_size = 0 } });
		assert.equal(1, #load_problems(m));
		post(m, "/msg/x", "hi", { Authorization = basic("alice", "secret") });
		post(m, "/msg/x", "hi", { Authorization = basic("bob", "bobpw") });
		post(m, "/msg/x", "hi", { Authorization = basic("alice", "secret") });
		assert.equal(2, m.password_checks);
	end);

	it("logs nothing for valid settings, TTL 0 included", function ()
		local m = load({ options = { post_msg_size_limit = 1000, post_msg_auth_cache_ttl = 0, post_msg_auth_cache_size = 10 } });
		assert.same({}, m.problems());
	end);
end);
