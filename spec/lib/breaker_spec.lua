-- src/lib/breaker.ts: the circuit breaker's states on the mock's fake clock
-- (module timers run by m.advance), with a fixed jitter.

local support = require "support";

after_each(support.assert_clean_logs);

describe("lib/breaker", function ()
	-- A breaker with its changes recorded; `random` fixes the jitter (0.5: none).
	local function new(config)
		local lib, m = support.lib("breaker");
		local changes = {};
		local full = { failures = 3, cooldown = 1, maxCooldown = 10, random = function () return 0.5; end };
		for k, v in pairs(config or {}) do full[k] = v; end
		full.onChange = function (state, reason, cooldown)
			changes[#changes + 1] = { state = state, reason = reason, cooldown = cooldown };
		end
		return lib.newBreaker(full), m, changes;
	end
	local function fail(b, n, probe)
		for _ = 1, n do b.failure("HTTP 500", probe or false); end
	end

	it("admits everything while closed, and opens after `failures` consecutive failures", function ()
		local b, _, changes = new();
		assert.same({ true, false }, { b.admit() });
		fail(b, 2);
		assert.equal("closed", b.state());
		fail(b, 1);
		assert.equal("open", b.state());
		assert.same({ { state = "open", reason = "HTTP 500", cooldown = 1 } }, changes);
		assert.same({ false, false }, { b.admit() });
	end);

	it("counts consecutive failures only: a success starts over", function ()
		local b = new();
		fail(b, 2);
		b.success();
		fail(b, 2);
		assert.equal("closed", b.state());
		fail(b, 1);
		assert.equal("open", b.state());
	end);

	it("turns half-open after the cooldown and admits exactly one probe", function ()
		local b, m, changes = new();
		fail(b, 3);
		m.advance(0.99);
		assert.equal("open", b.state());
		m.advance(0.01);
		assert.equal("half-open", b.state());
		assert.equal("half-open", changes[2].state);
		assert.same({ true, true }, { b.admit() });
		assert.same({ false, false }, { b.admit() });
		assert.same({ false, false }, { b.admit() });
	end);

	it("closes when the probe succeeds, and starts counting from zero", function ()
		local b, m, changes = new();
		fail(b, 3);
		m.advance(1);
		b.admit();
		b.success();
		assert.equal("closed", b.state());
		assert.equal("closed", changes[3].state);
		assert.same({ true, false }, { b.admit() });
		fail(b, 2);
		assert.equal("closed", b.state());
	end);

	it("reopens for a doubled cooldown when the probe fails, up to the cap", function ()
		local b, m, changes = new({ maxCooldown = 5 });
		fail(b, 3);
		local cooldowns = { changes[1].cooldown };
		for _ = 1, 5 do
			m.advance(changes[#changes].cooldown);
			assert.equal("half-open", b.state());
			local admitted, probe = b.admit();
			assert.is_true(admitted and probe);
			b.failure("timeout", true);
			assert.equal("open", b.state());
			cooldowns[#cooldowns + 1] = changes[#changes].cooldown;
		end
		assert.same({ 1, 2, 4, 5, 5, 5 }, cooldowns);
	end);

	it("resets the cooldown after it closes", function ()
		local b, m, changes = new();
		fail(b, 3);
		m.advance(1); b.admit(); b.failure("x", true); -- 2 s
		m.advance(2); b.admit(); b.success();
		fail(b, 3);
		assert.equal(1, changes[#changes].cooldown);
	end);

	it("jitters each cooldown within [0.8, 1.2) of the schedule, never over the cap", function ()
		local b, m, changes = new({ random = function () return 0.999; end, maxCooldown = 2 });
		fail(b, 3);
		assert.near(1.1996, changes[1].cooldown, 1e-9);
		m.advance(changes[1].cooldown); b.admit(); b.failure("x", true);
		assert.equal(2, changes[#changes].cooldown, "2 * 1.1996 capped at 2");
		local b2, _, changes2 = new({ random = function () return 0; end });
		fail(b2, 3);
		assert.near(0.8, changes2[1].cooldown, 1e-9);
	end);

	it("ignores failures of requests sent before it opened, and of non-probes while half-open", function ()
		local b, m, changes = new();
		fail(b, 3);
		fail(b, 5);
		assert.equal(1, #changes);
		m.advance(1);
		b.admit();
		b.failure("late", false);
		assert.equal("half-open", b.state());
	end);

	it("closes on any success, even of a request sent before it opened", function ()
		local b = new();
		fail(b, 3);
		b.success();
		assert.equal("closed", b.state());
		assert.same({ true, false }, { b.admit() });
	end);

	it("never opens on failures with failures = 0", function ()
		local b = new({ failures = 0 });
		fail(b, 100);
		assert.equal("closed", b.state());
	end);

	it("pauses for a Retry-After, bounded by maxCooldown, whatever the count", function ()
		local b, m, changes = new({ failures = 0 });
		b.pause(3, "HTTP 503 with Retry-After 3");
		assert.equal("open", b.state());
		assert.equal(3, changes[1].cooldown);
		m.advance(3);
		assert.equal("half-open", b.state());
		b.admit();
		b.pause(3600, "HTTP 429 with Retry-After 3600");
		assert.equal(10, changes[#changes].cooldown);
		m.advance(9.9);
		assert.equal("open", b.state());
		m.advance(0.1);
		assert.equal("half-open", b.state());
	end);

	it("ignores a pause of zero seconds (a date already past)", function ()
		local b, _, changes = new();
		b.pause(0, "HTTP 503 with Retry-After 0");
		assert.equal("closed", b.state());
		assert.equal(0, #changes);
	end);

	it("a later pause replaces the cooldown timer: the earlier one does not half-open it", function ()
		local b, m = new();
		fail(b, 3); -- open for 1 s
		b.pause(5, "Retry-After 5");
		m.advance(1);
		assert.equal("open", b.state());
		m.advance(4);
		assert.equal("half-open", b.state());
	end);
end);
