// Civil dates as epoch day numbers, and instants as Shanghai civil days. Only UTC-based Date
// arithmetic is used, never the process time zone, so results are the same on every machine
// and inside the deterministic workflow sandbox.

const DAY_MS = 86_400_000;

/**
 * Asia/Shanghai is a fixed UTC+8: China has observed no daylight saving time since 1991, so a
 * constant offset is exact for every date this calendar handles (2025 onwards).
 */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

const CIVIL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// An explicit zone is required: `Date.parse` reads an offset-less date-time in the process zone.
const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/** Days since 1970-01-01 of a valid `YYYY-MM-DD`, or undefined if it is not a real date. */
export function parseCivilDate(text: string): number | undefined {
  const match = CIVIL_DATE.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  // Date.UTC rolls 2025-02-30 over to March; a round trip catches it. It also maps years 0–99
  // to 1900–1999, which the year comparison rejects too.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return undefined;
  return ms / DAY_MS;
}

/** Days since 1970-01-01 of a `YYYY-MM-DD`; throws a RangeError naming the input if invalid. */
export function civilDay(text: string): number {
  const day = parseCivilDate(text);
  if (day === undefined) throw new RangeError(`Not a valid YYYY-MM-DD date: ${JSON.stringify(text)}`);
  return day;
}

/** `YYYY-MM-DD` of an epoch day number. */
export function formatCivilDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Day of the week of an epoch day number: 0 Sunday … 6 Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** Whether an epoch day number is a Saturday or Sunday. */
export function isWeekend(day: number): boolean {
  const weekday = weekdayOf(day);
  return weekday === 0 || weekday === 6;
}

/** Epoch day number of 1 January of a year. */
export function firstDayOfYear(year: number): number {
  return Date.UTC(year, 0, 1) / DAY_MS;
}

/** Gregorian year of an epoch day number. */
export function yearOf(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

/** Milliseconds since the epoch of an instant; throws a RangeError for an invalid or zone-less one. */
export function instantMs(instant: Date | string): number {
  if (instant instanceof Date) {
    const ms = instant.getTime();
    if (Number.isNaN(ms)) throw new RangeError('Invalid Date');
    return ms;
  }
  const match = ISO_INSTANT.exec(instant);
  // Date.parse would roll 2026-02-30 over to March, so the date part is checked on its own.
  const ms = match && parseCivilDate(match[1] as string) !== undefined ? Date.parse(instant) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new RangeError(`Not an ISO 8601 instant with a Z or ±hh:mm offset: ${JSON.stringify(instant)}`);
  }
  return ms;
}

/** The instant 00:00:00.000 +08:00 that starts a Shanghai civil day. */
export function startOfDayMs(day: number): number {
  return day * DAY_MS - SHANGHAI_OFFSET_MS;
}

/**
 * The first Shanghai civil day starting at or after an instant. An instant inside day D gives
 * D + 1; an instant exactly at 00:00 of day D gives D itself — that instant is also 24:00 of
 * D − 1, the way a deadline ends, so chained deadlines and lateness neither gain nor lose a day.
 */
export function firstDayStartingAtOrAfter(ms: number): number {
  return Math.ceil((ms + SHANGHAI_OFFSET_MS) / DAY_MS);
}
