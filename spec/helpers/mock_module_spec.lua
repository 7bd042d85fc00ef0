-- Specs of the module API mock itself (spec/helpers/mock_module.lua).

local mock = require "mock_module";
local st = require "util.stanza";
local set = require "util.set";

local FIXTURE = "spec/fixtures/mod_mock_fixture.lua";

local function blank(opts)
	return mock.load(FIXTURE, opts);
end

describe("mock_module loading", function ()
	it("runs the chunk in a module environment and calls module.load without self", function ()
		local m = blank();
		assert.is_true(m.env.chunk_ran);
		assert.equal(0, m.env.loaded_with);
		assert.is_nil(rawget(_G, "chunk_ran")); -- globals stay in the plugin environment
		assert.equal(m.api, m.env.module);
		assert.equal("mock_fixture", m.api:get_name());
		assert.equal("localhost", m.api:get_host());
		assert.equal("local", m.api:get_host_type());
		assert.equal("spec/fixtures", m.api:get_directory());
		assert.same({ type = "core", message = "Loaded", time = m.now }, m.status);
	end);

	it("warns when the module reads a global that does not exist, like Prosody's locked _G", function ()
		local m = blank();
		assert.is_nil(m.env.read_missing());
		assert.equal(1, #m.logs_of("warn", "Attempt to read a non-existent global 'this_global_does_not_exist'"));
		local quiet = blank({ lock_globals = false });
		quiet.env.read_missing();
		assert.same({}, quiet.problems());
		local env = mock.plugin_env({ present = 1 });
		assert.equal(1, env.present);
		assert.is_nil(env.absent);
		assert.equal(1, #quiet.logs_of("warn", "'absent'"));
	end);

	it("takes host, host type and name from the options", function ()
		local m = blank({ host = "svc.example", host_type = "component", name = "other" });
		assert.equal("svc.example", m.api.host);
		assert.equal("component", m.api:get_host_type());
		assert.equal("other", m.api:get_name());
	end);

	it("loads the file afresh each time", function ()
		local a, b = blank(), blank();
		assert.are_not.equal(a.env, b.env);
		a.env.marker = 1;
		assert.is_nil(b.env.marker);
		assert.are_not.equal(a.usermanager, b.usermanager);
		assert.equal(b.usermanager, package.loaded["core.usermanager"]);
	end);
end);

describe("mock_module options", function ()
	local m;
	before_each(function ()
		m = blank({
			options = {
				s = "text", n = 42, ns = "17", bad_number = "many", list = { "a", "b" }, one = "x",
				t = true, ts = "true", f0 = 0, fs = "false", weird = "maybe", hs = { "h1", "h2" },
			},
			global_options = { g = "global", s = "shadowed", hs = { "g1" } },
		});
	end);

	it("get_option returns the raw value, the global section, or the default", function ()
		assert.equal(42, m.api:get_option("n"));
		assert.same({ "a", "b" }, m.api:get_option("list"));
		assert.equal("global", m.api:get_option("g"));
		assert.equal("text", m.api:get_option("s")); -- the host wins
		assert.equal("dflt", m.api:get_option("unset", "dflt"));
		assert.is_nil(m.api:get_option("unset"));
	end);

	it("get_option_scalar takes the first item of a list and logs an error", function ()
		assert.equal("a", m.api:get_option_scalar("list"));
		assert.equal(1, #m.logs_of("error", "does not take a list"));
		assert.equal("x", m.api:get_option_scalar("one"));
	end);

	it("get_option_string converts with tostring and is nil when unset without default", function ()
		assert.equal("42", m.api:get_option_string("n"));
		assert.equal("true", m.api:get_option_string("t"));
		assert.is_nil(m.api:get_option_string("unset"));
		assert.equal("d", m.api:get_option_string("unset", "d"));
	end);

	it("get_option_number converts with tonumber; a non-number is nil and an error log", function ()
		assert.equal(42, m.api:get_option_number("n"));
		assert.equal(17, m.api:get_option_number("ns"));
		assert.equal(5, m.api:get_option_number("unset", 5));
		assert.is_nil(m.api:get_option_number("unset"));
		assert.is_nil(m.api:get_option_number("bad_number", 5));
		assert.equal(1, #m.logs_of("error", "'bad_number' not understood, expecting a number"));
	end);

	it("get_option_boolean understands true/false, strings and 0/1", function ()
		assert.is_true(m.api:get_option_boolean("t"));
		assert.is_true(m.api:get_option_boolean("ts"));
		assert.is_false(m.api:get_option_boolean("f0"));
		assert.is_false(m.api:get_option_boolean("fs"));
		assert.is_nil(m.api:get_option_boolean("unset"));
		assert.is_true(m.api:get_option_boolean("unset", true));
		assert.is_nil(m.api:get_option_boolean("weird"));
		assert.equal(1, #m.logs_of("error", "expecting true/false"));
	end);

	it("get_option_array makes a scalar a one-item list and is nil when unset", function ()
		assert.same({ "x" }, m.api:get_option_array("one"));
		assert.same({ "a", "b" }, m.api:get_option_array("list"));
		assert.are_not.equal(m.options.list, m.api:get_option_array("list")); -- a copy
		assert.is_nil(m.api:get_option_array("unset"));
		assert.same({ "d" }, m.api:get_option_array("unset", { "d" }));
	end);

	it("get_option_set and get_option_inherited_set return util.set objects", function ()
		local s = m.api:get_option_set("list");
		assert.is_true(s:contains("a"));
		assert.is_true(s:contains("b"));
		assert.is_falsy(s:contains("c"));
		assert.is_nil(m.api:get_option_set("unset"));
		local inherited = m.api:get_option_inherited_set("hs");
		assert.same({ "g1", "h1", "h2" }, (function () local l = {}; for v in inherited do l[#l + 1] = v; end table.sort(l); return l; end)());
		assert.is_true(m.api:get_option_inherited_set("unset", { "z" }):contains("z"));
		assert.equal(getmetatable(set.new()), getmetatable(s));
	end);
end);

describe("mock_module logging and status", function ()
	it("records formatted log lines", function ()
		local m = blank();
		m.api:log("info", "Hello %s, %d times, %s", "bob", 3, nil);
		m.api:log("debug", "a table: %s", {});
		assert.same({ level = "info", message = "Hello bob, 3 times, nil" },
			{ level = m.logs[1].level, message = m.logs[1].message });
		assert.matches("^a table: table: ", m.logs[2].message);
	end);

	it("raises on malformed format strings and missing arguments", function ()
		local m = blank();
		assert.has_error(function () m.api:log("info", "%s and %s", "one"); end);
		assert.has_error(function () m.api:log("info", "100%"); end);
		assert.has_error(function () m.api:log("info", "%y", 1); end);
		assert.has_error(function () m.api:log("info", "%d", "not a number"); end);
		assert.has_no_error(function () m.api:log("info", "100%%"); end);
	end);

	it("set_status keeps an error unless overridden; log_status logs and sets", function ()
		local m = blank();
		m.api:log_status("error", "broken %d", 1);
		assert.same({ "error", "broken 1", m.now }, { m.api:get_status() });
		assert.equal(1, #m.logs_of("error", "broken 1"));
		m.api:set_status("info", "fine");
		assert.equal("error", m.status.type);
		m.api:set_status("info", "fine", true);
		assert.equal("info", m.status.type);
	end);
end);

describe("mock_module events", function ()
	it("runs handlers by priority, higher first, and stops at a non-nil result", function ()
		local m = blank();
		local event = { trace = {} };
		assert.equal("low", m.fire("test-event", event));
		assert.same({ "high", "mid", "low" }, event.trace);
		local stopped = { trace = {}, stop = true };
		assert.equal("mid", m.fire("test-event", stopped));
		assert.same({ "high", "mid" }, stopped.trace);
	end);

	it("keeps global events apart and supports unhook", function ()
		local m = blank();
		assert.equal("global:1", m.fire_global("global-event", { x = 1 }));
		assert.is_nil(m.fire("global-event", { x = 1 }));
		local calls = 0;
		local function h() calls = calls + 1; end
		m.api:hook("other", h);
		m.fire("other", {});
		m.api:unhook("other", h);
		m.fire("other", {});
		assert.equal(1, calls);
	end);

	it("usermanager changes fire the global events", function ()
		local m = blank({ users = { alice = "pw" } });
		local seen = {};
		m.api:hook_global("user-password-changed", function (e) seen[#seen + 1] = "changed:" .. e.username .. "@" .. e.host; end);
		m.api:hook_global("user-deleted", function (e) seen[#seen + 1] = "deleted:" .. e.username .. "@" .. e.host; end);
		assert.is_true(m.usermanager.test_password("alice", "localhost", "pw"));
		assert.is_true(m.usermanager.set_password("alice", "new", "localhost"));
		assert.is_false(m.usermanager.test_password("alice", "localhost", "pw"));
		assert.is_true(m.usermanager.delete_user("alice", "localhost"));
		assert.is_false(m.usermanager.user_exists("alice", "localhost"));
		assert.same({ "changed:alice@localhost", "deleted:alice@localhost" }, seen);
		assert.equal(2, m.password_checks);
		-- Like the real one, it indexes hosts[host] without a check.
		assert.has_error(function () m.usermanager.test_password("alice", "nowhere.example", "pw"); end);
	end);
end);

describe("mock_module HTTP routes", function ()
	local m;
	before_each(function () m = blank(); end);

	it("passes the rest of the path to wildcard routes, relative to default_path", function ()
		local res = m.http_request({ path = "/fx/some/thing" });
		assert.equal(200, res.status);
		assert.equal("wild:some/thing", res.body);
		assert.equal("wild:", m.http_request({ path = "/fx/" }).body);
		assert.equal("wild:a b", m.http_request({ path = "/fx/a%20b" }).body); -- decoded like Prosody's parser
	end);

	it("prefers exact and longer routes", function ()
		assert.equal("exact", m.http_request({ path = "/fx/exact" }).body);
		assert.equal("sub:x", m.http_request({ path = "/fx/sub/x" }).body);
		assert.equal("wild:exactly", m.http_request({ path = "/fx/exactly" }).body);
	end);

	it("answers 404 outside the routes, 400 for escaping paths, 301 for the bare base path", function ()
		assert.equal(404, m.http_request({ path = "/elsewhere" }).status);
		assert.equal(404, m.http_request({ method = "DELETE", path = "/fx/x" }).status);
		-- A nil result lets the next matching handler try, as with Prosody's events.
		assert.equal("wild:nil", m.http_request({ path = "/fx/nil" }).body);
		local res = m.http_request({ path = "/fx" });
		assert.equal(301, res.status);
		assert.equal("/fx/", res.headers.location);
		assert.equal(400, m.http_request({ path = "/fx/../../etc" }).status);
	end);

	it("normalises request headers and keeps the query apart", function ()
		local res = m.http_request({ path = "/fx/headers?a=1", headers = { ["Content-Type"] = "text/plain", ["X-Custom-Header"] = "v" } });
		assert.equal("text/plain|v|a=1", res.body);
	end);

	it("emulates handle_result for numbers, errors, tables, strings and true", function ()
		local res = m.http_request({ method = "POST", path = "/fx/num" });
		assert.equal(418, res.status);
		assert.equal("Error processing request: 418 I'm a teapot. Check your error log for more information.", res.body);
		assert.equal(409, m.http_request({ method = "POST", path = "/fx/status" }).status);
		assert.equal(409, m.http_request({ path = "/fx/err" }).status);
		assert.equal(500, m.http_request({ path = "/fx/err500" }).status);
		res = m.http_request({ path = "/fx/table" });
		assert.same({ 202, "tbl", "1" }, { res.status, res.body, res.headers.x_a });
		res = m.http_request({ path = "/fx/send" });
		assert.same({ 203, "sent", "text/x", "4" }, { res.status, res.body, res:header("Content-Type"), res.headers.content_length });
	end);

	it("turns a raised error into a 500 with a traceback log", function ()
		local res = m.http_request({ path = "/fx/boom" });
		assert.equal(500, res.status);
		assert.matches("kaboom", res.error);
		assert.equal(1, #m.logs_of("error", "Traceback[httpserver]"));
	end);

	it("follows promises, settled now or later", function ()
		assert.equal("already", m.http_request({ path = "/fx/resolved" }).body);
		assert.equal(403, m.http_request({ path = "/fx/rejected" }).status);
		local res = m.http_request({ path = "/fx/promise" });
		assert.is_false(res.finished);
		m.env.settle("done");
		assert.is_true(res.finished);
		assert.same({ 200, "done" }, { res.status, res.body });
		res = m.http_request({ path = "/fx/timer" });
		m.advance(4);
		assert.is_false(res.finished);
		m.advance(1);
		assert.equal("later", res.body);
	end);

	it("adds the default CORS headers and OPTIONS answer of mod_http", function ()
		local res = m.http_request({ method = "OPTIONS", path = "/fx/anything" });
		assert.equal(200, res.status);
		assert.equal("", res.body);
		assert.equal("*", res.headers.access_control_allow_origin);
		assert.equal("Content-Type", res.headers.access_control_allow_headers);
	end);
end);

describe("mock_module timers and clock", function ()
	it("runs due timers in order with the fake clock, and os.time follows it", function ()
		local m = blank({ now = 1000 });
		assert.equal(1000, m.env.clock());
		local order = {};
		m.api:add_timer(10, function (now) order[#order + 1] = "b@" .. now; end);
		m.api:add_timer(5, function (now) order[#order + 1] = "a@" .. now; return 10; end); -- repeats
		local stopped = m.api:add_timer(7, function () order[#order + 1] = "never"; end);
		stopped:stop();
		assert.equal(0, m.advance(4));
		assert.equal(2, m.advance(10));
		assert.same({ "a@1005", "b@1010" }, order);
		assert.equal(1014, m.now);
		assert.equal(1014, m.env.clock());
		m.advance(1);
		assert.same({ "a@1005", "b@1010", "a@1015" }, order);
		assert.equal(os.time{ year = 2020, month = 1, day = 1, hour = 0 }, m.env.os.time{ year = 2020, month = 1, day = 1, hour = 0 });
	end);

	it("reschedules a timer and logs errors of callbacks", function ()
		local m = blank({ now = 0 });
		local runs = 0;
		local t = m.api:add_timer(1, function () runs = runs + 1; end);
		t:reschedule(30);
		m.advance(29);
		assert.equal(0, runs);
		m.advance(1);
		assert.equal(1, runs);
		m.api:add_timer(0, function () error("timer broke"); end);
		m.flush();
		assert.equal(1, #m.logs_of("error", "timer broke"));
	end);
end);

describe("mock_module stanzas", function ()
	it("captures sent stanzas and settles send_iq replies", function ()
		local m = blank();
		local result;
		m.env.ping("peer.example"):next(function (r) result = r; end);
		assert.equal(1, #m.sent);
		assert.equal("ping-1", m.sent[1].attr.id);
		assert.truthy(m.pending_iqs["ping-1"]);
		assert.is_false(m.reply_iq("ping-1", st.iq({ type = "result", id = "ping-1", from = "someone.else" })));
		assert.is_true(m.reply_iq("ping-1", st.reply(m.sent[1])));
		assert.equal("result", result.stanza.attr.type);
		assert.is_nil(m.pending_iqs["ping-1"]);
	end);

	it("rejects with wait/remote-server-timeout on timeout, and after 120 s by default", function ()
		local m = blank();
		local err;
		m.env.ping("peer.example"):catch(function (e) err = e; end);
		assert.is_true(m.timeout_iq("ping-1"));
		assert.same({ "wait", "remote-server-timeout" }, { err.type, err.condition });
		err = nil;
		m.env.ping("peer.example"):catch(function (e) err = e; end);
		m.advance(119);
		assert.is_nil(err);
		m.advance(1);
		assert.equal("remote-server-timeout", err.condition);
	end);

	it("turns error replies into util.error rejections and answers canned replies at once", function ()
		local m = blank();
		local err;
		m.env.ping("peer.example"):catch(function (e) err = e; end);
		m.reply_iq("ping-1", st.error_reply(m.sent[1], "cancel", "item-not-found"));
		assert.equal("item-not-found", err.condition);
		local m2 = blank();
		m2.iq_replies["ping-1"] = st.iq({ type = "result", id = "ping-1" });
		local got;
		m2.env.ping("peer.example"):next(function (r) got = r.stanza; end);
		assert.equal("peer.example", got.attr.from);
	end);
end);

describe("mock_module routing stand-ins", function ()
	it("calls on_send with the stanza and its origin after recording it", function ()
		local m = blank();
		local seen = {};
		m.on_send = function (stanza, origin)
			seen[#seen + 1] = { stanza = stanza, origin = origin, recorded = #m.sent };
			if origin then origin.send(st.error_reply(stanza, "cancel", "service-unavailable")); end
		end;
		local bounced;
		local origin = { send = function (s) bounced = s; end };
		local msg = st.message({ to = "nobody@localhost", type = "chat", id = "m1" });
		m.api:send(msg, origin);
		assert.equal(1, #seen);
		assert.equal(msg, seen[1].stanza);
		assert.equal(origin, seen[1].origin);
		assert.equal(1, seen[1].recorded, "recorded before on_send runs");
		assert.equal("error", bounced.attr.type);
	end);

	it("gives the iq responder the origin, to send results before the reply", function ()
		local m = blank();
		local got = {};
		local origin = { send = function (s) got[#got + 1] = s; end };
		m.iq_responder = function (stanza, o)
			o.send(st.message({ to = "alice@localhost" }):tag("result", { xmlns = "urn:xmpp:mam:2" }));
			return st.reply(stanza);
		end;
		local reply;
		m.api:send_iq(st.iq({ type = "set", id = "q1", to = "localhost" }):tag("query", { xmlns = "urn:xmpp:mam:2" }), origin)
			:next(function (r) reply = r.stanza; end);
		assert.equal(1, #got);
		assert.equal("message", got[1].name);
		assert.equal("result", reply.attr.type);
	end);
end);

describe("mock_module other API", function ()
	it("records measures and metrics", function ()
		local m = blank();
		local count = m.api:measure("requests", "rate");
		count(); count();
		local size = m.api:measure("size", "sizes");
		size(10); size(20);
		local amount = m.api:measure("queue", "amount");
		amount(7);
		local timing = m.api:measure("duration", "times");
		local done = timing();
		m.advance(3);
		done();
		assert.equal(2, m.metric_value("requests"));
		assert.same({ 10, 20 }, m.metrics.size.samples);
		assert.equal(7, m.metric_value("queue"));
		assert.same({ 3 }, m.metrics.duration.samples);
		local family = m.api:metric("counter", "sent", "", "Messages sent", { "type" });
		family:with_labels("chat"):add(1);
		family:with_labels("chat"):add(2);
		family:with_labels("normal"):add(1);
		local gauge = m.api:metric("gauge", "pending", "", "Pending", {});
		gauge:with_labels():set(4);
		local hist = m.api:metric("histogram", "latency", "seconds", "Latency", {});
		hist:with_labels():sample(0.5);
		assert.equal(3, m.metric_value("sent", "chat"));
		assert.equal(1, m.metric_value("sent", "normal"));
		assert.equal(4, m.metric_value("pending"));
		assert.same({ 0.5 }, m.metrics.latency.series[""].samples);
		assert.same({ "type" }, m.metrics.sent.label_keys);
	end);

	it("depends returns the given module API or an empty table", function ()
		local api = { get_token_info = function () end };
		local m = blank({ modules = { tokenauth = api } });
		assert.equal(api, m.api:depends("tokenauth"));
		assert.same({}, m.api:depends("other"));
		assert.is_true(m.dependencies.tokenauth);
		assert.is_true(m.dependencies.other);
	end);

	it("require loads NAME.lib.lua beside the module in its environment", function ()
		local m = blank();
		local lib = m.api:require("fixture_helper");
		assert.same({ answer = 42, host = "localhost" }, lib);
		assert.has_error(function () m.api:require("missing_lib"); end);
	end);

	it("offers in-memory stores and shared tables", function ()
		local m = blank();
		local store = m.api:open_store();
		assert.is_nil(store:get("alice"));
		assert.is_true(store:set("alice", { n = 1 }));
		assert.same({ n = 1 }, m.api:open_store("mock_fixture"):get("alice"));
		local map = m.api:open_store("things", "map");
		map:set("alice", "k", "v");
		assert.equal("v", map:get("alice", "k"));
		assert.equal(m.api:shared("cache"), m.api:shared("/localhost/mock_fixture/cache"));
		assert.are_not.equal(m.api:shared("cache"), blank().api:shared("cache"));
	end);

	it("records provided items and builds http_url from http_paths", function ()
		local m = blank({ options = { http_paths = { mock_fixture = "/elsewhere" } } });
		assert.equal("mock_fixture", m.provided.http[1].name);
		assert.equal(m.provided.http[1], m.items["http-provider"][1]);
		assert.equal("http://localhost:5280/elsewhere", m.api:http_url());
		assert.equal("wild:x", m.http_request({ path = "/elsewhere/x" }).body);
		assert.equal(404, m.http_request({ path = "/fx/x" }).status);
	end);

	it("unload drops hooks, timers and routes", function ()
		local m = blank();
		local ran = false;
		m.api:add_timer(1, function () ran = true; end);
		m.unload();
		assert.is_nil(m.fire("test-event", { trace = {} }));
		m.advance(2);
		assert.is_false(ran);
		assert.equal(404, m.http_request({ path = "/fx/exact" }).status);
	end);
end);
