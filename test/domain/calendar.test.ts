// The working-day calendar against the State Council notices, the statutory fallback and the
// deadline rules of README "Working days". Expectations are written out from the notice text here, not taken
// from the data files under test.
import chineseDays from 'chinese-days';
import { describe, expect, it } from 'vitest';
import {
  builtInArrangements,
  createCalendar,
  createWorkingDayCalendar,
  InvalidYearArrangementError,
  precomputedFallback,
  reminderBefore,
  statutoryArrangement,
  type DayInfo,
  type YearArrangement,
} from '../../domain/calendar/index.js';

const DAY_MS = 86_400_000;
const calendar = createCalendar();

/** Every date from `from` to `to`, computed here with plain UTC arithmetic. */
function dateRange(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let ms = Date.parse(`${from}T00:00:00Z`); ms <= Date.parse(`${to}T00:00:00Z`); ms += DAY_MS) {
    dates.push(new Date(ms).toISOString().slice(0, 10));
  }
  return dates;
}

function isSaturdayOrSunday(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** The instant 00:00 +08:00 that starts a Shanghai date. */
function shanghaiMidnight(date: string): Date {
  return new Date(`${date}T00:00:00+08:00`);
}

/** The deadline instant "end (24:00) of `date`". */
function endOf(date: string): Date {
  return new Date(shanghaiMidnight(date).getTime() + DAY_MS);
}

interface NoticeText {
  off: [from: string, to: string, name: string][];
  makeup: [date: string, name: string][];
}

// 国办发明电〔2024〕12号, 一 to 六.
const notice2025: NoticeText = {
  off: [
    ['2025-01-01', '2025-01-01', '元旦'],
    ['2025-01-28', '2025-02-04', '春节'],
    ['2025-04-04', '2025-04-06', '清明节'],
    ['2025-05-01', '2025-05-05', '劳动节'],
    ['2025-05-31', '2025-06-02', '端午节'],
    ['2025-10-01', '2025-10-08', '国庆节、中秋节'],
  ],
  makeup: [
    ['2025-01-26', '春节'],
    ['2025-02-08', '春节'],
    ['2025-04-27', '劳动节'],
    ['2025-09-28', '国庆节、中秋节'],
    ['2025-10-11', '国庆节、中秋节'],
  ],
};

// 国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）, 一 to 七.
const notice2026: NoticeText = {
  off: [
    ['2026-01-01', '2026-01-03', '元旦'],
    ['2026-02-15', '2026-02-23', '春节'],
    ['2026-04-04', '2026-04-06', '清明节'],
    ['2026-05-01', '2026-05-05', '劳动节'],
    ['2026-06-19', '2026-06-21', '端午节'],
    ['2026-09-25', '2026-09-27', '中秋节'],
    ['2026-10-01', '2026-10-07', '国庆节'],
  ],
  makeup: [
    ['2026-01-04', '元旦'],
    ['2026-02-14', '春节'],
    ['2026-02-28', '春节'],
    ['2026-05-09', '劳动节'],
    ['2026-09-20', '国庆节'],
    ['2026-10-10', '国庆节'],
  ],
};

function expectedYear(year: number, notice: NoticeText, provisional = false): DayInfo[] {
  const off = new Map<string, string>();
  for (const [from, to, name] of notice.off) for (const date of dateRange(from, to)) off.set(date, name);
  const makeup = new Map(notice.makeup);
  return dateRange(`${year}-01-01`, `${year}-12-31`).map((date) => {
    const offName = off.get(date);
    if (offName !== undefined) return { date, working: false, kind: 'holiday', name: offName, provisional };
    const makeupName = makeup.get(date);
    if (makeupName !== undefined) return { date, working: true, kind: 'makeup', name: makeupName, provisional };
    if (isSaturdayOrSunday(date)) return { date, working: false, kind: 'weekend', provisional };
    return { date, working: true, kind: 'workday', provisional };
  });
}

describe('official years', () => {
  it.each([
    [2025, notice2025],
    [2026, notice2026],
  ])('every day of %i is as the notice says', (year, notice) => {
    const actual = calendar.days(`${year}-01-01`, `${year}-12-31`);
    expect(actual).toHaveLength(365);
    expect(actual).toEqual(expectedYear(year, notice));
  });

  it('every day of 2025 and 2026 agrees with chinese-days on working or not', () => {
    const disagreements = calendar
      .days('2025-01-01', '2026-12-31')
      .filter((day) => chineseDays.isWorkday(day.date) !== day.working)
      .map((day) => day.date);
    expect(disagreements).toEqual([]);
  });

  it('ships 2025 and 2026, each citing its notice', () => {
    expect(builtInArrangements.map((a) => a.year)).toEqual([2025, 2026]);
    expect(builtInArrangements[0]?.notice).toContain('国办发明电〔2024〕12号');
    expect(builtInArrangements[1]?.notice).toContain('国务院办公厅关于2026年部分节假日安排的通知');
    expect(calendar.officialYears()).toEqual([2025, 2026]);
  });
});

describe('deadlineAfter', () => {
  it('1 working day after Friday 2026-02-13 ends on make-up Saturday 2026-02-14', () => {
    expect(calendar.deadlineAfter('2026-02-13T15:30:00+08:00', 1)).toEqual({ deadline: endOf('2026-02-14'), provisional: false });
  });

  it('1 working day after 2026-09-30 ends on 2026-10-08, after 国庆节', () => {
    expect(calendar.deadlineAfter('2026-09-30T09:00:00+08:00', 1)).toEqual({ deadline: endOf('2026-10-08'), provisional: false });
  });

  it('counts across 春节 2026: pushed Thu 02-12, 3 working days → 02-13, 02-14 (make-up), 02-24', () => {
    const pushed = '2026-02-12T10:00:00+08:00';
    expect(calendar.deadlineAfter(pushed, 1).deadline).toEqual(endOf('2026-02-13'));
    expect(calendar.deadlineAfter(pushed, 2).deadline).toEqual(endOf('2026-02-14'));
    expect(calendar.deadlineAfter(pushed, 3)).toEqual({ deadline: endOf('2026-02-24'), provisional: false });
    // The exclusive end instant: 2026-02-25 00:00:00.000 +08:00.
    expect(calendar.deadlineAfter(pushed, 3).deadline.toISOString()).toBe('2026-02-24T16:00:00.000Z');
  });

  it('skips a weekend and the 2025 国庆节、中秋节 break, and counts its make-up Saturday', () => {
    // Fri 2025-09-26 → Sun 09-28 (make-up, 1), Mon 09-29 (2), Tue 09-30 (3), 10-01..08 off, Thu 10-09 (4).
    expect(calendar.deadlineAfter('2025-09-26T17:00:00+08:00', 4).deadline).toEqual(endOf('2025-10-09'));
  });

  it('reads the start on the Shanghai calendar, whatever offset the instant is written in', () => {
    // 2026-02-12 23:30 +08:00, written in UTC and in New York time: still Thursday 02-12 in Shanghai.
    for (const start of ['2026-02-12T15:30:00Z', '2026-02-12T10:30:00-05:00', new Date('2026-02-12T15:30:00Z')]) {
      expect(calendar.deadlineAfter(start, 3).deadline).toEqual(endOf('2026-02-24'));
    }
    // 2026-02-12 16:30 UTC is already Friday 02-13 in Shanghai.
    expect(calendar.deadlineAfter('2026-02-12T16:30:00Z', 2).deadline).toEqual(endOf('2026-02-24'));
  });

  it('reads an instant at 00:00 +08:00 as 24:00 of the day before, so deadlines chain', () => {
    const first = calendar.deadlineAfter('2026-02-12T10:00:00+08:00', 2).deadline; // end of 02-14
    expect(first).toEqual(shanghaiMidnight('2026-02-15'));
    expect(calendar.deadlineAfter(first, 1).deadline).toEqual(endOf('2026-02-24'));
    expect(calendar.deadlineAfter('2026-02-12T10:00:00+08:00', 3).deadline).toEqual(endOf('2026-02-24'));
  });

  it('with N = 0 ends the start’s own day, working or not, and is never provisional', () => {
    expect(calendar.deadlineAfter('2026-02-16T10:00:00+08:00', 0)).toEqual({ deadline: endOf('2026-02-16'), provisional: false });
    expect(calendar.deadlineAfter('2027-03-06T10:00:00+08:00', 0)).toEqual({ deadline: endOf('2027-03-06'), provisional: false });
    const midnight = shanghaiMidnight('2026-03-02');
    expect(calendar.deadlineAfter(midnight, 0).deadline).toEqual(midnight);
  });

  it('spans year boundaries: 250 working days from late December 2025 land in December 2026', () => {
    const result = calendar.deadlineAfter('2025-12-24T10:00:00+08:00', 250);
    expect(result.provisional).toBe(false);
    const counted = calendar.days('2025-12-25', '2026-12-31').filter((d) => d.working);
    expect(result.deadline).toEqual(endOf(counted[249]!.date));
    expect(result.deadline.getTime()).toBeLessThan(endOf('2026-12-31').getTime());
  });

  it('is provisional once it counts a day of a fallback year', () => {
    expect(calendar.deadlineAfter('2026-12-20T10:00:00+08:00', 5).provisional).toBe(false);
    const intoNextYear = calendar.deadlineAfter('2026-12-28T10:00:00+08:00', 5);
    expect(intoNextYear.provisional).toBe(true);
    // Tue 12-29, Wed 12-30, Thu 12-31, 2027-01-01 元旦 off, Mon 01-04, Tue 01-05.
    expect(intoNextYear.deadline).toEqual(endOf('2027-01-05'));
    // 2026-12-31 is the last day counted: 2027 is only reached by the exclusive end instant.
    expect(calendar.deadlineAfter('2026-12-28T10:00:00+08:00', 3)).toEqual({ deadline: endOf('2026-12-31'), provisional: false });
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses N = %s', (n) => {
    expect(() => calendar.deadlineAfter('2026-02-12T10:00:00+08:00', n)).toThrow(/non-negative integer/);
  });

  it.each(['2026-02-12T10:00:00', '2026-02-12', 'yesterday', '2026-02-30T10:00:00+08:00', '2026-02-12T24:00:00+08:00'])('refuses the instant %s', (start) => {
    expect(() => calendar.deadlineAfter(start, 1)).toThrow(RangeError);
  });

  it('refuses an invalid Date', () => {
    expect(() => calendar.deadlineAfter(new Date(Number.NaN), 1)).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it('counts the working days after the first instant’s day up to the second’s', () => {
    // 02-13 (Fri), 02-14 (make-up Sat), 02-24 (Tue); 02-15..23 off.
    expect(calendar.workingDaysBetween('2026-02-12T10:00:00+08:00', '2026-02-24T15:00:00+08:00')).toEqual({ days: 3, provisional: false });
    expect(calendar.workingDaysBetween('2026-02-12T10:00:00+08:00', '2026-02-12T23:00:00+08:00')).toEqual({ days: 0, provisional: false });
  });

  it('measures lateness from a deadline instant: done on the next working day is 1 day late', () => {
    const deadline = calendar.deadlineAfter('2026-02-12T10:00:00+08:00', 3).deadline; // end of 02-24
    expect(calendar.workingDaysBetween(deadline, '2026-02-25T10:00:00+08:00').days).toBe(1);
    expect(calendar.workingDaysBetween(deadline, '2026-02-27T10:00:00+08:00').days).toBe(3);
    // Sat 02-28 is a make-up day, so it counts too.
    expect(calendar.workingDaysBetween(deadline, '2026-02-28T10:00:00+08:00').days).toBe(4);
    expect(calendar.workingDaysBetween(deadline, '2026-02-24T23:59:59+08:00').days).toBe(0);
    expect(calendar.workingDaysBetween(deadline, deadline).days).toBe(0);
  });

  it('is negative when the second instant is earlier', () => {
    expect(calendar.workingDaysBetween('2026-02-24T15:00:00+08:00', '2026-02-12T10:00:00+08:00')).toEqual({ days: -3, provisional: false });
  });

  it('is provisional when it counts days of a fallback year', () => {
    // Thu 12-31, then 2027: 01-01 元旦 off, weekend, Mon 01-04, Tue 01-05.
    expect(calendar.workingDaysBetween('2026-12-30T10:00:00+08:00', '2027-01-05T10:00:00+08:00')).toEqual({ days: 3, provisional: true });
  });
});

describe('reminderBefore', () => {
  it('is 09:00 +08:00 on the calendar day before the due date', () => {
    expect(calendar.reminderBefore('2026-03-01')).toEqual(new Date('2026-02-28T09:00:00+08:00'));
    expect(reminderBefore('2026-03-01').toISOString()).toBe('2026-02-28T01:00:00.000Z');
  });

  it('uses calendar days, holidays included, across month and year ends', () => {
    expect(reminderBefore('2026-02-18')).toEqual(new Date('2026-02-17T09:00:00+08:00'));
    expect(reminderBefore('2027-01-01')).toEqual(new Date('2026-12-31T09:00:00+08:00'));
    expect(reminderBefore('2028-03-01')).toEqual(new Date('2028-02-29T09:00:00+08:00'));
  });

  it('refuses an invalid date', () => {
    expect(() => reminderBefore('2026-02-29')).toThrow(RangeError);
  });
});

describe('fallback years', () => {
  // 全国年节及纪念日放假办法 (2024): 元旦; 春节 除夕 + 初一..初三; 清明; 劳动节 5/1–2; 端午; 中秋; 国庆 10/1–3.
  const statutory2027: [string, string][] = [
    ['2027-01-01', '元旦'],
    ['2027-02-05', '春节'], // 除夕
    ['2027-02-06', '春节'], // 正月初一
    ['2027-02-07', '春节'],
    ['2027-02-08', '春节'],
    ['2027-04-05', '清明节'],
    ['2027-05-01', '劳动节'],
    ['2027-05-02', '劳动节'],
    ['2027-06-09', '端午节'],
    ['2027-09-15', '中秋节'],
    ['2027-10-01', '国庆节'],
    ['2027-10-02', '国庆节'],
    ['2027-10-03', '国庆节'],
  ];

  it('2027 is weekends plus the statutory holidays, with no make-up days, all provisional', () => {
    const off = new Map(statutory2027);
    const expected: DayInfo[] = dateRange('2027-01-01', '2027-12-31').map((date) => {
      const name = off.get(date);
      if (name !== undefined) return { date, working: false, kind: 'holiday', name, provisional: true };
      if (isSaturdayOrSunday(date)) return { date, working: false, kind: 'weekend', provisional: true };
      return { date, working: true, kind: 'workday', provisional: true };
    });
    expect(calendar.days('2027-01-01', '2027-12-31')).toEqual(expected);
  });

  it.each([
    [2027, '2027-02-05', '2027-02-06'],
    [2028, '2028-01-25', '2028-01-26'],
    [2029, '2029-02-12', '2029-02-13'],
    [2030, '2030-02-02', '2030-02-03'],
  ])('春节 %i: 除夕 %s, 正月初一 %s, then 初二 and 初三', (year, eve, newYear) => {
    const springFestival = statutoryArrangement(year).holidays.find((h) => h.name === '春节');
    const start = Date.parse(`${newYear}T00:00:00Z`);
    const plus = (days: number): string => new Date(start + days * DAY_MS).toISOString().slice(0, 10);
    expect(springFestival?.days).toEqual([eve, newYear, plus(1), plus(2)]);
  });

  it('2028: 中秋 falls on 10月3日 and joins 国庆节 as one break', () => {
    const last = statutoryArrangement(2028).holidays.at(-1);
    expect(last).toEqual({ name: '国庆节、中秋节', days: ['2028-10-01', '2028-10-02', '2028-10-03'], makeupDays: [] });
  });

  it('2033: 中秋 is 09-08 (闰十一月 per GB/T 33661-2017), not date-holidays’ 10-07', () => {
    const midAutumn = statutoryArrangement(2033).holidays.find((h) => h.name === '中秋节');
    expect(midAutumn?.days).toEqual(['2033-09-08']);
  });

  it('lunar and solar-term dates agree with chinese-days’ tables for 2025–2052', () => {
    const disagreements: string[] = [];
    for (let year = 2025; year <= 2052; year++) {
      const days = new Map(statutoryArrangement(year).holidays.flatMap((h) => h.days.map((d) => [d, h.name] as const)));
      const anchors = [
        chineseDays.getSolarDateFromLunar(`${year}-01-01`).date,
        chineseDays.getSolarTermDate(year, 4, 'pure_brightness'),
        chineseDays.getSolarDateFromLunar(`${year}-05-05`).date,
        chineseDays.getSolarDateFromLunar(`${year}-08-15`).date,
      ];
      for (const date of anchors) if (!days.has(date)) disagreements.push(date);
    }
    expect(disagreements).toEqual([]);
  });

  it('an arrangement loaded for a year replaces its fallback', () => {
    const loaded: YearArrangement = {
      year: 2027,
      notice: '测试通知',
      holidays: [
        ...statutoryArrangement(2027).holidays.filter((h) => h.name !== '劳动节'),
        { name: '劳动节', days: ['2027-05-01', '2027-05-02', '2027-05-03', '2027-05-04', '2027-05-05'], makeupDays: ['2027-04-25'] },
      ],
    };
    const withLoaded = createCalendar([loaded]);
    expect(withLoaded.officialYears()).toEqual([2025, 2026, 2027]);
    expect(withLoaded.dayInfo('2027-04-25')).toEqual({ date: '2027-04-25', working: true, kind: 'makeup', name: '劳动节', provisional: false });
    expect(withLoaded.dayInfo('2027-05-04')).toMatchObject({ working: false, kind: 'holiday', provisional: false });
    expect(withLoaded.deadlineAfter('2026-12-28T10:00:00+08:00', 5).provisional).toBe(false);
    // The calendar it was built beside is unaffected.
    expect(calendar.dayInfo('2027-05-04')).toMatchObject({ working: true, provisional: true });
  });

  it('a loaded year also replaces a built-in one', () => {
    const corrected = { ...builtInArrangements[1]!, notice: '更正' };
    corrected.holidays = corrected.holidays.map((h) => (h.name === '国庆节' ? { ...h, makeupDays: ['2026-09-20'] } : h));
    expect(createCalendar([corrected]).dayInfo('2026-10-10')).toMatchObject({ working: false, kind: 'weekend' });
  });

  it('refuses a malformed loaded year, listing every problem', () => {
    const bad: YearArrangement = { year: 2027, notice: '', holidays: [{ name: '春节', days: ['2027-02-30'], makeupDays: ['2027-02-10'] }] };
    try {
      createCalendar([bad]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidYearArrangementError);
      expect((error as InvalidYearArrangementError).problems.map((p) => p.rule)).toEqual(['notice-required', 'date-format', 'makeup-not-weekend']);
    }
  });
});

describe('years and sources', () => {
  it('answers 2025–2100 only', () => {
    expect(() => calendar.dayInfo('2024-12-31')).toThrow(/outside the calendar's range/);
    expect(() => calendar.dayInfo('2101-01-01')).toThrow(/outside the calendar's range/);
    expect(calendar.dayInfo('2100-12-31').provisional).toBe(true);
    // A start late on 2024-12-31 counts only 2025 days, so it is answered.
    expect(calendar.deadlineAfter('2024-12-31T18:00:00+08:00', 1).deadline).toEqual(endOf('2025-01-02'));
  });

  it('the core without a fallback refuses a year with no official arrangement', () => {
    const core = createWorkingDayCalendar({ official: builtInArrangements });
    expect(core.deadlineAfter('2026-02-12T10:00:00+08:00', 3).deadline).toEqual(endOf('2026-02-24'));
    expect(() => core.dayInfo('2027-01-04')).toThrow(/No arrangement for 2027/);
  });

  it('the core with precomputed fallback years gives the same answers as the full calendar', () => {
    const core = createWorkingDayCalendar({
      official: builtInArrangements,
      fallback: precomputedFallback([statutoryArrangement(2027), statutoryArrangement(2028)]),
    });
    expect(core.days('2026-12-01', '2028-12-31')).toEqual(calendar.days('2026-12-01', '2028-12-31'));
    expect(() => core.dayInfo('2029-01-01')).toThrow(/No precomputed fallback arrangement for 2029/);
  });

  it('days() refuses an inverted range and invalid dates', () => {
    expect(() => calendar.days('2026-02-02', '2026-02-01')).toThrow(RangeError);
    expect(() => calendar.dayInfo('2026-13-01')).toThrow(RangeError);
    expect(calendar.days('2026-02-13', '2026-02-15').map((d) => d.kind)).toEqual(['workday', 'makeup', 'holiday']);
  });
});
