/**
 * Refusals that cost the same whether the account exists or not. With
 * internal_hashed, Prosody refuses a missing account at once but derives a
 * key (PBKDF2, milliseconds) to check the password of an existing one, so
 * the time of a 401 would tell which usernames exist. After a refused
 * password, this derives a key the way the provider would have when it had
 * no account to derive one for.
 */
import * as usermanager from "core.usermanager";
import * as hashes from "util.hashes";
import { stringprep } from "util.encodings";

/** A fixed salt as long as the UUIDs internal_hashed salts with: the derivation costs the same. */
const DUMMY_SALT = "00000000-0000-4000-8000-000000000000";

/** Called after Basic credentials were refused by the password check. */
export type RefusalCost = (this: void, username: string, password: string) => void;

/**
 * The cost of a refusal on `host`: with internal_hashed, a key derivation
 * with the host's password_hash and default_iteration_count when the
 * account does not exist (or, on 13, is disabled), nothing otherwise (the
 * provider has just derived one). Other providers cost the same either way
 * (internal_plain) or in ways unknown here: nothing is added for them.
 */
export function newRefusalCost(host: string): RefusalCost {
  const derive = module.get_option_string("password_hash", "SHA-1") === "SHA-256" ? hashes.pbkdf2_hmac_sha256 : hashes.pbkdf2_hmac_sha1;
  let iterations = module.get_option_number("default_iteration_count", 10000) ?? 10000;
  if (usermanager.user_is_enabled !== undefined) {
    // Prosody 13 (the one with user_is_enabled) reads it with a minimum of 4096.
    iterations = math.max(iterations, 4096);
  }
  // The specs' fake usermanager may lack get_provider: then nothing is added.
  const usesHashes = (): boolean => {
    if (type(usermanager.get_provider) !== "function") {
      return false;
    }
    const provider = usermanager.get_provider(host);
    return provider !== undefined && provider.name === "internal_hashed";
  };
  const providerDerived = (username: string): boolean => {
    if (usermanager.user_exists(username, host) !== true) {
      return false;
    }
    const isEnabled = usermanager.user_is_enabled;
    return isEnabled === undefined || isEnabled(username, host) === true;
  };

  return (username, password) => {
    if (!usesHashes() || providerDerived(username)) {
      return;
    }
    // The provider refuses a password SASLprep rejects before deriving anything.
    const prepared = stringprep.saslprep(password);
    if (prepared !== undefined) {
      derive(prepared, DUMMY_SALT, iterations);
    }
  };
}
