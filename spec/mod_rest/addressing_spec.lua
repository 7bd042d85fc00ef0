-- mod_rest: the attributes of what is sent. Only to, id (generated when
-- absent), type and xml:lang are kept; `from` is the sender's: the bare
-- JID for Basic (any JID under it may be claimed), the full JID of a token
-- with a resource (only it), a stable full JID for a token without one,
-- any JID at the domain on a Component; invalid `to` 422 (never dropped),
-- invalid `from` 422, a `from` not allowed 403.
-- Contract: docs/mod_rest/README.md. Shared setup: spec/mod_rest/support.lua.

local R = require "mod_rest.support";

after_each(R.assert_clean_logs);

local function echo(m, body, headers)
	return R.assert_xml(R.post_xml(m, "/rest/echo", body, headers));
end

describe("mod_rest attribute rewriting", function ()
	it("keeps to, id, type and xml:lang, drops the rest and sets from", function ()
		local m = R.load();
		local msg = R.assert_accepted(m, R.post_xml(m, "/rest",
			"<message to='bob@localhost' id='m1' type='chat' xml:lang='fr' foo='bar' from='alice@localhost'><body>salut</body></message>"));
		assert.same({ from = "alice@localhost", to = "bob@localhost", id = "m1", type = "chat", ["xml:lang"] = "fr" }, msg.attr);
	end);

	it("generates a different id for each stanza without one", function ()
		local m = R.load();
		local a = echo(m, "<message to='bob@localhost'/>");
		local b = echo(m, "<message to='bob@localhost'/>");
		assert.is_string(a.attr.id);
		assert.truthy(#a.attr.id >= 12);
		assert.not_equal(a.attr.id, b.attr.id);
	end);

	it("preps `to`", function ()
		local m = R.load();
		assert.equal("bob@localhost/Phone", echo(m, "<message to='BOB@LocalHost/Phone'/>").attr.to);
		assert.equal("localhost", echo(m, "<message to='localhost'/>").attr.to);
	end);

	it("refuses an invalid `to` with 422 improper-addressing, in XML, JSON, forms and paths", function ()
		local m = R.load();
		for _, to in ipairs({ "bob@local host", "@localhost", "bob@", "a@b@c", "bob@localhost/", "bob@[::1", "bob@exa<mple" }) do
			R.assert_json_error(m, R.post_json(m, "/rest", { to = to, body = "x" }, R.JSON_ACCEPT), 422, "improper-addressing");
			R.assert_json_error(m, R.post_form(m, "/rest", { to = to, body = "x" }, R.JSON_ACCEPT), 422, "improper-addressing");
			R.assert_json_error(m, R.post_text(m, "/rest/message/chat/" .. to, "x", R.JSON_ACCEPT), 422, "improper-addressing");
		end
		R.assert_json_error(m, R.post_xml(m, "/rest", "<message to='a@b@c'/>", R.JSON_ACCEPT), 422, "improper-addressing");
		R.assert_json_error(m, R.post_xml(m, "/rest", "<message to=''/>", R.JSON_ACCEPT), 422, "improper-addressing");
	end);

	it("lets Basic claim any JID under its bare JID, nothing else (403)", function ()
		local m = R.load();
		assert.equal("alice@localhost/desk", echo(m, "<message to='bob@localhost' from='alice@localhost/desk'/>").attr.from);
		assert.equal("alice@localhost", echo(m, "<message to='bob@localhost' from='ALICE@localhost'/>").attr.from);
		for _, from in ipairs({ "bob@localhost", "localhost", "alice@otherhost", "alice@localhost.evil" }) do
			R.assert_json_error(m, R.post_xml(m, "/rest", "<message to='bob@localhost' from='" .. from .. "'/>", R.JSON_ACCEPT),
				403, "not-authorized");
		end
	end);

	it("refuses an invalid `from` with 422 invalid-from", function ()
		local m = R.load();
		for _, from in ipairs({ "alice@local host", "a@b@c", "" }) do
			R.assert_json_error(m, R.post_xml(m, "/rest", "<message to='bob@localhost' from='" .. from .. "'/>", R.JSON_ACCEPT),
				422, "invalid-from");
		end
		R.assert_json_error(m, R.post_json(m, "/rest", { to = "bob@localhost", from = "x y@z", body = "b" }, R.JSON_ACCEPT), 422, "invalid-from");
	end);

	it("sends as the full JID of a token bound to a resource, and lets it claim only that", function ()
		local tokens = R.tokenauth_012({ tok = { username = "alice", host = "localhost", resource = "bot" } });
		local m = R.load({ modules = { tokenauth = tokens } });
		local headers = { Authorization = "Bearer tok" };
		assert.equal("alice@localhost/bot", echo(m, "<message to='bob@localhost'/>", headers).attr.from);
		assert.equal("alice@localhost/bot", echo(m, "<message to='bob@localhost' from='alice@localhost/bot'/>", headers).attr.from);
		for _, from in ipairs({ "alice@localhost", "alice@localhost/other" }) do
			R.assert_json_error(m, R.post_xml(m, "/rest", "<message to='bob@localhost' from='" .. from .. "'/>",
				{ Authorization = "Bearer tok", Accept = R.JSON }), 403, "not-authorized");
		end
	end);

	it("gives a token without a resource one stable resource, and lets it claim its bare JID", function ()
		for _, fake in ipairs({ R.tokenauth_012, R.tokenauth_13 }) do
			local tokens = fake({ one = { username = "alice", host = "localhost" }, two = { username = "alice", host = "localhost" } });
			local m = R.load({ modules = { tokenauth = tokens } });
			local first = echo(m, "<message to='bob@localhost'/>", { Authorization = "Bearer one" }).attr.from;
			local again = echo(m, "<message to='bob@localhost'/>", { Authorization = "Bearer one" }).attr.from;
			local other = echo(m, "<message to='bob@localhost'/>", { Authorization = "Bearer two" }).attr.from;
			assert.truthy(first:match("^alice@localhost/.+$"), first);
			assert.equal(first, again, "the same resource on every request");
			assert.not_equal(first, other, "another token, another resource");
			assert.equal("alice@localhost/x", echo(m, "<message to='bob@localhost' from='alice@localhost/x'/>",
				{ Authorization = "Bearer one" }).attr.from);
			R.assert_json_error(m, R.post_xml(m, "/rest", "<message to='bob@localhost' from='bob@localhost'/>",
				{ Authorization = "Bearer one", Accept = R.JSON }), 403);
		end
	end);

	it("sends as the component's domain, and lets a component claim any JID at its domain", function ()
		local m = R.load_component();
		local headers = { Authorization = R.basic(R.COMPONENT, "s3cret") };
		assert.equal(R.COMPONENT, echo(m, "<message to='bob@localhost'/>", headers).attr.from);
		assert.equal("bot@rest.localhost/x", echo(m, "<message to='bob@localhost' from='bot@rest.localhost/x'/>", headers).attr.from);
		assert.equal("rest.localhost", echo(m, "<message to='bob@localhost' from='rest.localhost'/>", headers).attr.from);
		for _, from in ipairs({ "localhost", "bot@localhost", "sub.rest.localhost" }) do
			R.assert_json_error(m, R.post_xml(m, "/rest", "<message to='bob@localhost' from='" .. from .. "'/>",
				{ Authorization = headers.Authorization, Accept = R.JSON }), 403);
		end
	end);
end);
