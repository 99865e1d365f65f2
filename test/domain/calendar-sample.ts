// A few answers of a calendar as plain JSON, computed both in the test process and inside the
// workflow sandbox (calendar-full-workflow.ts, calendar-lean-workflow.ts) to show the two agree.
// No Node built-ins: it is bundled.
import type { WorkingDayCalendar } from '../../domain/calendar/index.js';

/** Deadlines, counts and days across 春节 2026, the 2026/2027 boundary and fallback 2027–2028. */
export function calendarSample(calendar: WorkingDayCalendar): unknown {
  const deadline = (start: string, n: number): string => {
    const result = calendar.deadlineAfter(start, n);
    return `${result.deadline.toISOString()}${result.provisional ? ' provisional' : ''}`;
  };
  return {
    springFestival: deadline('2026-02-12T10:00:00+08:00', 3),
    nationalDay: deadline('2026-09-30T10:00:00+08:00', 1),
    acrossYears: deadline('2026-12-28T10:00:00+08:00', 250),
    between: calendar.workingDaysBetween('2026-02-12T10:00:00+08:00', '2027-02-12T10:00:00+08:00'),
    reminder: calendar.reminderBefore('2027-02-09').toISOString(),
    days: calendar.days('2027-02-03', '2027-02-10'),
    midAutumn2028: calendar.dayInfo('2028-10-03'),
  };
}
