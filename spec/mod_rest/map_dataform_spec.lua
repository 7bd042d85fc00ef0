-- src/mod_rest/map/dataform.ts: XEP-0004 data forms in one JSON shape
-- (dataformToJson / dataformFromJson) and the simplified formdata map;
-- src/mod_rest/map/dataforms.ts: the top-level `dataform` and `formdata`.

local M = require "mod_rest.map_support";
local st = require "util.stanza";
local df = M.field("dataform");

local X = "jabber:x:data";

--- XML text of a form → JSON (asserted equal to `expected`) → XML (asserted equal to the text).
local function both_ways(text, expected)
	local x = M.xml(text);
	local doc = df.dataformToJson(x);
	assert(doc, "not mapped: " .. text);
	assert.equal(M.encode(expected), M.encode(doc));
	local s = st.stanza("message");
	assert.is_nil(df.dataformFromJson(s, M.json(M.encode(doc))));
	M.assert_xml(s.tags[1], text);
	return doc;
end

local function refused(value, path)
	local s = st.stanza("message");
	local ok, err = pcall(df.dataformFromJson, s, value, path);
	assert(ok, "raised: " .. tostring(err));
	assert.is_string(err);
	assert.equal(0, #s.tags);
	return err;
end

local function unmapped(text)
	assert.is_nil(df.dataformToJson(M.xml(text)));
end

describe("mod_rest map: dataform", function ()
	describe("XML <-> JSON", function ()
		it("maps type, title, instructions and typed fields", function ()
			both_ways("<x xmlns='jabber:x:data' type='form'><title>Bot Configuration</title>"
				.. "<instructions>Fill out this form to configure your new bot!</instructions>"
				.. "<field var='FORM_TYPE' type='hidden'><value>jabber:bot</value></field>"
				.. "<field type='fixed'><value>Section 1: Bot Info</value></field>"
				.. "<field var='botname' type='text-single' label='The name of your bot'/>"
				.. "<field var='description' type='text-multi' label='Helpful description of your bot'/>"
				.. "<field var='public' type='boolean' label='Public bot?'><required/></field>"
				.. "<field var='password' type='text-private' label='Password for special access'/>"
				.. "<field var='invitelist' type='jid-multi' label='People to invite'><desc>Tell all your friends!</desc></field>"
				.. "</x>",
				{ type = "form", title = "Bot Configuration", instructions = "Fill out this form to configure your new bot!",
					fields = {
						{ var = "FORM_TYPE", type = "hidden", value = "jabber:bot" },
						{ type = "fixed", value = "Section 1: Bot Info" },
						{ var = "botname", type = "text-single", label = "The name of your bot" },
						{ var = "description", type = "text-multi", label = "Helpful description of your bot" },
						{ var = "public", type = "boolean", label = "Public bot?", required = true },
						{ var = "password", type = "text-private", label = "Password for special access" },
						{ var = "invitelist", type = "jid-multi", label = "People to invite", desc = "Tell all your friends!" },
					} });
		end);

		it("keeps several instructions as a list", function ()
			both_ways("<x xmlns='jabber:x:data' type='form'><instructions>one</instructions><instructions>two</instructions></x>",
				{ type = "form", instructions = { "one", "two" } });
		end);

		it("maps multi-values as values, one value of another type as value", function ()
			both_ways("<x xmlns='jabber:x:data' type='submit'>"
				.. "<field var='features' type='list-multi'><value>news</value><value>search</value></field>"
				.. "<field var='lines' type='text-multi'><value>a</value></field>"
				.. "<field var='untyped'><value>x</value></field>"
				.. "<field var='several'><value>x</value><value>y</value></field>"
				.. "</x>",
				{ type = "submit", fields = {
					{ var = "features", type = "list-multi", values = { "news", "search" } },
					{ var = "lines", type = "text-multi", values = { "a" } },
					{ var = "untyped", value = "x" },
					{ var = "several", values = { "x", "y" } },
				} });
		end);

		it("maps a boolean field's 1 and 0 to true and false, other texts stay strings", function ()
			both_ways("<x xmlns='jabber:x:data' type='submit'>"
				.. "<field var='a' type='boolean'><value>1</value></field>"
				.. "<field var='b' type='boolean'><value>0</value></field>"
				.. "<field var='c' type='boolean'><value>true</value></field>"
				.. "<field var='d' type='boolean'><value>false</value></field>"
				.. "<field var='e'><value>1</value></field>"
				.. "</x>",
				{ type = "submit", fields = {
					{ var = "a", type = "boolean", value = true },
					{ var = "b", type = "boolean", value = false },
					{ var = "c", type = "boolean", value = "true" },
					{ var = "d", type = "boolean", value = "false" },
					{ var = "e", value = "1" },
				} });
		end);

		it("maps integers of an integer datatype (XEP-0122) to numbers when canonical", function ()
			local doc = both_ways("<x xmlns='jabber:x:data' type='form'>"
				.. "<field var='n' type='text-single'><validate xmlns='http://jabber.org/protocol/xdata-validate' datatype='xs:integer'>"
				.. "<range min='-5' max='100'/></validate><value>42</value></field>"
				.. "<field var='z' type='text-single'><validate xmlns='http://jabber.org/protocol/xdata-validate' datatype='xs:int'/>"
				.. "<value>007</value></field>"
				.. "<field var='d' type='text-single'><validate xmlns='http://jabber.org/protocol/xdata-validate' datatype='xs:decimal'/>"
				.. "<value>1.5</value></field>"
				.. "<field var='m' type='list-multi'><validate xmlns='http://jabber.org/protocol/xdata-validate' datatype='xs:short'/>"
				.. "<value>1</value><value>-2</value><value>+3</value></field>"
				.. "</x>",
				{ type = "form", fields = {
					{ var = "n", type = "text-single", datatype = "xs:integer", range = { min = "-5", max = "100" }, value = 42 },
					{ var = "z", type = "text-single", datatype = "xs:int", value = "007" },
					{ var = "d", type = "text-single", datatype = "xs:decimal", value = "1.5" },
					{ var = "m", type = "list-multi", datatype = "xs:short", values = { 1, -2, "+3" } },
				} });
			assert.equal("number", type(doc.fields[1].value));
		end);

		it("maps options of list fields", function ()
			both_ways("<x xmlns='jabber:x:data' type='form'>"
				.. "<field var='level' type='list-single' label='Level'><value>2</value>"
				.. "<option label='Low'><value>1</value></option><option><value>2</value></option></field></x>",
				{ type = "form", fields = {
					{ var = "level", type = "list-single", label = "Level", value = "2",
						options = { { label = "Low", value = "1" }, { value = "2" } } },
				} });
		end);

		it("maps reported and items of a result", function ()
			both_ways("<x xmlns='jabber:x:data' type='result'><title>Search</title>"
				.. "<reported><field var='name' label='Name'/><field var='url' type='text-single'/></reported>"
				.. "<item><field var='name'><value>A</value></field><field var='url'><value>http://a</value></field></item>"
				.. "<item><field var='name'><value>B</value></field><field var='url'/></item>"
				.. "</x>",
				{ type = "result", title = "Search",
					reported = { { var = "name", label = "Name" }, { var = "url", type = "text-single" } },
					items = {
						{ { var = "name", value = "A" }, { var = "url", value = "http://a" } },
						{ { var = "name", value = "B" }, { var = "url" } },
					} });
		end);

		it("maps an empty form and a form without type", function ()
			both_ways("<x xmlns='jabber:x:data' type='cancel'/>", { type = "cancel" });
			both_ways("<x xmlns='jabber:x:data'><field var='a'><value/></field></x>", { fields = { { var = "a", value = "" } } });
		end);

		it("keeps another order of children as `order` (Prosody: options before the value, required last)", function ()
			both_ways("<x xmlns='jabber:x:data' type='form'><field var='level' type='list-single' label='Level'>"
				.. "<validate xmlns='http://jabber.org/protocol/xdata-validate' datatype='xs:integer'/>"
				.. "<option label='Low'><value>1</value></option><option label='High'><value>2</value></option><value>2</value><required/></field>"
				.. "<field var='user' type='text-single'><required/></field></x>",
				{ type = "form", fields = {
					{ var = "level", type = "list-single", label = "Level", datatype = "xs:integer", value = 2, required = true,
						options = { { label = "Low", value = "1" }, { label = "High", value = "2" } },
						order = { "validate", "option", "value", "required" } },
					{ var = "user", type = "text-single", required = true },
				} });
			both_ways("<x xmlns='jabber:x:data' type='form'><instructions>i</instructions><title>t</title><field var='a'/></x>",
				{ type = "form", title = "t", instructions = "i", fields = { { var = "a" } }, order = { "instructions", "title", "field" } });
		end);

		it("writes the kinds an order leaves out in the default order, and ignores repeats", function ()
			local s = st.stanza("message");
			assert.is_nil(df.dataformFromJson(s, { fields = { { var = "a", desc = "d", value = "v", required = true,
				order = { "value", "value" } } } }));
			M.assert_xml(s.tags[1], "<x xmlns='jabber:x:data'><field var='a'><value>v</value><desc>d</desc><required/></field></x>");
			assert.equal("dataform.fields[0].order[0]: expected one of desc, required, validate, value, option",
				refused({ fields = { { order = { "media" } } } }));
			assert.equal("dataform.order: expected an array, got a string", refused({ order = "title" }));
		end);

		it("ignores indentation between elements", function ()
			local doc = df.dataformToJson(M.xml("<x xmlns='jabber:x:data' type='submit'>\n  <field var='a'>\n    <value>1</value>\n  </field>\n</x>"));
			assert.equal(M.encode({ type = "submit", fields = { { var = "a", value = "1" } } }), M.encode(doc));
		end);

		describe("leaves a form unmapped (nil) when it holds what the shape cannot carry", function ()
			it("an unknown child or namespace", function ()
				unmapped("<x xmlns='jabber:x:data' type='form'><page xmlns='http://jabber.org/protocol/xdata-layout'/></x>");
				unmapped("<x xmlns='jabber:x:data' type='form'><field var='a'><media xmlns='urn:xmpp:media-element'/></field></x>");
				unmapped("<x xmlns='jabber:x:data' type='form'><field var='a'><foo/></field></x>");
			end);

			it("an unknown attribute, field type or form type", function ()
				unmapped("<x xmlns='jabber:x:data' type='form' extra='1'/>");
				unmapped("<x xmlns='jabber:x:data' type='form'><field var='a' extra='1'/></x>");
				unmapped("<x xmlns='jabber:x:data' type='form'><field var='a' type='text-huge'/></x>");
				unmapped("<x xmlns='jabber:x:data' type='bogus'/>");
			end);

			it("a second title or desc, an option without value, XML inside a value", function ()
				unmapped("<x xmlns='jabber:x:data'><title>a</title><title>b</title></x>");
				unmapped("<x xmlns='jabber:x:data'><field var='a'><desc>a</desc><desc>b</desc></field></x>");
				unmapped("<x xmlns='jabber:x:data'><field var='a' type='list-single'><option label='x'/></field></x>");
				unmapped("<x xmlns='jabber:x:data'><field var='a' type='hidden'><value><b/></value></field></x>");
			end);

			it("a kind of children split by another (a value, an option, a value)", function ()
				unmapped("<x xmlns='jabber:x:data' type='form'><field var='a' type='list-multi'>"
					.. "<value>1</value><option><value>1</value></option><value>2</value></field></x>");
				unmapped("<x xmlns='jabber:x:data' type='form'><field var='a'/><title>t</title><field var='b'/></x>");
			end);

			it("validation methods other than a range", function ()
				unmapped("<x xmlns='jabber:x:data'><field var='a'><validate xmlns='http://jabber.org/protocol/xdata-validate'"
					.. " datatype='xs:string'><regex>[a-z]+</regex></validate></field></x>");
			end);

			it("an element that is not a data form", function ()
				assert.is_nil(df.dataformToJson(M.xml("<x xmlns='jabber:x:oob'/>")));
			end);
		end);
	end);

	describe("JSON -> XML", function ()
		it("writes value texts: true/false as 1/0, numbers in decimal", function ()
			local s = st.stanza("message");
			assert.is_nil(df.dataformFromJson(s, { type = "submit", fields = {
				{ var = "b", type = "boolean", value = false }, { var = "n", value = 12 }, { var = "m", values = { "a", 3 } },
			} }));
			M.assert_xml(s.tags[1], "<x xmlns='jabber:x:data' type='submit'><field var='b' type='boolean'><value>0</value></field>"
				.. "<field var='n'><value>12</value></field><field var='m'><value>a</value><value>3</value></field></x>");
		end);

		it("writes form options (regression: the community module never wrote them)", function ()
			local s = st.stanza("message");
			assert.is_nil(df.dataformFromJson(s, { type = "form", fields = {
				{ var = "color", type = "list-single", options = { { label = "Red", value = "r" }, { value = "g" } } },
			} }));
			M.assert_xml(s.tags[1], "<x xmlns='jabber:x:data' type='form'><field var='color' type='list-single'>"
				.. "<option label='Red'><value>r</value></option><option><value>g</value></option></field></x>");
		end);

		it("refuses an option without value with a text (regression: the community module crashed)", function ()
			assert.equal("dataform.fields[0].options[0].value: expected a string, got nil",
				refused({ fields = { { var = "c", type = "list-single", options = { { label = "Red" } } } } }));
			assert.equal("dataform.fields[0].options[1]: expected an object, got a string",
				refused({ fields = { { var = "c", options = { { value = "a" }, "b" } } } }));
		end);

		it("refuses value and values together", function ()
			assert.equal("dataform.fields[0]: give value or values, not both",
				refused({ fields = { { var = "c", value = "a", values = { "b" } } } }));
		end);

		it("names the wrong subfield, under the caller's path", function ()
			local cases = {
				{ { type = 1 }, "command.form.type: expected one of form, submit, cancel, result, got a number" },
				{ { type = "draft" }, "command.form.type: expected one of form, submit, cancel, result" },
				{ { title = true }, "command.form.title: expected a string, got a boolean" },
				{ { instructions = 5 }, "command.form.instructions: expected a string or an array, got a number" },
				{ { instructions = { "a", 1 } }, "command.form.instructions[1]: expected a string, got a number" },
				{ { fields = "x" }, "command.form.fields: expected an array, got a string" },
				{ { fields = { 1 } }, "command.form.fields[0]: expected an object, got a number" },
				{ { fields = { { var = 1 } } }, "command.form.fields[0].var: expected a string, got a number" },
				{ { fields = { { type = "text" } } }, "command.form.fields[0].type: expected one of boolean, fixed, hidden, jid-multi, "
					.. "jid-single, list-multi, list-single, text-multi, text-private, text-single" },
				{ { fields = { { label = {} } } }, "command.form.fields[0].label: expected a string, got an object" },
				{ { fields = { { desc = 1 } } }, "command.form.fields[0].desc: expected a string, got a number" },
				{ { fields = { { required = "yes" } } }, "command.form.fields[0].required: expected a boolean, got a string" },
				{ { fields = { { datatype = 1 } } }, "command.form.fields[0].datatype: expected a string, got a number" },
				{ { fields = { { range = { min = 1 } } } }, "command.form.fields[0].range.min: expected a string, got a number" },
				{ { fields = { { value = 1.5 } } }, "command.form.fields[0].value: expected an integer from "
					.. "-9007199254740991 to 9007199254740991, got 1.5" },
				{ { fields = { { value = {} } } }, "command.form.fields[0].value: expected a string, a boolean or an integer from "
					.. "-9007199254740991 to 9007199254740991, got an object" },
				{ { fields = { { values = { true } } } }, "command.form.fields[0].values[0]: expected a string or an integer from "
					.. "-9007199254740991 to 9007199254740991, got a boolean" },
				{ { fields = { { options = { { value = 1 } } } } }, "command.form.fields[0].options[0].value: expected a string, got a number" },
				{ { reported = { { var = false } } }, "command.form.reported[0].var: expected a string, got a boolean" },
				{ { items = { { { var = 2 } } } }, "command.form.items[0][0].var: expected a string, got a number" },
				{ { items = { "row" } }, "command.form.items[0]: expected an array, got a string" },
				{ { fields = { { value = "a\0b" } } }, "command.form.fields[0].value: invalid UTF-8 or a character XML does not allow" },
			};
			for _, case in ipairs(cases) do
				assert.equal(case[2], refused(case[1], "command.form"));
			end
			assert.equal("dataform: expected an object, got a string", refused("form"));
		end);
	end);

	describe("formdata", function ()
		it("writes {var: value | [values]} with FORM_TYPE first and hidden, vars sorted", function ()
			local s = st.stanza("iq");
			assert.is_nil(df.formdataFromJson(s, { zeta = "z", FORM_TYPE = "urn:x", alpha = { "a", "b" }, flag = true, n = 5, none = M.json("[]") },
				"submit"));
			M.assert_xml(s.tags[1], "<x xmlns='jabber:x:data' type='submit'>"
				.. "<field var='FORM_TYPE' type='hidden'><value>urn:x</value></field>"
				.. "<field var='alpha'><value>a</value><value>b</value></field>"
				.. "<field var='flag'><value>1</value></field><field var='n'><value>5</value></field>"
				.. "<field var='none'/><field var='zeta'><value>z</value></field></x>");
		end);

		it("writes a form without type when none is given", function ()
			local s = st.stanza("iq");
			assert.is_nil(df.formdataFromJson(s, { a = "1" }));
			M.assert_xml(s.tags[1], "<x xmlns='jabber:x:data'><field var='a'><value>1</value></field></x>");
		end);

		it("reads a form it could have written, both ways", function ()
			local text = "<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>urn:x</value></field>"
				.. "<field var='a'><value>1</value><value>2</value></field><field var='b'/><field var='c'><value>x</value></field></x>";
			local map = df.formdataToJson(M.xml(text));
			assert.equal(M.encode({ FORM_TYPE = "urn:x", a = { "1", "2" }, b = M.json("[]"), c = "x" }), M.encode(map));
			local s = st.stanza("iq");
			assert.is_nil(df.formdataFromJson(s, map, "submit"));
			M.assert_xml(s.tags[1], text);
		end);

		it("is nil for a form it cannot write back exactly", function ()
			assert.is_nil(df.formdataToJson(M.xml("<x xmlns='jabber:x:data'><field var='a' type='text-single'><value>1</value></field></x>")));
			assert.is_nil(df.formdataToJson(M.xml("<x xmlns='jabber:x:data'><field var='b'/><field var='a'/></x>")));
			assert.is_nil(df.formdataToJson(M.xml("<x xmlns='jabber:x:data'><field var='a'/><field var='a'/></x>")));
			assert.is_nil(df.formdataToJson(M.xml("<x xmlns='jabber:x:data'><title>t</title></x>")));
			assert.is_nil(df.formdataToJson(M.xml("<x xmlns='jabber:x:data'><field><value>1</value></field></x>")));
		end);

		it("names the wrong value", function ()
			local function wrong(value)
				local s = st.stanza("iq");
				local err = df.formdataFromJson(s, value, nil, "command.data");
				assert.equal(0, #s.tags);
				return err;
			end
			assert.equal("command.data: expected an object, got a string", wrong("x"));
			assert.equal("command.data.a: expected a string, a boolean, an integer from -9007199254740991 to 9007199254740991 "
				.. "or an array, got an object", wrong({ a = { b = 1 } }));
			assert.equal("command.data.a[1]: expected a string or an integer from -9007199254740991 to 9007199254740991, got a boolean",
				wrong({ a = { "x", true } }));
		end);
	end);

	describe("top-level fields", function ()
		local fields = M.field("dataforms");

		it("dataform stands for the first form child", function ()
			local s = M.xml("<message type='chat'><body>hi</body><x xmlns='jabber:x:data' type='form'><field var='a'/></x></message>");
			assert.equal(M.encode({ type = "form", fields = { { var = "a" } } }), M.encode(fields.dataformField.toJson(s)));
			local out = st.stanza("message");
			assert.is_nil(fields.dataformField.fromJson(out, { type = "form", fields = { { var = "a" } } }));
			M.assert_xml(out.tags[1], "<x xmlns='jabber:x:data' type='form'><field var='a'/></x>");
		end);

		it("formdata is written as a submitted form and never read", function ()
			local out = st.stanza("message");
			assert.is_nil(fields.formdataField.fromJson(out, { a = "b" }));
			M.assert_xml(out.tags[1], "<x xmlns='jabber:x:data' type='submit'><field var='a'><value>b</value></field></x>");
			assert.is_nil(fields.formdataField.toJson(out));
		end);

		it("neither is available in a flat form", function ()
			assert.is_nil((fields.dataformField.fromForm("x")));
			assert.is_string(select(2, fields.formdataField.fromForm("x")));
		end);
	end);
end);
