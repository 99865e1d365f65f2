// Deadline plans on the real calendar (working days, Dongli 二) and the order in which a case's deadlines
// fire. The 2026 Spring Festival case of the issue lives here: the workflow tests' server starts in
// November 2026 and cannot go back to February.
import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../domain/calendar/index.js';
import { pendingEvents } from '../../domain/case/deadline-events.js';
import { planDeadline, type DeadlinePlan } from '../../domain/case/deadlines.js';
import { shanghaiTime } from '../../domain/case/local-time.js';
import type { OpenDeadline } from '../../domain/case/state.js';

const calendar = createCalendar();

describe('planDeadline', () => {
  it('warns and escalates as a region’s policy says: the working day before at 14:00, its own ladder', () => {
    // Due at the end of 2026-02-24 (Tue): the working day before is 02-14, the make-up Saturday,
    // as the festival days 02-15..02-23 do not count.
    const timing = { warning: { workingDaysBefore: 1, hour: 14 }, escalation: [{ level: 1 as const, workingDaysLate: 2 }, { level: 3 as const, workingDaysLate: 4 }] };
    expect(planDeadline(calendar, { start: '2026-02-12T10:00:00+08:00', workingDays: 3 }, timing)).toEqual({
      dueAt: '2026-02-24T16:00:00.000Z',
      provisional: false,
      warnAt: '2026-02-14T06:00:00.000Z',
      escalations: [
        { level: 1, at: '2026-02-26T16:00:00.000Z' },
        // 4 working days late: 02-25, 02-26, 02-27 and 02-28, a make-up Saturday.
        { level: 3, at: '2026-02-28T16:00:00.000Z' },
      ],
    });
  });

  it('a view deadline pushed on 2026-02-12 lands after the Spring Festival: end of 2026-02-24', () => {
    // 02-12 Thu (push, does not count) → 02-13 Fri (1) → 02-14 Sat, a make-up working day (2) →
    // 02-15..02-23 off → 02-24 Tue (3). Level 1: 02-25 (+1); level 3: 02-25, 02-26, 02-27 (+3).
    expect(planDeadline(calendar, { start: '2026-02-12T10:00:00+08:00', workingDays: 3 })).toEqual({
      dueAt: '2026-02-24T16:00:00.000Z',
      provisional: false,
      warnAt: '2026-02-24T01:00:00.000Z',
      escalations: [
        { level: 2, at: '2026-02-24T16:00:00.000Z' },
        { level: 1, at: '2026-02-25T16:00:00.000Z' },
        { level: 3, at: '2026-02-27T16:00:00.000Z' },
      ],
    });
    expect(calendar.dayInfo('2026-02-14')).toMatchObject({ working: true, kind: 'makeup' });
    expect(shanghaiTime('2026-02-24T16:00:00.000Z')).toBe('2026-02-24 24:00');
    expect(shanghaiTime('2026-02-24T01:00:00.000Z')).toBe('2026-02-24 09:00');
  });

  it('a date-based deadline ends at 24:00 of its date and warns at 09:00 the calendar day before, holiday or not', () => {
    expect(planDeadline(calendar, { dueDate: '2026-02-24' })).toEqual({
      dueAt: '2026-02-24T16:00:00.000Z',
      provisional: false,
      // 02-23 is a holiday: L8 says the calendar day before, not the working day before.
      warnAt: '2026-02-23T01:00:00.000Z',
      escalations: [
        { level: 2, at: '2026-02-24T16:00:00.000Z' },
        { level: 1, at: '2026-02-25T16:00:00.000Z' },
        { level: 3, at: '2026-02-27T16:00:00.000Z' },
      ],
    });
  });

  it('is provisional when the deadline or one of its escalations falls in a year not loaded', () => {
    expect(planDeadline(calendar, { start: '2027-03-01T10:00:00+08:00', workingDays: 3 }).provisional).toBe(true);
    // Due 2026-12-31 (official), but level 1 and 3 fall in 2027 (statutory fallback: 01-01 off).
    const plan = planDeadline(calendar, { start: '2026-12-28T10:00:00+08:00', workingDays: 3 });
    expect(plan).toMatchObject({ dueAt: '2026-12-31T16:00:00.000Z', provisional: true });
    expect(plan.escalations.map((e) => e.at)).toEqual(['2026-12-31T16:00:00.000Z', '2027-01-04T16:00:00.000Z', '2027-01-06T16:00:00.000Z']);
  });

  it('has no warning when 09:00 of the last day came before the clock started', () => {
    expect(planDeadline(calendar, { start: '2026-03-02T10:00:00+08:00', workingDays: 0 }).warnAt).toBeUndefined();
    expect(planDeadline(calendar, { start: '2026-03-02T08:00:00+08:00', workingDays: 0 }).warnAt).toBe('2026-03-02T01:00:00.000Z');
  });
});

describe('pendingEvents', () => {
  const HOUR = 3_600_000;
  const at = (hours: number) => new Date(Date.UTC(2026, 2, 2) + hours * HOUR).toISOString();
  function deadline(id: string, kind: OpenDeadline['kind'], dueHours: number, extra: Partial<OpenDeadline> = {}): OpenDeadline {
    const plan: DeadlinePlan = {
      dueAt: at(dueHours),
      provisional: false,
      warnAt: at(dueHours - 15),
      escalations: [
        { level: 2, at: at(dueHours) },
        { level: 1, at: at(dueHours + 24) },
        { level: 3, at: at(dueHours + 72) },
      ],
    };
    return { id, kind, spec: { start: at(0), workingDays: 1 }, ...plan, warned: false, escalatedLevels: [], overdue: false, ...extra };
  }
  const summary = (deadlines: OpenDeadline[]) =>
    pendingEvents(deadlines).map((e) => `${e.deadline.id}:${e.type}${e.type === 'escalate' ? e.level : ''}@${(e.at - Date.UTC(2026, 2, 2)) / HOUR}`);

  it('lists warning, due and each escalation level, earliest first; at one instant the deadline passes before it escalates', () => {
    expect(summary([deadline('view', 'view', 40)])).toEqual(['view:warn@25', 'view:due@40', 'view:escalate2@40', 'view:escalate1@64', 'view:escalate3@112']);
  });

  it('merges several deadlines by time; same instant and type keep the deadlines’ order', () => {
    expect(summary([deadline('b', 'view', 64), deadline('a', 'revocationProposal', 40), deadline('c', 'postCheckStart', 40)])).toEqual([
      'a:warn@25',
      'c:warn@25',
      'a:due@40',
      'c:due@40',
      'a:escalate2@40',
      'c:escalate2@40',
      'b:warn@49',
      'b:due@64',
      'b:escalate2@64',
      'a:escalate1@64',
      'c:escalate1@64',
      'b:escalate1@88',
      'a:escalate3@112',
      'c:escalate3@112',
      'b:escalate3@136',
    ]);
  });

  it('leaves out what was sent, and the warning of a deadline already passed', () => {
    expect(summary([deadline('view', 'view', 40, { warned: true, overdue: true, escalatedLevels: [2] })])).toEqual(['view:escalate1@64', 'view:escalate3@112']);
    expect(summary([deadline('view', 'view', 40, { overdue: true })])).toEqual(['view:escalate2@40', 'view:escalate1@64', 'view:escalate3@112']);
    const withoutWarning = deadline('view', 'view', 40);
    delete withoutWarning.warnAt;
    expect(summary([withoutWarning])).toEqual(['view:due@40', 'view:escalate2@40', 'view:escalate1@64', 'view:escalate3@112']);
  });

  it('never escalates the applicant’s materials deadline: it warns and falls due only', () => {
    expect(summary([deadline('materials', 'materials', 40)])).toEqual(['materials:warn@25', 'materials:due@40']);
  });
});
