-- What the specs of mod_post_msg share (required as "mod_post_msg.support"):
-- dist/mod_post_msg.lua (or $POST_MSG_DIST) loaded through the module API
-- mock with three accounts, requests authenticated as alice by default,
-- and the checks of its answers. The contract is docs/mod_post_msg/README.md.
--
--   local P = require "mod_post_msg.support";
--   after_each(P.assert_clean_logs);
--   local m = P.load({ options = { post_msg_size_limit = 100 } });
--   P.sent_message(m, P.post(m, "/msg/bob", "hello"));

local assert = require "luassert";
local support = require "support";

local P = {};

P.XMLNS_XHTML_IM = "http://jabber.org/protocol/xhtml-im";
P.XMLNS_XHTML = "http://www.w3.org/1999/xhtml";
P.CHALLENGE = 'Basic realm="localhost/post_msg"';
P.DEFAULT_LIMIT = 192 * 1024;
P.USERS = { alice = "secret", bob = "bobpw", carol = "carolpw" };

P.basic = support.basic;
P.ALICE = support.basic("alice@localhost", "secret");
P.describe_res = support.describe_res;
P.assert_clean_logs = support.assert_clean_logs;

--- Load the module (mock.load options; users default to P.USERS).
function P.load(opts)
	opts = support.copy(opts);
	opts.users = opts.users or support.copy(P.USERS);
	return support.load_module("mod_post_msg", opts);
end

-- Requests: Basic alice and text/plain unless `headers` say otherwise
-- (a false value removes a default).
local client = support.client({ Authorization = P.ALICE, ["Content-Type"] = "text/plain" });
P.send = client.send;
P.request = client.request;
P.post = client.post;
P.post_json = client.post_json;
P.post_form = client.post_form;

--- Exactly one message was sent and the answer was 201; returns the message.
function P.sent_message(m, res)
	assert.equal(201, res.status, P.describe_res(res));
	assert.equal(1, #m.sent, "one stanza sent");
	local msg = m.sent[1];
	assert.equal("message", msg.name);
	return msg;
end

--- An error answer: status, text body (`text` and a newline when given), nothing sent.
function P.assert_error(m, res, status, text)
	assert.equal(status, res.status, P.describe_res(res));
	assert.is_nil(res.error);
	assert.equal("text/plain; charset=utf-8", res.headers.content_type);
	if text then assert.equal(text .. "\n", res.body); end
	assert.equal(0, #m.sent, "nothing sent");
end

--- A 401 with the Basic challenge (text: "Invalid credentials" by default).
function P.assert_unauthorized(m, res, text)
	P.assert_error(m, res, 401, text or "Invalid credentials");
	assert.equal(P.CHALLENGE, res.headers.www_authenticate);
end

--- The attribute names of a stanza, sorted.
function P.attr_names(stanza)
	return support.sorted_keys(stanza.attr);
end

--- "name@xmlns" of each child element, in order.
function P.child_names(stanza)
	local names = {};
	for _, child in ipairs(stanza.tags) do names[#names + 1] = child.name .. "@" .. tostring(child.attr.xmlns); end
	return names;
end

return P;
