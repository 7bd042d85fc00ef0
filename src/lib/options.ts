/** Option getters with the validation Prosody's own getters leave out. */

/**
 * A number option that must be positive (or zero when `allowZero`): other
 * values fall back to the default with a warning. Non-numbers already get
 * an error line and nil from Prosody's get_option_number.
 */
export function positiveNumberOption(name: string, fallback: number, allowZero = false): number {
  const value = module.get_option_number(name, fallback);
  if (value === undefined || value < 0 || (value === 0 && !allowZero) || value !== value) {
    module.log("warn", "Option '%s' must be a %s number; using %s", name, allowZero ? "non-negative" : "positive", tostring(fallback));
    return fallback;
  }
  return value;
}
