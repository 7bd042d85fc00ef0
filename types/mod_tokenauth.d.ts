/** @noSelfInFile */

/**
 * The API of mod_tokenauth (0.12), as returned by `module:depends("tokenauth")`:
 * the module's environment, whose functions are plain (dot) calls.
 * Prosody 13 adds `get_token_session` and roles; the former is optional here.
 */
/** @noResolution */
declare module "mod_tokenauth" {
  /** The session a token stands for. */
  export interface TokenSession {
    /** Local part of the token's JID. */
    username: string;
    /** Host of the token's JID. */
    host: string;
    /** Resource of the token's JID, if it had one. */
    resource?: string;
    /** The scope given when the token was made. */
    auth_scope?: string;
  }
  /** What the token store holds about a token. */
  export interface TokenInfo {
    /** JID that made the token. */
    owner: string;
    /** Creation time (`os.time()`). */
    created: number;
    /** Expiry time (`os.time()`), nil when the token does not expire. */
    expires?: number;
    /** The (prepped) JID the token is for. */
    jid: string;
    /** The session the token stands for. */
    session: TokenSession;
  }
  /** The functions mod_tokenauth exposes. */
  export interface TokenAuthApi {
    /** The token's info, or nil and a reason ("invalid-token-format", "invalid-host", "not-authorized", "internal-error"). */
    get_token_info(this: void, token: string): LuaMultiReturn<[TokenInfo, undefined] | [undefined, string]>;
    /** Prosody 13 only (nil on 0.12): a session-like table for the token. */
    get_token_session?: (this: void, token: string) => LuaMultiReturn<[TokenSession, undefined] | [undefined, string]>;
    /** A token for `jid` made by `actor` (the same JID or its bare JID), valid `ttl` seconds (forever when nil); nil and a reason on refusal. */
    create_jid_token(this: void, actor: string, jid: string, scope: string, ttl?: number): LuaMultiReturn<[string, TokenInfo] | [undefined, string]>;
    /** Revoke a token; nil and a reason when it is malformed or of another host. */
    revoke_token(this: void, token: string): LuaMultiReturn<[true, undefined] | [undefined, string]>;
  }
}
