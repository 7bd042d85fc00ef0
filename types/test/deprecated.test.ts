/**
 * Old names Prosody keeps for compatibility carry `@deprecated` (editors
 * strike them through). check-emit.mjs asserts that each call on a line
 * ending in `// deprecated` resolves to a declaration with that tag, and
 * that no other call here does.
 */
import * as errors from "util.error";
import * as async from "util.async";
import * as hex from "util.hex";
import * as usermanager from "core.usermanager";
import * as promise from "util.promise";
import * as http from "net.http";
import * as httputil from "util.http";
import type { Origin } from "core.moduleapi";
import type { Stanza } from "util.stanza";

function onEnable(origin: Origin, stanza: Stanza): true {
  origin.send(stanza);
  return true;
}
module.hook_tag("urn:xmpp:sm:3", "enable", onEnable);
module.hook_stanza("urn:xmpp:sm:3", "enable", onEnable); // deprecated

const failure = errors.new("example");
errors.is_error(failure);
errors.is_err(failure); // deprecated

const one = promise.resolve(1);
async.runner<string>(() => {
  async.wait_for(one);
  async.wait(one); // deprecated
});

hex.encode("\x01");
hex.to("\x01"); // deprecated
hex.decode("01");
hex.from("01"); // deprecated

httputil.urlencode("a b");
http.urlencode("a b"); // deprecated
http.urldecode("a%20b"); // deprecated
http.formencode({ a: "b" }); // deprecated
http.formdecode("a=b"); // deprecated

usermanager.is_admin("admin@example.com", "example.com"); // deprecated

if (module.on_ready !== undefined && module.once !== undefined) {
  module.on_ready(() => undefined);
  module.once(() => undefined); // deprecated
}
