/** @noSelfInFile */

/**
 * The API of mod_tokenauth, as returned by `module:depends("tokenauth")`:
 * the module's environment, whose functions are plain (dot) calls. The two
 * versions differ (checked against 0.12.3 and 13.0.1):
 *
 * - 0.12: tokens are `base64("1;" .. bare JID .. ";" .. id)`, made with
 *   `create_jid_token` and read with `get_token_info` (its `session` is the
 *   token's user). A password change leaves them valid.
 * - 13: `create_jid_token` is gone. A token belongs to a grant
 *   (`create_grant`) and carries a role (`create_token`); tokens look like
 *   `secret-token:` + base64. `get_token_session` gives the user, and
 *   refuses ("not-authorized") a token without a role or with a role the
 *   user cannot assume. A password change (or disabling the account)
 *   invalidates grants created before it (in an earlier second).
 *
 * Functions of only one version are optional here: a name missing from a
 * module environment falls through to `_G`, which logs a warning on read,
 * so test for them with `rawget(api, "name")`.
 */
/** @noResolution */
declare module "mod_tokenauth" {
  /** A role object of Prosody 13 (util.roles), e.g. `prosody:registered`. */
  export interface Role {
    /** "prosody:guest", "prosody:registered", "prosody:member", "prosody:admin", "prosody:operator", or a custom role. */
    name: string;
    /** Higher is more privileged. */
    priority?: number;
    /** True when the role grants the permission (e.g. ":access-admin-interfaces"). */
    may(action: string, context?: unknown): boolean;
  }
  /** The user a token stands for. */
  export interface TokenSession {
    /** Local part of the token's JID. */
    username: string;
    /** Host of the token's JID. */
    host: string;
    /** 0.12: resource of the token's JID, if it had one. 13: that resource, the one asked for, or a generated one. */
    resource?: string;
    /** 0.12 only: the scope given when the token was made. */
    auth_scope?: string;
    /** 13 only: the token's role (always set on 13: a token without one is refused). */
    role?: Role;
  }
  /** Prosody 13: a grant, the long-lived authorization that tokens are made from. */
  export interface TokenGrant {
    /** Grant id (short random id). */
    id: string;
    /** JID that made the grant. */
    owner: string;
    /** Creation time (`os.time()`); a password change after it invalidates the grant. */
    created: number;
    /** Expiry time, nil when the grant does not expire. */
    expires?: number;
    /** Last use (updated at most once a minute, `token_auth_access_time_granularity`). */
    accessed: number;
    /** The (prepped) JID the grant is for. */
    jid: string;
    /** Resource of that JID, if any. */
    resource?: string;
    /** Whatever the creator stored. */
    data?: unknown;
  }
  /** What the token store holds about a token. */
  export interface TokenInfo {
    /** Creation time (`os.time()`). */
    created: number;
    /** Expiry time (`os.time()`), nil when the token does not expire (13: never later than its grant's). */
    expires?: number;
    /** The (prepped) JID the token is for. */
    jid: string;
    /** 0.12 only: JID that made the token. */
    owner?: string;
    /** 0.12 only: the user the token stands for. */
    session?: TokenSession;
    /** 13 only: name of the role the token carries (nil: get_token_session refuses it). */
    role?: string;
    /** 13 only: what the token is for (checked by `sasl_handler`, not by `get_token_session`). */
    purpose?: string;
    /** 13 only: whatever the creator stored. */
    data?: unknown;
    /** 13 only: the grant's id. */
    id?: string;
    /** 13 only: the grant. */
    grant?: TokenGrant;
  }
  /** The reasons a lookup fails with. */
  export type TokenError = "invalid-token-format" | "invalid-host" | "not-authorized" | "internal-error" | string;
  /** The functions mod_tokenauth exposes (see the version notes above). */
  export interface TokenAuthApi {
    /** Both versions: the token's info, or nil and a reason. 13 checks the grant too (expiry, password change). */
    get_token_info(this: void, token: string): LuaMultiReturn<[TokenInfo, undefined] | [undefined, TokenError]>;
    /**
     * Prosody 13 only (nil on 0.12): the user of a valid token with a role
     * the user may assume (`resource` is used when the token's JID has none).
     */
    get_token_session?: (this: void, token: string, resource?: string) => LuaMultiReturn<[TokenSession, undefined] | [undefined, TokenError]>;
    /** Both versions: revoke a token; nil and a reason when it is malformed, of another host, or (13) unknown. */
    revoke_token(this: void, token: string): LuaMultiReturn<[true, undefined] | [undefined, string]>;
    /** Prosody 0.12 only (nil on 13): a token for `jid` made by `actor` (the same JID or its bare JID), valid `ttl` seconds (forever when nil). */
    create_jid_token?: (this: void, actor: string, jid: string, scope: string, ttl?: number) => LuaMultiReturn<[string, TokenInfo] | [undefined, string]>;
    /** Prosody 13 only: a grant for `jid` made by `actor` (the same JID or its bare JID), valid `ttl` seconds (forever when nil). */
    create_grant?: (this: void, actor: string, jid: string, ttl?: number, data?: unknown) => LuaMultiReturn<[TokenGrant, undefined] | [undefined, string]>;
    /**
     * Prosody 13 only: a token of a grant (the grant or its id), with a role
     * name, a lifetime (never past the grant's), a purpose and data; returns
     * the token string and its info.
     */
    create_token?: (
      this: void,
      jid: string,
      grant: TokenGrant | string,
      role?: string,
      ttl?: number,
      purpose?: string,
      data?: { [key: string]: unknown },
    ) => LuaMultiReturn<[string, TokenInfo] | [undefined, string | undefined]>;
    /** Prosody 13 only: a valid grant of the user, without its tokens. */
    get_grant_info?: (this: void, username: string, grant_id: string) => TokenGrant | undefined;
    /** Prosody 13 only: the user's valid grants by id (invalid ones are removed). */
    get_user_grants?: (this: void, username: string) => { [id: string]: TokenGrant | undefined } | undefined;
    /** Prosody 13 only: revoke a grant and all its tokens. */
    revoke_grant?: (this: void, username: string, grant_id: string) => LuaMultiReturn<[true, undefined] | [undefined, string]>;
  }
}
