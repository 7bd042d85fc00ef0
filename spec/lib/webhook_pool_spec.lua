-- src/lib/webhook.ts over the connection pool (src/lib/http_pool.ts): with
-- `connections.keepalive` requests go through the pool (here over the fake
-- connection layer of spec/helpers/fake_net.lua), the outcomes map to the
-- same answers and errors as through net.http, a timeout closes the
-- connection, the module's unload closes the idle ones; without keep-alive a
-- connection per request; without `connections` (or without Prosody's
-- connection libraries, as in the module specs) net.http is used.

local support = require "support";
local fake_net = require "fake_net";

after_each(support.assert_clean_logs);

local URL = "http://endpoint.example/hook";
local OK = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nyes";

describe("lib/webhook over the connection pool", function ()
	local function new(config, connections)
		local net = fake_net.new();
		local webhook, m = support.lib("webhook", {
			host = "bot.localhost", host_type = "component", expected = support.endpoint_status_warning,
			requires = net.requires,
		});
		local full = { timeout = 10, maxInflight = 10, maxQueue = 10, maxBody = 100,
			connections = { keepalive = true, maxConnections = 2, idleTimeout = 30 } };
		for k, v in pairs(config or {}) do full[k] = v; end
		for k, v in pairs(connections or {}) do full.connections[k] = v; end
		return webhook.newWebhook(full), net, m;
	end
	local function post(hook, body)
		local outcome = {};
		hook.deliver(URL, body or "{}", { ["Content-Type"] = "application/json" }, {
			answered = function (context, answer) assert.equal(outcome, context); outcome.answer = answer; end;
			failed = function (context, err) assert.equal(outcome, context); outcome.err = err; end;
		}, outcome);
		return outcome;
	end

	it("sends through kept-alive connections and hands over the answers", function ()
		local hook, net, m = new();
		local first = post(hook, '{"n":1}');
		net.conns[1]:receive(OK);
		local second = post(hook, '{"n":2}');
		net.conns[1]:receive(OK);
		assert.equal(1, #net.conns);
		assert.equal(0, #m.http_requests);
		for _, outcome in ipairs({ first, second }) do
			assert.equal(200, outcome.answer.code);
			assert.equal("yes", outcome.answer.body);
			assert.equal("text/plain", outcome.answer.headers["content-type"]);
			assert.is_number(outcome.answer.latency);
		end
		assert.truthy(net.conns[1]:sent():find('\r\n\r\n{"n":2}$'));
	end);

	it("signs as before: the signature headers are on the wire", function ()
		local hook, net = new({ secret = "k" });
		post(hook, "{}");
		assert.truthy(net.conns[1]:sent():find("\r\nX%-Prosody%-Signature: sha256=%x+\r\n"));
	end);

	it("a timeout rejects with timeout and closes the connection", function ()
		local hook, net, m = new({ timeout = 2 });
		local outcome = post(hook);
		m.advance(2);
		assert.equal("timeout", outcome.err.context.outcome);
		assert.is_true(net.conns[1].closed);
		assert.same({ 0, 0 }, { hook.load() });
	end);

	it("an answer over maxBody fails as too-large", function ()
		local hook, net = new({ maxBody = 2 });
		local outcome = post(hook);
		net.conns[1]:receive(OK);
		assert.equal("too-large", outcome.err.context.outcome);
		assert.is_true(net.conns[1].closed);
	end);

	it("a connection failure fails as connection, with the reason", function ()
		local hook, net = new();
		net.manual = true;
		local outcome = post(hook);
		net.attempts[1]:refuse("connection refused");
		assert.equal("connection", outcome.err.context.outcome);
		assert.equal("connection refused", outcome.err.context.reason);
	end);

	it("the module's unload closes idle connections; a request in flight still gets its answer", function ()
		local hook, net, m = new({ maxInflight = 1 });
		post(hook);
		net.conns[1]:receive(OK);
		local open = post(hook, "a");
		local queued = post(hook, "b");
		m.unload();
		assert.equal(1, #net.open());
		net.conns[1]:receive(OK);
		assert.equal("yes", open.answer.body);
		assert.equal(0, #net.open());
		assert.equal("connection", queued.err.context.outcome);
	end);

	it("runs a module.unload set before it first", function ()
		local net = fake_net.new();
		local webhook, m = support.lib("webhook", {
			host = "bot.localhost", host_type = "component", expected = support.endpoint_status_warning, requires = net.requires,
		});
		local order = {};
		m.api.unload = function () order[#order + 1] = "module"; end;
		webhook.newWebhook({ timeout = 10, maxInflight = 1, maxQueue = 1, maxBody = 10,
			connections = { keepalive = true, maxConnections = 1, idleTimeout = 5 } });
		m.unload();
		assert.same({ "module" }, order);
	end);

	it("without keepalive each request gets its own connection, asking for Connection: close", function ()
		local hook, net, m = new(nil, { keepalive = false });
		local first = post(hook, '{"n":1}');
		net.conns[1]:receive(OK);
		local second = post(hook, '{"n":2}');
		net.conns[2]:receive(OK);
		assert.equal(0, #m.http_requests);
		assert.equal("yes", first.answer.body);
		assert.equal("yes", second.answer.body);
		assert.truthy(net.conns[1]:sent():find("\r\nConnection: close\r\n"));
		assert.is_true(net.conns[1].closed);
	end);

	it("a URL the pool does not handle goes through net.http", function ()
		local hook, net, m = new();
		local outcome = {};
		hook.deliver("http://[::1]:8080/hook", "{}", {}, {
			answered = function (context, answer) assert.equal(outcome, context); outcome.answer = answer; end;
			failed = function (context, err) assert.equal(outcome, context); outcome.err = err; end;
		}, outcome);
		assert.equal(0, #net.attempts);
		m.http_requests[1]:answer(200, "v6");
		assert.equal("v6", outcome.answer.body);
	end);

	it("without Prosody's connection libraries requests go through net.http", function ()
		local webhook, m = support.lib("webhook", { host = "bot.localhost", host_type = "component", expected = support.endpoint_status_warning });
		local hook = webhook.newWebhook({ timeout = 10, maxInflight = 1, maxQueue = 1, maxBody = 10,
			connections = { keepalive = true, maxConnections = 1, idleTimeout = 5 } });
		local outcome = post(hook);
		m.http_requests[1]:answer(200, "yes");
		assert.equal("yes", outcome.answer.body);
	end);
end);
