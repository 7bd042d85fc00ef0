-- src/lib/options.ts: option getters that validate what Prosody's leave
-- unchecked, from the library build. The mock is Prosody 0.12's module API
-- (no get_option_integer, no get_option_period); the Prosody 13 methods are
-- added to it where a spec says so.

local support = require "support";

after_each(support.assert_clean_logs);

-- A fresh library and mock for each test; `with(...)` reads "some_option"
-- set to `value`.
local options, m;
before_each(function () options, m = support.lib("options"); end);

describe("lib/options positiveNumberOption", function ()
	local function with(value, fallback, allow_zero)
		m.options.some_option = value;
		return options.positiveNumberOption("some_option", fallback or 7, allow_zero);
	end

	it("returns a positive value, numeric strings included, without a warning", function ()
		assert.equal(5, with(5));
		assert.equal(0.5, with(0.5));
		assert.equal(12, with("12"));
		assert.same({}, m.problems());
	end);

	it("returns the default for an unset option, without a warning", function ()
		assert.equal(7, with(nil));
		assert.same({}, m.problems());
	end);

	it("accepts 0 only when allowed", function ()
		assert.equal(0, with(0, 7, true));
		assert.same({}, m.problems());
		assert.equal(7, with(0));
		assert.equal(1, #m.logs_of("warn", "some_option"));
		support.expect_logs(m, "warn", "some_option");
	end);

	for _, value in ipairs({ -1, -0.5, 0 / 0, math.huge }) do
		it("falls back with a warning for " .. tostring(value), function ()
			assert.equal(7, with(value));
			assert.equal(7, with(value, 7, true));
			assert.equal(2, #m.logs_of("warn", "some_option"));
			support.expect_logs(m, "warn", "some_option");
		end);
	end

	it("falls back for a value that is not a number (Prosody logs an error, the lib a warning)", function ()
		assert.equal(7, with("lots"));
		assert.equal(1, #m.logs_of("error", "some_option"));
		assert.equal(1, #m.logs_of("warn", "some_option"));
		support.expect_logs(m, "error", "some_option");
		support.expect_logs(m, "warn", "some_option");
	end);
end);

describe("lib/options positiveIntegerOption", function ()
	local function with(value, fallback, allow_zero)
		m.options.some_option = value;
		return options.positiveIntegerOption("some_option", fallback or 7, allow_zero);
	end

	it("returns a whole positive value, numeric strings included, without a warning", function ()
		assert.equal(5, with(5));
		assert.equal(12, with("12"));
		assert.equal(7, with(nil));
		assert.equal(0, with(0, 7, true));
		assert.same({}, m.problems());
	end);

	it("rounds a fraction down, with a warning", function ()
		assert.equal(2, with(2.5));
		assert.equal(1, #support.expect_logs(m, "warn", "some_option"));
	end);

	for _, value in ipairs({ 0, -1, 0 / 0, math.huge }) do
		it("falls back with a warning for " .. tostring(value), function ()
			assert.equal(7, with(value));
			support.expect_logs(m, "warn", "some_option");
		end);
	end

	it("falls back for a value that is not a number", function ()
		assert.equal(7, with("lots"));
		support.expect_logs(m, "error", "some_option");
		support.expect_logs(m, "warn", "some_option");
	end);

	it("uses Prosody 13's get_option_integer when the module API has it", function ()
		local asked = {};
		m.api.get_option_integer = function (self, name, default)
			assert.equal(m.api, self);
			asked[#asked + 1] = { name, default };
			return 42;
		end;
		assert.equal(42, with(2.5));
		assert.same({ { "some_option", 7 } }, asked);
		assert.same({}, m.problems());
	end);

	it("falls back with a warning when Prosody 13's get_option_integer raises or gives nothing usable", function ()
		m.api.get_option_integer = function () error("not an integer"); end;
		assert.equal(7, with("lots"));
		m.api.get_option_integer = function () return -3; end;
		assert.equal(7, with(-3));
		-- 13.0.1 clamps 1e999 to the largest integer: no limit at all, so the default instead.
		m.api.get_option_integer = function () return 2^63; end;
		assert.equal(7, with(1e999));
		assert.equal(3, #support.expect_logs(m, "warn", "some_option"));
	end);
end);

describe("lib/options periodOption", function ()
	local function with(value, fallback, allow_zero)
		m.options.some_option = value;
		return options.periodOption("some_option", fallback or 60, allow_zero);
	end

	it("reads numbers and numeric strings as seconds, without a warning", function ()
		assert.equal(30, with(30));
		assert.equal(1.5, with("1.5"));
		assert.equal(60, with(nil));
		assert.equal(0, with(0, 60, true));
		assert.same({}, m.problems());
	end);

	for _, value in ipairs({ 0, -1, 0 / 0, math.huge }) do
		it("falls back with a warning for " .. tostring(value), function ()
			assert.equal(60, with(value));
			support.expect_logs(m, "warn", "some_option");
		end);
	end

	it("falls back for a period in words on Prosody 0.12 (no get_option_period)", function ()
		assert.equal(60, with("5 minutes"));
		support.expect_logs(m, "error", "some_option");
		support.expect_logs(m, "warn", "some_option");
	end);

	it("reads a period in words with Prosody 13's get_option_period, numbers staying seconds", function ()
		m.api.get_option_period = function (self, name, default)
			assert.equal(m.api, self);
			assert.equal("some_option", name);
			assert.equal(60, default);
			return 300;
		end;
		assert.equal(300, with("5 minutes"));
		assert.equal(60, with(-1), "a negative number is no period (not forever)");
		support.expect_logs(m, "warn", "some_option");
		assert.equal(45, with("45"));
	end);
end);
