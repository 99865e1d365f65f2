// Schemas of /api/calendar.
import { Type } from '@sinclair/typebox';
import { CivilDate, Instant } from './common.js';

const Day = CivilDate('Civil date (Asia/Shanghai)');

/** A year's official arrangement (国务院办公厅关于YYYY年部分节假日安排的通知) as data. */
export const YearArrangementSchema = Type.Object(
  {
    year: Type.Integer(),
    notice: Type.String({ description: 'The notice it comes from, with its number or date' }),
    holidays: Type.Array(
      Type.Object({
        name: Type.String({ description: 'e.g. 春节' }),
        days: Type.Array(Day, { description: 'Days off (放假)' }),
        makeupDays: Type.Array(Day, { description: 'Weekend days worked (调休上班); may be empty' }),
      }),
    ),
  },
  { description: 'Checked whole by the calendar rules; every problem is listed in one answer.' },
);

/** One day of the calendar. */
export const DaySchema = Type.Object({
  date: Day,
  working: Type.Boolean(),
  kind: Type.Union([Type.Literal('workday'), Type.Literal('weekend'), Type.Literal('holiday'), Type.Literal('makeup')]),
  name: Type.Optional(Type.String({ description: 'Holiday name; for a make-up day, the holiday it serves' })),
  provisional: Type.Boolean({ description: 'The year has no official arrangement loaded: weekends and statutory holidays only' }),
});

/** Query of GET /api/calendar/days. */
export const DaysQuerySchema = Type.Object({ from: CivilDate('First day'), to: CivilDate('Last day (included)') });

/** Query of GET /api/calendar/deadline. */
export const DeadlineQuerySchema = Type.Object({
  start: Instant('The event instant, with its offset'),
  workingDays: Type.Integer({ minimum: 0, maximum: 1000 }),
});

/** Answer of GET /api/calendar/deadline. */
export const DeadlineSchema = Type.Object({
  deadline: Type.String({ description: 'End (24:00) of the last working day, as an instant in +08:00' }),
  lastWorkingDay: Day,
  provisional: Type.Boolean(),
});

/** A year the calendar knows officially. */
export const LoadedYearSchema = Type.Object({
  year: Type.Integer(),
  notice: Type.String(),
  source: Type.Union([Type.Literal('built-in'), Type.Literal('loaded')]),
  loadedBy: Type.Optional(Type.String()),
  loadedAt: Type.Optional(Type.String()),
});

/** What a load of a year answers: stored, and whether the open cases were told at once or are left to the calendar relay. */
export const YearLoadedSchema = Type.Object({
  year: Type.Integer(),
  replaced: Type.Boolean(),
  recomputing: Type.Integer({ description: 'Open cases told to recompute provisional deadlines' }),
  relayed: Type.Boolean({ description: 'Some or all open cases could not be told now (Temporal away); the calendar relay of the worker tells them once it answers' }),
  message: Type.Optional(Type.String({ description: 'For staff, when `relayed`: the year is stored and the cases will be told' })),
});
