/** @noSelfInFile */

/**
 * core.usermanager: accounts of local hosts. Every function indexes
 * `hosts[host]` without a check: pass only hosts that exist on this server.
 */
/** @noResolution */
declare module "core.usermanager" {
  /** True when the password is right; with internal_hashed this costs a PBKDF2 derivation. */
  export function test_password(username: string, host: string, password: string): boolean;
  export function user_exists(username: string, host: string): boolean;
  /** Fires `user-password-changed` on success. */
  export function set_password(username: string, password: string, host: string, resource?: string): LuaMultiReturn<[true, undefined] | [undefined, string]>;
  export function create_user(username: string, password: string | undefined, host: string): LuaMultiReturn<[true, undefined] | [undefined, string]>;
  /** Fires `user-deleted` on success. */
  export function delete_user(username: string, host: string): LuaMultiReturn<[true, undefined] | [undefined, string]>;
  export function users(host: string): LuaIterable<string>;
  export function is_admin(jid: string, host?: string): boolean;
}
