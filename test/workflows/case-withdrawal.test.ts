// The approval platform withdraws a case (撤回) at each stage: the case closes `withdrawn`, no
// deadline stays open, open tasks are cancelled and their divisions told, and the timeline says
// who, when and why. A closed case refuses a second withdrawal.
import type { WorkflowHandle } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { refusals } from '../../domain/case/actions.js';
import type { LinkageTarget } from '../../domain/case/task.js';
import type { caseWorkflow } from '../../workflows/case-workflow.js';
import {
  getCaseQuery,
  orderRectificationUpdate,
  recordInspectionUpdate,
  viewTaskUpdate,
  withdrawUpdate,
} from '../../workflows/messages.js';
import { caseInput } from '../helpers/case-input.js';
import { recordHistoryIfAsked } from '../helpers/histories.js';
import { divisionTarget, gate, linkedCase, newWorld, people, shanghaiDate, useCaseEnvironment, type World } from './case-harness.js';

const d = useCaseEnvironment();
const DAY = 86_400_000;
const secondDivision: LinkageTarget = { supervisingDeptCode: 'LYG-WJW', divisionCode: 'LYG-WJW-GGWS', subItemCode: 'HYGIENE-CHECK', revision: 2 };

/** Withdraws, then checks what every withdrawal leaves behind; answers the final view and the world's SMS after it. */
async function withdraw(handle: WorkflowHandle<typeof caseWorkflow>, world: World, reason = '申请人主动撤回申请') {
  const smsBefore = world.sms.length;
  const at = await d.nowMs();
  const answered = await handle.executeUpdate(withdrawUpdate, { args: [{ actor: people.platform, reason }] });
  expect(answered).toMatchObject({ stage: 'closed', outcome: 'withdrawn' });
  const result = await d.result(handle);
  expect(result).toMatchObject({ stage: 'closed', outcome: 'withdrawn', deadlines: [], pendingDecisions: [] });
  expect(result.tasks.every((t) => ['cancelled', 'done', 'revoked', 'declined'].includes(t.status))).toBe(true);
  // 全程留痕: who, when, why — exactly once.
  const entries = result.timeline.filter((e) => e.action === 'case.withdrawn');
  expect(entries).toMatchObject([{ actor: people.platform, reason: `withdrawn — ${reason}` }]);
  expect(Math.abs(Date.parse(entries[0]!.at) - at)).toBeLessThan(60_000);
  expect(result.timeline.at(-1)!.action).toBe('case.withdrawn');
  expect(world.calls.filter((c) => c.name === 'notifyApprovalPlatform').at(-1)!.input).toMatchObject({ event: 'case_closed', data: { outcome: 'withdrawn' } });
  expect(refusals.withdraw(result, { actor: people.platform, reason: '再次撤回' })).toMatch(/已办结（withdrawn），不能撤回/);
  return { result, sms: world.sms.slice(smsBefore) };
}

describe('withdrawal', () => {
  it('while waiting for a linkage: closes, and the case stops looking for one', async () => {
    const world = newWorld();
    const input = caseInput({ handlingItem: 'UNLINKED-ITEM' });
    await d.withWorker(world, async (taskQueue) => {
      const handle = await d.start(input, taskQueue);
      await d.env.sleep('1 minute');
      expect((await handle.query(getCaseQuery)).stage).toBe('awaiting_linkage');
      const { sms } = await withdraw(handle, world);
      expect(sms).toEqual([]);
      const lookups = world.linkageLookups;
      await d.env.sleep('13 hours');
      expect(world.linkageLookups).toBe(lookups);
    });
  });

  it('while waiting for deferred materials: the materials deadline closes, no reminder goes out', async () => {
    const world = newWorld();
    const dueDate = shanghaiDate(await d.nowMs(), 3);
    const input = linkedCase(world, { mode: 'deferral', commitment: '承诺补交', deferral: { materials: ['x'], dueDate } });
    await d.withWorker(world, async (taskQueue) => {
      const handle = await d.start(input, taskQueue);
      await d.env.sleep('1 minute');
      expect((await handle.query(getCaseQuery)).deadlines.map((dl) => dl.kind)).toEqual(['materials']);
      await withdraw(handle, world);
      await d.env.sleep(4 * DAY);
      expect(world.sms).toEqual([]);
      expect(world.calls.map((c) => c.name)).toEqual(['notifyApprovalPlatform']);
    });
  });

  it('while the licence check runs: the case stays withdrawn when the check fails afterwards', async () => {
    const world = newWorld();
    world.licenceCheck = { ok: false, missing: ['食品经营许可证'] };
    const held = gate();
    world.gates.verifyLicences = held;
    const input = linkedCase(world, { mode: 'verification', commitment: '承诺证照真实' });
    await d.withWorker(world, async (taskQueue) => {
      const handle = await d.start(input, taskQueue);
      await held.reached;
      expect((await handle.query(getCaseQuery)).stage).toBe('verifying');
      const answered = handle.executeUpdate(withdrawUpdate, { args: [{ actor: people.platform, reason: '核验期间撤回' }] });
      await expect(answered).resolves.toMatchObject({ stage: 'closed', outcome: 'withdrawn' });
      held.open();
      const result = await d.result(handle);
      expect(result).toMatchObject({ stage: 'closed', outcome: 'withdrawn', pendingDecisions: [] });
      // No decision was asked for a withdrawn case, and nothing was recorded after it closed.
      expect(world.sms).toEqual([]);
      expect(result.timeline.at(-1)).toMatchObject({ action: 'case.withdrawn', reason: 'withdrawn — 核验期间撤回' });
      expect(world.calls.map((c) => c.name)).toEqual(['verifyLicences', 'notifyApprovalPlatform']);
    });
  });

  it('while the archive is being pushed: no task is created and the case does not reopen', async () => {
    const world = newWorld();
    const held = gate();
    world.gates.pushArchive = held;
    const input = linkedCase(world);
    world.linkages.set(input.handlingItem, [divisionTarget, secondDivision]);
    await d.withWorker(world, async (taskQueue) => {
      const handle = await d.start(input, taskQueue);
      await held.reached;
      await handle.executeUpdate(withdrawUpdate, { args: [{ actor: people.platform, reason: '推送期间撤回' }] });
      held.open();
      const result = await d.result(handle);
      expect(result).toMatchObject({ stage: 'closed', outcome: 'withdrawn', tasks: [], deadlines: [] });
      // The archive did go out, and the timeline says so; nothing after it.
      expect(result.timeline.map((e) => e.action).slice(-2)).toEqual(['case.withdrawn', 'case.pushed']);
      expect(world.calls.map((c) => c.name)).toEqual(['pushArchive', 'notifyApprovalPlatform']);
      expect(world.sms).toEqual([]);
    });
  });

  it('while the approval department decides: the pending decision is dropped, no credit record', async () => {
    const world = newWorld();
    world.licenceCheck = { ok: false, missing: ['食品经营许可证'] };
    const input = linkedCase(world, { mode: 'verification', commitment: '承诺证照真实' });
    await d.withWorker(world, async (taskQueue) => {
      const handle = await d.start(input, taskQueue);
      await d.env.sleep('1 minute');
      expect((await handle.query(getCaseQuery)).pendingDecisions).toHaveLength(1);
      await withdraw(handle, world);
      expect(world.calls.map((c) => c.name)).toEqual(['verifyLicences', 'notifyApprovalPlatform']);
    });
  });

  it('while supervising: every open task is cancelled and each division told by SMS', async () => {
    const world = newWorld();
    const input = linkedCase(world);
    world.linkages.set(input.handlingItem, [divisionTarget, secondDivision]);
    await d.withWorker(world, async (taskQueue) => {
      const handle = await d.start(input, taskQueue);
      await d.env.sleep('1 minute');
      const view = await handle.query(getCaseQuery);
      expect(view.deadlines).toHaveLength(2);
      // One division has already viewed its task; both are still open.
      await handle.executeUpdate(viewTaskUpdate, { args: [{ actor: people.division, taskId: view.tasks[0]!.taskId }] });
      const { result, sms } = await withdraw(handle, world, '审批决定已撤回');
      expect(result.tasks.map((t) => t.status)).toEqual(['cancelled', 'cancelled']);
      expect(sms.map((s) => [s.template, s.to, s.params.taskId])).toEqual([
        ['taskWithdrawn', { kind: 'divisionAdmin', divisionCode: divisionTarget.divisionCode }, view.tasks[0]!.taskId],
        ['taskWithdrawn', { kind: 'divisionAdmin', divisionCode: secondDivision.divisionCode }, view.tasks[1]!.taskId],
      ]);
      await recordHistoryIfAsked('withdrawn-supervising', handle);
    });
  });

  it('during rectification: the rectification deadline closes and the division is told', async () => {
    const world = newWorld();
    const input = linkedCase(world);
    await d.withWorker(world, async (taskQueue) => {
      const handle = await d.start(input, taskQueue);
      await d.env.sleep('1 minute');
      const taskId = (await handle.query(getCaseQuery)).tasks[0]!.taskId;
      await handle.executeUpdate(viewTaskUpdate, { args: [{ actor: people.division, taskId }] });
      await handle.executeUpdate(recordInspectionUpdate, { args: [{ actor: people.division, taskId, inspectedAt: await d.nowIso(), result: 'noncompliant', findings: '标签不规范' }] });
      const view = await handle.executeUpdate(orderRectificationUpdate, { args: [{ actor: people.division, taskId, dueDate: shanghaiDate(await d.nowMs(), 5), requirements: '五日内整改' }] });
      expect(view.deadlines.map((dl) => dl.kind)).toEqual(['rectification']);
      const { result, sms } = await withdraw(handle, world);
      expect(result.tasks[0]).toMatchObject({ status: 'cancelled', rectification: { requirements: '五日内整改' } });
      expect(sms.map((s) => s.template)).toEqual(['taskWithdrawn']);
      // Nothing fires for the closed deadline afterwards.
      const smsCount = world.sms.length;
      await d.env.sleep(10 * DAY);
      expect(world.sms).toHaveLength(smsCount);
      await recordHistoryIfAsked('withdrawn-rectifying', handle);
    });
  });

  it('after the case closed: the workflow takes no update; the API refuses with the same rule', async () => {
    const world = newWorld();
    const input = linkedCase(world);
    await d.withWorker(world, async (taskQueue) => {
      const handle = await d.start(input, taskQueue);
      await d.env.sleep('1 minute');
      const taskId = (await handle.query(getCaseQuery)).tasks[0]!.taskId;
      await handle.executeUpdate(viewTaskUpdate, { args: [{ actor: people.division, taskId }] });
      await handle.executeUpdate(recordInspectionUpdate, { args: [{ actor: people.division, taskId, inspectedAt: await d.nowIso(), result: 'compliant' }] });
      const result = await d.result(handle);
      expect(result.outcome).toBe('completed');
      await expect(handle.executeUpdate(withdrawUpdate, { args: [{ actor: people.platform, reason: '太迟了' }] })).rejects.toThrow();
      expect(refusals.withdraw(await handle.query(getCaseQuery), { actor: people.platform, reason: '太迟了' })).toBe(`案件 ${input.caseNo} 已办结（completed），不能撤回`);
      expect(result.timeline.map((e) => e.action)).not.toContain('case.withdrawn');
    });
  });
});
