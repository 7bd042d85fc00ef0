-- src/lib/stanza_errors.ts: the XMPP error for an HTTP status, from the library build.

local support = require "support";
local st = require "util.stanza";

after_each(support.assert_clean_logs);

describe("lib/stanza_errors errorForStatus", function ()
	local stanza_errors = support.lib("stanza_errors", { host = "bot.localhost", host_type = "component" });
	local keys_of = support.copy;
	local expected = {
		[400] = { "modify", "bad-request" }, [401] = { "auth", "not-authorized" },
		[402] = { "auth", "forbidden" }, [403] = { "auth", "forbidden" },
		[404] = { "cancel", "item-not-found" }, [410] = { "cancel", "gone" },
		[500] = { "cancel", "internal-server-error" }, [501] = { "cancel", "feature-not-implemented" },
		[502] = { "cancel", "remote-server-timeout" }, [503] = { "wait", "remote-server-timeout" },
		[504] = { "wait", "remote-server-timeout" },
	};
	it("maps every listed status", function ()
		for code, e in pairs(expected) do
			assert.same({ type = e[1], condition = e[2] }, keys_of(stanza_errors.errorForStatus(code)), tostring(code));
		end
	end);
	it("maps any other status to cancel/service-unavailable", function ()
		for _, code in ipairs({ 0, 100, 301, 405, 418, 429, 505, 599, 1000, -1 }) do
			assert.same({ type = "cancel", condition = "service-unavailable" }, keys_of(stanza_errors.errorForStatus(code)), tostring(code));
		end
	end);
	it("gives conditions util.stanza accepts in an error reply", function ()
		for code in pairs(expected) do
			local e = stanza_errors.errorForStatus(code);
			local reply = st.error_reply(st.message({ from = "a@x", to = "b@y" }), e.type, e.condition);
			local t, c = reply:get_error();
			assert.equal(e.type, t);
			assert.equal(e.condition, c);
		end
	end);
end);
