/**
 * The HTTP Retry-After header (RFC 9110 section 10.2.3): a number of
 * seconds, or an HTTP-date in any of the three forms a recipient must
 * accept (IMF-fixdate, the obsolete RFC 850 and asctime forms).
 */

const MONTHS = new LuaMap<string, number>();
const MONTH_NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
for (let i = 0; i < MONTH_NAMES.length; i++) {
  MONTHS.set(MONTH_NAMES[i] as string, i + 1);
}

/**
 * Days from 1970-01-01 to a civil date (proleptic Gregorian), without
 * os.time, which reads its table as local time.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthFromMarch = (month + 9) % 12;
  const dayOfYear = math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + math.floor(yearOfEra / 4) - math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** Unix seconds of a UTC date and time, or nil when a part is out of range. */
function utcTime(year: number, month: number, day: number, hour: number, minute: number, second: number): number | undefined {
  if (day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return undefined;
  }
  return daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
}

/** Unix seconds of an HTTP-date, or nil when it is none of the three forms. */
export function parseHttpDate(text: string): number | undefined {
  // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
  let [day, monthName, year, hour, minute, second] = string.match(text, "^%a+, (%d%d) (%a%a%a) (%d%d%d%d) (%d%d):(%d%d):(%d%d) GMT$");
  if (day === undefined) {
    // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT (a two-digit year within 50 years of now, per RFC 9110)
    let shortYear: string | undefined;
    [day, monthName, shortYear, hour, minute, second] = string.match(text, "^%a+, (%d%d)%-(%a%a%a)%-(%d%d) (%d%d):(%d%d):(%d%d) GMT$");
    if (shortYear !== undefined) {
      const thisYear = tonumber(os.date("!%Y")) ?? 2000;
      let full = math.floor(thisYear / 100) * 100 + (tonumber(shortYear) ?? 0);
      if (full > thisYear + 50) {
        full -= 100;
      }
      year = tostring(full);
    }
  }
  if (day === undefined) {
    // asctime: Sun Nov  6 08:49:37 1994
    [monthName, day, hour, minute, second, year] = string.match(text, "^%a%a%a (%a%a%a) +(%d?%d) (%d%d):(%d%d):(%d%d) (%d%d%d%d)$");
  }
  if (day === undefined || monthName === undefined) {
    return undefined;
  }
  const month = MONTHS.get(string.lower(monthName));
  if (month === undefined) {
    return undefined;
  }
  return utcTime(tonumber(year) ?? 0, month, tonumber(day) ?? 0, tonumber(hour) ?? 0, tonumber(minute) ?? 0, tonumber(second) ?? 0);
}

/**
 * Seconds to wait from `now` (unix seconds) that a Retry-After value asks
 * for: nil when absent or unreadable, 0 for a date already past.
 */
export function retryAfterSeconds(value: string | undefined, now: number): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const text = string.match(value, "^%s*(.-)%s*$")[0] as string;
  if (string.match(text, "^%d+$")[0] !== undefined) {
    return tonumber(text);
  }
  const date = parseHttpDate(text);
  if (date === undefined) {
    return undefined;
  }
  return math.max(0, date - now);
}
