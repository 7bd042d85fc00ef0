-- mod_rest: malformed requests of every kind get a clean 4xx and never a
-- 5xx, a traceback or an error log: bad XML, XML bombs, deep nesting,
-- huge attributes, invalid UTF-8, JSON of every wrong type in every field,
-- forms with repeated and empty keys, bad paths and query strings, bad
-- Authorization headers. Then a good request still works.
-- Contract: docs/mod_rest/README.md. Shared setup: spec/mod_rest/support.lua.

local R = require "mod_rest.support";
local json = require "util.json";
local base64 = require "util.encodings".base64;

after_each(R.assert_clean_logs);

--- Expect a 4xx in the error format, nothing sent.
local function assert_refused(m, res, what)
	assert.is_nil(res.error, what);
	assert.is_true(res.status >= 400 and res.status < 500, what .. ": " .. R.describe_res(res));
	assert.equal(R.JSON, res.headers.content_type, what);
	local doc = json.decode(res.body);
	assert.equal("error", doc.type, what);
	assert.equal(0, #m.sent, what .. ": nothing sent");
end

local function nested(depth, name)
	return ("<" .. name .. ">"):rep(depth) .. ("</" .. name .. ">"):rep(depth);
end

local XML = {
	"", " ", "<", "<message", "<message>", "<message></iq>", "</message>", "text", "<message/><message/>",
	"<message/>junk", "<?xml version='1.0'?>", "<!-- c --><message/>", "<message><!-- c --></message>",
	"<message><?pi x?></message>",
	"<!DOCTYPE lolz [<!ENTITY lol 'lol'><!ENTITY lol2 '&lol;&lol;&lol;&lol;'>]><message><body>&lol2;</body></message>",
	"<!DOCTYPE m SYSTEM 'file:///etc/passwd'><message/>",
	"<message><body>&xxe;</body></message>",
	"<message to='bob@localhost'>" .. nested(20000, "a") .. "</message>",
	"<message to='bob@localhost'>" .. nested(100, "b") .. "</message>",
	"<message to='bob@localhost' x='" .. ("a"):rep(200000) .. "'/>",
	"<message to='bob@localhost'><x xmlns='urn:x' a='" .. ("\255"):rep(1000) .. "'/></message>",
	"<message to='bob@localhost'><body>\255\254</body></message>",
	"<message to='bob@localhost'><body>a\0b</body></message>",
	"<message to='bob@localhost'><body>\27[31m</body></message>",
	"<message to='b\255@localhost'/>",
	"<message xmlns='jabber:server'/>",
	"<message xmlns:x='urn:x' x:to='bob@localhost'/>",
	"<message to='bob@localhost'><x xmlns='urn:y' xmlns:z='urn:z' z:a='1'/></message>",
	"<iq type='get' to='localhost'/>",
	"<iq type='probe' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>",
	"<presence/>",
	"<message to='bob@localhost' from='bob@localhost'/>",
	"<message to='bob@localhost' to='carol@localhost'/>",
	"<message to='" .. ("a"):rep(3000) .. "@localhost'/>",
	"<message to='bob@" .. ("a"):rep(3000) .. "'/>",
	"<message to='bob@localhost/" .. ("r"):rep(3000) .. "'/>",
	"<a:message xmlns:a='jabber:client' xmlns:b='jabber:client'><b:body>x</b:body></a:message>" .. nested(1, "x"),
	"<stream:stream xmlns:stream='http://etherx.jabber.org/streams'/>",
	"<message><![CDATA[" .. ("x"):rep(10) .. "]]></message>junk",
};

local JSON_BODIES = {
	"", " ", "{", "}", "[", "null", "true", "false", "1", "-1e999", '"text"', "[]", "[1,2]", "{}x", "{\"a\":}",
	"{'to': 'x'}", ("["):rep(100000), ("{\"a\":"):rep(50000), '{"__hash": 1}', '{"__array": true}',
	'{"body": "\255"}', '{"body": "\\u0000"}', '{"body": "\\ud800"}', '{"to": "\\u0000@x"}',
};

local FIELDS = { "kind", "type", "to", "from", "id", "lang", "body", "subject", "thread", "html", "oob", "oob_url",
	"show", "status", "priority", "ping", "version", "disco", "items", "lastactivity", "payload", "error" };
local WRONG = { 1, -1, 1.5, true, false, json.null, {}, { 1, 2 }, { a = { b = {} } }, "\0", "\255", ("x"):rep(10) };

describe("mod_rest garbage", function ()
	it("refuses malformed and hostile XML with a 4xx", function ()
		local m = R.load();
		for i, body in ipairs(XML) do
			assert_refused(m, R.post_xml(m, "/rest", body, R.JSON_ACCEPT), "XML #" .. i);
		end
	end);

	it("accepts nesting up to 100 levels and refuses 101", function ()
		local m = R.load();
		-- message (1) + 99 nested = 100
		R.assert_accepted(m, R.post_xml(m, "/rest", "<message to='bob@localhost'>" .. nested(99, "x") .. "</message>"));
		m.sent = {};
		local res = R.post_xml(m, "/rest", "<message to='bob@localhost'>" .. nested(100, "x") .. "</message>", R.JSON_ACCEPT);
		R.assert_json_error(m, res, 400, "policy-violation");
	end);

	it("refuses JSON that is not an object, or not JSON, with a 4xx", function ()
		local m = R.load();
		for i, body in ipairs(JSON_BODIES) do
			assert_refused(m, R.post_json(m, "/rest", body, R.JSON_ACCEPT), "JSON #" .. i);
		end
	end);

	it("refuses every wrong JSON type in every field with a 4xx", function ()
		local st = require "util.stanza";
		local m = R.load();
		m.iq_responder = function (iq) return st.reply(iq); end;
		for _, field in ipairs(FIELDS) do
			for i, value in ipairs(WRONG) do
				local doc = { to = "bob@localhost", body = "x" };
				doc[field] = value;
				local ok, body = pcall(json.encode, doc);
				if ok then
					local res = R.post_json(m, "/rest", body, R.JSON_ACCEPT);
					if res.status == 202 or res.status == 200 then
						-- Some values are valid for some fields (a string as type, ...): fine, as long as it was clean.
						m.sent = {};
					else
						assert_refused(m, res, field .. " = wrong value #" .. i);
					end
				end
			end
		end
	end);

	it("refuses broken forms with a 4xx, repeated and empty names included", function ()
		local m = R.load();
		for i, body in ipairs({ "justtext", "%", "to=%FF&body=x", "to=bob@localhost&body=%00", "to=bob@localhost&body=%FF",
			"to=&body=x", "kind=foo&body=x", "type=&body=x", "to=a%20b@c&body=x", "priority=high&show=away&to=bob@localhost" }) do
			assert_refused(m, R.post_form(m, "/rest", body, R.JSON_ACCEPT), "form #" .. i .. ": " .. body);
		end
		for _, body in ipairs({ "to=carol@localhost&to=bob@localhost&body=x", "to=bob@localhost&body=a&body=b",
			"=x&to=bob@localhost&body=x", "=&=&=" }) do
			local doc = R.assert_json_error(m, R.post_form(m, "/rest", body, R.JSON_ACCEPT), 422, "bad-format");
			assert.truthy(doc.error.text:find("repeated", 1, true) or doc.error.text:find("without a name", 1, true), doc.error.text);
		end
		local msg = R.assert_accepted(m, R.post_form(m, "/rest", "to=bob@localhost&&body=x&z=&&"));
		assert.equal("bob@localhost", msg.attr.to);
	end);

	it("refuses bad paths with a 4xx", function ()
		local m = R.load();
		for i, path in ipairs({ "/rest/message/chat/%00", "/rest/message/chat/a%FFb@localhost", "/rest/message/ch@t/bob",
			"/rest/message/chat/" .. ("a"):rep(5000), "/rest/iq/get/localhost", "/rest/iq/set/", "/rest/%2e%2e/x/y",
			"/rest/echo/message/chat/bob", "/rest/" .. ("x/"):rep(200), "/rest/message/\255/bob" }) do
			assert_refused(m, R.post_text(m, path, "hi", R.JSON_ACCEPT), "path #" .. i);
		end
	end);

	it("refuses bad query strings and GET paths with a 4xx", function ()
		local m = R.load();
		for i, path in ipairs({ "/rest/ping/localhost?x", "/rest/disco/localhost?node=%FF", "/rest/disco/localhost?node=%00",
			"/rest/disco/a%20b", "/rest/items/localhost?node=a&node=", "/rest/items/localhost?=x", "/rest/nope", "/rest/ping/@@" }) do
			local res = R.get(m, path, R.JSON_ACCEPT);
			assert_refused(m, res, "GET #" .. i .. " " .. path);
		end
	end);

	it("refuses bad Authorization headers with 401", function ()
		local m = R.load();
		for i, header in ipairs({ "Basic " .. base64.encode("\255\254:x"), "Basic ====", "Basic YWxpY2U=",
			"Basic " .. base64.encode("alice:\0"), "Bearer " .. ("x"):rep(10000), "Basic " .. ("A"):rep(20000),
"Basic  " .. base64.encode("alice:secret") .. " extra", "\255", "Basic " .. base64.encode(":secret"),
			"Basic " .. base64.encode("al ice:secret"), "Basic " .. base64.encode("alice@:secret") }) do
			assert_refused(m, R.post_xml(m, "/rest", "<message to='bob@localhost'/>", { Authorization = header, Accept = R.JSON }),
				"auth #" .. i);
		end
	end);

	it("takes huge but valid attributes and payloads within the size limit", function ()
		local m = R.load();
		local msg = R.assert_accepted(m, R.post_xml(m, "/rest", "<message to='bob@localhost'><x xmlns='urn:x' a='" .. ("a"):rep(150000) .. "'/></message>"));
		assert.equal(150000, #msg.tags[1].attr.a);
	end);

	it("still works after all of that", function ()
		local m = R.load();
		for _, body in ipairs(XML) do R.post_xml(m, "/rest", body); end
		for _, body in ipairs(JSON_BODIES) do R.post_json(m, "/rest", body); end
		m.sent = {};
		R.assert_accepted(m, R.post_xml(m, "/rest", "<message to='bob@localhost'><body>fine</body></message>"));
	end);
end);
