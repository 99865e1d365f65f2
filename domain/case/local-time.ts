// Instants as staff read them: Asia/Shanghai local time (README "Working days"), without Intl or the process
// zone. The offset is the calendar's own (fixed +08:00, no daylight saving since 1991).
import { instantMs, SHANGHAI_OFFSET_MS } from '../calendar/civil-date.js';

/**
 * An instant as Asia/Shanghai local time. Midnight reads as 24:00 of the day before, the way a
 * deadline is meant: 2026-02-24T16:00:00Z → "2026-02-24 24:00", not "2026-02-25 00:00".
 */
export function shanghaiTime(iso: string): string {
  const ms = Date.parse(iso) + SHANGHAI_OFFSET_MS;
  if (ms % 86_400_000 === 0) return `${new Date(ms - 1).toISOString().slice(0, 10)} 24:00`;
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

/** The Asia/Shanghai civil date (YYYY-MM-DD) an instant falls on. */
export function shanghaiDate(instant: string | Date): string {
  return new Date(new Date(instant).getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** An instant as ISO 8601 with the +08:00 offset, e.g. 2026-02-25T00:00:00.000+08:00. */
export function shanghaiIso(instant: Date): string {
  return `${new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 23)}+08:00`;
}

/** Whether the working-day calendar can read an instant (not a leap second, an impossible date, a zone-less time). */
export function readableInstant(text: string): boolean {
  try {
    instantMs(text);
    return true;
  } catch {
    return false;
  }
}
