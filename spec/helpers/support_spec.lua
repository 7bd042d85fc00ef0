-- Specs of the shared spec helper (spec/helpers/support.lua): the checks
-- every other spec relies on must be able to fail.

local support = require "support";
local json = require "util.json";

local FIXTURE = "spec/fixtures/mod_mock_fixture.lua";

after_each(support.assert_clean_logs);

describe("support clean logs", function ()
	it("fails on a warning or an error the test did not expect", function ()
		for _, level in ipairs({ "warn", "error" }) do
			local m = support.load(FIXTURE);
			m.api:log(level, "something odd: %s", "x");
			local ok, err = pcall(support.assert_clean_logs);
			assert.is_false(ok, level);
			assert.truthy(tostring(err):find("something odd: x", 1, true), tostring(err));
		end
	end);

	it("checks every mock loaded since the last check, not only the last one", function ()
		local first = support.load(FIXTURE);
		support.load(FIXTURE);
		first.api:log("warn", "from the first");
		assert.is_false((pcall(support.assert_clean_logs)));
		assert.is_true((pcall(support.assert_clean_logs)), "checked once");
	end);

	it("passes once expect_logs took the entries away, and expect_logs fails when there is none", function ()
		local m = support.load(FIXTURE);
		m.api:log("warn", "expected one");
		m.api:log("info", "fine");
		assert.equal(1, #support.expect_logs(m, "warn", "expected"));
		assert.equal(1, #m.logs);
		assert.is_false((pcall(support.expect_logs, m, "warn", "expected")));
		assert.is_false((pcall(support.expect_logs, m, "error")));
		assert.is_true((pcall(support.assert_clean_logs)));
	end);

	it("allows what opts.expected allows, and nothing else", function ()
		local m = support.load(FIXTURE, { expected = support.endpoint_status_warning });
		m.api:log("warn", "Endpoint failing: %s", "refused");
		assert.is_true((pcall(support.assert_clean_logs)));
		m = support.load(FIXTURE, { expected = support.endpoint_status_warning });
		m.api:log("warn", "Endpoint failing: %s", "refused");
		m.api:log("warn", "Something else");
		assert.is_false((pcall(support.assert_clean_logs)));
	end);

	it("fails on an error raised in an HTTP callback", function ()
		local m = support.load(FIXTURE);
		local result = m.env.fetch("http://a.example/", nil);
		m.http.errors[#m.http.errors + 1] = "callback raised";
		assert.is_table(result);
		m.logs = {};
		assert.is_false((pcall(support.assert_clean_logs)));
	end);
end);

describe("support tables", function ()
	it("overlay removes entries set to false, merge keeps them", function ()
		local base = { a = 1, b = 2 };
		assert.same({ a = 1, c = 3 }, support.overlay(base, { b = false, c = 3 }));
		assert.same({ a = 1, b = false }, support.merge(base, { b = false }));
		assert.same({ a = 1, b = 2 }, base, "the base is not changed");
		assert.same({ "a", "b" }, support.sorted_keys(base));
	end);

	it("finds every string in nested tables, keys included", function ()
		local found = support.strings_in({ a = { "x", { y = "z" } }, [5] = "w" });
		table.sort(found);
		assert.same({ "a", "w", "x", "y", "z" }, found);
	end);

	it("lists the password, plain hashes of it and the Basic credentials as derivations", function ()
		local d = support.password_derivations("alice", "pw");
		assert.equal("pw", d.password);
		assert.equal(require "util.hashes".sha256("pw", true), d["sha256(password) hex"]);
		assert.equal(support.basic("alice", "pw"):sub(7), d.basic);
	end);
end);

describe("support modules and library", function ()
	it("names the dist file of a module, which $X_DIST overrides", function ()
		assert.equal(os.getenv("POST_MSG_DIST") or "dist/mod_post_msg.lua", support.dist("mod_post_msg"));
		assert.equal(os.getenv("COMPONENT_HTTP_DIST") or "dist/mod_component_http.lua", support.dist("mod_component_http"));
	end);

	it("sets package.loaded entries only while a file loads", function ()
		local marker = {};
		local m = support.load(FIXTURE, { requires = { ["spec.support_marker"] = marker } });
		assert.is_table(m.api);
		assert.is_nil(package.loaded["spec.support_marker"]);
	end);

	it("runs library files in a mock module's environment: module, fake clock, require", function ()
		local auth, m, lib_require = support.lib("auth", { host = "example.org" });
		assert.equal(m.api, m.env.module);
		assert.equal("example.org", m.env.module.host);
		assert.equal(lib_require, rawget(m.env, "require"));
		assert.equal(lib_require("src.lib.auth"), auth);
		local cache = auth.newCredentialCache(10, 1);
		cache.store("alice", "pw");
		m.advance(10);
		assert.is_false(cache.lookup("alice", "pw"), "os.time() of the library follows m.now");
	end);

	it("gives a library the stand-ins of opts.requires", function ()
		local fake_json = { encode = function () return "fake"; end, null = {}, decode = function () return 1; end };
		local lj = support.lib("json", { requires = { ["util.json"] = fake_json } });
		assert.equal("fake", lj.encode({}));
		assert.equal(json, require "util.json");
	end);

	it("refuses a library file that is not in the library build", function ()
		assert.is_false((pcall(support.lib_file, "src.lib.no_such_file")));
	end);

	it("records what a util.cache is given and keeps its behaviour", function ()
		local recorder = support.recording_cache();
		local cache, real = recorder.lib.new(2), require "util.cache".new(2);
		for _, c in ipairs({ cache, real }) do
			c:set("a", 1);
			c:set("b", 2);
			assert.equal(1, c:get("a"));
			c:set("c", 3);
		end
		local function contents(c)
			local t = {};
			for k, v in c:items() do t[k] = v; end
			return t;
		end
		assert.same(contents(real), contents(cache));
		assert.equal(real:count(), cache:count());
		assert.same({ { key = "a", value = 1 }, { key = "b", value = 2 }, { key = "c", value = 3 } }, recorder.caches[1].sets);
		assert.same({ "a" }, recorder.caches[1].gets);
	end);
end);

describe("support client", function ()
	-- The request table the client hands the mock.
	local function captured(call)
		local m = support.load(FIXTURE);
		local seen;
		local real = m.http_request;
		m.http_request = function (req) seen = req; return real(req); end;
		call(m);
		return seen;
	end

	it("puts the default headers under every request, a false value removing one", function ()
		local client = support.client({ Authorization = "Basic x", ["Content-Type"] = "text/plain" });
		local req = captured(function (m) client.request(m, "GET", "/fx/headers", nil, { ["X-Custom-Header"] = "1" }); end);
		assert.same({ Authorization = "Basic x", ["Content-Type"] = "text/plain", ["X-Custom-Header"] = "1" }, req.headers);
		req = captured(function (m) client.post(m, "/fx/num", "b", { Authorization = false }); end);
		assert.same({ ["Content-Type"] = "text/plain" }, req.headers);
		assert.same({ "POST", "/fx/num", "b" }, { req.method, req.path, req.body });
	end);

	it("encodes JSON and forms with their Content-Type, keeping the removals", function ()
		local client = support.client({ Authorization = "Basic x", ["Content-Type"] = "text/plain" });
		local req = captured(function (m) client.post_json(m, "/fx/num", { a = 1 }, { Authorization = false }); end);
		assert.same({ ["Content-Type"] = "application/json" }, req.headers);
		assert.same({ a = 1 }, json.decode(req.body));
		req = captured(function (m) client.post_form(m, "/fx/num", { { name = "a", value = "1 2" } }); end);
		assert.equal("application/x-www-form-urlencoded", req.headers["Content-Type"]);
		assert.equal("a=1+2", req.body);
		req = captured(function (m) client.send(m, { method = "POST", path = "/fx/num", ip = "192.0.2.9" }); end);
		assert.equal("192.0.2.9", req.ip);
	end);

	it("builds Basic credentials", function ()
		assert.equal("Basic YWxpY2U6cHc6eA==", support.basic("alice", "pw:x"));
	end);
end);
