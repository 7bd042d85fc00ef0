/**
 * Who a request to mod_rest comes from: Basic and Bearer through the
 * shared authenticator (credential cache, failure throttle), the
 * component's secret on a Component, or a random account per request with
 * anonymous_rest. The result says which `from` addresses the sender may use.
 */
import * as idlib from "util.id";
import type { ServerRequest } from "net.http.server";
import type { UtilError } from "util.error";
import type { TokenAuthApi } from "mod_tokenauth";
import { authenticate, newFailureThrottle } from "../lib/auth";
import { setOf } from "../lib/collections";
import type { AuthenticatorConfig, CredentialCache, Principal } from "../lib/auth";
import type { Headers } from "../lib/respond";
import { errors } from "./errors";

/** Which `from` addresses a sender may put in its stanzas. */
export type FromScope =
  /** Any resource of its bare JID, or the bare JID (Basic, tokens without a resource, anonymous). */
  | "bare"
  /** Exactly its full JID (a token of a full JID). */
  | "exact"
  /** Any JID at its domain (a component). */
  | "domain";

/** The authenticated sender of a request. */
export interface Sender {
  /** The `from` of its stanzas when they name none: a bare JID, a full JID, or the component's domain. */
  jid: string;
  /** Its bare JID (a component: its domain): what limits on outstanding iqs count by. */
  bare: string;
  /** Local part of the account (nil for a component). */
  username?: string;
  /** Host (module.host). */
  host: string;
  /** Resource (tokens only). */
  resource?: string;
  /** Which `from` it may claim. */
  scope: FromScope;
}

/** The mechanisms mod_rest knows, lower case, with the name their challenge shows. */
const CHALLENGE_NAMES = new LuaMap<string, string>();
CHALLENGE_NAMES.set("basic", "Basic");
CHALLENGE_NAMES.set("bearer", "Bearer");

export interface RestAuthConfig {
  host: string;
  /** Lower-case mechanisms in the order of the challenges. */
  mechanisms: string[];
  /** Checks passwords of accounts of the host. */
  checkPassword: AuthenticatorConfig["checkPassword"];
  cache: CredentialCache;
  /** mod_tokenauth's API when Bearer is on. */
  tokens?: TokenAuthApi;
  /** On a Component: its secret (nil: Basic is refused). */
  component?: { secret: string | undefined };
  /** anonymous_rest in effect: every request gets a new random account, no credentials. */
  anonymous: boolean;
  /** Failed attempts per address within `failureWindow` before 429 (0: no limit). */
  maxFailures: number;
  failureWindow: number;
  /** Realm of the challenges ("HOST/rest"). */
  realm: string;
}

export type AuthCheck = LuaMultiReturn<[Sender, undefined, undefined] | [undefined, UtilError, Headers | undefined]>;

export interface RestAuth {
  /** The sender of a request, or the error to answer with its headers (challenges, Retry-After). */
  check(this: void, request: ServerRequest): AuthCheck;
  /** The WWW-Authenticate value (nil with anonymous_rest). */
  readonly challenge?: string;
}

/** The WWW-Authenticate value: one challenge per mechanism, `Basic realm="HOST/rest", Bearer realm="HOST/rest"`. */
export function challengeHeader(mechanisms: string[], realm: string): string {
  const challenges: string[] = [];
  for (const mechanism of mechanisms) {
    challenges.push(`${CHALLENGE_NAMES.get(mechanism) ?? mechanism} realm="${realm}"`);
  }
  return challenges.join(", ");
}

/**
 * The mechanisms of rest_auth_mechanisms, lower case, known ones only (an
 * unknown one is dropped with a warning), without repeats, in order.
 */
export function readMechanisms(configured: unknown[]): string[] {
  const mechanisms: string[] = [];
  const seen = new LuaSet<string>();
  for (const item of configured) {
    const name = typeof item === "string" ? string.lower(item) : undefined;
    if (name === undefined || !CHALLENGE_NAMES.has(name)) {
      module.log("warn", "Ignoring unknown mechanism %s in rest_auth_mechanisms (known: Basic, Bearer)", tostring(item));
    } else if (!seen.has(name)) {
      seen.add(name);
      mechanisms.push(name);
    }
  }
  return mechanisms;
}

/** The sender an authenticated principal is. */
export function senderOf(principal: Principal): Sender {
  if (principal.username === undefined) {
    return { jid: principal.jid, bare: principal.jid, host: principal.host, scope: "domain" };
  }
  const sender: Sender = { jid: principal.jid, bare: principal.jid, username: principal.username, host: principal.host, scope: "bare" };
  if (principal.resource !== undefined) {
    sender.jid = `${principal.jid}/${principal.resource}`;
    sender.resource = principal.resource;
    if (principal.resourceBound === true) {
      sender.scope = "exact";
    }
  }
  return sender;
}

/** A new random account of the host (anonymous_rest). */
function anonymousSender(host: string): Sender {
  const username = string.lower(idlib.medium());
  const bare = `${username}@${host}`;
  return { jid: bare, bare, username, host, scope: "bare" };
}

export function newRestAuth(config: RestAuthConfig): RestAuth {
  const authenticator: AuthenticatorConfig = {
    host: config.host,
    mechanisms: setOf(config.mechanisms),
    checkPassword: config.checkPassword,
    cache: config.cache,
    tokens: config.tokens,
    component: config.component,
  };
  const throttle = newFailureThrottle(config.maxFailures, config.failureWindow);
  let challenge: string | undefined;
  let challengeHeaders: Headers | undefined;
  if (!config.anonymous && config.mechanisms.length > 0) {
    challenge = challengeHeader(config.mechanisms, config.realm);
    challengeHeaders = { www_authenticate: challenge };
  }
  const retryHeaders: Headers = { retry_after: tostring(config.failureWindow) };

  function check(request: ServerRequest): AuthCheck {
    if (config.anonymous) {
      return $multi(anonymousSender(config.host), undefined, undefined);
    }
    const address = request.ip ?? "";
    if (throttle.blocked(address)) {
      return $multi(undefined, errors.new("auth-throttled"), retryHeaders);
    }
    const [principal, failure] = authenticate(authenticator, request.headers.authorization);
    if (principal === undefined) {
      if (failure !== "missing") {
        throttle.failed(address);
      }
      return $multi(undefined, errors.new(failure === "missing" ? "auth-required" : "auth-refused"), challengeHeaders);
    }
    return $multi(senderOf(principal), undefined, undefined);
  }

  return { check, challenge };
}
