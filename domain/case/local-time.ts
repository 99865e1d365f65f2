// Instants as staff read them: Asia/Shanghai local time (DOMAIN §4), without Intl or the process zone.

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** An instant as Asia/Shanghai local time, e.g. 2026-02-24T16:00:00Z (24:00 of the 24th) → "2026-02-25 00:00". */
export function shanghaiTime(iso: string): string {
  return new Date(Date.parse(iso) + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}
