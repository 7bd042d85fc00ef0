-- What the specs of mod_component_http share (required as
-- "mod_component_http.support"): dist/mod_component_http.lua (or
-- $COMPONENT_HTTP_DIST) loaded as a component through the module API mock
-- and the fake net.http (spec/helpers/fake_http.lua), stanzas built with
-- the real util.stanza and fired at its hooks, and the checks of what it
-- sends back. The contract is docs/mod_component_http/README.md.
--
--   local C = require "mod_component_http.support";
--   after_each(C.assert_clean_logs);
--   local m = C.load({ component_post_timeout = 3 });
--   C.answer_json(C.forward(m, C.message()), { body = "hi" });

local assert = require "luassert";
local support = require "support";
local json = require "util.json";

local C = {};

C.HOST = "bot.localhost";
C.URL = "http://127.0.0.1:8080/bot";
C.BOT = "echo@bot.localhost";
C.ALICE = "alice@localhost/phone";
C.ALICE_BARE = "alice@localhost";
C.JSON_CT = { ["Content-Type"] = "application/json" };
C.DEFAULT_TIMEOUT = 10;
C.MAX_ANSWER = 512 * 1024;

C.expect_logs = support.expect_logs;
C.assert_clean_logs = support.assert_clean_logs;
C.sorted_keys = support.sorted_keys;

--- Load the module as a component. `options` go over the defaults
--- (component_post_url = C.URL); a false value removes an option. The
--- status warnings ("Endpoint failing: ...") are expected by design.
function C.load(options)
	return support.load_module("mod_component_http", {
		host = C.HOST, host_type = "component",
		options = support.overlay({ component_post_url = C.URL }, options),
		expected = support.endpoint_status_warning,
	});
end

require "webhook_support"(C); -- message, iq, presence, event_name, deliver, forward, drop_status_warnings, ...

function C.answer_json(req, doc, code, headers)
	return req:answer(code or 200, type(doc) == "string" and doc or json.encode(doc), headers or C.JSON_CT);
end

--- The JSON document a request carries.
function C.payload(req)
	local doc = json.decode(req.body);
	assert.is_table(doc, "the request body is JSON");
	return doc;
end

return C;
