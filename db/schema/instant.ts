// Timestamps as ISO 8601 strings in UTC (`2026-11-23T07:59:39.123Z`), whichever driver reads them:
// Postgres' own text form (`2026-11-23 15:59:39.123+08`) is not what an API should answer.
import { customType } from 'drizzle-orm/pg-core';

const PG_TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?)(Z|[+-]\d{2}(?::?\d{2})?)$/;

/** Postgres' text form of a timestamptz as an ISO instant in UTC. */
export function isoFromPostgres(value: string | Date): string {
  if (value instanceof Date) return value.toISOString();
  const match = PG_TIMESTAMP.exec(value);
  if (!match) throw new Error(`unexpected timestamp from the database: ${value}`);
  const [, date, time, zone] = match;
  const offset = zone === 'Z' ? 'Z' : zone!.length === 3 ? `${zone}:00` : zone!.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  return new Date(`${date}T${time}${offset}`).toISOString();
}

/** A `timestamp with time zone` column holding ISO strings. */
export const instant = customType<{ data: string; driverData: string }>({
  dataType: () => 'timestamp with time zone',
  fromDriver: isoFromPostgres,
  toDriver: (value) => value,
});
