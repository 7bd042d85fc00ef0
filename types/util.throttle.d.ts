/** @noSelfInFile */

/** util.throttle: token-bucket rate limiting. Methods are colon calls. */
/** @noResolution */
declare module "util.throttle" {
  /** A bucket of up to `max` tokens, refilled at `rate` tokens per second. */
  export interface Throttle {
    /** Tokens per second. */
    rate: number;
    /** Bucket size. */
    max: number;
    /** Tokens available at the last update. */
    balance: number;
    /** Time of the last update (util.time.now). */
    t: number;
    /** Refill for the time elapsed; returns the balance. */
    update(): number;
    /** True when `cost` tokens (default 1) are available; takes none. */
    peek(cost?: number): boolean;
    /**
     * Take `cost` tokens: true, or false with the balance and the tokens
     * missing. With `split`, a refusal empties the bucket.
     */
    poll(cost: number, split?: boolean): LuaMultiReturn<[true] | [false, number, number]>;
  }
  /** A full bucket allowing `max` tokens per `period` seconds. */
  export function create(max: number, period: number): Throttle;
}
