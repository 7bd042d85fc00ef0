-- mod_post_msg: the refusal of an address after repeated authentication
-- failures (post_msg_max_auth_failures).
-- Contract: docs/mod_post_msg/README.md. Shared setup: spec/mod_post_msg/support.lua.

local P = require "mod_post_msg.support";

after_each(P.assert_clean_logs);

describe("mod_post_msg failure throttle", function ()
	local creds = P.basic;
	local function load(limit)
		return P.load({ options = { post_msg_max_auth_failures = limit }, users = { alice = "secret" } });
	end
	-- POST /msg/bob with this Authorization (none when nil), from `ip` (127.0.0.1 when nil).
	local function post(m, authorization, ip)
		return P.send(m, {
			method = "POST", path = "/msg/bob", body = "hi",
			headers = { Authorization = authorization or false },
			ip = ip,
		});
	end

	it("answers 429 with Retry-After once an address used up its failures, until the window passes", function ()
		local m = load(2);
		assert.equal(401, post(m, creds("alice", "bad1")).status);
		assert.equal(401, post(m, creds("alice", "bad2")).status);
		local refused = post(m, creds("alice", "secret"));
		assert.equal(429, refused.status);
		assert.equal("60", refused:header("Retry-After"));
		assert.equal(0, #m.sent);
		m.advance(61);
		assert.equal(201, post(m, creds("alice", "secret")).status);
	end);

	it("counts failures per address", function ()
		local m = load(1);
		assert.equal(401, post(m, creds("alice", "bad"), "192.0.2.1").status);
		assert.equal(429, post(m, creds("alice", "secret"), "192.0.2.1").status);
		assert.equal(201, post(m, creds("alice", "secret"), "192.0.2.2").status);
	end);

	it("does not count requests without credentials", function ()
		local m = load(1);
		for _ = 1, 3 do assert.equal(401, post(m, nil).status); end
		assert.equal(201, post(m, creds("alice", "secret")).status);
	end);

	it("is disabled by 0", function ()
		local m = load(0);
		for i = 1, 50 do assert.equal(401, post(m, creds("alice", "bad" .. i)).status); end
		assert.equal(201, post(m, creds("alice", "secret")).status);
	end);
end);
