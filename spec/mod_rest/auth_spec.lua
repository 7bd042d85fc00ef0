-- mod_rest: authentication. Basic as `user` or `user@thishost`, Bearer
-- tokens of mod_tokenauth (0.12 get_token_info, 13 get_token_session),
-- the component's secret on a Component, anonymous_rest, 401 with one
-- challenge per mechanism, rest_auth_mechanisms case-insensitive, the
-- credential cache and the failure throttle (429) of mod_post_msg.
-- Contract: docs/mod_rest/README.md. Shared setup: spec/mod_rest/support.lua.

local R = require "mod_rest.support";
local json = require "util.json";

after_each(R.assert_clean_logs);

local MESSAGE = "<message to='bob@localhost'><body>hi</body></message>";

--- POST the message with these headers (Authorization false: none).
local function send(m, headers)
	return R.post_xml(m, "/rest", MESSAGE, headers);
end

--- A 401 with both challenges (or `challenge`), nothing sent.
local function assert_401(m, res, challenge)
	R.assert_error(m, res, 401);
	assert.equal(challenge or R.CHALLENGES, res.headers.www_authenticate);
end

describe("mod_rest Basic authentication", function ()
	it("accepts the username alone or as user@thishost, in any case", function ()
		local m = R.load();
		for _, user in ipairs({ "alice", "alice@localhost", "Alice", "ALICE@LOCALHOST" }) do
			m.sent = {};
			local msg = R.assert_accepted(m, send(m, { Authorization = R.basic(user, "secret") }));
			assert.equal("alice@localhost", msg.attr.from, user);
		end
	end);

	it("refuses wrong passwords, other hosts and unknown users with 401 and the challenges", function ()
		local m = R.load();
		for _, pair in ipairs({ { "alice", "wrong" }, { "alice@otherhost", "secret" }, { "alice@localhost/res", "secret" },
			{ "nobody", "secret" }, { "", "" } }) do
			assert_401(m, send(m, { Authorization = R.basic(pair[1], pair[2]) }));
		end
	end);

	it("answers a request without credentials with 401 and one challenge per mechanism", function ()
		local m = R.load();
		local res = send(m, { Authorization = false, Accept = R.JSON });
		assert_401(m, res);
		assert.equal("not-authorized", json.decode(res.body).error.condition);
		assert.equal("No credentials provided", json.decode(res.body).error.text);
	end);

	it("answers an unknown or malformed scheme with 401 and the challenges", function ()
		local m = R.load();
		for _, header in ipairs({ "Digest x", "Basic", "Basic !!!", "Bearer", "", "Negotiate abc def" }) do
			assert_401(m, send(m, { Authorization = header }));
		end
	end);

	it("remembers verified credentials, and forgets a user whose password changed or who was deleted", function ()
		local m = R.load();
		for _ = 1, 3 do m.sent = {}; R.assert_accepted(m, send(m)); end
		assert.equal(1, m.password_checks);
		m.usermanager.set_password("alice", "newpw", "localhost");
		m.sent = {};
		assert_401(m, send(m));
		m.sent = {};
		R.assert_accepted(m, send(m, { Authorization = R.basic("alice", "newpw") }));
		m.sent = {};
		R.assert_accepted(m, send(m, { Authorization = R.basic("alice", "newpw") }));
		local checks = m.password_checks;
		m.fire_global("user-deleted", { username = "alice", host = "localhost" });
		m.users.alice = nil;
		m.sent = {};
		assert_401(m, send(m, { Authorization = R.basic("alice", "newpw") }));
		assert.equal(checks + 1, m.password_checks);
	end);

	it("caches for rest_auth_cache_ttl seconds (0 disables the cache)", function ()
		local m = R.load({ options = { rest_auth_cache_ttl = 10 } });
		send(m); m.advance(9); send(m);
		assert.equal(1, m.password_checks);
		m.advance(1); send(m);
		assert.equal(2, m.password_checks);
		local off = R.load({ options = { rest_auth_cache_ttl = 0 } });
		send(off); send(off);
		assert.equal(2, off.password_checks);
	end);

	it("throttles an address after rest_max_auth_failures (30) failures in a minute: 429", function ()
		local m = R.load();
		for _ = 1, 30 do assert_401(m, send(m, { Authorization = R.basic("alice", "guess") })); end
		local res = send(m, { Accept = R.JSON });
		R.assert_json_error(m, res, 429, "policy-violation");
		assert.equal("60", res.headers.retry_after);
		assert.equal(202, R.send(m, { method = "POST", path = "/rest", body = MESSAGE, ip = "10.0.0.2",
			headers = { ["Content-Type"] = R.XMPP } }).status, "another address is not throttled");
		m.advance(60);
		assert.equal(202, send(m).status, "the window passed");
	end);

	it("does not count requests without credentials as failures", function ()
		local m = R.load({ options = { rest_max_auth_failures = 2 } });
		for _ = 1, 5 do assert_401(m, send(m, { Authorization = false })); end
		assert.equal(202, send(m).status);
	end);
end);

describe("mod_rest Bearer tokens", function ()
	it("authenticates a token of Prosody 0.12's mod_tokenauth as its user", function ()
		local tokens = R.tokenauth_012({ good = { username = "bob", host = "localhost" } });
		local m = R.load({ modules = { tokenauth = tokens } });
		local msg = R.assert_accepted(m, send(m, { Authorization = "Bearer good" }));
		assert.equal("bob@localhost", msg.attr.from:match("^[^/]+"));
		assert.equal(0, m.password_checks);
		assert.is_true(m.dependencies.tokenauth);
	end);

	it("authenticates a token of Prosody 13's mod_tokenauth (get_token_session)", function ()
		local tokens = R.tokenauth_13({ good = { username = "bob", host = "localhost", resource = "laptop" } });
		local m = R.load({ modules = { tokenauth = tokens } });
		local msg = R.assert_accepted(m, send(m, { Authorization = "bearer good" }));
		assert.equal("bob@localhost/laptop", msg.attr.from);
	end);

	it("refuses unknown tokens, tokens of other hosts and a failing store with 401", function ()
		local tokens = R.tokenauth_012({ other = { username = "bob", host = "elsewhere" }, boom = "raise" });
		local m = R.load({ modules = { tokenauth = tokens } });
		for _, token in ipairs({ "unknown", "other", "boom" }) do
			assert_401(m, send(m, { Authorization = "Bearer " .. token }));
		end
	end);

	it("does not load mod_tokenauth when Bearer is not among the mechanisms", function ()
		local m = R.load({ options = { rest_auth_mechanisms = { "Basic" } } });
		assert.is_nil(m.dependencies.tokenauth);
		assert_401(m, send(m, { Authorization = "Bearer x" }), 'Basic realm="localhost/rest"');
	end);
end);

describe("mod_rest rest_auth_mechanisms", function ()
	it("is case-insensitive and orders the challenges", function ()
		local m = R.load({ options = { rest_auth_mechanisms = { "BEARER", "basic" } } });
		assert_401(m, send(m, { Authorization = false }), 'Bearer realm="localhost/rest", Basic realm="localhost/rest"');
		R.assert_accepted(m, send(m));
	end);

	it("refuses a mechanism that is not listed", function ()
		local tokens = R.tokenauth_012({ good = { username = "bob", host = "localhost" } });
		local m = R.load({ options = { rest_auth_mechanisms = { "bearer" } }, modules = { tokenauth = tokens } });
		assert_401(m, send(m), 'Bearer realm="localhost/rest"');
		R.assert_accepted(m, send(m, { Authorization = "Bearer good" }));
	end);

	it("drops unknown mechanisms with a warning", function ()
		local m = R.load({ options = { rest_auth_mechanisms = { "Basic", "Digest" } } });
		R.expect_logs(m, "warn", "Digest");
		assert_401(m, send(m, { Authorization = false }), 'Basic realm="localhost/rest"');
	end);

	it("warns when no mechanism is left, and refuses every request without a challenge", function ()
		local m = R.load({ options = { rest_auth_mechanisms = { "Kerberos" } } });
		R.expect_logs(m, "warn", "Kerberos");
		R.expect_logs(m, "warn", "every request will be refused");
		local res = send(m);
		R.assert_error(m, res, 401);
		assert.is_nil(res.headers.www_authenticate);
	end);
end);

describe("mod_rest on a Component", function ()
	it("accepts Basic as the component's domain and secret", function ()
		local m = R.load_component();
		local msg = R.assert_accepted(m, send(m, { Authorization = R.basic(R.COMPONENT, "s3cret") }));
		assert.equal(R.COMPONENT, msg.attr.from);
		assert.equal(0, m.password_checks);
	end);

	it("refuses other secrets and accounts with 401 and the component's challenges", function ()
		local m = R.load_component();
		local challenges = 'Basic realm="rest.localhost/rest", Bearer realm="rest.localhost/rest"';
		for _, header in ipairs({ R.basic(R.COMPONENT, "wrong"), R.basic("alice", "secret"), R.basic("localhost", "s3cret") }) do
			assert_401(m, send(m, { Authorization = header }), challenges);
		end
	end);

	it("refuses Basic with 401, not 500, when no component_secret is set, and warns at load", function ()
		local m = R.load_component({ component_secret = false });
		R.expect_logs(m, "warn", "component_secret");
		for _, secret in ipairs({ "", "nil", "s3cret" }) do
			local res = send(m, { Authorization = R.basic(R.COMPONENT, secret), Accept = R.JSON });
			R.assert_json_error(m, res, 401, "not-authorized");
		end
	end);
end);

describe("mod_rest anonymous_rest", function ()
	local ANONYMOUS = { authentication = "anonymous", anonymous_rest = true };

	it("needs no credentials and gives each request a new random account of the host", function ()
		local m = R.load({ options = ANONYMOUS });
		local res = send(m, { Authorization = false });
		assert.equal(202, res.status, R.describe_res(res));
		assert.is_nil(res.headers.www_authenticate);
		send(m, { Authorization = R.basic("alice", "wrong") });
		local a, b = m.sent[1].attr.from, m.sent[2].attr.from;
		assert.truthy(a:match("^[^@/]+@localhost$"), a);
		assert.not_equal(a, b);
		assert.equal(0, m.password_checks);
	end);

	it("lets the anonymous account claim only JIDs under itself", function ()
		local m = R.load({ options = ANONYMOUS });
		R.assert_json_error(m, R.post_xml(m, "/rest", "<message to='bob@localhost' from='alice@localhost'/>",
			{ Authorization = false, Accept = R.JSON }), 403);
	end);

	it("is ignored, with a warning, unless authentication is anonymous", function ()
		local m = R.load({ options = { anonymous_rest = true } });
		R.expect_logs(m, "warn", "anonymous_rest");
		assert_401(m, send(m, { Authorization = false }));
	end);
end);
