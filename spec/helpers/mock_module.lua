-- A mock of Prosody 0.12's module API that loads a compiled plugin the way
-- Prosody does, for specs of any module of this project.
--
--   local mock = require "mock_module"
--   local m = mock.load("dist/mod_post_msg.lua", {
--     host = "localhost",                 -- module.host (default "localhost")
--     host_type = "local",                -- or "component" (get_host_type)
--     name = "post_msg",                  -- default: from the file name
--     options = { post_msg_size_limit = 100 },   -- host config
--     global_options = { },               -- the "*" section (fallback of every get_option)
--     users = { alice = "secret" },       -- accounts of the host (core.usermanager fake)
--     hosts = { ["other.example"] = { users = { carol = "pw" }, type = "local" } },
--     modules = { tokenauth = fake_api }, -- returned by module:depends(name)
--     now = 1700000000,                   -- fake clock start (os.time() in the module)
--     http = fake_http_lib,               -- a net.http fake (see fake_http.lua)
--   })
--
-- Loading, as core/modulemanager.lua does: the file is read and run with
-- load(code, "@"..path, "t", env), env = setmetatable({ module = api },
-- { __index = _G }) (plus `prosody`, `hosts` and a clock-following `os`, see
-- below; and, like Prosody's locked _G, reading a global that does not exist
-- logs a warning unless opts.lock_globals == false); the chunk's return value
-- is ignored; then module.load() is called
-- without self if the module set it; then the status becomes core/"Loaded"
-- (unless the module set another). Errors in the chunk or in load() raise.
--
-- Installed in package.loaded before the chunk runs, fresh for every load:
--   core.usermanager  a fake backed by opts.users (see m.usermanager)
--   net.http          a fake client (mock.fake_http() or a new one)
--
-- Fake clock: m.now (seconds). The module's environment has its own `os`,
-- a copy of the real one whose os.time() (without argument) returns
-- math.floor(m.now), and util.time.now() returns m.now; every function in
-- the compiled file (a TSTL bundle runs all its files in one chunk) sees
-- them. Libraries loaded with the real `require` (util.*) still see the
-- real clock. m.advance(s) moves the clock
-- and runs the timers that fall due, in order.
--
-- HTTP: m.http_request{...} routes like mod_http + net.http.server: base
-- path from http_paths or the app's default_path ("/"..name), "/*" routes
-- get the rest of the (URL-decoded) path, more specific routes first, a nil
-- result falls through, "/base" without slash is a 301, default CORS
-- headers and OPTIONS answer, handle_result for numbers (body: the server's
-- default "http-error" text; mod_http_errors' HTML page is not emulated),
-- strings, util.error, promises, tables and true. The result has no
-- date/connection headers.
--
-- Iqs: module:send_iq records the iq in m.sent and m.pending_iqs[id]; a
-- reply waiting in m.iq_replies[id] (stanza or util.error), or returned by
-- m.iq_responder(stanza, origin), settles it at once; else m.reply_iq(id, stanza),
-- m.timeout_iq(id) or m.advance(timeout, 120 s by default) do. The
-- responder may first send other stanzas to the origin (origin.send), as
-- a local module answering a MAM query does.
--
-- Routing: module:send records the stanza, then calls m.on_send(stanza,
-- origin) when set (a spec's stand-in for the router: it may bounce an
-- error back with origin.send, as mod_message does, or raise).
--
-- See the API summary at the end of this file (M.API) or spec/helpers/mock_module_spec.lua.

local st = require "util.stanza";
local set = require "util.set";
local array = require "util.array";
local events_lib = require "util.events";
local promise = require "util.promise";
local errors = require "util.error";
local util_http = require "util.http";
local http_codes = require "net.http.codes";
local fake_http = require "fake_http";

local unpack = table.unpack or unpack; -- luacheck: ignore 113
local pack = table.pack or function (...) return { n = select("#", ...), ... }; end

local M = {};

local DEFAULT_NOW = 1700000000;

---------------------------------------------------------------------------
-- Logging: strict formatting so that a bad format string fails the spec.
---------------------------------------------------------------------------

-- Format like string.format, but `%s` takes any value (tostring) and a
-- missing argument or an invalid conversion raises. Extra arguments are
-- appended, as Prosody's util.format does.
local function strict_format(fmt, ...)
	if type(fmt) ~= "string" then
		error(("log: format must be a string, got %s"):format(type(fmt)), 3);
	end
	local args = pack(...);
	local i = 0;
	local converted = {};
	for spec in fmt:gmatch("%%[^%a%%]*[%a%%]") do
		if spec ~= "%%" then
			i = i + 1;
			if not spec:match("^%%[%-%+ #0]*%d*%.?%d*[cdiouxXaAeEfgGqs]$") then
				error(("log: malformed format specifier %q in %q"):format(spec, fmt), 3);
			end
			if i > args.n then
				error(("log: format %q expects more than %d argument(s)"):format(fmt, args.n), 3);
			end
			local v = args[i];
			if spec:sub(-1) == "s" then v = tostring(v); end
			converted[i] = v;
		end
	end
	-- A lone "%" at the end, or "%" followed by nothing valid.
	local stripped = fmt:gsub("%%%%", "");
	if stripped:match("%%$") then
		error(("log: malformed format string %q"):format(fmt), 3);
	end
	local ok, message = pcall(string.format, fmt, unpack(converted, 1, i));
	if not ok then
		error(("log: cannot format %q: %s"):format(fmt, message), 3);
	end
	for j = i + 1, args.n do
		message = message .. " " .. tostring(args[j]);
	end
	return message;
end
M.format = strict_format;

---------------------------------------------------------------------------
-- Helpers
---------------------------------------------------------------------------

local function shallow_copy(t)
	local c = {};
	for k, v in pairs(t or {}) do c[k] = v; end
	return c;
end

-- Header names as Prosody's HTTP server gives them to handlers.
local function normalise_header_name(name)
	return (name:lower():gsub("-", "_"));
end
M.normalise_header_name = normalise_header_name;

-- net/http/parser.lua's preprocess_path: collapse //, URL-decode, refuse
-- paths escaping the root. (Same result as Prosody's loop over
-- path:gmatch("([^/]+)/"), whose matching is quadratic on a long last
-- component; here only the part up to the last "/" is scanned.)
local function preprocess_path(path)
	path = util_http.urldecode((path:gsub("//+", "/")));
	if path:sub(1, 1) ~= "/" then path = "/" .. path; end
	local level = 0;
	local last_slash = 0;
	for i in path:gmatch("()/") do last_slash = i; end
	for component in path:sub(1, last_slash):gmatch("([^/]+)/") do
		if component == ".." then
			level = level - 1;
		elseif component ~= "." then
			level = level + 1;
		end
		if level < 0 then return nil; end
	end
	return path;
end
M.preprocess_path = preprocess_path;

local function count_slashes(s)
	return select(2, s:gsub("/", "/"));
end

local function module_name_of(path)
	local base = path:match("([^/\\]+)$") or path;
	return (base:gsub("%.lua$", ""):gsub("^mod_", ""));
end

local function read_file(path)
	local f, err = io.open(path, "rb");
	if not f then error("mock_module: cannot open " .. path .. ": " .. tostring(err), 3); end
	local code = f:read("*a");
	f:close();
	return code;
end

local function load_chunk(code, chunkname, env)
	if setfenv and loadstring then -- Lua 5.1
		local f, err = loadstring(code, chunkname);
		if f then setfenv(f, env); end
		return f, err;
	end
	return load(code, chunkname, "t", env);
end

---------------------------------------------------------------------------
-- The mock
---------------------------------------------------------------------------

local status_priorities = { error = 3, warn = 2, info = 1, core = 0 };

--- Make `t` look like another module's environment as module:depends()
--- returns it in Prosody: names it lacks fall through to the locked _G, and
--- reading a missing one logs a warning on the mock being loaded (or the
--- last one loaded). Returns `t`.
function M.plugin_env(t)
	return setmetatable(t, { __index = function (_, k)
		local v = _G[k];
		if v == nil and M.current then
			local logs = M.current.logs;
			logs[#logs + 1] = { level = "warn",
				message = debug.traceback("Attempt to read a non-existent global '" .. tostring(k) .. "'", 2) };
		end
		return v;
	end });
end

--- Install a fresh fake net.http in package.loaded; the next mock.load uses
--- it (m.http, m.http_requests). Returns the fake library.
function M.fake_http(opts)
	local lib = fake_http.new(opts);
	package.loaded["net.http"] = lib;
	M._pending_http = lib;
	return lib;
end

function M.load(path, opts)
	opts = opts or {};
	local host = opts.host or "localhost";
	local name = opts.name or module_name_of(path);

	local m = {
		path = path;
		host = host;
		name = name;
		now = opts.now or DEFAULT_NOW;
		options = shallow_copy(opts.options);
		global_options = shallow_copy(opts.global_options);
		logs = {};            -- { level, message, format, args }
		status = nil;         -- { type, message, time }
		sent = {};            -- stanzas given to module:send / send_iq
		sent_origins = {};    -- their origins (same index)
		pending_iqs = {};     -- id -> { stanza, resolve, reject, timer, promise }
		iq_replies = {};      -- id -> reply stanza / util.error, answered at once
		iq_responder = nil;   -- function (stanza, origin) -> reply | util.error | nil
		on_send = nil;        -- function (stanza, origin): called by module:send after recording
		timers = {};          -- every timer, in creation order
		metrics = {};         -- name -> record
		provided = {};        -- name -> { items }
		items = {};           -- key -> { items } (add_item)
		http_apps = {};       -- apps given to provides("http")
		dependencies = {};    -- names given to depends()
		stores = {};          -- name -> data of open_store()
		shared_tables = {};
		password_checks = 0;  -- calls of usermanager.test_password
		password_check_log = {}; -- { username, host } of each call
		events = events_lib.new();        -- host events (hook, fire_event)
		global_events = events_lib.new(); -- prosody.events (hook_global)
		http_events = events_lib.new();   -- net.http.server's events (http-error)
	};
	local timer_seq = 0;
	local handlers_registered = {}; -- { object, event, handler } for unload

	-- Accounts --------------------------------------------------------------
	m.hosts = {};
	m.hosts[host] = { type = opts.host_type or "local", users = shallow_copy(opts.users) };
	for h, def in pairs(opts.hosts or {}) do
		m.hosts[h] = { type = def.type or "local", users = shallow_copy(def.users) };
	end
	m.users = m.hosts[host].users;

	-- Logging ------------------------------------------------------------------
	local function add_log(level, message, fmt, args)
		m.logs[#m.logs + 1] = { level = level, message = message, format = fmt, args = args };
	end
	--- Log entries of a level (all when nil); `pattern` filters messages (plain find).
	function m.logs_of(level, pattern)
		local found = {};
		for _, entry in ipairs(m.logs) do
			if (level == nil or entry.level == level)
			and (pattern == nil or entry.message:find(pattern, 1, true)) then
				found[#found + 1] = entry;
			end
		end
		return found;
	end
	--- Log entries at warn or error level.
	function m.problems()
		local found = {};
		for _, entry in ipairs(m.logs) do
			if entry.level == "warn" or entry.level == "error" then found[#found + 1] = entry; end
		end
		return found;
	end

	-- The API object -------------------------------------------------------------
	local api = { name = name, host = host, path = path, global = false };
	m.api = api;
	M.current = m;
	-- Prosody locks _G (util/startup.lua, init_global_protection): reading a
	-- name that is neither in the plugin environment nor a global logs a
	-- warning with a traceback. opts.lock_globals = false gives a plain
	-- { __index = _G }.
	local env;
	if opts.lock_globals == false then
		env = setmetatable({ module = api }, { __index = _G });
	else
		env = setmetatable({ module = api }, { __index = function (_, k)
			local v = _G[k];
			if v == nil then
				add_log("warn", debug.traceback("Attempt to read a non-existent global '" .. tostring(k) .. "'", 2));
			end
			return v;
		end });
	end
	api.environment = env;
	-- What the module hooked (the real API's util.multitable); the mock's hooks do not record into it.
	api.event_handlers = require "util.multitable".new();
	m.env = env;

	-- os following the fake clock
	local fake_os = shallow_copy(os);
	function fake_os.time(t)
		if t ~= nil then return os.time(t); end
		return math.floor(m.now);
	end
	env.os = fake_os;

	-- util.time following the fake clock too (timers get m.now, so deadlines
	-- computed from util.time.now() must agree with it)
	local fake_time = setmetatable({ now = function() return m.now; end }, { __index = require "util.time" });
	function env.require(name, ...)
		if name == "util.time" then return fake_time; end
		return require(name, ...);
	end

	-- prosody / hosts globals as seen by the module
	local prosody_hosts = {};
	for h, def in pairs(m.hosts) do
		prosody_hosts[h] = { host = h, type = def.type, events = h == host and m.events or events_lib.new(), modules = {}, sessions = {} };
	end
	m.prosody = {
		hosts = prosody_hosts, events = m.global_events, paths = { config = ".", data = "." },
		process_type = "prosody", version = "0.12.3", full_sessions = {}, bare_sessions = {},
	};
	env.prosody = m.prosody;
	env.hosts = prosody_hosts;

	function api:get_name() return self.name; end
	function api:get_host() return self.host; end
	function api:get_host_type()
		if self.host == "*" then return "global"; end
		return m.hosts[self.host] and m.hosts[self.host].type or "local";
	end
	function api:set_global()
		self.host = "*";
		self.global = true;
	end
	function api:get_directory()
		return self.resource_path or (self.path and (self.path:gsub("/[^/]*$", ""))) or nil;
	end
	function api:load_resource(p, mode)
		if p:sub(1, 1) ~= "/" then p = self:get_directory() .. "/" .. p; end
		return io.open(p, mode);
	end

	function api:log(level, fmt, ...)
		local message = strict_format(fmt, ...);
		add_log(level, message, fmt, pack(...));
	end

	function api:set_status(status_type, message, override)
		local priority = status_priorities[status_type];
		if not priority then
			self:log("error", "set_status: Invalid status type '%s', assuming 'info'", tostring(status_type));
			status_type, priority = "info", status_priorities.info;
		end
		local current_priority = m.status and status_priorities[m.status.type] or 0;
		if (current_priority >= status_priorities.error and priority < current_priority and override ~= true)
		or (override == false and current_priority > priority) then
			return;
		end
		m.status = { type = status_type, message = message, time = m.now };
		self.status_type, self.status_message, self.status_time = status_type, message, m.now;
		m.events.fire_event("module-status/updated", { name = self.name });
	end
	function api:log_status(level, fmt, ...)
		self:set_status(level, strict_format(fmt, ...));
		return self:log(level, fmt, ...);
	end
	function api:get_status()
		if not m.status then return nil, nil, nil; end
		return m.status.type, m.status.message, m.status.time;
	end

	-- Events ---------------------------------------------------------------------
	function api:hook_object_event(object, event, handler, priority)
		handlers_registered[#handlers_registered + 1] = { object = object, event = event, handler = handler };
		return object.add_handler(event, handler, priority);
	end
	function api:unhook_object_event(object, event, handler)
		for i = #handlers_registered, 1, -1 do
			local h = handlers_registered[i];
			if h.object == object and h.event == event and h.handler == handler then
				table.remove(handlers_registered, i);
			end
		end
		return object.remove_handler(event, handler);
	end
	function api:hook(event, handler, priority)
		return self:hook_object_event(m.events, event, handler, priority);
	end
	function api:hook_global(event, handler, priority)
		return self:hook_object_event(m.global_events, event, handler, priority);
	end
	function api:unhook(event, handler)
		return self:unhook_object_event(m.events, event, handler);
	end
	function api:hook_tag(xmlns, tag, handler, priority)
		if not handler and type(tag) == "function" then
			xmlns, tag, handler, priority = nil, xmlns, tag, handler;
		end
		return self:hook("stanza/" .. (xmlns and (xmlns .. ":") or "") .. tag,
			function (data) return handler(data.origin, data.stanza, data); end, priority);
	end
	api.hook_stanza = api.hook_tag;
	function api:wrap_event(event, handler)
		return self:hook_object_event(m.events.wrappers, event, handler);
	end
	function api:fire_event(event, data)
		return m.events.fire_event(event, data);
	end
	--- Fire a host event; returns the first non-nil handler result.
	function m.fire(event, data) return m.events.fire_event(event, data); end
	--- Fire a global (prosody.events) event.
	function m.fire_global(event, data) return m.global_events.fire_event(event, data); end

	-- Options --------------------------------------------------------------------
	function api:get_option(option, default_value)
		local value;
		if self.host == "*" then
			value = m.global_options[option];
		else
			value = m.options[option];
			if value == nil then value = m.global_options[option]; end
		end
		if value == nil then value = default_value; end
		return value;
	end
	function api:get_option_scalar(option, default_value)
		local value = self:get_option(option, default_value);
		if type(value) == "table" then
			if #value > 1 then
				self:log("error", "Config option '%s' does not take a list, using just the first item", option);
			end
			value = value[1];
		end
		return value;
	end
	function api:get_option_string(option, default_value)
		local value = self:get_option_scalar(option, default_value);
		if value == nil then return nil; end
		return tostring(value);
	end
	function api:get_option_number(option, ...)
		local value = self:get_option_scalar(option, ...);
		local ret = tonumber(value);
		if value ~= nil and ret == nil then
			self:log("error", "Config option '%s' not understood, expecting a number", option);
		end
		return ret;
	end
	function api:get_option_boolean(option, ...)
		local value = self:get_option_scalar(option, ...);
		if value == nil then return nil; end
		local ret = value == true or value == "true" or value == 1 or nil;
		if ret == nil then
			ret = (value == false or value == "false" or value == 0);
			if ret then ret = false; else ret = nil; end
		end
		if ret == nil then
			self:log("error", "Config option '%s' not understood, expecting true/false", option);
		end
		return ret;
	end
	function api:get_option_array(option, ...)
		local value = self:get_option(option, ...);
		if value == nil then return nil; end
		if type(value) ~= "table" then return array { value }; end
		return array():append(value);
	end
	function api:get_option_set(option, ...)
		local value = self:get_option_array(option, ...);
		if value == nil then return nil; end
		return set.new(value);
	end
	function api:context(h)
		return setmetatable({ host = h or "*", global = "*" == h }, { __index = self, __newindex = self });
	end
	function api:get_option_inherited_set(option, ...)
		local value = self:get_option_set(option, ...);
		local global_value = self:context("*"):get_option_set(option, ...);
		if not value then
			return global_value;
		elseif not global_value then
			return value;
		end
		value:include(global_value);
		return value;
	end
	function api:get_option_path(option, default, parent)
		parent = parent or self:get_directory();
		local value = self:get_option_string(option, default);
		if value == nil then return nil; end
		if value:sub(1, 1) == "/" then return value; end
		return parent .. "/" .. value;
	end

	-- Items and provides -------------------------------------------------------------
	function api:add_item(key, value)
		m.items[key] = m.items[key] or {};
		table.insert(m.items[key], value);
		self:fire_event("item-added/" .. key, { source = self, item = value });
	end
	function api:remove_item(key, value)
		local t = m.items[key] or {};
		for i = #t, 1, -1 do
			if t[i] == value then
				table.remove(t, i);
				self:fire_event("item-removed/" .. key, { source = self, item = value });
				return value;
			end
		end
	end
	function api:get_host_items(key)
		return m.items[key] or {};
	end
	function api:handle_items(item_type, added_cb, removed_cb, existing)
		self:hook("item-added/" .. item_type, added_cb);
		self:hook("item-removed/" .. item_type, removed_cb);
		if existing ~= false then
			for _, item in ipairs(self:get_host_items(item_type)) do added_cb({ item = item }); end
		end
	end
	function api:add_feature(xmlns) self:add_item("feature", xmlns); end
	function api:add_identity(category, identity_type, iname)
		self:add_item("identity", { category = category, type = identity_type, name = iname });
	end
	function api:add_extension(data) self:add_item("extension", data); end
	function api:provides(pname, item)
		if not item then
			item = {};
			for k, v in pairs(self.environment) do
				if k ~= "module" then item[k] = v; end
			end
		end
		if not item.name then
			local item_name = self.name;
			if item_name:find((pname:gsub("%-", "_")) .. "_", 1, true) == 1 then
				item_name = item_name:sub(#pname + 2);
			end
			item.name = item_name;
		end
		item._provided_by = self.name;
		m.provided[pname] = m.provided[pname] or {};
		table.insert(m.provided[pname], item);
		if pname == "http" then m.add_http_app(item); end
		self:add_item(pname .. "-provider", item);
	end

	-- depends / require / shared / stores -------------------------------------------
	function api:depends(dep)
		m.dependencies[dep] = true;
		local mods = opts.modules or {};
		local mod = mods[dep];
		if mod == nil then mod = {}; end
		return mod;
	end
	function api:require(lib)
		local dir = self:get_directory() or ".";
		for _, candidate in ipairs({ dir .. "/" .. lib .. ".lib.lua", dir .. "/" .. lib .. ".lua" }) do
			local f = io.open(candidate, "rb");
			if f then
				local code = f:read("*a");
				f:close();
				local chunk = assert(load_chunk(code, "@" .. candidate, self.environment));
				return chunk();
			end
		end
		error("Failed to load plugin library '" .. lib .. "', error: not found");
	end
	function api:shared(p)
		if p:sub(1, 1) ~= "/" then p = "/" .. self.host .. "/" .. self.name .. "/" .. p; end
		m.shared_tables[p] = m.shared_tables[p] or {};
		return m.shared_tables[p];
	end
	function api:open_store(store_name, store_type)
		store_name = store_name or self.name;
		store_type = store_type or "keyval";
		local key = store_name .. "/" .. store_type;
		m.stores[key] = m.stores[key] or {};
		local data = m.stores[key];
		if store_type == "map" then
			return {
				get = function (_, user, k) local u = data[user or ""]; if u == nil then return nil; end return u[k]; end;
				set = function (_, user, k, v) data[user or ""] = data[user or ""] or {}; data[user or ""][k] = v; return true; end;
				set_keys = function (_, user, kv) data[user or ""] = data[user or ""] or {}; for k, v in pairs(kv) do data[user or ""][k] = v; end return true; end;
			};
		end
		return {
			get = function (_, user) return data[user or ""]; end;
			set = function (_, user, v) data[user or ""] = v; return true; end;
			users = function () local k; return function () k = next(data, k); return k; end; end;
		};
	end

	-- Stanzas ------------------------------------------------------------------------
	function api:send(stanza, origin)
		m.sent[#m.sent + 1] = stanza;
		m.sent_origins[#m.sent] = origin or false;
		if m.on_send then m.on_send(stanza, origin); end
		return true;
	end

	local function iq_timeout_error()
		return errors.new({ type = "wait", condition = "remote-server-timeout", text = "IQ stanza timed out" });
	end

	-- Settle a pending iq with a reply stanza (result or error) or a util.error.
	local function settle_iq(entry, reply)
		if errors.is_err(reply) then
			entry.reject(reply);
		elseif reply.attr.type == "error" then
			entry.reject(errors.from_stanza(reply, { stanza = reply }));
		else
			entry.resolve({ stanza = reply });
		end
	end

	function api:send_iq(stanza, origin, timeout)
		local id = stanza.attr.id;
		local entry = { stanza = stanza, origin = origin, timeout = timeout or 120 };
		local p = promise.new(function (resolve, reject)
			entry.resolve, entry.reject = resolve, reject;
		end);
		entry.promise = p;
		if m.pending_iqs[id] then
			entry.reject(errors.new({ type = "modify", condition = "conflict", text = "IQ stanza id attribute already used" }));
			return p;
		end
		m.pending_iqs[id] = entry;
		entry.timer = self:add_timer(entry.timeout, function ()
			entry.reject(iq_timeout_error());
		end);
		p:finally(function ()
			if m.pending_iqs[id] == entry then m.pending_iqs[id] = nil; end
			entry.timer:stop();
		end);
		self:send(stanza, origin);
		local canned = m.iq_replies[id];
		if canned == nil and m.iq_responder then canned = m.iq_responder(stanza, origin); end
		if canned ~= nil then
			if not errors.is_err(canned) then
				canned.attr.id = canned.attr.id or id;
				canned.attr.from = canned.attr.from or stanza.attr.to;
			end
			settle_iq(entry, canned);
		end
		return p;
	end

	--- Answer the iq `id` with a reply stanza (type result or error). Missing
	--- id/from attributes are filled in; a reply from another JID than the
	--- iq's `to` is ignored, as Prosody does. True when it settled the iq.
	function m.reply_iq(id, reply)
		local entry = m.pending_iqs[id];
		if not entry then return false; end
		if errors.is_err(reply) then settle_iq(entry, reply); return true; end
		reply.attr.id = reply.attr.id or id;
		if reply.attr.from == nil then reply.attr.from = entry.stanza.attr.to; end
		if reply.attr.from ~= entry.stanza.attr.to or reply.attr.id ~= id then return false; end
		settle_iq(entry, reply);
		return true;
	end
	--- Time the iq `id` out now (rejects with wait/remote-server-timeout).
	function m.timeout_iq(id)
		local entry = m.pending_iqs[id];
		if not entry then return false; end
		entry.reject(iq_timeout_error());
		return true;
	end

	-- Timers --------------------------------------------------------------------------
	local timer_methods = {};
	local timer_mt = { __index = timer_methods };
	function timer_methods:stop() self.active = false; end
	timer_methods.disarm = timer_methods.stop;
	function timer_methods:reschedule(delay)
		timer_seq = timer_seq + 1;
		self.seq, self.due, self.active = timer_seq, m.now + delay, true;
	end
	function api:add_timer(delay, callback, ...)
		timer_seq = timer_seq + 1;
		local t = setmetatable({ due = m.now + delay, callback = callback, args = pack(...),
			seq = timer_seq, active = true, delay = delay }, timer_mt);
		m.timers[#m.timers + 1] = t;
		return t;
	end
	--- Timers still waiting to run.
	function m.pending_timers()
		local list = {};
		for _, t in ipairs(m.timers) do if t.active then list[#list + 1] = t; end end
		return list;
	end
	--- Move the clock `seconds` forward, running due timers in order (each
	--- sees m.now = its due time). A callback returning a number runs again
	--- that many seconds later. Errors are logged ("Traceback[timer]"), as
	--- util.timer does. Returns how many callbacks ran.
	function m.advance(seconds)
		local target = m.now + (seconds or 0);
		local ran = 0;
		for _ = 1, 100000 do
			local next_timer;
			for _, t in ipairs(m.timers) do
				if t.active and t.due <= target
				and (not next_timer or t.due < next_timer.due or (t.due == next_timer.due and t.seq < next_timer.seq)) then
					next_timer = t;
				end
			end
			if not next_timer then break; end
			if next_timer.due > m.now then m.now = next_timer.due; end
			next_timer.active = false;
			ran = ran + 1;
			local seq_before = next_timer.seq;
			local ok, ret = xpcall(function ()
				return next_timer.callback(m.now, unpack(next_timer.args, 1, next_timer.args.n));
			end, debug.traceback);
			if not ok then
				add_log("error", "Traceback[timer]: " .. tostring(ret));
			elseif type(ret) == "number" and next_timer.seq == seq_before then
				timer_seq = timer_seq + 1;
				next_timer.seq, next_timer.due, next_timer.active = timer_seq, m.now + ret, true;
			end
		end
		if target > m.now then m.now = target; end
		return ran;
	end
	--- Run what is due now (zero-delay timers); promises settle synchronously.
	function m.flush() return m.advance(0); end

	-- Metrics --------------------------------------------------------------------------
	local function metric_record(mname, mtype)
		local rec = m.metrics[mname];
		if not rec then
			rec = { type = mtype, value = 0, samples = {}, count = 0, series = {} };
			m.metrics[mname] = rec;
		end
		return rec;
	end
	function api:measure(mname, stat_type, conf)
		self:add_item("measure", { name = mname, type = stat_type, conf = conf });
		local rec = metric_record(mname, stat_type);
		rec.conf = conf;
		if stat_type == "times" then
			return function ()
				local start = m.now;
				return function ()
					local d = m.now - start;
					rec.count = rec.count + 1;
					rec.samples[#rec.samples + 1] = d;
					rec.value = d;
				end;
			end;
		end
		return function (value)
			rec.count = rec.count + 1;
			if stat_type == "rate" or stat_type == "counter" then
				rec.value = rec.value + (value or 1);
			elseif stat_type == "amount" then
				rec.value = value;
			else -- distribution, sizes
				rec.samples[#rec.samples + 1] = value;
				rec.value = value;
			end
		end;
	end
	function api:metric(type_, mname, unit, description, label_keys, conf)
		local rec = metric_record(mname, type_);
		rec.unit, rec.description, rec.label_keys, rec.conf = unit, description, label_keys or {}, conf;
		local family = {};
		function family:with_labels(...)
			local labels = pack(...);
			local parts = {};
			for i = 1, labels.n do parts[i] = tostring(labels[i]); end
			local key = table.concat(parts, "\0");
			local series = rec.series[key];
			if not series then
				series = { labels = parts, value = 0, samples = {}, count = 0 };
				rec.series[key] = series;
				function series:add(delta) self.value = self.value + (delta or 1); self.count = self.count + 1; end
				function series:set(v) self.value = v; self.count = self.count + 1; end
				function series:sample(v) self.samples[#self.samples + 1] = v; self.count = self.count + 1; end
			end
			return series;
		end
		self:add_item("metric", { name = mname, mf = family });
		return family;
	end
	--- The value of a metric: metric(name, label...) for a family, or the
	--- value of a legacy measure.
	function m.metric_value(mname, ...)
		local rec = m.metrics[mname];
		if not rec then return nil; end
		if select("#", ...) == 0 and next(rec.series) == nil then return rec.value; end
		local parts = {};
		for i, v in ipairs({ ... }) do parts[i] = tostring(v); end
		local series = rec.series[table.concat(parts, "\0")];
		return series and series.value;
	end

	-- Misc ------------------------------------------------------------------------------
	function api:http_url(app_name, default_path)
		app_name = app_name or (self.name:gsub("^http_", ""));
		return "http://" .. self.host .. ":5280" .. m.base_path(app_name, default_path or ("/" .. app_name));
	end
	function api:broadcast(jids, stanza)
		for _, j in ipairs(jids) do
			local copy = st.clone(stanza);
			copy.attr.to = j;
			self:send(copy);
		end
	end
	function api:cron(task_spec) self:add_item("task", task_spec); end
	function api:hourly(n, fun) if type(n) == "function" then n, fun = nil, n; end self:cron({ name = n, when = "hourly", run = fun }); end
	function api:daily(n, fun) if type(n) == "function" then n, fun = nil, n; end self:cron({ name = n, when = "daily", run = fun }); end
	function api:weekly(n, fun) if type(n) == "function" then n, fun = nil, n; end self:cron({ name = n, when = "weekly", run = fun }); end

	-- HTTP server emulation (mod_http + net.http.server) -----------------------------------
	-- The server's default "http-error" text (net/http/server.lua).
	m.http_events.add_handler("http-error", function (event)
		return "Error processing request: " .. http_codes[event.code] .. ". Check your error log for more information.";
	end, -1);
	m.routes = {}; -- { event = "POST /msg/*", method, path, wildcard, base_path_len, handler, app }

	--- The base path of an app, as mod_http computes it (http_paths, default_path).
	function m.base_path(app_name, default_app_path)
		local paths = api:get_option("http_paths", {});
		local global_paths = m.global_options.http_paths or {};
		local p = util_http.normalize_path(paths[app_name] or global_paths[app_name] or default_app_path);
		return (p:gsub("%$(%w+)", { host = host }));
	end

	local cors_enabled = api:get_option_boolean("http_default_cors_enabled", true);
	function m.add_http_app(app)
		local app_path = m.base_path(app.name, app.default_path or ("/" .. app.name));
		local methods = set.new({ "GET", "OPTIONS" });
		local allow_headers = set.new({ "Content-Type" });
		local cors = app.cors;
		local credentials = false;
		local origins;
		if cors and cors.enabled == true then
			if cors.credentials ~= nil then credentials = cors.credentials; end
			for header, enable in pairs(cors.headers or {}) do
				if enable then allow_headers:add(header); else allow_headers:remove(header); end
			end
			if cors.origins and cors.origins ~= "*" and cors.origins[1] ~= "*" then origins = set.new(cors.origins); end
		elseif cors and cors.enabled == false then
			cors = false;
		else
			cors = cors_enabled;
		end
		local added = {};
		for key, handler in pairs(app.route or {}) do
			local method, rpath = key:match("^(%S+)%s+(.+)$");
			if not method then method, rpath = key, ""; end
			if method:sub(1, 1) == "/" then
				api:log("error", "Invalid route in %s, %q. See https://prosody.im/doc/developers/http#routes", app.name, key);
			else
				local prefix = app_path;
				if app_path == "/" and rpath:sub(1, 1) == "/" then prefix = ""; end
				local full = prefix .. rpath;
				method = method:upper();
				methods:add(method);
				local route = { event = method .. " " .. full, method = method, path = full, app = app, handler = handler };
				if full:sub(-2) == "/*" then
					route.wildcard = true;
					route.base_path_len = #full;
				end
				added[#added + 1] = route;
			end
		end
		for _, route in ipairs(added) do
			route.cors = cors and {
				methods = methods, headers = allow_headers, credentials = credentials, origins = origins,
			} or nil;
			m.routes[#m.routes + 1] = route;
		end
		m.http_apps[#m.http_apps + 1] = app;
	end

	local function route_matches(route_path, route_wildcard, request_path)
		if route_wildcard then
			return route_path:sub(1, -2) == request_path:sub(1, #route_path - 1);
		end
		return route_path == request_path;
	end

	local function apply_cors(response, cors, origin)
		if cors.origins and not cors.origins:contains(origin) then return; end
		response.headers.access_control_allow_methods = tostring(cors.methods);
		response.headers.access_control_allow_headers = tostring(cors.headers);
		response.headers.access_control_max_age = tostring(api:get_option_number("access_control_max_age", 7200));
		response.headers.access_control_allow_origin = origin or "*";
		if cors.credentials then response.headers.access_control_allow_credentials = "true"; end
	end

	-- Handlers (ordered like net.http.server: more path components first,
	-- exact before wildcard, then priority) for a method and path.
	local function handlers_for(method, request_path)
		local list = {};
		for _, route in ipairs(m.routes) do
			if route.method == method and route_matches(route.path, route.wildcard, request_path) then
				local h = route.handler;
				if type(h) ~= "function" then
					local data = h;
					h = function () return data; end;
				elseif route.wildcard then
					local f, len = h, route.base_path_len;
					h = function (event) return f(event, event.request.path:sub(len)); end;
				end
				list[#list + 1] = { score = { count_slashes(route.path), route.wildcard and 0 or 1, 0 }, fn = h };
				if route.cors then
					local cors = route.cors;
					list[#list + 1] = { score = { count_slashes(route.path), route.wildcard and 0 or 1, 1 },
						fn = function (event) apply_cors(event.response, cors, event.request.headers.origin); end };
				end
			end
			-- The redirect of "/base/*" routes hit without the trailing slash.
			if route.method == method and route.wildcard and request_path == route.path:sub(1, -3) then
				list[#list + 1] = { score = { count_slashes(request_path), 1, -1 }, fn = function (event)
					event.response.headers.location = event.request.path .. "/";
					return 301;
				end };
			end
			-- The default OPTIONS answer when CORS is on.
			if method == "OPTIONS" and route.cors and route_matches(route.path, route.wildcard, request_path) then
				local cors = route.cors;
				list[#list + 1] = { score = { count_slashes(route.path), route.wildcard and 0 or 1, -1 }, fn = function (event)
					apply_cors(event.response, cors, event.request.headers.origin);
					return "";
				end };
			end
		end
		table.sort(list, function (a, b)
			for i = 1, 3 do
				if a.score[i] ~= b.score[i] then return a.score[i] > b.score[i]; end
			end
			return false;
		end);
		return list;
	end

	local response_methods = {};
	function response_methods:header(hname) return self.headers[normalise_header_name(hname)]; end
	function response_methods:json() return require "util.json".decode(self.body); end
	local response_mt = { __index = response_methods };

	--- Make an HTTP request to the module's apps. `req`: method (default
	--- "GET"), path (may hold "?query"), headers (any case, `-` or `_`),
	--- body (default ""), ip, secure. Returns a live result table:
	--- { status, headers, body, finished, request, response, error }; it is
	--- filled in when the response is sent (at once, or when a returned
	--- promise settles). A Lua error escaping a handler gives status 500 and
	--- an error log "Traceback[httpserver]: ...", res.error holds it.
	function m.http_request(req)
		local headers = {};
		for k, v in pairs(req.headers or {}) do headers[normalise_header_name(k)] = v; end
		local raw_path = req.path or "/";
		local url_path, query = raw_path:match("^([^?]*)%??(.*)$");
		if query == "" then query = nil; end
		local request = {
			method = (req.method or "GET"):upper(), url = { path = url_path, query = query },
			path = preprocess_path(url_path), httpversion = req.httpversion or "1.1", headers = headers,
			body = req.body or "", ip = req.ip or "127.0.0.1", secure = req.secure or false,
			id = tostring(#(m.http_log or {}) + 1),
		};
		request.log = function (level, fmt, ...) api:log(level, fmt, ...); end;
		local result = setmetatable({ request = request, finished = false, headers = {} }, response_mt);
		local response = { request = request, status_code = 200, headers = {} };
		result.response = response;
		function response:send(body)
			if self.finished then return; end
			body = body or self.body or "";
			if self.status_code > 199 and self.status_code ~= 204 then
				self.headers.content_length = ("%d"):format(#body);
			end
			self.finished = true;
			result.finished = true;
			result.status = self.status_code;
			result.headers = self.headers;
			result.body = body;
		end
		response.done = function (self) self.finished = true; result.finished = true; end;
		m.http_log = m.http_log or {};
		m.http_log[#m.http_log + 1] = result;

		local function fail(err)
			result.error = err;
			add_log("error", "Traceback[httpserver]: " .. tostring(err));
			response.status_code = 500;
			response:send(m.http_events.fire_event("http-error", { code = 500, private_message = err }));
		end

		local handle_result;
		function handle_result(ret)
			if ret == nil then ret = 404; end
			if ret == true then return; end
			local body;
			local rtype = type(ret);
			if rtype == "number" then
				response.status_code = ret;
				if ret >= 400 then
					body = m.http_events.fire_event("http-error", { request = request, response = response, code = ret });
				end
			elseif rtype == "string" then
				body = ret;
			elseif errors.is_err(ret) then
				response.status_code = ret.code or 500;
				body = m.http_events.fire_event("http-error", { request = request, response = response, code = ret.code or 500, error = ret });
			elseif promise.is_promise(ret) then
				ret:next(function (value)
					local ok, err = xpcall(handle_result, debug.traceback, value);
					if not ok then fail(err); end
				end, function (err)
					response.status_code = 500;
					local ok, e = xpcall(handle_result, debug.traceback, err or 500);
					if not ok then fail(e); end
				end);
				return;
			elseif rtype == "table" then
				for k, v in pairs(ret) do
					if k ~= "headers" then
						response[k] = v;
					else
						for hn, hv in pairs(v) do response.headers[hn] = hv; end
					end
				end
			end
			return response:send(body);
		end

		if not request.path then
			response.status_code = 400;
			response:send(m.http_events.fire_event("http-error", { code = 400, message = "Invalid path", response = response }));
			return result;
		end
		local event = { request = request, response = response };
		local ok, err = xpcall(function ()
			local ret;
			for _, h in ipairs(handlers_for(request.method, request.path)) do
				ret = h.fn(event);
				if ret ~= nil then break; end
			end
			if ret == nil and request.method == "HEAD" then
				for _, h in ipairs(handlers_for("GET", request.path)) do
					ret = h.fn(event);
					if ret ~= nil then break; end
				end
			end
			return handle_result(ret);
		end, debug.traceback);
		if not ok then fail(err); end
		return result;
	end

	-- core.usermanager fake --------------------------------------------------------------
	local function host_users(h)
		local def = m.hosts[h];
		if not def then
			-- core.usermanager indexes hosts[host] without a check.
			error("attempt to index a nil value (field '?') [usermanager: unknown host " .. tostring(h) .. "]", 3);
		end
		return def.users;
	end
	local usermanager = {};
	function usermanager.test_password(username, h, password)
		m.password_checks = m.password_checks + 1;
		m.password_check_log[#m.password_check_log + 1] = { username = username, host = h };
		local users = host_users(h);
		return username ~= nil and users[username] ~= nil and users[username] == password;
	end
	function usermanager.user_exists(username, h)
		return host_users(h)[username] ~= nil;
	end
	function usermanager.get_password(username, h)
		return host_users(h)[username];
	end
	function usermanager.create_user(username, password, h)
		local users = host_users(h);
		if users[username] ~= nil then return nil, "user exists"; end
		users[username] = password or "";
		return true;
	end
	function usermanager.set_password(username, password, h, resource)
		local users = host_users(h);
		if users[username] == nil then return nil, "Account not available."; end
		users[username] = password;
		m.global_events.fire_event("user-password-changed", { username = username, host = h, resource = resource });
		return true;
	end
	function usermanager.delete_user(username, h)
		local users = host_users(h);
		if users[username] == nil then return nil, "Account not available."; end
		users[username] = nil;
		m.global_events.fire_event("user-deleted", { username = username, host = h });
		return true;
	end
	function usermanager.users(h)
		local users, k = host_users(h), nil;
		return function () k = next(users, k); return k; end;
	end
	function usermanager.is_admin() return false; end
	m.usermanager = usermanager;

	-- Install fakes and load ------------------------------------------------------------
	package.loaded["core.usermanager"] = usermanager;
	local http_lib = opts.http or M._pending_http or fake_http.new();
	M._pending_http = nil;
	http_lib.log = function (level, message) add_log(level, message); end;
	package.loaded["net.http"] = http_lib;
	m.http = http_lib;
	m.http_requests = http_lib.requests;

	--- Unload: module.unload() (without self), then drop its hooks and timers.
	function m.unload()
		local unload = rawget(api, "unload");
		if type(unload) == "function" then unload(); end
		for i = #handlers_registered, 1, -1 do
			local h = handlers_registered[i];
			h.object.remove_handler(h.event, h.handler);
		end
		handlers_registered = {};
		for _, t in ipairs(m.timers) do t.active = false; end
		m.routes = {};
		api.loaded = false;
	end

	local code = read_file(path);
	local chunk, err = load_chunk(code, "@" .. path, env);
	if not chunk then error("mock_module: cannot compile " .. path .. ": " .. tostring(err), 2); end
	chunk(); -- the return value is ignored, as Prosody does
	local load_fn = rawget(api, "load");
	if type(load_fn) == "function" then load_fn(); end
	api:set_status("core", "Loaded", false);
	return m;
end

-- One line per function, for the curious (and the report).
M.API = {
	["mock.load(path, opts)"] = "load a plugin file like Prosody; returns the mock m";
	["mock.fake_http(opts)"] = "install a fresh fake net.http for the next load; returns it";
	["mock.format(fmt, ...)"] = "the strict log formatter";
	["mock.plugin_env(t)"] = "make a fake module API behave like a plugin environment (missing names warn)";
	["m.api / m.env"] = "the module object / the plugin environment";
	["m.logs, m.logs_of(level, text), m.problems()"] = "log lines { level, message }";
	["m.status"] = "{ type, message, time } of set_status/log_status";
	["m.fire(event, data) / m.fire_global(event, data)"] = "fire host / global events";
	["m.events / m.global_events / m.http_events"] = "the util.events objects";
	["m.http_request{ method, path, headers, body }"] = "emulated HTTP request -> { status, headers, body }";
	["m.routes / m.http_apps / m.base_path(app, default)"] = "registered HTTP routes";
	["m.sent / m.sent_origins"] = "stanzas routed with module:send / send_iq";
	["m.pending_iqs / m.iq_replies / m.iq_responder"] = "iqs awaiting replies / canned replies (responder gets stanza, origin)";
	["m.on_send(stanza, origin)"] = "called by module:send after recording: a stand-in for routing (bounces)";
	["m.reply_iq(id, stanza) / m.timeout_iq(id)"] = "settle an iq of send_iq";
	["m.now / m.advance(s) / m.flush() / m.timers / m.pending_timers()"] = "fake clock and timers";
	["m.metrics / m.metric_value(name, labels...)"] = "measure/metric records";
	["m.provided / m.items / m.dependencies / m.stores / m.shared_tables"] = "what the module registered";
	["m.users / m.hosts / m.usermanager / m.password_checks / m.password_check_log"] = "accounts";
	["m.http / m.http_requests"] = "the fake net.http and its requests";
	["m.unload()"] = "call module.unload and drop hooks, timers, routes";
};

return M;
