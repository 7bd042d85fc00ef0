-- mod_post_msg: a battery of hostile requests, each answered with a 4xx.
-- Contract: docs/mod_post_msg/README.md. Shared setup: spec/mod_post_msg/support.lua.

local P = require "mod_post_msg.support";
local base64 = require "util.encodings".base64;
local DEFAULT_LIMIT, basic, load, request = P.DEFAULT_LIMIT, P.basic, P.load, P.request;
local describe_res = P.describe_res;

after_each(P.assert_clean_logs);

describe("mod_post_msg garbage battery", function ()
	local big = string.rep("z", DEFAULT_LIMIT + 10);
	local battery = {
		{ "POST", "/msg/bob", "hi", { Authorization = "Basic \0\0\0" } },
		{ "POST", "/msg/bob", "hi", { Authorization = "Basic " .. string.rep("A", 10000) } },
		{ "POST", "/msg/bob", "hi", { Authorization = "Bearer \255\254" } },
		{ "POST", "/msg/bob", "hi", { Authorization = "\255 \255" } },
		{ "POST", "/msg/bob", "hi", { Authorization = string.rep(" ", 1000) } },
		{ "POST", "/msg/bob", "hi", { Authorization = basic("alice\0", "secret") } },
		{ "POST", "/msg/bob", "hi", { Authorization = basic("alice@@localhost", "secret") } },
		{ "POST", "/msg/bob", "hi", { Authorization = basic("alice@localhost@localhost", "secret") } },
		{ "POST", "/msg/bob", "hi", { Authorization = basic("alice@[::1]", "secret") } },
		{ "POST", "/msg/bob", "hi", { Authorization = basic("\255\254", "\255") } },
		{ "POST", "/msg/bob", "\0\0\0", {} },
		{ "POST", "/msg/bob", "\255\255", {} },
		{ "POST", "/msg/bob", big, {} },
		{ "POST", "/msg/bob", "<message/>", { ["Content-Type"] = "application/xml" } },
		{ "POST", "/msg/bob", "hi", { ["Content-Type"] = "\0" } },
		{ "POST", "/msg/bob", "hi", { ["Content-Type"] = ";;;" } },
		{ "POST", "/msg/bob", "{", { ["Content-Type"] = "application/json" } },
		{ "POST", "/msg/bob", "[[[[[[[[", { ["Content-Type"] = "application/json" } },
		{ "POST", "/msg/bob", '{"body":{"body":{}}}', { ["Content-Type"] = "application/json" } },
		{ "POST", "/msg/bob", '{"body":"x","to":["a","b"]}', { ["Content-Type"] = "application/json" } },
		{ "POST", "/msg/bob", '{"body":"x","type":{"__hash":1}}', { ["Content-Type"] = "application/json" } },
		{ "POST", "/msg/bob", '{"__hash":5,"body":"x"}', { ["Content-Type"] = "application/json" } },
		{ "POST", "/msg/bob", '{"body":"\\u0000"}', { ["Content-Type"] = "application/json" } },
		{ "POST", "/msg/bob", '{"body":"x","html":"<script>"}', { ["Content-Type"] = "application/json" } },
		{ "POST", "/msg/bob", '{"body":"x","html":"<a xmlns:x=\'\' x:y=\'1\'/>"}', { ["Content-Type"] = "application/json" } },
		{ "POST", "/msg/bob", '{"body":"x","html":"' .. string.rep("<b>", 5000) .. '"}', { ["Content-Type"] = "application/json" } },
		{ "POST", "/msg/bob", "%%%%=%%%%&&&==", { ["Content-Type"] = "application/x-www-form-urlencoded" } },
		{ "POST", "/msg/bob", "body=%C0%AF", { ["Content-Type"] = "application/x-www-form-urlencoded" } },
		{ "POST", "/msg/bob", "body=x&type=%00", { ["Content-Type"] = "application/x-www-form-urlencoded" } },
		{ "POST", "/msg/bob", "body=x&to=%FF", { ["Content-Type"] = "application/x-www-form-urlencoded" } },
		{ "POST", "/msg/bob", "body=x&html=%3Cp%3E", { ["Content-Type"] = "application/x-www-form-urlencoded" } },
		{ "POST", "/msg/%00", "hi", {} },
		{ "POST", "/msg/%FF%FE", "hi", {} },
		{ "POST", "/msg/@", "hi", {} },
		{ "POST", "/msg/@@@", "hi", {} },
		{ "POST", "/msg//", "hi", {} },
		{ "POST", "/msg/bob@localhost/", "hi", {} },
		{ "POST", "/msg/" .. string.rep("x", 5000), "hi", {} },
		{ "POST", "/msg/" .. string.rep("%C3%A9", 600) .. "@localhost", "hi", {} },
		{ "POST", "/msg/bob", "", {} },
		{ "POST", "/msg/bob", "", { Accept = "\0;q=x, */*;q=abc" } },
		{ "POST", "/msg/bob", "hi", { Authorization = false, Accept = string.rep("a/b;q=0.1,", 1000) } },
		{ "POST", "/msg/bob", "hi", { Authorization = "Basic " .. base64.encode(string.rep(":", 100)) } },
	};

	it("has at least 30 cases", function ()
		assert.truthy(#battery >= 30);
	end);

	for i, case in ipairs(battery) do
		local label = ("%d: %s %s"):format(i, case[1], (case[2]:sub(1, 40):gsub("[^%w%%/@._-]", "?")));
		it("answers 4xx and sends nothing: " .. label, function ()
			local m = load();
			local res = request(m, case[1], case[2], case[3], case[4]);
			assert.is_nil(res.error, "a Lua error escaped the handler");
			assert.is_true(res.finished, "answered");
			assert.truthy(res.status >= 400 and res.status < 500, describe_res(res));
			assert.equal(0, #m.sent);
		end);
	end
end);
