/** A Lua set of the given items (plain table keys: no lualib needed). */
export function setOf<T extends AnyNotNil>(items: T[]): LuaSet<T> {
  const set = new LuaSet<T>();
  for (const item of items) {
    set.add(item);
  }
  return set;
}
