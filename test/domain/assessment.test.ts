// The assessment rules (D 四, L21): period, push due times on the working-day calendar, rates,
// the rows per department and their CSV cells.
import { describe, expect, it } from 'vitest';
import { assessmentCsvCells, assessmentCsvColumns, percent } from '../../domain/assessment-csv.js';
import { assessmentPeriod, assessmentRows, indicator, pushDueByDay, type AssessmentCounts } from '../../domain/assessment.js';
import { createCalendar } from '../../domain/calendar/index.js';

const calendar = createCalendar();
const none: AssessmentCounts = { approval: [], supervision: [], supervisionEvents: [], approvalEvents: [], overdue: [] };

describe('assessmentPeriod', () => {
  it('bounds [from, to) by 00:00 Asia/Shanghai', () => {
    expect(assessmentPeriod('2026-01-01', '2026-07-01')).toEqual({
      period: { from: '2026-01-01', to: '2026-07-01', fromInstant: '2025-12-31T16:00:00.000Z', toInstant: '2026-06-30T16:00:00.000Z' },
    });
  });

  it('refuses an empty or reversed period and one before the calendar starts', () => {
    expect(assessmentPeriod('2026-03-01', '2026-03-01')).toEqual({ problems: [expect.objectContaining({ field: 'to', rule: 'after' })] });
    expect(assessmentPeriod('2024-12-01', '2025-02-01')).toEqual({ problems: [expect.objectContaining({ field: 'from', rule: 'calendar' })] });
  });
});

describe('pushDueByDay', () => {
  it('gives the end of the first working day after each day, across the 2026 Spring Festival', () => {
    // 02-12 Thu → 02-13 Fri. 02-13 Fri → 02-14 Sat, a make-up working day (调休上班).
    // 02-14 → the holiday runs 02-15..02-23 → 02-24 Tue. 02-15 … 02-23 (holiday) → 02-24 as well.
    const dues = pushDueByDay(calendar, '2026-02-12', '2026-02-16');
    expect(dues).toEqual([
      '2026-02-13T16:00:00.000Z',
      '2026-02-14T16:00:00.000Z',
      '2026-02-24T16:00:00.000Z',
      '2026-02-24T16:00:00.000Z',
      '2026-02-24T16:00:00.000Z',
    ]);
  });
});

describe('indicator and percent', () => {
  it('rates in-time steps among those that fell due, leaving pending ones out', () => {
    // 2 in time, 1 late → 2 / 3; the 4 pending are not due yet.
    expect(indicator({ inTime: 2, late: 1, pending: 4 })).toEqual({ inTime: 2, late: 1, pending: 4, due: 3, rate: 0.6667 });
    expect(indicator({ inTime: 0, late: 0, pending: 2 })).toMatchObject({ due: 0, rate: null });
    expect(percent(0.6667)).toBe('66.7%');
    expect(percent(1)).toBe('100%');
    expect(percent(null)).toBe('—');
  });
});

describe('assessmentRows', () => {
  const departments = [
    { code: 'SUP', name: '监管局', region: '320700', side: 'supervision' as const },
    { code: 'APP', name: '审批局', region: '320700', side: 'approval' as const },
    { code: 'BOTH', name: '综合局', region: '320700', side: 'both' as const },
  ];

  it('gives each department the sides it is on, in code order, zeros where nothing happened', () => {
    const rows = assessmentRows(departments, none);
    expect(rows.map((r) => [r.deptCode, r.approval !== null, r.supervision !== null])).toEqual([
      ['APP', true, false],
      ['BOTH', true, true],
      ['SUP', false, true],
    ]);
    expect(rows[0]!.approval).toEqual({ casesDecided: 0, push: { inTime: 0, late: 0, pending: 0, due: 0, rate: null }, revocationsProposed: 0, revoked: 0, declined: 0 });
  });

  it('adds the other side when the figures show the department acted on it, and sums overdue levels', () => {
    const rows = assessmentRows(departments, {
      ...none,
      approvalEvents: [{ deptCode: 'SUP', rectificationsOrdered: 0, revocationsProposed: 1, revoked: 1, declined: 0 }],
      supervision: [
        {
          deptCode: 'SUP',
          tasksPushed: 4,
          viewInTime: 1,
          viewLate: 1,
          viewPending: 1,
          checkStartInTime: 0,
          checkStartLate: 0,
          checkStartPending: 0,
          checkFinishInTime: 0,
          checkFinishLate: 0,
          checkFinishPending: 0,
          results: 3,
          lateResults: 1,
        },
      ],
      overdue: [
        { deptCode: 'SUP', level: 2, count: 2 },
        { deptCode: 'SUP', level: 3, count: 1 },
        { deptCode: 'APP', level: 1, count: 5 },
      ],
    });
    const sup = rows.find((r) => r.deptCode === 'SUP')!;
    expect(sup.approval).toMatchObject({ revocationsProposed: 1, revoked: 1 });
    // Results: 3 recorded, 1 late → 2 in time, 2 / 3.
    expect(sup.supervision).toMatchObject({ tasksPushed: 4, view: { due: 2, rate: 0.5, pending: 1 }, results: { due: 3, inTime: 2, late: 1, rate: 0.6667 }, overdue: { total: 3, level2: 2, level1: 0, level3: 1 } });
    // Overdue deadlines make an approval department show its supervision side.
    expect(rows.find((r) => r.deptCode === 'APP')!.supervision).toMatchObject({ overdue: { total: 5, level1: 5 } });
  });

  it('writes CSV cells under the Chinese headers, blank for a side the department is not on', () => {
    const [app] = assessmentRows(departments, { ...none, approval: [{ deptCode: 'APP', casesDecided: 3, pushInTime: 1, pushLate: 2, pushPending: 0 }] });
    const cells = assessmentCsvCells(app!);
    expect(cells).toHaveLength(assessmentCsvColumns.length);
    const cell = (name: string) => cells[assessmentCsvColumns.indexOf(name)];
    expect(cell('部门类别')).toBe('审批部门');
    expect(cell('信息推送应办数')).toBe('3');
    // 1 of 3 in time.
    expect(cell('信息推送按时率')).toBe('33.3%');
    expect(cell('3个工作日内查看按时率')).toBe('');
    expect(cell('逾期总数')).toBe('');
  });
});
