-- mod_post_msg: the recipient, from the path or the to field, and its validation.
-- Contract: docs/mod_post_msg/README.md. Shared setup: spec/mod_post_msg/support.lua.

local P = require "mod_post_msg.support";
local basic, load, post, post_json, post_form = P.basic, P.load, P.post, P.post_json, P.post_form;
local sent_message, assert_error = P.sent_message, P.assert_error;

after_each(P.assert_clean_logs);

describe("mod_post_msg recipient", function ()
	it("makes a recipient without @ a user of this host (/msg/bob -> bob@localhost)", function ()
		local m = load();
		assert.equal("bob@localhost", sent_message(m, post(m, "/msg/bob", "hi")).attr.to);
	end);

	it("uses the module's host, as the seed documents (bob -> bob@example.com)", function ()
		local m = load({ host = "example.com" });
		local res = post(m, "/msg/bob", "hi", { Authorization = basic("alice@example.com", "secret") });
		local msg = sent_message(m, res);
		assert.equal("bob@example.com", msg.attr.to);
		assert.equal("alice@example.com", msg.attr.from);
	end);

	it("keeps a resource: /msg/bob/res -> bob@localhost/res", function ()
		local m = load();
		assert.equal("bob@localhost/res", sent_message(m, post(m, "/msg/bob/res", "hi")).attr.to);
	end);

	it("uses a full address as it is", function ()
		local m = load();
		assert.equal("bob@example.org", sent_message(m, post(m, "/msg/bob@example.org", "hi")).attr.to);
		m.sent = {};
		assert.equal("bob@example.org/phone", sent_message(m, post(m, "/msg/bob@example.org/phone", "hi")).attr.to);
		m.sent = {};
		-- percent-encoded in the path (decoded by Prosody's HTTP parser)
		assert.equal("bob@example.org", sent_message(m, post(m, "/msg/bob%40example.org", "hi")).attr.to);
	end);

	it("normalises the recipient with jid.prep", function ()
		local m = load();
		assert.equal("bob@example.org/Phone", sent_message(m, post(m, "/msg/BOB@Example.ORG/Phone", "hi")).attr.to);
		m.sent = {};
		assert.equal("bob@localhost", sent_message(m, post(m, "/msg/Bob", "hi")).attr.to);
	end);

	it("lets the form's to field win over the path", function ()
		local m = load();
		local msg = sent_message(m, post_form(m, "/msg/bob", { to = "carol@example.net", body = "hi" }));
		assert.equal("carol@example.net", msg.attr.to);
	end);

	it("lets the JSON to field win over the path, a bare name being a local user", function ()
		local m = load();
		assert.equal("carol@localhost", sent_message(m, post_json(m, "/msg/bob", { to = "carol", body = "hi" })).attr.to);
	end);

	it("takes the recipient from the to field alone (empty path)", function ()
		local m = load();
		assert.equal("dave@example.net", sent_message(m, post_json(m, "/msg/", { to = "dave@example.net", body = "hi" })).attr.to);
	end);

	-- An IP-literal domain (RFC 7622 §3.2), which jid.prep accepts
	-- ("bob@[::1]" -> "bob@[::1]"); src/lib/address.ts once refused it with 422.
	it("uses an IPv6-literal address as it is (jid.prep accepts bob@[::1])", function ()
		local m = load();
		assert.equal("bob@[::1]", sent_message(m, post(m, "/msg/bob@[::1]", "hi")).attr.to);
	end);

	it("uses an IPv4-literal address as it is", function ()
		local m = load();
		assert.equal("bob@127.0.0.1", sent_message(m, post(m, "/msg/bob@127.0.0.1", "hi")).attr.to);
	end);

	it("accepts a node of 1023 bytes", function ()
		local m = load();
		local node = string.rep("n", 1023);
		assert.equal(node .. "@localhost", sent_message(m, post(m, "/msg/" .. node, "hi")).attr.to);
	end);

	local invalid = {
		{ "a@b@c", "a@b@c" },
		{ "@x", "@x" },
		{ "bob@", "bob@" },
		{ "empty resource", "bob@localhost/" },
		{ "control character", "bo%01b" },
		{ "NUL", "bob%00" },
		{ "invalid UTF-8", "bob%FF" },
		{ "truncated UTF-8", "bob%C3" },
		{ "over-long node (1024 bytes)", string.rep("n", 1024) },
		{ "over-long node, full JID", string.rep("n", 1024) .. "@example.org" },
		{ "over-long domain", "bob@" .. string.rep("d", 1024) },
		{ "space in the domain", "bob@local%20host" },
		{ "quote in the domain", "bob@exa%22mple.org" },
	};
	for _, case in ipairs(invalid) do
		it("refuses an invalid recipient in the path with 422: " .. case[1], function ()
			local m = load();
			assert_error(m, post(m, "/msg/" .. case[2], "hi"), 422, "Invalid recipient address");
		end);
	end

	local invalid_to = {
		{ "a@b@c", "a@b@c" },
		{ "@x", "@x" },
		{ "control character", "bob\1@localhost" },
		{ "over-long node", string.rep("n", 1024) },
		{ "empty resource", "bob@localhost/" },
		{ "space in the domain", "bob@local host" },
	};
	for _, case in ipairs(invalid_to) do
		it("refuses an invalid to field with 422 (or 400 for unsafe text): " .. case[1], function ()
			local m = load();
			local res = post_json(m, "/msg/bob", { to = case[2], body = "hi" });
			if case[1] == "control character" then
				assert_error(m, res, 400);
			else
				assert_error(m, res, 422, "Invalid recipient address");
			end
			local res2 = post_form(m, "/msg/bob", { to = case[2], body = "hi" });
			assert.equal(res.status, res2.status);
			assert.equal(0, #m.sent);
		end);
	end

	it("answers 422 when there is no recipient", function ()
		local m = load();
		assert_error(m, post(m, "/msg/", "hi"), 422, "No recipient given");
		assert_error(m, post_json(m, "/msg/", { body = "hi" }), 422, "No recipient given");
		assert_error(m, post_json(m, "/msg/", { to = "", body = "hi" }), 422, "No recipient given");
		assert_error(m, post_form(m, "/msg/", "body=hi"), 422, "No recipient given");
	end);
end);
