-- A fake of Prosody 0.12's HTTP client, net.http, for specs.
--
--   local fake_http = require "fake_http"
--   local http = fake_http.new()          -- a fresh fake library
--   package.loaded["net.http"] = http      -- (mock_module does this for you)
--
-- Nothing goes to the network: every request is recorded in `http.requests`
-- (in order) and stays pending until the spec settles it:
--
--   req:answer(code, body, headers)   -- callback(body, code, response, req)
--   req:fail(reason)                  -- callback(reason, 0, req)   ("connection failed" by default)
--   req:cancel(reason)                -- callback(reason or "cancelled", 0, req)
--   http.destroy_request(req)         -- marks req.destroyed; later answers are dropped
--
-- The promise form (no callback) returns a util.promise that resolves with
-- the response (response.request = req) or rejects with a util.error from
-- net.http.errors (code 0), like the real library.
--
-- Facts copied from /usr/lib/prosody/net/http.lua (0.12):
--  * a body makes the method POST and sets Content-Type
--    application/x-www-form-urlencoded (and Content-Length) unless the
--    options' headers override it; options.method wins;
--  * an invalid URL (no host) calls back at once with ("invalid-url", 0) and
--    returns nil, "invalid-url";
--  * response header names are lower case;
--  * the callback is called at most once; an error raised by it is logged
--    ("Request '%s': error in callback: %s") and not propagated
--    (default_http has suppress_errors = true);
--  * destroy_request closes the connection: the callback is not called
--    afterwards. (Real Prosody does nothing if the connection is not up yet;
--    the fake treats every request as connected.)

local promise = require "util.promise";
local util_http = require "util.http";
local http_errors = require "net.http.errors";

local fake_http = {};

local function parse_url(u)
	if type(u) ~= "string" then return nil; end
	local scheme, rest = u:match("^(%a[%w+.-]*)://(.*)$");
	if not scheme then return nil; end
	local authority, path = rest:match("^([^/?#]*)(.*)$");
	local userinfo, hostport = authority:match("^(.*)@(.*)$");
	if not userinfo then hostport = authority; end
	local host, port = hostport:match("^(%[.*%]):?(%d*)$");
	if not host then host, port = hostport:match("^([^:]*):?(%d*)$"); end
	if not host or host == "" then return nil; end
	if port == "" then port = nil; end
	local query;
	path, query = path:match("^([^?#]*)%??([^#]*)");
	if path == "" then path = "/"; end
	if query == "" then query = nil; end
	return { scheme = scheme:lower(), userinfo = userinfo, host = host, port = port, path = path, query = query };
end
fake_http.parse_url = parse_url;

local request_methods = {};
local request_mt = { __index = request_methods };
function request_mt:__tostring()
	return ("fake-http-request<%s %s>"):format(self.method or "GET", self.url);
end

-- Deliver the outcome once; false when already settled or destroyed.
local function deliver(req, ...)
	if req.settled or req.destroyed then return false; end
	req.settled = true;
	local callback = req.callback;
	req.callback = nil;
	if callback then
		local ok, err = xpcall(callback, debug.traceback, ...);
		if not ok then
			req.callback_error = err;
			req.http.errors[#req.http.errors + 1] = err;
			req.http.log("error", ("Request '%s': error in callback: %s"):format(req.id, tostring(err)));
		end
	end
	return true;
end

--- Answer the request: status `code` (default 200), `body` (default ""),
--- `headers` (names are lower-cased, as net.http's parser does).
function request_methods:answer(code, body, headers)
	local lower = {};
	for k, v in pairs(headers or {}) do lower[k:lower()] = v; end
	local response = { code = code or 200, body = body or "", headers = lower, httpversion = "1.1" };
	self.response = response;
	return deliver(self, response.body, response.code, response, self);
end

--- Fail the request as a connection error: callback(reason, 0, req).
function request_methods:fail(reason)
	self.failure = reason or "connection failed";
	return deliver(self, self.failure, 0, self);
end

--- Cancel it like net.http's req:cancel(): callback(reason or "cancelled", 0, req).
function request_methods:cancel(reason)
	self.failure = reason or "cancelled";
	local delivered = deliver(self, self.failure, 0, self);
	self.destroyed = true;
	return delivered;
end

--- True until answered, failed, cancelled or destroyed.
function request_methods:pending()
	return not (self.settled or self.destroyed);
end

--- A new fake net.http library. `opts.log(level, message)` receives the
--- library's log lines (errors raised by callbacks).
function fake_http.new(opts)
	opts = opts or {};
	local lib = {
		requests = {};   -- every request, in order
		destroyed = {};  -- requests given to destroy_request, in order
		errors = {};     -- errors raised by callbacks
		log = opts.log or function () end;
		features = { sni = true };
		urlencode = util_http.urlencode;
		urldecode = util_http.urldecode;
		formencode = util_http.formencode;
		formdecode = util_http.formdecode;
	};

	local function start(u, ex, callback)
		local parsed = parse_url(u);
		local req = setmetatable(parsed or { url = u }, request_mt);
		req.url, req.http, req.options, req.callback = u, lib, ex, callback;
		req.id = ex and ex.id or tostring(#lib.requests + 1);
		lib.requests[#lib.requests + 1] = req;
		if not parsed then
			req.invalid = true;
			deliver(req, "invalid-url", 0, req);
			return nil, "invalid-url";
		end
		local host_header = req.host;
		if req.port and not ((req.port == "80" and req.scheme == "http") or (req.port == "443" and req.scheme == "https")) then
			host_header = host_header .. ":" .. req.port;
		end
		local headers = { ["Host"] = host_header, ["User-Agent"] = "Prosody XMPP Server" };
		local method, body;
		if ex then
			body = ex.body;
			if body then
				method = "POST";
				headers["Content-Length"] = tostring(#body);
				headers["Content-Type"] = "application/x-www-form-urlencoded";
			end
			if ex.method then method = ex.method; end
			for k, v in pairs(ex.headers or {}) do headers[k] = v; end
		end
		req.method, req.headers, req.body = method or "GET", headers, body;
		return req;
	end

	--- net.http.request(url, options, callback): returns the request; without
	--- a callback, a util.promise of the response.
	function lib.request(u, ex, callback)
		if callback ~= nil then
			return start(u, ex, callback);
		end
		return promise.new(function (resolve, reject)
			start(u, ex, function (body, code, a, b)
				if code == 0 then
					reject(http_errors.new(body, { request = a }));
				else
					a.request = b;
					resolve(a);
				end
			end);
		end);
	end

	--- Close the request: it will not call back any more.
	function lib.destroy_request(req)
		if not req.destroyed then
			req.destroyed = true;
			lib.destroyed[#lib.destroyed + 1] = req;
		end
	end

	--- The requests still waiting for an answer.
	function lib.pending()
		local list = {};
		for _, req in ipairs(lib.requests) do
			if req:pending() then list[#list + 1] = req; end
		end
		return list;
	end

	--- The last request made (or nil).
	function lib.last()
		return lib.requests[#lib.requests];
	end

	lib.default = { request = function (_, u, ex, callback) return lib.request(u, ex, callback); end };
	function lib.new() return lib.default; end
	lib.events = require "util.events".new();
	return lib;
end

return fake_http;
