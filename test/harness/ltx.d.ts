// Minimal declarations for ltx 3 (the XML library under @xmpp/client, which
// depends on it): only its parser, used to read XML answers of HTTP APIs.

declare module "ltx" {
  import type { Element } from "@xmpp/client";

  /** Parses one XML document into an element; throws on malformed XML. */
  export function parse(data: string): Element;
}
