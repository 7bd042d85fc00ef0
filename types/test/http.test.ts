import * as http from "net.http";
import * as httpErrors from "net.http.errors";
import * as codes from "net.http.codes";
import * as promise from "util.promise";
import * as errors from "util.error";
import * as server from "net.http.server";
import type { ClientResponse, ClientRequest } from "net.http";
import type { HttpEvent, HttpErrorEvent, RouteHandler, WildcardRouteHandler, HandlerResult } from "net.http.server";
import type { UtilError } from "util.error";
import { type Equals, expectAssignable, value } from "./helpers";

// net.http.request, promise form: resolves with the response whatever the status.
const status = http.request("https://example.com/api", { method: "POST", body: "{}", headers: { ["Content-Type"]: "application/json" } })
  .next((response) => {
    const responseType: Equals<typeof response, ClientResponse> = true;
    return response.code;
  }, (err: UtilError) => {
    expectAssignable<number | undefined>(err.code);
    return 0;
  });
const statusType: Equals<typeof status, promise.Promise<number>> = true;

// Callback form: returns the request (nil for an invalid URL).
const request = http.request("http://localhost:5280/", undefined, (body, code, response) => {
  expectAssignable<string>(body);
  if (code !== 0 && response !== undefined) {
    expectAssignable<ClientResponse | ClientRequest>(response);
  }
});
const requestType: Equals<typeof request, ClientRequest | undefined> = true;
if (request !== undefined) {
  http.destroy_request(request);
}
const callbackForm = http.request("http://localhost/", {}, () => undefined);
// @ts-expect-error the callback form returns the request, not a promise
callbackForm?.next(() => undefined);

// Status lines and errors.
expectAssignable<string>(codes[404]);
expectAssignable<UtilError>(httpErrors.new(0, "connection failed"));

// Route handlers may return each kind of result.
const registry = errors.init("routes", { denied: { code: 403, type: "auth", condition: "forbidden" } });
const returnsStatus: RouteHandler = () => 204;
const returnsBody: RouteHandler = (event) => `Hello ${event.request.ip}`;
const returnsError: RouteHandler = () => registry.new("denied");
const returnsPromise: RouteHandler = () => promise.resolve(201);
const returnsAnsweredItself: RouteHandler = (event: HttpEvent) => {
  event.response.status_code = 202;
  event.response.headers.content_type = "text/plain";
  event.response.send("queued");
  return true;
};
const returnsNothing: RouteHandler = () => undefined;
const returnsFields: RouteHandler = () => ({ status_code: 200, headers: { content_type: "text/plain" }, body: "ok" });
const wildcard: WildcardRouteHandler = (event, path) => `${event.request.method} ${path}`;
module.provides("http", {
  default_path: "/example",
  route: {
    "GET /status": returnsStatus,
    "GET /body": returnsBody,
    "GET /error": returnsError,
    "GET /promise": returnsPromise,
    "POST /queue": returnsAnsweredItself,
    "GET /nothing": returnsNothing,
    "GET /fields": returnsFields,
    "GET /files/*": wildcard,
    "GET /constant": "constant body",
  },
});
const headerValue = value<HttpEvent>().request.headers.content_type;
const headerType: Equals<typeof headerValue, string | undefined> = true;
// @ts-expect-error false is not a handler result
const returnsFalse: RouteHandler = () => false;
// @ts-expect-error a plain object is not a handler result
const returnsObject: RouteHandler = () => ({ ok: true });
expectAssignable<HandlerResult>(promise.resolve("body"));

// Custom error pages: hook the HTTP server's own events.
module.hook_object_event(server, "http-error", (event: HttpErrorEvent) => {
  if (event.error !== undefined) {
    return `${event.code} ${event.error.text ?? event.error.condition}`;
  }
  return undefined;
}, 1);
