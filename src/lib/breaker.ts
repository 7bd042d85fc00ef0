/**
 * A circuit breaker for one webhook endpoint. Closed, requests go out and
 * consecutive failures are counted; after `failures` of them it opens: no
 * request goes out for a cooldown (callers answer at once instead of
 * queueing behind a dead endpoint). Then it is half-open: one request, the
 * probe, goes out; its success closes the breaker, its failure opens it
 * again for a longer cooldown (doubling, with jitter, up to `maxCooldown`).
 * An endpoint may also ask for a pause itself (Retry-After).
 *
 * The cooldown runs on a module timer, so the breaker reads no clock.
 */
import type { Timer } from "core.moduleapi";

export interface BreakerConfig {
  /** Consecutive failures that open the breaker; 0 never opens it (Retry-After is still honoured). */
  failures: number;
  /** First cooldown, in seconds. */
  cooldown: number;
  /** Longest cooldown, and longest Retry-After pause honoured, in seconds. */
  maxCooldown: number;
  /** A number in [0, 1): the jitter (math.random unless a spec fixes it). */
  random?: (this: void) => number;
  /** Told of every change of state, with the reason and the cooldown when it opens. */
  onChange?: (this: void, state: BreakerState, reason: string, cooldown: number) => void;
}

export type BreakerState = "closed" | "open" | "half-open";

export interface Breaker {
  /**
   * May a request go out now? Closed: yes. Open: no. Half-open: yes for the
   * first request (the probe, which must then be reported), no after it.
   * The answer's second value is true for the probe.
   */
  admit(this: void): LuaMultiReturn<[boolean, boolean]>;
  /** The endpoint answered (any answer that is not an outage): closes the breaker. */
  success(this: void): void;
  /** An outage (no connection, timeout, 5xx) of a request; `probe` as admit said. */
  failure(this: void, reason: string, probe: boolean): void;
  /** The endpoint asked not to be sent anything for `seconds` (bounded by maxCooldown). */
  pause(this: void, seconds: number, reason: string): void;
  state(this: void): BreakerState;
}

/** Jitter: each cooldown is the doubling schedule's value times a factor in [0.8, 1.2), capped. */
const JITTER_LOW = 0.8;
const JITTER_SPAN = 0.4;

export function newBreaker(config: BreakerConfig): Breaker {
  const random = config.random ?? (() => math.random());
  let state: BreakerState = "closed";
  let consecutive = 0;
  /** Openings since the breaker last closed: the exponent of the cooldown. */
  let openings = 0;
  let probing = false;
  let timer: Timer | undefined;

  function change(next: BreakerState, reason: string, cooldown: number): void {
    state = next;
    config.onChange?.(next, reason, cooldown);
  }

  /** Open for `delay` seconds, then half-open. */
  function openFor(delay: number, reason: string): void {
    timer?.stop();
    probing = false;
    const thisTimer = module.add_timer(delay, () => {
      if (timer === thisTimer && state === "open") {
        timer = undefined;
        change("half-open", reason, 0);
      }
    });
    timer = thisTimer;
    change("open", reason, delay);
  }

  /** The next cooldown on the doubling schedule, with jitter, never over the cap. */
  function nextCooldown(): number {
    openings++;
    const base = math.min(config.maxCooldown, config.cooldown * 2 ** math.min(openings - 1, 30));
    return math.min(config.maxCooldown, base * (JITTER_LOW + JITTER_SPAN * random()));
  }

  return {
    admit() {
      if (state === "closed") {
        return $multi(true, false);
      }
      if (state === "half-open" && !probing) {
        probing = true;
        return $multi(true, true);
      }
      return $multi(false, false);
    },
    success() {
      consecutive = 0;
      openings = 0;
      probing = false;
      if (state !== "closed") {
        timer?.stop();
        timer = undefined;
        change("closed", "the endpoint answered", 0);
      }
    },
    failure(reason, probe) {
      if (probe && state === "half-open") {
        openFor(nextCooldown(), reason);
        return;
      }
      if (state !== "closed") {
        return; // Sent before the breaker opened: already counted as an outage.
      }
      consecutive++;
      if (config.failures > 0 && consecutive >= config.failures) {
        consecutive = 0;
        openFor(nextCooldown(), reason);
      }
    },
    pause(seconds, reason) {
      if (seconds > 0) {
        consecutive = 0;
        openFor(math.min(seconds, config.maxCooldown), reason);
      }
    },
    state() {
      return state;
    },
  };
}
