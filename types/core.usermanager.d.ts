/** @noSelfInFile */

/**
 * core.usermanager: accounts of local hosts, through the host's auth
 * provider. Most functions index `hosts[host]` without a check: pass only
 * hosts that exist on this server (an unknown host raises).
 */
/** @noResolution */
declare module "core.usermanager" {
  /**
   * True when the password is right. Really returns `true`, or nil and a
   * reason: compare with `=== true`. With internal_hashed each call costs a
   * PBKDF2 derivation (milliseconds).
   */
  export function test_password(username: string, host: string, password: string): boolean;
  /** The stored password (only for providers that keep plaintext), or nil and a reason. */
  export function get_password(username: string, host: string): LuaMultiReturn<[string, undefined] | [undefined, string]>;
  /** True when the account exists (or has a session). Really `true` or nil: compare with `=== true`. */
  export function user_exists(username: string, host: string): boolean;
  /** Change a password; fires the global `user-password-changed` event on success. */
  export function set_password(username: string, password: string, host: string, resource?: string): LuaMultiReturn<[true, undefined] | [undefined, string]>;
  /** Create an account (password nil for providers that allow it). */
  export function create_user(username: string, password: string | undefined, host: string): LuaMultiReturn<[true, undefined] | [undefined, string]>;
  /** Delete an account and purge its data; fires the global `user-deleted` event. */
  export function delete_user(username: string, host: string): LuaMultiReturn<[true, undefined] | [undefined, string]>;
  /** What a host's auth provider tells about itself. */
  export interface AuthProvider {
    /** The provider module's name without "auth_": "internal_hashed", "internal_plain", ... */
    name?: string;
  }
  /** The auth provider of a host (0.12 and 13). */
  export function get_provider(host: string): AuthProvider | undefined;
  /**
   * Prosody 13 only (nil on 0.12: check before calling): false for a
   * disabled account, whose password check then fails at once.
   */
  export const user_is_enabled: ((username: string, host: string) => boolean | undefined) | undefined;
  /** Iterate the usernames of a host (providers that cannot list raise or return nil). */
  export function users(host: string): LuaIterable<string>;
  /** The roles of a JID (`{ ["prosody:admin"] = true }`); false for an unknown host or a non-string JID. 0.12 only: Prosody 13 removed it (roles are objects there). */
  export function get_roles(jid: string, host?: string): { [role: string]: boolean | undefined } | false | undefined;
  /**
   * True when the JID is an admin of `host` (or of the server when nil); false or nil otherwise.
   * @deprecated Prosody 13 lists it under "-- Deprecated" in core/usermanager.lua: each call logs a
   * warning, and with `strict_deprecate_is_admin = true` it returns false. 13 checks permissions with
   * `module:may(action, context)`; on 0.12 this is still the way.
   */
  export function is_admin(jid: string, host?: string): boolean | undefined;
}
