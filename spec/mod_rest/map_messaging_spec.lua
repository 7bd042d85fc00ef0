-- src/mod_rest/map/messaging*.ts, first part: state (XEP-0085), replace
-- (XEP-0308), attach_to (XEP-0367), stanza_ids / origin_id (XEP-0359),
-- occupant_id (XEP-0421), reply (XEP-0461), reactions (XEP-0444),
-- reference (XEP-0372), fallback (XEP-0428); both ways, round trips,
-- elements they cannot say exactly left in `unmapped`, wrong types.

local M = require "mod_rest.map_support";
local S = require "mod_rest.map_messaging_support";
local map = M.map;

local CHATSTATES = "http://jabber.org/protocol/chatstates";

describe("mod_rest map: messaging", function ()
	describe("state", function ()
		for _, word in ipairs({ "active", "composing", "paused", "inactive", "gone" }) do
			it(("maps <%s/>"):format(word), function ()
				S.mapped(("<message type='chat'><%s xmlns='%s'/></message>"):format(word, CHATSTATES), ('{"state":"%s"}'):format(word));
			end);
		end

		it("sits beside a body", function ()
			S.mapped("<message><body>hi</body><active xmlns='" .. CHATSTATES .. "'/></message>", '{"body":"hi","state":"active"}');
		end);

		it("leaves two states, a state with attributes or children, and an unknown state unmapped", function ()
			S.unmapped("<message><active xmlns='" .. CHATSTATES .. "'/><composing xmlns='" .. CHATSTATES .. "'/></message>", "state");
			S.unmapped("<message><active xmlns='" .. CHATSTATES .. "'/><active xmlns='" .. CHATSTATES .. "'/></message>", "state");
			S.unmapped("<message><paused xmlns='" .. CHATSTATES .. "' x='1'/></message>", "state");
			S.unmapped("<message><paused xmlns='" .. CHATSTATES .. "'><x/></paused></message>", "state");
			S.unmapped("<message><paused xmlns='" .. CHATSTATES .. "'> </paused></message>", "state");
			S.unmapped("<message><typing xmlns='" .. CHATSTATES .. "'/></message>", "state");
			S.unmapped("<message><composing/></message>", "state");
		end);

		it("refuses a wrong word or type", function ()
			S.refused('{"state":"typing"}', "state: expected one of active, composing, paused, inactive, gone");
			S.refused('{"state":1}', "state: expected one of active, composing, paused, inactive, gone, got a number");
			S.refused('{"state":["active"]}', "state: expected one of active, composing, paused, inactive, gone, got an array");
		end);

		it("is the word in a form", function ()
			local doc = assert(map.formToJson({ state = "composing" }));
			M.assert_xml(M.to_stanza(doc), "<message><composing xmlns='" .. CHATSTATES .. "'/></message>");
			assert.equal("paused", map.jsonToForm({ state = "paused" }).state);
		end);

		it("implies no kind: alone it is a message, in a presence it is ignored", function ()
			assert.equal("message", M.to_stanza({ state = "gone" }).name);
			M.assert_xml(M.to_stanza({ kind = "presence", state = "gone" }), "<presence/>");
			assert.equal("presence", M.to_stanza({ state = "gone", show = "away" }).name);
		end);
	end);

	-- The fields holding the id attribute of an empty element.
	for _, case in ipairs({
		{ field = "replace", element = "replace", xmlns = "urn:xmpp:message-correct:0" },
		{ field = "attach_to", element = "attach-to", xmlns = "urn:xmpp:message-attaching:1" },
		{ field = "origin_id", element = "origin-id", xmlns = "urn:xmpp:sid:0" },
		{ field = "occupant_id", element = "occupant-id", xmlns = "urn:xmpp:occupant-id:0" },
	}) do
		describe(case.field, function ()
			local function element(attributes, inner)
				local open = ("<%s xmlns='%s'%s"):format(case.element, case.xmlns, attributes);
				return "<message>" .. (inner and (open .. ">" .. inner .. "</" .. case.element .. ">") or (open .. "/>")) .. "</message>";
			end

			it("maps the id", function ()
				S.mapped(element(" id='bad1'"), ('{"%s":"bad1"}'):format(case.field));
				S.mapped(element(" id='&lt;&amp;&apos; ünï'"), ('{"%s":"<&\' ünï"}'):format(case.field));
				S.mapped(element(" id=''"), ('{"%s":""}'):format(case.field));
			end);

			it("leaves an element without id, with another attribute or with content unmapped", function ()
				S.unmapped(element(""), case.field);
				S.unmapped(element(" id='a' other='b'"), case.field);
				S.unmapped(element(" id='a' xml:lang='en'"), case.field);
				S.unmapped(element(" id='a'", "<x/>"), case.field);
				S.unmapped(element(" id='a'", "text"), case.field);
			end);

			it("maps the first element and leaves a second one unmapped", function ()
				local xml = "<message>" .. element(" id='1'"):sub(10, -11) .. element(" id='2'"):sub(10, -11) .. "</message>";
				local doc = M.to_json(xml);
				assert.equal("1", doc[case.field]);
				assert.equal(1, #doc.unmapped);
				M.assert_xml(M.to_stanza(doc), xml);
			end);

			it("refuses a value that is not a text", function ()
				for json, got in pairs({ ["5"] = "a number", ["true"] = "a boolean", ["{}"] = "an object", ["[1]"] = "an array" }) do
					S.refused(('{"%s":%s}'):format(case.field, json), ("%s: expected a string, got %s"):format(case.field, got));
				end
				S.refused({ [case.field] = "a\1b" }, case.field .. ": invalid UTF-8 or a character XML does not allow");
				S.refused({ [case.field] = "\255" }, case.field .. ": invalid UTF-8 or a character XML does not allow");
			end);

			it("is the id in a form", function ()
				local doc = assert(map.formToJson({ [case.field] = "x1" }));
				M.assert_xml(M.to_stanza(doc), element(" id='x1'"));
				assert.equal("x1", map.jsonToForm({ [case.field] = "x1" })[case.field]);
			end);
		end);
	end

	describe("stanza_ids", function ()
		local SID = "urn:xmpp:sid:0";

		it("maps every <stanza-id/> with its id and by", function ()
			S.mapped("<message><stanza-id xmlns='" .. SID .. "' id='a1' by='juliet@example.com'/>"
				.. "<stanza-id xmlns='" .. SID .. "' id='r7' by='room@muc.example.com'/></message>",
				'{"stanza_ids":[{"id":"a1","by":"juliet@example.com"},{"id":"r7","by":"room@muc.example.com"}]}');
		end);

		it("sits beside an origin-id of the same namespace", function ()
			S.mapped("<message><stanza-id xmlns='" .. SID .. "' id='a1' by='x@y'/><origin-id xmlns='" .. SID .. "' id='o1'/></message>",
				'{"stanza_ids":[{"id":"a1","by":"x@y"}],"origin_id":"o1"}');
		end);

		it("leaves all of them unmapped when one lacks id or by or carries more", function ()
			S.unmapped("<message><stanza-id xmlns='" .. SID .. "' id='a1' by='x@y'/><stanza-id xmlns='" .. SID .. "' id='a2'/></message>",
				"stanza_ids");
			S.unmapped("<message><stanza-id xmlns='" .. SID .. "' by='x@y'/></message>", "stanza_ids");
			S.unmapped("<message><stanza-id xmlns='" .. SID .. "' id='a' by='x@y' extra='1'/></message>", "stanza_ids");
			S.unmapped("<message><stanza-id xmlns='" .. SID .. "' id='a' by='x@y'><x/></stanza-id></message>", "stanza_ids");
		end);

		it("refuses wrong types in each item", function ()
			S.refused('{"stanza_ids":"a1"}', "stanza_ids: expected an array, got a string");
			S.refused('{"stanza_ids":[]}', "stanza_ids: expected at least 1 item(s)");
			S.refused('{"stanza_ids":["a1"]}', "stanza_ids[0]: expected an object, got a string");
			S.refused('{"stanza_ids":[{"id":"a","by":"b"},{"by":"b"}]}', "stanza_ids[1].id: expected a string, got nil");
			S.refused('{"stanza_ids":[{"id":"a"}]}', "stanza_ids[0].by: expected a string, got nil");
			S.refused('{"stanza_ids":[{"id":1,"by":"b"}]}', "stanza_ids[0].id: expected a string, got a number");
			S.refused('{"stanza_ids":[{"id":"a","by":null}]}', "stanza_ids[0].by: expected a string, got null");
		end);

		it("is refused in a form and left out of one", function ()
			local doc, err = map.formToJson({ stanza_ids = "a1" });
			assert.is_nil(doc);
			assert.equal("stanza_ids: a list, not available in forms (send JSON)", err);
			assert.is_nil(map.jsonToForm(M.json('{"stanza_ids":[{"id":"a","by":"b"}]}')).stanza_ids);
		end);
	end);

	describe("reply", function ()
		local REPLY = "urn:xmpp:reply:0";

		it("maps {to, id} and {id}", function ()
			S.mapped("<message><body>&gt; quote\nyes</body><reply xmlns='" .. REPLY .. "' to='anna@example.com/laptop' id='message-id1'/></message>",
				'{"body":"> quote\\nyes","reply":{"to":"anna@example.com/laptop","id":"message-id1"}}');
			S.mapped("<message type='groupchat'><reply xmlns='" .. REPLY .. "' id='sid-1'/></message>", '{"reply":{"id":"sid-1"}}');
		end);

		it("leaves a reply without id or with more unmapped", function ()
			S.unmapped("<message><reply xmlns='" .. REPLY .. "' to='a@b'/></message>", "reply");
			S.unmapped("<message><reply xmlns='" .. REPLY .. "' id='1' thread='t'/></message>", "reply");
			S.unmapped("<message><reply xmlns='" .. REPLY .. "' id='1'><body/></reply></message>", "reply");
		end);

		it("refuses wrong types", function ()
			S.refused('{"reply":"id1"}', "reply: expected an object, got a string");
			S.refused('{"reply":{"to":"a@b"}}', "reply.id: expected a string, got nil");
			S.refused('{"reply":{"id":7}}', "reply.id: expected a string, got a number");
			S.refused('{"reply":{"id":"1","to":false}}', "reply.to: expected a string, got a boolean");
			S.refused('{"reply":[]}', "reply: expected an object, got an array");
		end);

		it("is refused in a form", function ()
			assert.equal("reply: an object, not available in forms (send JSON)", select(2, map.formToJson({ reply = "x" })));
		end);
	end);

	describe("reactions", function ()
		local R = "urn:xmpp:reactions:0";

		it("maps {id, reactions} in order", function ()
			S.mapped("<message type='chat'><reactions xmlns='" .. R .. "' id='744f6e18'><reaction>👋</reaction><reaction>🐢</reaction></reactions></message>",
				'{"reactions":{"id":"744f6e18","reactions":["👋","🐢"]}}');
		end);

		it("maps an empty list (every reaction withdrawn) as []", function ()
			S.mapped("<message><reactions xmlns='" .. R .. "' id='x'/></message>", '{"reactions":{"id":"x","reactions":[]}}');
			assert.equal('{"id":"x","reactions":[]}', M.encode(M.to_json("<message><reactions xmlns='" .. R .. "' id='x'/></message>").reactions));
		end);

		it("keeps an empty reaction and whitespace in one", function ()
			S.mapped("<message><reactions xmlns='" .. R .. "' id='x'><reaction/><reaction> + </reaction></reactions></message>",
				'{"reactions":{"id":"x","reactions":[""," + "]}}');
		end);

		it("leaves reactions it cannot say exactly unmapped", function ()
			S.unmapped("<message><reactions xmlns='" .. R .. "'><reaction>👋</reaction></reactions></message>", "reactions");
			S.unmapped("<message><reactions xmlns='" .. R .. "' id='x' to='y'/></message>", "reactions");
			S.unmapped("<message><reactions xmlns='" .. R .. "' id='x'><reaction xml:lang='en'>a</reaction></reactions></message>", "reactions");
			S.unmapped("<message><reactions xmlns='" .. R .. "' id='x'><reaction>a<b/></reaction></reactions></message>", "reactions");
			S.unmapped("<message><reactions xmlns='" .. R .. "' id='x'><other/></reactions></message>", "reactions");
			S.unmapped("<message><reactions xmlns='" .. R .. "' id='x'><reaction xmlns='urn:other'>a</reaction></reactions></message>", "reactions");
			S.unmapped("<message><reactions xmlns='" .. R .. "' id='x'>\n  <reaction>a</reaction>\n</reactions></message>", "reactions");
		end);

		it("refuses wrong types", function ()
			S.refused('{"reactions":["👋"]}', "reactions: expected an object, got an array");
			S.refused('{"reactions":{"reactions":["👋"]}}', "reactions.id: expected a string, got nil");
			S.refused('{"reactions":{"id":"x"}}', "reactions.reactions: expected an array, got nil");
			S.refused('{"reactions":{"id":"x","reactions":"👋"}}', "reactions.reactions: expected an array, got a string");
			S.refused('{"reactions":{"id":"x","reactions":["a",2]}}', "reactions.reactions[1]: expected a string, got a number");
			S.refused('{"reactions":{"id":"x","reactions":[null]}}', "reactions.reactions[0]: expected a string, got null");
		end);
	end);

	describe("reference", function ()
		local REF = "urn:xmpp:reference:0";

		it("maps a mention with its range", function ()
			S.mapped("<message><body>Hello juliet</body><reference xmlns='" .. REF .. "' type='mention' uri='xmpp:juliet@capulet.lit' begin='6' end='12'/></message>",
				'{"body":"Hello juliet","reference":{"type":"mention","uri":"xmpp:juliet@capulet.lit","begin":6,"end":12}}');
		end);

		it("maps a data reference without range, and an anchor", function ()
			S.mapped("<message><reference xmlns='" .. REF .. "' type='data' uri='https://example.com/a.png'/></message>",
				'{"reference":{"type":"data","uri":"https://example.com/a.png"}}');
			S.mapped("<message><reference xmlns='" .. REF .. "' type='mention' uri='xmpp:a@b' begin='0' end='0' anchor='xmpp:r@muc?id=1'/></message>",
				'{"reference":{"type":"mention","uri":"xmpp:a@b","begin":0,"end":0,"anchor":"xmpp:r@muc?id=1"}}');
		end);

		it("maps the first reference and leaves the others unmapped", function ()
			local xml = "<message><reference xmlns='" .. REF .. "' type='mention' uri='xmpp:a@b'/><reference xmlns='" .. REF .. "' type='mention' uri='xmpp:c@d'/></message>";
			local doc = M.to_json(xml);
			assert.equal("xmpp:a@b", doc.reference.uri);
			assert.equal(1, #doc.unmapped);
			M.assert_xml(M.xml(doc.unmapped[1]), "<reference xmlns='" .. REF .. "' type='mention' uri='xmpp:c@d'/>");
			M.assert_xml(M.to_stanza(doc), xml);
		end);

		it("leaves a reference it cannot say exactly unmapped", function ()
			for _, attributes in ipairs({
				"type='mention'", "uri='xmpp:a@b'", "type='other' uri='x'", "type='data' uri='x' begin='07'",
				"type='data' uri='x' begin='+7'", "type='data' uri='x' end='-1'", "type='data' uri='x' begin='1.5'",
				"type='data' uri='x' begin='99999999999'", "type='data' uri='x' extra='1'",
			}) do
				S.unmapped("<message><reference xmlns='" .. REF .. "' " .. attributes .. "/></message>", "reference");
			end
			S.unmapped("<message><reference xmlns='" .. REF .. "' type='data' uri='x'><media-sharing xmlns='urn:xmpp:sims:1'/></reference></message>",
				"reference");
		end);

		it("refuses wrong types and out-of-range offsets", function ()
			S.refused('{"reference":"xmpp:a@b"}', "reference: expected an object, got a string");
			S.refused('{"reference":{"uri":"x"}}', "reference.type: expected one of mention, data, got nil");
			S.refused('{"reference":{"type":"link","uri":"x"}}', "reference.type: expected one of mention, data");
			S.refused('{"reference":{"type":"data"}}', "reference.uri: expected a string, got nil");
			S.refused('{"reference":{"type":"data","uri":"x","begin":"3"}}', "reference.begin: expected an integer from 0 to 2147483647, got a string");
			S.refused('{"reference":{"type":"data","uri":"x","begin":-1}}', "reference.begin: expected an integer from 0 to 2147483647, got -1");
			S.refused('{"reference":{"type":"data","uri":"x","end":1.5}}', "reference.end: expected an integer from 0 to 2147483647, got 1.5");
			S.refused('{"reference":{"type":"data","uri":"x","end":1e300}}', "reference.end: expected an integer from 0 to 2147483647, got 1e+300");
			S.refused('{"reference":{"type":"data","uri":"x","anchor":{}}}', "reference.anchor: expected a string, got an object");
		end);
	end);

	describe("fallback", function ()
		local FB = "urn:xmpp:fallback:0";

		it("maps a bare <fallback/> as true (as the community module does)", function ()
			S.mapped("<message><body>x</body><fallback xmlns='" .. FB .. "'/></message>", '{"body":"x","fallback":true}');
		end);

		it("maps for and body ranges (a reply's quote)", function ()
			S.mapped("<message><body>&gt; Anna wrote:\n&gt; hi\nhello</body><reply xmlns='urn:xmpp:reply:0' id='m1'/>"
				.. "<fallback xmlns='" .. FB .. "' for='urn:xmpp:reply:0'><body start='0' end='22'/></fallback></message>",
				'{"body":"> Anna wrote:\\n> hi\\nhello","reply":{"id":"m1"},"fallback":[{"for":"urn:xmpp:reply:0","bodies":[{"start":0,"end":22}]}]}');
		end);

		it("maps whole-text ranges, subjects and several fallbacks", function ()
			S.mapped("<message><fallback xmlns='" .. FB .. "' for='urn:xmpp:reactions:0'><body/></fallback>"
				.. "<fallback xmlns='" .. FB .. "' for='urn:example'><body start='1'/><body end='4'/><subject start='0' end='2'/><subject/></fallback>"
				.. "<fallback xmlns='" .. FB .. "'/></message>",
				'{"fallback":[{"for":"urn:xmpp:reactions:0","bodies":[{}]},'
				.. '{"for":"urn:example","bodies":[{"start":1},{"end":4}],"subjects":[{"start":0,"end":2},{}]},{}]}');
			S.mapped("<message><fallback xmlns='" .. FB .. "' for='urn:x'/></message>", '{"fallback":[{"for":"urn:x"}]}');
		end);

		it("writes [{}] as a bare <fallback/>, read back as true", function ()
			M.assert_xml(M.to_stanza(M.json('{"fallback":[{}]}')), "<message><fallback xmlns='" .. FB .. "'/></message>");
		end);

		it("leaves fallbacks it cannot say exactly unmapped", function ()
			for _, inner in ipairs({
				"<subject/><body/>", "<body start='01'/>", "<body start='-1'/>", "<body start='x'/>", "<body xml:lang='en'/>",
				"<body>text</body>", "<other/>", "<body xmlns='jabber:client'/>", "text",
			}) do
				S.unmapped("<message><fallback xmlns='" .. FB .. "' for='urn:x'>" .. inner .. "</fallback></message>", "fallback");
			end
			S.unmapped("<message><fallback xmlns='" .. FB .. "' for='urn:x' extra='1'/></message>", "fallback");
			S.unmapped("<message><fallback xmlns='" .. FB .. "' for='urn:x'/><fallback xmlns='" .. FB .. "' x='1'/></message>", "fallback");
		end);

		it("refuses wrong types in each part", function ()
			S.refused('{"fallback":false}', "fallback: expected true, got a boolean");
			S.refused('{"fallback":"urn:x"}', "fallback: expected true or an array, got a string");
			S.refused('{"fallback":[]}', "fallback: expected at least 1 item(s)");
			S.refused('{"fallback":[true]}', "fallback[0]: expected an object, got a boolean");
			S.refused('{"fallback":[{"for":1}]}', "fallback[0].for: expected a string, got a number");
			S.refused('{"fallback":[{"bodies":{"start":0}}]}', "fallback[0].bodies: expected an array, got an object");
			S.refused('{"fallback":[{"bodies":[]}]}', "fallback[0].bodies: expected at least 1 item(s)");
			S.refused('{"fallback":[{"bodies":[{"start":"0"}]}]}',
				"fallback[0].bodies[0].start: expected an integer from 0 to 2147483647, got a string");
			S.refused('{"fallback":[{},{"subjects":[{"end":-3}]}]}',
				"fallback[1].subjects[0].end: expected an integer from 0 to 2147483647, got -3");
		end);

		it("is true in a form (any value)", function ()
			local doc = assert(map.formToJson({ fallback = "yes" }));
			M.assert_xml(M.to_stanza(doc), "<message><fallback xmlns='" .. FB .. "'/></message>");
			assert.equal("", map.jsonToForm({ fallback = true }).fallback);
			assert.is_nil(map.jsonToForm(M.json('{"fallback":[{"for":"x"}]}')).fallback);
		end);
	end);
end);
