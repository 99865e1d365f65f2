// A workflow using only the calendar core, with fallback years computed outside it (no
// date-holidays in the bundle), run by calendar-sandbox.test.ts inside the workflow sandbox.
import { builtInArrangements } from '../../domain/calendar/official/index.js';
import type { YearArrangement } from '../../domain/calendar/types.js';
import { createWorkingDayCalendar, precomputedFallback } from '../../domain/calendar/working-day-calendar.js';
import { calendarSample } from './calendar-sample.js';

/** The lean way: the core calendar, with fallback years computed outside the workflow. */
export async function leanCalendarWorkflow(fallbackYears: YearArrangement[]): Promise<unknown> {
  return calendarSample(createWorkingDayCalendar({ official: builtInArrangements, fallback: precomputedFallback(fallbackYears) }));
}
