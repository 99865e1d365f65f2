// Working days left until a deadline, on the real 2026 calendar: 2026-11-23 is a Monday; the 2026
// Spring Festival is 02-15..02-23 off with Saturday 02-14 a make-up working day.
import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../domain/calendar/index.js';
import { workingDaysLeft } from '../../domain/working-days-left.js';

const calendar = createCalendar();
/** 24:00 of a Shanghai date, the way a working-day deadline ends. */
const endOf = (date: string) => new Date(Date.parse(`${date}T00:00:00+08:00`) + 86_400_000).toISOString();

describe('workingDaysLeft before the deadline', () => {
  it('counts today and every working day through the deadline’s last day', () => {
    // Mon 11-23 10:00, due Wed 11-25 24:00: Mon, Tue, Wed.
    expect(workingDaysLeft(calendar, '2026-11-23T10:00:00+08:00', endOf('2026-11-25'))).toBe(3);
    // The last minute of the last day still leaves that day.
    expect(workingDaysLeft(calendar, '2026-11-25T23:59:00+08:00', endOf('2026-11-25'))).toBe(1);
  });

  it('does not count a weekend or holiday today, nor a day that ended at midnight', () => {
    // Sat 11-28 10:00, due Mon 11-30 24:00: Sat and Sun are off → Mon only.
    expect(workingDaysLeft(calendar, '2026-11-28T10:00:00+08:00', endOf('2026-11-30'))).toBe(1);
    // 00:00 of Tue 11-24 is 24:00 of Monday: Monday is over → Tue, Wed.
    expect(workingDaysLeft(calendar, '2026-11-24T00:00:00+08:00', endOf('2026-11-25'))).toBe(2);
  });

  it('skips the Spring Festival and counts its make-up Saturday', () => {
    // Sat 02-14 (make-up, working) 10:00, due Tue 02-24 24:00: 02-14, then 02-15..02-23 off, 02-24.
    expect(workingDaysLeft(calendar, '2026-02-14T10:00:00+08:00', endOf('2026-02-24'))).toBe(2);
    // A date-based deadline ending on a holiday (02-20) leaves no working day before it.
    expect(workingDaysLeft(calendar, '2026-02-19T10:00:00+08:00', endOf('2026-02-20'))).toBe(0);
  });
});

describe('workingDaysLeft from the deadline on', () => {
  it('is 0 from the deadline until the next working day begins', () => {
    expect(workingDaysLeft(calendar, endOf('2026-11-25'), endOf('2026-11-25'))).toBe(0);
    // Due Fri 11-27 24:00; Sat 11-28 and Sun 11-29 are off.
    expect(workingDaysLeft(calendar, '2026-11-29T18:00:00+08:00', endOf('2026-11-27'))).toBe(0);
  });

  it('is minus the working days late, as escalation counts them', () => {
    // Due Fri 11-27 24:00: Mon 11-30 is 1 working day late (level 1), Wed 12-02 is 3 (level 3).
    expect(workingDaysLeft(calendar, '2026-11-30T10:00:00+08:00', endOf('2026-11-27'))).toBe(-1);
    expect(workingDaysLeft(calendar, '2026-12-02T10:00:00+08:00', endOf('2026-11-27'))).toBe(-3);
    // Due Fri 02-13 24:00: the make-up Saturday 02-14 is already a working day late.
    expect(workingDaysLeft(calendar, '2026-02-14T10:00:00+08:00', endOf('2026-02-13'))).toBe(-1);
    // …and the whole holiday after it adds nothing: Tue 02-24 is the second.
    expect(workingDaysLeft(calendar, '2026-02-24T10:00:00+08:00', endOf('2026-02-13'))).toBe(-2);
  });

  it('accepts a Date for now', () => {
    expect(workingDaysLeft(calendar, new Date('2026-11-23T02:00:00Z'), endOf('2026-11-25'))).toBe(3);
  });
});
