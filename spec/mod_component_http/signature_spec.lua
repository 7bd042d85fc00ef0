-- mod_component_http: the X-Prosody-Signature of requests (component_post_secret).
-- Contract: docs/mod_component_http/README.md. Shared setup: spec/mod_component_http/support.lua.

local C = require "mod_component_http.support";
local support = require "support";
local hashes = require "util.hashes";
local load, message, iq, deliver, forward, payload = C.load, C.message, C.iq, C.deliver, C.forward, C.payload;

after_each(C.assert_clean_logs);

describe("mod_component_http signature", function ()
	local SECRET = "s3cret, with ünïcode";

	it("signs the exact body with X-Prosody-Signature: sha256=<hex HMAC-SHA256>", function ()
		local m = load({ component_post_secret = SECRET });
		local req = forward(m, message(nil, "sign me"));
		local expected = "sha256=" .. hashes.hmac_sha256(SECRET, req.body, true);
		assert.equal(expected, req.headers["X-Prosody-Signature"]);
		assert.matches("^sha256=%x+$", req.headers["X-Prosody-Signature"]);
		assert.equal(64 + 7, #req.headers["X-Prosody-Signature"]);
		assert.equal(req.headers["X-Prosody-Signature"], req.headers["X-Prosody-Signature"]:lower());
		assert.are_not.equal("sha256=" .. hashes.hmac_sha256(SECRET, req.body .. " ", true), req.headers["X-Prosody-Signature"]);
		assert.are_not.equal("sha256=" .. hashes.hmac_sha256("other", req.body, true), req.headers["X-Prosody-Signature"]);
	end);

	it("signs every request with its own body", function ()
		local m = load({ component_post_secret = SECRET, component_post_stanzas = { "message", "iq" } });
		local a = forward(m, message(nil, "one"));
		local b = forward(m, iq());
		for _, req in ipairs({ a, b }) do
			assert.equal("sha256=" .. hashes.hmac_sha256(SECRET, req.body, true), req.headers["X-Prosody-Signature"]);
		end
		assert.are_not.equal(a.headers["X-Prosody-Signature"], b.headers["X-Prosody-Signature"]);
	end);

	it("signs queued requests when they start", function ()
		local m = load({ component_post_secret = SECRET, component_post_max_inflight = 1 });
		local first = forward(m, message({ id = "a" }));
		deliver(m, message({ id = "b" }, "queued"));
		first:answer(204, "");
		local second = m.http_requests[2];
		assert.equal("queued", payload(second).body);
		assert.equal("sha256=" .. hashes.hmac_sha256(SECRET, second.body, true), second.headers["X-Prosody-Signature"]);
	end);

	it("sends no signature header without a secret", function ()
		local m = load();
		local req = forward(m, message());
		for name in pairs(req.headers) do
			assert.are_not.equal("x-prosody-signature", name:lower());
			assert.is_nil(name:lower():find("signature", 1, true));
		end
	end);

	it("signs with the RFC 4231 key over the exact body, as src/lib/webhook.ts's sign does", function ()
		local m = load({ component_post_secret = "Jefe" });
		local req = forward(m, message(nil, "what do ya want for nothing?"));
		assert.equal("sha256=" .. hashes.hmac_sha256("Jefe", req.body, true), req.headers["X-Prosody-Signature"]);
		local webhook = support.lib("webhook", { host = "bot.localhost", host_type = "component" });
		assert.equal(webhook.sign("Jefe", req.body), req.headers["X-Prosody-Signature"]);
	end);
end);
