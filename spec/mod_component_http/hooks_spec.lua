-- mod_component_http: loading as a component, the hooks it adds and which
-- stanza kinds reach the endpoint (component_post_stanzas, post_stanza_types).
-- Contract: docs/mod_component_http/README.md. Shared setup: spec/mod_component_http/support.lua.

local C = require "mod_component_http.support";
local HOST, BOT, load, expect_logs, message, iq = C.HOST, C.BOT, C.load, C.expect_logs, C.message, C.iq;
local presence, event_name, deliver, forward = C.presence, C.event_name, C.deliver, C.forward;
local payload = C.payload;

after_each(C.assert_clean_logs);

describe("mod_component_http loading", function ()
	it("loads as a component without a problem and keeps the status Loaded", function ()
		local m = load();
		assert.equal("component", m.api:get_host_type());
		assert.same({}, m.problems());
		assert.equal("core", m.status.type);
		assert.equal("Loaded", m.status.message);
		assert.equal(0, #m.http_requests);
		assert.equal(0, #m.sent);
	end);
end);

describe("mod_component_http hooks", function ()
	local targets = {
		host = HOST,
		bare = BOT,
		full = BOT .. "/resource",
	};
	local builders = { message = message, presence = presence, iq = iq };
	for _, kind in ipairs({ "message", "presence", "iq" }) do
		for _, addressing in ipairs({ "host", "bare", "full" }) do
			it(("forwards %s/%s when %s is forwarded"):format(kind, addressing, kind), function ()
				local m = load({ component_post_stanzas = { "message", "presence", "iq" } });
				local stanza = builders[kind]({ to = targets[addressing] });
				assert.equal(kind .. "/" .. addressing, event_name(stanza));
				local doc = payload(forward(m, stanza));
				assert.equal(kind, doc.kind);
				assert.equal(targets[addressing], doc.to);
			end);
		end
	end

	it("does not forward kinds that are not forwarded (iq by default: other than disco#info and ping, left to Prosody)", function ()
		local m = load();
		for _, addressing in ipairs({ "host", "bare", "full" }) do
			local handled = deliver(m, iq({ to = targets[addressing] }));
			assert.is_nil(handled);
		end
		assert.equal(0, #m.http_requests);
		assert.equal(0, #m.sent);
	end);

	it("handles presence itself on every addressing when presence is not forwarded", function ()
		local m = load();
		for _, addressing in ipairs({ "host", "bare", "full" }) do
			local handled = deliver(m, presence({ to = targets[addressing], type = "probe" }));
			assert.is_true(handled);
		end
		assert.equal(0, #m.http_requests);
		assert.equal(3, #m.sent);
	end);
end);

describe("mod_component_http forwarded kinds (component_post_stanzas, post_stanza_types)", function ()
	local function forwards(m, stanza)
		local handled, req = deliver(m, stanza);
		return handled == true and req ~= nil;
	end

	it("forwards messages only by default", function ()
		local m = load();
		assert.is_true(forwards(m, message()));
		assert.is_false(forwards(m, iq()));
		assert.is_false(forwards(m, presence({ type = "probe" })));
		assert.equal(1, #m.http_requests);
	end);

	it("follows component_post_stanzas", function ()
		local m = load({ component_post_stanzas = { "iq" } });
		assert.is_true(forwards(m, iq()));
		assert.is_false(forwards(m, message()));
		assert.is_nil((deliver(m, message())));
	end);

	it("takes component_post_stanzas given as a single string", function ()
		local m = load({ component_post_stanzas = "presence" });
		assert.is_true(forwards(m, presence({ type = "probe" })));
		assert.is_false(forwards(m, message()));
		assert.equal(0, #m.sent, "no default presence answer when presence is forwarded");
	end);

	it("honours the older name post_stanza_types", function ()
		local m = load({ post_stanza_types = { "iq", "presence" } });
		assert.is_true(forwards(m, iq()));
		assert.is_true(forwards(m, presence({ type = "subscribe" })));
		assert.is_false(forwards(m, message()));
	end);

	it("lets component_post_stanzas win over post_stanza_types", function ()
		local m = load({ component_post_stanzas = { "message" }, post_stanza_types = { "iq" } });
		assert.is_true(forwards(m, message()));
		assert.is_false(forwards(m, iq()));
	end);

	it("ignores unknown kinds among known ones, with a warning naming them", function ()
		local m = load({ component_post_stanzas = { "message", "bogus" } });
		expect_logs(m, "warn", "bogus");
		assert.is_true(forwards(m, message()));
		assert.is_false(forwards(m, iq()));
	end);
end);
