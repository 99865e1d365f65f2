// How many working days a deadline leaves, as a division's inbox and the coordinator's dashboard
// show it (D 二: 即将超期 / 超期). Pure: the calendar is passed in.
import type { WorkingDayCalendar } from './calendar/working-day-calendar.js';
import { shanghaiDate } from './case/local-time.js';

/**
 * Working days left until `dueAt` at instant `now`, on the Asia/Shanghai working-day calendar.
 *
 * Before the deadline (now < dueAt): the working days on which the work can still be done in time,
 * counting today when today is a working day — every working day from now's civil date up to the
 * deadline's last day (a deadline at 24:00 of D ends on D). So on the last working day itself the
 * answer is 1, never 0, and a not-yet-due deadline is always ≥ 1 unless no working day remains
 * (a date-based deadline ending on a holiday: 0).
 *
 * From the deadline on (now ≥ dueAt): minus how many working days late the work would be if done
 * now — the same count as lateness and escalation (ESCALATION_STEPS): 0 from the deadline until
 * the next working day begins, −1 during the first working day after it, −3 once it is three
 * working days late (escalated to level 3).
 */
export function workingDaysLeft(calendar: WorkingDayCalendar, now: string | Date, dueAt: string): number {
  const nowMs = new Date(now).getTime();
  if (nowMs >= Date.parse(dueAt)) {
    const late = calendar.workingDaysBetween(dueAt, new Date(nowMs)).days;
    return late === 0 ? 0 : -late;
  }
  // workingDaysBetween(a, b) counts the working days after a's day through b's day; from the
  // midnight that starts today (which belongs to yesterday) it counts today as well.
  const startOfToday = `${shanghaiDate(new Date(nowMs))}T00:00:00+08:00`;
  return calendar.workingDaysBetween(startOfToday, dueAt).days;
}
