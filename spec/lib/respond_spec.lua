-- src/lib/respond.ts: error answers (JSON or one line of text), from the library build.

local support = require "support";
local json = require "util.json";
local errors = require "util.error";

after_each(support.assert_clean_logs);

describe("lib/respond error answers", function ()
	local respond = support.lib("respond");
	local err = errors.new({ code = 422, type = "modify", condition = "bad-request", text = "Nope" });

	local function event(accept)
		local response = { headers = {} };
		function response:send(body) self.body = body; end
		return { request = { headers = { accept = accept } }, response = response };
	end

	it("errorDocument is {type, error{type, condition, text}, code}", function ()
		assert.same({ type = "error", code = 422, error = { type = "modify", condition = "bad-request", text = "Nope" } },
			json.decode(respond.errorDocument(err, 422)));
	end);

	it("respondError answers JSON when the client prefers it, one line of text otherwise", function ()
		local e = event("application/json");
		assert.is_true(respond.respondError(e, err, { x_extra = "1" }));
		assert.equal(422, e.response.status_code);
		assert.equal("application/json", e.response.headers.content_type);
		assert.equal("1", e.response.headers.x_extra);
		assert.equal("Nope", json.decode(e.response.body).error.text);
		for _, accept in ipairs({ nil, "*/*", "application/json;q=0.1, text/plain;q=0.9", "application/json;q=0" }) do
			e = event(accept);
			respond.respondError(e, err);
			assert.equal("text/plain; charset=utf-8", e.response.headers.content_type, tostring(accept));
			assert.equal("Nope\n", e.response.body);
		end
	end);

	it("respondError uses 500 for an error without code and the condition without text", function ()
		local e = event();
		respond.respondError(e, errors.new({ type = "cancel", condition = "internal-server-error" }));
		assert.equal(500, e.response.status_code);
		assert.equal("internal-server-error\n", e.response.body);
	end);
end);
