-- src/lib/standard_webhooks.ts and its use by src/lib/webhook.ts: Standard
-- Webhooks headers (webhook-id, webhook-timestamp, webhook-signature), from the library build.

local support = require "support";
local hashes = require "util.hashes";
local encodings = require "util.encodings";

after_each(support.assert_clean_logs);

-- The specification's own test vector (as in its reference libraries' tests).
local VECTOR = {
	secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
	id = "msg_p5jXN8AQM9LWM0D4loKWxJek",
	timestamp = "1614265330",
	body = '{"test": 2432232314}',
	signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
};
local OTHER = "whsec_c2VjcmV0LW9mLWEtcm90YXRlZC1lbmRwb2ludA==";

local function expect_secret_warnings(entry)
	return entry.level == "warn" and (entry.message:find("of some_secret", 1, true) or entry.message:find("No valid secret", 1, true)) ~= nil;
end

describe("lib/standard_webhooks", function ()
	local sw, m;
	before_each(function ()
		sw, m = support.lib("standard_webhooks", { expected = expect_secret_warnings });
	end);

	it("reproduces the specification's test vector", function ()
		local key = sw.decodeSecret(VECTOR.secret);
		assert.equal(VECTOR.signature, sw.signature({ key }, VECTOR.id, VECTOR.timestamp, VECTOR.body));
	end);

	it("signs with every key, space-separated, in order (rotation)", function ()
		local a, b = sw.decodeSecret(VECTOR.secret), sw.decodeSecret(OTHER);
		assert.equal("secret-of-a-rotated-endpoint", b);
		local both = sw.signature({ a, b }, VECTOR.id, VECTOR.timestamp, VECTOR.body);
		local expected_b = "v1," .. encodings.base64.encode(hashes.hmac_sha256(b, VECTOR.id .. "." .. VECTOR.timestamp .. "." .. VECTOR.body));
		assert.equal(VECTOR.signature .. " " .. expected_b, both);
	end);

	it("decodes whsec_ secrets with or without base64 padding", function ()
		assert.equal("ab", sw.decodeSecret("whsec_YWI="));
		assert.equal("ab", sw.decodeSecret("whsec_YWI"));
		assert.equal("abc", sw.decodeSecret("whsec_YWJj"));
	end);

	for _, case in ipairs({
		{ "no prefix", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" },
		{ "another prefix", "wh_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" },
		{ "nothing after the prefix", "whsec_" },
		{ "a character outside base64", "whsec_not base64!" },
		{ "base64url", "whsec_ab-_" },
		{ "an impossible length", "whsec_YWJjZ" },
		{ "padding in the middle", "whsec_YW=I" },
		{ "a number", 42 },
	}) do
		it("refuses a secret with " .. case[1] .. " and says why", function ()
			local key, why = sw.decodeSecret(case[2]);
			assert.is_nil(key);
			assert.is_string(why);
		end);
	end

	it("reads a string or a list, ignoring bad secrets with a warning that does not show them", function ()
		m.options.some_secret = VECTOR.secret;
		assert.same({ sw.decodeSecret(VECTOR.secret) }, sw.secretsOption("some_secret"));
		m.options.some_secret = { "whsec_not base64!", OTHER, "plain-secret" };
		assert.same({ "secret-of-a-rotated-endpoint" }, sw.secretsOption("some_secret"));
		local warnings = m.logs_of("warn", "some_secret");
		assert.equal(2, #warnings);
		for _, entry in ipairs(warnings) do
			assert.is_nil(entry.message:find("plain-secret", 1, true));
			assert.is_nil(entry.message:find("not base64!", 1, true));
		end
	end);

	it("gives nil for an unset option, silently, and for only bad secrets, with a warning", function ()
		assert.is_nil(sw.secretsOption("some_secret"));
		assert.same({}, m.problems());
		m.options.some_secret = "s3cret";
		assert.is_nil(sw.secretsOption("some_secret"));
		assert.equal(1, #m.logs_of("warn", "No valid secret"));
	end);
end);

describe("lib/webhook with Standard Webhooks keys", function ()
	local function new(config)
		local webhook, m = support.lib("webhook", { host = "bot.localhost", host_type = "component" });
		local full = { timeout = 10, maxInflight = 1, maxQueue = 5, maxBody = 100 };
		for k, v in pairs(config or {}) do full[k] = v; end
		return webhook.newWebhook(full), m;
	end
	local sw = support.lib("standard_webhooks");
	local key = sw.decodeSecret(VECTOR.secret);
	local other = sw.decodeSecret(OTHER);

	local function expected(k, h, body)
		local content = h["webhook-id"] .. "." .. h["webhook-timestamp"] .. "." .. body;
		return "v1," .. encodings.base64.encode(hashes.hmac_sha256(k, content));
	end

	it("adds the three headers, a fresh id per request, the timestamp of sending, and keeps the legacy one", function ()
		local hook, m = new({ standardKeys = { key }, secret = "legacy", timeout = 60 });
		hook.post("http://endpoint.example/hook", "one", {});
		hook.post("http://endpoint.example/hook", "two", {}); -- queued behind the first
		local first = m.http_requests[1].headers;
		assert.matches("^msg_[A-Za-z0-9_-]+$", first["webhook-id"]);
		assert.equal(tostring(math.floor(m.now)), first["webhook-timestamp"]);
		assert.equal(expected(key, first, "one"), first["webhook-signature"]);
		assert.equal("sha256=" .. hashes.hmac_sha256("legacy", "one", true), first["X-Prosody-Signature"]);
		m.advance(30);
		m.http_requests[1]:answer(204, "");
		local second = m.http_requests[2].headers;
		assert.not_equal(first["webhook-id"], second["webhook-id"]);
		assert.equal(tostring(math.floor(m.now)), second["webhook-timestamp"]);
		assert.not_equal(first["webhook-timestamp"], second["webhook-timestamp"]);
		assert.equal(expected(key, second, "two"), second["webhook-signature"]);
	end);

	it("signs a copy: one header table given for every delivery stays as it was", function ()
		local hook, m = new({ standardKeys = { key }, secret = "legacy", maxInflight = 2 });
		local shared = { ["Content-Type"] = "application/json" };
		hook.post("http://endpoint.example/hook", "one", shared);
		hook.post("http://endpoint.example/hook", "two", shared);
		assert.same({ ["Content-Type"] = "application/json" }, shared);
		local first, second = m.http_requests[1].headers, m.http_requests[2].headers;
		assert.equal("application/json", first["Content-Type"]);
		assert.equal(expected(key, first, "one"), first["webhook-signature"]);
		assert.equal(expected(key, second, "two"), second["webhook-signature"]);
		assert.not_equal(first["webhook-id"], second["webhook-id"]);
	end);

	it("signs once per key when rotating, and signs the probe's empty body", function ()
		local hook, m = new({ standardKeys = { key, other } });
		hook.probe("http://endpoint.example/hook", {});
		local h = m.http_requests[1].headers;
		assert.equal(expected(key, h, "") .. " " .. expected(other, h, ""), h["webhook-signature"]);
		assert.is_nil(h["X-Prosody-Signature"]);
	end);

	it("sends none of the headers without keys", function ()
		local hook, m = new({ standardKeys = nil });
		hook.post("http://endpoint.example/hook", "x", {});
		local h = m.http_requests[1].headers;
		assert.is_nil(h["webhook-id"]);
		assert.is_nil(h["webhook-signature"]);
	end);
end);
