-- src/lib/form.ts: decoding application/x-www-form-urlencoded bodies, from the library build.

local support = require "support";

after_each(support.assert_clean_logs);

describe("lib/form decodeForm", function ()
	local form = support.lib("form");
	local keys_of = support.copy;

	it("decodes fields, + and percent escapes", function ()
		assert.same({ body = "B&B", subject = "S 1", to = "bob@example.org" },
			keys_of(form.decodeForm("body=B%26B&subject=S+1&to=bob%40example.org")));
	end);

	it("gives an empty map for an empty body", function ()
		assert.same({}, keys_of(form.decodeForm("")));
	end);

	it("keeps the last of repeated names", function ()
		assert.same({ a = "2" }, keys_of(form.decodeForm("a=1&a=2")));
	end);

	it("keeps empty values and skips empty pairs", function ()
		assert.same({ a = "", b = "2" }, keys_of(form.decodeForm("a=&&b=2&")));
	end);

	it("holds only string keys and values (no positional entries from util.http)", function ()
		for k, v in pairs(form.decodeForm("a=1&b=2&c=3")) do
			assert.is_string(k);
			assert.is_string(v);
		end
	end);

	it("does not validate decoded bytes", function ()
		assert.equal("\255\0", form.decodeForm("x=%FF%00").x);
	end);

	for _, body in ipairs({ "just some text", "a", "%3D" }) do
		it("gives nil for a body that is not a form: " .. body, function ()
			assert.is_nil(form.decodeForm(body));
		end);
	end
end);
