-- A fake of Prosody's connection layer for specs of src/lib/http_pool.ts:
-- net.server's addclient, net.connect, net.resolvers.basic, util.x509 and net.http's default TLS
-- context, as the pool's `ClientLibs` (src/lib/http_client_libs.ts) or as
-- `requires` for support.lib. The HTTP parser is Prosody's real one.
--
--   local fake_net = require "fake_net"
--   local net = fake_net.new()
--   pool = pool_lib.newPool(settings, net.libs)
--   local conn = net.conns[1]          -- connections, in the order they were opened
--   conn:sent()                        -- what the client wrote since the last call
--   conn:receive("HTTP/1.1 200 OK\r\n...")  -- bytes from the server (onincoming)
--   conn:hang_up()                     -- the server closes it (ondisconnect)
--   conn:drain()                       -- net.server sent what was written (ondrain)
--
-- Facts copied from Prosody 0.12 (net/connect.lua, net/server_epoll.lua):
--  * connect() returns nothing; when connected the listeners are attached
--    with the caller's data (onattach(conn, data)) and onconnect(conn)
--    follows; when no target can be reached, listeners.onfail(data, reason);
--  * addclient(address, port, listeners, ...) returns the connection at once;
--    onconnect(conn) follows when connected (no onattach), ondisconnect(conn,
--    reason) when the attempt fails;
--  * conn:close() calls ondisconnect(conn) at once (nothing left to write),
--    and later writes and closes do nothing.
-- A name resolves to `net.resolves_to` (conn:ip()).
-- With `net.manual = true` connection attempts wait in `net.attempts` for
-- attempt:accept() or attempt:refuse(reason); otherwise they connect at once.

local parser = require "net.http.parser";

local fake_net = {};

local conn_methods = {};
local conn_mt = { __index = conn_methods };

function conn_methods:write(data)
	if self.closed then return nil; end
	self.written[#self.written + 1] = data;
	return true;
end

function conn_methods:close()
	if self.closed then return; end
	self.closed = true;
	self.closed_by = "client";
	if self.listeners.ondisconnect then self.listeners.ondisconnect(self, nil); end
end

function conn_methods:ssl() return self.tls; end

-- The socket: certificate checks, and send() as LuaSocket's on a non-blocking socket.
-- `conn.send_limit` (bytes it takes per call, nil: all) and `conn.send_error`
-- (then nothing is taken) shape its answers; `conn.direct` counts its calls.
function conn_methods:socket()
	local conn = self;
	return {
		getpeerverification = function () return conn.chain_valid, nil; end;
		getpeercertificate = function () return conn.certificate; end;
		send = function (_, data)
			conn.direct = conn.direct + 1;
			if conn.send_error or conn.closed then return nil, conn.send_error or "closed", 0; end
			local taken = math.min(#data, conn.send_limit or #data);
			conn.written[#conn.written + 1] = data:sub(1, taken);
			if taken < #data then return nil, "timeout", taken; end
			return #data;
		end;
	};
end

--- net.server emptied the write buffer (ondrain).
function conn_methods:drain()
	if self.listeners.ondrain then self.listeners.ondrain(self); end
end

--- The peer's address: the one given to addclient, or what a name resolved to (`net.resolves_to`).
function conn_methods:ip() return self.address; end

--- Everything the client wrote since the last call, as one string.
function conn_methods:sent()
	local text = table.concat(self.written, "", (self.read_upto or 0) + 1);
	self.read_upto = #self.written;
	return text;
end

--- Bytes from the server.
function conn_methods:receive(data)
	assert(not self.closed, "receive on a closed connection");
	self.listeners.onincoming(self, data);
end

--- The server closes the connection.
function conn_methods:hang_up(reason)
	if self.closed then return; end
	self.closed = true;
	self.closed_by = "server";
	self.listeners.ondisconnect(self, reason);
end

local attempt_methods = {};
local attempt_mt = { __index = attempt_methods };

local function new_conn(attempt, tls)
	local target = attempt.resolver;
	-- The server's certificate names the host asked for (SNI), whatever address was dialled.
	local name = target.extra and target.extra.servername or target.hostname;
	local conn = setmetatable({
		written = {}, direct = 0, closed = false, listeners = attempt.listeners, attempt = attempt,
		tls = attempt.options and attempt.options.sslctx ~= nil or false,
		chain_valid = true, certificate = { host = name },
		host = target.hostname, port = target.port,
		address = attempt.direct and target.hostname or attempt.net.resolves_to,
	}, conn_mt);
	for k, v in pairs(tls or attempt.net.tls or {}) do conn[k] = v; end
	return conn;
end

--- Connect: attach the listeners with the caller's data, then onconnect
--- (a direct attempt: its connection exists already; onconnect only).
function attempt_methods:accept(tls)
	local net = self.net;
	local conn = self.conn or new_conn(self, tls);
	if self.conn and tls then
		for k, v in pairs(tls) do conn[k] = v; end
	end
	net.conns[#net.conns + 1] = conn;
	self.conn = conn;
	if not self.direct and self.listeners.onattach then self.listeners.onattach(conn, self.data); end
	if not conn.closed then self.listeners.onconnect(conn); end
	return conn;
end

--- No target could be reached (a direct attempt: its connection closes).
function attempt_methods:refuse(reason)
	if self.direct then
		self.conn.closed = true;
		self.listeners.ondisconnect(self.conn, reason or "connection refused");
		return;
	end
	self.listeners.onfail(self.data, reason or "connection refused");
end

--- A new fake. `net.libs` is what newPool takes; `net.requires` the same
--- libraries by name, for support.lib's `requires`.
function fake_net.new()
	local net = { conns = {}, attempts = {}, manual = false, default_sslctx = "default-tls-context", resolves_to = "192.0.2.7" };

	local resolver = {
		new = function (hostname, port, conn_type, extra)
			return { hostname = hostname, port = port, conn_type = conn_type, extra = extra };
		end;
	};
	local connect = {
		connect = function (target, listeners, options, data)
			local attempt = setmetatable({ net = net, resolver = target, listeners = listeners, options = options, data = data }, attempt_mt);
			net.attempts[#net.attempts + 1] = attempt;
			if not net.manual then attempt:accept(); end
		end;
	};
	-- net.server's addclient: an address, no resolver; the connection is returned at once and
	-- onconnect follows (at once unless `net.manual`); `net.addclient_error` makes it fail outright.
	local server = {
		addclient = function (address, port, listeners, read_size, sslctx, socket_type, extra)
			if net.addclient_error then return nil, net.addclient_error; end
			local attempt = setmetatable({
				net = net, direct = true, listeners = listeners, options = { sslctx = sslctx, pattern = read_size },
				resolver = { hostname = address, port = port, conn_type = socket_type, extra = extra },
			}, attempt_mt);
			attempt.conn = new_conn(attempt);
			net.attempts[#net.attempts + 1] = attempt;
			if not net.manual then attempt:accept(); end
			return attempt.conn;
		end;
	};
	local x509 = {
		verify_identity = function (host, service, cert)
			assert(service == false, "https names are checked without a service");
			return cert.host == host;
		end;
	};
	local http = { default = { options = { sslctx = net.default_sslctx } } };

	net.libs = {
		connect = connect.connect,
		addclient = server.addclient,
		newResolver = resolver.new,
		newParser = parser.new,
		verifyIdentity = x509.verify_identity,
		http = http,
	};
	net.requires = {
		["net.server"] = server,
		["net.connect"] = connect,
		["net.resolvers.basic"] = resolver,
		["net.http.parser"] = parser,
		["util.x509"] = x509,
	};

	--- Connections not closed.
	function net.open()
		local list = {};
		for _, conn in ipairs(net.conns) do
			if not conn.closed then list[#list + 1] = conn; end
		end
		return list;
	end

	--- The last connection opened.
	function net.last()
		return net.conns[#net.conns];
	end

	return net;
end

return fake_net;
