import * as timer from "util.timer";
import * as time from "util.time";
import * as uuid from "util.uuid";
import * as datetime from "util.datetime";
import * as events from "util.events";
import * as arraylib from "util.array";
import * as dataforms from "util.dataforms";
import * as hex from "util.hex";
import * as async from "util.async";
import * as random from "util.random";
import * as xml from "util.xml";
import * as hashes from "util.hashes";
import * as idlib from "util.id";
import * as httputil from "util.http";
import * as promise from "util.promise";
import * as usermanager from "core.usermanager";
import { base64, utf8 } from "util.encodings";
import type { Stanza } from "util.stanza";
import { type Equals, expectAssignable, value } from "./helpers";

// util.timer / util.time.
const id = timer.add_task(10, (now, timerId, param: string) => {
  expectAssignable<number>(now);
  expectAssignable<number>(timerId);
  expectAssignable<string>(param);
  return undefined;
}, "param");
timer.reschedule(id, 20);
timer.stop(id);
const elapsed = time.monotonic() - time.now();
expectAssignable<number>(elapsed);

// util.uuid, util.id, util.random, util.hex.
expectAssignable<string>(uuid.generate());
expectAssignable<string>(idlib.medium());
expectAssignable<string>(hex.encode(random.bytes(16)));
expectAssignable<string>(hex.decode("6162"));

// util.datetime.
expectAssignable<string>(datetime.datetime());
expectAssignable<string>(datetime.date(0));
const parsed = datetime.parse("2024-01-01T00:00:00Z");
const parsedType: Equals<typeof parsed, number | undefined> = true;

// util.events: plain functions.
const emitter = events.new();
const onPing = (event: { count: number }) => event.count + 1;
emitter.add_handler("ping", onPing, 5);
expectAssignable<unknown>(emitter.fire_event("ping", { count: 1 }));
emitter.remove_handler("ping", onPing);
module.hook_object_event(emitter, "ping", (event: { count: number }) => event.count);

// util.array: free functions by import, the callable library by require.
const doubled = arraylib.map([1, 2, 3], (n) => n * 2);
expectAssignable<arraylib.UtilArray<number>>(doubled);
expectAssignable<number>(doubled.push(8).length());
const ARRAY_LIBRARY = "util.array";
const array = require(ARRAY_LIBRARY) as typeof import("util.array");
expectAssignable<arraylib.UtilArray<string>>(array<string>());

// util.json: loaded by a computed name (TSTL strips ".json" from literal require paths).
const JSON_LIBRARY = "util.json";
const json = require(JSON_LIBRARY) as typeof import("util.json");
const [decoded, decodeError] = json.decode("{\"a\":1}");
if (decoded === undefined) {
  expectAssignable<string>(decodeError);
}
expectAssignable<string>(json.encode({ a: 1, b: json.null }));

// util.xml.
const [element, parseError] = xml.parse("<a xmlns='urn:example'/>");
if (element !== undefined) {
  expectAssignable<Stanza>(element);
} else {
  expectAssignable<string>(parseError);
}

// util.dataforms.
const layout: dataforms.FormLayout = [
  { name: "FORM_TYPE", type: "hidden", value: "urn:example:form" },
  { name: "count", type: "text-single", datatype: "xs:integer", required: true },
];
layout.title = "Example";
const form = dataforms.new(layout);
const rendered = form.form({ count: 3 });
expectAssignable<Stanza>(rendered);
const [fields, fieldErrors] = form.data(rendered);
expectAssignable<unknown>(fields.count);
expectAssignable<{ [name: string]: string } | undefined>(fieldErrors);

// util.async inside a runner.
const runner = async.runner<string>((item) => {
  const [result] = async.wait_for(promise.resolve(item));
  expectAssignable<string | undefined>(result);
});
runner.run("work");

// util.promise helpers.
const all = promise.all([promise.resolve(1), promise.resolve("a")]);
const allType: Equals<typeof all, promise.Promise<[number, string]>> = true;
const chained = promise.resolve(1).next((n) => promise.resolve(`${n}`));
const chainedType: Equals<typeof chained, promise.Promise<string>> = true;
const viaNew = promise.new<number>((resolve) => resolve(1));
expectAssignable<promise.Promise<number>>(promise.try(() => 1).finally(() => undefined));
expectAssignable<promise.Promise<number>>(viaNew.catch(() => 0));

// Encodings and hashes.
const bytes = base64.decode("YWJj");
const bytesType: Equals<typeof bytes, string | undefined> = true;
const [length] = utf8.length("héllo");
expectAssignable<number | undefined>(length);
expectAssignable<boolean>(hashes.equals(hashes.hmac_sha256("key", "data", true), "00"));

// util.http: formdecode gives a string for a body that is not a form.
const form2 = httputil.formdecode("a=1&b=2");
if (typeof form2 !== "string") {
  expectAssignable<string>(form2["a"]);
  for (const field of form2) {
    expectAssignable<{ name: string; value: string }>(field);
  }
}

// core.usermanager.
expectAssignable<boolean>(usermanager.test_password("juliet", "example.com", "secret"));
const [created, createError] = usermanager.create_user("romeo", "secret", "example.com");
if (created === undefined) {
  expectAssignable<string>(createError);
}
for (const username of usermanager.users("example.com")) {
  expectAssignable<string>(username);
}
expectAssignable<string>(value<string>());
