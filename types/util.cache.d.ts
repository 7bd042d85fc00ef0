/** @noSelfInFile */

/** util.cache: a bounded least-recently-used map. */
/** @noResolution */
declare module "util.cache" {
  export interface Cache<K extends AnyNotNil, V> {
    /** Store (nil removes); false when the eviction callback refused. */
    set(key: K, value: V | undefined): boolean;
    /** Look up and mark as recently used. */
    get(key: K): V | undefined;
    count(): number;
    /** Iterate keys and values, most recent first. */
    items(): LuaIterable<LuaMultiReturn<[K, V]>>;
    values(): LuaIterable<V>;
    head(): LuaMultiReturn<[K, V] | []>;
    tail(): LuaMultiReturn<[K, V] | []>;
    resize(size: number): this;
    /** A table view (reads and writes go through the cache). */
    table(): LuaTable<K, V>;
    clear(): void;
  }
  /** A cache of at most `size` entries; `on_evict` may return false to refuse. */
  function new_<K extends AnyNotNil, V>(size: number, on_evict?: (this: void, key: K, value: V) => boolean | void): Cache<K, V>;
  export { new_ as new };
}
