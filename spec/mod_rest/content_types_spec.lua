-- mod_rest: what a body may be. application/xmpp+xml (jabber:client or no
-- namespace), application/json, forms, text/plain (a message path's body,
-- a presence path's show, 422 without a path), Content-Type parameters,
-- 415 for anything else, bodies on path routes.
-- Contract: docs/mod_rest/README.md. Shared setup: spec/mod_rest/support.lua.

local R = require "mod_rest.support";

after_each(R.assert_clean_logs);

describe("mod_rest payloads", function ()
	it("sends an XML stanza without namespace or in jabber:client, with or without a prefix", function ()
		for _, body in ipairs({
			"<message to='bob@localhost'><body>hi</body></message>",
			"<message xmlns='jabber:client' to='bob@localhost'><body>hi</body></message>",
			"<c:message xmlns:c='jabber:client' to='bob@localhost'><c:body>hi</c:body></c:message>",
		}) do
			local m = R.load();
			local msg = R.assert_accepted(m, R.post_xml(m, "/rest", body));
			assert.is_nil(msg.attr.xmlns);
			assert.equal("hi", msg:get_child_text("body"), body);
			assert.is_nil(msg.tags[1].attr.xmlns, "the body is in the stanza's namespace, as a client stream gives it");
		end
	end);

	it("keeps the namespaces of payloads, and jabber:client inside them", function ()
		local m = R.load();
		local msg = R.assert_accepted(m, R.post_xml(m, "/rest", [[<message xmlns='jabber:client' to='bob@localhost'>
			<forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' to='x@y'><body>inner</body></message></forwarded>
		</message>]]));
		local forwarded = msg:get_child("forwarded", "urn:xmpp:forward:0");
		assert.truthy(forwarded);
		local inner = forwarded:get_child("message", "jabber:client");
		assert.truthy(inner, "the forwarded message keeps jabber:client");
		assert.equal("inner", inner:get_child_text("body"));
	end);

	it("refuses XML in another namespace (422 invalid-namespace) and other elements (422 unsupported-stanza-type)", function ()
		local m = R.load();
		R.assert_json_error(m, R.post_xml(m, "/rest", "<message xmlns='jabber:server' to='bob@localhost'/>", R.JSON_ACCEPT),
			422, "invalid-namespace");
		R.assert_json_error(m, R.post_xml(m, "/rest", "<x:message xmlns:x='urn:other' to='bob@localhost'/>", R.JSON_ACCEPT),
			422, "invalid-namespace");
		R.assert_json_error(m, R.post_xml(m, "/rest", "<stream to='localhost'/>", R.JSON_ACCEPT), 422, "unsupported-stanza-type");
		R.assert_json_error(m, R.post_xml(m, "/rest", "<body>hi</body>", R.JSON_ACCEPT), 422, "unsupported-stanza-type");
	end);

	it("sends a JSON document through the mapping", function ()
		local m = R.load();
		local msg = R.assert_accepted(m, R.post_json(m, "/rest", { kind = "message", type = "chat", to = "bob@localhost", body = "hi" }));
		assert.same({ "chat", "bob@localhost", "hi" }, { msg.attr.type, msg.attr.to, msg:get_child_text("body") });
	end);

	it("sends a form through the mapping", function ()
		local m = R.load();
		local msg = R.assert_accepted(m, R.post_form(m, "/rest", { type = "chat", to = "bob@localhost", body = "hi" }));
		assert.same({ "chat", "bob@localhost", "hi" }, { msg.attr.type, msg.attr.to, msg:get_child_text("body") });
	end);

	it("accepts Content-Type parameters and any case", function ()
		for _, ct in ipairs({ "application/json; charset=utf-8", "Application/JSON", "application/json;charset=UTF-8" }) do
			local m = R.load();
			R.assert_accepted(m, R.post_json(m, "/rest", { to = "bob@localhost", body = "hi" }, { ["Content-Type"] = ct }));
		end
		local m = R.load();
		R.assert_accepted(m, R.post_xml(m, "/rest", "<message to='bob@localhost'/>", { ["Content-Type"] = "application/xmpp+xml; charset=utf-8" }));
		m.sent = {};
		R.assert_accepted(m, R.post_text(m, "/rest/message/chat/bob@localhost", "hi", { ["Content-Type"] = "text/plain;charset=utf-8" }));
	end);

	it("answers 415 for other media types and for a body without Content-Type", function ()
		local m = R.load();
		for _, ct in ipairs({ "text/html", "application/xml", "multipart/form-data; boundary=x", "application/cbor", ";", "" }) do
			R.assert_json_error(m, R.post(m, "/rest", "<message/>", { ["Content-Type"] = ct, Accept = R.JSON }), 415, "bad-format");
		end
		R.assert_json_error(m, R.post(m, "/rest", "<message/>", R.JSON_ACCEPT), 415);
		R.assert_json_error(m, R.post(m, "/rest/message/chat/bob@localhost", "hi", R.JSON_ACCEPT), 415);
	end);

	it("refuses text/plain without a path (422): it would have gone to the sender's own account", function ()
		local m = R.load();
		R.assert_json_error(m, R.post_text(m, "/rest", "Hello", R.JSON_ACCEPT), 422, "bad-format");
		R.assert_json_error(m, R.post_text(m, "/rest/echo", "Hello", R.JSON_ACCEPT), 422, "bad-format");
	end);

	it("takes text/plain as a message path's body and a presence path's show, not on an iq path", function ()
		local m = R.load();
		local msg = R.assert_accepted(m, R.post_text(m, "/rest/message/headline/bob@localhost", "News"));
		assert.same({ "headline", "News" }, { msg.attr.type, msg:get_child_text("body") });
		m.sent = {};
		local pres = R.assert_accepted(m, R.post_text(m, "/rest/presence/available/bob@localhost", "away"));
		assert.is_nil(pres.attr.type, "available is no type attribute");
		assert.equal("away", pres:get_child_text("show"));
		m.sent = {};
		R.assert_json_error(m, R.post_text(m, "/rest/iq/get/localhost", "ping", R.JSON_ACCEPT), 422, "bad-format");
	end);

	it("refuses text/plain that is not UTF-8 text (400)", function ()
		local m = R.load();
		for _, body in ipairs({ "\255\254", "a\0b", "bell\7" }) do
			R.assert_json_error(m, R.post_text(m, "/rest/message/chat/bob@localhost", body, R.JSON_ACCEPT), 400, "unsupported-encoding");
		end
	end);

	it("lets the path's kind, type and `to` win over a JSON or form body", function ()
		local m = R.load();
		local msg = R.assert_accepted(m, R.post_json(m, "/rest/message/chat/bob@localhost",
			{ kind = "presence", type = "groupchat", to = "carol@localhost", body = "hi" }));
		assert.same({ "message", "chat", "bob@localhost", "hi" }, { msg.name, msg.attr.type, msg.attr.to, msg:get_child_text("body") });
		m.sent = {};
		msg = R.assert_accepted(m, R.post_form(m, "/rest/message/normal/bob@localhost", { body = "formed", subject = "S" }));
		assert.same({ "normal", "formed", "S" }, { msg.attr.type, msg:get_child_text("body"), msg:get_child_text("subject") });
	end);

	it("keeps the body's `to` when the path leaves it empty", function ()
		local m = R.load();
		local msg = R.assert_accepted(m, R.post_json(m, "/rest/message/chat/", { to = "carol@localhost", body = "hi" }));
		assert.equal("carol@localhost", msg.attr.to);
	end);

	it("takes an XML body on a path of the same kind, the path's type and `to` winning", function ()
		local m = R.load();
		local msg = R.assert_accepted(m, R.post_xml(m, "/rest/message/chat/bob@localhost", "<message type='normal' to='carol@localhost'><body>x</body></message>"));
		assert.same({ "chat", "bob@localhost" }, { msg.attr.type, msg.attr.to });
		R.assert_json_error(nil, R.post_xml(m, "/rest/presence/available/bob@localhost", "<message/>", R.JSON_ACCEPT), 422, "unsupported-stanza-type");
		R.assert_json_error(nil, R.post_xml(m, "/rest/iq/ping/localhost", "<iq/>", R.JSON_ACCEPT), 415);
	end);

	it("builds a stanza from the path alone when there is no body", function ()
		local m = R.load();
		local pres = R.assert_accepted(m, R.post(m, "/rest/presence/unsubscribe/bob@localhost", ""));
		assert.same({ "unsubscribe", "bob@localhost" }, { pres.attr.type, pres.attr.to });
	end);

	it("takes any JSON value, or form fields, as the value of a payload path", function ()
		local st = require "util.stanza";
		local m = R.load();
		m.iq_responder = function (iq) return st.reply(iq); end;
		R.assert_json(R.post_json(m, "/rest/iq/disco/localhost", '"urn:node"'));
		assert.equal("urn:node", m.sent[1]:get_child("query", "http://jabber.org/protocol/disco#info").attr.node);
		R.assert_json(R.post_json(m, "/rest/iq/ping/localhost", "true"));
		R.assert_json(R.post_json(m, "/rest/iq/ping/localhost", "null"));
		local res = R.post_form(m, "/rest/iq/disco/localhost", { node = "urn:formed" });
		assert.same({ 200, R.FORM }, { res.status, res.headers.content_type }, "answered in the request's format");
		assert.equal("result", R.form(res.body).type);
		assert.equal("urn:formed", m.sent[4]:get_child("query", "http://jabber.org/protocol/disco#info").attr.node);
		R.assert_xml(R.post_form(m, "/rest/iq/disco/localhost", "", { Accept = R.XMPP }));
		assert.is_nil(m.sent[5]:get_child("query", "http://jabber.org/protocol/disco#info").attr.node);
	end);

	it("names the wrong field of a JSON payload (422)", function ()
		local m = R.load();
		local doc = R.assert_json_error(m, R.post_json(m, "/rest", { to = "bob@localhost", body = { 1, 2 } }, R.JSON_ACCEPT), 422, "bad-format");
		assert.truthy(doc.error.text:find("body", 1, true), doc.error.text);
		doc = R.assert_json_error(m, R.post_json(m, "/rest/message/chat/bob@localhost", "[1]", R.JSON_ACCEPT), 422, "bad-format");
		assert.truthy(doc.error.text:find("object", 1, true), doc.error.text);
	end);
end);
