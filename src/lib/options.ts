/**
 * Option getters with the validation Prosody's own getters leave out. On
 * Prosody 13 integers and periods go through its get_option_integer and
 * get_option_period; 0.12 has neither and reads them as plain numbers.
 */

/**
 * Past this no count, size or duration makes sense, and integers stop being
 * exact. Prosody 13's get_option_integer turns 1e999 into the largest
 * integer (with its own warning): this refuses that too, as 0.12 refuses inf.
 */
const LARGEST_VALUE = 9007199254740992; // 2^53

/** A value that passed: finite, not negative, not absurdly large, and not zero unless allowed. */
function acceptable(value: number | undefined, allowZero: boolean): value is number {
  return value !== undefined && value === value && value >= 0 && value < LARGEST_VALUE && (value > 0 || allowZero);
}

/** Warn that an option was replaced by its default. */
function useFallback(name: string, fallback: number, allowZero: boolean): number {
  module.log("warn", "Option '%s' must be a %s number; using %s", name, allowZero ? "non-negative" : "positive", tostring(fallback));
  return fallback;
}

/**
 * A number option that must be positive (or zero when `allowZero`): other
 * values fall back to the default with a warning. Non-numbers already get
 * an error line and nil from Prosody's get_option_number.
 */
export function positiveNumberOption(name: string, fallback: number, allowZero = false): number {
  const value = module.get_option_number(name, fallback);
  return acceptable(value, allowZero) ? value : useFallback(name, fallback, allowZero);
}

/**
 * A whole number option (a count or a size in bytes) that must be positive
 * (or zero when `allowZero`); other values fall back to the default with a
 * warning. A fraction is rounded down, with a warning (Prosody 13's own).
 */
export function positiveIntegerOption(name: string, fallback: number, allowZero = false): number {
  // A plain index, not a call: nil on 0.12 (the module API has no metatable
  // to warn about a missing method).
  const getInteger = module.get_option_integer;
  let value: number | undefined;
  if (getInteger !== undefined) {
    // pcall: 13.0.1 raises on a non-number string after logging its error.
    const [ok, result] = pcall(getInteger, module, name, fallback);
    if (ok) {
      value = result;
    }
  } else {
    value = module.get_option_number(name, fallback);
    if (value !== undefined && value % 1 !== 0 && acceptable(value, true)) {
      module.log("warn", "Config option '%s' expected an integer, not a float (%s)", name, tostring(value));
      value = math.floor(value);
    }
  }
  return acceptable(value, allowZero) ? value : useFallback(name, fallback, allowZero);
}

/**
 * A duration in seconds that must be positive (or zero when `allowZero`);
 * other values (and "never") fall back to the default with a warning.
 * Numbers and numeric strings are seconds; on Prosody 13 other strings are
 * periods read by get_option_period ("30 seconds", "5 minutes", "1 day").
 */
export function periodOption(name: string, fallback: number, allowZero = false): number {
  const getPeriod = module.get_option_period;
  const raw = module.get_option(name);
  let value: number | undefined;
  if (getPeriod !== undefined && type(raw) === "string" && tonumber(raw) === undefined) {
    value = getPeriod.call(module, name, fallback);
  } else {
    // Numbers keep 0.12's meaning on 13 too: get_option_period would turn a
    // negative one into "forever" and log a bare number in a string as ambiguous.
    value = module.get_option_number(name, fallback);
  }
  return acceptable(value, allowZero) ? value : useFallback(name, fallback, allowZero);
}
