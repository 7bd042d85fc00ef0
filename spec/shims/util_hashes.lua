-- Pure-Lua stand-in for Prosody's util.hashes C library (spec use only).
-- Loaded by spec/helpers/prosody_env.lua when the real util/hashes.so cannot be
-- loaded (Prosody's .so files are built for Lua 5.4 only).
--
-- Provides: sha1, sha256, hmac_sha1, hmac_sha256, pbkdf2_hmac_sha1,
-- pbkdf2_hmac_sha256, scram_Hi_sha1, equals.
-- Like the real library: digests are binary unless the last argument is truthy,
-- in which case they are lowercase hex.  (md5/sha224/sha384/sha512 are omitted.)

local s_byte, s_char, s_format, s_rep = string.byte, string.char, string.format, string.rep;
local t_concat, floor = table.concat, math.floor;
local unpack = table.unpack or unpack; -- 5.1-style global as last resort

-- bit32 exists on Lua 5.2 and Debian's 5.3.  Without it, build equivalents from
-- the native 5.3+ operators; load() keeps this file parseable by Lua 5.2.
local bit = bit32 or load([[
	local M = 0xFFFFFFFF;
	return {
		band = function (a, b, c) return a & b & (c or M) end;
		bor = function (a, b) return a | b end;
		bxor = function (a, b, c) return a ~ b ~ (c or 0) end;
		bnot = function (a) return ~a & M end;
		rshift = function (a, n) return (a & M) >> n end;
		lrotate = function (a, n) a = a & M; return ((a << n) | (a >> (32 - n))) & M end;
		rrotate = function (a, n) a = a & M; return ((a >> n) | (a << (32 - n))) & M end;
	};
]])();
local band, bor, bxor, bnot, rshift = bit.band, bit.bor, bit.bxor, bit.bnot, bit.rshift;
local lrotate, rrotate = bit.lrotate, bit.rrotate;

local MOD = 4294967296; -- 2^32, an integer literal on 5.3+

local function checkstring(v, n, fname)
	if type(v) == "number" then return tostring(v); end
	if type(v) ~= "string" then
		error(("bad argument #%d to 'util.hashes.%s' (string expected, got %s)"):format(n, fname, v == nil and "no value" or type(v)), 3);
	end
	return v;
end

local function tohex(s)
	return (s:gsub(".", function (c) return s_format("%02x", s_byte(c)); end));
end

-- Big-endian 32-bit word at position i of s, and the reverse.
local function word(s, i)
	local a, b, c, d = s_byte(s, i, i + 3);
	return ((a * 256 + b) * 256 + c) * 256 + d;
end
local function be32(w)
	return s_char(floor(w / 16777216) % 256, floor(w / 65536) % 256, floor(w / 256) % 256, w % 256);
end

-- Merkle–Damgård padding shared by SHA-1 and SHA-256: 0x80, zeros, then the
-- message length in bits as a 64-bit big-endian integer; total a multiple of 64.
local function pad(msg)
	local bits = #msg * 8;
	local zeros = (55 - #msg) % 64;
	local hi, lo = floor(bits / MOD), bits % MOD;
	return msg .. "\128" .. s_rep("\0", zeros) .. be32(hi) .. be32(lo);
end

-- Runs `compress(H, s, offset)` over each 64-byte block and serialises H.
local function md_hash(init, compress)
	return function (msg)
		local H = { unpack(init) };
		msg = pad(msg);
		for i = 1, #msg, 64 do compress(H, msg, i); end
		local out = {};
		for i = 1, #H do out[i] = be32(H[i]); end
		return t_concat(out);
	end
end

---- SHA-1 (FIPS 180-4, 6.1) ----

local function sha1_block(H, s, i)
	local w = {};
	for j = 1, 16 do w[j] = word(s, i + (j - 1) * 4); end
	for j = 17, 80 do w[j] = lrotate(bxor(bxor(w[j-3], w[j-8]), bxor(w[j-14], w[j-16])), 1); end
	local a, b, c, d, e = H[1], H[2], H[3], H[4], H[5];
	for j = 1, 80 do
		local f, k;
		if j <= 20 then f, k = bxor(band(b, c), band(bnot(b), d)), 0x5A827999;
		elseif j <= 40 then f, k = bxor(b, c, d), 0x6ED9EBA1;
		elseif j <= 60 then f, k = bxor(bxor(band(b, c), band(b, d)), band(c, d)), 0x8F1BBCDC;
		else f, k = bxor(b, c, d), 0xCA62C1D6; end
		local t = (lrotate(a, 5) + f + e + k + w[j]) % MOD;
		a, b, c, d, e = t, a, lrotate(b, 30), c, d;
	end
	H[1], H[2], H[3] = (H[1] + a) % MOD, (H[2] + b) % MOD, (H[3] + c) % MOD;
	H[4], H[5] = (H[4] + d) % MOD, (H[5] + e) % MOD;
end

---- SHA-256 (FIPS 180-4, 6.2) ----

-- First 32 bits of the fractional parts of the cube roots of the first 64 primes.
local K256 = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

local function sha256_block(H, s, i)
	local w = {};
	for j = 1, 16 do w[j] = word(s, i + (j - 1) * 4); end
	for j = 17, 64 do
		local x, y = w[j-15], w[j-2];
		local s0 = bxor(rrotate(x, 7), rrotate(x, 18), rshift(x, 3));
		local s1 = bxor(rrotate(y, 17), rrotate(y, 19), rshift(y, 10));
		w[j] = (w[j-16] + s0 + w[j-7] + s1) % MOD;
	end
	local a, b, c, d, e, f, g, h = H[1], H[2], H[3], H[4], H[5], H[6], H[7], H[8];
	for j = 1, 64 do
		local S1 = bxor(rrotate(e, 6), rrotate(e, 11), rrotate(e, 25));
		local ch = bxor(band(e, f), band(bnot(e), g));
		local t1 = (h + S1 + ch + K256[j] + w[j]) % MOD;
		local S0 = bxor(rrotate(a, 2), rrotate(a, 13), rrotate(a, 22));
		local maj = bxor(bxor(band(a, b), band(a, c)), band(b, c));
		h, g, f, e, d, c, b, a = g, f, e, (d + t1) % MOD, c, b, a, (t1 + S0 + maj) % MOD;
	end
	local v = { a, b, c, d, e, f, g, h };
	for j = 1, 8 do H[j] = (H[j] + v[j]) % MOD; end
end

local raw = {
	sha1 = md_hash({ 0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0 }, sha1_block);
	-- Initial values: fractional parts of the square roots of the first 8 primes.
	sha256 = md_hash({ 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 }, sha256_block);
};

-- XOR every byte of s with the single byte value x.
local function xor_byte(s, x)
	return (s:gsub(".", function (c) return s_char(bxor(s_byte(c), x)); end));
end

-- XOR two equal-length strings.
local function xor_str(a, b)
	local out = {};
	for i = 1, #a do out[i] = s_char(bxor(s_byte(a, i), s_byte(b, i))); end
	return t_concat(out);
end

-- RFC 2104 HMAC with a 64-byte block size; returns function(msg) -> binary MAC.
local function hmac_for(hash, key)
	if #key > 64 then key = hash(key); end
	key = key .. s_rep("\0", 64 - #key);
	local ipad, opad = xor_byte(key, 0x36), xor_byte(key, 0x5c);
	return function (msg) return hash(opad .. hash(ipad .. msg)); end
end

-- RFC 8018 PBKDF2, first (and only) block, as Prosody's C version does.
local function pbkdf2(hash, password, salt, iterations)
	local mac = hmac_for(hash, password);
	local u = mac(salt .. "\0\0\0\1");
	local t = u;
	for _ = 2, iterations do
		u = mac(u);
		t = xor_str(t, u);
	end
	return t;
end

local M = { version = "spec shim" };

for name, hash in pairs(raw) do
	M[name] = function (data, hex)
		local d = hash(checkstring(data, 1, name));
		if hex then return tohex(d); end
		return d;
	end
	M["hmac_" .. name] = function (key, data, hex)
		key = checkstring(key, 1, "hmac_" .. name);
		local d = hmac_for(hash, key)(checkstring(data, 2, "hmac_" .. name));
		if hex then return tohex(d); end
		return d;
	end
	M["pbkdf2_hmac_" .. name] = function (password, salt, iterations)
		password = checkstring(password, 1, "pbkdf2_hmac_" .. name);
		salt = checkstring(salt, 2, "pbkdf2_hmac_" .. name);
		if type(iterations) ~= "number" then
			error("bad argument #3 to 'util.hashes.pbkdf2_hmac_" .. name .. "' (number expected)", 2);
		end
		return pbkdf2(hash, password, salt, iterations);
	end
end
M.scram_Hi_sha1 = M.pbkdf2_hmac_sha1;

-- Comparison whose running time depends only on the lengths, not the contents.
function M.equals(a, b)
	a, b = checkstring(a, 1, "equals"), checkstring(b, 2, "equals");
	if #a ~= #b then return false; end
	local diff = 0;
	for i = 1, #a do
		diff = bor(diff, bxor(s_byte(a, i), s_byte(b, i)));
	end
	return diff == 0;
end

return M;
