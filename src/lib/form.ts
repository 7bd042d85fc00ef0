import { formdecode } from "util.http";

/**
 * Decode an application/x-www-form-urlencoded body into a map (the last
 * of repeated names wins). Nil when the body is not a form at all.
 * Values are not validated here: they may hold any decoded bytes.
 */
export function decodeForm(body: string): LuaMap<string, string> | undefined {
  if (body === "") {
    return new LuaMap();
  }
  const decoded = formdecode(body);
  if (typeof decoded === "string") {
    return undefined;
  }
  const fields = new LuaMap<string, string>();
  for (const [name, value] of pairs(decoded)) {
    if (typeof name === "string" && typeof value === "string") {
      fields.set(name, value);
    }
  }
  return fields;
}
