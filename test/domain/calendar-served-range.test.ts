// Dates and instants the service takes in: real ones, on days the calendar serves.
import { describe, expect, it } from 'vitest';
import { civilDateFault, civilMonthFault, instantFault } from '../../domain/calendar/served-range.js';

const range = '必须在 2025-01-01 至 2099-12-31 之间（工作日历覆盖范围内可计算期限的日期）';

describe('civilDateFault', () => {
  it.each(['2025-01-01', '2028-02-29', '2099-12-31'])('takes %s', (date) => expect(civilDateFault(date)).toBeUndefined());
  it.each(['2026-02-30', '2025-02-29', '2026-1-1', '2026-13-01', '20260101', ''])('refuses %j as no date', (date) => {
    expect(civilDateFault(date)?.rule).toBe('format');
  });
  it.each(['2024-12-31', '2000-01-01', '0001-01-01', '2101-01-01', '9999-12-31'])('refuses %s as outside the calendar, naming its range', (date) => {
    expect(civilDateFault(date)).toEqual({ rule: 'calendar', message: `日期 ${date} ${range}` });
  });
});

describe('civilMonthFault', () => {
  it('takes a month the calendar serves and refuses the rest', () => {
    expect(civilMonthFault('2031-03')).toBeUndefined();
    expect(civilMonthFault('2031-13')?.rule).toBe('format');
    expect(civilMonthFault('1900-01')?.rule).toBe('calendar');
  });
});

describe('instantFault', () => {
  it.each(['2026-11-20T10:00:00+08:00', '2024-12-31T16:00:00Z', '2099-12-31T23:59:59+08:00', '2026-06-30T23:59:59.999Z'])('takes %s', (instant) => {
    expect(instantFault(instant)).toBeUndefined();
  });
  it.each(['2026-06-30T23:59:60Z', '2026-02-30T10:00:00+08:00', '2026-02-12T10:00:00', '2026-02-12 10:00:00Z', 'yesterday'])('refuses %j as no instant', (instant) => {
    expect(instantFault(instant)?.rule).toBe('format');
  });
  it.each(['2024-12-31T15:59:59Z', '2024-12-30T10:00:00+08:00', '1900-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '2016-12-31T23:59:60Z', '2099-12-31T16:00:00Z'])(
    'refuses %s as outside the calendar (its day in Asia/Shanghai), naming its range',
    (instant) => expect(instantFault(instant)).toEqual({ rule: 'calendar', message: `时间 ${instant} ${range}` }),
  );
});
