/**
 * HTTP authentication against Prosody accounts: Basic (with a cache of
 * verified credentials, so a password hash is not recomputed on every
 * request), Bearer tokens from mod_tokenauth, and on a Component Basic
 * with the component's domain and secret.
 */
import * as jid from "util.jid";
import * as hashes from "util.hashes";
import * as cachelib from "util.cache";
import * as idlib from "util.id";
import { base64 } from "util.encodings";
import type { TokenAuthApi, TokenSession } from "mod_tokenauth";
import type { UserEvent } from "core.moduleapi";
import { isXmlSafe } from "./text";
import { newRefusalCost } from "./refusal_cost";
import type { RefusalCost } from "./refusal_cost";

/** Checks a password for a (prepped) username of the host. */
export type PasswordChecker = (this: void, username: string, password: string) => boolean;

/** Why authentication failed; the caller maps these to its error registry. */
export type AuthFailure = "missing" | "malformed" | "unsupported" | "refused";

/** Who authenticated. */
export interface Principal {
  /** Local part of the account; nil when a component authenticated as its domain. */
  username?: string;
  host: string;
  /** Bare JID (a component: its domain). */
  jid: string;
  /** "basic" or "bearer". */
  mechanism: string;
  /**
   * Bearer only: the resource of the token's session. A token of a full
   * JID gives its resource (`resourceBound`); a token without one gets a
   * resource derived from the token, the same on every request while the
   * module stays loaded (not a new random one each time).
   */
  resource?: string;
  /** True when the token itself names `resource`. */
  resourceBound?: boolean;
}

/**
 * Secret of this load, keying the resources derived from tokens and the
 * comparison of component secrets: nothing derived from it outlives the module.
 */
const LOAD_SECRET = idlib.long();

/** The stable resource of a token that names none: a short HMAC of the token. */
export function tokenResource(token: string): string {
  return string.sub(hashes.hmac_sha256(LOAD_SECRET, token, true), 1, 16);
}

/** Compare two secrets in constant time (HMACs first, so their lengths do not show either). */
export function secretsEqual(given: string, expected: string): boolean {
  return hashes.equals(hashes.hmac_sha256(LOAD_SECRET, given), hashes.hmac_sha256(LOAD_SECRET, expected));
}

export interface CredentialCache {
  /** True when these credentials were verified less than the TTL ago. */
  lookup(this: void, username: string, password: string): boolean;
  /** Remember credentials that have just been verified. */
  store(this: void, username: string, password: string): void;
  /** Drop every entry of a user (password changed, account deleted). */
  forget(this: void, username: string): void;
  count(this: void): number;
}

interface CacheEntry {
  username: string;
  expires: number;
}

/**
 * A bounded LRU of verified credentials with a short TTL. Keys are an HMAC
 * of username and password under a secret made at load, so the cache never
 * holds a password or an offline-crackable plain hash of one. A TTL of 0
 * disables it. Failures are never stored.
 */
export function newCredentialCache(ttl: number, size: number): CredentialCache {
  const secret = idlib.long();
  const entries = cachelib.new<string, CacheEntry>(math.max(size, 1));
  const keyOf = (username: string, password: string) => hashes.hmac_sha256(secret, `${username}\0${password}`);

  return {
    lookup(username, password) {
      if (ttl <= 0) {
        return false;
      }
      const key = keyOf(username, password);
      const entry = entries.get(key);
      if (entry === undefined) {
        return false;
      }
      if (entry.expires <= os.time() || entry.username !== username) {
        entries.set(key, undefined);
        return false;
      }
      // util.cache's get does not count as a use (0.12): set again so a busy user is the last evicted.
      entries.set(key, entry);
      return true;
    },
    store(username, password) {
      if (ttl > 0) {
        entries.set(keyOf(username, password), { username, expires: os.time() + ttl });
      }
    },
    forget(username) {
      const stale: string[] = [];
      for (const [key, entry] of entries.items()) {
        if (entry.username === username) {
          stale.push(key);
        }
      }
      for (const key of stale) {
        entries.set(key, undefined);
      }
    },
    count() {
      return entries.count();
    },
  };
}

/**
 * Keep a host's credential cache in step with its accounts: drop a user's
 * entries when the password changes, the account is deleted, or (Prosody
 * 13) disabled. Hooks global events: call once at load.
 */
export function forgetCredentialsOnAccountChanges(cache: CredentialCache, host: string): void {
  const forgetUser = (event: UserEvent): void => {
    if (event.host === host) {
      cache.forget(event.username);
    }
  };
  module.hook_global("user-password-changed", forgetUser);
  module.hook_global("user-deleted", forgetUser);
  // Prosody 13 can disable accounts (test_password then fails); 0.12 never fires this.
  module.hook_global("user-disabled", forgetUser);
}

/** Split `Authorization` into its scheme (lower case) and credentials. */
export function parseAuthorization(header: string | undefined): LuaMultiReturn<[string, string] | [undefined, undefined]> {
  if (header === undefined) {
    return $multi(undefined, undefined);
  }
  const [scheme, credentials] = string.match(header, "^%s*(%S+)%s+(%S+)%s*$");
  if (scheme === undefined || credentials === undefined) {
    return $multi(undefined, undefined);
  }
  return $multi(string.lower(scheme), credentials);
}

/**
 * Decode Basic credentials into username and password. Nil unless the
 * decoded text is clean UTF-8 with a colon.
 */
export function decodeBasic(credentials: string): LuaMultiReturn<[string, string] | [undefined, undefined]> {
  if (string.find(credentials, "^[A-Za-z0-9+/]+=*$")[0] === undefined) {
    return $multi(undefined, undefined);
  }
  const decoded = base64.decode(credentials);
  if (decoded === undefined || !isXmlSafe(decoded)) {
    return $multi(undefined, undefined);
  }
  const [username, password] = string.match(decoded, "^([^:]*):(.*)$");
  if (username === undefined || password === undefined) {
    return $multi(undefined, undefined);
  }
  return $multi(username, password);
}

/**
 * The local username a Basic username stands for: `user` or `user@host`
 * naming this host. Nil for anything else (other hosts, invalid JIDs).
 */
export function localUsername(username: string, host: string): string | undefined {
  if (string.find(username, "@", 1, true)[0] === undefined) {
    return jid.node(jid.prep(`${username}@${host}`));
  }
  const [node, domain, resource] = jid.prepped_split(username);
  if (node === undefined || domain !== host || resource !== undefined) {
    return undefined;
  }
  return node;
}

export interface AuthenticatorConfig {
  host: string;
  /** Lower-case mechanisms accepted: "basic", "bearer". */
  mechanisms: LuaSet<string>;
  checkPassword: PasswordChecker;
  cache: CredentialCache;
  /** mod_tokenauth's API, for Bearer. */
  tokens?: TokenAuthApi;
  /**
   * On a Component: Basic credentials are the component's domain (`host`)
   * and this secret, compared in constant time; without a secret Basic is
   * refused. Accounts (`checkPassword`) are not consulted.
   */
  component?: { secret: string | undefined };
  /**
   * Run after a refused password, so a missing account costs what an
   * existing one does (no user enumeration by timing). Default:
   * `newRefusalCost(host)`, made at the first refusal.
   */
  refusalCost?: RefusalCost;
}

export type AuthResult = LuaMultiReturn<[Principal, undefined] | [undefined, AuthFailure]>;

/** Verify a component's Basic credentials: its own domain and its secret. */
function authenticateComponent(config: AuthenticatorConfig, secret: string | undefined, credentials: string): AuthResult {
  const [rawUsername, password] = decodeBasic(credentials);
  if (rawUsername === undefined || password === undefined) {
    return $multi(undefined, "malformed");
  }
  if (secret === undefined || jid.prep(rawUsername) !== config.host || !secretsEqual(password, secret)) {
    return $multi(undefined, "refused");
  }
  return $multi({ host: config.host, jid: config.host, mechanism: "basic" }, undefined);
}

/** Verify Basic credentials, from the cache when they were verified recently. */
function authenticateBasic(config: AuthenticatorConfig, credentials: string): AuthResult {
  if (config.component !== undefined) {
    return authenticateComponent(config, config.component.secret, credentials);
  }
  const [rawUsername, password] = decodeBasic(credentials);
  if (rawUsername === undefined || password === undefined) {
    return $multi(undefined, "malformed");
  }
  const username = localUsername(rawUsername, config.host);
  if (username === undefined) {
    return $multi(undefined, "refused");
  }
  if (!config.cache.lookup(username, password)) {
    // A failing provider must not turn into a traceback: treat it as a refusal.
    const [ok, valid] = pcall(config.checkPassword, username, password);
    if (!ok || valid !== true) {
      if (ok) {
        config.refusalCost ??= newRefusalCost(config.host);
        pcall(config.refusalCost, username, password);
      }
      return $multi(undefined, "refused");
    }
    config.cache.store(username, password);
  }
  return $multi({ username, host: config.host, jid: `${username}@${config.host}`, mechanism: "basic" }, undefined);
}

/**
 * The user of a mod_tokenauth token. Prosody 13's get_token_session also
 * checks the token's grant (expiry, password changed since) and that its
 * role is one the user may still assume; 0.12 only has get_token_info,
 * whose `session` is the user (and checks expiry).
 */
function tokenSession(tokens: TokenAuthApi, token: string, resource: string): TokenSession | undefined {
  // rawget: a missing name in a module environment falls through to _G, which logs a warning.
  const getSession = rawget(tokens, "get_token_session");
  if (getSession !== undefined) {
    // 13.0's get_token_session reads the resource from the token, where it never is (it is in
    // the grant's JID), then takes the one it is given: give it the grant's, else ours.
    const [info] = tokens.get_token_info(token);
    if (info === undefined) {
      return undefined;
    }
    const [, , bound] = jid.split(info.jid);
    const [session] = getSession(token, bound ?? resource);
    return session;
  }
  const [info] = tokens.get_token_info(token);
  return info?.session;
}

/** Verify a Bearer token; it must belong to a user of this host. */
function authenticateBearer(config: AuthenticatorConfig, token: string): AuthResult {
  if (config.tokens === undefined) {
    return $multi(undefined, "unsupported");
  }
  const stable = tokenResource(token);
  // A broken token store must not turn into a traceback: treat it as a refusal.
  const [ok, session] = pcall(tokenSession, config.tokens, token, stable);
  if (!ok || session === undefined || type(session.username) !== "string" || session.host !== config.host) {
    return $multi(undefined, "refused");
  }
  const username = session.username;
  const principal: Principal = { username, host: config.host, jid: `${username}@${config.host}`, mechanism: "bearer" };
  const named = session.resource;
  if (typeof named === "string" && named !== "" && named !== stable && isXmlSafe(named)) {
    principal.resource = named;
    principal.resourceBound = true;
  } else {
    principal.resource = stable;
    principal.resourceBound = false;
  }
  return $multi(principal, undefined);
}

/** Authenticate a request from its Authorization header. */
export function authenticate(config: AuthenticatorConfig, header: string | undefined): AuthResult {
  const [scheme, credentials] = parseAuthorization(header);
  if (header === undefined) {
    return $multi(undefined, "missing");
  } else if (scheme === undefined || credentials === undefined) {
    return $multi(undefined, "malformed");
  } else if (!config.mechanisms.has(scheme)) {
    return $multi(undefined, "unsupported");
  } else if (scheme === "basic") {
    return authenticateBasic(config, credentials);
  } else if (scheme === "bearer") {
    return authenticateBearer(config, credentials);
  }
  return $multi(undefined, "unsupported");
}

export interface FailureThrottle {
  /** True while `address` has used up its failures for the current window. */
  blocked(this: void, address: string): boolean;
  /** Count a failed attempt from `address`. */
  failed(this: void, address: string): void;
}

interface FailureCount {
  count: number;
  since: number;
}

/**
 * Refuse an address after `limit` failed authentications within `window`
 * seconds, so passwords cannot be guessed at full speed (each guess costs
 * the server a password hash). A limit of 0 disables it. Memory is bounded
 * by an LRU of addresses.
 */
export function newFailureThrottle(limit: number, window: number, size = 10000): FailureThrottle {
  const failures = cachelib.new<string, FailureCount>(size);
  const current = (address: string): FailureCount | undefined => {
    const entry = failures.get(address);
    if (entry !== undefined && os.time() - entry.since >= window) {
      failures.set(address, undefined);
      return undefined;
    }
    return entry;
  };
  return {
    blocked(address) {
      if (limit <= 0) {
        return false;
      }
      const entry = current(address);
      return entry !== undefined && entry.count >= limit;
    },
    failed(address) {
      if (limit <= 0) {
        return;
      }
      const entry = current(address);
      if (entry === undefined) {
        failures.set(address, { count: 1, since: os.time() });
      } else {
        entry.count++;
      }
    },
  };
}
