// The case workflow on the time-skipping server: each mode, push, supervision, the rectify →
// revoke loop, warnings and escalation, withdrawal. Time is skipped, never slept.
import { describe, expect, it } from 'vitest';
import { refusals } from '../../domain/case/actions.js';
import {
  decideUpdate,
  getCaseQuery,
  orderRectificationUpdate,
  proposeRevocationUpdate,
  recordInspectionUpdate,
  reportRectificationUpdate,
  submitMaterialsUpdate,
  viewTaskUpdate,
  withdrawUpdate,
} from '../../workflows/messages.js';
import { recordHistoryIfAsked } from '../helpers/histories.js';
import { expectRefused, linkedCase, newWorld, smsTemplates, useCaseEnvironment } from './case-harness.js';

const d = useCaseEnvironment();
const { withWorker, start } = d;
const DAY = 86_400_000;
const actor = 'division-admin-1';

describe('standard case', () => {
  it('is pushed, viewed in time, inspected compliant and completes; nothing escalates', async () => {
    const world = newWorld();
    const input = linkedCase(world);
    await withWorker(world, async (taskQueue) => {
      const handle = await start(input, taskQueue);
      await d.env.sleep('1 hour');
      let view = await handle.query(getCaseQuery);
      expect(view.stage).toBe('supervising');
      expect(view.tasks).toHaveLength(1);
      const [task] = view.tasks;
      expect(view.deadlines.map((d) => d.kind)).toEqual(['view']);
      expect(smsTemplates(world)).toEqual(['taskAssigned→divisionAdmin']);

      view = await handle.executeUpdate(viewTaskUpdate, { args: [{ actor, taskId: task!.taskId }] });
      expect(view.deadlines).toEqual([]);
      view = await handle.executeUpdate(recordInspectionUpdate, {
        args: [{ actor, taskId: task!.taskId, inspectedAt: new Date(await d.env.currentTimeMs()).toISOString(), result: 'compliant' }],
      });
      const result = await d.result(handle);
      expect(result).toMatchObject({ stage: 'closed', outcome: 'completed' });
      expect(result.tasks[0]).toMatchObject({ status: 'done', inspections: [{ result: 'compliant', late: false }] });
      expect(result.timeline.map((e) => e.action)).toEqual([
        'case.started',
        'policy.pinned',
        'linkage.resolved',
        'case.pushed',
        'task.notified',
        'task.viewed',
        'inspection.recorded',
        'case.closed',
      ]);
      expect(world.calls.map((c) => c.name)).toEqual(['pushArchive', 'createSupervisionTask', 'notifyApprovalPlatform']);
      await recordHistoryIfAsked('standard-completed', handle);
    });
  });

  it('warns before the view deadline and escalates to levels 2, 1 and 3 as lateness grows', async () => {
    const world = newWorld();
    const input = linkedCase(world);
    await withWorker(world, async (taskQueue) => {
      const handle = await start(input, taskQueue);
      await d.env.sleep('1 minute');
      const [deadline] = (await handle.query(getCaseQuery)).deadlines;
      const [level2, level1, level3] = deadline!.escalations;
      expect([level2!.level, level1!.level, level3!.level]).toEqual([2, 1, 3]);

      await d.env.sleep(Date.parse(deadline!.warnAt!) - (await d.env.currentTimeMs()) + 1000);
      expect(smsTemplates(world)).toEqual(['taskAssigned→divisionAdmin', 'deadlineWarning→divisionAdmin', 'deadlineWarning→coordinator1']);

      await d.env.sleep(Date.parse(level3!.at) - (await d.env.currentTimeMs()) + 1000);
      expect(smsTemplates(world).slice(3)).toEqual(['deadlineOverdue→coordinator2', 'deadlineOverdue→coordinator1', 'deadlineOverdue→coordinator3']);
      const view = await handle.query(getCaseQuery);
      expect(view.deadlines[0]).toMatchObject({ overdue: true, warned: true, escalatedLevels: [2, 1, 3] });

      // Viewing late still counts, and closes the deadline.
      const [task] = view.tasks;
      expect((await handle.executeUpdate(viewTaskUpdate, { args: [{ actor, taskId: task!.taskId }] })).deadlines).toEqual([]);
      await handle.executeUpdate(withdrawUpdate, { args: [{ actor: 'svc:approval-platform', reason: '测试结束' }] });
    });
  });
});

describe('refused actions', () => {
  it('refuses an action out of turn with the stage and reason, recording nothing', async () => {
    const world = newWorld();
    const input = linkedCase(world);
    await withWorker(world, async (taskQueue) => {
      const handle = await start(input, taskQueue);
      await d.env.sleep('1 minute');
      const before = await handle.query(getCaseQuery);
      const taskId = before.tasks[0]!.taskId;
      await expectRefused(handle.executeUpdate(submitMaterialsUpdate, { args: [{ actor, materials: ['x'] }] }), /监管中/);
      await expectRefused(handle.executeUpdate(recordInspectionUpdate, { args: [{ actor, taskId, inspectedAt: before.startedAt, result: 'compliant' }] }), /已通知待查看/);
      await expectRefused(handle.executeUpdate(decideUpdate, { args: [{ actor, kind: 'commitment', decision: 'revoke', reason: 'x' }] }), /没有待审批部门决定/);
      await handle.executeUpdate(viewTaskUpdate, { args: [{ actor, taskId }] });
      await expectRefused(handle.executeUpdate(viewTaskUpdate, { args: [{ actor, taskId }] }), /已查看待检查/);
      const after = await handle.query(getCaseQuery);
      expect(after.timeline.length).toBe(before.timeline.length + 1);
      await handle.executeUpdate(withdrawUpdate, { args: [{ actor: 'svc:approval-platform', reason: '测试结束' }] });
      // A finished workflow takes no updates at all; the API refuses with the same rule from its query.
      await expect(handle.executeUpdate(withdrawUpdate, { args: [{ actor: 'svc:approval-platform', reason: '再次' }] })).rejects.toThrow();
      expect(refusals.withdraw(await handle.query(getCaseQuery), { actor: 'x', reason: '再次' })).toMatch(/已办结/);
    });
  });
});

describe('rectify → revoke', () => {
  it('non-compliant → rectification → still non-compliant → proposal → revoked with a credit record', async () => {
    const world = newWorld();
    const input = linkedCase(world);
    await withWorker(world, async (taskQueue) => {
      const handle = await start(input, taskQueue);
      await d.env.sleep('1 minute');
      const taskId = (await handle.query(getCaseQuery)).tasks[0]!.taskId;
      const at = async () => new Date(await d.env.currentTimeMs()).toISOString();
      await handle.executeUpdate(viewTaskUpdate, { args: [{ actor, taskId }] });
      let view = await handle.executeUpdate(recordInspectionUpdate, { args: [{ actor, taskId, inspectedAt: await at(), result: 'noncompliant', findings: '冷库温度不达标' }] });
      expect(view.tasks[0]!.status).toBe('noncompliant');
      const dueDate = new Date((await d.env.currentTimeMs()) + 8 * 3_600_000 + 10 * DAY).toISOString().slice(0, 10);
      view = await handle.executeUpdate(orderRectificationUpdate, { args: [{ actor, taskId, dueDate, requirements: '十日内整改' }] });
      expect(view.deadlines.map((d) => d.kind)).toEqual(['rectification']);
      await d.env.sleep('2 days');
      await handle.executeUpdate(reportRectificationUpdate, { args: [{ actor, taskId, report: '已更换冷库设备' }] });
      view = await handle.executeUpdate(recordInspectionUpdate, { args: [{ actor, taskId, inspectedAt: await at(), result: 'noncompliant', findings: '仍不达标' }] });
      expect(view.tasks[0]!.status).toBe('revocation_due');
      expect(view.deadlines.map((d) => d.kind)).toEqual(['revocationProposal']);
      view = await handle.executeUpdate(proposeRevocationUpdate, { args: [{ actor, taskId, reason: '整改后仍不符合许可条件' }] });
      expect(view.pendingDecisions).toMatchObject([{ kind: 'revocation', taskId }]);
      await handle.executeUpdate(decideUpdate, { args: [{ actor: 'officer', kind: 'revocation', taskId, decision: 'revoke', reason: '撤销许可', documentNo: '连市监撤〔2026〕1号' }] });
      const result = await d.result(handle);
      expect(result).toMatchObject({ stage: 'closed', outcome: 'revoked', deadlines: [] });
      expect(result.tasks[0]).toMatchObject({ status: 'revoked', decision: { decision: 'revoke', documentNo: '连市监撤〔2026〕1号' } });
      // The last task revoked: the case closes once, revoked — never first `completed`.
      expect(result.timeline.filter((e) => e.action === 'case.closed')).toMatchObject([{ reason: 'revoked — 撤销许可' }]);
      expect(world.calls.filter((c) => c.name === 'notifyApprovalPlatform').map((c) => c.input)).toMatchObject([
        { event: 'licence_revoked' },
        { event: 'case_closed', data: { outcome: 'revoked' } },
      ]);
      const credit = world.calls.filter((c) => c.name === 'pushCreditRecord');
      expect(credit).toHaveLength(1);
      expect(credit[0]!.input).toMatchObject({ event: 'licence_revoked', creditCode: input.applicant.creditCode, decisionDocument: '连市监撤〔2026〕1号' });
      await recordHistoryIfAsked('rectify-revoked', handle);
    });
  });

  it('a missed rectification deadline makes revocation due; a declined proposal goes back to the division and the case completes', async () => {
    const world = newWorld();
    const input = linkedCase(world);
    await withWorker(world, async (taskQueue) => {
      const handle = await start(input, taskQueue);
      await d.env.sleep('1 minute');
      const taskId = (await handle.query(getCaseQuery)).tasks[0]!.taskId;
      await handle.executeUpdate(viewTaskUpdate, { args: [{ actor, taskId }] });
      await handle.executeUpdate(recordInspectionUpdate, { args: [{ actor, taskId, inspectedAt: new Date(await d.env.currentTimeMs()).toISOString(), result: 'noncompliant', findings: '证照不符' }] });
      const dueDate = new Date((await d.env.currentTimeMs()) + 8 * 3_600_000 + 3 * DAY).toISOString().slice(0, 10);
      await handle.executeUpdate(orderRectificationUpdate, { args: [{ actor, taskId, dueDate, requirements: '三日内整改' }] });
      await d.env.sleep('5 days');
      let view = await handle.query(getCaseQuery);
      expect(view.tasks[0]!.status).toBe('revocation_due');
      expect(view.timeline.map((e) => e.action)).toContain('deadline.overdue');
      await handle.executeUpdate(proposeRevocationUpdate, { args: [{ actor, taskId, reason: '逾期未整改' }] });
      view = await handle.executeUpdate(decideUpdate, { args: [{ actor: 'officer', kind: 'revocation', taskId, decision: 'decline', reason: '已自行停业，不予撤销' }] });
      const result = await d.result(handle);
      expect(result).toMatchObject({ stage: 'closed', outcome: 'completed' });
      expect(result.tasks[0]).toMatchObject({ status: 'declined', decision: { decision: 'decline', explanation: '已自行停业，不予撤销' } });
      expect(smsTemplates(world)).toContain('revocationDeclined→divisionAdmin');
      expect(world.calls.filter((c) => c.name === 'pushCreditRecord')).toEqual([]);
    });
  });
});
