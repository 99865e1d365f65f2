// Credit grades (L12): which incoming grade wins, the grading day, the CSV file's checks; and
// what a caller of the enterprise portrait (L13) sees.
import { describe, expect, it } from 'vitest';
import type { CsvRecord } from '../../domain/catalogue-csv.js';
import { creditCodeCheckCharacter, organisationCodeCheckCharacter } from '../../domain/credit-code.js';
import { gradeChange, gradedOnProblem, mentionedCreditCodes, registrationRegion, validateGradeCsv, type DatedGrade } from '../../domain/credit-grade.js';
import { portraitScopeOf } from '../../domain/enterprise-portrait.js';

function code(region: string, n: number): string {
  const org8 = `MA1W4${String(n).padStart(3, '0')}`;
  const first17 = `91${region}${org8}${organisationCodeCheckCharacter(org8)}`;
  return first17 + creditCodeCheckCharacter(first17);
}

/** Records of a file, one per line, the header on line 1. */
const records = (...lines: string[]): CsvRecord[] => lines.map((line, i) => ({ line: i + 1, cells: line.split(',') }));

describe('gradeChange', () => {
  const stored: DatedGrade = { grade: 'B', gradedOn: '2026-09-30' };
  it.each([
    ['nothing stored', undefined, { grade: 'B', gradedOn: '2026-01-01' }, 'insert'],
    ['a later day', stored, { grade: 'B', gradedOn: '2026-10-01' }, 'update'],
    ['the same grade of the same day', stored, { grade: 'B', gradedOn: '2026-09-30' }, 'unchanged'],
    ['another grade of the same day (a correction)', stored, { grade: 'C', gradedOn: '2026-09-30' }, 'update'],
    ['an earlier day, even with the same grade', stored, { grade: 'B', gradedOn: '2026-09-29' }, 'stale'],
  ] as const)('%s → %s', (_label, before, incoming, expected) => {
    expect(gradeChange(before, incoming)).toBe(expected);
  });
});

describe('gradedOnProblem', () => {
  it('takes a real day the calendar serves, up to today, and names what is wrong otherwise', () => {
    expect(gradedOnProblem('2026-11-24', '2026-11-24')).toBeUndefined();
    expect(gradedOnProblem('2028-02-29', '2028-11-24')).toBeUndefined();
    expect(gradedOnProblem('2026-11-25', '2026-11-24')).toEqual({ rule: 'future_date', message: '评定日期 2026-11-25 晚于今天（2026-11-24）' });
    expect(gradedOnProblem('2025-02-29', '2026-11-24')).toEqual({ rule: 'format', message: '评定日期：2025-02-29 不是有效的日期：应为存在的日期，格式 YYYY-MM-DD' });
    expect(gradedOnProblem('2024-02-29', '2026-11-24')).toEqual({ rule: 'calendar', message: '评定日期：日期 2024-02-29 必须在 2025-01-01 至 2099-12-31 之间（工作日历覆盖范围内可计算期限的日期）' });
    expect(gradedOnProblem('2026/11/01', '2026-11-24')?.rule).toBe('format');
  });
});

describe('validateGradeCsv', () => {
  const lyg = code('320700', 1);
  const haizhou = code('320706', 2);
  const dongli = code('120110', 3);

  it('plans inserts, updates, unchanged and stale rows of a clean file', () => {
    const stored = new Map<string, DatedGrade>([
      [lyg, { grade: 'A', gradedOn: '2026-10-31' }],
      [haizhou, { grade: 'B', gradedOn: '2026-08-31' }],
    ]);
    const file = records('grade,graded_on,credit_code', `A,2026-10-31,${lyg}`, `C,2026-10-31,${haizhou}`, `D,2026-10-31,${code('320700', 4)}`);
    const result = validateGradeCsv(file, stored, '320700', '2026-11-24');
    expect(result).toEqual({
      ok: true,
      plan: {
        insert: [{ creditCode: code('320700', 4), grade: 'D', gradedOn: '2026-10-31', line: 4 }],
        update: [{ creditCode: haizhou, grade: 'C', gradedOn: '2026-10-31', line: 3 }],
        unchanged: 1,
        stale: [],
      },
    });
    // An older row is left out, not refused: the stored A of 10-31 stays.
    const older = validateGradeCsv(records('credit_code,grade,graded_on', `${lyg},C,2026-09-30`), stored, '320700', '2026-11-24');
    expect(older).toMatchObject({ ok: true, plan: { stale: [{ creditCode: lyg, line: 2 }] } });
  });

  it('checks the header before any row', () => {
    const result = validateGradeCsv(records('credit_code,grade,grade', `${lyg},A`), new Map(), '320700', '2026-11-24');
    expect(result).toEqual({
      ok: false,
      problems: [
        { row: 1, column: 'grade', rule: 'header', problem: '列 grade 重复出现' },
        { row: 1, column: 'graded_on', rule: 'missing_column', problem: '缺少列 graded_on' },
      ],
    });
    expect(validateGradeCsv([], new Map(), '320700', '2026-11-24')).toMatchObject({ ok: false, problems: [{ row: 1, rule: 'header' }] });
  });

  it("refuses an enterprise registered outside the caller's region; the whole country covers all", () => {
    const file = records('credit_code,grade,graded_on', `${dongli},A,2026-10-31`);
    expect(validateGradeCsv(file, new Map(), '320700', '2026-11-24')).toMatchObject({ ok: false, problems: [{ row: 2, column: 'credit_code', rule: 'out_of_region' }] });
    expect(validateGradeCsv(file, new Map(), '100000', '2026-11-24')).toMatchObject({ ok: true });
  });

  it('names the credit codes a file mentions, once each', () => {
    expect(mentionedCreditCodes(records('grade,credit_code', `A,${lyg}`, `B,${lyg}`, 'C,'))).toEqual([lyg]);
    expect(registrationRegion(haizhou)).toBe('320706');
  });
});

describe('portraitScopeOf', () => {
  it("limits a department's own staff to its department, and no one else", () => {
    expect(portraitScopeOf({ sub: 'a', roles: ['approval_officer'], region: '320700', dept: 'LYG-SCJGJ' })).toEqual({ region: '320700', dept: 'LYG-SCJGJ' });
    expect(portraitScopeOf({ sub: 'p', roles: ['approval_officer'], region: '320700' })).toEqual({ region: '320700' });
    expect(portraitScopeOf({ sub: 'u', roles: ['auditor'], region: '320700', dept: 'GOV' })).toEqual({ region: '320700' });
    // The widest usable role decides; a role that may not read portraits widens nothing.
    expect(portraitScopeOf({ sub: 'b', roles: ['coordinator', 'auditor'], region: '320700', dept: 'LYG-SCJGJ' })).toEqual({ region: '320700' });
    expect(portraitScopeOf({ sub: 'c', roles: ['coordinator', 'catalogue_admin'], region: '320700', dept: 'LYG-SCJGJ' })).toEqual({ region: '320700', dept: 'LYG-SCJGJ' });
  });
});
