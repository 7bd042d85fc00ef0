-- src/mod_rest/map/message.ts: body, subject, thread, html (XHTML-IM),
-- oob / oob_url (jabber:x:oob), both ways and as form fields.

local M = require "mod_rest.map_support";
local json = require "util.json";
local map = M.map;

describe("mod_rest map: message", function ()
	it("maps body and subject as text", function ()
		local doc = M.to_json("<message xmlns='jabber:client'><subject>S</subject><body>Hello &amp; bye</body></message>");
		assert.equal("Hello & bye", doc.body);
		assert.equal("S", doc.subject);
		M.assert_xml(M.to_stanza(doc), "<message><body>Hello &amp; bye</body><subject>S</subject></message>");
	end);

	it("keeps an empty body", function ()
		assert.equal("", M.to_json("<message><body/></message>").body);
		M.assert_xml(M.to_stanza({ body = "" }), "<message><body/></message>");
	end);

	it("keeps whitespace, newlines and unicode in a body", function ()
		local text = "  two\nlines\tand ünïcødé ✓ \r\n";
		assert.equal(text, map.stanzaToJson(M.to_stanza({ body = text })).body);
	end);

	it("reads the body of the stanza's namespace only", function ()
		assert.is_nil(M.to_json("<message xmlns='jabber:client'><body xmlns='urn:other'>x</body></message>").body);
		assert.equal("y", M.to_json("<message><body xmlns='jabber:client'>y</body></message>").body);
	end);

	it("leaves out a body holding elements", function ()
		assert.is_nil(M.to_json("<message><body>a<b/></body></message>").body);
	end);

	describe("thread", function ()
		it("maps {id, parent}", function ()
			local doc = M.to_json("<message><thread parent='p1'>t1</thread></message>");
			assert.equal(M.encode({ id = "t1", parent = "p1" }), M.encode(doc.thread));
			M.assert_xml(M.to_stanza(doc), "<message><thread parent='p1'>t1</thread></message>");
		end);

		it("maps a thread without parent", function ()
			assert.equal(M.encode({ id = "t1" }), M.encode(M.to_json("<message><thread>t1</thread></message>").thread));
		end);

		it("takes a string as the thread id", function ()
			M.assert_xml(M.to_stanza({ thread = "t2" }), "<message><thread>t2</thread></message>");
		end);

		it("is a string (the id) in a form", function ()
			local doc = assert(map.formToJson({ thread = "t3" }));
			M.assert_xml(M.to_stanza(doc), "<message><thread>t3</thread></message>");
			assert.equal("t3", map.jsonToForm({ thread = { id = "t3", parent = "p" } }).thread);
		end);
	end);

	describe("html", function ()
		local XHTML = "<html xmlns='http://jabber.org/protocol/xhtml-im'><body xmlns='http://www.w3.org/1999/xhtml'>"
			.. "<p style='font-weight:bold'>Hi <em>there</em><br/>&lt;tag&gt;</p></body></html>";

		it("maps the XHTML-IM body to XML text without the XHTML namespace", function ()
			local doc = M.to_json("<message><body>Hi there</body>" .. XHTML .. "</message>");
			assert.equal("<body><p style='font-weight:bold'>Hi <em>there</em><br/>&lt;tag&gt;</p></body>", doc.html);
			M.assert_xml(M.to_stanza(doc), "<message><body>Hi there</body>" .. XHTML .. "</message>");
		end);

		it("keeps several bodies with their xml:lang", function ()
			local text = "<message><html xmlns='http://jabber.org/protocol/xhtml-im'>"
				.. "<body xml:lang='en' xmlns='http://www.w3.org/1999/xhtml'><p>Hi</p></body>"
				.. "<body xml:lang='de' xmlns='http://www.w3.org/1999/xhtml'><p>Hallo</p></body></html></message>";
			local doc = M.to_json(text);
			M.assert_xml(M.to_stanza(doc), text);
		end);

		it("keeps foreign namespaces inside the body", function ()
			local s = M.to_stanza({ html = "<body><p>x<svg xmlns='http://www.w3.org/2000/svg'><g/></svg></p></body>" });
			local svg = s:get_child("html", "http://jabber.org/protocol/xhtml-im"):get_child("body", "http://www.w3.org/1999/xhtml")
				:get_child("p"):get_child("svg", "http://www.w3.org/2000/svg");
			assert.is_not_nil(svg);
			assert.equal(M.canonical(s), M.canonical(M.to_stanza(map.stanzaToJson(s))));
		end);

		it("leaves out an html without XHTML body", function ()
			assert.is_nil(M.to_json("<message><html xmlns='http://jabber.org/protocol/xhtml-im'/></message>").html);
			assert.is_nil(M.to_json("<message><html xmlns='http://jabber.org/protocol/xhtml-im'><body/></html></message>").html);
		end);

		for _, bad in ipairs({
			"<body><p>", "<body>", "</x:html><evil/>", "<p>not a body</p>", "text only", "text<body/>",
			"<body/>tail", "<x:body xmlns:x='urn:x'/>", "<body xmlns='urn:x'/>", "<body><!-- c --></body>",
			"<?pi?><body/>", "<!DOCTYPE x><body/>", "<body>&bogus;</body>", "<body a='1' a='2'/>", "",
			"<body><p></body></p>", "<body xmlns:p='urn:p'><p:x/></body><body", "<body>\1</body>",
		}) do
			it(("refuses %q with an error text, never raising"):format(bad), function ()
				assert.matches("^html: ", M.refused({ body = "x", html = bad }));
			end);
		end

		it("accepts whitespace around the bodies", function ()
			M.to_stanza({ html = "\n  <body><p>x</p></body>\n" });
		end);
	end);

	describe("oob", function ()
		local OOB = "<message><x xmlns='jabber:x:oob'><url>https://example.com/a.png</url><desc>A picture</desc></x></message>";

		it("maps {url, desc} and oob_url", function ()
			local doc = M.to_json(OOB);
			assert.equal(M.encode({ url = "https://example.com/a.png", desc = "A picture" }), M.encode(doc.oob));
			assert.equal("https://example.com/a.png", doc.oob_url);
			M.assert_xml(M.to_stanza(doc), OOB);
		end);

		it("writes oob_url alone", function ()
			M.assert_xml(M.to_stanza({ oob_url = "https://e.org/f" }),
				"<message><x xmlns='jabber:x:oob'><url>https://e.org/f</url></x></message>");
		end);

		it("lets oob win over oob_url (one element)", function ()
			M.assert_xml(M.to_stanza({ oob = { url = "https://a/" }, oob_url = "https://b/" }),
				"<message><x xmlns='jabber:x:oob'><url>https://a/</url></x></message>");
		end);

		it("still checks oob_url when oob is present", function ()
			assert.matches("^oob_url: ", M.refused({ oob = { url = "https://a/" }, oob_url = 5 }));
		end);

		it("is the URL in a form", function ()
			local doc = assert(map.formToJson({ oob = "https://a/", oob_url = "https://b/" }));
			M.assert_xml(M.to_stanza(doc), "<message><x xmlns='jabber:x:oob'><url>https://a/</url></x></message>");
			local form = map.jsonToForm(M.to_json(OOB));
			assert.equal("https://example.com/a.png", form.oob);
			assert.equal("https://example.com/a.png", form.oob_url);
		end);
	end);

	it("writes the message fields in a fixed order", function ()
		local s = M.to_stanza(M.json([[{"oob_url":"u","html":"<body/>","thread":"t","subject":"s","body":"b"}]]));
		local names = {};
		for _, tag in ipairs(s.tags) do names[#names + 1] = tag.name; end
		assert.same({ "body", "subject", "thread", "html", "x" }, names);
	end);

	it("maps body and subject as form fields", function ()
		local doc = assert(map.formToJson({ body = "hi", subject = "s", to = "bob@example.com", type = "chat" }));
		M.assert_xml(M.to_stanza(doc), "<message type='chat' to='bob@example.com'><body>hi</body><subject>s</subject></message>");
		assert.same({ kind = "message", type = "chat", to = "bob@example.com", body = "hi", subject = "s" },
			map.jsonToForm(map.stanzaToJson(M.to_stanza(doc))));
	end);

	it("ignores message fields in other kinds", function ()
		M.assert_xml(M.to_stanza({ kind = "presence", body = "x", html = "<bad", oob = 5 }), "<presence/>");
		assert.is_nil(M.to_json("<presence><body>x</body></presence>").body);
		local iq = M.to_json("<iq type='get' id='1'><subject>x</subject></iq>");
		assert.is_nil(iq.subject);
		assert.same({ "<subject>x</subject>" }, iq.unmapped);
	end);
end);
