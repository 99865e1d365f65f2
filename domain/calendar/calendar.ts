// The product's calendar: the built-in official years, any years an admin has loaded since, and
// the statutory fallback (date-holidays) for every other year, whose results are provisional.
import { builtInArrangements } from './official/index.js';
import { statutoryArrangement } from './statutory-fallback.js';
import type { FallbackSource, YearArrangement } from './types.js';
import { createWorkingDayCalendar, type WorkingDayCalendar } from './working-day-calendar.js';

/** Options of createCalendar. */
export interface CalendarOptions {
  /** Replaces the statutory fallback, e.g. with precomputedFallback inside a lean workflow bundle. */
  fallback?: FallbackSource;
}

/**
 * The calendar over the built-in official years plus `loaded` ones (an admin's PUTs); a loaded
 * year replaces the built-in or fallback arrangement of that year.
 */
export function createCalendar(loaded: readonly YearArrangement[] = [], options: CalendarOptions = {}): WorkingDayCalendar {
  return createWorkingDayCalendar({
    official: [...builtInArrangements, ...loaded],
    fallback: options.fallback ?? statutoryArrangement,
  });
}
