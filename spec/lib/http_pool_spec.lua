-- src/lib/http_pool.ts: kept-alive connections per origin over a fake
-- connection layer (spec/helpers/fake_net.lua) and Prosody's real HTTP
-- parser: reuse, the bound per origin and the waiting order, idle close,
-- the answers that end a connection, body limits, cancel, the retry after
-- the keep-alive race (and no other), garbage answers, TLS checks, close.

local support = require "support";
local fake_net = require "fake_net";

after_each(support.assert_clean_logs);

local URL = "http://hook.example:8080/hook?x=1";
local OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

local function answer(code, body, headers, version)
	local lines = { ("HTTP/%s %d X\r\n"):format(version or "1.1", code) };
	for name, value in pairs(headers or {}) do lines[#lines + 1] = name .. ": " .. value .. "\r\n"; end
	if not (headers and (headers["Transfer-Encoding"] or headers["Content-Length"] == false)) then
		lines[#lines + 1] = ("Content-Length: %d\r\n"):format(#body);
	end
	return table.concat(lines) .. "\r\n" .. body;
end

describe("lib/http_pool", function ()
	local function new(settings)
		local lib, m = support.lib("http_pool", {});
		local net = fake_net.new();
		local full = { maxConnections = 2, idleTimeout = 30, maxBody = 100, reuse = true };
		for k, v in pairs(settings or {}) do full[k] = v; end
		return lib.newPool(full, net.libs), net, m, lib;
	end
	-- Send a request; the outcome lands in the returned table.
	local function send(pool, url, body, headers)
		local outcome = { calls = 0 };
		outcome.request = pool.request(body and "POST" or "OPTIONS", url or URL, headers or {}, body, function (context, answer, failure)
			assert.equal(outcome, context);
			outcome.calls = outcome.calls + 1;
			outcome.answer, outcome.failure = answer, failure;
		end, outcome);
		return outcome;
	end

	describe("requests", function ()
		it("writes net.http's request line and headers, the caller's over the defaults, and the body", function ()
			local pool, net = new();
			send(pool, URL, '{"a":1}', { ["Content-Type"] = "application/json", ["X-Id"] = "7" });
			local text = net.conns[1]:sent();
			assert.truthy(text:find("^POST /hook%?x=1 HTTP/1%.1\r\n"));
			assert.truthy(text:find("\r\nHost: hook.example:8080\r\n", 1, true));
			assert.truthy(text:find("\r\nUser-Agent: Prosody XMPP Server\r\n", 1, true));
			assert.truthy(text:find("\r\nContent-Length: 7\r\n", 1, true));
			assert.truthy(text:find("\r\nContent-Type: application/json\r\n", 1, true));
			assert.truthy(text:find("\r\nX-Id: 7\r\n", 1, true));
			assert.truthy(text:find('\r\n\r\n{"a":1}$'));
			assert.falsy(text:find("x-www-form-urlencoded", 1, true));
		end);

		it("sends no body and no Content-Length without a body; / for an empty path; no port in Host for the default one", function ()
			local pool, net = new();
			send(pool, "http://user:pw@hook.example:80");
			local text = net.conns[1]:sent();
			assert.truthy(text:find("^OPTIONS / HTTP/1%.1\r\n"));
			assert.truthy(text:find("\r\nHost: hook.example\r\n", 1, true));
			assert.truthy(text:find("\r\nAuthorization: Basic dXNlcjpwdw==\r\n", 1, true));
			assert.falsy(text:find("Content-Length", 1, true));
			assert.equal("hook.example", net.attempts[1].resolver.hostname);
			assert.equal(80, net.attempts[1].resolver.port);
		end);

		it("without reuse: Connection: close on every request, and a connection each, closed after its answer", function ()
			local pool, net = new({ reuse = false });
			local first = send(pool, URL, "1");
			assert.truthy(net.conns[1]:sent():find("\r\nConnection: close\r\n", 1, true));
			net.conns[1]:receive("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
			assert.equal("ok", first.answer.body);
			assert.is_true(net.conns[1].closed);
			local second = send(pool, URL, "2");
			assert.equal(2, #net.conns);
			net.conns[2]:receive("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
			assert.equal("ok", second.answer.body);
			assert.equal(0, (select(1, pool.connections())));
		end);

		it("leaves URLs it does not handle to the caller (nil)", function ()
			local pool, net = new();
			for _, url in ipairs({ "ftp://x/", "http:///nohost", "http://[::1]:80/", "http://x:99999/", "not a url" }) do
				assert.is_nil(pool.request("POST", url, {}, "", function () error("called") end, nil), url);
			end
			assert.equal(0, #net.attempts);
		end);

		it("hands over the answer: code, body, lower-case headers", function ()
			local pool, net = new();
			local outcome = send(pool, URL, "x");
			net.conns[1]:receive(answer(201, "created", { ["X-Thing"] = "y" }));
			assert.equal(1, outcome.calls);
			assert.equal(201, outcome.answer.code);
			assert.equal("created", outcome.answer.body);
			assert.equal("y", outcome.answer.headers["x-thing"]);
		end);

		it("takes an answer split across packets, and skips a 100 Continue", function ()
			local pool, net = new();
			local outcome = send(pool, URL, "x");
			local text = "HTTP/1.1 100 Continue\r\n\r\n" .. answer(200, "hello");
			for i = 1, #text, 7 do net.conns[1]:receive(text:sub(i, i + 6)); end
			assert.equal(200, outcome.answer.code);
			assert.equal("hello", outcome.answer.body);
		end);

		it("follows no redirect: a 3xx is the answer", function ()
			local pool, net = new();
			local outcome = send(pool, URL, "x");
			net.conns[1]:receive(answer(302, "", { Location = "http://elsewhere.example/" }));
			assert.equal(302, outcome.answer.code);
			assert.equal(1, #net.attempts);
		end);
	end);

	describe("reuse", function ()
		it("sends the next request on the same connection", function ()
			local pool, net = new();
			local first = send(pool, URL, "1");
			net.conns[1]:sent();
			net.conns[1]:receive(OK);
			local second = send(pool, URL, "2");
			assert.equal(1, #net.conns);
			assert.truthy(net.conns[1]:sent():find("\r\n\r\n2$"));
			net.conns[1]:receive(OK);
			assert.equal("ok", first.answer.body);
			assert.equal("ok", second.answer.body);
			assert.same({ 1, 1 }, { pool.connections() });
		end);

		it("keeps one set of connections per origin", function ()
			local pool, net = new();
			send(pool, "http://a.example/x", "1");
			net.conns[1]:receive(OK);
			send(pool, "http://b.example/x", "2");
			send(pool, "http://A.example:80/y", "3");
			assert.equal(2, #net.conns);
			assert.equal("b.example", net.conns[2].host);
			assert.truthy(net.conns[1]:sent():find("\r\n\r\n3$"));
		end);

		it("opens at most maxConnections per origin; the others wait, served in order", function ()
			local pool, net = new({ maxConnections = 2 });
			local outcomes = {};
			for i = 1, 5 do outcomes[i] = send(pool, URL, tostring(i)); end
			assert.equal(2, #net.conns);
			assert.truthy(net.conns[1]:sent():find("\r\n\r\n1$"));
			assert.truthy(net.conns[2]:sent():find("\r\n\r\n2$"));
			net.conns[2]:receive(OK);
			assert.truthy(net.conns[2]:sent():find("\r\n\r\n3$"));
			net.conns[1]:receive(OK);
			assert.truthy(net.conns[1]:sent():find("\r\n\r\n4$"));
			net.conns[1]:receive(OK);
			assert.truthy(net.conns[1]:sent():find("\r\n\r\n5$"));
			net.conns[2]:receive(OK);
			net.conns[1]:receive(OK);
			for i = 1, 5 do assert.equal(1, outcomes[i].calls, i); end
			assert.equal(2, #net.conns);
		end);

		it("closes a connection idle for idleTimeout seconds, then opens a new one", function ()
			local pool, net, m = new({ idleTimeout = 5 });
			send(pool, URL, "1");
			net.conns[1]:receive(OK);
			m.advance(4);
			assert.is_false(net.conns[1].closed);
			m.advance(1);
			assert.is_true(net.conns[1].closed);
			assert.same({ 0, 0 }, { pool.connections() });
			send(pool, URL, "2");
			assert.equal(2, #net.conns);
		end);

		it("forgets an idle connection the server closed", function ()
			local pool, net = new();
			send(pool, URL, "1");
			net.conns[1]:receive(OK);
			net.conns[1]:hang_up();
			assert.same({ 0, 0 }, { pool.connections() });
			send(pool, URL, "2");
			assert.equal(2, #net.conns);
		end);

		it("closes an idle connection that receives bytes nobody asked for", function ()
			local pool, net = new();
			send(pool, URL, "1");
			net.conns[1]:receive(OK);
			net.conns[1]:receive("HTTP/1.1 200 OK\r\n");
			assert.is_true(net.conns[1].closed);
			assert.same({ 0, 0 }, { pool.connections() });
		end);
	end);

	describe("writes straight to the socket on a drained connection", function ()
		-- A connection whose first request net.server sent (ondrain), now idle.
		local function drained(settings)
			local pool, net = new(settings);
			send(pool, URL, "1");
			local conn = net.conns[1];
			conn:drain();
			conn:receive(OK);
			conn:sent();
			return pool, net, conn;
		end

		it("not before net.server sent the first request: through the connection's buffer", function ()
			local pool, net = new();
			send(pool, URL, "1");
			net.conns[1]:receive(OK);
			send(pool, URL, "2");
			assert.equal(0, net.conns[1].direct);
			assert.truthy(net.conns[1]:sent():find("\r\n\r\n2$"));
		end);

		it("the whole request when the socket takes it, and again for the next", function ()
			local pool, _, conn = drained();
			local second = send(pool, URL, "2");
			assert.equal(1, conn.direct);
			assert.truthy(conn:sent():find("^POST .*\r\n\r\n2$"));
			conn:receive(OK);
			send(pool, URL, "3");
			assert.equal(2, conn.direct);
			assert.truthy(conn:sent():find("\r\n\r\n3$"));
			assert.equal("ok", second.answer.body);
		end);

		it("the rest through the buffer when the socket takes part; the buffer until it drains again", function ()
			local pool, _, conn = drained();
			conn.send_limit = 10;
			send(pool, URL, "2");
			local before = conn.read_upto;
			local data = conn:sent();
			assert.same({ 10, #data - 10 }, { #conn.written[before + 1], #conn.written[before + 2] });
			assert.truthy(data:find("^POST /hook%?x=1 HTTP/1%.1\r\n.*\r\n\r\n2$"));
			conn.send_limit = nil;
			conn:receive(OK);
			send(pool, URL, "3");
			assert.equal(1, conn.direct);
			assert.truthy(conn:sent():find("\r\n\r\n3$"));
			conn:drain();
			conn:receive(OK);
			send(pool, URL, "4");
			assert.equal(2, conn.direct);
		end);

		it("everything through the buffer on a socket error; the close then takes the usual way (sent once more)", function ()
			local pool, net, conn = drained();
			conn.send_error = "closed";
			local second = send(pool, URL, "2");
			assert.equal(1, conn.direct);
			local data = conn:sent();
			assert.truthy(data:find("^POST .*\r\n\r\n2$"));
			assert.equal(0, second.calls);
			conn:hang_up();
			assert.equal(2, #net.conns);
			assert.equal(data, net.conns[2]:sent());
			net.conns[2]:receive(OK);
			assert.equal("ok", second.answer.body);
		end);
	end);

	describe("answers that end the connection", function ()
		local function closes_after(text, body)
			local pool, net = new();
			local outcome = send(pool, URL, "1");
			net.conns[1]:receive(text);
			assert.equal(body, outcome.answer and outcome.answer.body);
			assert.is_true(net.conns[1].closed);
			send(pool, URL, "2");
			assert.equal(2, #net.conns);
		end

		it("Connection: close", function ()
			closes_after(answer(200, "bye", { Connection = "close" }), "bye");
			closes_after(answer(200, "bye", { Connection = "Upgrade, Close" }), "bye");
		end);

		it("HTTP/1.0 without keep-alive", function ()
			closes_after(answer(200, "old", {}, "1.0"), "old");
		end);

		it("keeps HTTP/1.0 with Connection: keep-alive", function ()
			local pool, net = new();
			send(pool, URL, "1");
			net.conns[1]:receive(answer(200, "old", { Connection = "keep-alive" }, "1.0"));
			assert.is_false(net.conns[1].closed);
		end);

		it("an answer delimited by the close: the whole body, connection not reused", function ()
			local pool, net = new();
			local outcome = send(pool, URL, "1");
			net.conns[1]:receive("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\npart one, ");
			net.conns[1]:receive("part two");
			assert.equal(0, outcome.calls);
			net.conns[1]:hang_up();
			assert.equal(1, outcome.calls);
			assert.equal("part one, part two", outcome.answer.body);
			send(pool, URL, "2");
			assert.equal(2, #net.conns);
		end);

		it("a chunked answer: assembled, connection kept", function ()
			local pool, net = new();
			local outcome = send(pool, URL, "1");
			net.conns[1]:receive("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
			net.conns[1]:receive("6\r\n world\r\n0\r\n\r\n");
			assert.equal("hello world", outcome.answer.body);
			assert.is_false(net.conns[1].closed);
			send(pool, URL, "2");
			assert.equal(1, #net.conns);
		end);

		it("a chunked answer cut before its last chunk fails", function ()
			local pool, net = new();
			local outcome = send(pool, URL, "1");
			net.conns[1]:receive("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
			net.conns[1]:hang_up();
			assert.is_nil(outcome.answer);
			assert.equal("answer cut short", outcome.failure);
		end);

		it("a Content-Length answer cut short fails", function ()
			local pool, net = new();
			local outcome = send(pool, URL, "1");
			net.conns[1]:receive("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
			net.conns[1]:hang_up();
			assert.is_nil(outcome.answer);
			assert.is_string(outcome.failure);
			assert.equal(1, outcome.calls);
		end);
	end);

	describe("parsers of closed connections (a connection per request)", function ()
		-- A pool without reuse, counting the parsers it makes.
		local function counted()
			local pool, net, m = new({ reuse = false, maxConnections = 4, maxBody = 10000 });
			local made = 0;
			local real = net.libs.newParser;
			net.libs.newParser = function (...) made = made + 1; return real(...); end
			return pool, net, function () return made; end, m;
		end
		local function chunked(body)
			return ("%x\r\n%s\r\n0\r\n\r\n"):format(#body, body);
		end

		it("reads with the parser of the last connection that ended clean, packets split anywhere", function ()
			local pool, net, made = counted();
			local first = send(pool, URL, "1");
			net.conns[1]:receive(answer(200, "one"));
			local second = send(pool, URL, "2");
			local text = answer(201, "two", { ["X-N"] = "2" });
			for i = 1, #text, 3 do net.conns[2]:receive(text:sub(i, i + 2)); end
			local third = send(pool, URL, "3");
			net.conns[3]:receive(answer(204, ""));
			assert.equal("one", first.answer.body);
			assert.same({ 201, "two", "2" }, { second.answer.code, second.answer.body, second.answer.headers["x-n"] });
			assert.equal(204, third.answer.code);
			assert.equal(3, #net.conns);
			assert.equal(1, made());
		end);

		local unclean = {
			{ "bytes after the answer", answer(200, "one") .. "HTTP/1.1 2" },
			{ "a second answer", answer(200, "one") .. answer(200, "two") },
			{ "a chunked body", answer(200, chunked("one"), { ["Transfer-Encoding"] = "chunked" }) },
			{ "an interim answer first", "HTTP/1.1 100 Continue\r\n\r\n" .. answer(200, "one") },
			{ "a body over 4096 bytes", answer(200, ("x"):rep(4097)) },
		};
		for _, case in ipairs(unclean) do
			it("makes a new parser after " .. case[1], function ()
				local pool, net, made = counted();
				send(pool, URL, "1");
				net.conns[1]:receive(case[2]);
				local second = send(pool, URL, "2");
				net.conns[2]:receive(answer(200, "two"));
				assert.equal("two", second.answer.body);
				assert.equal(2, made());
			end);
		end

		it("keeps as many spare parsers as connections per origin, and none once idle for the idle timeout", function ()
			local pool, net, made, m = counted();
			local outcomes = {};
			for i = 1, 6 do outcomes[i] = send(pool, URL, tostring(i)); end
			for i = 1, 4 do net.conns[i]:receive(answer(200, "a" .. i)); end -- 4 parsers back; 2 waiting requests take 2
			net.conns[5]:receive(answer(200, "a5"));
			net.conns[6]:receive(answer(200, "a6"));
			assert.equal("a6", outcomes[6].answer.body);
			assert.equal(4, made());
			for i = 1, 4 do outcomes[i] = send(pool, URL, tostring(i)); end
			assert.equal(4, made());
			for i = 7, 10 do net.conns[i]:receive(answer(200, "b")); end
			m.advance(29);
			send(pool, URL, "kept");
			assert.equal(4, made());
			net.conns[11]:receive(answer(200, "c"));
			m.advance(30);
			send(pool, URL, "after");
			assert.equal(5, made());
		end);

		it("makes a new parser after an answer delimited by the close or a failure", function ()
			local pool, net, made = counted();
			send(pool, URL, "1");
			net.conns[1]:receive("HTTP/1.1 200 OK\r\n\r\nuntil the end");
			net.conns[1]:hang_up();
			send(pool, URL, "2");
			net.conns[2]:receive("garbage\r\n\r\n");
			local third = send(pool, URL, "3");
			net.conns[3]:receive(answer(200, "three"));
			assert.equal("three", third.answer.body);
			assert.equal(3, made());
		end);

		it("never lets one answer's bytes reach the next request (random answers, splits and trailing bytes)", function ()
			local seed = tonumber(os.getenv("SPEC_SEED") or "") or os.time();
			math.randomseed(seed);
			local pool, net = counted();
			for i = 1, 400 do
				local body = ("b%d-"):format(i) .. ("x"):rep(math.random(0, 40));
				local text;
				local shape = math.random(4);
				if shape == 1 then
					text = answer(200, chunked(body), { ["Transfer-Encoding"] = "chunked" });
				elseif shape == 2 then
					text = "HTTP/1.1 100 Continue\r\n\r\n" .. answer(200, body);
				else
					text = answer(200, body);
				end
				if math.random(4) == 1 then
					text = text .. ("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nzz"):sub(1, math.random(1, 40));
				end
				local outcome = send(pool, URL, tostring(i));
				local conn = net.conns[#net.conns];
				local at = 1;
				while at <= #text and not conn.closed do -- Bytes after the answer's packet go nowhere: the client closed.
					local size = math.random(1, 30);
					conn:receive(text:sub(at, at + size - 1));
					at = at + size;
				end
				assert.equal(body, outcome.answer and outcome.answer.body, "seed " .. seed .. ", request " .. i);
			end
		end);
	end);

	describe("body limit", function ()
		local function too_large(...)
			local pool, net = new({ maxBody = 10 });
			local outcome = send(pool, URL, "1");
			for _, part in ipairs({ ... }) do
				if not net.conns[1].closed then net.conns[1]:receive(part); end
			end
			assert.equal("too-large", outcome.failure);
			assert.equal(1, outcome.calls);
			assert.is_true(net.conns[1].closed);
			assert.same({ 0, 0 }, { pool.connections() });
		end

		it("announced by Content-Length", function ()
			too_large("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n");
		end);
		it("chunked", function ()
			too_large("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n", "8\r\n12345678\r\n0\r\n\r\n");
		end);
		it("delimited by the close", function ()
			too_large("HTTP/1.1 200 OK\r\n\r\n12345678", "12345678");
		end);

		it("announced by Content-Length, arriving with the head in one read larger than the parser buffers", function ()
			too_large("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" .. ("z"):rep(100000));
		end);

		it("accepts exactly maxBody bytes", function ()
			local pool, net = new({ maxBody = 10 });
			local outcome = send(pool, URL, "1");
			net.conns[1]:receive(answer(200, "1234567890"));
			assert.equal("1234567890", outcome.answer.body);
		end);
	end);

	describe("cancel", function ()
		it("a waiting request is never sent nor called back", function ()
			local pool, net = new({ maxConnections = 1 });
			send(pool, URL, "1");
			local waiting = send(pool, URL, "2");
			local third = send(pool, URL, "3");
			pool.cancel(waiting.request);
			net.conns[1]:sent();
			net.conns[1]:receive(OK);
			assert.truthy(net.conns[1]:sent():find("\r\n\r\n3$"));
			assert.equal(0, waiting.calls);
			net.conns[1]:receive(OK);
			assert.equal(1, third.calls);
		end);

		it("a request in flight closes its connection; the next waiting one gets a new connection", function ()
			local pool, net = new({ maxConnections = 1 });
			local first = send(pool, URL, "1");
			local second = send(pool, URL, "2");
			pool.cancel(first.request);
			assert.is_true(net.conns[1].closed);
			assert.equal(2, #net.conns);
			assert.truthy(net.conns[2]:sent():find("\r\n\r\n2$"));
			net.conns[2]:receive(OK);
			assert.equal(0, first.calls);
			assert.equal(1, second.calls);
		end);

		it("a request whose connection is still opening: the connection becomes idle when it opens", function ()
			local pool, net = new();
			net.manual = true;
			local first = send(pool, URL, "1");
			pool.cancel(first.request);
			local conn = net.attempts[1]:accept();
			assert.equal("", conn:sent());
			assert.same({ 1, 1 }, { pool.connections() });
			assert.equal(0, first.calls);
		end);
	end);

	describe("retry", function ()
		it("sends once more, on a new connection, a request whose reused connection closed before any byte", function ()
			local pool, net = new();
			send(pool, URL, "1");
			net.conns[1]:receive(OK);
			net.conns[1]:sent();
			local second = send(pool, URL, "2");
			local data = net.conns[1]:sent();
			net.conns[1]:hang_up();
			assert.equal(0, second.calls);
			assert.equal(2, #net.conns);
			assert.equal(data, net.conns[2]:sent());
			net.conns[2]:receive(OK);
			assert.equal(1, second.calls);
			assert.equal("ok", second.answer.body);
		end);

		it("only once: the new connection closing too fails the request", function ()
			local pool, net = new();
			send(pool, URL, "1");
			net.conns[1]:receive(OK);
			local second = send(pool, URL, "2");
			net.conns[1]:hang_up();
			net.conns[2]:hang_up("connection reset");
			assert.equal(1, second.calls);
			assert.equal("connection reset", second.failure);
			assert.equal(2, #net.conns);
		end);

		it("not on a new connection", function ()
			local pool, net = new();
			local outcome = send(pool, URL, "1");
			net.conns[1]:hang_up();
			assert.equal("connection closed", outcome.failure);
			assert.equal(1, #net.conns);
		end);

		it("not once a byte of the answer arrived", function ()
			local pool, net = new();
			send(pool, URL, "1");
			net.conns[1]:receive(OK);
			local second = send(pool, URL, "2");
			net.conns[1]:receive("HTTP/1.1 2");
			net.conns[1]:hang_up();
			assert.equal(1, second.calls);
			assert.is_nil(second.answer);
			assert.equal(1, #net.conns);
		end);

		it("not when the connection could not be made", function ()
			local pool, net = new();
			net.manual = true;
			local outcome = send(pool, URL, "1");
			net.attempts[1]:refuse("connection refused");
			assert.equal("connection refused", outcome.failure);
			assert.equal(1, #net.attempts);
			assert.same({ 0, 0 }, { pool.connections() });
		end);
	end);

	describe("garbage answers fail the request cleanly and close the connection", function ()
		local function garbage(parts, close)
			local pool, net = new();
			local outcome = send(pool, URL, "1");
			for _, part in ipairs(parts) do
				if not net.conns[1].closed then net.conns[1]:receive(part); end
			end
			if close then net.conns[1]:hang_up(); end
			assert.equal(1, outcome.calls);
			assert.is_nil(outcome.answer);
			assert.is_string(outcome.failure);
			assert.is_true(net.conns[1].closed);
			assert.same({ 0, 0 }, { pool.connections() });
			return outcome.failure;
		end

		it("an invalid status line", function ()
			assert.equal("invalid-status-line", garbage({ "HTTP/2 200 OK\r\n\r\n" }));
			assert.equal("invalid-status-line", garbage({ "SSH-2.0-OpenSSH\r\n\r\n" }));
		end);
		it("an invalid header line", function ()
			assert.equal("invalid-header-line", garbage({ "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n" }));
		end);
		it("a chunk size that is not hex, then the close", function ()
			garbage({ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n" }, true);
		end);
		it("a huge chunk size, then the close", function ()
			assert.equal("answer cut short", garbage({ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffff\r\n", ("x"):rep(300) }, true));
		end);
		it("a huge chunk size, then more bytes than the parser buffers", function ()
			assert.equal("too-large",
				garbage({ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffff\r\n", ("x"):rep(70000) }));
		end);
		it("a head that never ends", function ()
			local parts = { "HTTP/1.1 200 OK\r\n" };
			for i = 1, 12 do parts[#parts + 1] = ("X-Filler-%d: %s\r\n"):format(i, ("y"):rep(1000)); end
			assert.equal("header-too-large", garbage(parts));
		end);
		it("two answers to one request", function ()
			local pool, net = new();
			local outcome = send(pool, URL, "1");
			net.conns[1]:receive(OK .. OK);
			assert.equal(1, outcome.calls);
			assert.equal("ok", outcome.answer.body);
			assert.is_true(net.conns[1].closed);
		end);
	end);

	describe("https", function ()
		local HTTPS = "https://secure.example/hook";

		it("uses net.http's default TLS context and the host name for SNI", function ()
			local pool, net = new();
			local outcome = send(pool, HTTPS, "1");
			assert.equal("default-tls-context", net.attempts[1].options.sslctx);
			assert.equal("secure.example", net.attempts[1].resolver.extra.servername);
			assert.equal(443, net.attempts[1].resolver.port);
			net.conns[1]:receive(OK);
			assert.equal("ok", outcome.answer.body);
		end);

		it("uses the caller's TLS context when given; none for http", function ()
			local pool, net = new({ tlsContext = "custom" });
			send(pool, HTTPS, "1");
			send(pool, URL, "2");
			assert.equal("custom", net.attempts[1].options.sslctx);
			assert.is_nil(net.attempts[2].options.sslctx);
		end);

		it("refuses a certificate chain that does not verify", function ()
			local pool, net = new();
			net.tls = { chain_valid = false };
			local outcome = send(pool, HTTPS, "1");
			assert.equal("certificate-chain-invalid", outcome.failure);
			assert.is_true(net.conns[1].closed);
			assert.equal("", net.conns[1]:sent());
		end);

		it("refuses a certificate for another name", function ()
			local pool, net = new();
			net.tls = { certificate = { host = "other.example" } };
			local outcome = send(pool, HTTPS, "1");
			assert.equal("certificate-verify-failed", outcome.failure);
			assert.equal("", net.conns[1]:sent());
		end);
	end);

	describe("IPv4 addresses: net.server's addclient, without a resolver", function ()
		local ADDRESS = "http://127.0.0.1:8080/hook";

		it("connects to the address directly, with net.connect's read pattern, and reuses the connection", function ()
			local pool, net = new();
			local first = send(pool, ADDRESS, "1");
			local attempt = net.attempts[1];
			assert.is_true(attempt.direct);
			assert.same({ "127.0.0.1", 8080, "*a" }, { attempt.resolver.hostname, attempt.resolver.port, attempt.options.pattern });
			assert.truthy(net.conns[1]:sent():find("\r\nHost: 127.0.0.1:8080\r\n", 1, true));
			net.conns[1]:receive(OK);
			assert.equal("ok", first.answer.body);
			local second = send(pool, ADDRESS, "2");
			net.conns[1]:receive(OK);
			assert.equal("ok", second.answer.body);
			assert.equal(1, #net.attempts);
		end);

		it("sends the request when the connection is made after addclient returned", function ()
			local pool, net = new();
			net.manual = true;
			local outcome = send(pool, ADDRESS, "1");
			assert.equal(0, #net.conns);
			local conn = net.attempts[1]:accept();
			assert.truthy(conn:sent():find("^POST /hook HTTP/1%.1\r\n"));
			conn:receive(OK);
			assert.equal("ok", outcome.answer.body);
		end);

		it("resolves names and anything that is not a dotted IPv4 address through net.connect", function ()
			local pool, net = new();
			for i, url in ipairs({ "http://hook.example/", "http://256.1.1.1/", "http://1.2.3/", "http://1.2.3.4.5/", "http://0x7f.0.0.1/" }) do
				send(pool, url, "1");
				assert.is_nil(net.attempts[i].direct, url);
			end
		end);

		it("fails the request when the connection is refused, and the next request tries again", function ()
			local pool, net = new({ maxConnections = 1 });
			net.manual = true;
			local first = send(pool, ADDRESS, "1");
			local second = send(pool, ADDRESS, "2");
			net.attempts[1]:refuse("connection refused");
			assert.same({ 1, "connection refused" }, { first.calls, first.failure });
			assert.equal(0, second.calls);
			assert.equal(2, #net.attempts);
			net.attempts[2]:accept():receive(OK);
			assert.equal("ok", second.answer.body);
			assert.same({ 1, 1 }, { pool.connections() });
		end);

		it("fails a request whose socket cannot be made after a timer turn, not from inside request", function ()
			local pool, net, m = new();
			net.addclient_error = "too many open files";
			local outcome = send(pool, ADDRESS, "1");
			assert.equal(0, outcome.calls);
			m.flush();
			assert.same({ 1, "too many open files" }, { outcome.calls, outcome.failure });
			assert.same({ 0, 0 }, { pool.connections() });
		end);

		it("over https, passes the TLS context and the address as server name, and checks the certificate for it", function ()
			local pool, net = new();
			local ok = send(pool, "https://127.0.0.1/hook", "1");
			assert.same({ "default-tls-context", "127.0.0.1", 443 },
				{ net.attempts[1].options.sslctx, net.attempts[1].resolver.extra.servername, net.attempts[1].resolver.port });
			net.conns[1]:receive(OK);
			assert.equal("ok", ok.answer.body);
			net.tls = { certificate = { host = "other.example" } };
			local refused = send(pool, "https://127.0.0.2/hook", "1");
			assert.equal("certificate-verify-failed", refused.failure);
		end);

		it("keeps a connection made for a request cancelled meanwhile, idle", function ()
			local pool, net = new();
			net.manual = true;
			local outcome = send(pool, ADDRESS, "1");
			pool.cancel(outcome.request);
			net.attempts[1]:accept();
			assert.same({ 1, 1 }, { pool.connections() });
			assert.equal(0, outcome.calls);
			assert.equal("", net.conns[1]:sent());
		end);
	end);

	describe("host names: later connections go to the address the last resolved one reached", function ()
		-- Without reuse, every request opens a connection.
		local function answered(pool, net, url)
			local outcome = send(pool, url or URL, "1");
			net.conns[#net.conns]:receive(OK);
			assert.equal("ok", outcome.answer.body);
			return net.attempts[#net.attempts];
		end

		it("for ADDRESS_TTL (60 s): addclient to that address, with the name for SNI and the Host header", function ()
			local pool, net, m = new({ reuse = false });
			assert.is_nil(answered(pool, net).direct);
			m.advance(59);
			local attempt = answered(pool, net);
			assert.is_true(attempt.direct);
			assert.same({ "192.0.2.7", 8080, "hook.example" }, { attempt.resolver.hostname, attempt.resolver.port, attempt.resolver.extra.servername });
			assert.truthy(net.conns[2]:sent():find("\r\nHost: hook.example:8080\r\n", 1, true));
			m.advance(1);
			assert.is_nil(answered(pool, net).direct); -- Resolved again,
			assert.is_true(answered(pool, net).direct); -- and remembered again.
		end);

		it("one address per origin", function ()
			local pool, net = new({ reuse = false });
			answered(pool, net);
			net.resolves_to = "192.0.2.8";
			assert.is_nil(answered(pool, net, "http://other.example/").direct);
			assert.equal("192.0.2.7", answered(pool, net).resolver.hostname);
			assert.equal("192.0.2.8", answered(pool, net, "http://other.example/").resolver.hostname);
		end);

		it("the address refusing: the same request, not sent yet, through the resolver; the address forgotten until it connects again", function ()
			local pool, net = new({ reuse = false });
			answered(pool, net);
			net.manual = true;
			net.resolves_to = "192.0.2.9";
			local outcome = send(pool, URL, "again");
			assert.is_true(net.attempts[2].direct);
			net.attempts[2]:refuse("connection refused");
			assert.equal(0, outcome.calls);
			assert.is_nil(net.attempts[3].direct);
			local conn = net.attempts[3]:accept();
			local sent = conn:sent();
			assert.truthy(sent:find("\r\n\r\nagain$"));
			conn:receive(OK);
			assert.same({ 1, "ok" }, { outcome.calls, outcome.answer.body });
			net.manual = false;
			assert.equal("192.0.2.9", answered(pool, net).resolver.hostname);
			assert.same({ 0, 0 }, { pool.connections() });
		end);

		it("the name not resolving either: the request fails once", function ()
			local pool, net = new({ reuse = false });
			answered(pool, net);
			net.manual = true;
			local outcome = send(pool, URL, "1");
			net.attempts[2]:refuse("connection refused");
			net.attempts[3]:refuse("unable to resolve service");
			assert.same({ 1, "unable to resolve service" }, { outcome.calls, outcome.failure });
			assert.equal(3, #net.attempts);
			assert.same({ 0, 0 }, { pool.connections() });
		end);

		it("no socket for the address: resolved again after a timer turn", function ()
			local pool, net, m = new({ reuse = false });
			answered(pool, net);
			net.addclient_error = "too many open files";
			local outcome = send(pool, URL, "1");
			assert.equal(1, #net.attempts);
			m.flush();
			assert.equal(2, #net.attempts);
			assert.is_nil(net.attempts[2].direct);
			net.conns[2]:receive(OK);
			assert.same({ 1, "ok" }, { outcome.calls, outcome.answer.body });
		end);

		it("https: the certificate checked for the name; a refused one fails the request, not resolved again", function ()
			local pool, net = new({ reuse = false });
			answered(pool, net, "https://secure.example/hook");
			assert.is_true(answered(pool, net, "https://secure.example/hook").direct);
			net.tls = { certificate = { host = "other.example" } };
			local refused = send(pool, "https://secure.example/hook", "1");
			assert.same({ 1, "certificate-verify-failed" }, { refused.calls, refused.failure });
			assert.equal(3, #net.attempts);
		end);

		it("not with DANE: every connection resolves the name (and looks up its records)", function ()
			local pool, net = new({ reuse = false });
			net.libs.http.default.options.use_dane = true;
			for _ = 1, 3 do
				local attempt = answered(pool, net, "https://secure.example/hook");
				assert.is_nil(attempt.direct);
				assert.is_true(attempt.resolver.extra.use_dane);
			end
			answered(pool, net);
			assert.is_true(answered(pool, net).direct); -- http: no DANE.
		end);
	end);

	describe("close", function ()
		it("closes idle connections, fails waiting and later requests, lets one in flight finish and then closes its connection", function ()
			local pool, net = new({ maxConnections = 1 });
			local idle = send(pool, "http://other.example/", "0");
			net.conns[1]:receive(OK);
			local first, second = send(pool, URL, "1"), send(pool, URL, "2");
			pool.close();
			assert.is_true(net.conns[1].closed);
			assert.equal(1, idle.calls);
			assert.is_nil(first.failure);
			assert.equal("closed", second.failure);
			assert.is_false(net.conns[2].closed);
			net.conns[2]:receive(OK);
			assert.equal("ok", first.answer.body);
			assert.is_true(net.conns[2].closed);
			assert.same({ 0, 0 }, { pool.connections() });
			local later = send(pool, URL, "3");
			assert.equal("closed", later.failure);
			assert.equal(2, #net.conns);
		end);

		it("lets a connection opening for a request finish it, and closes one opening without", function ()
			local pool, net = new({ maxConnections = 2 });
			net.manual = true;
			local outcome = send(pool, URL, "1");
			local cancelled = send(pool, URL, "2");
			pool.cancel(cancelled.request);
			pool.close();
			local conn = net.attempts[1]:accept();
			assert.truthy(conn:sent():find("\r\n\r\n1$"));
			conn:receive(OK);
			assert.equal("ok", outcome.answer.body);
			assert.is_true(conn.closed);
			local spare = net.attempts[2]:accept();
			assert.is_true(spare.closed);
			assert.equal("", spare:sent());
		end);
	end);
end);
