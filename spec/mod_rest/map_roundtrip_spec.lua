-- Round trips over a corpus: XML -> JSON -> XML gives the same stanza
-- (canonical comparison: attribute order, namespace prefixes and
-- declarations ignored) and JSON -> XML -> JSON the same JSON, for what the
-- mapping covers. Children are written in registry order (JSON objects
-- have none), so the corpus lists them in that order: iq payloads,
-- presence fields, message fields, payload, error.

local M = require "mod_rest.map_support";
local map = M.map;

local XML_CORPUS = {
	-- messages
	"<message xmlns='jabber:client' to='juliet@example.com' from='romeo@example.net/orchard' type='chat' id='m1' xml:lang='en'>"
		.. "<body>Art thou not Romeo, and a Montague?</body></message>",
	"<message type='normal'><body>plain</body><subject>Re: plans</subject></message>",
	"<message type='headline' to='x@y'><subject>News</subject></message>",
	"<message type='groupchat' to='room@muc.example.com'><body>hi all</body><thread>e0ffe42b28561960c6b12b944a092794b9683a38</thread></message>",
	"<message type='chat'><body>threaded</body><thread parent='7edac73ab41e45c4aafa7b2d7b749080'>e0ffe42b</thread></message>",
	"<message><body/></message>",
	"<message><body>  spaces\nand lines\t</body></message>",
	"<message><body>&lt;not xml&gt; &amp; &quot;quotes&quot; &apos;</body></message>",
	"<message><body>ünïcødé ✓ 日本語 🎉</body></message>",
	"<message type='chat'><body>Hi</body><html xmlns='http://jabber.org/protocol/xhtml-im'><body xmlns='http://www.w3.org/1999/xhtml'>"
		.. "<p style='font-weight:bold'>Hi</p></body></html></message>",
	"<message><body>x</body><html xmlns='http://jabber.org/protocol/xhtml-im'><body xml:lang='en-US' xmlns='http://www.w3.org/1999/xhtml'>"
		.. "<p>As Emerson said in his essay <span style='font-style: italic'>Self-Reliance</span>:</p>"
		.. "<blockquote>&quot;A foolish consistency...&quot;</blockquote><a href='https://example.com/?a=1&amp;b=2'>link</a>"
		.. "<img alt='A' src='data:x'/><br/></body><body xml:lang='de-DE' xmlns='http://www.w3.org/1999/xhtml'><p>Hallo</p></body>"
		.. "</html></message>",
	"<message><body>see</body><x xmlns='jabber:x:oob'><url>https://example.com/file.png</url><desc>A file</desc></x></message>",
	"<message><x xmlns='jabber:x:oob'><url>https://example.com/only-url</url></x></message>",
	"<message type='error' id='e1' from='x@y'><body>original</body><error type='cancel'>"
		.. "<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>",
	"<message type='error'><error type='modify' by='muc.example.com'><not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
		.. "<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>Go away</text></error></message>",
	"<message type='chat'><body>data</body><payload xmlns='urn:xmpp:json-msg:0' datatype='urn:example:coords'>[1.5,-2,null,true]</payload></message>",
	"<message><payload xmlns='urn:xmpp:json-msg:0'>{&quot;k&quot;:&quot;v&quot;}</payload></message>",
	-- presences
	"<presence/>",
	"<presence xmlns='jabber:client' from='a@b/c' xml:lang='fr'><show>away</show><status>Parti</status><priority>0</priority></presence>",
	"<presence><show>chat</show></presence>",
	"<presence><show>dnd</show><priority>127</priority></presence>",
	"<presence><show>xa</show><priority>-128</priority></presence>",
	"<presence type='unavailable'><status>gone</status></presence>",
	"<presence type='subscribe' to='juliet@example.com' id='s1'/>",
	"<presence type='subscribed' to='juliet@example.com'/>",
	"<presence type='unsubscribe' to='juliet@example.com'/>",
	"<presence type='unsubscribed' to='juliet@example.com'/>",
	"<presence type='probe' to='juliet@example.com'/>",
	"<presence type='error' to='a@b'><error type='auth'><forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>",
	"<presence><payload xmlns='urn:xmpp:json-msg:0' datatype='d'>&quot;status&quot;</payload></presence>",
	-- iqs
	"<iq type='get' id='p1' to='example.com' from='a@example.com/r'><ping xmlns='urn:xmpp:ping'/></iq>",
	"<iq type='result' id='p1' from='example.com'/>",
	"<iq type='get' id='v1' to='example.com'><query xmlns='jabber:iq:version'/></iq>",
	"<iq type='result' id='v1'><query xmlns='jabber:iq:version'><name>Prosody</name><version>13.0.1</version><os>Linux</os></query></iq>",
	"<iq type='result' id='v2'><query xmlns='jabber:iq:version'><name>Bot</name><version>1</version></query></iq>",
	"<iq type='get' id='d1' to='example.com'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>",
	"<iq type='get' id='d2' to='example.com'><query xmlns='http://jabber.org/protocol/disco#info' node='http://jabber.org/protocol/commands'/></iq>",
	"<iq type='result' id='d1' from='example.com'><query xmlns='http://jabber.org/protocol/disco#info'>"
		.. "<identity category='server' type='im' name='Prosody'/><identity category='pubsub' type='pep'/>"
		.. "<feature var='http://jabber.org/protocol/disco#info'/><feature var='urn:xmpp:ping'/><feature var='jabber:iq:version'/></query></iq>",
	"<iq type='result' id='d3'><query xmlns='http://jabber.org/protocol/disco#info' node='n'><feature var='f'/></query></iq>",
	"<iq type='get' id='i1' to='example.com'><query xmlns='http://jabber.org/protocol/disco#items'/></iq>",
	"<iq type='get' id='i2' to='pubsub.example.com'><query xmlns='http://jabber.org/protocol/disco#items' node='princely_musings'/></iq>",
	"<iq type='result' id='i1'><query xmlns='http://jabber.org/protocol/disco#items'><item jid='conference.example.com' name='Chatrooms'/>"
		.. "<item jid='pubsub.example.com' node='a' name='A'/><item jid='upload.example.com'/></query></iq>",
	"<iq type='result' id='i3'><query xmlns='http://jabber.org/protocol/disco#items'/></iq>",
	"<iq type='get' id='l1' to='juliet@example.com'><query xmlns='jabber:iq:last'/></iq>",
	"<iq type='result' id='l1'><query xmlns='jabber:iq:last' seconds='903'>Heading Home</query></iq>",
	"<iq type='result' id='l2'><query xmlns='jabber:iq:last' seconds='0'/></iq>",
	"<iq type='set' id='j1'><payload xmlns='urn:xmpp:json-msg:0' datatype='urn:example:rpc'>[&quot;method&quot;,[1,2]]</payload></iq>",
	"<iq type='error' id='p2' from='example.com'><ping xmlns='urn:xmpp:ping'/><error type='cancel'>"
		.. "<feature-not-implemented xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>No</text>"
		.. "</error></iq>",
	"<iq type='error' id='x'><error type='wait' by='example.com'><resource-constraint xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
	-- an <xmpp> wrapper (several replies)
	"<xmpp><iq type='result' id='a'/><message><body>one</body></message><presence type='unavailable'/></xmpp>",
};

-- Documents as a client would write them (already in normal form).
local JSON_CORPUS = {
	[[{"kind":"message","type":"chat","to":"bob@example.com","body":"Hello"}]],
	[[{"kind":"message","body":"x","subject":"s","thread":{"id":"t","parent":"p"}}]],
	[[{"kind":"message","html":"<body><p>Hi <b>there</b></p></body>","body":"Hi there"}]],
	[[{"kind":"message","oob":{"url":"https://e/x","desc":"d"},"oob_url":"https://e/x"}]],
	[[{"kind":"message","type":"error","id":"1","error":{"type":"cancel","condition":"item-not-found","text":"gone","by":"e"}}]],
	[[{"kind":"presence","type":"available","show":"away","status":"brb","priority":-1}]],
	[[{"kind":"presence","type":"unavailable"}]],
	[[{"kind":"presence","type":"subscribe","to":"a@b","id":"s"}]],
	[[{"kind":"iq","type":"get","id":"1","to":"example.com","ping":true}]],
	[[{"kind":"iq","type":"get","id":"1","version":true}]],
	[[{"kind":"iq","type":"result","id":"1","version":{"name":"n","version":"v","os":"o"}}]],
	[[{"kind":"iq","type":"get","id":"1","disco":true}]],
	[[{"kind":"iq","type":"get","id":"1","disco":"node"}]],
	[[{"kind":"iq","type":"result","id":"1","disco":{"identities":[{"category":"c","type":"t","name":"n"}],"features":["a","b"]}}]],
	[[{"kind":"iq","type":"result","id":"1","disco":{"node":"n","identities":[],"features":["a"]}}]],
	[[{"kind":"iq","type":"get","id":"1","items":true}]],
	[[{"kind":"iq","type":"get","id":"1","items":"node"}]],
	[[{"kind":"iq","type":"result","id":"1","items":[{"jid":"a"},{"jid":"b","node":"n","name":"B"}]}]],
	[[{"kind":"iq","type":"result","id":"1","items":[]}]],
	[[{"kind":"iq","type":"get","id":"1","lastactivity":true}]],
	[[{"kind":"iq","type":"result","id":"1","lastactivity":{"seconds":5,"status":"s"}}]],
	[[{"kind":"iq","type":"set","id":"1","payload":{"datatype":"d","data":{"deep":{"er":[1,{"x":null}]}}}}]],
	[[{"kind":"message","payload":{"data":null}}]],
	[[{"kind":"iq","type":"error","id":"1","ping":true,"error":{"type":"cancel","condition":"service-unavailable"}}]],
};

describe("mod_rest map: round trips", function ()
	for i, text in ipairs(XML_CORPUS) do
		it(("XML -> JSON -> XML, stanza %d"):format(i), function ()
			local stanza = M.xml(text);
			local doc = map.stanzaToJson(stanza);
			local back;
			if doc.xmpp then
				local list = {};
				for j, child_doc in ipairs(doc.xmpp) do
					list[j] = M.canonical(M.to_stanza(child_doc));
				end
				back = "<{jabber:client}xmpp>" .. table.concat(list) .. "</xmpp>";
			else
				back = M.canonical(M.to_stanza(doc));
			end
			assert.equal(M.canonical(stanza), back);
		end);

		it(("XML -> JSON -> XML -> JSON, stanza %d"):format(i), function ()
			local doc = map.stanzaToJson(M.xml(text));
			if doc.xmpp then return; end
			assert.equal(M.comparable(doc), M.comparable(map.stanzaToJson(M.to_stanza(doc))));
		end);
	end

	for i, text in ipairs(JSON_CORPUS) do
		it(("JSON -> XML -> JSON, document %d"):format(i), function ()
			local doc = M.json(text);
			assert.equal(M.comparable(doc), M.comparable(map.stanzaToJson(M.to_stanza(doc))));
		end);
	end

	it("normalises what it must, and says so", function ()
		-- an iq without type is a get; presence available is no type; a string thread is {id}
		assert.equal('{"id":"1","kind":"iq","ping":true,"type":"get"}', M.encode(map.stanzaToJson(M.to_stanza({ kind = "iq", id = "1", ping = true }))));
		assert.equal('{"kind":"message","thread":{"id":"t"}}', M.encode(map.stanzaToJson(M.to_stanza({ kind = "message", thread = "t" }))));
		-- an error without type or condition gets cancel / undefined-condition
		assert.equal('{"condition":"undefined-condition","type":"cancel"}',
			M.encode(map.stanzaToJson(M.to_stanza({ type = "error", error = {} })).error));
		-- version {} is an empty query, read back as true
		assert.is_true(map.stanzaToJson(M.to_stanza({ kind = "iq", version = {} })).version);
	end);

	describe("forms", function ()
		local FORM_CORPUS = {
			{ kind = "message", type = "chat", to = "bob@example.com", body = "hi", subject = "s", thread = "t" },
			{ kind = "message", oob = "https://e/x", oob_url = "https://e/x" },
			{ kind = "presence", type = "available", show = "dnd", status = "busy", priority = "5" },
			{ kind = "presence", type = "unavailable" },
			{ kind = "iq", type = "get", id = "1", ping = "" },
			{ kind = "iq", type = "get", id = "1", version = "" },
			{ kind = "iq", type = "get", id = "1", disco = "" },
			{ kind = "iq", type = "get", id = "1", disco = "node" },
			{ kind = "iq", type = "get", id = "1", items = "node" },
			{ kind = "iq", type = "get", id = "1", lastactivity = "" },
			{ kind = "message", lang = "en", from = "a@b/c", id = "x", html = "<body><p>x</p></body>" },
		};
		for i, form in ipairs(FORM_CORPUS) do
			it(("form -> JSON -> XML -> JSON -> form, form %d"):format(i), function ()
				local doc = assert(map.formToJson(form));
				local back = map.jsonToForm(map.stanzaToJson(M.to_stanza(doc)));
				assert.same(form, back);
			end);
		end

		it("leaves what a form cannot hold out of jsonToForm", function ()
			local form = map.jsonToForm(M.to_json("<iq type='result' id='v'><query xmlns='jabber:iq:version'><name>n</name>"
				.. "<version>1</version></query></iq>"));
			assert.same({ kind = "iq", type = "result", id = "v" }, form);
			form = map.jsonToForm(M.to_json("<message type='error'><payload xmlns='urn:xmpp:json-msg:0'>1</payload><error type='cancel'>"
				.. "<gone xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>"));
			assert.same({ kind = "message", type = "error" }, form);
		end);
	end);
end);
