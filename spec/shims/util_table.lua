-- Pure-Lua stand-in for Prosody's util.table C library (spec use only).

return {
	-- The C version pre-sizes the table (lua_createtable); sizes are only hints.
	create = function (narr, nrec) return {}; end; -- luacheck: ignore 212
	pack = function (...) return { n = select("#", ...), ... }; end;
};
