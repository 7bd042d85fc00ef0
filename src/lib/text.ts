import { utf8 } from "util.encodings";

/**
 * Characters XML 1.0 forbids (C0 controls other than tab, LF, CR).
 * util.stanza raises on most of them; checking first turns a would-be
 * traceback into a clean "bad request".
 */
const FORBIDDEN_XML_CHARACTERS = `[%z${string.char(1)}-${string.char(8)}${string.char(11, 12, 14)}-${string.char(31)}]`;

/** True when `s` is valid UTF-8 and holds only characters XML allows. */
export function isXmlSafe(s: string): boolean {
  return utf8.valid(s) && string.find(s, FORBIDDEN_XML_CHARACTERS)[0] === undefined;
}

/** True for a string that is XML-safe (for untyped values from JSON or forms). */
export function isXmlSafeString(value: unknown): value is string {
  return type(value) === "string" && isXmlSafe(value as string);
}
