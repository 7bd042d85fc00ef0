-- mod_rest: the error registry and error bodies. Every case of the
-- contract's table with its status and condition; bodies in JSON, XML
-- (a stream error) or text by Accept (q-values), falling back to the
-- request's format; the global http-error event never hooked.
-- Contract: docs/mod_rest/README.md. Shared setup: spec/mod_rest/support.lua.

local R = require "mod_rest.support";
local json = require "util.json";
local support = require "support";

after_each(R.assert_clean_logs);

describe("mod_rest errors", function ()
	it("answers every case of the contract's table with its status and condition", function ()
		local m = R.load({ options = { rest_stanza_size_limit = 1000, rest_iq_max_pending = 1 } });
		local J = R.JSON_ACCEPT;
		local cases = {
			{ R.post_xml(m, "/rest", "<message/>", { Authorization = false, Accept = R.JSON }), 401, "not-authorized", "auth" },
			{ R.post_xml(m, "/rest", "<message/>", { Authorization = R.basic("alice", "x"), Accept = R.JSON }), 401, "not-authorized", "auth" },
			{ R.post_xml(m, "/rest", "<message", J), 400, "not-well-formed", "modify" },
			{ R.post_xml(m, "/rest", "<message xmlns='urn:x'/>", J), 422, "invalid-namespace", "modify" },
			{ R.post_xml(m, "/rest", "<foo/>", J), 422, "unsupported-stanza-type", "modify" },
			{ R.post_xml(m, "/rest", "<message to='a b@c'/>", J), 422, "improper-addressing", "modify" },
			{ R.post_xml(m, "/rest", "<message from='a@b@c'/>", J), 422, "invalid-from", "modify" },
			{ R.post_xml(m, "/rest", "<message from='bob@localhost'/>", J), 403, "not-authorized", "auth" },
			{ R.post_xml(m, "/rest", "<iq type='result'/>", J), 422, "invalid-xml", "modify" },
			{ R.post_xml(m, "/rest", "<iq type='get'/>", J), 422, "bad-format", "modify" },
			{ R.post(m, "/rest", "x", { ["Content-Type"] = "image/png", Accept = R.JSON }), 415, "bad-format", "cancel" },
			{ R.post_text(m, "/rest/message/chat/bob@localhost", ("x"):rep(1001), J), 413, "resource-constraint", "modify" },
		};
		for i, case in ipairs(cases) do
			local doc = R.assert_json_error(m, case[1], case[2], case[3]);
			assert.equal(case[4], doc.error.type, "case " .. i);
			assert.is_string(doc.error.text, "case " .. i);
		end
		-- An iq timing out, and one too many outstanding.
		local waiting = R.post_xml(m, "/rest", R.ping_xml(), J);
		R.assert_json_error(nil, R.post_xml(m, "/rest", R.ping_xml(), J), 429, "resource-constraint");
		m.advance(120);
		local doc = R.assert_json_error(nil, waiting, 504, "remote-server-timeout");
		assert.equal("wait", doc.error.type);
	end);

	it("writes JSON errors as { type, error = { type, condition, text }, code }", function ()
		local m = R.load();
		local doc = R.assert_json_error(m, R.post_xml(m, "/rest", "<foo/>", R.JSON_ACCEPT), 422);
		assert.same({ "code", "error", "type" }, support.sorted_keys(doc));
		assert.same({ "condition", "text", "type" }, support.sorted_keys(doc.error));
	end);

	it("writes XML errors as a stream error with the condition and a text", function ()
		local m = R.load();
		local res = R.post_xml(m, "/rest", "<foo/>", { Accept = R.XMPP });
		assert.equal(422, res.status);
		assert.equal(R.XMPP, res.headers.content_type);
		local err = R.parse(res.body);
		assert.same({ "error", R.XMLNS_STREAMS }, { err.name, err.attr.xmlns });
		assert.truthy(err:get_child("unsupported-stanza-type", R.XMLNS_STREAM_ERRORS));
		assert.is_string(err:get_child_text("text", R.XMLNS_STREAM_ERRORS));
	end);

	it("writes text errors as one line", function ()
		local m = R.load();
		local res = R.post_xml(m, "/rest", "<foo/>", { Accept = "text/plain" });
		assert.equal(422, res.status);
		assert.equal("text/plain; charset=utf-8", res.headers.content_type);
		assert.truthy(res.body:match("^[^\n]+\n$"), res.body);
	end);

	it("honours q-values", function ()
		local m = R.load();
		local function format(accept)
			return R.post_xml(m, "/rest", "<foo/>", { Accept = accept }).headers.content_type;
		end
		assert.equal(R.JSON, format("application/xmpp+xml;q=0.5, application/json"));
		assert.equal(R.XMPP, format("application/json;q=0.1, application/xmpp+xml;q=0.9"));
		assert.equal("text/plain; charset=utf-8", format("application/json;q=0, text/*"));
		assert.equal(R.JSON, format("text/plain;q=0.2, application/*;q=0.8, application/xmpp+xml;q=0.1"));
	end);

	it("falls back to the request's format, then text, for wildcards, no Accept or one that accepts none", function ()
		local m = R.load();
		local function ct(res) return res.headers.content_type; end
		assert.equal(R.JSON, ct(R.post_json(m, "/rest", "{", { Accept = "*/*" })));
		assert.equal(R.JSON, ct(R.post_json(m, "/rest", "{")));
		assert.equal(R.XMPP, ct(R.post_xml(m, "/rest", "<foo/>", { Accept = "*/*" })));
		assert.equal(R.XMPP, ct(R.post_xml(m, "/rest", "<foo/>", { Accept = "image/png" })));
		assert.equal("text/plain; charset=utf-8", ct(R.post_text(m, "/rest", "x")));
		assert.equal("text/plain; charset=utf-8", ct(R.post_form(m, "/rest", "justtext", { Accept = "image/*" })));
		assert.equal("text/plain; charset=utf-8", ct(R.get(m, "/rest/ping/localhost?%zz", { Authorization = false })));
	end);

	it("never hooks the global http-error event, so other modules' errors stay theirs", function ()
		local m = R.load();
		local handlers = 0;
		for _ in pairs(m.http_events.get_handlers and m.http_events.get_handlers("http-error") or {}) do handlers = handlers + 1; end
		assert.equal(1, handlers, "only the server's default handler");
		-- A number result of another app on the host still gets the server's text.
		m.add_http_app({ name = "other", route = { ["GET /x"] = function () return 404; end } });
		local res = R.get(m, "/other/x");
		assert.equal(404, res.status);
		assert.truthy(res.body:find("Error processing request", 1, true));
	end);

	it("never answers a request with an error body it did not make", function ()
		local m = R.load();
		local res = R.post_xml(m, "/rest", "<foo/>", R.JSON_ACCEPT);
		assert.is_nil(json.decode(res.body).error.source, "no util.error internals in the body");
		assert.is_nil(res.body:find("context", 1, true));
	end);
end);
