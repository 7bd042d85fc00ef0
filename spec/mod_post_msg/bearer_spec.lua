-- mod_post_msg: Bearer tokens of mod_tokenauth.
-- Contract: docs/mod_post_msg/README.md. Shared setup: spec/mod_post_msg/support.lua.

local P = require "mod_post_msg.support";
local mock = require "mock_module";
local jid = require "util.jid";
local load, post, sent_message, assert_unauthorized = P.load, P.post, P.sent_message, P.assert_unauthorized;

after_each(P.assert_clean_logs);

describe("mod_post_msg Bearer tokens", function ()
	local function tokenauth(sessions)
		return {
			calls = 0,
			get_token_info = function (token)
				local s = sessions[token];
				if s == nil then return nil, "not-authorized"; end
				if s == "raise" then error("token store is down"); end
				return { owner = "x", created = 0, jid = "x", session = s };
			end,
		};
	end

	it("authenticates the token's user as the sender", function ()
		local m = load({ modules = { tokenauth = tokenauth({ good = { username = "alice", host = "localhost" } }) } });
		local msg = sent_message(m, post(m, "/msg/bob", "hi", { Authorization = "Bearer good" }));
		assert.equal("alice@localhost", msg.attr.from);
		assert.equal(0, m.password_checks);
		assert.is_true(m.dependencies.tokenauth);
	end);

	it("accepts the scheme in any case", function ()
		local m = load({ modules = { tokenauth = tokenauth({ good = { username = "alice", host = "localhost" } }) } });
		sent_message(m, post(m, "/msg/bob", "hi", { Authorization = "bearer good" }));
	end);

	it("refuses unknown tokens", function ()
		local m = load({ modules = { tokenauth = tokenauth({ good = { username = "alice", host = "localhost" } }) } });
		assert_unauthorized(m, post(m, "/msg/bob", "hi", { Authorization = "Bearer bad" }));
		assert_unauthorized(m, post(m, "/msg/bob", "hi", { Authorization = "Bearer" }));
	end);

	it("refuses a token of another host", function ()
		local m = load({ modules = { tokenauth = tokenauth({ other = { username = "alice", host = "otherhost" } }) } });
		assert_unauthorized(m, post(m, "/msg/bob", "hi", { Authorization = "Bearer other" }));
	end);

	it("refuses a token whose session has no username", function ()
		local m = load({ modules = { tokenauth = tokenauth({ odd = { host = "localhost" }, num = { username = 5, host = "localhost" } }) } });
		assert_unauthorized(m, post(m, "/msg/bob", "hi", { Authorization = "Bearer odd" }));
		assert_unauthorized(m, post(m, "/msg/bob", "hi", { Authorization = "Bearer num" }));
	end);

	it("turns a failing token store into a 401, not a crash", function ()
		local m = load({ modules = { tokenauth = tokenauth({ boom = "raise" }) } });
		assert_unauthorized(m, post(m, "/msg/bob", "hi", { Authorization = "Bearer boom" }));
	end);

	it("refuses Bearer when mod_tokenauth offers nothing", function ()
		local m = load();
		assert_unauthorized(m, post(m, "/msg/bob", "hi", { Authorization = "Bearer good" }));
	end);

	it("reads mod_tokenauth's environment without touching missing names (no global warning)", function ()
		-- module:depends() returns the plugin environment; a name it lacks
		-- falls through to Prosody's locked _G, which logs a warning.
		local api = mock.plugin_env(tokenauth({ good = { username = "alice", host = "localhost" } }));
		local m = load({ modules = { tokenauth = api } });
		sent_message(m, post(m, "/msg/bob", "hi", { Authorization = "Bearer good" }));
		assert.same({}, m.problems());
	end);

	it("prefers Prosody 13's get_token_session when present (it also checks the token's role)", function ()
		-- 13 has both; get_token_info finds the grant, get_token_session may still refuse (no role).
		local api = tokenauth({ t = { username = "bob", host = "localhost" }, norole = { username = "bob", host = "localhost" } });
		api.get_token_session = function (token)
			if token == "t" then return { username = "bob", host = "localhost" }; end
			return nil, "not-authorized";
		end;
		local m = load({ modules = { tokenauth = api } });
		assert.equal("bob@localhost", sent_message(m, post(m, "/msg/carol", "hi", { Authorization = "Bearer t" })).attr.from);
		m.sent = {};
		assert_unauthorized(m, post(m, "/msg/carol", "hi", { Authorization = "Bearer norole" }));
		assert_unauthorized(m, post(m, "/msg/carol", "hi", { Authorization = "Bearer other" }));
	end);
end);
