-- src/mod_rest/map/commands*.ts: command (XEP-0050), register (XEP-0077),
-- gateway (XEP-0100), both ways, in flat forms, and wrong input.

local M = require "mod_rest.map_support";
local map = M.map;

local function both_ways(text, expected_json)
	local doc = M.to_json(text);
	assert.equal(M.encode(expected_json), M.encode(doc));
	M.assert_xml(M.to_stanza(M.json(M.encode(doc))), text);
	return doc;
end

local CMD = "http://jabber.org/protocol/commands";

describe("mod_rest map: commands", function ()
	describe("command", function ()
		it("maps a node string to an execute request of type set through the path's type", function ()
			local s = M.to_stanza({ type = "set", command = "uptime" });
			M.assert_xml(s, ("<iq type='set'><command xmlns='%s' node='uptime'/></iq>"):format(CMD));
		end);

		it("implies kind iq", function ()
			assert.equal("iq", M.to_stanza({ command = "uptime" }).name);
		end);

		it("maps a stage with actions and a form", function ()
			both_ways("<iq type='result' id='c1'><command xmlns='http://jabber.org/protocol/commands' node='config' status='executing'"
				.. " sessionid='s1'><actions execute='next'><next/></actions><x xmlns='jabber:x:data' type='form'><title>Configure</title>"
				.. "<field var='service' type='list-single' label='Service'><option><value>httpd</value></option></field></x></command></iq>",
				{ kind = "iq", type = "result", id = "c1", command = {
					node = "config", status = "executing", sessionid = "s1",
					actions = { execute = "next", next = true },
					form = { type = "form", title = "Configure", fields = {
						{ var = "service", type = "list-single", label = "Service", options = { { value = "httpd" } } },
					} },
				} });
		end);

		it("keeps note when actions are present (regression: the community module dropped it)", function ()
			local doc = both_ways("<iq type='result' id='c2'><command xmlns='http://jabber.org/protocol/commands' node='n' status='executing'"
				.. " sessionid='s'><actions execute='complete'><prev/><complete/></actions><note type='warn'>careful</note></command></iq>",
				{ kind = "iq", type = "result", id = "c2", command = {
					node = "n", status = "executing", sessionid = "s",
					actions = { execute = "complete", prev = true, complete = true },
					note = { type = "warn", text = "careful" },
				} });
			local s = M.to_stanza({ type = "result", id = "x", command = { node = "n", actions = { next = true }, note = { text = "hi" } } });
			assert.truthy(s:get_child("command", CMD):get_child("actions"));
			assert.equal("hi", s:get_child("command", CMD):get_child_text("note"));
			assert.truthy(doc.command.note);
		end);

		it("keeps several notes as a list", function ()
			both_ways("<iq type='result' id='c3'><command xmlns='http://jabber.org/protocol/commands' node='n' status='completed'>"
				.. "<note type='info'>one</note><note>two</note></command></iq>",
				{ kind = "iq", type = "result", id = "c3", command = { node = "n", status = "completed",
					note = { { type = "info", text = "one" }, { text = "two" } } } });
		end);

		it("keeps another order of a reply's children as `order` (Prosody writes them in table order)", function ()
			both_ways("<iq type='result' id='c4'><command xmlns='http://jabber.org/protocol/commands' node='n' status='executing'"
				.. " sessionid='s'><x xmlns='jabber:x:data' type='form'/><note type='info'>i</note>"
				.. "<actions execute='complete'><complete/><prev/></actions></command></iq>",
				{ kind = "iq", type = "result", id = "c4", command = { node = "n", status = "executing", sessionid = "s",
					actions = { execute = "complete", prev = true, complete = true, order = { "complete", "prev" } },
					note = { type = "info", text = "i" }, form = { type = "form" }, order = { "x", "note", "actions" } } });
			local s = M.to_stanza({ type = "result", id = "c", command = { node = "n", note = { text = "t" }, form = { type = "result" },
				order = { "x" } } });
			M.assert_xml(s, "<iq type='result' id='c'><command xmlns='http://jabber.org/protocol/commands' node='n'>"
				.. "<x xmlns='jabber:x:data' type='result'/><note>t</note></command></iq>");
		end);

		it("leaves notes split by another child unmapped", function ()
			local doc = M.to_json("<iq type='result' id='u'><command xmlns='http://jabber.org/protocol/commands' node='n'>"
				.. "<note>a</note><actions/><note>b</note></command></iq>");
			assert.is_nil(doc.command);
		end);

		it("writes data (formdata) as a submitted form", function ()
			local s = M.to_stanza({ type = "set", command = { node = "add", sessionid = "s", action = "complete",
				data = { FORM_TYPE = "http://jabber.org/protocol/admin", accountjid = "a@b", ok = true } } });
			M.assert_xml(s, "<iq type='set'><command xmlns='http://jabber.org/protocol/commands' node='add' sessionid='s' action='complete'>"
				.. "<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/admin</value></field>"
				.. "<field var='accountjid'><value>a@b</value></field><field var='ok'><value>1</value></field></x></command></iq>");
		end);

		it("leaves a command it cannot carry exactly unmapped", function ()
			for _, inner in ipairs({
				"<x xmlns='jabber:x:oob'><url>http://a</url></x>",
				"<actions><foo/></actions>",
				"<actions><next/><next/></actions>",
				"<note><b/></note>",
				"<x xmlns='jabber:x:data' type='form'><page xmlns='http://jabber.org/protocol/xdata-layout'/></x>",
			}) do
				local doc = M.to_json("<iq type='result' id='u'><command xmlns='http://jabber.org/protocol/commands' node='n'>" .. inner .. "</command></iq>");
				assert.is_nil(doc.command, inner);
				assert.equal(1, #doc.unmapped);
			end
			for _, attrs in ipairs({ "status='bogus'", "action='jump'", "extra='1'" }) do
				local doc = M.to_json("<iq type='result' id='u'><command xmlns='http://jabber.org/protocol/commands' node='n' " .. attrs .. "/></iq>");
				assert.is_nil(doc.command, attrs);
			end
			assert.is_nil(M.to_json("<iq type='result' id='u'><command xmlns='http://jabber.org/protocol/commands'/></iq>").command);
		end);

		it("names the wrong subfield", function ()
			local cases = {
				{ 5, "command: expected a string or an object, got a number" },
				{ {}, "command.node: expected a string, got nil" },
				{ { node = 1 }, "command.node: expected a string, got a number" },
				{ { node = "n", action = "jump" }, "command.action: expected one of execute, cancel, prev, next, complete" },
				{ { node = "n", status = true }, "command.status: expected one of executing, completed, canceled, got a boolean" },
				{ { node = "n", sessionid = {} }, "command.sessionid: expected a string, got an object" },
				{ { node = "n", actions = "next" }, "command.actions: expected an object, got a string" },
				{ { node = "n", actions = { execute = "cancel" } }, "command.actions.execute: expected one of prev, next, complete" },
				{ { node = "n", actions = { next = "yes" } }, "command.actions.next: expected a boolean, got a string" },
				{ { node = "n", note = "x" }, "command.note: expected an object or an array, got a string" },
				{ { node = "n", note = { type = "fatal" } }, "command.note.type: expected one of info, warn, error" },
				{ { node = "n", note = { text = 1 } }, "command.note.text: expected a string, got a number" },
				{ { node = "n", note = { { text = 1 } } }, "command.note[0].text: expected a string, got a number" },
				{ { node = "n", form = "x" }, "command.form: expected an object, got a string" },
				{ { node = "n", form = { fields = { { var = 1 } } } }, "command.form.fields[0].var: expected a string, got a number" },
				{ { node = "n", data = { a = { x = 1 } } }, "command.data.a: expected a string, a boolean, an integer from -9007199254740991 "
					.. "to 9007199254740991 or an array, got an object" },
				{ { node = "n", form = { type = "submit" }, data = { a = "b" } }, "command: give form or data, not both" },
				{ { node = "n", order = { "form" } }, "command.order[0]: expected one of actions, note, x" },
				{ { node = "n", actions = { order = "next" } }, "command.actions.order: expected an array, got a string" },
			};
			for _, case in ipairs(cases) do
				assert.equal(case[2], M.refused({ type = "set", command = case[1] }));
			end
		end);

		it("takes the node from a flat form, refuses an empty one", function ()
			assert.equal("uptime", assert(map.formToJson({ command = "uptime" })).command);
			local doc, err = map.formToJson({ command = "" });
			assert.is_nil(doc);
			assert.matches("command: expected the command's node", err);
			assert.equal("n", map.jsonToForm({ kind = "iq", command = { node = "n" } }).command);
			assert.is_nil(map.jsonToForm({ kind = "iq", command = { node = "n", status = "completed" } }).command);
		end);

		it("builds from query-string strings (GET /rest/command/{to}?node=...&action=...&sessionid=...)", function ()
			local s = M.to_stanza({ type = "set", command = { node = "n", action = "cancel", sessionid = "s" } });
			M.assert_xml(s, "<iq type='set'><command xmlns='http://jabber.org/protocol/commands' node='n' action='cancel' sessionid='s'/></iq>");
		end);
	end);

	describe("register", function ()
		it("maps a query to true", function ()
			both_ways("<iq type='get' id='r'><query xmlns='jabber:iq:register'/></iq>", { kind = "iq", type = "get", id = "r", register = true });
		end);

		it("maps asked fields to empty strings, with instructions", function ()
			both_ways("<iq type='result' id='r'><query xmlns='jabber:iq:register'><instructions>Choose</instructions>"
				.. "<username/><password/><email/></query></iq>",
				{ kind = "iq", type = "result", id = "r", register = { instructions = "Choose", username = "", password = "", email = "" } });
		end);

		it("maps registered, values and remove", function ()
			both_ways("<iq type='result' id='r'><query xmlns='jabber:iq:register'><registered/><username>juliet</username>"
				.. "<password>R0m30</password></query></iq>",
				{ kind = "iq", type = "result", id = "r", register = { registered = true, username = "juliet", password = "R0m30" } });
			both_ways("<iq type='set' id='r'><query xmlns='jabber:iq:register'><remove/></query></iq>",
				{ kind = "iq", type = "set", id = "r", register = { remove = true } });
		end);

		it("maps the registration form (Prosody's shape)", function ()
			both_ways("<iq type='result' id='r'><query xmlns='jabber:iq:register'><instructions>Choose</instructions><username/><password/>"
				.. "<x xmlns='jabber:x:data' type='form'><title>Creating a new account</title><instructions>Choose</instructions>"
				.. "<field var='FORM_TYPE' type='hidden'><value>jabber:iq:register</value></field>"
				.. "<field var='username' type='text-single' label='Username'><required/></field></x></query></iq>",
				{ kind = "iq", type = "result", id = "r", register = { instructions = "Choose", username = "", password = "",
					form = { type = "form", title = "Creating a new account", instructions = "Choose", fields = {
						{ var = "FORM_TYPE", type = "hidden", value = "jabber:iq:register" },
						{ var = "username", type = "text-single", label = "Username", required = true },
					} } } });
		end);

		it("keeps another order as `order` (Prosody writes extra fields in configuration order)", function ()
			both_ways("<iq type='result' id='r'><query xmlns='jabber:iq:register'><instructions>i</instructions><username/><password/>"
				.. "<email/><nick/></query></iq>",
				{ kind = "iq", type = "result", id = "r", register = { instructions = "i", username = "", password = "", email = "", nick = "",
					order = { "instructions", "username", "password", "email", "nick" } } });
			assert.equal("register.order[0]: expected one of registered, instructions, username, nick, password, name, first, last, "
				.. "email, address, city, state, zip, phone, url, date, misc, text, key, remove, x", M.refused({ register = { order = { "form" } } }));
		end);

		it("writes data as a submitted form", function ()
			local s = M.to_stanza({ type = "set", register = { data = { FORM_TYPE = "jabber:iq:register", username = "u" } } });
			M.assert_xml(s, "<iq type='set'><query xmlns='jabber:iq:register'><x xmlns='jabber:x:data' type='submit'>"
				.. "<field var='FORM_TYPE' type='hidden'><value>jabber:iq:register</value></field>"
				.. "<field var='username'><value>u</value></field></x></query></iq>");
		end);

		it("leaves what it cannot carry exactly unmapped", function ()
			for _, inner in ipairs({ "<x xmlns='jabber:x:oob'><url>u</url></x>", "<username>a</username><username>b</username>",
				"<foo/>", "<username><b/></username>" }) do
				local doc = M.to_json("<iq type='result' id='r'><query xmlns='jabber:iq:register'>" .. inner .. "</query></iq>");
				assert.is_nil(doc.register, inner);
				assert.equal(1, #doc.unmapped);
			end
		end);

		it("names the wrong subfield", function ()
			assert.equal("register: expected true or an object, got a string", M.refused({ register = "x" }));
			assert.equal("register.username: expected a string, got a number", M.refused({ register = { username = 1 } }));
			assert.equal("register.registered: expected a boolean, got a string", M.refused({ register = { registered = "y" } }));
			assert.equal("register.form.type: expected one of form, submit, cancel, result", M.refused({ register = { form = { type = "x" } } }));
			assert.equal("register: give form or data, not both", M.refused({ register = { form = {}, data = { a = "b" } } }));
		end);

		it("is true in a form", function ()
			assert.is_true(assert(map.formToJson({ register = "" })).register);
		end);
	end);

	describe("gateway", function ()
		it("maps a query, the prompt answer, a prompt request and the JID answer", function ()
			both_ways("<iq type='get' id='g'><query xmlns='jabber:iq:gateway'/></iq>", { kind = "iq", type = "get", id = "g", gateway = true });
			both_ways("<iq type='result' id='g'><query xmlns='jabber:iq:gateway'><desc>Enter the screen name</desc><prompt>Screen Name</prompt>"
				.. "</query></iq>",
				{ kind = "iq", type = "result", id = "g", gateway = { desc = "Enter the screen name", prompt = "Screen Name" } });
			both_ways("<iq type='set' id='g'><query xmlns='jabber:iq:gateway'><prompt>Romeo</prompt></query></iq>",
				{ kind = "iq", type = "set", id = "g", gateway = { prompt = "Romeo" } });
			both_ways("<iq type='result' id='g'><query xmlns='jabber:iq:gateway'><jid>romeo@aim.shakespeare.lit</jid></query></iq>",
				{ kind = "iq", type = "result", id = "g", gateway = { jid = "romeo@aim.shakespeare.lit" } });
		end);

		it("leaves what it cannot carry exactly unmapped", function ()
			for _, inner in ipairs({ "<foo>x</foo>", "<order>x</order>", "<jid><b/></jid>", "<jid>a</jid><jid>b</jid>" }) do
				local doc = M.to_json("<iq type='result' id='g'><query xmlns='jabber:iq:gateway'>" .. inner .. "</query></iq>");
				assert.is_nil(doc.gateway, inner);
			end
		end);

		it("keeps another order as `order`", function ()
			both_ways("<iq type='result' id='g'><query xmlns='jabber:iq:gateway'><prompt>a</prompt><desc>b</desc></query></iq>",
				{ kind = "iq", type = "result", id = "g", gateway = { prompt = "a", desc = "b", order = { "prompt", "desc" } } });
		end);

		it("names the wrong subfield", function ()
			assert.equal("gateway: expected true or an object, got a number", M.refused({ gateway = 1 }));
			assert.equal("gateway.prompt: expected a string, got a boolean", M.refused({ gateway = { prompt = false } }));
		end);

		it("reads a flat form: empty asks, else the prompt", function ()
			assert.is_true(assert(map.formToJson({ gateway = "" })).gateway);
			assert.equal("Romeo", assert(map.formToJson({ gateway = "Romeo" })).gateway.prompt);
		end);
	end);
end);
