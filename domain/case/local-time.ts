// Instants as staff read them: Asia/Shanghai local time (DOMAIN §4), without Intl or the process zone.

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/**
 * An instant as Asia/Shanghai local time. Midnight reads as 24:00 of the day before, the way a
 * deadline is meant: 2026-02-24T16:00:00Z → "2026-02-24 24:00", not "2026-02-25 00:00".
 */
export function shanghaiTime(iso: string): string {
  const ms = Date.parse(iso) + SHANGHAI_OFFSET_MS;
  if (ms % 86_400_000 === 0) return `${new Date(ms - 1).toISOString().slice(0, 10)} 24:00`;
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}
