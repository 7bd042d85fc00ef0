-- Kind inference of the JSON mapping (src/mod_rest/map/core.ts inferKind),
-- in its fixed order: `kind`; else the kind `type` implies; else the first
-- payload field present in registry order (iq payloads, then presence
-- fields); else message. Never dependent on table iteration order.

local M = require "mod_rest.map_support";
local json = require "util.json";

local function kind_of(doc)
	return M.to_stanza(doc).name;
end

describe("mod_rest map: kind inference", function ()
	it("takes `kind` first, over type and fields", function ()
		assert.equal("presence", kind_of({ kind = "presence", show = "away", ping = true }));
		assert.equal("iq", kind_of({ kind = "iq", body = "x" }));
		assert.equal("message", kind_of({ kind = "message", ping = true, show = "dnd" }));
	end);

	for word, kind in pairs({
		get = "iq", set = "iq", result = "iq",
		normal = "message", chat = "message", headline = "message", groupchat = "message",
		available = "presence", unavailable = "presence", subscribe = "presence", subscribed = "presence",
		unsubscribe = "presence", unsubscribed = "presence", probe = "presence",
	}) do
		it(("infers %s from type %s, over the fields"):format(kind, word), function ()
			assert.equal(kind, kind_of({ type = word }));
			assert.equal(kind, kind_of({ type = word, body = "x", show = "away", ping = true }));
		end);
	end

	it("does not infer a kind from type error", function ()
		assert.equal("message", kind_of({ type = "error" }));
		assert.equal("iq", kind_of({ type = "error", ping = true }));
		assert.equal("presence", kind_of({ type = "error", status = "x" }));
	end);

	it("refuses a `type` word of no kind when nothing else tells", function ()
		assert.matches("^type: ", M.refused({ type = "bogus" }));
	end);

	it("refuses a `type` that is not a string", function ()
		assert.equal("type: expected a string, got a number", M.refused({ type = 5 }));
		assert.equal("type: expected a string, got null", M.refused({ type = json.null }));
	end);

	for _, field in ipairs({ "ping", "version", "disco", "items", "lastactivity" }) do
		it(("infers iq from %s"):format(field), function ()
			assert.equal("iq", kind_of({ [field] = true }));
		end);
	end

	for field, value in pairs({ show = "away", status = "here", priority = 1 }) do
		it(("infers presence from %s"):format(field), function ()
			assert.equal("presence", kind_of({ [field] = value }));
		end);
	end

	it("infers iq from an iq payload over presence and message fields", function ()
		for _ = 1, 20 do -- table order varies with insertion history; the answer may not
			local doc = {};
			for _, k in ipairs({ "status", "body", "show", "ping", "priority", "subject" }) do
				doc[k] = k == "ping" or k == "priority" and 1 or "x";
			end
			assert.equal("iq", kind_of(doc));
		end
		assert.equal("iq", kind_of(M.json('{"show":"away","body":"x","disco":"node","status":"s"}')));
	end);

	it("infers presence from a presence field over message fields", function ()
		assert.equal("presence", kind_of(M.json('{"body":"x","subject":"s","status":"s"}')));
	end);

	it("falls back to message", function ()
		assert.equal("message", kind_of({}));
		assert.equal("message", kind_of({ body = "x" }));
		assert.equal("message", kind_of({ payload = { data = 1 } }));
		assert.equal("message", kind_of({ unknown = true }));
	end);

	it("infers from a field present even with a wrong value, then names the field", function ()
		assert.matches("^ping: ", M.refused({ ping = false }));
		assert.matches("^priority: ", M.refused({ priority = "5" }));
	end);
end);
