-- Pure-Lua stand-in for Prosody's util.encodings C library (spec use only).
-- Loaded by spec/helpers/prosody_env.lua when the real util/encodings.so cannot
-- be loaded (Prosody's .so files are built for Lua 5.4 only).
--
--   base64.encode(s), base64.decode(s)      same leniency rules as the C version
--   utf8.valid(s), utf8.length(s)           strict RFC 3629 validation; like the
--       C version, length() returns the length in BYTES of a valid string
--   stringprep.nameprep/nodeprep/resourceprep/saslprep(s, strict)
--       SIMPLIFIED: valid UTF-8 required, table B.1 characters dropped, Unicode
--       spaces mapped to U+0020, the RFC 3454 prohibited ranges rejected, and
--       case folding (nameprep/nodeprep) for ASCII, Latin-1, Greek and Cyrillic
--       only.  No NFKC normalisation, no bidi checks; `strict` is ignored.
--   idna.to_ascii(s), idna.to_unicode(s)    ASCII host names only (no punycode)
-- confusable.skeleton is omitted.

local s_byte, s_char, s_find, s_lower, s_sub = string.byte, string.char, string.find, string.lower, string.sub;
local t_concat, floor = table.concat, math.floor;

local function checkstring(v, n, fname)
	if type(v) == "number" then return tostring(v); end
	if type(v) ~= "string" then
		error(("bad argument #%d to '%s' (string expected, got %s)"):format(n, fname, v == nil and "no value" or type(v)), 3);
	end
	return v;
end

---- base64 ----

local alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
local b64_value = {};
for i = 1, 64 do b64_value[s_byte(alphabet, i)] = i - 1; end
local function b64_char(v) return s_sub(alphabet, v + 1, v + 1); end

local function b64_encode(s)
	s = checkstring(s, 1, "base64.encode");
	local out = {};
	for i = 1, #s, 3 do
		local a, b, c = s_byte(s, i, i + 2);
		local n = (a * 256 + (b or 0)) * 256 + (c or 0);
		out[#out + 1] = b64_char(floor(n / 262144)) .. b64_char(floor(n / 4096) % 64)
			.. (b and b64_char(floor(n / 64) % 64) or "=") .. (c and b64_char(n % 64) or "=");
	end
	return t_concat(out);
end

-- Mirrors the C decoder: whitespace (\n \r \t space \f \b) is skipped, '='
-- flushes a partial quantum, an incomplete trailing quantum is dropped, a NUL
-- byte ends the input, and any other character makes it return nothing.
local b64_skip = { [10] = true, [13] = true, [9] = true, [32] = true, [12] = true, [8] = true };
local function b64_decode(s)
	s = checkstring(s, 1, "base64.decode");
	local out, q, n = {}, {}, 0;
	local function flush(count) -- emit `count - 1` bytes from the first `count` sextets
		for j = count + 1, 4 do q[j] = 0; end
		local v = ((q[1] * 64 + q[2]) * 64 + q[3]) * 64 + q[4];
		local bytes = s_char(floor(v / 65536), floor(v / 256) % 256, v % 256);
		out[#out + 1] = s_sub(bytes, 1, count - 1);
	end
	for i = 1, #s do
		local c = s_byte(s, i);
		local v = b64_value[c];
		if v then
			n = n + 1; q[n] = v;
			if n == 4 then flush(4); n = 0; end
		elseif c == 61 then -- '='
			if n > 0 then flush(n); end
			n = 0;
		elseif c == 0 then
			break;
		elseif not b64_skip[c] then
			return;
		end
	end
	return t_concat(out);
end

---- UTF-8 ----

-- Decodes the code point starting at byte i.  Returns cp, next_i, or nil for
-- anything RFC 3629 forbids: overlong forms, surrogates (U+D800..DFFF), values
-- above U+10FFFF, stray continuation bytes and truncated sequences.
local function decode_cp(s, i)
	local c = s_byte(s, i);
	if c < 0x80 then return c, i + 1; end
	local n, lo, hi; -- number of continuation bytes; allowed range of the first one
	if c >= 0xC2 and c <= 0xDF then n, lo, hi = 1, 0x80, 0xBF;
	elseif c == 0xE0 then n, lo, hi = 2, 0xA0, 0xBF; -- no overlongs
	elseif c == 0xED then n, lo, hi = 2, 0x80, 0x9F; -- no surrogates
	elseif c >= 0xE1 and c <= 0xEF then n, lo, hi = 2, 0x80, 0xBF;
	elseif c == 0xF0 then n, lo, hi = 3, 0x90, 0xBF; -- no overlongs
	elseif c >= 0xF1 and c <= 0xF3 then n, lo, hi = 3, 0x80, 0xBF;
	elseif c == 0xF4 then n, lo, hi = 3, 0x80, 0x8F; -- max U+10FFFF
	else return nil; end
	local cp = c % ({ 0x20, 0x10, 0x08 })[n]; -- payload bits of the lead byte
	for j = 1, n do
		local b = s_byte(s, i + j);
		if not b or b < lo or b > hi then return nil; end
		cp = cp * 64 + (b - 0x80);
		lo, hi = 0x80, 0xBF;
	end
	return cp, i + n + 1;
end

local function encode_cp(cp)
	if cp < 0x80 then return s_char(cp); end
	if cp < 0x800 then return s_char(0xC0 + floor(cp / 64), 0x80 + cp % 64); end
	if cp < 0x10000 then
		return s_char(0xE0 + floor(cp / 4096), 0x80 + floor(cp / 64) % 64, 0x80 + cp % 64);
	end
	return s_char(0xF0 + floor(cp / 262144), 0x80 + floor(cp / 4096) % 64, 0x80 + floor(cp / 64) % 64, 0x80 + cp % 64);
end

-- Array of code points, or nil if s is not valid UTF-8.
local function codepoints(s)
	local cps, i = {}, 1;
	while i <= #s do
		local cp; cp, i = decode_cp(s, i);
		if not cp then return nil; end
		cps[#cps + 1] = cp;
	end
	return cps;
end

local function utf8_valid(s)
	s = checkstring(s, 1, "utf8.valid");
	if not s_find(s, "[\128-\255]") then return true; end -- fast path: ASCII
	return codepoints(s) ~= nil;
end

local function utf8_length(s)
	s = checkstring(s, 1, "utf8.length");
	if not codepoints(s) then return nil, "invalid utf8"; end
	return #s; -- sic: the real util.encodings returns the byte length
end

---- stringprep (RFC 3454 profiles: RFC 3491 nameprep, RFC 6122 nodeprep and
---- resourceprep, RFC 4013 saslprep), simplified as described at the top ----

local function set_of(list) local t = {}; for _, v in ipairs(list) do t[v] = true; end return t; end

-- Table B.1: commonly mapped to nothing.
local map_to_nothing = set_of { 0x00AD, 0x034F, 0x1806, 0x180B, 0x180C, 0x180D, 0x200B, 0x200C,
	0x200D, 0x2060, 0xFE00, 0xFE01, 0xFE02, 0xFE03, 0xFE04, 0xFE05, 0xFE06, 0xFE07, 0xFE08,
	0xFE09, 0xFE0A, 0xFE0B, 0xFE0C, 0xFE0D, 0xFE0E, 0xFE0F, 0xFEFF };

-- Spaces that NFKC turns into U+0020 (the only normalisation we emulate).
local to_space = set_of { 0x00A0, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006,
	0x2007, 0x2008, 0x2009, 0x200A, 0x202F, 0x205F, 0x3000 };

-- SASLprep maps every C.1.2 space to U+0020, before applying table B.1.
local sasl_space = set_of { 0x1680, 0x200B };

-- Case folding (table B.2) for a few common scripts; returns a code point, or a
-- string for multi-character folds.
local function casefold(cp)
	if (cp >= 0x41 and cp <= 0x5A) or (cp >= 0xC0 and cp <= 0xDE and cp ~= 0xD7)
	or (cp >= 0x391 and cp <= 0x3A9 and cp ~= 0x3A2) or (cp >= 0x410 and cp <= 0x42F) then
		return cp + 0x20;
	elseif cp >= 0x400 and cp <= 0x40F then return cp + 0x50;
	elseif cp == 0xDF then return "ss";
	elseif cp == 0x3C2 then return 0x3C3; -- final sigma
	end
	return cp;
end

-- Prohibited in every profile (after mapping): tables C.1.2 (what remains of
-- it), C.2.2, C.3, C.4, C.6, C.7, C.8, C.9.  C.5 (surrogates) cannot occur in
-- valid UTF-8.  Inclusive ranges.
local prohibited_ranges = {
	{ 0x0080, 0x009F }, { 0x0340, 0x0341 }, { 0x06DD, 0x06DD }, { 0x070F, 0x070F },
	{ 0x1680, 0x1680 }, { 0x180E, 0x180E }, { 0x200E, 0x200F }, { 0x2028, 0x202E },
	{ 0x2061, 0x2063 }, { 0x206A, 0x206F }, { 0x2FF0, 0x2FFB }, { 0xE000, 0xF8FF },
	{ 0xFDD0, 0xFDEF }, { 0xFFF9, 0xFFFD }, { 0x1D173, 0x1D17A }, { 0xE0001, 0xE0001 },
	{ 0xE0020, 0xE007F }, { 0xF0000, 0x10FFFF },
};

local function is_prohibited(cp)
	if cp % 0x10000 >= 0xFFFE then return true; end -- non-characters U+xFFFE/U+xFFFF
	for _, r in ipairs(prohibited_ranges) do
		if cp >= r[1] and cp <= r[2] then return true; end
	end
	return false;
end

-- fold: apply case folding; sasl: SASLprep space mapping; ascii_ctrl: reject U+0000..001F and U+007F (C.2.1);
-- extra: Lua pattern of additional prohibited ASCII characters.
local profiles = {
	nameprep = { fold = true, ascii_ctrl = false };
	nodeprep = { fold = true, ascii_ctrl = true, extra = "[ \"&'/:<>@]" };
	resourceprep = { fold = false, ascii_ctrl = true };
	saslprep = { fold = false, ascii_ctrl = true, sasl = true };
};

local MAX_LEN = 1023; -- the C version works in a 1024-byte buffer

local function make_prep(name)
	local profile = profiles[name];
	return function (s, strict) -- luacheck: ignore 212/strict
		s = checkstring(s, 1, name);
		if #s > MAX_LEN then return nil; end
		local cps = codepoints(s);
		if not cps then return nil; end
		local out = {};
		for _, cp in ipairs(cps) do
			if profile.sasl and sasl_space[cp] then cp = 0x20; end
			if not map_to_nothing[cp] then
				if to_space[cp] then cp = 0x20; end
				if profile.fold then cp = casefold(cp); end
				if type(cp) == "string" then
					out[#out + 1] = cp;
				else
					if is_prohibited(cp) or (profile.ascii_ctrl and (cp < 0x20 or cp == 0x7F)) then
						return nil;
					end
					out[#out + 1] = encode_cp(cp);
				end
			end
		end
		local result = t_concat(out);
		if #result > MAX_LEN or (profile.extra and s_find(result, profile.extra)) then return nil; end
		return result;
	end
end

---- IDNA (ASCII-only: LDH host names are lowercased, anything else is nil) ----

local function idna_to_ascii(s)
	s = checkstring(s, 1, "idna.to_ascii");
	if not s_find(s, "^[%w%-%.]+$") then return nil; end
	return s_lower(s);
end

local function idna_to_unicode(s)
	s = checkstring(s, 1, "idna.to_unicode");
	local lower = s_lower(s);
	-- Punycode ("xn--" labels) is not implemented.
	if not s_find(s, "^[%w%-%.]+$") or s_find("." .. lower, ".xn--", 1, true) then return nil; end
	return lower;
end

return {
	version = "spec shim";
	base64 = { encode = b64_encode, decode = b64_decode };
	utf8 = { valid = utf8_valid, length = utf8_length };
	stringprep = {
		nameprep = make_prep("nameprep");
		nodeprep = make_prep("nodeprep");
		resourceprep = make_prep("resourceprep");
		saslprep = make_prep("saslprep");
	};
	idna = { to_ascii = idna_to_ascii, to_unicode = idna_to_unicode };
};
