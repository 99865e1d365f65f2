// A deadline across the 2027 Spring Festival (README "Working days"): computed provisionally while 2027's
// official arrangement is not loaded (statutory fallback: eve 02-05, 02-06..02-08, weekends),
// shown as provisional in the search attributes, and recomputed when the year is loaded. This
// file skips its environment forward to 2027-02-04 first: it needs that calendar date.
import { describe, expect, it } from 'vitest';
import { statutoryArrangement, type YearArrangement } from '../../domain/calendar/index.js';
import { calendarChangedSignal, getCaseQuery, recordInspectionUpdate, viewTaskUpdate } from '../../workflows/messages.js';
import { recordHistoryIfAsked } from '../helpers/histories.js';
import { linkedCase, newWorld, people, searchAttributesOf, useCaseEnvironment } from './case-harness.js';

const d = useCaseEnvironment();

/** A 2027 notice as it might read: the statutory days plus 02-09..02-11 off, Saturday 02-13 worked. */
function official2027(): YearArrangement {
  const year = statutoryArrangement(2027);
  const springFestival = year.holidays.find((h) => h.name === '春节')!;
  springFestival.days.push('2027-02-09', '2027-02-10', '2027-02-11');
  springFestival.makeupDays.push('2027-02-13');
  return { ...year, notice: '国务院办公厅关于2027年部分节假日安排的通知（测试用）' };
}

describe('Spring Festival 2027', () => {
  it('a view deadline pushed on 2027-02-04 is provisional until 2027 is loaded, then recomputed later', async () => {
    await d.sleepUntil('2027-02-04T10:00:00+08:00', 0);
    const world = newWorld();
    const input = linkedCase(world);
    await d.withWorker(world, async (taskQueue) => {
      const handle = await d.start(input, taskQueue);
      await d.env.sleep('1 minute');
      let view = await handle.query(getCaseQuery);
      expect(view.pushedAt!.slice(0, 10)).toBe('2027-02-04');
      // 02-05..02-08 off (eve + 初一..初三), 02-09, 02-10, 02-11 are the 3 working days.
      expect(view.deadlines).toMatchObject([{ kind: 'view', dueAt: '2027-02-11T16:00:00.000Z', warnAt: '2027-02-11T01:00:00.000Z', provisional: true }]);
      expect(world.sms[0]!.params.deadline).toBe('2027-02-11 24:00');
      expect(await searchAttributesOf(handle)).toMatchObject({
        CaseStage: 'supervising',
        DeadlineProvisional: true,
        NextDeadline: new Date('2027-02-11T16:00:00.000Z'),
      });

      world.loadedYears.push(official2027());
      await handle.signal(calendarChangedSignal, { year: 2027 });
      await d.env.sleep('1 minute');
      view = await handle.query(getCaseQuery);
      // 02-05..02-11 off; 02-12 (Fri), 02-13 (make-up Saturday), 02-15 (Mon).
      expect(view.deadlines).toMatchObject([
        {
          dueAt: '2027-02-15T16:00:00.000Z',
          warnAt: '2027-02-15T01:00:00.000Z',
          provisional: false,
          overdue: false,
          escalations: [
            { level: 2, at: '2027-02-15T16:00:00.000Z' },
            { level: 1, at: '2027-02-16T16:00:00.000Z' },
            { level: 3, at: '2027-02-18T16:00:00.000Z' },
          ],
        },
      ]);
      expect(view.timeline.filter((e) => e.action === 'deadline.recomputed')).toMatchObject([
        { actor: 'calendar', reason: `view:${view.tasks[0]!.taskId}: 2027-02-11 24:00 → 2027-02-15 24:00（2027 年节假日安排已导入）` },
      ]);
      expect(await searchAttributesOf(handle)).toMatchObject({ DeadlineProvisional: false, NextDeadline: new Date('2027-02-15T16:00:00.000Z') });

      // The old provisional instants pass quietly; the recomputed ones warn and fall due.
      await d.sleepUntil('2027-02-13T00:00:00+08:00', 0);
      expect(world.sms.map((s) => s.template)).toEqual(['taskAssigned']);
      await d.sleepUntil('2027-02-15T16:00:00.000Z');
      expect(world.sms.map((s) => `${s.template}@${s.params.deadline}`).slice(1)).toEqual([
        'deadlineWarning@2027-02-15 24:00',
        'deadlineWarning@2027-02-15 24:00',
        'deadlineOverdue@2027-02-15 24:00',
      ]);
      const taskId = view.tasks[0]!.taskId;
      await handle.executeUpdate(viewTaskUpdate, { args: [{ actor: people.division, taskId }] });
      await handle.executeUpdate(recordInspectionUpdate, { args: [{ actor: people.division, taskId, inspectedAt: await d.nowIso(), result: 'compliant' }] });
      expect(await d.result(handle)).toMatchObject({ outcome: 'completed' });
      await recordHistoryIfAsked('calendar-recomputed', handle);
    });
  });
});
