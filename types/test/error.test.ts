import * as errors from "util.error";
import * as st from "util.stanza";
import type { UtilError } from "util.error";
import { type Equals, expectAssignable, value } from "./helpers";

// A registry declared once: HTTP status, stanza type and condition, text.
const registry = errors.init("example", {
  "not-found": { code: 404, type: "cancel", condition: "item-not-found", text: "No such item" },
  "too-large": { code: 413, type: "modify", condition: "resource-constraint", text: "Too large" },
});
const e1 = registry.new("not-found", { item: "x" });
const e1Type: Equals<typeof e1, UtilError> = true;
expectAssignable<number | undefined>(e1.code);
expectAssignable<string>(e1.instance_id);
// @ts-expect-error keys are checked against the registry
registry.new("no-such-key");

// Compact form with a namespace for application-specific conditions.
const compact = errors.init("compact", "urn:example:errors", {
  quota: ["wait", "resource-constraint", "Quota exceeded", "quota-exceeded"],
  plain: ["cancel", "bad-request"],
});
expectAssignable<UtilError>(compact.new("quota"));

// Narrowing unknown values.
const maybe: unknown = value<unknown>();
if (errors.is_error(maybe)) {
  expectAssignable<string>(maybe.condition);
}

// ok, err passthrough.
const [ok, err] = registry.coerce(value<string | undefined>(), "failure");
if (ok === undefined) {
  expectAssignable<UtilError>(err);
}

// Errors from stanzas and generic errors.
const fromStanza = errors.from_stanza(st.error_reply(st.iq({ type: "get", id: "1" }), "wait", "resource-constraint"));
expectAssignable<UtilError>(fromStanza);
expectAssignable<UtilError>(errors.new({ type: "cancel", condition: "conflict", text: "Taken" }));
// @ts-expect-error not an error type
errors.new({ type: "fatal" });
