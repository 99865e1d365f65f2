// Every supervision deadline met at the last minute and missed (L9, L10, D 一(二)1, D 二): the
// view (3 working days), the inspection result (5), the rectification date, the revocation
// proposal (1); warnings, and escalation at the deadline, 1 and 3 working days late. (postCheck's
// start and finish deadlines: case-modes.test.ts.)
import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../domain/calendar/index.js';
import type { OpenDeadline } from '../../domain/case/state.js';
import type { LinkageTarget } from '../../domain/case/task.js';
import {
  decideUpdate,
  getCaseQuery,
  orderRectificationUpdate,
  proposeRevocationUpdate,
  recordInspectionUpdate,
  reportRectificationUpdate,
  viewTaskUpdate,
  withdrawUpdate,
} from '../../workflows/messages.js';
import { linkedCase, newWorld, people, shanghaiDate, smsTemplates, useCaseEnvironment, type World } from './case-harness.js';

const d = useCaseEnvironment();
const calendar = createCalendar();
const DAY = 86_400_000;
const MINUTE = 60_000;

/** A division of another department than the approving one, so escalations show whose coordinators they reach. */
const construction: LinkageTarget = { supervisingDeptCode: 'LYG-ZJJ', divisionCode: 'LYG-ZJJ-JZSC', subItemCode: 'BUILD-CHECK', revision: 3 };
const endOf = (date: string) => Date.parse(`${date}T00:00:00+08:00`) + DAY;
const overdueIds = (timeline: { action: string; reason?: string }[]) => timeline.filter((e) => e.action === 'deadline.overdue').map((e) => e.reason);

/** Level 2 at the deadline, level 1 one working day late, level 3 three (counted on the calendar). */
function expectEscalationSteps(deadline: OpenDeadline): void {
  const [level2, level1, level3] = deadline.escalations;
  expect([level2!.level, level1!.level, level3!.level]).toEqual([2, 1, 3]);
  expect(level2!.at).toBe(deadline.dueAt);
  expect(calendar.workingDaysBetween(deadline.dueAt, level1!.at).days).toBe(1);
  expect(calendar.workingDaysBetween(deadline.dueAt, level3!.at).days).toBe(3);
}

function caseFor(world: World) {
  const input = linkedCase(world, { handlingItem: 'BUILD-PERMIT-NEW', approvalDept: 'LYG-XZSPJ' });
  world.linkages.set(input.handlingItem, [construction]);
  return input;
}

describe('view deadline (L9: 3 working days)', () => {
  it('viewed a minute before the deadline: in time, nothing escalates afterwards', async () => {
    const world = newWorld();
    const input = caseFor(world);
    await d.withWorker(world, async (taskQueue) => {
      const handle = await d.start(input, taskQueue);
      await d.env.sleep('1 minute');
      const view = await handle.query(getCaseQuery);
      const [deadline] = view.deadlines;
      expect(calendar.workingDaysBetween(view.pushedAt!, deadline!.dueAt).days).toBe(3);
      expectEscalationSteps(deadline!);
      await d.sleepUntil(deadline!.dueAt, -MINUTE);
      expect(smsTemplates(world)).toEqual(['taskAssigned→divisionAdmin', 'deadlineWarning→divisionAdmin', 'deadlineWarning→coordinator1']);
      await handle.executeUpdate(viewTaskUpdate, { args: [{ actor: people.division, taskId: view.tasks[0]!.taskId }] });
      await d.sleepUntil(deadline!.escalations[2]!.at, MINUTE);
      const after = await handle.query(getCaseQuery);
      expect(overdueIds(after.timeline)).toEqual([]);
      expect(smsTemplates(world)).toHaveLength(3);
      await handle.executeUpdate(withdrawUpdate, { args: [{ actor: people.platform, reason: '测试结束' }] });
      await d.result(handle);
    });
  });

  it('viewed late: overdue at the deadline, escalated to the supervising department at +0, +1, +3 working days', async () => {
    const world = newWorld();
    const input = caseFor(world);
    await d.withWorker(world, async (taskQueue) => {
      const handle = await d.start(input, taskQueue);
      await d.env.sleep('1 minute');
      const [deadline] = (await handle.query(getCaseQuery)).deadlines;
      await d.sleepUntil(deadline!.escalations[2]!.at, MINUTE);
      const view = await handle.query(getCaseQuery);
      expect(world.sms.filter((s) => s.template !== 'taskAssigned').map((s) => s.to)).toEqual([
        { kind: 'divisionAdmin', divisionCode: construction.divisionCode },
        { kind: 'coordinator', deptCode: 'LYG-ZJJ', level: 1 },
        { kind: 'coordinator', deptCode: 'LYG-ZJJ', level: 2 },
        { kind: 'coordinator', deptCode: 'LYG-ZJJ', level: 1 },
        { kind: 'coordinator', deptCode: 'LYG-ZJJ', level: 3 },
      ]);
      // Each escalation went out at its planned instant (workflow time: at once, never early).
      const escalated = view.timeline.filter((e) => e.action === 'deadline.escalated');
      expect(escalated.map((e) => e.reason)).toEqual([2, 1, 3].map((l) => `${deadline!.id} → ${l} 级协调员`));
      escalated.forEach((e, i) => expect(Date.parse(e.at) - Date.parse(deadline!.escalations[i]!.at)).toBeLessThan(MINUTE));
      const warned = view.timeline.find((e) => e.action === 'deadline.warned')!;
      expect(Date.parse(warned.at) - Date.parse(deadline!.warnAt!)).toBeLessThan(MINUTE);
      // The warning is 09:00 on the deadline's last day.
      expect(new Date(Date.parse(deadline!.warnAt!) + 8 * 3_600_000).toISOString().slice(11, 16)).toBe('09:00');
      expect(Date.parse(deadline!.dueAt) - Date.parse(deadline!.warnAt!)).toBe(15 * 3_600_000);

      const viewed = await handle.executeUpdate(viewTaskUpdate, { args: [{ actor: people.division, taskId: view.tasks[0]!.taskId }] });
      expect(viewed.deadlines).toEqual([]);
      expect(overdueIds(viewed.timeline)).toEqual([deadline!.id]);
      await handle.executeUpdate(withdrawUpdate, { args: [{ actor: people.platform, reason: '测试结束' }] });
      await d.result(handle);
    });
  });
});

describe('inspection result, rectification and revocation proposal', () => {
  it('rectification reported on its last day, the re-inspection recorded late, the proposal late and escalated', async () => {
    const world = newWorld();
    const input = caseFor(world);
    await d.withWorker(world, async (taskQueue) => {
      const handle = await d.start(input, taskQueue);
      await d.env.sleep('1 minute');
      const taskId = (await handle.query(getCaseQuery)).tasks[0]!.taskId;
      await handle.executeUpdate(viewTaskUpdate, { args: [{ actor: people.division, taskId }] });

      // First inspection: recorded a minute before its 5-working-day deadline → in time.
      const inspectedAt = await d.nowIso();
      const resultDue = calendar.deadlineAfter(inspectedAt, 5).deadline.toISOString();
      await d.sleepUntil(resultDue, -MINUTE);
      let view = await handle.executeUpdate(recordInspectionUpdate, { args: [{ actor: people.division, taskId, inspectedAt, result: 'noncompliant', findings: '脚手架不合规' }] });
      expect(view.tasks[0]!.inspections[0]).toMatchObject({ inspectedAt, resultDueAt: resultDue, late: false });

      // Rectification by a date: warned 09:00 the day before, reported a minute before its end.
      const dueDate = shanghaiDate(await d.nowMs(), 3);
      view = await handle.executeUpdate(orderRectificationUpdate, { args: [{ actor: people.division, taskId, dueDate, requirements: '三日内整改' }] });
      expect(view.deadlines).toMatchObject([{ kind: 'rectification', dueAt: new Date(endOf(dueDate)).toISOString(), warnAt: new Date(Date.parse(`${dueDate}T09:00:00+08:00`) - DAY).toISOString() }]);
      await d.sleepUntil(endOf(dueDate), -MINUTE);
      expect(world.sms.filter((s) => s.params.kind === 'rectification').map((s) => `${s.template}→${s.to.kind}`)).toEqual(['deadlineWarning→divisionAdmin', 'deadlineWarning→coordinator']);
      view = await handle.executeUpdate(reportRectificationUpdate, { args: [{ actor: people.division, taskId, report: '已整改' }] });
      expect(view.deadlines).toEqual([]);

      // Re-inspection recorded a minute after its deadline → late, and still not compliant.
      const reinspectedAt = await d.nowIso();
      const reinspectionDue = calendar.deadlineAfter(reinspectedAt, 5).deadline.toISOString();
      await d.sleepUntil(reinspectionDue, MINUTE);
      view = await handle.executeUpdate(recordInspectionUpdate, { args: [{ actor: people.division, taskId, inspectedAt: reinspectedAt, result: 'noncompliant', findings: '仍不合规' }] });
      expect(view.tasks[0]).toMatchObject({ status: 'revocation_due', inspections: [{ late: false }, { resultDueAt: reinspectionDue, late: true }] });
      expect(view.timeline.filter((e) => e.action === 'inspection.recorded').at(-1)!.reason).toMatch(/逾期录入/);

      // D 一(二)1: the proposal is due 1 working day after the finding — the re-inspection, not the
      // late record of it — so it is overdue at once: escalated to every level it has passed, never warned.
      const [proposal] = view.deadlines;
      expect(proposal).toMatchObject({ kind: 'revocationProposal', taskId, spec: { start: reinspectedAt, workingDays: 1 } });
      expect(proposal!.warnAt).toBeUndefined();
      expect(calendar.workingDaysBetween(reinspectedAt, proposal!.dueAt).days).toBe(1);
      expect(Date.parse(proposal!.dueAt)).toBeLessThan(await d.nowMs());
      expectEscalationSteps(proposal!);
      await d.env.sleep('1 minute');
      view = await handle.query(getCaseQuery);
      expect(view.deadlines[0]).toMatchObject({ overdue: true, warned: false, escalatedLevels: [2, 1, 3] });
      expect(view.timeline.some((e) => e.action === 'deadline.warned' && e.reason === proposal!.id)).toBe(false);
      expect(world.sms.filter((s) => s.params.kind === 'revocationProposal').map((s) => [s.template, s.to, s.params.kind])).toEqual([
        ['deadlineOverdue', { kind: 'coordinator', deptCode: 'LYG-ZJJ', level: 2 }, 'revocationProposal'],
        ['deadlineOverdue', { kind: 'coordinator', deptCode: 'LYG-ZJJ', level: 1 }, 'revocationProposal'],
        ['deadlineOverdue', { kind: 'coordinator', deptCode: 'LYG-ZJJ', level: 3 }, 'revocationProposal'],
      ]);
      view = await handle.executeUpdate(proposeRevocationUpdate, { args: [{ actor: people.division, taskId, reason: '整改后仍不合规' }] });
      expect(view.deadlines).toEqual([]);
      expect(overdueIds(view.timeline)).toEqual([proposal!.id]);
      await handle.executeUpdate(decideUpdate, { args: [{ actor: people.officer, kind: 'revocation', taskId, decision: 'decline', reason: '已停工整改，不予撤销' }] });
      const result = await d.result(handle);
      expect(result).toMatchObject({ outcome: 'completed' });
      expect(result.timeline.filter((e) => e.action === 'case.closed')).toHaveLength(1);
    });
  });

  it('rectification missed → proposal due from the rectification deadline; proposed in time → nothing escalates; revoked', async () => {
    const world = newWorld();
    const input = caseFor(world);
    await d.withWorker(world, async (taskQueue) => {
      const handle = await d.start(input, taskQueue);
      await d.env.sleep('1 minute');
      const taskId = (await handle.query(getCaseQuery)).tasks[0]!.taskId;
      await handle.executeUpdate(viewTaskUpdate, { args: [{ actor: people.division, taskId }] });
      await handle.executeUpdate(recordInspectionUpdate, { args: [{ actor: people.division, taskId, inspectedAt: await d.nowIso(), result: 'noncompliant', findings: '消防通道堵塞' }] });
      const dueDate = shanghaiDate(await d.nowMs(), 2);
      await handle.executeUpdate(orderRectificationUpdate, { args: [{ actor: people.division, taskId, dueDate, requirements: '两日内整改' }] });
      await d.sleepUntil(endOf(dueDate));
      let view = await handle.query(getCaseQuery);
      expect(view.tasks[0]).toMatchObject({ status: 'revocation_due', revocationDueSince: new Date(endOf(dueDate)).toISOString() });
      expect(overdueIds(view.timeline)).toEqual([`rectification:${taskId}`]);
      const [proposal] = view.deadlines;
      expect(proposal).toMatchObject({ kind: 'revocationProposal', spec: { start: new Date(endOf(dueDate)).toISOString(), workingDays: 1 } });
      // The rectification deadline was closed by its consequence: it never escalates.
      expect(smsTemplates(world).filter((t) => t.startsWith('deadlineOverdue'))).toEqual([]);

      await d.sleepUntil(proposal!.dueAt, -MINUTE);
      view = await handle.executeUpdate(proposeRevocationUpdate, { args: [{ actor: people.division, taskId, reason: '逾期未整改' }] });
      expect(view.deadlines).toEqual([]);
      expect(overdueIds(view.timeline)).toEqual([`rectification:${taskId}`]);
      await handle.executeUpdate(decideUpdate, { args: [{ actor: people.officer, kind: 'revocation', taskId, decision: 'revoke', reason: '撤销许可', documentNo: '连住建撤〔2026〕2号' }] });
      const result = await d.result(handle);
      expect(result).toMatchObject({ outcome: 'revoked', deadlines: [] });
      expect(result.timeline.filter((e) => e.action === 'case.closed')).toMatchObject([{ reason: 'revoked — 撤销许可' }]);
      expect(smsTemplates(world).filter((t) => t.startsWith('deadlineOverdue'))).toEqual([]);
      expect(world.calls.filter((c) => c.name === 'pushCreditRecord')).toHaveLength(1);
    });
  });
});
