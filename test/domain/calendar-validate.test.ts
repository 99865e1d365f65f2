// validateYearArrangement: what an admin's PUT of a year is checked against, rule by rule.
import { describe, expect, it } from 'vitest';
import { builtInArrangements, statutoryArrangement, validateYearArrangement, type YearArrangement } from '../../domain/calendar/index.js';

/** A plausible 2027 notice: the statutory days widened into breaks, with make-up weekends. */
function arrangement2027(): YearArrangement {
  return {
    year: 2027,
    notice: '国务院办公厅关于2027年部分节假日安排的通知（测试）',
    holidays: [
      { name: '元旦', days: ['2027-01-01', '2027-01-02', '2027-01-03'], makeupDays: [] },
      {
        name: '春节',
        days: ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12'],
        makeupDays: ['2027-02-20'],
      },
      { name: '清明节', days: ['2027-04-03', '2027-04-04', '2027-04-05'], makeupDays: [] },
      { name: '劳动节', days: ['2027-05-01', '2027-05-02', '2027-05-03', '2027-05-04', '2027-05-05'], makeupDays: ['2027-04-25'] },
      { name: '端午节', days: ['2027-06-09'], makeupDays: [] },
      { name: '中秋节', days: ['2027-09-15'], makeupDays: [] },
      { name: '国庆节', days: ['2027-10-01', '2027-10-02', '2027-10-03', '2027-10-04', '2027-10-05', '2027-10-06', '2027-10-07'], makeupDays: ['2027-09-26', '2027-10-09'] },
    ],
  };
}

function rules(year: number, input: unknown): string[] {
  return validateYearArrangement(year, input).map((p) => `${p.field} ${p.rule}`);
}

describe('validateYearArrangement', () => {
  it('accepts the built-in official years and the statutory fallback itself', () => {
    for (const arrangement of builtInArrangements) expect(validateYearArrangement(arrangement.year, arrangement)).toEqual([]);
    for (const year of [2027, 2028, 2033]) expect(validateYearArrangement(year, statutoryArrangement(year))).toEqual([]);
    expect(validateYearArrangement(2027, arrangement2027())).toEqual([]);
  });

  it('accepts a JSON round trip of an arrangement', () => {
    expect(validateYearArrangement(2027, JSON.parse(JSON.stringify(arrangement2027())))).toEqual([]);
  });

  it('date-format: not a real YYYY-MM-DD', () => {
    const input = arrangement2027();
    input.holidays[0]!.days[1] = '2027-1-2';
    input.holidays[3]!.makeupDays[0] = '2027-02-29';
    (input.holidays[4]!.days as unknown[]).push(20270610);
    expect(rules(2027, input)).toEqual(['/holidays/0/days/1 date-format', '/holidays/3/makeupDays/0 date-format', '/holidays/4/days/1 date-format']);
    expect(validateYearArrangement(2027, input)[0]?.message).toBe('"2027-1-2" 不是有效日期，格式应为 YYYY-MM-DD');
  });

  it('date-outside-year', () => {
    const input = arrangement2027();
    input.holidays[0]!.days.unshift('2026-12-31');
    expect(rules(2027, input)).toEqual(['/holidays/0/days/0 date-outside-year']);
  });

  it('makeup-not-weekend: a make-up working day must be a Saturday or Sunday', () => {
    const input = arrangement2027();
    input.holidays[1]!.makeupDays.push('2027-02-19');
    const problems = validateYearArrangement(2027, input);
    expect(problems).toEqual([
      { field: '/holidays/1/makeupDays/1', rule: 'makeup-not-weekend', message: '调休上班日 2027-02-19 是周五，调休上班日只能是周六或周日' },
    ]);
  });

  it('off-and-makeup: a date both off and worked, even across holidays', () => {
    const input = arrangement2027();
    // Saturday 2027-05-01 is off for 劳动节 and listed as worked for 国庆节.
    input.holidays[6]!.makeupDays.push('2027-05-01');
    expect(validateYearArrangement(2027, input)).toEqual([
      { field: '/holidays/6/makeupDays/2', rule: 'off-and-makeup', message: '2027-05-01 既是放假日（/holidays/3/days/0）又是调休上班日' },
    ]);
  });

  it('duplicate-date: within a holiday, across holidays and among make-up days', () => {
    const input = arrangement2027();
    input.holidays[0]!.days.push('2027-01-03');
    input.holidays[5]!.days.push('2027-10-01');
    input.holidays[3]!.makeupDays.push('2027-02-20');
    expect(rules(2027, input)).toEqual([
      '/holidays/0/days/3 duplicate-date',
      '/holidays/3/makeupDays/1 duplicate-date',
      '/holidays/6/days/0 duplicate-date',
    ]);
    expect(validateYearArrangement(2027, input)[2]?.message).toBe('2027-10-01 重复，已在 /holidays/5/days/1 列为放假日');
  });

  it('statutory-day-missing: refuses a year without 5月2日, naming the day and holiday', () => {
    const input = arrangement2027();
    input.holidays[3]!.days = ['2027-05-01', '2027-05-03'];
    expect(validateYearArrangement(2027, input)).toEqual([
      { field: '/holidays', rule: 'statutory-day-missing', message: '缺少法定节假日 2027-05-02（劳动节）：依《全国年节及纪念日放假办法》该日应放假' },
    ]);
  });

  it('statutory-day-missing: 除夕 and 初三 are required since the 2024 revision', () => {
    const input = arrangement2027();
    input.holidays[1]!.days = ['2027-02-06', '2027-02-07', '2027-02-09'];
    const messages = validateYearArrangement(2027, input).map((p) => p.message);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/^缺少法定节假日 2027-02-05（春节）/);
    expect(messages[1]).toMatch(/^缺少法定节假日 2027-02-08（春节）/);
  });

  it('notice-required, year-mismatch, unknown-field and shape problems', () => {
    const input = { ...arrangement2027(), year: 2028, notice: '  ', source: 'gov.cn' };
    input.holidays[0] = { name: '', days: [], makeupDays: [] };
    (input.holidays[2] as unknown as Record<string, unknown>).makeUpDays = [];
    delete (input.holidays[2] as unknown as Record<string, unknown>).makeupDays;
    expect(rules(2027, input)).toEqual([
      '/source unknown-field',
      '/year year-mismatch',
      '/notice notice-required',
      '/holidays/0/name name-required',
      '/holidays/0/days days-required',
      '/holidays/2/makeUpDays unknown-field',
      '/holidays/2/makeupDays type',
      '/holidays statutory-day-missing',
    ]);
  });

  it('refuses a body that is not an object, or has no holidays', () => {
    expect(rules(2027, null)).toEqual([' type']);
    expect(rules(2027, [])).toEqual([' type']);
    expect(rules(2027, { year: 2027, notice: 'x', holidays: [] })).toEqual(['/holidays holidays-required']);
    expect(rules(2027, { year: 2027, notice: 'x', holidays: [null] })).toContain('/holidays/0 type');
  });

  it('year-unsupported outside 2025–2100', () => {
    expect(rules(2024, { year: 2024, notice: 'x', holidays: [{ name: '元旦', days: ['2024-01-01'], makeupDays: [] }] })).toEqual([' year-unsupported']);
  });

  it('escapes JSON pointer characters in unknown field names', () => {
    expect(rules(2027, { ...arrangement2027(), 'a/b~c': 1 })).toEqual(['/a~1b~0c unknown-field']);
  });

  it('returns every problem at once', () => {
    const input = arrangement2027();
    input.notice = '';
    input.holidays[0]!.days.push('2027-13-01');
    input.holidays[1]!.makeupDays = ['2027-02-05', '2027-02-17'];
    input.holidays[3]!.days = ['2027-05-01'];
    input.holidays[6]!.days.push('2028-10-08');
    const problems = validateYearArrangement(2027, input);
    expect(problems.map((p) => `${p.field} ${p.rule}`)).toEqual([
      '/notice notice-required',
      '/holidays/0/days/3 date-format',
      '/holidays/1/makeupDays/0 makeup-not-weekend',
      '/holidays/1/makeupDays/1 makeup-not-weekend',
      '/holidays/6/days/7 date-outside-year',
      '/holidays/1/makeupDays/0 off-and-makeup',
      '/holidays statutory-day-missing',
    ]);
    for (const problem of problems) expect(problem.message).toMatch(/[\u4e00-\u9fff]/);
  });
});
