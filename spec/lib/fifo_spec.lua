-- src/lib/fifo.ts: the webhook queue, from the library build, against a
-- plain list as the model.

local support = require "support";

after_each(support.assert_clean_logs);

describe("lib/fifo", function ()
	local fifo = support.lib("fifo");

	it("gives items back oldest first, nil when empty, and counts them", function ()
		local q = fifo.newFifo();
		assert.is_nil(q.shift());
		assert.equal(0, q.size());
		q.push("a"); q.push("b"); q.push("c");
		assert.equal(3, q.size());
		assert.equal("a", q.shift());
		q.push("d");
		assert.same({ "b", "c", "d" }, q.drain());
		assert.equal(0, q.size());
		assert.is_nil(q.shift());
		q.push("e");
		assert.equal("e", q.shift());
	end);

	it("matches a list under random pushes, shifts and drains", function ()
		local seed = tonumber(os.getenv("SPEC_SEED") or "") or os.time();
		math.randomseed(seed);
		local q, model, n = fifo.newFifo(), {}, 0;
		for step = 1, 20000 do
			local op = math.random(10);
			if op <= 5 then
				n = n + 1;
				q.push(n);
				model[#model + 1] = n;
			elseif op <= 9 then
				assert.equal(table.remove(model, 1), q.shift(), "seed " .. seed .. ", step " .. step);
			else
				assert.same(model, q.drain(), "seed " .. seed .. ", step " .. step);
				model = {};
			end
			assert.equal(#model, q.size(), "seed " .. seed .. ", step " .. step);
		end
	end);
end);
