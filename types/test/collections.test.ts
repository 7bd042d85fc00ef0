import * as cachelib from "util.cache";
import * as setlib from "util.set";
import * as queuelib from "util.queue";
import * as throttlelib from "util.throttle";
import { type Equals, expectAssignable } from "./helpers";

// util.cache: LRU map with key/value iteration.
const cache = cachelib.new<string, number>(100, (key, value) => {
  expectAssignable<string>(key);
  expectAssignable<number>(value);
  return true;
});
cache.set("a", 1);
cache.set("a", undefined);
const got = cache.get("a");
const gotType: Equals<typeof got, number | undefined> = true;
for (const [key, value] of cache.items()) {
  expectAssignable<string>(key);
  expectAssignable<number>(value);
}
for (const value of cache.values()) {
  expectAssignable<number>(value);
}
const [headKey, headValue] = cache.head();
if (headKey !== undefined) {
  expectAssignable<string>(headKey);
}
expectAssignable<number | undefined>(headValue);
expectAssignable<boolean>(cache.resize(10));
// @ts-expect-error keys are strings
cache.set(1, 1);

// util.set: membership and iteration.
const set = setlib.new(["a", "b"]);
set.add("c");
if (set.contains("a")) {
  set.remove("a");
}
for (const item of set.items()) {
  expectAssignable<string>(item);
}
expectAssignable<setlib.Set<string>>(setlib.union(set, setlib.new(["d"])));
// @ts-expect-error items() is an iterator, not an array
const asArray: string[] = set.items();

// util.queue: bounded FIFO.
const queue = queuelib.new<string>(10);
const [pushed, full] = queue.push("x");
if (pushed === undefined) {
  expectAssignable<"queue full">(full);
}
const popped = queue.pop();
const poppedType: Equals<typeof popped, string | undefined> = true;
for (const [position, item] of queue.items()) {
  expectAssignable<number>(position);
  expectAssignable<string>(item);
}
for (const item of queue.consume()) {
  expectAssignable<string>(item);
}

// util.throttle: token bucket.
const throttle = throttlelib.create(10, 60);
const [allowed, balance] = throttle.poll(1);
if (!allowed) {
  expectAssignable<number>(balance);
}
