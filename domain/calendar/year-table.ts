// One year of the calendar precomputed for lookups: what each day is, how many working days come
// before it, and where the k-th working day is. A deadline is then two array reads per year
// spanned instead of a walk over every day.
import { civilDay, firstDayOfYear, isWeekend } from './civil-date.js';
import type { DayKind, YearArrangement } from './types.js';

/** Day kinds by their code in YearTable.kinds. */
export const DAY_KINDS: readonly DayKind[] = ['workday', 'weekend', 'holiday', 'makeup'];
const WORKDAY = 0;
const WEEKEND = 1;
const HOLIDAY = 2;
const MAKEUP = 3;

/** A year of days, indexed from 1 January (index 0). */
export interface YearTable {
  year: number;
  /** Epoch day number of 1 January. */
  firstDay: number;
  /** 365 or 366. */
  length: number;
  /** Built from the statutory fallback rather than an official notice. */
  provisional: boolean;
  /** Index into DAY_KINDS for each day. */
  kinds: Uint8Array;
  /** Working days among the days before index i (length + 1 entries; the last is the year's total). */
  workingBefore: Int32Array;
  /** Indexes of the working days, ascending. */
  workingDays: Int32Array;
  /** Holiday name of each holiday or make-up day, by day index. */
  names: Map<number, string>;
}

/** Precomputes a year from its arrangement (which must be well formed). */
export function buildYearTable(arrangement: YearArrangement, provisional: boolean): YearTable {
  const firstDay = firstDayOfYear(arrangement.year);
  const length = firstDayOfYear(arrangement.year + 1) - firstDay;
  const kinds = new Uint8Array(length);
  for (let i = 0; i < length; i++) kinds[i] = isWeekend(firstDay + i) ? WEEKEND : WORKDAY;
  const names = new Map<number, string>();
  for (const holiday of arrangement.holidays) {
    for (const date of holiday.days) {
      const i = civilDay(date) - firstDay;
      kinds[i] = HOLIDAY;
      names.set(i, holiday.name);
    }
    for (const date of holiday.makeupDays) {
      const i = civilDay(date) - firstDay;
      kinds[i] = MAKEUP;
      names.set(i, holiday.name);
    }
  }
  const workingBefore = new Int32Array(length + 1);
  const working: number[] = [];
  for (let i = 0; i < length; i++) {
    const isWorking = kinds[i] === WORKDAY || kinds[i] === MAKEUP;
    if (isWorking) working.push(i);
    workingBefore[i + 1] = (workingBefore[i] as number) + (isWorking ? 1 : 0);
  }
  return {
    year: arrangement.year,
    firstDay,
    length,
    provisional,
    kinds,
    workingBefore,
    workingDays: Int32Array.from(working),
    names,
  };
}

/** Whether the day at an index is a working day. */
export function isWorkingIndex(table: YearTable, index: number): boolean {
  const kind = table.kinds[index];
  return kind === WORKDAY || kind === MAKEUP;
}
