-- The library build the other spec/lib/ files test: every src/lib/*.ts is a
-- Lua file of .build/lua/src/lib/ (`node build/build.mjs --lib .build/lua`,
-- run by `make spec`) that loads on its own, starts nothing, and is the very
-- code the modules' bundles in dist/ carry.

local support = require "support";
local dir = require "pl.dir";
local path = require "pl.path";

after_each(support.assert_clean_logs);

-- The names of the library files: src/lib/x.ts -> "x".
local function library_names()
	local names = {};
	for _, file in ipairs(dir.getfiles("src/lib", "*.ts")) do
		if not file:match("%.d%.ts$") then
			names[#names + 1] = path.basename(file):gsub("%.ts$", "");
		end
	end
	table.sort(names);
	return names;
end

-- The modules: src/mod_x/ -> "mod_x".
local function module_names()
	local names = {};
	for _, folder in ipairs(dir.getdirectories("src")) do
		local name = path.basename(folder);
		-- A module is a folder with its entry file (as the Makefile and build/build.mjs say).
		if name:match("^mod_") and path.isfile(path.join(folder, name .. ".ts")) then names[#names + 1] = name; end
	end
	table.sort(names);
	return names;
end

-- The library modules a bundle carries: name -> Lua text.
local function bundled_libraries(bundle)
	local found = {};
	for name, body in support.read(bundle):gmatch('%["src%.lib%.([%w_]+)"%] = function%(%.%.%.%) *\n(.-)\n end,\n') do
		found[name] = body;
	end
	return found;
end

local function trim_end(text)
	return (text:gsub("%s+$", ""));
end

describe("lib build", function ()
	it("has a Lua file for every src/lib/*.ts, found on package.path", function ()
		local names = library_names();
		assert.truthy(#names >= 10, "the library files");
		for _, name in ipairs(names) do
			assert.equal(support.LIB_DIR .. "/src/lib/" .. name .. ".lua", support.lib_file("src.lib." .. name));
		end
	end);

	it("loads every library file on its own, in a module environment, without starting anything", function ()
		for _, name in ipairs(library_names()) do
			local lib, m = support.lib(name);
			assert.is_table(lib, name);
			assert.equal(0, #m.routes, name);
			assert.is_nil(m.provided.http, name);
			assert.same({}, m.sent, name);
			assert.equal(0, #m.http_requests, name);
			assert.same({}, m.pending_timers(), name);
			assert.same({}, m.problems(), name);
		end
	end);

	it("loads a library's own imports from the build too, once per module environment", function ()
		local _, _, lib_require = support.lib("respond");
		assert.equal(lib_require("src.lib.json"), lib_require("src.lib.json"));
		assert.equal(lib_require("src.lib.negotiate").negotiate, lib_require("src.lib.negotiate").negotiate);
		local other = select(3, support.lib("respond"));
		assert.are_not.equal(lib_require("src.lib.json"), other("src.lib.json"));
	end);

	for _, module_name in ipairs(module_names()) do
		it("is the code " .. module_name .. "'s bundle carries", function ()
			local bundled = bundled_libraries(support.dist(module_name));
			assert.is_string(bundled.options, "the bundle carries src/lib/options");
			for name, body in pairs(bundled) do
				assert.equal(trim_end(support.read(support.lib_file("src.lib." .. name))), trim_end(body), name);
			end
		end);
	end

	it("finds every library module in the bundle of the module that uses it", function ()
		local post_msg = bundled_libraries(support.dist("mod_post_msg"));
		for _, name in ipairs({ "json", "text", "media_type", "form", "negotiate", "respond", "auth", "address", "options" }) do
			assert.is_string(post_msg[name], name);
		end
		local component_http = bundled_libraries(support.dist("mod_component_http"));
		for _, name in ipairs({ "json", "text", "media_type", "webhook", "stanza_errors", "address", "options" }) do
			assert.is_string(component_http[name], name);
		end
	end);

	it("compiles the same shared code into both bundles", function ()
		local a, b = bundled_libraries(support.dist("mod_post_msg")), bundled_libraries(support.dist("mod_component_http"));
		for _, name in ipairs({ "json", "text", "media_type", "address", "options" }) do
			assert.equal(a[name], b[name], name);
		end
	end);
end);
