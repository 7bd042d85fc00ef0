/**
 * A counter metric with one label, its series looked up once per label
 * value: `with_labels` builds a key each call, too much for a hot path.
 */

/** Count one under `label` in the module's counter `name` (created here, label key `labelKey`). */
export function labelledCounter(name: string, description: string, labelKey: string): (this: void, label: string) => void {
  const family = module.metric("counter", name, "", description, [labelKey]);
  const series = new LuaMap<string, ReturnType<typeof family.with_labels>>();
  return (label) => {
    let counter = series.get(label);
    if (counter === undefined) {
      counter = family.with_labels(label);
      series.set(label, counter);
    }
    counter.add(1);
  };
}
