-- Busted helper (see .busted: helper = "spec/helpers/prosody_env.lua").
--
-- Makes Prosody 0.12's util libraries from /usr/lib/prosody loadable by specs.
-- Prosody's C libraries (util/*.so) are built for Lua 5.4 only, so on Lua 5.2
-- and 5.3 the ones the pure-Lua utils depend on are replaced by pure-Lua
-- stand-ins from spec/shims/.  On 5.4 the real .so files are used whenever they
-- load; a shim is only installed for a library whose real version fails.
--
-- Specs can check what they run on:
--   local env = require "spec.prosody_env"
--   env.shimmed            -- list of shimmed module names, e.g. { "util.encodings", ... }
--   env.is_shimmed[name]   -- true if `name` is provided by a shim
--
-- No globals are defined: the util libraries used by specs (util.stanza, jid,
-- json, xml, error, promise, cache, id, random, http, set, iterators, events,
-- array, datetime) do not read any (no `prosody`, no `hosts`).

local PROSODY_DIR = "/usr/lib/prosody/";

-- Directory of this file, so shims are found regardless of how busted names it.
local here = debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "./";
local shim_dir = here .. "../shims/";

local function prepend(path, entries)
	if path:sub(1, #entries) == entries then return path; end -- already done
	return entries .. path;
end

package.path = prepend(package.path, PROSODY_DIR .. "?.lua;./spec/?.lua;./spec/helpers/?.lua;");
if _VERSION == "Lua 5.4" then
	-- Never on 5.2/5.3: some of these .so files (util.time, util.strbitop) do
	-- load there despite the ABI mismatch, and then misbehave.
	package.cpath = prepend(package.cpath, PROSODY_DIR .. "?.so;");
end

-- The C libraries pulled in by the pure-Lua util modules listed above.
-- (util.random falls back to /dev/urandom without util.crand, util.xpcall only
-- needs util.compat on Lua 5.1, util.queue copes without util.table.)
local C_LIBS = { "util.encodings", "util.hashes", "util.table", "util.time", "util.strbitop" };

local shimmed, is_shimmed = {}, {};
for _, name in ipairs(C_LIBS) do
	if not pcall(require, name) then
		package.loaded[name] = nil;
		local file = shim_dir .. name:gsub("%.", "_") .. ".lua";
		package.preload[name] = function (...)
			return assert(loadfile(file))(...);
		end
		shimmed[#shimmed + 1] = name;
		is_shimmed[name] = true;
	end
end

package.loaded["spec.prosody_env"] = {
	shimmed = shimmed;
	is_shimmed = is_shimmed;
	shim_dir = shim_dir;
};
