// A workflow using the full calendar (statutory fallback via date-holidays, bundled with it), run
// by calendar-sandbox.test.ts inside Temporal's deterministic workflow sandbox.
import { createCalendar } from '../../domain/calendar/index.js';
import { calendarSample } from './calendar-sample.js';

/** The full calendar, computing its own fallback years with date-holidays inside the sandbox. */
export async function fullCalendarWorkflow(): Promise<unknown> {
  return calendarSample(createCalendar());
}
