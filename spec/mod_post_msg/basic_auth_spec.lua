-- mod_post_msg: Basic authentication against the host's accounts.
-- Contract: docs/mod_post_msg/README.md. Shared setup: spec/mod_post_msg/support.lua.

local P = require "mod_post_msg.support";
local base64 = require "util.encodings".base64;
local basic, load, post, sent_message = P.basic, P.load, P.post, P.sent_message;
local assert_unauthorized = P.assert_unauthorized;

after_each(P.assert_clean_logs);

describe("mod_post_msg Basic authentication", function ()
	it("accepts user@host", function ()
		local m = load();
		local msg = sent_message(m, post(m, "/msg/bob", "hi", { Authorization = basic("alice@localhost", "secret") }));
		assert.equal("alice@localhost", msg.attr.from);
	end);

	it("accepts a bare user meaning this host", function ()
		local m = load();
		local msg = sent_message(m, post(m, "/msg/bob", "hi", { Authorization = basic("alice", "secret") }));
		assert.equal("alice@localhost", msg.attr.from);
		assert.same({ { username = "alice", host = "localhost" } }, m.password_check_log);
	end);

	it("normalises the username before checking it", function ()
		local m = load();
		local msg = sent_message(m, post(m, "/msg/bob", "hi", { Authorization = basic("Alice@LOCALHOST", "secret") }));
		assert.equal("alice@localhost", msg.attr.from);
	end);

	it("accepts a password holding colons", function ()
		local m = load({ users = { alice = "pa:ss:word" } });
		sent_message(m, post(m, "/msg/bob", "hi", { Authorization = basic("alice", "pa:ss:word") }));
	end);

	it("accepts the scheme in any case", function ()
		local m = load();
		sent_message(m, post(m, "/msg/bob", "hi", { Authorization = "basic " .. base64.encode("alice:secret") }));
	end);

	it("refuses a wrong password with 401 and the Basic challenge", function ()
		local m = load();
		assert_unauthorized(m, post(m, "/msg/bob", "hi", { Authorization = basic("alice@localhost", "wrong") }));
		assert_unauthorized(m, post(m, "/msg/bob", "hi", { Authorization = basic("alice", "") }));
	end);

	it("refuses an unknown user", function ()
		local m = load();
		assert_unauthorized(m, post(m, "/msg/bob", "hi", { Authorization = basic("mallory", "secret") }));
	end);

	it("refuses a user of another host without asking the user manager (it would crash)", function ()
		local m = load({ hosts = { otherhost = { users = { alice = "secret" } } } });
		assert_unauthorized(m, post(m, "/msg/bob", "hi", { Authorization = basic("alice@otherhost", "secret") }));
		assert_unauthorized(m, post(m, "/msg/bob", "hi", { Authorization = basic("alice@unknown.example", "secret") }));
		assert.equal(0, m.password_checks);
	end);

	it("refuses usernames that are not a JID node of this host", function ()
		local m = load();
		for _, user in ipairs({ "", "@localhost", "alice@localhost/res", "al ice", "a@b@localhost", string.rep("a", 1024) }) do
			assert_unauthorized(m, post(m, "/msg/bob", "hi", { Authorization = basic(user, "secret") }));
		end
	end);

	it("refuses malformed credentials", function ()
		local m = load();
		local headers = {
			"Basic !!!!",                              -- not base64
			"Basic " .. base64.encode("alice"),        -- no colon
			"Basic " .. base64.encode("\255:secret"),  -- not UTF-8
			"Basic " .. base64.encode("al\1ice:secret"), -- control character
			"Basic",                                   -- nothing
			"Basic ",
			"Basic a b",
			"",
			"   ",
		};
		for _, header in ipairs(headers) do
			assert_unauthorized(m, post(m, "/msg/bob", "hi", { Authorization = header }));
		end
		assert.equal(0, m.password_checks);
	end);

	it("asks for credentials when there is no Authorization header", function ()
		local m = load();
		assert_unauthorized(m, post(m, "/msg/bob", "hi", { Authorization = false }), "Authentication required");
	end);

	it("refuses unknown schemes", function ()
		local m = load();
		assert_unauthorized(m, post(m, "/msg/bob", "hi", { Authorization = "Digest username=alice" }));
		assert_unauthorized(m, post(m, "/msg/bob", "hi", { Authorization = "Negotiate abc" }));
	end);

	it("turns a failing user manager into a 401, not a crash", function ()
		local m = load();
		m.usermanager.test_password = function () error("storage is down"); end;
		assert_unauthorized(m, post(m, "/msg/bob", "hi"));
	end);

	it("checks credentials before the payload", function ()
		local m = load({ options = { post_msg_size_limit = 10 } });
		assert_unauthorized(m, post(m, "/msg/bob", "hi", { Authorization = false, ["Content-Type"] = "application/xml" }), "Authentication required");
		assert_unauthorized(m, post(m, "/msg/bob", string.rep("x", 100), { Authorization = basic("alice", "wrong") }));
	end);
end);
