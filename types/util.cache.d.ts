/** @noSelfInFile */

/** util.cache: a bounded least-recently-used map. Methods are colon calls. */
/** @noResolution */
declare module "util.cache" {
  /** An LRU cache of at most `size` entries. */
  export interface Cache<K extends AnyNotNil, V> {
    /** Maximum number of entries. */
    readonly size: number;
    /** Store and mark as most recent (nil removes); false when full and the eviction callback refused. */
    set(key: K, value: V | undefined): boolean;
    /** The value, or nil. Does not change the order. */
    get(key: K): V | undefined;
    /** Number of entries. */
    count(): number;
    /** Iterate keys and values, most recent first. */
    items(): LuaIterable<LuaMultiReturn<[K, V]>>;
    /** Iterate values, most recent first. */
    values(): LuaIterable<V>;
    /** The most recent entry; nil, nil when empty. */
    head(): LuaMultiReturn<[K, V] | [undefined, undefined]>;
    /** The least recent entry (next to be evicted); nil, nil when empty. */
    tail(): LuaMultiReturn<[K, V] | [undefined, undefined]>;
    /** Change the size, evicting as needed; false when the eviction callback refused. */
    resize(size: number): boolean;
    /** A proxy table: reads and writes go through the cache (a refused write raises). */
    table(): LuaTable<K, V>;
    /** Remove every entry (without calling the eviction callback). */
    clear(): void;
  }
  /**
   * A cache of at most `size` entries. `on_evict(key, value)` is called
   * before the least recent entry is dropped to make room and may return
   * false to refuse (then `set` returns false); `false` refuses always.
   */
  function new_<K extends AnyNotNil, V>(size: number, on_evict?: ((this: void, key: K, value: V) => boolean | void) | false): Cache<K, V>;
  export { new_ as new };
}
