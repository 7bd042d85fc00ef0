-- What the API specs of mod_rest share (required as "mod_rest.support"):
-- dist/mod_rest.lua (or $REST_DIST) loaded through the module API mock
-- with three accounts, requests authenticated as alice by default, fake
-- mod_tokenauth APIs of both Prosody versions, and the checks of answers.
-- The contract is docs/mod_rest/README.md.
--
--   local R = require "mod_rest.support";
--   after_each(R.assert_clean_logs);
--   local m = R.load({ options = { rest_iq_timeout = 5 } });
--   local res = R.post_xml(m, "/rest", "<message to='bob@localhost'><body>hi</body></message>");
--   R.assert_accepted(m, res);

local assert = require "luassert";
local support = require "support";
local st = require "util.stanza";
local json = require "util.json";
local xml = require "util.xml";
local http_util = require "util.http";

local R = {};

R.HOST = "localhost";
R.COMPONENT = "rest.localhost";
R.USERS = { alice = "secret", bob = "bobpw", carol = "carolpw" };
R.ALICE = support.basic("alice", "secret");
R.BOB = support.basic("bob", "bobpw");
R.CHALLENGES = 'Basic realm="localhost/rest", Bearer realm="localhost/rest"';
R.XMPP = "application/xmpp+xml";
R.JSON = "application/json";
R.FORM = "application/x-www-form-urlencoded";
R.TEXT = "text/plain";
R.XMLNS_STREAMS = "http://etherx.jabber.org/streams";
R.XMLNS_STREAM_ERRORS = "urn:ietf:params:xml:ns:xmpp-streams";
R.XMLNS_STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";
R.XMLNS_MAM = "urn:xmpp:mam:2";
R.XMLNS_PING = "urn:xmpp:ping";

R.basic = support.basic;
R.describe_res = support.describe_res;
R.assert_clean_logs = support.assert_clean_logs;
R.expect_logs = support.expect_logs;

--- A fake mod_tokenauth of Prosody 0.12: `tokens` maps a token to its
--- session { username, host, resource } ("raise": the store fails).
function R.tokenauth_012(tokens)
	local api = { calls = {} };
	function api.get_token_info(token)
		api.calls[#api.calls + 1] = { token = token };
		local session = tokens[token];
		if session == "raise" then error("token store is down"); end
		if session == nil then return nil, "not-authorized"; end
		return { owner = "x", created = 0, jid = "x", session = session };
	end
	return api;
end

--- A fake mod_tokenauth of Prosody 13.0: get_token_info gives the grant's
--- JID (with the token's resource, if any); get_token_session(token, resource)
--- takes the resource it is given (13.0 looks for the token's own in the
--- token's info, where it never is), or generates one.
function R.tokenauth_13(tokens)
	local api = { calls = {} };
	local function lookup(token)
		local session = tokens[token];
		if session == "raise" then error("token store is down"); end
		return session;
	end
	function api.get_token_info(token)
		local session = lookup(token);
		if session == nil then return nil, "not-authorized"; end
		local jid = session.username .. "@" .. session.host .. (session.resource and ("/" .. session.resource) or "");
		return { created = 0, jid = jid, role = "prosody:registered", grant = { jid = jid, resource = session.resource } };
	end
	function api.get_token_session(token, resource)
		api.calls[#api.calls + 1] = { token = token, resource = resource };
		local session = lookup(token);
		if session == nil then return nil, "not-authorized"; end
		return { username = session.username, host = session.host, resource = resource or "generated" };
	end
	return api;
end

--- Load the module (mock.load options; users default to R.USERS).
function R.load(opts)
	opts = support.copy(opts);
	opts.users = opts.users or support.copy(R.USERS);
	return support.load_module("mod_rest", opts);
end

--- Load the module as a Component (R.COMPONENT); `options` over { component_secret = "s3cret" }.
function R.load_component(options, opts)
	opts = support.copy(opts);
	opts.host, opts.host_type = R.COMPONENT, "component";
	opts.options = support.overlay({ component_secret = "s3cret" }, options);
	opts.expected = opts.expected;
	return R.load(opts);
end

-- Requests: Basic alice unless `headers` say otherwise (false removes one).
local client = support.client({ Authorization = R.ALICE });
R.send = client.send;
R.request = client.request;
R.post = client.post;
R.post_json = client.post_json;
R.post_form = client.post_form;

function R.get(m, path, headers)
	return client.request(m, "GET", path, nil, headers);
end

function R.post_xml(m, path, body, headers)
	return client.post(m, path, body, support.merge({ ["Content-Type"] = R.XMPP }, headers));
end

function R.post_text(m, path, body, headers)
	return client.post(m, path, body, support.merge({ ["Content-Type"] = R.TEXT }, headers));
end

--- A 202 without a body, one stanza sent; returns it.
function R.assert_accepted(m, res)
	assert.equal(202, res.status, R.describe_res(res));
	assert.equal("", res.body);
	assert.equal(1, #m.sent, "one stanza sent");
	return m.sent[1];
end

--- Parse an XML answer body.
function R.parse(body)
	local parsed, err = xml.parse(body);
	assert(parsed, "not XML: " .. tostring(err) .. ": " .. tostring(body));
	return parsed;
end

--- A 200 with a stanza in XML; returns it parsed.
function R.assert_xml(res)
	assert.equal(200, res.status, R.describe_res(res));
	assert.equal(R.XMPP, res.headers.content_type);
	return R.parse(res.body);
end

--- A 200 with JSON; returns it decoded.
function R.assert_json(res)
	assert.equal(200, res.status, R.describe_res(res));
	assert.equal(R.JSON, res.headers.content_type);
	return json.decode(res.body);
end

--- An error answer in JSON: status, condition, nothing sent; returns the document.
function R.assert_json_error(m, res, status, condition)
	assert.equal(status, res.status, R.describe_res(res));
	assert.is_nil(res.error);
	assert.equal(R.JSON, res.headers.content_type);
	local doc = json.decode(res.body);
	assert.equal("error", doc.type);
	assert.equal(status, doc.code);
	if condition then assert.equal(condition, doc.error.condition); end
	assert.is_string(doc.error.type);
	if m then assert.equal(0, #m.sent, "nothing sent"); end
	return doc;
end

--- An error answer (any format): status and nothing sent; returns res.
function R.assert_error(m, res, status)
	assert.equal(status, res.status, R.describe_res(res));
	assert.is_nil(res.error);
	if m then assert.equal(0, #m.sent, "nothing sent"); end
	return res;
end

--- The form fields of a body.
function R.form(body)
	local fields = {};
	for k, v in pairs(http_util.formdecode(body)) do
		if type(k) == "string" then fields[k] = v; end
	end
	return fields;
end

--- A ping iq (attrs over { type = "get", to = "localhost", id = "p1" }).
function R.ping_xml(attrs)
	local iq = st.iq(support.merge({ type = "get", to = "localhost", id = "p1" }, attrs)):tag("ping", { xmlns = R.XMLNS_PING }):up();
	return tostring(iq);
end

--- The iq the module sent last (its internal id is m.sent[i].attr.id).
function R.last_sent(m)
	return m.sent[#m.sent];
end

R.JSON_ACCEPT = { Accept = R.JSON };

return R;
