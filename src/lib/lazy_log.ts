/**
 * Log arguments computed only when a line is written. Prosody formats a
 * log line only for levels that have a sink, but arguments are evaluated
 * by the caller: `stanza.top_tag()` in a debug line costs its
 * serialization on every stanza at the default level (info).
 * util.format turns a table given for `%s` into text with tostring, which
 * calls `__tostring`.
 */
import type { Stanza } from "util.stanza";

/** Something logged with `%s` whose text is made when the line is written. */
export interface LazyText {
  readonly stanza: Stanza;
}

const TOP_TAG: LuaMetatable<LazyText> = {
  __tostring(this: LazyText) {
    return this.stanza.top_tag();
  },
};

/** The stanza's top tag, serialized only if the log line is written. */
export function topTag(stanza: Stanza): LazyText {
  return setmetatable({ stanza }, TOP_TAG);
}
