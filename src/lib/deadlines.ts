/**
 * Timeouts of equal length for many pending requests, on one timer.
 *
 * Every entry gets the same timeout, so deadlines come in the order the
 * entries were added: a doubly linked list in that order, and a single
 * module timer set for the oldest deadline. Adding and removing an entry
 * is a few table writes, where a timer per request costs a timer-heap
 * insertion and removal (and, for each zero-delay task queued meanwhile,
 * a re-armed net.server timer). The list runs through the entries' own
 * fields, so a deadline makes no table of its own.
 */
import * as timelib from "util.time";

/**
 * What an entry carries for its deadline: declare these fields in the
 * entry's table constructor (nil at first), so that it has room for them.
 */
export interface Timed<T> {
  /** When it expires (util.time); set while pending. */
  due?: number;
  prevTimed?: T;
  nextTimed?: T;
  /** True from `add` until it is removed or expired. */
  timing?: boolean;
}

export interface Deadlines<T extends Timed<T>> {
  /** Start the timeout of `entry`: `onExpire(entry)` runs when it passes. */
  add(this: void, entry: T): void;
  /** The request settled: its timeout no longer runs. Safe to call twice, or for an entry never added. */
  remove(this: void, entry: T): void;
}

/** Timeouts of `seconds` each; `onExpire` is called for each one that passes. */
export function newDeadlines<T extends Timed<T>>(seconds: number, onExpire: (this: void, entry: T) => void): Deadlines<T> {
  let first: T | undefined;
  let last: T | undefined;
  let armed = false;

  function remove(entry: T): void {
    if (entry.timing !== true) {
      return;
    }
    entry.timing = false;
    const prev = entry.prevTimed;
    const next = entry.nextTimed;
    if (prev !== undefined) {
      prev.nextTimed = next;
    } else {
      first = next;
    }
    if (next !== undefined) {
      next.prevTimed = prev;
    } else {
      last = prev;
    }
    entry.prevTimed = undefined;
    entry.nextTimed = undefined;
  }

  /** Expire what is due; the delay until the next deadline, or nil to stop the timer. */
  function fire(now: number): number | undefined {
    while (first !== undefined && (first.due as number) <= now) {
      const entry = first;
      remove(entry);
      onExpire(entry);
    }
    if (first === undefined) {
      armed = false;
      return undefined;
    }
    return (first.due as number) - now;
  }

  function add(entry: T): void {
    entry.due = timelib.now() + seconds;
    entry.timing = true;
    entry.prevTimed = last;
    entry.nextTimed = undefined;
    if (last !== undefined) {
      last.nextTimed = entry;
    } else {
      first = entry;
    }
    last = entry;
    if (!armed) {
      armed = true;
      module.add_timer(seconds, (now: number) => fire(now));
    }
  }

  return { add, remove };
}
