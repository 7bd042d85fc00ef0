-- Benchmark ceiling for HTTP: a route that does nothing and answers 201.
-- Whatever a module adds to a request is measured against this.
module:provides("http", {
	route = {
		["POST /*"] = function (event)
			event.response.headers.content_type = "text/plain";
			event.response.status_code = 201;
			return "ok\n";
		end;
	};
});
