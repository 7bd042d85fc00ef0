/** @noSelfInFile */

/** util.jid: parsing, preparing and comparing JIDs. All functions are plain (dot) calls. */
/** @noResolution */
declare module "util.jid" {
  /** Node, host and resource; any of them nil (all nil for an invalid JID or nil). */
  export function split(jid: string | undefined): LuaMultiReturn<[string | undefined, string | undefined, string | undefined]>;
  /** Bare JID (node@host, or host), nil when invalid. */
  export function bare(jid: string | undefined): string | undefined;
  /** The node (local part), nil when absent or invalid. */
  export function node(jid: string | undefined): string | undefined;
  /** The host, nil when invalid. */
  export function host(jid: string | undefined): string | undefined;
  /** The resource, nil when absent or invalid. */
  export function resource(jid: string | undefined): string | undefined;
  /** The stringprepped JID; nil when it is not valid. `strict` rejects unassigned code points. */
  export function prep(jid: string | undefined, strict?: boolean): string | undefined;
  /** Split and prep in one step; all nil when invalid. */
  export function prepped_split(jid: string | undefined, strict?: boolean): LuaMultiReturn<[string | undefined, string | undefined, string | undefined]>;
  /** Build a JID from parts (not prepped); nil without a host. */
  export function join(node: string | undefined, host: string | undefined, resource?: string): string | undefined;
  /** True when `jid` matches `acl`: each part `acl` has must be equal (a bare `acl` matches all resources). */
  export function compare(jid: string, acl: string): boolean;
  /** XEP-0106 escaping of a node. */
  export function escape(node: string): string;
  /** XEP-0106 unescaping of a node. */
  export function unescape(node: string): string;
}
