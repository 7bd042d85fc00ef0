-- src/mod_rest/map/message.ts, exactness: body, subject, thread, html and
-- oob map their element only when the JSON says all of it; anything else
-- (xml:lang on a body, an unknown child of <x xmlns='jabber:x:oob'/>, a
-- second <url/>, text beside the XHTML bodies, ...) leaves the element in
-- `unmapped`, so XML -> JSON -> XML stays exact. The cases below were
-- rewritten lossily before.

local M = require "mod_rest.map_support";
local S = require "mod_rest.map_messaging_support";

local OOB = "jabber:x:oob";
local XHTML_IM = "http://jabber.org/protocol/xhtml-im";
local XHTML = "http://www.w3.org/1999/xhtml";

describe("mod_rest map: message fields are exact", function ()
	it("leaves a body or subject with attributes unmapped", function ()
		S.unmapped("<message><body xml:lang='de'>Hallo</body></message>", "body");
		S.unmapped("<message><subject foo='1'>S</subject></message>", "subject");
	end);

	it("maps the attribute-free body and leaves a second, localised one unmapped", function ()
		local xml = "<message xml:lang='en'><body>Wherefore art thou, Romeo?</body><body xml:lang='de'>Wo bist du, Romeo?</body></message>";
		local doc = M.to_json(xml);
		assert.equal("Wherefore art thou, Romeo?", doc.body);
		assert.equal(1, #doc.unmapped);
		M.assert_xml(M.to_stanza(doc), xml);
	end);

	it("leaves a thread with another attribute unmapped", function ()
		S.unmapped("<message><thread parent='p' x='1'>t</thread></message>", "thread");
		S.unmapped("<message><thread xml:lang='en'>t</thread></message>", "thread");
		S.mapped("<message><thread parent='p'/></message>", '{"thread":{"parent":"p"}}');
	end);

	it("maps oob as url then desc, each optional", function ()
		S.mapped("<message><x xmlns='" .. OOB .. "'><url>u</url><desc>d</desc></x></message>", '{"oob":{"url":"u","desc":"d"},"oob_url":"u"}');
		S.mapped("<message><x xmlns='" .. OOB .. "'><desc>d</desc></x></message>", '{"oob":{"desc":"d"}}');
		S.mapped("<message><x xmlns='" .. OOB .. "'><url/></x></message>", '{"oob":{"url":""},"oob_url":""}');
	end);

	it("leaves an oob it cannot say exactly unmapped, oob_url included", function ()
		for _, inner in ipairs({
			"<desc>d</desc><url>u</url>", "<url>u</url><url>v</url>", "<url>u</url><desc>d</desc><desc>e</desc>", "<url>u</url><extra/>",
			"<url a='1'>u</url>", "<url>u<b/></url>", "<url xmlns='urn:other'>u</url>", " <url>u</url>",
		}) do
			S.unmapped("<message><x xmlns='" .. OOB .. "'>" .. inner .. "</x></message>", "oob");
			S.unmapped("<message><x xmlns='" .. OOB .. "'>" .. inner .. "</x></message>", "oob_url");
		end
		S.unmapped("<message><x xmlns='" .. OOB .. "' sid='1'><url>u</url></x></message>", "oob");
	end);

	it("leaves an html holding anything but XHTML bodies unmapped", function ()
		local body = "<body xmlns='" .. XHTML .. "'>x</body>";
		S.unmapped("<message><html xmlns='" .. XHTML_IM .. "' a='1'>" .. body .. "</html></message>", "html");
		S.unmapped("<message><html xmlns='" .. XHTML_IM .. "'>" .. body .. "<other/></html></message>", "html");
		S.unmapped("<message><html xmlns='" .. XHTML_IM .. "'>t" .. body .. "</html></message>", "html");
		S.unmapped("<message><html xmlns='" .. XHTML_IM .. "'><body>not XHTML</body></html></message>", "html");
	end);

	it("still checks wrong types through the shapes", function ()
		S.refused('{"body":1}', "body: expected a string, got a number");
		S.refused('{"subject":{}}', "subject: expected a string, got an object");
		S.refused('{"thread":5}', "thread: expected a string or an object, got a number");
		S.refused('{"thread":{"id":5}}', "thread.id: expected a string, got a number");
		S.refused('{"thread":{"parent":[]}}', "thread.parent: expected a string, got an array");
		S.refused('{"html":true}', "html: expected a string, got a boolean");
		S.refused('{"oob":"u"}', "oob: expected an object, got a string");
		S.refused('{"oob":{"url":1}}', "oob.url: expected a string, got a number");
		S.refused('{"oob":{"desc":false}}', "oob.desc: expected a string, got a boolean");
		S.refused('{"oob_url":[]}', "oob_url: expected a string, got an array");
	end);
end);
