/** @noSelfInFile */

/** util.queue: a fixed-size FIFO ring buffer. Methods are colon calls. */
/** @noResolution */
declare module "util.queue" {
  /** A FIFO queue of at most `size` items. */
  export interface Queue<T> {
    /** Capacity. */
    readonly size: number;
    /** Number of items. */
    count(): number;
    /** Add at the back: true, or nil and "queue full" (a wrapping queue drops its oldest item instead). */
    push(item: T): LuaMultiReturn<[true, undefined] | [undefined, "queue full"]>;
    /** Remove and return the oldest item; nil when empty. */
    pop(): T | undefined;
    /** The oldest item without removing it; nil when empty. */
    peek(): T | undefined;
    /** Replace the oldest item (push when empty). */
    replace(item: T): LuaMultiReturn<[true, undefined] | [undefined, "queue full"]>;
    /** Iterate positions (1-based) and items, oldest first, without removing them. */
    items(): LuaIterable<LuaMultiReturn<[number, T]>>;
    /** Iterate by popping each item, oldest first. */
    consume(): LuaIterable<T>;
  }
  /** A queue of `size` items; with `allow_wrapping` a push to a full queue drops the oldest item. */
  function new_<T>(size: number, allow_wrapping?: boolean): Queue<T>;
  export { new_ as new };
}
