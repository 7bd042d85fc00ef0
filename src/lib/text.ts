import { utf8 } from "util.encodings";

/**
 * Characters XML 1.0 forbids (C0 controls other than tab, LF, CR).
 * util.stanza raises on most of them; checking first turns a would-be
 * traceback into a clean "bad request".
 */
const FORBIDDEN_XML_CHARACTERS = "[%z\x01-\x08\x0b\x0c\x0e-\x1f]";

/** True when `s` is valid UTF-8 and holds only characters XML allows. */
export function isXmlSafe(s: string): boolean {
  return utf8.valid(s) && string.find(s, FORBIDDEN_XML_CHARACTERS)[0] === undefined;
}

/** True for a string that is XML-safe (for untyped values from JSON or forms). */
export function isXmlSafeString(value: unknown): value is string {
  return type(value) === "string" && isXmlSafe(value as string);
}
