// 材料延期 (L8): the reminder the calendar day before the due date, materials in time → licence
// issued → push; materials late → the approval department decides: revoke (credit record) or keep.
import { describe, expect, it } from 'vitest';
import type { CaseInput } from '../../domain/case.js';
import { decideUpdate, getCaseQuery, recordInspectionUpdate, submitMaterialsUpdate, viewTaskUpdate } from '../../workflows/messages.js';
import { recordHistoryIfAsked } from '../helpers/histories.js';
import { expectRefused, linkedCase, newWorld, people, shanghaiDate, smsTemplates, useCaseEnvironment, type World } from './case-harness.js';

const d = useCaseEnvironment();
const DAY = 86_400_000;

/** The end (24:00 +08:00) of a date, and the reminder at 09:00 +08:00 the calendar day before. */
const endOf = (date: string) => new Date(Date.parse(`${date}T00:00:00+08:00`) + DAY).toISOString();
const reminderFor = (date: string) => new Date(Date.parse(`${date}T09:00:00+08:00`) - DAY).toISOString();

function deferralCase(world: World, dueDate: string): CaseInput {
  return linkedCase(world, { mode: 'deferral', commitment: '承诺在期限内补交食品安全管理制度', deferral: { materials: ['食品安全管理制度'], dueDate } });
}

const callNames = (world: World) => world.calls.map((c) => `${c.name}${c.name === 'notifyApprovalPlatform' ? `:${(c.input as { event: string }).event}` : ''}`);

describe('deferral', () => {
  it('reminds the applicant at 09:00 the day before; materials in time → licence issued → pushed → completed', async () => {
    const world = newWorld();
    const dueDate = shanghaiDate(await d.nowMs(), 4);
    const input = deferralCase(world, dueDate);
    await d.withWorker(world, async (taskQueue) => {
      const handle = await d.start(input, taskQueue);
      await d.env.sleep('1 minute');
      let view = await handle.query(getCaseQuery);
      expect(view.stage).toBe('awaiting_materials');
      expect(view.deadlines).toMatchObject([{ id: 'materials', kind: 'materials', dueAt: endOf(dueDate), warnAt: reminderFor(dueDate), provisional: false }]);

      // L8 承诺期限截止前一天: nothing before 09:00 the day before, the reminder at 09:00.
      await d.sleepUntil(reminderFor(dueDate), -60_000);
      expect(world.sms).toEqual([]);
      await d.sleepUntil(reminderFor(dueDate));
      expect(world.sms).toMatchObject([{ template: 'materialsReminder', to: { kind: 'applicant', phone: input.applicant.phone }, params: { caseNo: input.caseNo } }]);
      view = await handle.query(getCaseQuery);
      const warned = view.timeline.find((e) => e.action === 'deadline.warned')!;
      expect(Date.parse(warned.at) - Date.parse(reminderFor(dueDate))).toBeLessThan(60_000);

      view = await handle.executeUpdate(submitMaterialsUpdate, { args: [{ actor: people.platform, materials: ['食品安全管理制度'] }] });
      expect(view.deadlines).toEqual([]);
      expect(view.timeline.at(-1)).toMatchObject({ actor: people.platform, action: 'materials.submitted', reason: '食品安全管理制度' });
      await expectRefused(handle.executeUpdate(submitMaterialsUpdate, { args: [{ actor: people.platform, materials: ['x'] }] }), /延期材料已于 .* 提交，不能重复提交/);
      await d.env.sleep('1 minute');
      view = await handle.query(getCaseQuery);
      expect(view.stage).toBe('supervising');
      expect(callNames(world)).toEqual(['notifyApprovalPlatform:licence_issued', 'pushArchive', 'createSupervisionTask']);
      expect(world.calls[0]!.input).toMatchObject({ key: `${input.caseNo}:licence-issued`, caseNo: input.caseNo });

      const taskId = view.tasks[0]!.taskId;
      await handle.executeUpdate(viewTaskUpdate, { args: [{ actor: people.division, taskId }] });
      await handle.executeUpdate(recordInspectionUpdate, { args: [{ actor: people.division, taskId, inspectedAt: await d.nowIso(), result: 'compliant' }] });
      const result = await d.result(handle);
      expect(result).toMatchObject({ stage: 'closed', outcome: 'completed', deadlines: [], pendingDecisions: [] });
      expect(result.timeline.map((e) => e.action)).not.toContain('deadline.overdue');
      expect(world.calls.filter((c) => c.name === 'pushCreditRecord')).toEqual([]);
      await recordHistoryIfAsked('deferral-in-time', handle);
    });
  });

  it('materials late → the approval officers decide → revoke: one credit record, case revoked, never pushed', async () => {
    const world = newWorld();
    const dueDate = shanghaiDate(await d.nowMs(), 2);
    const input = deferralCase(world, dueDate);
    await d.withWorker(world, async (taskQueue) => {
      const handle = await d.start(input, taskQueue);
      await d.sleepUntil(endOf(dueDate));
      const view = await handle.query(getCaseQuery);
      expect(view.stage).toBe('awaiting_decision');
      expect(view.deadlines).toEqual([]);
      expect(view.pendingDecisions).toMatchObject([{ kind: 'commitment', reason: '延期材料逾期未补交' }]);
      expect(smsTemplates(world)).toEqual(['materialsReminder→applicant', 'decisionRequested→approvalOfficers']);
      expect(world.sms[1]!.to).toEqual({ kind: 'approvalOfficers', deptCode: input.approvalDept });
      expect(view.timeline.map((e) => e.action).slice(-2)).toEqual(['deadline.overdue', 'decision.requested']);

      // Too late for materials; a proposal-style or wrong-kind decision is refused.
      await expectRefused(handle.executeUpdate(submitMaterialsUpdate, { args: [{ actor: people.platform, materials: ['x'] }] }), /待审批部门决定.*不能提交延期材料/);
      await expectRefused(handle.executeUpdate(decideUpdate, { args: [{ actor: people.officer, kind: 'commitment', decision: 'decline', reason: 'x' }] }), /只能作出 revoke 或 keep/);
      await expectRefused(handle.executeUpdate(decideUpdate, { args: [{ actor: people.officer, kind: 'revocation', taskId: `${input.caseNo}:1`, decision: 'revoke', reason: 'x' }] }), /没有任务 .* 的撤销建议/);
      expect((await handle.query(getCaseQuery)).timeline).toHaveLength(view.timeline.length);

      await handle.executeUpdate(decideUpdate, { args: [{ actor: people.officer, kind: 'commitment', decision: 'revoke', reason: '逾期未补交材料，撤销审批' }] });
      const result = await d.result(handle);
      expect(result).toMatchObject({ stage: 'closed', outcome: 'revoked', deadlines: [], pendingDecisions: [], tasks: [] });
      const credit = world.calls.filter((c) => c.name === 'pushCreditRecord');
      expect(credit).toHaveLength(1);
      expect(credit[0]!.input).toMatchObject({ event: 'deferral_revoked', creditCode: input.applicant.creditCode, reason: '延期材料逾期未补交' });
      expect(callNames(world)).toEqual(['pushCreditRecord', 'notifyApprovalPlatform:licence_revoked', 'notifyApprovalPlatform:case_closed']);
      expect(result.timeline.filter((e) => e.action === 'decision.made')).toMatchObject([{ actor: people.officer, reason: 'revoke — 逾期未补交材料，撤销审批' }]);
      expect(result.timeline.filter((e) => e.action.startsWith('case.closed'))).toHaveLength(1);
      await recordHistoryIfAsked('deferral-revoked', handle);
    });
  });

  it('materials late → keep: the case goes on to push and supervision; a second decision is refused', async () => {
    const world = newWorld();
    const dueDate = shanghaiDate(await d.nowMs(), 2);
    const input = deferralCase(world, dueDate);
    await d.withWorker(world, async (taskQueue) => {
      const handle = await d.start(input, taskQueue);
      await d.sleepUntil(endOf(dueDate));
      expect((await handle.query(getCaseQuery)).stage).toBe('awaiting_decision');
      await handle.executeUpdate(decideUpdate, { args: [{ actor: people.officer, kind: 'commitment', decision: 'keep', reason: '已说明理由，准予维持' }] });
      await expectRefused(handle.executeUpdate(decideUpdate, { args: [{ actor: people.officer, kind: 'commitment', decision: 'revoke', reason: '再次' }] }), /没有待审批部门决定的承诺事项/);
      await d.env.sleep('1 minute');
      const view = await handle.query(getCaseQuery);
      expect(view.stage).toBe('supervising');
      expect(view.deadlines.map((dl) => dl.kind)).toEqual(['view']);
      expect(callNames(world)).toEqual(['pushArchive', 'createSupervisionTask']);

      const taskId = view.tasks[0]!.taskId;
      await handle.executeUpdate(viewTaskUpdate, { args: [{ actor: people.division, taskId }] });
      await handle.executeUpdate(recordInspectionUpdate, { args: [{ actor: people.division, taskId, inspectedAt: await d.nowIso(), result: 'compliant' }] });
      const result = await d.result(handle);
      expect(result).toMatchObject({ stage: 'closed', outcome: 'completed' });
      expect(world.calls.filter((c) => c.name === 'pushCreditRecord')).toEqual([]);
      expect(result.timeline.map((e) => e.action)).toEqual([
        'case.started',
        'policy.pinned',
        'linkage.resolved',
        'deadline.warned',
        'deadline.overdue',
        'decision.requested',
        'decision.made',
        'case.pushed',
        'task.notified',
        'task.viewed',
        'inspection.recorded',
        'case.closed',
      ]);
      await recordHistoryIfAsked('deferral-kept', handle);
    });
  });
});
