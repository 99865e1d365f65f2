// The calendar's operations over precomputed year tables. Free of date-holidays: the fallback for
// years without an official arrangement is passed in, so workflow code can hand it precomputed
// years (precomputedFallback) instead of bundling the lunar calendar.
//
// Instants are read on the Shanghai civil calendar with one convention throughout: a day runs
// from its 00:00 up to, and including, its 24:00, and 24:00 of day D is the same instant as
// 00:00 of D + 1. So an instant exactly at local midnight belongs to the day that just ended —
// which is how a deadline instant reads — and deadlines chain: counting M more working days from
// the deadline of N gives the deadline of N + M, and a completion at any time on the first
// working day after a deadline is 1 working day late.
import { assertWellFormedArrangement } from './arrangement-shape.js';
import { civilDay, firstDayStartingAtOrAfter, formatCivilDate, instantMs, startOfDayMs, yearOf } from './civil-date.js';
import { reminderBefore } from './reminder.js';
import { assertSupportedYear } from './supported-years.js';
import type { CivilDate, DayInfo, Deadline, FallbackSource, Instant, WorkingDayCount, YearArrangement } from './types.js';
import { DAY_KINDS, buildYearTable, isWorkingIndex, type YearTable } from './year-table.js';

/** The working-day calendar's operations (README "Working days"), all independent of the process time zone. */
export interface WorkingDayCalendar {
  /** What a civil date is: workday, weekend, holiday or make-up working day. */
  dayInfo(date: CivilDate): DayInfo;
  /** dayInfo of every date from `from` to `to`, both included. */
  days(from: CivilDate, to: CivilDate): DayInfo[];
  /**
   * "Within N working days of `start`": the end (24:00, i.e. the next day's 00:00 +08:00) of the
   * N-th working day after the start's day; the start's own day does not count. N = 0 gives the
   * end of the start's own day, working or not.
   */
  deadlineAfter(start: Instant, workingDays: number): Deadline;
  /**
   * Working days that begin in [a, b): for instants that are not exactly at local midnight, the
   * working days strictly after a's day up to and including b's day. Negative when b is before a.
   * Lateness is workingDaysBetween(deadline, doneAt): done on the next working day → 1.
   */
  workingDaysBetween(a: Instant, b: Instant): WorkingDayCount;
  /** 09:00 +08:00 on the calendar day before a due date (L8 承诺期限截止前一天). */
  reminderBefore(dueDate: CivilDate): Date;
  /** Years with an official arrangement, ascending. */
  officialYears(): number[];
}

/** Where the calendar's years come from. */
export interface CalendarSources {
  /** Official arrangements; a later entry for the same year replaces an earlier one. */
  official: readonly YearArrangement[];
  /** Arrangement of a year with no official one; without it such a year is an error. */
  fallback?: FallbackSource;
}

/** Builds a calendar from official arrangements and a fallback; throws if an arrangement is malformed. */
export function createWorkingDayCalendar(sources: CalendarSources): WorkingDayCalendar {
  const tables = new Map<number, YearTable>();
  // Official years are built now, so a malformed one fails here and later edits to the input
  // objects cannot change the calendar.
  for (const arrangement of sources.official) {
    assertSupportedYear(arrangement.year);
    assertWellFormedArrangement(arrangement);
    tables.set(arrangement.year, buildYearTable(arrangement, false));
  }
  const officialYears = [...tables.keys()].sort((a, b) => a - b);
  let lastTable: YearTable | undefined;

  function tableForYear(year: number): YearTable {
    let table = tables.get(year);
    if (!table) {
      assertSupportedYear(year);
      if (!sources.fallback) throw new RangeError(`No arrangement for ${year}: no official notice loaded and no fallback given`);
      const arrangement = sources.fallback(year);
      if (arrangement.year !== year) throw new RangeError(`Fallback for ${year} returned an arrangement for ${arrangement.year}`);
      assertWellFormedArrangement(arrangement);
      table = buildYearTable(arrangement, true);
      tables.set(year, table);
    }
    return table;
  }

  // Deadlines and counts walk forward through consecutive days, so the last table usually answers.
  function tableForDay(day: number): YearTable {
    const last = lastTable;
    if (last && day >= last.firstDay && day < last.firstDay + last.length) return last;
    lastTable = tableForYear(yearOf(day));
    return lastTable;
  }

  function dayInfoOf(day: number): DayInfo {
    const table = tableForDay(day);
    const index = day - table.firstDay;
    const info: DayInfo = {
      date: formatCivilDate(day),
      working: isWorkingIndex(table, index),
      kind: DAY_KINDS[table.kinds[index] as number] as DayInfo['kind'],
      provisional: table.provisional,
    };
    const name = table.names.get(index);
    if (name !== undefined) info.name = name;
    return info;
  }

  // Working days in [from, to) (epoch day numbers, from <= to), and whether a fallback year counted.
  function countWorkingDays(from: number, to: number): WorkingDayCount {
    let days = 0;
    let provisional = false;
    let day = from;
    while (day < to) {
      const table = tableForDay(day);
      const end = Math.min(to, table.firstDay + table.length);
      days += (table.workingBefore[end - table.firstDay] as number) - (table.workingBefore[day - table.firstDay] as number);
      provisional ||= table.provisional;
      day = end;
    }
    return { days, provisional };
  }

  return {
    dayInfo(date) {
      return dayInfoOf(civilDay(date));
    },

    days(from, to) {
      const first = civilDay(from);
      const last = civilDay(to);
      if (last < first) throw new RangeError(`days: ${to} is before ${from}`);
      const result: DayInfo[] = [];
      for (let day = first; day <= last; day++) result.push(dayInfoOf(day));
      return result;
    },

    deadlineAfter(start, workingDays) {
      assertWorkingDayCount(workingDays);
      // The first day that can count: the day after the start's day (see the convention above).
      const firstCounted = firstDayStartingAtOrAfter(instantMs(start));
      if (workingDays === 0) return { deadline: new Date(startOfDayMs(firstCounted)), provisional: false };
      let remaining = workingDays;
      let provisional = false;
      let day = firstCounted;
      for (;;) {
        const table = tableForDay(day);
        provisional ||= table.provisional;
        const before = table.workingBefore[day - table.firstDay] as number;
        const available = table.workingDays.length - before;
        if (remaining <= available) {
          const last = table.firstDay + (table.workingDays[before + remaining - 1] as number);
          return { deadline: new Date(startOfDayMs(last + 1)), provisional };
        }
        remaining -= available;
        day = table.firstDay + table.length;
      }
    },

    workingDaysBetween(a, b) {
      const from = firstDayStartingAtOrAfter(instantMs(a));
      const to = firstDayStartingAtOrAfter(instantMs(b));
      if (from <= to) return countWorkingDays(from, to);
      const reverse = countWorkingDays(to, from);
      return { days: reverse.days === 0 ? 0 : -reverse.days, provisional: reverse.provisional };
    },

    reminderBefore,

    officialYears() {
      return [...officialYears];
    },
  };
}

/** A fallback that answers from arrangements computed beforehand (e.g. by an activity). */
export function precomputedFallback(arrangements: readonly YearArrangement[]): FallbackSource {
  const byYear = new Map(arrangements.map((a) => [a.year, a]));
  return (year) => {
    const arrangement = byYear.get(year);
    if (!arrangement) throw new RangeError(`No precomputed fallback arrangement for ${year}`);
    return arrangement;
  };
}

function assertWorkingDayCount(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`workingDays must be a non-negative integer, got ${String(n)}`);
  }
}
