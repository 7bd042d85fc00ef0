-- mod_rest: the format of answers. From Accept (q-values honoured), else
-- the request's Content-Type, else XML: application/xmpp+xml,
-- application/json, application/x-www-form-urlencoded.
-- Contract: docs/mod_rest/README.md. Shared setup: spec/mod_rest/support.lua.

local R = require "mod_rest.support";

after_each(R.assert_clean_logs);

local XML_BODY = "<message to='bob@localhost' type='chat'><body>hi</body></message>";

--- The Content-Type of the echo of a message sent as XML / JSON / text with `accept`.
local function echo_type(m, how, accept)
	local headers = { Accept = accept };
	local res;
	if how == "xml" then
		res = R.post_xml(m, "/rest/echo", XML_BODY, headers);
	elseif how == "json" then
		res = R.post_json(m, "/rest/echo", { type = "chat", to = "bob@localhost", body = "hi" }, headers);
	else
		res = R.post_form(m, "/rest/echo", { type = "chat", to = "bob@localhost", body = "hi" }, headers);
	end
	assert.equal(200, res.status, R.describe_res(res));
	return res.headers.content_type, res.body;
end

describe("mod_rest output format", function ()
	it("follows Accept", function ()
		local m = R.load();
		assert.equal(R.JSON, echo_type(m, "xml", R.JSON));
		assert.equal(R.XMPP, echo_type(m, "json", R.XMPP));
		assert.equal(R.FORM, echo_type(m, "xml", R.FORM));
	end);

	it("honours q-values", function ()
		local m = R.load();
		assert.equal(R.JSON, echo_type(m, "xml", "application/xmpp+xml;q=0.4, application/json;q=0.8"));
		assert.equal(R.XMPP, echo_type(m, "json", "application/json;q=0.1, application/*;q=0.5, application/xmpp+xml;q=0.9"));
		assert.equal(R.FORM, echo_type(m, "json", "application/json;q=0, application/x-www-form-urlencoded"));
	end);

	it("answers in the request's format for a wildcard, no Accept, or an Accept that takes none of them", function ()
		local m = R.load();
		for _, accept in ipairs({ "*/*", "application/*", "image/png" }) do
			assert.equal(R.JSON, echo_type(m, "json", accept), accept);
			assert.equal(R.XMPP, echo_type(m, "xml", accept), accept);
			assert.equal(R.FORM, echo_type(m, "form", accept), accept);
		end
		assert.equal(R.JSON, echo_type(m, "json", nil));
	end);

	it("answers in XML when neither says (GET, text/plain)", function ()
		local st = require "util.stanza";
		local m = R.load();
		m.iq_responder = function (iq) return st.reply(iq); end;
		assert.equal(R.XMPP, R.get(m, "/rest/ping/localhost").headers.content_type);
		m.on_send = function (stanza, origin) origin.send(st.error_reply(stanza, "cancel", "service-unavailable")); end;
		assert.equal(R.XMPP, R.post_text(m, "/rest/message/chat/nobody@localhost", "hi").headers.content_type);
	end);

	it("writes JSON and form answers through the mapping", function ()
		local json = require "util.json";
		local m = R.load();
		local _, body = echo_type(m, "xml", R.JSON);
		local doc = json.decode(body);
		assert.same({ "message", "chat", "bob@localhost", "alice@localhost", "hi" }, { doc.kind, doc.type, doc.to, doc.from, doc.body });
		_, body = echo_type(m, "xml", R.FORM);
		local form = R.form(body);
		assert.same({ "message", "chat", "bob@localhost", "hi" }, { form.kind, form.type, form.to, form.body });
	end);
end);
