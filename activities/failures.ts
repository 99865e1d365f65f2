// Which activity failures no retry can mend, in one place. Temporal retries a failed activity
// for ever (workflows/activities.ts): right for a receiver that is down, wrong for data the
// database refuses or a date the calendar does not have — those fail the same way every time.
// They are thrown as non-retryable `UnprocessableInput` failures, and the case workflow puts the
// case into needs_attention (domain/case/attention.ts). The message and details name the rule
// (SQLSTATE, calendar), never the data: drivers quote parameters in their messages, and the
// worker logs every failure.
import { ApplicationFailure } from '@temporalio/common';
import { InvalidYearArrangementError } from '../domain/calendar/arrangement-shape.js';
import { UNPROCESSABLE_INPUT, type UnprocessableCause } from '../domain/case/attention.js';

/**
 * SQLSTATEs outside class 22 that fail the same way on every retry: a required value missing,
 * a referenced row missing, a check refused. Not 23505 (unique violation): our writes insert by
 * idempotency key with `on conflict`, and one that still collides raced another attempt of the
 * same write (an attempt that outlived its timeout) — the retry finds the row and goes on.
 */
const PERMANENT_INTEGRITY = new Set(['23502', '23503', '23514']);

/** The SQLSTATE of a database error, wrapped (drizzle, our own rethrows) or not; not Node's codes (EPIPE). */
function sqlStateOf(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9][0-9A-Z]{4}$/.test(code)) return code;
  }
  return undefined;
}

/** What makes a failure permanent, or undefined when a retry may succeed. */
export function unprocessableCause(error: unknown): UnprocessableCause | undefined {
  const sqlState = sqlStateOf(error);
  if (sqlState && (sqlState.startsWith('22') || PERMANENT_INTEGRITY.has(sqlState))) return { kind: 'database', sqlState };
  // The working-day calendar and its date parsing throw RangeError for a date outside its years
  // or not a date at all; a malformed loaded year is refused as a whole.
  if (error instanceof RangeError || error instanceof InvalidYearArrangementError) return { kind: 'calendar' };
  return undefined;
}

/** The non-retryable failure a permanent error becomes; other errors come back unchanged. */
export function classifyFailure(activity: string, error: unknown): unknown {
  const cause = unprocessableCause(error);
  if (!cause) return error;
  const what = cause.kind === 'database' ? `the database refused the data (SQLSTATE ${cause.sqlState})` : 'a date lies outside the working-day calendar or is not a date';
  return ApplicationFailure.create({ type: UNPROCESSABLE_INPUT, nonRetryable: true, message: `${activity}: ${what}; retrying cannot succeed`, details: [cause] });
}

/** Wraps each activity so that a permanent failure is thrown non-retryable. */
export function failingPermanently<T extends Record<string, (...args: never[]) => Promise<unknown>>>(activities: T): T {
  const wrapped: Record<string, (...args: never[]) => Promise<unknown>> = {};
  for (const [name, activity] of Object.entries(activities)) {
    wrapped[name] = async (...args) => {
      try {
        return await activity(...args);
      } catch (error) {
        throw classifyFailure(name, error);
      }
    };
  }
  return wrapped as T;
}
