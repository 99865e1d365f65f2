// The working-day calendar's data and results (README "Working days"). Plain JSON-friendly shapes: a year
// arrangement is also the body an admin PUTs to load a new year.

/** A civil date in Asia/Shanghai, `YYYY-MM-DD`. */
export type CivilDate = string;

/** An instant: a `Date`, or an ISO 8601 string with an explicit `Z` or `±hh:mm` offset. */
export type Instant = Date | string;

/** One holiday of a year's arrangement: its days off and the weekend days worked for it (调休上班). */
export interface HolidayArrangement {
  /** Holiday name as the notice writes it, e.g. 春节 or 国庆节、中秋节. */
  name: string;
  /** Days off (放假), each `YYYY-MM-DD` inside the year. */
  days: CivilDate[];
  /** Saturdays or Sundays declared working days for this holiday (调休上班); may be empty. */
  makeupDays: CivilDate[];
}

/** A year's arrangement: the State Council notice as data, or the statutory fallback. */
export interface YearArrangement {
  year: number;
  /** The notice it comes from (国务院办公厅关于YYYY年部分节假日安排的通知 and its number). */
  notice: string;
  holidays: HolidayArrangement[];
}

/** What a day is: a plain workday, a weekend, a day off for a holiday, or a make-up working day. */
export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup';

/** One civil day as the calendar sees it. */
export interface DayInfo {
  date: CivilDate;
  working: boolean;
  kind: DayKind;
  /** The holiday's name; for a make-up day, the holiday it serves. */
  name?: string;
  /** True when the day's year has no official arrangement loaded (statutory fallback). */
  provisional: boolean;
}

/** A computed deadline: the exclusive end instant of its last working day. */
export interface Deadline {
  /** 24:00 of the last working day, i.e. the next day's 00:00:00.000 +08:00. */
  deadline: Date;
  /** True when the result depends on a year with no official arrangement loaded. */
  provisional: boolean;
}

/** A count of working days between two instants. */
export interface WorkingDayCount {
  days: number;
  /** True when the count depends on a year with no official arrangement loaded. */
  provisional: boolean;
}

/** Supplies the arrangement of a year that has no official one (weekends + statutory holidays). */
export type FallbackSource = (year: number) => YearArrangement;

/** One thing wrong with a submitted year arrangement, for staff to fix. */
export interface Problem {
  /** JSON pointer into the submitted body, e.g. `/holidays/2/makeupDays/0`. */
  field: string;
  /** Short kebab-case rule name, e.g. `makeup-not-weekend`. */
  rule: string;
  /** What is wrong, in Chinese, for staff. */
  message: string;
}
