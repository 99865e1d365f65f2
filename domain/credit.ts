// Credit before approval (L7, L11, L12): an enterprise on the dishonesty list may not use the
// commitment route. Pure.
import { commitmentModes, type CommitmentMode } from './case.js';

/**
 * How long a dishonesty record keeps an enterprise on the list. The seeds do not say; three years
 * follows the usual publication period of dishonesty information (our choice, in the README).
 */
export const DISHONESTY_YEARS = 3;

/** Whether a record made at `recordedAt` still counts at `now`. */
export function recordCounts(recordedAt: string, now: string): boolean {
  const until = new Date(recordedAt);
  until.setUTCFullYear(until.getUTCFullYear() + DISHONESTY_YEARS);
  return until.getTime() > Date.parse(now);
}

/** The modes open to an enterprise: all of them, or `standard` only when it is dishonest. */
export function openModes(dishonest: boolean): CommitmentMode[] {
  return dishonest ? ['standard'] : [...commitmentModes];
}
