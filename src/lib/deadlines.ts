/**
 * Timeouts of equal length for many pending requests, on one timer.
 *
 * Every entry gets the same timeout, so deadlines come in the order the
 * entries were added: a doubly linked list in that order, and a single
 * module timer set for the oldest deadline. Adding and removing an entry
 * is a few table writes, where a timer per request costs a timer-heap
 * insertion and removal (and, for each zero-delay task queued meanwhile,
 * a re-armed net.server timer).
 */
import * as timelib from "util.time";

/** A pending deadline; `remove` it when its request settles first. */
export interface Deadline<T> {
  readonly item: T;
  readonly due: number;
  prev?: Deadline<T>;
  next?: Deadline<T>;
  /** False once removed or expired. */
  pending: boolean;
}

export interface Deadlines<T> {
  /** Start the timeout of `item`: `onExpire(item)` runs when it passes. */
  add(this: void, item: T): Deadline<T>;
  /** The request settled: its timeout no longer runs. Safe to call twice. */
  remove(this: void, entry: Deadline<T>): void;
}

/** Timeouts of `seconds` each; `onExpire` is called for each one that passes. */
export function newDeadlines<T>(seconds: number, onExpire: (this: void, item: T) => void): Deadlines<T> {
  let first: Deadline<T> | undefined;
  let last: Deadline<T> | undefined;
  let armed = false;

  function remove(entry: Deadline<T>): void {
    if (!entry.pending) {
      return;
    }
    entry.pending = false;
    if (entry.prev !== undefined) {
      entry.prev.next = entry.next;
    } else {
      first = entry.next;
    }
    if (entry.next !== undefined) {
      entry.next.prev = entry.prev;
    } else {
      last = entry.prev;
    }
    entry.prev = undefined;
    entry.next = undefined;
  }

  /** Expire what is due; the delay until the next deadline, or nil to stop the timer. */
  function fire(now: number): number | undefined {
    while (first !== undefined && first.due <= now) {
      const entry = first;
      remove(entry);
      onExpire(entry.item);
    }
    if (first === undefined) {
      armed = false;
      return undefined;
    }
    return first.due - now;
  }

  function add(item: T): Deadline<T> {
    // `next` named though nil: the table is made with room for it, not grown when the next entry comes.
    const entry: Deadline<T> = { item, due: timelib.now() + seconds, prev: last, next: undefined, pending: true };
    if (last !== undefined) {
      last.next = entry;
    } else {
      first = entry;
    }
    last = entry;
    if (!armed) {
      armed = true;
      module.add_timer(seconds, (now: number) => fire(now));
    }
    return entry;
  }

  return { add, remove };
}
