-- src/lib/media_type.ts: the media type of a Content-Type header, from the library build.

local support = require "support";

after_each(support.assert_clean_logs);

describe("lib/media_type mediaType", function ()
	local media_type = support.lib("media_type");
	local cases = {
		{ nil, nil },
		{ "", nil },
		{ "   ", nil },
		{ ";charset=utf-8", nil },
		{ ",application/json", nil },
		{ "application/json", "application/json" },
		{ "Application/JSON", "application/json" },
		{ "application/json; charset=utf-8", "application/json" },
		{ "application/json;charset=utf-8", "application/json" },
		{ "  text/plain ; format=flowed", "text/plain" },
		{ "\ttext/plain", "text/plain" },
		{ "text/plain,application/json", "text/plain" },
		{ "multipart/form-data; boundary=x", "multipart/form-data" },
		{ "application/vnd.api+json", "application/vnd.api+json" },
		{ "application/jsonx", "application/jsonx" },
		{ "text/plain\tx", "text/plain" },
	};
	for _, case in ipairs(cases) do
		it(("gives %s for %q"):format(tostring(case[2]), tostring(case[1])), function ()
			assert.equal(case[2], media_type.mediaType(case[1]));
		end);
	end
end);
