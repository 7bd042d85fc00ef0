-- What every spec file needs, written once (required as "support"; the
-- name must not hold "_spec", or busted would run it as a spec file).
--
--   local support = require "support";
--   after_each(support.assert_clean_logs);
--
-- Modules, as Prosody loads them (dist/, through spec/helpers/mock_module.lua):
--   support.dist("mod_post_msg")          dist/mod_post_msg.lua, or $POST_MSG_DIST
--                                         (mod_x: $X_DIST, for mutation checks on a modified copy)
--   support.load_module(name, opts)       mock.load of that file as module "x" (whatever a
--                                         mutant copy is called); `opts` as mock.load, plus
--       opts.expected(entry) -> true      a warn/error log entry the module writes by design
--       opts.requires = { [name] = v }    package.loaded entries while the file loads
--                                         (e.g. a recording util.cache)
--   support.load(path, opts)              the same for any plugin file
--   support.recording_cache()             a util.cache recording its keys and values (for opts.requires)
--   support.password_derivations(u, pw)   what a credential cache must never hold (password, plain hashes)
--   support.strings_in(value)             every string in a value, deeply
--
-- The library, from its own build (`node build/build.mjs --lib .build/lua`,
-- run by `make spec`): src/lib/x.ts is .build/lua/src/lib/x.lua (or under
-- $LIB_BUILD), found on package.path and run in the environment of a mock
-- module, as the bundles run it: `module` is the mock's API, `os.time()`
-- follows the mock's fake clock, net.http is the mock's fake, and
-- `require "src.lib.y"` loads y the same way.
--   local webhook, m = support.lib("webhook", opts)   opts: as load_module, plus requires
--
-- Clean logs: support.assert_clean_logs (an after_each) fails when a mock
-- loaded through this helper since the previous check logged a warning or
-- an error the test did not take away with support.expect_logs (and that
-- opts.expected does not allow), or when an HTTP callback raised.
--
-- HTTP requests to a module's routes:
--   local client = support.client({ Authorization = ..., ["Content-Type"] = "text/plain" })
--   client.request(m, method, path, body, headers)   headers over the defaults; false removes one
--   client.post(m, path, body, headers)
--   client.post_json(m, path, doc_or_text, headers)  Content-Type application/json
--   client.post_form(m, path, fields_or_text, headers) Content-Type application/x-www-form-urlencoded
--   client.send(m, { method, path, body, headers, ip })
--   support.basic(user, password)                    "Basic base64(user:password)"

local mock = require "mock_module";
local luassert = require "luassert";
local json = require "util.json";
local http_util = require "util.http";
local base64 = require "util.encodings".base64;

local pack = table.pack or function (...) return { n = select("#", ...), ... }; end
local unpack = table.unpack or unpack; -- luacheck: ignore 113

local S = {};

S.LIB_DIR = os.getenv("LIB_BUILD") or ".build/lua";
S.LIB_HOST = "spec/fixtures/mod_lib_host.lua";

if package.path:sub(1, #S.LIB_DIR + 7) ~= S.LIB_DIR .. "/?.lua;" then
	package.path = S.LIB_DIR .. "/?.lua;" .. package.path;
end

---------------------------------------------------------------------------
-- Tables
---------------------------------------------------------------------------

--- A shallow copy of `t` (a LuaMap from the library included).
function S.copy(t)
	local c = {};
	for k, v in pairs(t or {}) do c[k] = v; end
	return c;
end

--- `base` with the entries of `over` on top.
function S.merge(base, over)
	local t = S.copy(base);
	for k, v in pairs(over or {}) do t[k] = v; end
	return t;
end

--- `base` with the entries of `over` on top, a false value removing the entry.
function S.overlay(base, over)
	local t = S.copy(base);
	for k, v in pairs(over or {}) do
		if v == false then t[k] = nil; else t[k] = v; end
	end
	return t;
end

--- The keys of `t`, sorted.
function S.sorted_keys(t)
	local keys = {};
	for k in pairs(t) do keys[#keys + 1] = k; end
	table.sort(keys);
	return keys;
end

function S.read(path)
	local f = assert(io.open(path, "rb"));
	local text = f:read("*a");
	f:close();
	return text;
end

---------------------------------------------------------------------------
-- Loading, and clean logs
---------------------------------------------------------------------------

-- Mocks loaded since the last assert_clean_logs: { m, expected }.
local loaded = {};

--- The compiled file of a module: dist/mod_x.lua, or $X_DIST when set.
function S.dist(module_name)
	local variable = module_name:gsub("^mod_", ""):upper() .. "_DIST";
	return os.getenv(variable) or ("dist/" .. module_name .. ".lua");
end

-- Run f(...) with package.loaded[name] = value for each of `requires`.
local function with_requires(requires, f, ...)
	if requires == nil then return f(...); end
	local saved = {};
	for name, value in pairs(requires) do
		saved[name] = { package.loaded[name] };
		package.loaded[name] = value;
	end
	local result = pack(pcall(f, ...));
	for name, old in pairs(saved) do package.loaded[name] = old[1]; end
	if not result[1] then error(result[2], 0); end
	return unpack(result, 2, result.n);
end

--- Load a plugin file through the mock (see the top of this file).
function S.load(path, opts)
	opts = S.copy(opts);
	local expected, requires = opts.expected, opts.requires;
	opts.expected, opts.requires = nil, nil;
	local m = with_requires(requires, mock.load, path, opts);
	loaded[#loaded + 1] = { m = m, expected = expected };
	return m;
end

--- Load dist/mod_x.lua (or $X_DIST) through the mock, as module "x".
function S.load_module(module_name, opts)
	opts = S.copy(opts);
	opts.name = opts.name or module_name:gsub("^mod_", ""); -- whatever a mutant copy is called
	return S.load(S.dist(module_name), opts);
end

--- Remove the log entries of `level` whose message holds `text` (plain; any
--- when nil), failing when there is none. Returns them.
function S.expect_logs(m, level, text)
	local kept, found = {}, {};
	for _, entry in ipairs(m.logs) do
		if entry.level == level and (text == nil or entry.message:find(text, 1, true)) then
			found[#found + 1] = entry;
		else
			kept[#kept + 1] = entry;
		end
	end
	luassert.is_true(#found > 0, ("expected a %s log containing %q"):format(level, tostring(text)));
	m.logs = kept;
	return found;
end

--- The problems (warn/error log entries) of `m` that `expected` does not allow, as "level: message".
function S.unexpected_problems(m, expected)
	local list = {};
	for _, entry in ipairs(m.problems()) do
		if not (expected and expected(entry)) then
			list[#list + 1] = entry.level .. ": " .. entry.message;
		end
	end
	return list;
end

--- An after_each: no unexpected warning or error in any mock loaded since
--- the last check, no error raised in an HTTP callback.
function S.assert_clean_logs()
	local list = loaded;
	loaded = {};
	for _, item in ipairs(list) do
		luassert.same({}, S.unexpected_problems(item.m, item.expected), "no unexpected warning or error logged");
		luassert.same({}, item.m.http.errors, "no error raised in an HTTP callback");
	end
end

--- The status changes of src/lib/webhook.ts ("Endpoint failing: ...") are
--- warnings by design: specs of failures expect them, the status specs check them.
function S.endpoint_status_warning(entry)
	return entry.level == "warn" and entry.message:find("^Endpoint failing: ") ~= nil;
end

--- A stand-in for util.cache that records what it is given, to observe
--- from outside what a module or library keeps (pass `recorder.lib` as
--- opts.requires["util.cache"]). recorder.caches lists every cache made:
--- { size, cache = the real util.cache, sets = { { key, value } }, gets = { key } }.
function S.recording_cache()
	local real = require "util.cache";
	local recorder = { caches = {} };
	local function new(size, on_evict)
		local cache = real.new(size, on_evict);
		local record = { size = size, cache = cache, sets = {}, gets = {} };
		recorder.caches[#recorder.caches + 1] = record;
		return setmetatable({}, { __index = function (_, name)
			local member = cache[name];
			if type(member) ~= "function" then return member; end
			return function (_, ...)
				if name == "set" then
					local key, value = ...;
					record.sets[#record.sets + 1] = { key = key, value = value };
				elseif name == "get" then
					record.gets[#record.gets + 1] = (...);
				end
				return member(cache, ...);
			end;
		end });
	end
	recorder.lib = setmetatable({ new = new }, { __index = real });
	return recorder;
end

--- Strings a cache of credentials must never hold: the password, plain
--- (unkeyed) hashes of it or of user and password together, and the Basic
--- credentials. name -> string.
function S.password_derivations(user, password)
	local hashes = require "util.hashes";
	local found = { password = password, basic = S.basic(user, password):sub(7) };
	for _, hash in ipairs({ "sha1", "sha256" }) do
		for label, text in pairs({ password = password, joined = user .. password,
			colon = user .. ":" .. password, nul = user .. "\0" .. password }) do
			found[hash .. "(" .. label .. ")"] = hashes[hash](text);
			found[hash .. "(" .. label .. ") hex"] = hashes[hash](text, true);
		end
	end
	return found;
end

--- Every string in `value` (a string, or a table's keys and values, deeply).
function S.strings_in(value, found, seen)
	found, seen = found or {}, seen or {};
	if type(value) == "string" then
		found[#found + 1] = value;
	elseif type(value) == "table" and not seen[value] then
		seen[value] = true;
		for k, v in pairs(value) do
			S.strings_in(k, found, seen);
			S.strings_in(v, found, seen);
		end
	end
	return found;
end

---------------------------------------------------------------------------
-- The library from .build/lua
---------------------------------------------------------------------------

local searchpath = package.searchpath or function (name, path)
	local file = name:gsub("%.", "/");
	for template in path:gmatch("[^;]+") do
		local candidate = template:gsub("%?", file);
		local f = io.open(candidate, "rb");
		if f then f:close(); return candidate; end
	end
	return nil, "not found: " .. name;
end

--- The file of library module `modname` ("src.lib.auth") on package.path,
--- which must be under the library build.
function S.lib_file(modname)
	local file, err = searchpath(modname, package.path);
	if not file then
		error(("%s is not on package.path (`make spec` builds %s): %s"):format(modname, S.LIB_DIR, tostring(err)), 2);
	end
	if file:sub(1, #S.LIB_DIR + 1) ~= S.LIB_DIR .. "/" then
		error(("%s was found outside %s: %s"):format(modname, S.LIB_DIR, file), 2);
	end
	return file;
end

-- The text of each library file, read once (a spec file loads a library for many tests).
local lib_texts = {};

--- Load src/lib/<name> from the library build, in the environment of a
--- fresh mock module (see the top of this file). Returns the library, the
--- mock and the `require` the library code sees.
function S.lib(name, opts)
	opts = S.copy(opts);
	local requires = opts.requires or {};
	opts.requires = nil;
	opts.name = opts.name or "lib_host";
	local m = S.load(S.LIB_HOST, opts);
	local cache = {};
	local module_require = rawget(m.env, "require") or require; -- the mock's (util.time on the fake clock)
	local function lib_require(modname)
		if requires[modname] ~= nil then return requires[modname]; end
		if cache[modname] ~= nil then return cache[modname]; end
		if not modname:match("^src%.lib%.") then return module_require(modname); end
		local file = S.lib_file(modname);
		lib_texts[file] = lib_texts[file] or S.read(file);
		local chunk = assert(load(lib_texts[file], "@" .. file, "t", m.env));
		local value = chunk(modname);
		if value == nil then value = true; end
		cache[modname] = value;
		return value;
	end
	rawset(m.env, "require", lib_require);
	return lib_require("src.lib." .. name), m, lib_require;
end

---------------------------------------------------------------------------
-- HTTP requests
---------------------------------------------------------------------------

function S.basic(user, password)
	return "Basic " .. base64.encode(user .. ":" .. password);
end

--- A client whose requests carry the `defaults` headers (see the top of this file).
function S.client(defaults)
	local c = {};
	function c.send(m, req)
		return m.http_request({
			method = req.method or "GET", path = req.path, body = req.body, ip = req.ip,
			headers = S.overlay(defaults, req.headers),
		});
	end
	function c.request(m, method, path, body, headers)
		return c.send(m, { method = method, path = path, body = body, headers = headers });
	end
	function c.post(m, path, body, headers)
		return c.request(m, "POST", path, body, headers);
	end
	function c.post_json(m, path, doc, headers)
		local body = type(doc) == "string" and doc or json.encode(doc);
		return c.post(m, path, body, S.merge({ ["Content-Type"] = "application/json" }, headers));
	end
	function c.post_form(m, path, form, headers)
		local body = type(form) == "string" and form or http_util.formencode(form);
		return c.post(m, path, body, S.merge({ ["Content-Type"] = "application/x-www-form-urlencoded" }, headers));
	end
	return c;
end

--- One line about an HTTP result, for assertion messages.
function S.describe_res(res)
	return ("status %s, body %q, error %s"):format(tostring(res.status), tostring(res.body), tostring(res.error));
end

return S;
