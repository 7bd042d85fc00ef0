/**
 * A first-in first-out queue with O(1) at both ends: `table.remove(t, 1)`
 * moves every element left, which for a webhook queue of hundreds of
 * waiting requests is hundreds of moves per request sent.
 */

export interface Fifo<T> {
  push(this: void, item: T): void;
  /** The oldest item, taken out; nil when empty. */
  shift(this: void): T | undefined;
  size(this: void): number;
  /** Every item, taken out, oldest first. */
  drain(this: void): T[];
}

export function newFifo<T>(): Fifo<T> {
  const items = new LuaTable<number, T>();
  let first = 1;
  let last = 0;

  function shift(): T | undefined {
    if (first > last) {
      return undefined;
    }
    const item = items.get(first);
    items.delete(first);
    first++;
    if (first > last) {
      // Empty: start again from 1, so that the keys stay small.
      first = 1;
      last = 0;
    }
    return item;
  }

  return {
    push(item) {
      last++;
      items.set(last, item);
    },
    shift,
    size: () => last - first + 1,
    drain() {
      const all: T[] = [];
      let item = shift();
      while (item !== undefined) {
        all.push(item);
        item = shift();
      }
      return all;
    },
  };
}
