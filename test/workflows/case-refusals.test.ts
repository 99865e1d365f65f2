// Out-of-order and duplicate actions are refused by the update validators with the stage and the
// reason, and record nothing; the search attributes follow the case through every stage and never
// carry a name or a phone number.
import { describe, expect, it } from 'vitest';
import {
  decideUpdate,
  getCaseQuery,
  linkageChangedSignal,
  orderRectificationUpdate,
  proposeRevocationUpdate,
  recordInspectionUpdate,
  reportRectificationUpdate,
  viewTaskUpdate,
} from '../../workflows/messages.js';
import { caseInput } from '../helpers/case-input.js';
import { divisionTarget, expectRefused, gate, linkedCase, newWorld, people, searchAttributesOf, shanghaiDate, useCaseEnvironment } from './case-harness.js';

const d = useCaseEnvironment();
const DAY = 86_400_000;

describe('refused actions', () => {
  it('refuses each action out of turn, names the state and the reason, and records nothing', async () => {
    const world = newWorld();
    const input = linkedCase(world);
    await d.withWorker(world, async (taskQueue) => {
      const handle = await d.start(input, taskQueue);
      await d.env.sleep('1 minute');
      const taskId = (await handle.query(getCaseQuery)).tasks[0]!.taskId;
      const who = { actor: people.division, taskId };
      const unchanged = async (action: () => Promise<unknown>, pattern: RegExp) => {
        const before = await handle.query(getCaseQuery);
        await expectRefused(action(), pattern);
        expect(await handle.query(getCaseQuery)).toEqual(before);
      };

      await unchanged(() => handle.executeUpdate(viewTaskUpdate, { args: [{ ...who, taskId: `${input.caseNo}:9` }] }), /没有监管任务 .*:9/);
      await unchanged(() => handle.executeUpdate(orderRectificationUpdate, { args: [{ ...who, dueDate: shanghaiDate(Date.now(), 30), requirements: 'x' }] }), /已通知待查看.*不能下达整改通知/);
      await handle.executeUpdate(viewTaskUpdate, { args: [who] });
      await unchanged(() => handle.executeUpdate(viewTaskUpdate, { args: [who] }), /已查看待检查.*不能重复查看/);
      await unchanged(() => handle.executeUpdate(reportRectificationUpdate, { args: [{ ...who, report: '已整改' }] }), /已查看待检查.*不能登记整改报告/);
      await unchanged(() => handle.executeUpdate(proposeRevocationUpdate, { args: [{ ...who, reason: '过早' }] }), /已查看待检查.*不能提出撤销建议/);
      const now = await d.nowMs();
      await unchanged(() => handle.executeUpdate(recordInspectionUpdate, { args: [{ ...who, inspectedAt: new Date(now + DAY).toISOString(), result: 'compliant' }] }), /检查时间不能晚于当前时间/);
      await unchanged(() => handle.executeUpdate(recordInspectionUpdate, { args: [{ ...who, inspectedAt: new Date(now - 30 * DAY).toISOString(), result: 'compliant' }] }), /检查时间不能早于任务下达时间/);
      await unchanged(() => handle.executeUpdate(recordInspectionUpdate, { args: [{ ...who, inspectedAt: new Date(now).toISOString(), result: 'noncompliant', findings: ' ' }] }), /必须填写问题/);

      await handle.executeUpdate(recordInspectionUpdate, { args: [{ ...who, inspectedAt: new Date(now).toISOString(), result: 'noncompliant', findings: '未公示许可证' }] });
      await unchanged(() => handle.executeUpdate(orderRectificationUpdate, { args: [{ ...who, dueDate: shanghaiDate(now, -1), requirements: 'x' }] }), /整改期限 .* 早于今天/);
      await unchanged(() => handle.executeUpdate(proposeRevocationUpdate, { args: [{ ...who, reason: '未整改就撤销' }] }), /检查不符合待整改.*不能提出撤销建议/);
      await handle.executeUpdate(orderRectificationUpdate, { args: [{ ...who, dueDate: shanghaiDate(now, 5), requirements: '公示许可证' }] });
      await unchanged(() => handle.executeUpdate(orderRectificationUpdate, { args: [{ ...who, dueDate: shanghaiDate(now, 9), requirements: '再次' }] }), /整改中.*不能下达整改通知/);
      await handle.executeUpdate(reportRectificationUpdate, { args: [{ ...who, report: '已公示' }] });
      await unchanged(() => handle.executeUpdate(reportRectificationUpdate, { args: [{ ...who, report: '又一次' }] }), /待复查.*不能登记整改报告/);
      await handle.executeUpdate(recordInspectionUpdate, { args: [{ ...who, inspectedAt: await d.nowIso(), result: 'noncompliant', findings: '仍未公示' }] });
      await unchanged(() => handle.executeUpdate(decideUpdate, { args: [{ actor: people.officer, kind: 'revocation', taskId, decision: 'revoke', reason: '未经建议' }] }), /没有任务 .* 的撤销建议待决定/);
      await handle.executeUpdate(proposeRevocationUpdate, { args: [{ ...who, reason: '拒不整改' }] });
      await unchanged(() => handle.executeUpdate(proposeRevocationUpdate, { args: [{ ...who, reason: '再次建议' }] }), /待审批部门决定.*不能提出撤销建议/);
      await unchanged(() => handle.executeUpdate(decideUpdate, { args: [{ actor: people.officer, kind: 'revocation', taskId, decision: 'keep', reason: 'x' }] }), /只能作出 revoke 或 decline/);
      await unchanged(() => handle.executeUpdate(decideUpdate, { args: [{ actor: people.officer, kind: 'commitment', decision: 'keep', reason: 'x' }] }), /没有待审批部门决定的承诺事项/);
      await handle.executeUpdate(decideUpdate, { args: [{ actor: people.officer, kind: 'revocation', taskId, decision: 'decline', reason: '情节轻微' }] });
      const result = await d.result(handle);
      expect(result.outcome).toBe('completed');
      expect(result.timeline.filter((e) => e.action === 'revocation.decided')).toHaveLength(1);
    });
  });

  it('the same action sent twice at once is taken once and refused once', async () => {
    const world = newWorld();
    const input = linkedCase(world);
    await d.withWorker(world, async (taskQueue) => {
      const handle = await d.start(input, taskQueue);
      await d.env.sleep('1 minute');
      const taskId = (await handle.query(getCaseQuery)).tasks[0]!.taskId;
      const twice = <T>(send: () => Promise<T>) => Promise.allSettled([send(), send()]);
      let outcomes = await twice(() => handle.executeUpdate(viewTaskUpdate, { args: [{ actor: people.division, taskId }] }));
      expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
      const inspectedAt = await d.nowIso();
      outcomes = await twice(() => handle.executeUpdate(recordInspectionUpdate, { args: [{ actor: people.division, taskId, inspectedAt, result: 'noncompliant', findings: '重复提交' }] }));
      expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
      const view = await handle.query(getCaseQuery);
      expect(view.tasks[0]!.inspections).toHaveLength(1);
      expect(view.timeline.filter((e) => e.action === 'inspection.recorded')).toHaveLength(1);
      await handle.executeUpdate(orderRectificationUpdate, { args: [{ actor: people.division, taskId, dueDate: shanghaiDate(await d.nowMs(), 3), requirements: '整改' }] });
      await handle.executeUpdate(reportRectificationUpdate, { args: [{ actor: people.division, taskId, report: '已整改' }] });
      outcomes = await twice(() => handle.executeUpdate(recordInspectionUpdate, { args: [{ actor: people.division, taskId, inspectedAt, result: 'compliant' }] }));
      expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
      const result = await d.result(handle);
      expect(result.tasks[0]!.inspections).toHaveLength(2);
      expect(result.timeline.filter((e) => e.action === 'case.closed')).toHaveLength(1);
    });
  });
});

describe('actions while the case waits for the calendar', () => {
  it('a proposal taken while the re-inspection result is being recorded leaves no proposal deadline open', async () => {
    const world = newWorld();
    const input = linkedCase(world);
    await d.withWorker(world, async (taskQueue) => {
      const handle = await d.start(input, taskQueue);
      await d.env.sleep('1 minute');
      const taskId = (await handle.query(getCaseQuery)).tasks[0]!.taskId;
      const who = { actor: people.division, taskId };
      await handle.executeUpdate(viewTaskUpdate, { args: [who] });
      await handle.executeUpdate(recordInspectionUpdate, { args: [{ ...who, inspectedAt: await d.nowIso(), result: 'noncompliant', findings: '无证经营' }] });
      await handle.executeUpdate(orderRectificationUpdate, { args: [{ ...who, dueDate: shanghaiDate(await d.nowMs(), 3), requirements: '办证' }] });
      await handle.executeUpdate(reportRectificationUpdate, { args: [{ ...who, report: '已申请' }] });

      const held = gate();
      world.gates.planDeadline = held;
      const reinspection = handle.executeUpdate(recordInspectionUpdate, { args: [{ ...who, inspectedAt: await d.nowIso(), result: 'noncompliant', findings: '仍无证' }] });
      await held.reached;
      // The task is revocation_due at once, so the proposal is taken while the calendar answers.
      await handle.executeUpdate(proposeRevocationUpdate, { args: [{ ...who, reason: '拒不办证' }] });
      held.open();
      const view = await reinspection;
      expect(view.tasks[0]).toMatchObject({ status: 'awaiting_revocation_decision', inspections: [{}, { result: 'noncompliant' }] });
      expect(view.deadlines).toEqual([]);
      await d.env.sleep('10 days');
      expect(world.sms.filter((s) => s.template === 'deadlineOverdue')).toEqual([]);
      await handle.executeUpdate(decideUpdate, { args: [{ actor: people.officer, kind: 'revocation', taskId, decision: 'decline', reason: '已取得许可' }] });
      expect(await d.result(handle)).toMatchObject({ outcome: 'completed', deadlines: [] });
    });
  });
});

describe('search attributes', () => {
  it('follow the case through every stage, with codes only', async () => {
    const world = newWorld();
    const dueDate = shanghaiDate(await d.nowMs(), 2);
    const input = caseInput({ handlingItem: 'DEFERRED-AND-UNLINKED', mode: 'deferral', commitment: '承诺补交', deferral: { materials: ['x'], dueDate } });
    await d.withWorker(world, async (taskQueue) => {
      const handle = await d.start(input, taskQueue);
      const seen: unknown[] = [];
      const expectAttributes = async (expected: Record<string, unknown>) => {
        const current = await searchAttributesOf(handle);
        seen.push(current);
        expect(current).toMatchObject({ CaseNo: input.caseNo, CreditCode: input.applicant.creditCode, ApprovalDept: input.approvalDept, CommitmentMode: 'deferral', ...expected });
        return current;
      };
      await d.env.sleep('1 minute');
      let current = await expectAttributes({ CaseStage: 'awaiting_linkage', DeadlineProvisional: false });
      expect(current.NextDeadline).toBeUndefined();
      expect(current.SupervisionDivisions ?? []).toEqual([]);

      world.linkages.set(input.handlingItem, [divisionTarget]);
      await handle.signal(linkageChangedSignal);
      await d.env.sleep('1 minute');
      const materialsDue = (await handle.query(getCaseQuery)).deadlines[0]!.dueAt;
      await expectAttributes({ CaseStage: 'awaiting_materials', NextDeadline: new Date(materialsDue), DeadlineProvisional: false });

      await d.sleepUntil(materialsDue);
      current = await expectAttributes({ CaseStage: 'awaiting_decision' });
      expect(current.NextDeadline).toBeUndefined();

      await handle.executeUpdate(decideUpdate, { args: [{ actor: people.officer, kind: 'commitment', decision: 'keep', reason: '维持' }] });
      await d.env.sleep('1 minute');
      const view = await handle.query(getCaseQuery);
      await expectAttributes({ CaseStage: 'supervising', SupervisionDivisions: [divisionTarget.divisionCode], NextDeadline: new Date(view.deadlines[0]!.dueAt) });

      const taskId = view.tasks[0]!.taskId;
      await handle.executeUpdate(viewTaskUpdate, { args: [{ actor: people.division, taskId }] });
      current = await expectAttributes({ CaseStage: 'supervising' });
      expect(current.NextDeadline).toBeUndefined();
      await handle.executeUpdate(recordInspectionUpdate, { args: [{ actor: people.division, taskId, inspectedAt: await d.nowIso(), result: 'compliant' }] });
      await d.result(handle);
      current = await expectAttributes({ CaseStage: 'closed', SupervisionDivisions: [divisionTarget.divisionCode], DeadlineProvisional: false });
      expect(current.NextDeadline).toBeUndefined();

      // Search attributes are visible to everyone with namespace access: no personal data, ever.
      const text = JSON.stringify(seen);
      expect(text).not.toContain(input.applicant.name);
      expect(text).not.toContain(input.applicant.phone);
    });
  });
});
