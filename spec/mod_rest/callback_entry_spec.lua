-- mod_rest webhooks: the module's entry (dist/mod_rest.lua, or $REST_DIST)
-- sets them up at load, on a Component and on a VirtualHost.
-- Shared setup: spec/mod_rest/callback_support.lua.

local R = require "mod_rest.callback_support";
local support = require "support";

after_each(R.assert_clean_logs);

local function load_dist(options, host_type)
	local component = host_type ~= "local";
	if component then
		options = support.merge({ component_secret = "s3cret" }, options); -- else the API warns about Basic auth
	end
	return support.load_module("mod_rest", {
		host = component and R.HOST or R.VHOST, host_type = host_type or "component",
		options = options, expected = support.endpoint_status_warning,
	});
end

describe("mod_rest webhooks in the module", function ()
	it("probes the URL at load and forwards stanzas on a Component", function ()
		local m = load_dist({ rest_callback_url = R.URL });
		assert.equal(1, #m.http_requests);
		assert.equal("OPTIONS", m.http_requests[1].method);
		m.http_requests[1]:answer(200, "", { Accept = "application/json" });
		local req = R.forward(m, R.message());
		assert.equal(R.JSON, R.header(req, "Content-Type"));
		R.answer(req, 200, '{"body":"hi"}', R.JSON_CT);
		local reply = R.the_reply(m);
		assert.equal("hi", reply:get_child_text("body"));
		assert.equal(R.ALICE, reply.attr.to);
		assert.equal(R.BOT, reply.attr.from);
	end);

	it("forwards what is addressed to a VirtualHost", function ()
		local m = load_dist({ rest_callback_url = R.URL }, "local");
		m.http_requests[1]:answer(204, "");
		R.answer(R.forward(m, R.iq({ to = R.VHOST })), 204);
		assert.equal("result", R.the_reply(m).attr.type);
		assert.is_nil((R.deliver(m, R.message({ to = "bob@localhost" }))));
	end);

	it("does nothing without rest_callback_url", function ()
		local m = load_dist({});
		assert.equal(0, #m.http_requests);
		assert.is_nil((R.deliver(m, R.message())));
	end);
end);
