-- Pure-Lua stand-in for Prosody's util.time C library (spec use only).
-- Uses LuaSocket's sub-second clock when it is installed, else os.time().
-- Note: monotonic() is the wall clock here, not a true monotonic clock, and
-- is never os.clock() (CPU time does not advance while sleeping/waiting).

local ok, socket = pcall(require, "socket");
local gettime = ok and type(socket) == "table" and socket.gettime or os.time;

return {
	now = function () return gettime(); end;
	monotonic = function () return gettime(); end;
};
