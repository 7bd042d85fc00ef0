-- wrk script: one POST shape repeated, configured from the environment.
wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY") or ""
wrk.headers["Host"] = "localhost"
wrk.headers["Content-Type"] = os.getenv("BENCH_CONTENT_TYPE") or "text/plain"
local auth = os.getenv("BENCH_AUTH")
if auth and auth ~= "" then
	wrk.headers["Authorization"] = auth
end
