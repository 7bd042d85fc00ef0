-- src/mod_rest/map/messaging*.ts, second part: chat markers (XEP-0333),
-- receipts (XEP-0184), encryption (XEP-0380), invite (XEP-0249), hints
-- (XEP-0334); forms; a message carrying every messaging field; the
-- contract's defects that touch these fields.

local M = require "mod_rest.map_support";
local S = require "mod_rest.map_messaging_support";
local map = M.map;

local MARKERS = "urn:xmpp:chat-markers:0";
local RECEIPTS = "urn:xmpp:receipts";
local EME = "urn:xmpp:eme:0";
local CONFERENCE = "jabber:x:conference";
local HINTS = "urn:xmpp:hints";

-- Flag fields: a bare element is true.
local FLAGS = {
	{ field = "markable", element = "markable", xmlns = MARKERS },
	{ field = "request", element = "request", xmlns = RECEIPTS },
	{ field = "no_store", element = "no-store", xmlns = HINTS },
	{ field = "no_permanent_store", element = "no-permanent-store", xmlns = HINTS },
	{ field = "no_copy", element = "no-copy", xmlns = HINTS },
	{ field = "store", element = "store", xmlns = HINTS },
};

-- Id fields: the id attribute of an empty element.
local IDS = {
	{ field = "displayed", element = "displayed", xmlns = MARKERS },
	{ field = "received", element = "received", xmlns = MARKERS },
	{ field = "acknowledged", element = "acknowledged", xmlns = MARKERS },
	{ field = "receipt", element = "received", xmlns = RECEIPTS },
};

describe("mod_rest map: messaging markers, receipts, encryption, invite, hints", function ()
	for _, case in ipairs(FLAGS) do
		describe(case.field, function ()
			local xml = ("<message><%s xmlns='%s'/></message>"):format(case.element, case.xmlns);

			it("maps a bare element as true", function ()
				S.mapped(xml, ('{"%s":true}'):format(case.field));
			end);

			it("leaves an element with attributes or content unmapped", function ()
				S.unmapped(("<message><%s xmlns='%s' id='1'/></message>"):format(case.element, case.xmlns), case.field);
				S.unmapped(("<message><%s xmlns='%s'>x</%s></message>"):format(case.element, case.xmlns, case.element), case.field);
			end);

			it("refuses anything but true", function ()
				for json, got in pairs({ ["false"] = "a boolean", ["1"] = "a number", ['"true"'] = "a string", ["{}"] = "an object", ["null"] = "null" }) do
					S.refused(('{"%s":%s}'):format(case.field, json), ("%s: expected true, got %s"):format(case.field, got));
				end
			end);

			it("is any value in a form, written empty", function ()
				for _, value in ipairs({ "", "1", "true", "no" }) do
					M.assert_xml(M.to_stanza(assert(map.formToJson({ [case.field] = value }))), xml);
				end
				assert.equal("", map.jsonToForm({ [case.field] = true })[case.field]);
			end);
		end);
	end

	for _, case in ipairs(IDS) do
		describe(case.field, function ()
			it("maps the id", function ()
				S.mapped(("<message><%s xmlns='%s' id='msg-7'/></message>"):format(case.element, case.xmlns), ('{"%s":"msg-7"}'):format(case.field));
			end);

			it("leaves an element without id, with another attribute or with content unmapped", function ()
				S.unmapped(("<message><%s xmlns='%s'/></message>"):format(case.element, case.xmlns), case.field);
				S.unmapped(("<message><%s xmlns='%s' id='1' thread='t'/></message>"):format(case.element, case.xmlns), case.field);
				S.unmapped(("<message><%s xmlns='%s' id='1'><x/></%s></message>"):format(case.element, case.xmlns, case.element), case.field);
			end);

			it("refuses a value that is not a text", function ()
				S.refused(('{"%s":true}'):format(case.field), case.field .. ": expected a string, got a boolean");
				S.refused(('{"%s":["1"]}'):format(case.field), case.field .. ": expected a string, got an array");
			end);

			it("is the id in a form", function ()
				M.assert_xml(M.to_stanza(assert(map.formToJson({ [case.field] = "m1" }))),
					("<message><%s xmlns='%s' id='m1'/></message>"):format(case.element, case.xmlns));
			end);
		end);
	end

	describe("received: the chat marker and the receipt told apart", function ()
		it("maps both in one message", function ()
			S.mapped("<message><received xmlns='" .. MARKERS .. "' id='a'/><received xmlns='" .. RECEIPTS .. "' id='b'/></message>",
				'{"received":"a","receipt":"b"}');
		end);

		it("maps a receipt request with a markable message", function ()
			S.mapped("<message id='m1'><body>hi</body><markable xmlns='" .. MARKERS .. "'/><request xmlns='" .. RECEIPTS .. "'/></message>",
				'{"id":"m1","body":"hi","markable":true,"request":true}');
		end);
	end);

	describe("encryption", function ()
		it("maps the namespace as a string (as the community module does)", function ()
			S.mapped("<message><body>fallback text</body><encryption xmlns='" .. EME .. "' namespace='urn:xmpp:omemo:2'/></message>",
				'{"body":"fallback text","encryption":"urn:xmpp:omemo:2"}');
		end);

		it("maps {namespace, name} when the name is given (the community module dropped it)", function ()
			S.mapped("<message><encryption xmlns='" .. EME .. "' namespace='urn:example:crypt' name='Example Crypt'/></message>",
				'{"encryption":{"namespace":"urn:example:crypt","name":"Example Crypt"}}');
		end);

		it("takes the object form only with a name (without one, the string form: one JSON per element)", function ()
			S.refused('{"encryption":{"namespace":"urn:x"}}', "encryption.name: expected a string, got nil");
		end);

		it("leaves an element without namespace or with more unmapped", function ()
			S.unmapped("<message><encryption xmlns='" .. EME .. "' name='X'/></message>", "encryption");
			S.unmapped("<message><encryption xmlns='" .. EME .. "' namespace='n' version='2'/></message>", "encryption");
			S.unmapped("<message><encryption xmlns='" .. EME .. "' namespace='n'><x/></encryption></message>", "encryption");
		end);

		it("refuses wrong types", function ()
			S.refused('{"encryption":5}', "encryption: expected a string or an object, got a number");
			S.refused('{"encryption":["urn:x"]}', "encryption: expected a string or an object, got an array");
			S.refused('{"encryption":{"name":"X"}}', "encryption.namespace: expected a string, got nil");
			S.refused('{"encryption":{"namespace":"n","name":1}}', "encryption.name: expected a string, got a number");
		end);

		it("is the namespace in a form", function ()
			M.assert_xml(M.to_stanza(assert(map.formToJson({ encryption = "urn:xmpp:otr:0" }))),
				"<message><encryption xmlns='" .. EME .. "' namespace='urn:xmpp:otr:0'/></message>");
			assert.equal("urn:x", map.jsonToForm({ encryption = "urn:x" }).encryption);
			assert.is_nil(map.jsonToForm(M.json('{"encryption":{"namespace":"n","name":"N"}}')).encryption);
		end);
	end);

	describe("invite", function ()
		it("maps every attribute", function ()
			S.mapped("<message from='crone1@shakespeare.lit/desktop' to='hecate@shakespeare.lit'><x xmlns='" .. CONFERENCE .. "'"
				.. " jid='darkcave@macbeth.shakespeare.lit' password='cauldronburn' reason='Hey Hecate, this is the place for all good witches!'"
				.. " continue='true' thread='e0ffe42b28561960c6b12b944a092794b9683a38'/></message>",
				'{"invite":{"jid":"darkcave@macbeth.shakespeare.lit","password":"cauldronburn",'
				.. '"reason":"Hey Hecate, this is the place for all good witches!","continue":true,'
				.. '"thread":"e0ffe42b28561960c6b12b944a092794b9683a38"}}');
		end);

		it("maps the room alone, and continue false", function ()
			S.mapped("<message><x xmlns='" .. CONFERENCE .. "' jid='room@muc.example.com'/></message>", '{"invite":{"jid":"room@muc.example.com"}}');
			S.mapped("<message><x xmlns='" .. CONFERENCE .. "' jid='r@m' continue='false'/></message>", '{"invite":{"jid":"r@m","continue":false}}');
		end);

		it("leaves an invitation it cannot say exactly unmapped", function ()
			S.unmapped("<message><x xmlns='" .. CONFERENCE .. "' reason='no room'/></message>", "invite");
			S.unmapped("<message><x xmlns='" .. CONFERENCE .. "' jid='r@m' continue='1'/></message>", "invite");
			S.unmapped("<message><x xmlns='" .. CONFERENCE .. "' jid='r@m' continue='yes'/></message>", "invite");
			S.unmapped("<message><x xmlns='" .. CONFERENCE .. "' jid='r@m' other='1'/></message>", "invite");
			S.unmapped("<message><x xmlns='" .. CONFERENCE .. "' jid='r@m'><reason>x</reason></x></message>", "invite");
		end);

		it("refuses wrong types in each attribute", function ()
			S.refused('{"invite":"r@m"}', "invite: expected an object, got a string");
			S.refused('{"invite":{"reason":"x"}}', "invite.jid: expected a string, got nil");
			for _, name in ipairs({ "jid", "password", "reason", "thread" }) do
				S.refused(('{"invite":{"jid":"r@m","%s":7}}'):format(name), ("invite.%s: expected a string, got a number"):format(name));
			end
			S.refused('{"invite":{"jid":"r@m","continue":"true"}}', "invite.continue: expected a boolean, got a string");
		end);

		it("is refused in a form", function ()
			assert.equal("invite: an object, not available in forms (send JSON)", select(2, map.formToJson({ invite = "r@m" })));
		end);
	end);

	describe("a message with every messaging field", function ()
		-- Children in registry order: body, then the messaging fields in MESSAGING_FIELDS order.
		local XML = "<message type='chat' id='all1' to='juliet@example.com'><body>&gt; q\nok</body>"
			.. "<composing xmlns='http://jabber.org/protocol/chatstates'/>"
			.. "<replace xmlns='urn:xmpp:message-correct:0' id='old'/>"
			.. "<attach-to xmlns='urn:xmpp:message-attaching:1' id='att'/>"
			.. "<stanza-id xmlns='urn:xmpp:sid:0' id='s1' by='juliet@example.com'/>"
			.. "<origin-id xmlns='urn:xmpp:sid:0' id='o1'/>"
			.. "<occupant-id xmlns='urn:xmpp:occupant-id:0' id='occ'/>"
			.. "<reply xmlns='urn:xmpp:reply:0' to='a@b' id='r1'/>"
			.. "<reactions xmlns='urn:xmpp:reactions:0' id='r1'><reaction>👍</reaction></reactions>"
			.. "<reference xmlns='urn:xmpp:reference:0' type='mention' uri='xmpp:a@b' begin='0' end='3'/>"
			.. "<fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:reply:0'><body start='0' end='4'/></fallback>"
			.. "<markable xmlns='" .. MARKERS .. "'/><displayed xmlns='" .. MARKERS .. "' id='d'/>"
			.. "<received xmlns='" .. MARKERS .. "' id='r'/><acknowledged xmlns='" .. MARKERS .. "' id='a'/>"
			.. "<request xmlns='" .. RECEIPTS .. "'/><received xmlns='" .. RECEIPTS .. "' id='rc'/>"
			.. "<encryption xmlns='" .. EME .. "' namespace='urn:xmpp:otr:0' name='OTR'/>"
			.. "<x xmlns='" .. CONFERENCE .. "' jid='room@muc' password='p'/>"
			.. "<no-store xmlns='" .. HINTS .. "'/><no-permanent-store xmlns='" .. HINTS .. "'/>"
			.. "<no-copy xmlns='" .. HINTS .. "'/><store xmlns='" .. HINTS .. "'/>"
			.. "</message>";

		it("round-trips exactly both ways", function ()
			local doc = M.to_json(XML);
			assert.is_nil(doc.unmapped);
			M.assert_xml(M.to_stanza(doc), XML);
			assert.equal(M.encode(doc), M.encode(map.stanzaToJson(M.to_stanza(doc))));
			for _, name in ipairs({ "state", "replace", "attach_to", "stanza_ids", "origin_id", "occupant_id", "reply", "reactions",
				"reference", "fallback", "markable", "displayed", "received", "acknowledged", "request", "receipt", "encryption",
				"invite", "no_store", "no_permanent_store", "no_copy", "store" }) do
				assert.is_not_nil(doc[name], name);
			end
		end);

		it("keeps a foreign child in unmapped beside them", function ()
			local xml = XML:gsub("</message>$", "<x xmlns='urn:example:other'><y/></x></message>");
			local doc = M.to_json(xml);
			assert.equal(1, #doc.unmapped);
			M.assert_xml(M.to_stanza(doc), xml);
		end);
	end);

	describe("contract defect: wrongly typed JSON values crashed with 500", function ()
		-- Every messaging field given every JSON type: a text naming the field or a stanza, never a raise.
		local FIELDS = {
			"state", "replace", "attach_to", "stanza_ids", "origin_id", "occupant_id", "reply", "reactions", "reference", "fallback",
			"markable", "displayed", "received", "acknowledged", "request", "receipt", "encryption", "invite",
			"no_store", "no_permanent_store", "no_copy", "store",
		};
		local VALUES = { '"x"', "0", "-1", "1.5", "true", "false", "null", "[]", "{}", '[{"id":1}]', '{"id":[]}', '[[],{}]', '"\\u0001"' };

		for _, field in ipairs(FIELDS) do
			it(("never raises on %s"):format(field), function ()
				for _, value in ipairs(VALUES) do
					local doc = M.json(('{"%s":%s}'):format(field, value));
					local ok, stanza, err = pcall(map.jsonToStanza, doc);
					assert.is_true(ok, ("%s=%s raised: %s"):format(field, value, tostring(stanza)));
					if stanza == nil then
						assert.is_string(err);
						assert.equal(field, err:match("^[%w_]+"), ("%s=%s: %s"):format(field, value, err));
					else
						-- accepted (unknown keys of an object are ignored): what it wrote must round-trip
						local back = map.stanzaToJson(stanza);
						assert.is_nil(back.unmapped, ("%s=%s"):format(field, value));
						assert.equal(M.canonical(stanza), M.canonical(M.to_stanza(back)), ("%s=%s"):format(field, value));
					end
				end
			end);
		end
	end);

	describe("contract defect: forms crashed with 500", function ()
		it("maps every scalar messaging field from form strings, refuses the others with a text", function ()
			local doc = assert(map.formToJson({
				state = "active", replace = "r", attach_to = "a", origin_id = "o", occupant_id = "c", fallback = "",
				markable = "1", displayed = "d", received = "rv", acknowledged = "ak", request = "", receipt = "rc",
				encryption = "urn:xmpp:otr:0", no_store = "", no_permanent_store = "", no_copy = "", store = "",
			}));
			local stanza = M.to_stanza(doc);
			assert.equal(M.encode(doc), M.encode((function ()
				local back = map.stanzaToJson(stanza);
				back.kind, back.type = nil, nil;
				return back;
			end)()));
			for _, name in ipairs({ "stanza_ids", "reply", "reactions", "reference", "invite" }) do
				local refused, err = map.formToJson({ [name] = "x" });
				assert.is_nil(refused);
				assert.matches("^" .. name .. ": ", err);
			end
			local state_doc = assert(map.formToJson({ state = "typing" }));
			assert.equal("state: expected one of active, composing, paused, inactive, gone", M.refused(state_doc));
		end);
	end);
end);
