// The working-day calendar's public API (README "Working days"). Workflow code that must not bundle
// date-holidays imports working-day-calendar.js directly and passes a precomputed fallback.
export { createCalendar, type CalendarOptions } from './calendar.js';
export { createWorkingDayCalendar, precomputedFallback, type CalendarSources, type WorkingDayCalendar } from './working-day-calendar.js';
export { builtInArrangements } from './official/index.js';
export { statutoryArrangement, STATUTORY_NOTICE } from './statutory-fallback.js';
export { validateYearArrangement } from './validate.js';
export { InvalidYearArrangementError } from './arrangement-shape.js';
export { reminderBefore } from './reminder.js';
export { FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR } from './supported-years.js';
export type * from './types.js';
