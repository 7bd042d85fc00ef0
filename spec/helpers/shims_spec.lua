-- Checks the pure-Lua stand-ins in spec/shims/ (used on Lua 5.2/5.3 in place of
-- Prosody's Lua-5.4-only C libraries) and that Prosody's util libraries load
-- under spec/helpers/prosody_env.lua.

local here = debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "./";
local function shim(name) return dofile(here .. "../shims/" .. name .. ".lua"); end

-- The real C library, loaded straight from Prosody's directory (Lua 5.4 only).
local function real(name)
	local file = "/usr/lib/prosody/" .. name:gsub("%.", "/") .. ".so";
	return assert(package.loadlib(file, "luaopen_" .. name:gsub("%.", "_")))();
end
local on_54 = _VERSION == "Lua 5.4";
local it_54 = on_54 and it or pending;

local function fromhex(h) return (h:gsub("%x%x", function (x) return string.char(tonumber(x, 16)); end)); end

local function random_string(max_len)
	local t = {};
	for i = 1, math.random(0, max_len) do t[i] = string.char(math.random(0, 255)); end
	return table.concat(t);
end

describe("util.hashes shim", function ()
	local hashes = shim "util_hashes";

	it("computes SHA-256 (FIPS 180-2 vectors)", function ()
		assert.equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", hashes.sha256("", true));
		assert.equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", hashes.sha256("abc", true));
		assert.equal("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
			hashes.sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", true));
	end);

	it("returns binary digests unless hex is requested", function ()
		local bin = hashes.sha256("abc");
		assert.equal(32, #bin);
		assert.equal(fromhex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"), bin);
		assert.equal(20, #hashes.sha1("abc"));
	end);

	it("computes SHA-1", function ()
		assert.equal("da39a3ee5e6b4b0d3255bfef95601890afd80709", hashes.sha1("", true));
		assert.equal("a9993e364706816aba3e25717850c26c9cd0d89d", hashes.sha1("abc", true));
	end);

	it("computes HMAC-SHA256 (RFC 4231)", function ()
		-- Test case 1
		assert.equal("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
			hashes.hmac_sha256(string.rep("\11", 20), "Hi There", true));
		-- Test case 2
		assert.equal("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
			hashes.hmac_sha256("Jefe", "what do ya want for nothing?", true));
		assert.equal(fromhex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
			hashes.hmac_sha256("Jefe", "what do ya want for nothing?"));
		-- Test case 6: key longer than the block size
		assert.equal("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
			hashes.hmac_sha256(string.rep("\170", 131), "Test Using Larger Than Block-Size Key - Hash Key First", true));
	end);

	it("computes HMAC-SHA1 (RFC 2202) and PBKDF2 (RFC 6070, RFC 7914)", function ()
		assert.equal("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79", hashes.hmac_sha1("Jefe", "what do ya want for nothing?", true));
		assert.equal(fromhex("ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957"), hashes.pbkdf2_hmac_sha1("password", "salt", 2));
		assert.equal(hashes.pbkdf2_hmac_sha1("password", "salt", 2), hashes.scram_Hi_sha1("password", "salt", 2));
		assert.equal(fromhex("120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b"),
			hashes.pbkdf2_hmac_sha256("password", "salt", 1));
	end);

	it("compares strings with equals()", function ()
		assert.is_true(hashes.equals("", ""));
		assert.is_true(hashes.equals("secret", "secret"));
		assert.is_false(hashes.equals("secret", "secreT"));
		assert.is_false(hashes.equals("a", "ab"));
		assert.has_error(function () hashes.equals("a", nil); end);
	end);

	it_54("matches the real util.hashes on random input", function ()
		local r = real "util.hashes";
		math.randomseed(1234);
		for _ = 1, 100 do
			local key, data = random_string(100), random_string(200);
			for _, f in ipairs { "sha1", "sha256" } do
				assert.equal(r[f](data), hashes[f](data));
				assert.equal(r[f](data, true), hashes[f](data, true));
				assert.equal(r["hmac_" .. f](key, data), hashes["hmac_" .. f](key, data));
			end
			assert.equal(r.equals(key, data), hashes.equals(key, data));
		end
		assert.equal(r.pbkdf2_hmac_sha256("pw", "salt", 50), hashes.pbkdf2_hmac_sha256("pw", "salt", 50));
	end);
end);

describe("util.encodings shim", function ()
	local enc = shim "util_encodings";

	it("encodes and decodes base64 (RFC 4648 vectors)", function ()
		local vectors = { [""] = "", f = "Zg==", fo = "Zm8=", foo = "Zm9v", foob = "Zm9vYg==", fooba = "Zm9vYmE=", foobar = "Zm9vYmFy" };
		for plain, coded in pairs(vectors) do
			assert.equal(coded, enc.base64.encode(plain));
			assert.equal(plain, enc.base64.decode(coded));
		end
	end);

	it("round-trips arbitrary bytes through base64", function ()
		local all = {};
		for i = 0, 255 do all[#all + 1] = string.char(i); end
		all = table.concat(all);
		for len = 0, 40 do
			local s = all:sub(256 - len * 6, 255 - len * 5);
			assert.equal(s, enc.base64.decode(enc.base64.encode(s)));
		end
		assert.equal(all, enc.base64.decode(enc.base64.encode(all)));
	end);

	it("decodes base64 as leniently as the C version", function ()
		assert.equal("abc", enc.base64.decode("YW\nJj"));
		assert.equal("abcabc", enc.base64.decode("YWJj=YWJj"));
		assert.equal("a", enc.base64.decode("YQ"  .. "=")); -- '=' flushes the partial quantum
		assert.equal("abc", enc.base64.decode("YWJjZA")); -- incomplete quantum dropped
		assert.is_nil(enc.base64.decode("YWJ!j"));
	end);

	it("validates UTF-8 strictly", function ()
		local good = { "", "abc", "\xC3\xA9", "\xE2\x82\xAC", "\xED\x9F\xBF", "\xEF\xBF\xBF", "\xF0\x9F\x98\x80", "\xF4\x8F\xBF\xBF" };
		for _, s in ipairs(good) do assert.is_true(enc.utf8.valid(s), ("%q"):format(s)); end
		local bad = {
			"\xC0\x80", "\xC1\xBF", "\xE0\x80\x80", "\xF0\x80\x80\x80", -- overlong
			"\xED\xA0\x80", "\xED\xBF\xBF",                              -- surrogates
			"\xF4\x90\x80\x80", "\xF5\x80\x80\x80",                      -- > U+10FFFF
			"\xE2\x82", "a\xC3", "\xF0\x9F\x98",                         -- truncated
			"\x80", "\xBF", "\xFF", "\xC3\xA9\x80",                     -- stray bytes
		};
		for _, s in ipairs(bad) do assert.is_false(enc.utf8.valid(s), ("%q"):format(s)); end
	end);

	it("reports utf8.length like the C version (byte length)", function ()
		assert.equal(3, enc.utf8.length("abc"));
		assert.equal(2, enc.utf8.length("\xC3\xA9"));
		assert.same({ nil, "invalid utf8" }, { enc.utf8.length("\xE2\x82") });
	end);

	it("implements simplified stringprep profiles", function ()
		local sp = enc.stringprep;
		assert.equal("example.com", sp.nameprep("Example.COM"));
		assert.equal("user", sp.nodeprep("User"));
		assert.equal("\xC3\xA4b", sp.nodeprep("\xC3\x84B")); -- ÄB -> äb
		assert.equal("ss", sp.nodeprep("\xC3\x9F"));
		assert.equal("ab", sp.nodeprep("a\xC2\xADb")); -- soft hyphen mapped to nothing
		for _, c in ipairs { " ", "\"", "&", "'", "/", ":", "<", ">", "@", "\1" } do
			assert.is_nil(sp.nodeprep("a" .. c .. "b"), c);
		end
		assert.equal("Res x", sp.resourceprep("Res x"));
		assert.is_nil(sp.resourceprep("a\1b"));
		assert.is_nil(sp.resourceprep("x\xEE\x80\x80")); -- private use
		assert.is_nil(sp.nodeprep("\xFF"));
		assert.is_nil(sp.nameprep("\xC0\x80"));
		assert.is_nil(sp.nodeprep(string.rep("a", 1024)));
		assert.equal("a b", sp.saslprep("a\xC2\xA0b"));
	end);

	it("implements ASCII-only IDNA", function ()
		assert.equal("example.com", enc.idna.to_ascii("Example.com"));
		assert.equal("example.com", enc.idna.to_unicode("example.com"));
		assert.is_nil(enc.idna.to_ascii("a b"));
	end);

	it_54("matches the real util.encodings on random input", function ()
		local r = real "util.encodings";
		math.randomseed(5678);
		-- Fragments that make up interesting UTF-8 (in)validity cases.
		local pieces = { "a", "\xC0", "\xC2", "\xDF", "\xE0", "\xED", "\xEF", "\xF0", "\xF4", "\xF5", "\xFF",
			"\x80", "\x8F", "\x90", "\x9F", "\xA0", "\xBF" };
		for _ = 1, 2000 do
			local t = {};
			for j = 1, math.random(1, 5) do t[j] = pieces[math.random(#pieces)]; end
			local s = table.concat(t);
			assert.equal(r.utf8.valid(s), enc.utf8.valid(s), ("%q"):format(s));
		end
		for _ = 1, 200 do
			local s = random_string(50);
			assert.equal(r.utf8.valid(s), enc.utf8.valid(s));
			assert.equal(r.base64.encode(s), enc.base64.encode(s));
			assert.equal(r.base64.decode(r.base64.encode(s)), enc.base64.decode(enc.base64.encode(s)));
		end
		local samples = { "User", "Example.COM", "a b", "a@b", "a\tb", "x\0y", "\xC3\x84B", "\xCE\xA3",
			"\xD0\x81\xD0\xB6", "a\xC2\xA0b", "x\xEF\xBB\xBF", "x\xE2\x80\x8E", "x\xEF\xB7\x90", "", "a..b." };
		for _, s in ipairs(samples) do
			for _, p in ipairs { "nameprep", "nodeprep", "resourceprep", "saslprep" } do
				assert.equal(r.stringprep[p](s), enc.stringprep[p](s), p .. " " .. ("%q"):format(s));
			end
		end
	end);
end);

describe("util.table, util.time and util.strbitop shims", function ()
	it("util.table", function ()
		local t = shim "util_table";
		assert.same({}, t.create(4, 4));
		assert.same({ n = 3, 1, nil, 3 }, t.pack(1, nil, 3));
	end);

	it("util.time", function ()
		local time = shim "util_time";
		-- Bracketed: a pause of the process between two readings must not fail it.
		local before = os.time();
		local now = time.now();
		local after = os.time();
		assert.is_true(now >= before - 1 and now <= after + 1, ("%s not within [%d, %d]"):format(now, before, after));
		assert.is_number(time.monotonic());
	end);

	it("util.strbitop", function ()
		local sb = shim "util_strbitop";
		assert.equal("`cb", sb.sxor("abc", "\1"));
		assert.equal("A", sb.sand("a", "\95\0"));
		assert.equal("ab", sb.sor("AB", "  "));
		assert.equal("abc", sb.sxor("abc", ""));
	end);

	it_54("util.strbitop matches the real library", function ()
		local r, sb = real "util.strbitop", shim "util_strbitop";
		math.randomseed(91011);
		for _ = 1, 100 do
			local a, b = random_string(40), random_string(10);
			for _, f in ipairs { "sand", "sor", "sxor" } do assert.equal(r[f](a, b), sb[f](a, b)); end
		end
	end);
end);

describe("Prosody util libraries under the spec helper", function ()
	it("use the real C libraries on Lua 5.4 and shims elsewhere", function ()
		local env = require "spec.prosody_env";
		if on_54 then
			assert.same({}, env.shimmed);
		else
			assert.is_true(env.is_shimmed["util.encodings"]);
			assert.is_true(env.is_shimmed["util.hashes"]);
		end
	end);

	it("load and work", function ()
		for _, name in ipairs { "util.stanza", "util.jid", "util.json", "util.xml", "util.error", "util.promise",
			"util.cache", "util.id", "util.http", "util.set" } do
			assert.is_table(require(name), name);
		end

		assert.equal("user@example.com/res", require "util.jid".prep("User@Example.COM/res"));
		assert.is_nil(require "util.jid".prep("a b@example.com"));

		local st = require "util.stanza";
		local msg = st.message({ to = "user@example.com" }, "hi"):tag("x", { xmlns = "urn:x" });
		assert.equal("<message to='user@example.com'><body>hi</body><x xmlns='urn:x'/></message>", tostring(msg));
		assert.has_error(function () st.stanza("a", { b = "\xC0\x80" }); end);

		local json = require "util.json";
		assert.equal('{"a":[1,2]}', json.encode({ a = { 1, 2 } }));
		assert.same({ 1, { b = true } }, json.decode('[1,{"b":true}]'));

		local parsed = require "util.xml".parse("<a xmlns='x'><b/></a>");
		assert.equal("a", parsed.name);
		assert.equal("x", parsed.attr.xmlns);
		assert.equal("b", parsed.tags[1].name);

		local e = require "util.error".new({ type = "cancel", condition = "item-not-found" });
		assert.equal("item-not-found", e.condition);

		local done;
		require "util.promise".resolve(42):next(function (v) done = v; end);
		assert.equal(42, done);

		local cache = require "util.cache".new(2);
		cache:set("a", 1); cache:set("b", 2); cache:set("c", 3);
		assert.is_nil(cache:get("a"));
		assert.equal(3, cache:get("c"));

		assert.is_string(require "util.id".short());
		assert.equal("a=1&b=x+y", require "util.http".formencode({ { name = "a", value = "1" }, { name = "b", value = "x y" } }));
		assert.is_true(require "util.set".new({ "a", "b" }):contains("b"));

		assert.equal("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
			require "util.hashes".hmac_sha256("Jefe", "what do ya want for nothing?", true));
	end);
end);
