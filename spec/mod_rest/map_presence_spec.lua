-- src/mod_rest/map/presence.ts: show, status, priority, both ways and as form fields.

local M = require "mod_rest.map_support";
local map = M.map;

describe("mod_rest map: presence", function ()
	it("maps show, status and priority", function ()
		local text = "<presence xmlns='jabber:client'><show>dnd</show><status>In a meeting</status><priority>-5</priority></presence>";
		local doc = M.to_json(text);
		assert.equal(M.encode({ kind = "presence", type = "available", show = "dnd", status = "In a meeting", priority = -5 }),
			M.encode(doc));
		M.assert_xml(M.to_stanza(doc), text);
	end);

	for _, word in ipairs({ "away", "chat", "dnd", "xa" }) do
		it(("accepts show %s"):format(word), function ()
			assert.equal(word, map.stanzaToJson(M.to_stanza({ show = word })).show);
		end);
	end

	for _, word in ipairs({ "", "online", "AWAY", "away " }) do
		it(("refuses show %q, and leaves it out of XML -> JSON"):format(word), function ()
			assert.equal("show: expected one of away, chat, dnd, xa", M.refused({ show = word }));
			local s = M.xml("<presence><show/></presence>");
			s.tags[1][1] = word ~= "" and word or nil;
			assert.is_nil(map.stanzaToJson(s).show);
		end);
	end

	for _, n in ipairs({ -128, -1, 0, 1, 127 }) do
		it(("accepts priority %d"):format(n), function ()
			local s = M.to_stanza({ priority = n });
			assert.equal(tostring(n), s:get_child_text("priority"));
			assert.equal(n, map.stanzaToJson(s).priority);
			assert.equal(math.type and "integer" or "number", math.type and math.type(map.stanzaToJson(s).priority) or "number");
		end);
	end

	it("writes an integral float priority as an integer", function ()
		assert.equal("5", M.to_stanza(M.json('{"priority":5.0}')):get_child_text("priority"));
	end);

	for _, n in ipairs({ -129, 128, 1000, 1.5, -0.5, 1e300, -1e300 }) do
		it(("refuses priority %s"):format(tostring(n)), function ()
			assert.matches("^priority: expected an integer from %-128 to 127, got ", M.refused({ priority = n }));
		end);
	end

	it("refuses priority NaN and infinities", function ()
		for _, n in ipairs({ 0 / 0, math.huge, -math.huge }) do
			assert.matches("^priority: ", M.refused({ priority = n }));
		end
	end);

	for _, text in ipairs({ "", "x", "1.5", "0x10", "1e2", " 5", "128", "-129", "99999999999999999999999" }) do
		it(("leaves out priority text %q"):format(text), function ()
			assert.is_nil(M.to_json("<presence><priority>" .. text .. "</priority></presence>").priority);
		end);
	end

	it("reads +5 as 5", function ()
		assert.equal(5, M.to_json("<presence><priority>+5</priority></presence>").priority);
	end);

	describe("as form fields", function ()
		it("reads priority in decimal", function ()
			local doc = assert(map.formToJson({ show = "away", status = "s", priority = "-12" }));
			assert.equal(-12, doc.priority);
			M.assert_xml(M.to_stanza(doc), "<presence><show>away</show><status>s</status><priority>-12</priority></presence>");
		end);

		for _, text in ipairs({ "", "x", "1.5", "128", "-129", "0x1", "1e1", "\255" }) do
			it(("refuses priority %q"):format(text), function ()
				local doc, err = map.formToJson({ priority = text });
				assert.is_nil(doc);
				assert.equal("priority: expected an integer from -128 to 127", err);
			end);
		end

		it("writes priority in decimal", function ()
			local form = map.jsonToForm(M.to_json("<presence><show>xa</show><priority>7</priority></presence>"));
			assert.same({ kind = "presence", type = "available", show = "xa", priority = "7" }, form);
		end);

		it("leaves an invalid show to jsonToStanza", function ()
			local doc = assert(map.formToJson({ show = "" }));
			assert.equal("show: expected one of away, chat, dnd, xa", M.refused(doc));
		end);
	end);
end);
