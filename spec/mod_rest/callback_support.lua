-- What the specs of mod_rest's webhooks share (required as
-- "mod_rest.callback_support"): src/mod_rest/callback.ts from the library
-- build (.build/lua/src/mod_rest/callback.lua, with the real formats and
-- mapping beside it, or stubs) run in the environment of a module API mock
-- with the fake net.http, setupCallbacks() called as the entry calls it at
-- load; stanzas built with the real util.stanza and fired at its hooks; the
-- webhook's answers scripted through the fake requests.
-- Contract: the "Receiving: webhooks" section of the mod_rest contract and
-- docs/mod_rest/README.md (Webhooks).
--
--   local R = require "mod_rest.callback_support";
--   after_each(R.assert_clean_logs);
--   local m = R.load({ rest_callback_content_type = "json" });
--   R.answer(R.forward(m, R.message()), 200, "<message><body>hi</body></message>", R.XML_CT);

local assert = require "luassert";
local support = require "support";
local xml = require "util.xml";

local R = {};

R.HOST = "rest.localhost";           -- the component
R.VHOST = "localhost";               -- a VirtualHost
R.URL = "http://127.0.0.1:8080/hook";
R.BOT = "bot@rest.localhost";
R.ALICE = "alice@localhost/phone";
R.ALICE_BARE = "alice@localhost";
R.ROOM = "room@muc.localhost";
R.RECEIPTS = "urn:xmpp:receipts";
R.XML = "application/xmpp+xml";
R.JSON = "application/json";
R.FORM = "application/x-www-form-urlencoded";
R.XML_CT = { ["Content-Type"] = "application/xmpp+xml" };
R.JSON_CT = { ["Content-Type"] = "application/json" };
R.FORM_CT = { ["Content-Type"] = "application/x-www-form-urlencoded" };
R.TEXT_CT = { ["Content-Type"] = "text/plain; charset=utf-8" };
R.READ_BACK = "application/xmpp+xml, application/json, application/x-www-form-urlencoded, text/plain";
R.DEFAULT_TIMEOUT = 10;
R.MAX_ANSWER = 512 * 1024;

R.expect_logs = support.expect_logs;
R.assert_clean_logs = support.assert_clean_logs;

-- The text of each file of the library build, read once.
local texts = {};

--- A require for code of the library build run in the environment of mock
--- `m`: src.* modules from .build/lua (passed through `wrappers[name]`
--- when given: it gets the real module and returns what is used instead),
--- anything else the real require.
local function src_require_for(m, wrappers)
	local cache = {};
	local module_require = rawget(m.env, "require") or require; -- the mock's (util.time on the fake clock)
	local function src_require(modname)
		if cache[modname] ~= nil then return cache[modname]; end
		if not modname:match("^src%.") then return module_require(modname); end
		local file = support.lib_file(modname);
		texts[file] = texts[file] or support.read(file);
		local chunk = assert(load(texts[file], "@" .. file, "t", m.env));
		local value = chunk(modname);
		if value == nil then value = true; end
		if wrappers[modname] then value = wrappers[modname](value); end
		cache[modname] = value;
		return value;
	end
	return src_require;
end

--- The status warnings of the delivery library, and the errors a spec expects.
local function expected_by_design(entry)
	return support.endpoint_status_warning(entry);
end

--- Load the webhooks on a host: `options` over { rest_callback_url = R.URL }
--- (false removes one). opts: host_type ("component", default, or
--- "local"), host (default R.HOST or R.VHOST), wrap ({ [modname] = function (real)
--- return replacement end }, e.g. to make encodeStanza fail), probe (the answer to the OPTIONS probe made at load:
--- { code, body, headers }; default 200 without headers; false leaves it
--- pending). Returns the mock; m.probe is the probe request.
function R.load(options, opts)
	opts = opts or {};
	local host_type = opts.host_type or "component";
	local host = opts.host or (host_type == "component" and R.HOST or R.VHOST);
	local m = support.load(support.LIB_HOST, {
		host = host, host_type = host_type, name = "rest",
		options = support.overlay({ rest_callback_url = R.URL }, options),
		expected = opts.expected or expected_by_design,
	});
	local src_require = src_require_for(m, opts.wrap or {});
	rawset(m.env, "require", src_require);
	m.callback = src_require("src.mod_rest.callback");
	m.callback.setupCallbacks();
	m.probe = m.http_requests[1];
	if m.probe and opts.probe ~= false then
		local answer = opts.probe or { code = 200 };
		m.probe:answer(answer.code, answer.body or "", answer.headers);
	end
	return m;
end

--- Load on a VirtualHost (localhost).
function R.load_vhost(options, opts)
	opts = support.copy(opts);
	opts.host_type = "local";
	return R.load(options, opts);
end

---------------------------------------------------------------------------
-- Stanzas and events
---------------------------------------------------------------------------

require "webhook_support"(R); -- message, iq, presence, event_name, deliver, forward, drop_status_warnings, ...

--- A message asking for a receipt (XEP-0184).
function R.receipt_request(attrs, body)
	return R.message(attrs, body):tag("request", { xmlns = R.RECEIPTS }):up();
end

--- Answer a request: code, body, headers.
function R.answer(req, code, body, headers)
	return req:answer(code, body or "", headers);
end

--- Answer with a stanza (XML text) as application/xmpp+xml, 200.
function R.answer_xml(req, text, code)
	return req:answer(code or 200, text, R.XML_CT);
end

--- A request's header by name, any case.
function R.header(req, name)
	for k, v in pairs(req.headers) do
		if k:lower() == name:lower() then return v; end
	end
	return nil;
end

--- The stanza an XML request body holds.
function R.body_stanza(req)
	local parsed, err = xml.parse(req.body);
	assert.is_table(parsed, "the body is XML: " .. tostring(err));
	return parsed;
end

return R;
