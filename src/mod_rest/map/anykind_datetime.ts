/**
 * XEP-0082 DateTime texts (`2002-09-10T23:08:25Z`, `...25.123+02:00`):
 * the timestamps of delay, idle and MUC history. The shape publishes an
 * ECMA-262 pattern and `format: date-time`; its check is the same
 * grammar plus the calendar (no 31 April, 29 February in leap years
 * only), as a date-time format validator checks it.
 */
import type { Shape } from "./shape";
import { textMatching } from "./shape";

/** The ECMA-262 pattern of an XEP-0082 DateTime (published in the schema). */
export const DATETIME_PATTERN =
  "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]+)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$";

/** An example stamp (XEP-0203's), for the schema and generated instances. */
export const DATETIME_EXAMPLE = "2002-09-10T23:08:25Z";

/** The fixed-width start every DateTime has (the Lua side of the pattern, refined by `isDateTime`). */
const DATETIME_START = "^(%d%d%d%d)%-(%d%d)%-(%d%d)T(%d%d):(%d%d):(%d%d)(.*)$";

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(month: number, year: number): number {
  if (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) {
    return 29;
  }
  return DAYS_IN_MONTH[month - 1];
}

/** True when the part after the seconds is an optional fraction and a zone (Z or ±hh:mm). */
function isZone(rest: string): boolean {
  const [fraction] = string.match(rest, "^%.%d+");
  const zone = fraction === undefined ? rest : string.sub(rest, fraction.length + 1);
  if (zone === "Z") {
    return true;
  }
  const [hours, minutes] = string.match(zone, "^[+-](%d%d):(%d%d)$");
  return hours !== undefined && tonumber(hours)! <= 23 && tonumber(minutes)! <= 59;
}

/** True for an XEP-0082 DateTime that names a real calendar day. */
export function isDateTime(text: string): boolean {
  const [year, month, day, hours, minutes, seconds, rest] = string.match(text, DATETIME_START);
  if (year === undefined) {
    return false;
  }
  const m = tonumber(month)!;
  if (m < 1 || m > 12) {
    return false;
  }
  const d = tonumber(day)!;
  if (d < 1 || d > daysIn(m, tonumber(year)!)) {
    return false;
  }
  if (tonumber(hours)! > 23 || tonumber(minutes)! > 59 || tonumber(seconds)! > 59) {
    return false;
  }
  return isZone(rest);
}

/** An XEP-0082 DateTime text (UTC `Z` or an offset, optional fraction of a second). */
export function dateTime(description?: string): Shape {
  const expected = "an XEP-0082 date-time (2002-09-10T23:08:25Z)";
  const base = textMatching(
    DATETIME_START,
    { pattern: DATETIME_PATTERN, format: "date-time", examples: [DATETIME_EXAMPLE], description },
    expected,
  );
  return {
    schema: base.schema,
    expected,
    accepts: base.accepts,
    check: (path, value) => {
      const problem = base.check(path, value);
      if (problem !== undefined) {
        return problem;
      }
      return isDateTime(value as string) ? undefined : `${path}: expected ${expected}`;
    },
  };
}
