/** @noSelfInFile */

/** util.datetime: XEP-0082 date and time strings (UTC). */
/** @noResolution */
declare module "util.datetime" {
  /** `YYYY-MM-DD` of `t` (seconds since the epoch; now when nil). */
  export function date(t?: number): string;
  /** `YYYY-MM-DDThh:mm:ssZ` of `t` (now when nil). */
  export function datetime(t?: number): string;
  /** `hh:mm:ss` of `t` (now when nil). */
  export function time(t?: number): string;
  /** Legacy XEP-0091 `YYYYMMDDThh:mm:ss` of `t` (now when nil). */
  export function legacy(t?: number): string;
  /** Seconds since the epoch of a XEP-0082 date-time (fractions dropped); nil when it does not parse. */
  export function parse(s: string | undefined): number | undefined;
}
