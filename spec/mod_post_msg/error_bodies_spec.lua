-- mod_post_msg: error answers, as text or JSON after content negotiation.
-- Contract: docs/mod_post_msg/README.md. Shared setup: spec/mod_post_msg/support.lua.

local P = require "mod_post_msg.support";
local json = require "util.json";
local CHALLENGE, DEFAULT_LIMIT, basic, load, post = P.CHALLENGE, P.DEFAULT_LIMIT, P.basic, P.load, P.post;
local post_json = P.post_json;

after_each(P.assert_clean_logs);

describe("mod_post_msg error bodies", function ()
	it("are one line of text by default", function ()
		local m = load();
		local res = post(m, "/msg/bob", "hi", { Authorization = basic("alice", "nope") });
		assert.equal("Invalid credentials\n", res.body);
		assert.equal("text/plain; charset=utf-8", res.headers.content_type);
	end);

	local cases = {
		{ "401", function (m, h) h.Authorization = basic("alice", "nope"); return post(m, "/msg/bob", "hi", h); end,
			401, "auth", "not-authorized", "Invalid credentials" },
		{ "400", function (m, h) return post_json(m, "/msg/bob", "[]", h); end,
			400, "modify", "bad-request", "The JSON payload must be an object" },
		{ "413", function (m, h) return post(m, "/msg/bob", string.rep("x", DEFAULT_LIMIT + 1), h); end,
			413, "modify", "resource-constraint", "Payload too large" },
		{ "415", function (m, h) h["Content-Type"] = "application/xml"; return post(m, "/msg/bob", "<x/>", h); end,
			415, "modify", "bad-request", nil },
		{ "422 recipient", function (m, h) return post(m, "/msg/a@b@c", "hi", h); end,
			422, "modify", "jid-malformed", "Invalid recipient address" },
		{ "422 nothing", function (m, h) return post(m, "/msg/bob", "", h); end,
			422, "modify", "bad-request", "Nothing to send: give a body, subject or html" },
	};
	for _, case in ipairs(cases) do
		it("are JSON {type, error{type, condition, text}, code} when the client accepts JSON: " .. case[1], function ()
			local m = load();
			local res = case[2](m, { Accept = "application/json" });
			assert.equal(case[3], res.status);
			assert.equal("application/json", res.headers.content_type);
			local doc = json.decode(res.body);
			assert.equal("error", doc.type);
			assert.equal(case[3], doc.code);
			assert.equal(case[4], doc.error.type);
			assert.equal(case[5], doc.error.condition);
			if case[6] then assert.equal(case[6], doc.error.text); else assert.is_string(doc.error.text); end
			assert.equal(0, #m.sent);
		end);
	end

	it("keep the challenge header with JSON", function ()
		local m = load();
		local res = post(m, "/msg/bob", "hi", { Authorization = false, Accept = "application/json" });
		assert.equal(CHALLENGE, res.headers.www_authenticate);
		assert.equal("Authentication required", json.decode(res.body).error.text);
	end);

	it("follow the Accept preferences", function ()
		local m = load();
		local function ctype(accept)
			return post(m, "/msg/bob", "", { Accept = accept }).headers.content_type;
		end
		assert.equal("application/json", ctype("application/*"));
		assert.equal("application/json", ctype("text/plain;q=0.5, application/json"));
		assert.equal("text/plain; charset=utf-8", ctype("application/json;q=0.5, text/plain"));
		assert.equal("text/plain; charset=utf-8", ctype("*/*"));
		assert.equal("text/plain; charset=utf-8", ctype("text/html"));
		assert.equal("text/plain; charset=utf-8", ctype("application/json;q=0"));
	end);

	it("negotiate the content type with q-values (src/lib/negotiate.ts)", function ()
		local m = load();
		local function ctype(accept)
			return post(m, "/msg/bob", "hi", { Authorization = basic("alice", "wrong"), Accept = accept }).headers.content_type;
		end
		assert.equal("text/plain; charset=utf-8", ctype("application/json;q=0.1, text/plain;q=0.9"));
		assert.equal("application/json", ctype("text/plain;q=0.1, application/json;q=0.9"));
		assert.equal("text/plain; charset=utf-8", ctype("*/*"));
		assert.equal("application/json", ctype("application/*"));
		assert.equal("text/plain; charset=utf-8", ctype("application/json;q=0"));
		assert.equal("text/plain; charset=utf-8", ctype("application/json;q=0, */*;q=0.1"));
		assert.equal(0, #m.sent);
	end);
end);
