/** Media types of Content-Type headers. */

/** The media type of a Content-Type header, lower case, parameters dropped. */
export function mediaType(header: string | undefined): string | undefined {
  if (header === undefined) {
    return undefined;
  }
  const [found] = string.match(header, "^%s*([^%s;,]+)");
  if (found === undefined) {
    return undefined;
  }
  return string.lower(found);
}
