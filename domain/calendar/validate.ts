// Checks a year arrangement an admin submits (PUT of a new year) before the calendar accepts it.
import { pointer, structuralProblems } from './arrangement-shape.js';
import { civilDay, parseCivilDate } from './civil-date.js';
import { statutoryArrangement } from './statutory-fallback.js';
import { isSupportedYear } from './supported-years.js';
import type { Problem } from './types.js';
import { textFault } from '../text.js';

/** The text rule (domain/text.ts) on the notice and the holiday names, as the rule `text`. */
function textProblems(input: unknown): Problem[] {
  const arrangement = input as { notice?: unknown; holidays?: unknown } | null;
  const texts: [string, unknown][] = [['/notice', arrangement?.notice]];
  if (Array.isArray(arrangement?.holidays)) {
    arrangement.holidays.forEach((holiday: unknown, h: number) => texts.push([pointer('holidays', h, 'name'), (holiday as { name?: unknown } | null)?.name]));
  }
  return texts.flatMap(([field, text]) => {
    const fault = typeof text === 'string' ? textFault(text) : undefined;
    return fault ? [{ field, rule: 'text', message: fault }] : [];
  });
}

/**
 * Every problem of a submitted arrangement for `year`, or none: the structural rules, plus that
 * each statutory day of the year (全国年节及纪念日放假办法, 2024 revision) is a day off in it.
 */
export function validateYearArrangement(year: number, input: unknown): Problem[] {
  const problems = [...structuralProblems(year, input), ...textProblems(input)];
  if (!isSupportedYear(year)) return problems;
  // With no holidays listed at all, holidays-required says it; a missing day each would be noise.
  const holidays = (input as { holidays?: unknown } | null)?.holidays;
  if (!Array.isArray(holidays) || holidays.length === 0) return problems;
  const offDays = new Set<number>();
  for (const holiday of holidays) {
    const days = (holiday as { days?: unknown } | null)?.days;
    if (!Array.isArray(days)) continue;
    for (const date of days) {
      // A malformed date is reported as date-format already.
      const day = typeof date === 'string' ? parseCivilDate(date) : undefined;
      if (day !== undefined) offDays.add(day);
    }
  }
  for (const holiday of statutoryArrangement(year).holidays) {
    for (const date of holiday.days) {
      if (!offDays.has(civilDay(date))) {
        problems.push({
          field: pointer('holidays'),
          rule: 'statutory-day-missing',
          message: `缺少法定节假日 ${date}（${holiday.name}）：依《全国年节及纪念日放假办法》该日应放假`,
        });
      }
    }
  }
  return problems;
}
