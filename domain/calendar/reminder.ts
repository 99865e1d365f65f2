// L8: the applicant is reminded 承诺期限截止前一天 — on the calendar day before the due date, at
// 09:00 Shanghai time (README "Working days"). A calendar day, not a working day: no holiday table needed.
import { civilDay, startOfDayMs } from './civil-date.js';
import type { CivilDate } from './types.js';

const NINE_HOURS_MS = 9 * 3_600_000;

/** The reminder instant for a due date: 09:00 +08:00 on the previous calendar day. */
export function reminderBefore(dueDate: CivilDate): Date {
  return new Date(startOfDayMs(civilDay(dueDate) - 1) + NINE_HOURS_MS);
}
