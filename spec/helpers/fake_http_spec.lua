-- Specs of the fake net.http (spec/helpers/fake_http.lua), as the module
-- API mock installs it for a plugin (spec/fixtures/mod_mock_fixture.lua).

local mock = require "mock_module";

local FIXTURE = "spec/fixtures/mod_mock_fixture.lua";

local function blank(opts)
	return mock.load(FIXTURE, opts);
end

describe("mock_module fake net.http", function ()
	it("records requests and answers them through the callback", function ()
		mock.fake_http();
		local m = blank();
		local result = m.env.fetch("https://api.example:8443/hook?x=1", "payload");
		assert.equal(1, #m.http_requests);
		local req = m.http_requests[1];
		assert.same({ "POST", "api.example", "8443", "/hook", "x=1", "payload", "text/plain" },
			{ req.method, req.host, req.port, req.path, req.query, req.body, req.headers["Content-Type"] });
		assert.is_true(req:answer(202, "ok", { ["X-Thing"] = "1" }));
		assert.same({ "ok", 202, "1" }, { result.body, result.code, result.response.headers["x-thing"] });
		assert.equal(req, result.request);
		assert.is_false(req:answer(200, "again")); -- called back once only
	end);

	it("fails, destroys and serves the promise form", function ()
		local m = blank();
		local r1 = m.env.fetch("http://a.example/", nil);
		m.http_requests[1]:fail();
		assert.same({ "connection failed", 0 }, { r1.body, r1.code });
		local r2 = m.env.fetch("http://b.example/", nil);
		m.http.destroy_request(m.http_requests[2]);
		assert.is_false(m.http_requests[2]:answer(200, "late"));
		assert.is_nil(r2.code);
		local resolved, rejected;
		m.env.fetch_promise("http://c.example/x"):next(function (r) resolved = r; end);
		m.http_requests[3]:answer(200, "body");
		assert.same({ 200, "body" }, { resolved.code, resolved.body });
		assert.equal(m.http_requests[3], resolved.request);
		m.env.fetch_promise("http://d.example/"):catch(function (e) rejected = e; end);
		m.http_requests[4]:fail("connection-closed");
		assert.equal("remote-server-timeout", rejected.condition);
		local r5 = m.env.fetch("not a url", nil);
		assert.same({ "invalid-url", 0 }, { r5.body, r5.code });
	end);
end);
