/**
 * JSON text of a flat object of strings, for hot paths: a webhook payload
 * encoded this way costs a third of util.json.encode (no type dispatch, no
 * buffer of pieces per value, one gsub per value only when it needs
 * escaping). Keys are written as given: callers pass plain constant names.
 */

/** Every character JSON requires escaped (RFC 8259 §7), with DEL for good measure. */
const NEEDS_ESCAPE = '[%c"\\]';

/** The escape of each such character: the short forms where JSON has one. */
const ESCAPES: Record<string, string> = {};
for (const code of $range(0, 31)) {
  ESCAPES[string.char(code)] = string.format("\\u%04x", code);
}
ESCAPES[string.char(127)] = "\\u007f";
ESCAPES["\n"] = "\\n";
ESCAPES["\r"] = "\\r";
ESCAPES["\t"] = "\\t";
ESCAPES['"'] = '\\"';
ESCAPES["\\"] = "\\\\";

/** `text` with what JSON requires escaped: the same string when nothing needs it. */
function escaped(text: string): string {
  if (string.find(text, NEEDS_ESCAPE)[0] === undefined) {
    return text;
  }
  return string.gsub(text, NEEDS_ESCAPE, ESCAPES)[0];
}

/*
 * Concatenations below nest to the right on purpose: TSTL prints
 * `a + (b + c)` as `a .. b .. c`, which Lua joins in one step, where
 * `${a}${b}${c}` (or `a + b + c`) becomes `(a .. b) .. c`, one copy more.
 * The stanza's XML, the largest value, is copied twice in all.
 */

/** A JSON string literal of `text` (valid UTF-8 passes through as it is). */
export function jsonString(text: string): string {
  return '"' + (escaped(text) + '"');
}

/** `{"name":"value",...}` for the `names` whose value is set in `fields`, in that order. */
export function encodeTextObject(names: readonly string[], fields: { readonly [name: string]: string | undefined }): string {
  const members: string[] = ["{"];
  for (const name of names) {
    const value = fields[name];
    if (value !== undefined) {
      members.push((members.length > 1 ? ',"' : '"') + (name + ('":"' + (escaped(value) + '"'))));
    }
  }
  members.push("}");
  return table.concat(members);
}
