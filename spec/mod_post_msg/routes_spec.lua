-- mod_post_msg: the HTTP app it provides (route, http_paths, other methods, OPTIONS).
-- Contract: docs/mod_post_msg/README.md. Shared setup: spec/mod_post_msg/support.lua.

local P = require "mod_post_msg.support";
local load, request, post, sent_message = P.load, P.request, P.post, P.sent_message;

after_each(P.assert_clean_logs);

describe("mod_post_msg loading and route", function ()
	it("loads cleanly and provides the HTTP app post_msg at /msg with POST and OPTIONS", function ()
		local m = load();
		assert.equal(1, #m.provided.http);
		local app = m.provided.http[1];
		assert.equal("post_msg", app.name);
		assert.equal("/msg", app.default_path);
		assert.is_function(app.route["POST /*"]);
		assert.is_function(app.route["OPTIONS /*"]);
		assert.equal("core", m.status.type);
	end);

	it("serves POST /msg/<recipient>", function ()
		local m = load();
		local msg = sent_message(m, post(m, "/msg/bob", "hello"));
		assert.equal("bob@localhost", msg.attr.to);
	end);

	it("follows http_paths", function ()
		local m = load({ options = { http_paths = { post_msg = "/send" } } });
		sent_message(m, post(m, "/send/bob", "hello"));
		assert.equal(404, post(m, "/msg/bob", "hello").status);
		assert.equal(1, #m.sent);
	end);

	it("answers 404 to other methods", function ()
		local m = load();
		assert.equal(404, request(m, "GET", "/msg/bob").status);
		assert.equal(404, request(m, "PUT", "/msg/bob", "x").status);
		assert.equal(0, #m.sent);
	end);
end);

describe("mod_post_msg OPTIONS", function ()
	it("answers 200 with Allow: POST and every accepted type, without credentials", function ()
		local m = load();
		local res = m.http_request({ method = "OPTIONS", path = "/msg/bob" });
		assert.equal(200, res.status);
		assert.equal("POST", res.headers.allow);
		local accepted = {};
		for item in res.headers.accept:gmatch("[^,%s]+") do accepted[item] = true; end
		assert.same({ ["text/plain"] = true, ["application/x-www-form-urlencoded"] = true, ["application/json"] = true }, accepted);
		assert.equal(0, #m.sent);
		assert.equal(0, m.password_checks);
		assert.equal(200, m.http_request({ method = "OPTIONS", path = "/msg/" }).status);
	end);
end);

describe("mod_post_msg metrics", function ()
	it("counts its answers by status in http_answers", function ()
		local m = load();
		assert.equal(201, post(m, "/msg/bob", "one").status);
		assert.equal(201, post(m, "/msg/bob", "two").status);
		assert.equal(401, post(m, "/msg/bob", "x", { Authorization = P.basic("alice@localhost", "wrong") }).status);
		assert.equal(415, post(m, "/msg/bob", "x", { ["Content-Type"] = "image/png" }).status);
		assert.equal(200, request(m, "OPTIONS", "/msg/bob").status);
		assert.equal(404, request(m, "GET", "/msg/bob").status);
		assert.equal(2, m.metric_value("http_answers", "201"));
		assert.equal(1, m.metric_value("http_answers", "401"));
		assert.equal(1, m.metric_value("http_answers", "415"));
		assert.equal(1, m.metric_value("http_answers", "200"));
		assert.equal(nil, m.metric_value("http_answers", "404"), "the router's own 404 is not the module's answer");
		local rec = m.metrics.http_answers;
		assert.equal("counter", rec.type);
		assert.same({ "status" }, rec.label_keys);
	end);
end);
