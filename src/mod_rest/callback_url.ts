/**
 * The webhook URL of mod_rest: a template whose `{kind}`, `{type}`, `{to}`
 * and `{from}` are filled in, URL-encoded, for each stanza.
 */
import { urlencode } from "util.http";

/** The values a template may name; nil ones are filled in as "". */
export interface TemplateValues {
  kind: string;
  type?: string;
  to?: string;
  from?: string;
}

/**
 * The URL for one stanza: each `{kind}`, `{type}`, `{to}` and `{from}`
 * replaced by its value, URL-encoded (every byte but `A-Za-z0-9.~_-`), so a
 * JID cannot add a path segment, a query or a host. Other braces stay as
 * they are.
 */
export function fillTemplate(template: string, values: TemplateValues): string {
  const [filled] = string.gsub(template, "{(%a+)}", (name: string) => {
    if (name === "kind") {
      return urlencode(values.kind);
    } else if (name === "type") {
      return urlencode(values.type ?? "");
    } else if (name === "to") {
      return urlencode(values.to ?? "");
    } else if (name === "from") {
      return urlencode(values.from ?? "");
    }
    return `{${name}}`; // Not ours: left as written.
  });
  return filled;
}

/** True for an absolute http or https URL with a host (what net.http can request). */
export function isHttpUrl(url: string): boolean {
  return string.find(url, "^[Hh][Tt][Tt][Pp][Ss]?://[^/?#%s]+")[0] !== undefined && string.find(url, "%s")[0] === undefined;
}
