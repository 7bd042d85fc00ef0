/** @noSelfInFile */

/**
 * The API of mod_tokenauth (0.12), as returned by `module:depends("tokenauth")`.
 * Prosody 13 adds `get_token_session` and roles; both are optional here.
 */
/** @noResolution */
declare module "mod_tokenauth" {
  /** The session a token stands for. */
  export interface TokenSession {
    username: string;
    host: string;
    resource?: string;
    auth_scope?: string;
  }
  export interface TokenInfo {
    owner: string;
    created: number;
    expires?: number;
    jid: string;
    session: TokenSession;
  }
  export interface TokenAuthApi {
    /** The token's info, or nil and a reason ("invalid-token-format", "invalid-host", "not-authorized"). */
    get_token_info(this: void, token: string): LuaMultiReturn<[TokenInfo, undefined] | [undefined, string]>;
    /** Prosody 13: a session-like table for the token. */
    get_token_session?: (this: void, token: string) => LuaMultiReturn<[TokenSession, undefined] | [undefined, string]>;
    /** A token for `jid` made by `actor` (same JID or its bare JID); nil and a reason on refusal. */
    create_jid_token(this: void, actor: string, jid: string, scope: string, ttl?: number): LuaMultiReturn<[string, TokenInfo] | [undefined, string]>;
    revoke_token(this: void, token: string): LuaMultiReturn<[true, undefined] | [undefined, string]>;
  }
}
