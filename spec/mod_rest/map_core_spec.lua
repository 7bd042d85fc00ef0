-- src/mod_rest/map/core.ts and index.ts: the top level of the JSON mapping
-- (kind, type, to, from, id, lang, error) and the `<xmpp>` wrapper.

local M = require "mod_rest.map_support";
local json = require "util.json";
local map = M.map;

describe("mod_rest map: top level", function ()
	describe("XML -> JSON", function ()
		it("maps kind, type, to, from, id and xml:lang", function ()
			local doc = M.to_json([[<message xmlns='jabber:client' type='chat' to='bob@example.com'
				from='alice@example.com/phone' id='m1' xml:lang='en'/>]]);
			assert.equal(M.encode({ kind = "message", type = "chat", to = "bob@example.com",
				from = "alice@example.com/phone", id = "m1", lang = "en" }), M.encode(doc));
		end);

		it("gives a presence without type the type available", function ()
			assert.equal("available", M.to_json("<presence/>").type);
			assert.equal("unavailable", M.to_json("<presence type='unavailable'/>").type);
		end);

		it("leaves a message without type without type", function ()
			assert.is_nil(M.to_json("<message/>").type);
		end);

		it("leaves out attributes it does not map, and lists uncovered children in unmapped", function ()
			local doc = M.to_json([[<message xmlns='jabber:client' foo='bar'><x xmlns='urn:example'/><body>hi</body></message>]]);
			assert.equal(M.encode({ kind = "message", body = "hi", unmapped = { "<x xmlns='urn:example'/>" } }), M.encode(doc));
		end);

		it("maps an <xmpp> wrapper to a list of documents", function ()
			local doc = M.to_json("<xmpp><iq type='result' id='a'/><message id='b'><body>x</body></message></xmpp>");
			assert.equal(M.encode({ xmpp = { { kind = "iq", type = "result", id = "a" },
				{ kind = "message", id = "b", body = "x" } } }), M.encode(doc));
		end);

		it("maps an empty <xmpp> wrapper to an empty list", function ()
			assert.equal('{"xmpp":[]}', json.encode(M.to_json("<xmpp/>")));
		end);
	end);

	describe("JSON -> XML", function ()
		it("writes the attributes as given", function ()
			local s = M.to_stanza({ kind = "message", type = "chat", to = "bob@example.com", from = "a@b/c", id = "x", lang = "de" });
			M.assert_xml(s, "<message type='chat' to='bob@example.com' from='a@b/c' id='x' xml:lang='de'/>");
		end);

		it("does not prep or check addresses (the API does)", function ()
			local s = M.to_stanza({ to = "not a jid@@", from = "" });
			assert.equal("not a jid@@", s.attr.to);
			assert.equal("", s.attr.from);
		end);

		it("writes presence available as no type", function ()
			local s = M.to_stanza({ kind = "presence", type = "available" });
			assert.is_nil(s.attr.type);
			assert.equal("presence", s.name);
		end);

		it("gives an iq without type the type get (as the community module)", function ()
			assert.equal("get", M.to_stanza({ kind = "iq", ping = true }).attr.type);
		end);

		it("leaves the cursor at the top", function ()
			local s = M.to_stanza({ body = "x", thread = { id = "t" }, payload = { data = 1 } });
			assert.is_true(s:at_top());
		end);

		for kind, words in pairs({
			message = { "normal", "chat", "headline", "groupchat", "error" },
			presence = { "unavailable", "subscribe", "subscribed", "unsubscribe", "unsubscribed", "probe", "error" },
			iq = { "get", "set", "result", "error" },
		}) do
			for _, word in ipairs(words) do
				it(("accepts type %s for %s"):format(word, kind), function ()
					local s = M.to_stanza({ kind = kind, type = word });
					assert.equal(kind, s.name);
					assert.equal(word, s.attr.type);
				end);
			end
		end

		for _, case in ipairs({
			{ "message", "get" }, { "message", "available" }, { "presence", "chat" }, { "iq", "normal" },
			{ "iq", "available" }, { "message", "" }, { "message", "Chat" },
		}) do
			it(("refuses type %q for %s, naming the field"):format(case[2], case[1]), function ()
				assert.matches("^type: ", M.refused({ kind = case[1], type = case[2] }));
			end);
		end

		it("refuses an unknown kind", function ()
			assert.equal("kind: expected one of message, presence, iq", M.refused({ kind = "stream" }));
		end);

		it("refuses a document that is not an object", function ()
			for _, doc in ipairs({ false, 5, "x", json.null, M.json("[]"), M.json("[1]"), { "a" } }) do
				assert.equal("expected a JSON object", M.refused(doc));
			end
			local ok, stanza, err = pcall(map.jsonToStanza, nil);
			assert.is_true(ok);
			assert.is_nil(stanza);
			assert.equal("expected a JSON object", err);
		end);

		it("ignores unknown fields and fields of another kind", function ()
			local s = M.to_stanza({ kind = "message", body = "x", show = "away", ping = true, whatever = { 1, 2 } });
			M.assert_xml(s, "<message><body>x</body></message>");
			s = M.to_stanza({ kind = "iq", type = "get", ping = true, body = "x" });
			M.assert_xml(s, "<iq type='get'><ping xmlns='urn:xmpp:ping'/></iq>");
		end);

		it("accepts an empty object (a message)", function ()
			M.assert_xml(M.to_stanza(M.json("{}")), "<message/>");
		end);
	end);

	describe("error", function ()
		it("maps an error both ways", function ()
			local text = [[<iq type='error' id='e1' from='example.com'>
				<error type='cancel' by='example.com'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
				<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>Not here</text></error></iq>]];
			local doc = M.to_json(text);
			assert.equal(M.encode({ kind = "iq", type = "error", id = "e1", from = "example.com",
				error = { type = "cancel", condition = "service-unavailable", text = "Not here", by = "example.com" } }), M.encode(doc));
			local s = M.to_stanza(doc);
			assert.equal(M.encode(doc), M.encode(map.stanzaToJson(s)));
			local t, condition, etext = s:get_error();
			assert.same({ "cancel", "service-unavailable", "Not here" }, { t, condition, etext });
		end);

		it("makes a document with error and no type of type error", function ()
			local s = M.to_stanza({ kind = "message", error = { type = "wait", condition = "resource-constraint" } });
			assert.equal("error", s.attr.type);
			local t, condition, etext = s:get_error();
			assert.same({ "wait", "resource-constraint" }, { t, condition, etext });
		end);

		it("defaults the error type to cancel and the condition to undefined-condition", function ()
			local s = M.to_stanza({ type = "error", error = M.json("{}") });
			local t, condition = s:get_error();
			assert.same({ "cancel", "undefined-condition" }, { t, condition });
		end);

		it("refuses error with a type other than error", function ()
			assert.equal("error: only allowed with type error", M.refused({ type = "chat", error = { condition = "conflict" } }));
		end);

		it("refuses an unknown condition or type", function ()
			assert.matches("^error%.condition: ", M.refused({ error = { condition = "nope" } }));
			assert.matches("^error%.type: ", M.refused({ error = { type = "fatal" } }));
		end);

		it("leaves an error without a valid type or a defined condition whole to unmapped", function ()
			local doc = M.to_json([[<message type='error'><error type='odd'><weird xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
				<app xmlns='urn:example'/></error></message>]]);
			assert.is_nil(doc.error);
			assert.equal(1, #doc.unmapped);
			doc = M.to_json([[<message type='error'><error type='cancel'><app xmlns='urn:example'/></error></message>]]);
			assert.is_nil(doc.error);
		end);

		it("keeps application conditions, the text's language and a redirect address", function ()
			local xml = [[<iq type='error' id='e'><error type='modify' by='x'><not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>]]
				.. [[<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas' xml:lang='en'>too big</text>]]
				.. [[<file-too-large xmlns='urn:xmpp:http:upload:0'><max-file-size>5</max-file-size></file-too-large></error></iq>]];
			local doc = M.to_json(xml);
			assert.equal("not-acceptable", doc.error.condition);
			assert.equal("en", doc.error.lang);
			assert.equal(1, #doc.error.unmapped);
			M.assert_xml(M.to_stanza(doc), xml);
			local gone = [[<message type='error'><error type='cancel'><gone xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>xmpp:a@b</gone></error></message>]];
			assert.equal("xmpp:a@b", M.to_json(gone).error.uri);
			M.assert_xml(M.to_stanza(M.to_json(gone)), gone);
		end);

		it("maps no error for a stanza not of type error", function ()
			assert.is_nil(M.to_json("<message><error type='cancel'><conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>").error);
		end);

		it("keeps the payloads of an error reply", function ()
			local doc = M.to_json([[<iq type='error' id='p'><ping xmlns='urn:xmpp:ping'/><error type='cancel'>
				<feature-not-implemented xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>]]);
			assert.is_true(doc.ping);
			assert.equal("feature-not-implemented", doc.error.condition);
		end);
	end);
end);
