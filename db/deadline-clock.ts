// When a deadline counts as warned (即将超期) or overdue (超期) in the read model: once the
// workflow's timer flagged it, or once the clock passed its warning or due time. The projection
// follows the timer, so for a moment the clock knows first; the inbox and the dashboard say so.
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';

/**
 * `flag or instant <= at`, in SQL. Null (SQL's unknown) when the flag is false and the instant is
 * null: a filter treats that as false; a selected value wants coalesce(…, false).
 */
export function flaggedOrPassed(flag: AnyColumn | SQL, instant: AnyColumn, at: string): SQL<boolean> {
  return sql<boolean>`(${flag} or ${instant} <= ${at}::timestamptz)`;
}

/** The same, as a selected value: false where SQL would say unknown. */
export function flaggedOrPassedValue(flag: AnyColumn | SQL, instant: AnyColumn, at: string): SQL<boolean> {
  return sql<boolean>`coalesce(${flaggedOrPassed(flag, instant, at)}, false)`;
}
