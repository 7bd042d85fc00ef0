-- Pure-Lua stand-in for Prosody's util.strbitop C library (spec use only).
-- sand/sor/sxor(a, b): byte-wise AND/OR/XOR of a with b, where b is repeated
-- as needed; the result has the length of a (a is returned as-is if b == "").

local s_byte, s_char, t_concat = string.byte, string.char, table.concat;

-- bit32 exists on Lua 5.2 and Debian's 5.3; otherwise use native operators,
-- compiled with load() so this file still parses on 5.2.
local bit = bit32 or load([[return {
	band = function (a, b) return a & b end;
	bor = function (a, b) return a | b end;
	bxor = function (a, b) return a ~ b end;
}]])();

local function make(fname, op)
	return function (a, b)
		for n, v in ipairs({ a, b }) do -- like luaL_checklstring: strings or numbers
			if type(v) ~= "string" and type(v) ~= "number" then
				error(("bad argument #%d to 'util.strbitop.%s' (string expected, got %s)"):format(n, fname, v == nil and "no value" or type(v)), 2);
			end
		end
		a, b = tostring(a), tostring(b);
		if #b == 0 then return a; end
		local out = {};
		for i = 1, #a do
			out[i] = s_char(op(s_byte(a, i), s_byte(b, (i - 1) % #b + 1)));
		end
		return t_concat(out);
	end
end

return {
	sand = make("sand", bit.band);
	sor = make("sor", bit.bor);
	sxor = make("sxor", bit.bxor);
};
