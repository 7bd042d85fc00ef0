/**
 * Unique ids without fresh random bytes per id: a random prefix drawn once
 * (per module load) and a counter. util.id reads the system's random
 * source for every id, a measurable share of a webhook round trip.
 */
import * as idlib from "util.id";

/** A generator of ids unique to this load: `<12 random characters><counter>`. */
export function newIdSource(): (this: void) => string {
  const prefix = idlib.short();
  let counter = 0;
  return () => {
    counter++;
    return `${prefix}${counter}`;
  };
}
