-- mod_rest: the routes. POST /rest, POST /rest/echo, POST /rest/{kind}/{type}/{to}
-- (types with `_`, empty `to`, a full JID as `to`, iq/{payload}/{to}),
-- GET /rest/{payload}/{to}?query, unknown paths, CORS.
-- Contract: docs/mod_rest/README.md. Shared setup: spec/mod_rest/support.lua.

local R = require "mod_rest.support";
local st = require "util.stanza";

after_each(R.assert_clean_logs);

describe("mod_rest routes", function ()
	it("serves POST /rest and POST /rest/ alike", function ()
		local m = R.load();
		for _, path in ipairs({ "/rest", "/rest/" }) do
			m.sent = {};
			local msg = R.assert_accepted(m, R.post_xml(m, path, "<message to='bob@localhost'><body>hi</body></message>"));
			assert.equal("bob@localhost", msg.attr.to);
		end
	end);

	it("moves with http_paths", function ()
		local m = R.load({ options = { http_paths = { rest = "/api/xmpp" } } });
		R.assert_accepted(m, R.post_xml(m, "/api/xmpp", "<message to='bob@localhost'><body>hi</body></message>"));
		assert.equal(404, R.post_xml(m, "/rest", "<message to='bob@localhost'/>").status);
	end);

	it("builds a message from POST /rest/message/{type}/{to}", function ()
		local m = R.load();
		local msg = R.assert_accepted(m, R.post_text(m, "/rest/message/chat/bob@localhost", "Hello Bob"));
		assert.same({ "message", "chat", "bob@localhost", "Hello Bob" }, { msg.name, msg.attr.type, msg.attr.to, msg:get_child_text("body") });
	end);

	it("takes a full JID as `to` in the path", function ()
		local m = R.load();
		local msg = R.assert_accepted(m, R.post_text(m, "/rest/message/chat/bob@localhost/phone", "hi"));
		assert.equal("bob@localhost/phone", msg.attr.to);
	end);

	it("takes an empty `to` (with or without the slash): the stanza goes to the sender's account", function ()
		local m = R.load();
		for _, path in ipairs({ "/rest/message/normal/", "/rest/message/normal" }) do
			m.sent = {};
			local msg = R.assert_accepted(m, R.post_text(m, path, "note to self"));
			assert.is_nil(msg.attr.to);
			assert.equal("normal", msg.attr.type);
		end
	end);

	it("builds a presence from POST /rest/presence/{type}/{to}", function ()
		local m = R.load();
		local pres = R.assert_accepted(m, R.post(m, "/rest/presence/subscribe/bob@localhost", ""));
		assert.same({ "presence", "subscribe", "bob@localhost" }, { pres.name, pres.attr.type, pres.attr.to });
	end);

	it("sends an iq with the payload named in POST /rest/iq/{payload}/{to} and waits for the reply", function ()
		local m = R.load();
		m.iq_responder = function (iq) return st.reply(iq); end;
		local res = R.post(m, "/rest/iq/ping/localhost", "");
		local reply = R.assert_xml(res);
		assert.equal("result", reply.attr.type);
		local iq = m.sent[1];
		assert.same({ "get", "localhost" }, { iq.attr.type, iq.attr.to });
		assert.truthy(iq:get_child("ping", R.XMLNS_PING));
	end);

	it("takes POST /rest/iq/get/{to} with the payload in the body", function ()
		local m = R.load();
		m.iq_responder = function (iq) return st.reply(iq); end;
		R.assert_json(R.post_json(m, "/rest/iq/get/localhost", { ping = true }));
		assert.truthy(m.sent[1]:get_child("ping", R.XMLNS_PING));
		assert.equal("get", m.sent[1].attr.type);
	end);

	it("accepts types and payload names with `_` and `-` in the path pattern", function ()
		local m = R.load();
		-- upload_request was unreachable in the community module (its pattern refused `_`): the path is taken,
		-- and the payload's own check names what is missing.
		local res = R.post(m, "/rest/iq/upload_request/upload.localhost", "", { Accept = R.JSON });
		local doc = R.assert_json_error(m, res, 422);
		assert.truthy(doc.error.text:find("upload_request", 1, true), doc.error.text);
		-- A payload name the mapping does not know, with `_` and `-`, is a 404 naming the payload.
		res = R.post(m, "/rest/iq/no_such-payload/upload.localhost", "", { Accept = R.JSON });
		doc = R.assert_json_error(m, res, 404);
		assert.truthy(doc.error.text:find("payload", 1, true), doc.error.text);
	end);

	it("sends GET /rest/{payload}/{to} as an iq get", function ()
		local m = R.load();
		m.iq_responder = function (iq)
			return st.reply(iq):tag("query", { xmlns = "jabber:iq:version" }):text_tag("name", "Prosody"):up();
		end;
		local doc = R.assert_json(R.get(m, "/rest/version/localhost", R.JSON_ACCEPT));
		assert.equal("Prosody", doc.version.name);
		assert.same({ "get", "localhost" }, { m.sent[1].attr.type, m.sent[1].attr.to });
		assert.truthy(m.sent[1]:get_child("query", "jabber:iq:version"));
	end);

	it("builds the GET payload from the query string", function ()
		local m = R.load();
		m.iq_responder = function (iq) return st.reply(iq); end;
		R.assert_xml(R.get(m, "/rest/disco/localhost?node=http%3A%2F%2Fjabber.org%2Fprotocol%2Fcommands"));
		local query = m.sent[1]:get_child("query", "http://jabber.org/protocol/disco#info");
		assert.equal("http://jabber.org/protocol/commands", query.attr.node);
	end);

	it("sends GET /rest/{payload} without `to` to the sender's own account", function ()
		local m = R.load();
		m.iq_responder = function (iq) return st.reply(iq); end;
		R.assert_xml(R.get(m, "/rest/ping"));
		assert.is_nil(m.sent[1].attr.to);
	end);

	it("keeps result and error as iq types in the path, refused as such (422)", function ()
		local m = R.load();
		for _, word in ipairs({ "result", "error" }) do
			R.assert_json_error(m, R.post(m, "/rest/iq/" .. word .. "/localhost", "", R.JSON_ACCEPT), 422, "invalid-xml");
		end
	end);

	it("answers 404 for unknown kinds, empty words and unknown GET payloads", function ()
		local m = R.load();
		for _, path in ipairs({ "/rest/foo/bar/baz", "/rest/message", "/rest/message//bob@localhost", "/rest/mes%20sage/chat/x",
			"/rest/1/2/3" }) do
			R.assert_json_error(m, R.post_text(m, path, "hi", R.JSON_ACCEPT), 404, "unsupported-feature");
		end
		R.assert_json_error(m, R.get(m, "/rest/no_such_payload/localhost", R.JSON_ACCEPT), 404);
		R.assert_json_error(m, R.get(m, "/rest/%20/localhost", R.JSON_ACCEPT), 404);
	end);

	it("echoes POST /rest/echo as it would be sent, and sends nothing", function ()
		local m = R.load();
		local res = R.post_xml(m, "/rest/echo", "<message to='bob@localhost' foo='bar'><body>hi</body></message>");
		local echoed = R.assert_xml(res);
		assert.same({ "alice@localhost", "bob@localhost" }, { echoed.attr.from, echoed.attr.to });
		assert.is_string(echoed.attr.id);
		assert.is_nil(echoed.attr.foo);
		assert.equal("hi", echoed:get_child_text("body"));
		assert.equal(0, #m.sent);
	end);

	it("checks an echoed stanza like a sent one", function ()
		local m = R.load();
		R.assert_json_error(m, R.post_xml(m, "/rest/echo", "<iq type='result' id='x'/>", R.JSON_ACCEPT), 422, "invalid-xml");
		R.assert_json_error(m, R.post_xml(m, "/rest/echo", "<message to='bob@local host'/>", R.JSON_ACCEPT), 422, "improper-addressing");
	end);

	it("lets browsers send credentials, Accept and Prosody-Rest-Timeout cross-origin", function ()
		local m = R.load();
		local res = R.request(m, "OPTIONS", "/rest", nil, { Origin = "https://app.example", Authorization = false });
		assert.equal(200, res.status);
		local allowed = res.headers.access_control_allow_headers;
		for _, header in ipairs({ "Authorization", "Accept", "Prosody-Rest-Timeout", "Content-Type" }) do
			assert.truthy(allowed:find(header, 1, true), header .. " in " .. allowed);
		end
		assert.truthy(res.headers.access_control_allow_methods:find("POST", 1, true));
	end);

	describe("with rest_demo_resources", function ()
		local dir = os.tmpname();
		os.remove(dir);
		assert(os.execute("mkdir -p " .. dir));
		local function write(name, text)
			local f = assert(io.open(dir .. "/" .. name, "wb"));
			f:write(text);
			f:close();
		end
		write("index.html", '<script>const ui = SwaggerUIBundle({ url: "https://petstore.swagger.io/v2/swagger.json", dom_id: "#ui" });</script>');
		write("style.css", "body { margin: 0 }");
		teardown(function () os.remove(dir .. "/index.html"); os.remove(dir .. "/style.css"); os.remove(dir); end);
		-- net.http.files requires net.http.server, which needs a running server: a stand-in while loading.
		local function load_demo(folder)
			return R.load({ options = { rest_demo_resources = folder }, requires = { ["net.http.server"] = { _events = {} } } });
		end

		it("serves the page pointed at this API's OpenAPI document, and the folder's files, without credentials", function ()
			local m = load_demo(dir);
			local page = R.get(m, "/rest/demo/", { Authorization = false });
			assert.equal(200, page.status);
			assert.equal("text/html", page.headers.content_type);
			assert.truthy(page.headers.content_security_policy:find("frame-ancestors 'none'", 1, true));
			assert.truthy(page.body:find('url: "http://localhost:5280/rest/demo/openapi.yaml"', 1, true), page.body);
			assert.truthy(page.body:find("validatorUrl: false", 1, true));
			assert.is_nil(page.body:find("petstore", 1, true));
			local css = R.get(m, "/rest/demo/style.css", { Authorization = false });
			assert.same({ 200, "body { margin: 0 }", "text/css" }, { css.status, css.body, css.headers.content_type });
			assert.equal(404, R.get(m, "/rest/demo/missing.js", { Authorization = false }).status);
			local redirect = R.get(m, "/rest/", { Authorization = false });
			assert.same({ 303, "http://localhost:5280/rest/demo/" }, { redirect.status, redirect.headers.location });
		end);

		it("keeps the API behind credentials", function ()
			local m = load_demo(dir);
			assert.equal(401, R.get(m, "/rest/ping/localhost", { Authorization = false }).status);
		end);

		it("warns when the folder has no index.html, and still serves its files", function ()
			local bare = dir .. "/sub";
			assert(os.execute("mkdir -p " .. bare));
			local f = assert(io.open(bare .. "/app.js", "wb"));
			f:write("1;");
			f:close();
			local m = load_demo(bare);
			R.expect_logs(m, "warn", "index.html");
			assert.equal(403, R.get(m, "/rest/demo/", { Authorization = false }).status, "a folder without index");
			local js = R.get(m, "/rest/demo/app.js", { Authorization = false });
			assert.same({ 200, "1;", "application/javascript" }, { js.status, js.body, js.headers.content_type });
			os.remove(bare .. "/app.js");
			os.remove(bare);
		end);
	end);

	it("has no demo pages without rest_demo_resources", function ()
		local m = R.load();
		local res = R.get(m, "/rest/demo/", { Authorization = false });
		assert.equal(401, res.status);
	end);

	it("depends on mod_http and registers one HTTP app", function ()
		local m = R.load();
		assert.is_true(m.dependencies.http);
		assert.equal(1, #m.http_apps);
		assert.equal("/rest", m.http_apps[1].default_path);
	end);
end);

describe("mod_rest metrics", function ()
	it("counts its answers by status in http_answers: 202, iq results, errors and the API documents", function ()
		local m = R.load();
		R.assert_accepted(m, R.post_xml(m, "/rest", "<message to='bob@localhost'><body>hi</body></message>"));
		local res = R.post_xml(m, "/rest", R.ping_xml({ id = "p1" }));
		local iq = m.sent[#m.sent];
		assert.equal(nil, m.metric_value("http_answers", "200"), "not counted before it is answered");
		m.reply_iq(iq.attr.id, st.reply(iq));
		R.assert_xml(res);
		assert.equal(401, R.post_xml(m, "/rest", "<message to='bob@localhost'/>", { Authorization = R.basic("alice@localhost", "wrong") }).status);
		assert.equal(400, R.post_xml(m, "/rest", "<message").status);
		assert.equal(200, R.get(m, "/rest/schema.json").status);
		assert.equal(1, m.metric_value("http_answers", "202"));
		assert.equal(2, m.metric_value("http_answers", "200"));
		assert.equal(1, m.metric_value("http_answers", "401"));
		assert.equal(1, m.metric_value("http_answers", "400"));
		assert.same({ "status" }, m.metrics.http_answers.label_keys);
	end);
end);
