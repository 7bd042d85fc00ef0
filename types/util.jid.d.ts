/** @noSelfInFile */

/** util.jid: parsing, preparing and comparing JIDs. */
/** @noResolution */
declare module "util.jid" {
  /** Node, host and resource; any of them nil (all nil for an invalid JID). */
  export function split(jid: string | undefined): LuaMultiReturn<[string | undefined, string | undefined, string | undefined]>;
  /** Bare JID (node@host or host), nil when invalid. */
  export function bare(jid: string | undefined): string | undefined;
  export function node(jid: string | undefined): string | undefined;
  export function host(jid: string | undefined): string | undefined;
  export function resource(jid: string | undefined): string | undefined;
  /** Stringprep the JID: nil when it is not valid. `strict` rejects unassigned code points. */
  export function prep(jid: string, strict?: boolean): string | undefined;
  /** Split and prep in one step; all nil when invalid. */
  export function prepped_split(jid: string, strict?: boolean): LuaMultiReturn<[string | undefined, string | undefined, string | undefined]>;
  /** Build a JID from parts; nil without a host. */
  export function join(node: string | undefined, host: string | undefined, resource?: string): string | undefined;
  /** True when `jid` is `acl` or under it (RFC 6120 matching). */
  export function compare(jid: string, acl: string): boolean;
  /** XEP-0106 escaping of a node. */
  export function escape(node: string): string;
  export function unescape(node: string): string;
}
