-- src/lib/yaml.ts: the deterministic YAML writer of the OpenAPI document,
-- from the library build. What it writes is read back by a real YAML
-- reader (the `yaml` npm package, through node) and must give the same JSON.

local support = require "support";
local json = require "util.json";
local array = require "util.array";

after_each(support.assert_clean_logs);

--- The JSON text (keys sorted) of what the `yaml` package reads from `text`.
local function read_back(text)
	local file = os.tmpname();
	local out = assert(io.open(file, "wb"));
	out:write(text);
	out:close();
	local script = "const fs = require('fs'); const y = require('yaml');"
		.. " process.stdout.write(JSON.stringify(y.parse(fs.readFileSync(process.argv[1], 'utf8'), { version: '1.2' })))";
	local pipe = assert(io.popen(("node -e %q %q 2>&1"):format(script, file)));
	local result = pipe:read("*a");
	pipe:close();
	os.remove(file);
	local value = json.decode(result);
	assert(value ~= nil, "the yaml package could not read it: " .. result .. "\n" .. text);
	return json.encode_ordered(value);
end

describe("lib/yaml", function ()
	local yaml = support.lib("yaml");

	it("writes block style, preferred keys first, then the others sorted", function ()
		local doc = {
			paths = { ["/b"] = { get = true }, ["/a"] = { post = false } },
			openapi = "3.1.0",
			info = { version = "1", title = "API" },
			list = { "x", { b = 1, a = { "y", "z" } }, { { 1, 2 } } },
			empty_object = {},
			empty_list = array(),
			none = json.null,
		};
		assert.equal(table.concat({
			'openapi: "3.1.0"',
			"info:",
			'  version: "1"',
			"  title: API",
			"paths:",
			"  /a:",
			"    post: false",
			"  /b:",
			"    get: true",
			"empty_list: []",
			"empty_object: {}",
			"list:",
			"  - x",
			"  - a:",
			'      - "y"',
			"      - z",
			"    b: 1",
			"  - - - 1",
			"      - 2",
			"none: null",
			"",
		}, "\n"), yaml.encode(doc, { "openapi", "info", "version", "paths" }));
	end);

	it("writes scalars alone on a line", function ()
		assert.equal("true\n", yaml.encode(true));
		assert.equal("null\n", yaml.encode(json.null));
		assert.equal('"a: b"\n', yaml.encode("a: b"));
		assert.equal("[]\n", yaml.encode(array()));
	end);

	it("quotes every string a reader could take for something else", function ()
		for _, text in ipairs({ "true", "False", "yes", "No", "on", "OFF", "y", "n", "null", "~", "", " a", "a ", "1", "1.5",
			"0x10", ".inf", "-a", "a: b", "a #b", "#a", "&a", "*a", "!a", "|", ">", "'a'", '"a"', "@a", "`a", "%a", "[a]", "{a}",
			"a,b", "?a", "a\nb" }) do
			local written = yaml.encode({ k = text });
			assert.equal("k: " .. yaml.quote(text) .. "\n", written, text);
		end
		assert.equal("k: plain words/with-dots.and_more (and this)\n", yaml.encode({ k = "plain words/with-dots.and_more (and this)" }));
	end);

	it("escapes like JSON: the quoted form is a JSON string", function ()
		local text = "tab\there \"q\" back\\slash nl\n cr\r nul\0 del\127 ls\226\128\168 ps\226\128\169 nel\194\133 bom\239\187\191 é ✓";
		local quoted = yaml.quote(text);
		assert.equal(text, json.decode(quoted));
		assert.is_nil(quoted:find("[%c]"));
		assert.is_nil(quoted:find("\226\128\168", 1, true));
	end);

	it("writes numbers as JSON does, whole numbers exactly", function ()
		assert.equal("v: 9007199254740991\n", yaml.encode({ v = 2 ^ 53 - 1 }));
		assert.equal("v: -128\n", yaml.encode({ v = -128 }));
		assert.equal("v: 0.1\n", yaml.encode({ v = 0.1 }));
		assert.equal("v: 1e+300\n", yaml.encode({ v = 1e300 }));
		assert.equal("v: null\n", yaml.encode({ v = 0 / 0 }));
	end);

	it("gives the same text for the same value", function ()
		local a, b = {}, {};
		for i = 1, 50 do a["k" .. i] = i; end
		for i = 50, 1, -1 do b["k" .. i] = i; end
		assert.equal(yaml.encode(a), yaml.encode(b));
	end);

	it("is read back as the same JSON by a YAML 1.2 reader", function ()
		local strings = {};
		for byte = 0, 127 do
			strings[#strings + 1] = "a" .. string.char(byte) .. "b";
			strings[#strings + 1] = string.char(byte);
		end
		for _, word in ipairs({ "true", "no", "Off", "null", "~", "", " x ", "- x", "x:", "é", "\226\128\168", "1e5", "0o17", "+1" }) do
			strings[#strings + 1] = word;
		end
		local doc = {
			strings = strings,
			keys = {},
			nested = { { a = { { b = array() } }, c = {} }, { 1, 2.5, -3, true, false, json.null } },
			["weird: key"] = { ["#"] = "-", ["- "] = "?" },
		};
		for i, text in ipairs(strings) do
			doc.keys[text] = i;
		end
		local text = yaml.encode(doc, { "strings" });
		assert.equal(json.encode_ordered(json.decode(json.encode(doc))), read_back(text));
	end);
end);
