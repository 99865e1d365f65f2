// Linkage (L4, L9): a case whose handling item has no linkage waits (catalogue admins told once)
// and goes on when told or on its own 6-hourly look; a case linked to several divisions gets one
// task each and completes only when all are finished, while a revocation on one cancels the rest.
import { describe, expect, it } from 'vitest';
import type { LinkageTarget } from '../../domain/case/task.js';
import {
  decideUpdate,
  getCaseQuery,
  linkageChangedSignal,
  orderRectificationUpdate,
  proposeRevocationUpdate,
  recordInspectionUpdate,
  reportRectificationUpdate,
  viewTaskUpdate,
  withdrawUpdate,
} from '../../workflows/messages.js';
import { caseInput } from '../helpers/case-input.js';
import { recordHistoryIfAsked } from '../helpers/histories.js';
import { divisionTarget, expectRefused, gate, linkedCase, newWorld, people, shanghaiDate, smsTemplates, useCaseEnvironment } from './case-harness.js';

const d = useCaseEnvironment();
const hygiene: LinkageTarget = { supervisingDeptCode: 'LYG-WJW', divisionCode: 'LYG-WJW-GGWS', subItemCode: 'HYGIENE-CHECK', revision: 2 };

describe('unlinked → linked', () => {
  it('waits in awaiting_linkage, tells the catalogue admins once, goes on when the catalogue signals', async () => {
    const world = newWorld();
    const input = caseInput({ handlingItem: 'NEW-ITEM-WITHOUT-LINKAGE' });
    await d.withWorker(world, async (taskQueue) => {
      const handle = await d.start(input, taskQueue);
      await d.env.sleep('7 hours');
      let view = await handle.query(getCaseQuery);
      expect(view.stage).toBe('awaiting_linkage');
      expect(world.linkageLookups).toBe(2);
      expect(world.sms).toMatchObject([{ template: 'linkageMissing', to: { kind: 'catalogueAdmins', region: input.region } }]);
      expect(view.timeline.filter((e) => e.action === 'linkage.missing')).toMatchObject([{ actor: 'system', reason: input.handlingItem }]);

      world.linkages.set(input.handlingItem, [divisionTarget]);
      await handle.signal(linkageChangedSignal);
      await d.env.sleep('1 minute');
      view = await handle.query(getCaseQuery);
      expect(view.stage).toBe('supervising');
      expect(view.linkage).toEqual([divisionTarget]);
      expect(smsTemplates(world)).toEqual(['linkageMissing→catalogueAdmins', 'taskAssigned→divisionAdmin']);

      const taskId = view.tasks[0]!.taskId;
      await handle.executeUpdate(viewTaskUpdate, { args: [{ actor: people.division, taskId }] });
      await handle.executeUpdate(recordInspectionUpdate, { args: [{ actor: people.division, taskId, inspectedAt: await d.nowIso(), result: 'compliant' }] });
      const result = await d.result(handle);
      expect(result.timeline.map((e) => e.action).slice(0, 6)).toEqual(['case.started', 'policy.pinned', 'linkage.missing', 'linkage.resolved', 'case.pushed', 'task.notified']);
      await recordHistoryIfAsked('unlinked-then-linked', handle);
    });
  });

  it('looks again every 6 hours without a signal', async () => {
    const world = newWorld();
    const input = caseInput({ handlingItem: 'ITEM-LINKED-QUIETLY' });
    await d.withWorker(world, async (taskQueue) => {
      const handle = await d.start(input, taskQueue);
      await d.env.sleep('1 minute');
      world.linkages.set(input.handlingItem, [divisionTarget]);
      await d.env.sleep('5 hours');
      expect((await handle.query(getCaseQuery)).stage).toBe('awaiting_linkage');
      expect(world.linkageLookups).toBe(1);
      await d.env.sleep('1 hour');
      expect((await handle.query(getCaseQuery)).stage).toBe('supervising');
      expect(world.linkageLookups).toBe(2);
      expect(smsTemplates(world)).toEqual(['linkageMissing→catalogueAdmins', 'taskAssigned→divisionAdmin']);
      await handle.executeUpdate(withdrawUpdate, { args: [{ actor: people.platform, reason: '测试结束' }] });
      await d.result(handle);
    });
  });

  it('does not lose a signal that arrives while it is looking', async () => {
    const world = newWorld();
    const input = caseInput({ handlingItem: 'ITEM-LINKED-MEANWHILE' });
    const held = gate();
    world.gates.resolveCaseLinkage = held;
    await d.withWorker(world, async (taskQueue) => {
      const handle = await d.start(input, taskQueue);
      // The first lookup has read "no linkage" and is still answering when the catalogue changes.
      await held.reached;
      world.linkages.set(input.handlingItem, [divisionTarget]);
      await handle.signal(linkageChangedSignal);
      held.open();
      await d.env.sleep('1 minute');
      expect((await handle.query(getCaseQuery)).stage).toBe('supervising');
      expect(world.linkageLookups).toBe(2);
      await handle.executeUpdate(withdrawUpdate, { args: [{ actor: people.platform, reason: '测试结束' }] });
      await d.result(handle);
    });
  });
});

describe('several linked divisions', () => {
  it('one task each; the case completes only when both are finished', async () => {
    const world = newWorld();
    const input = linkedCase(world);
    world.linkages.set(input.handlingItem, [divisionTarget, hygiene]);
    await d.withWorker(world, async (taskQueue) => {
      const handle = await d.start(input, taskQueue);
      await d.env.sleep('1 minute');
      let view = await handle.query(getCaseQuery);
      expect(view.tasks.map((t) => [t.taskId, t.divisionCode, t.status])).toEqual([
        [`${input.caseNo}:1`, divisionTarget.divisionCode, 'notified'],
        [`${input.caseNo}:2`, hygiene.divisionCode, 'notified'],
      ]);
      expect(view.deadlines.map((dl) => dl.id)).toEqual([`view:${input.caseNo}:1`, `view:${input.caseNo}:2`]);
      expect(world.sms.map((s) => s.to)).toEqual([
        { kind: 'divisionAdmin', divisionCode: divisionTarget.divisionCode },
        { kind: 'divisionAdmin', divisionCode: hygiene.divisionCode },
      ]);
      expect(world.calls.filter((c) => c.name === 'createSupervisionTask').map((c) => c.input)).toMatchObject([{ target: divisionTarget }, { target: hygiene }]);

      const [first, second] = view.tasks.map((t) => t.taskId);
      await handle.executeUpdate(viewTaskUpdate, { args: [{ actor: people.division, taskId: first! }] });
      view = await handle.executeUpdate(recordInspectionUpdate, { args: [{ actor: people.division, taskId: first!, inspectedAt: await d.nowIso(), result: 'compliant' }] });
      await d.env.sleep('1 minute');
      view = await handle.query(getCaseQuery);
      expect(view.stage).toBe('supervising');
      expect(view.tasks.map((t) => t.status)).toEqual(['done', 'notified']);
      // A finished task takes no more inspections.
      await expectRefused(handle.executeUpdate(recordInspectionUpdate, { args: [{ actor: people.division, taskId: first!, inspectedAt: await d.nowIso(), result: 'compliant' }] }), /已完成.*不能录入检查结果/);

      await handle.executeUpdate(viewTaskUpdate, { args: [{ actor: 'division-admin-2', taskId: second! }] });
      await handle.executeUpdate(recordInspectionUpdate, { args: [{ actor: 'division-admin-2', taskId: second!, inspectedAt: await d.nowIso(), result: 'compliant' }] });
      const result = await d.result(handle);
      expect(result).toMatchObject({ outcome: 'completed', deadlines: [] });
      expect(result.tasks.map((t) => t.status)).toEqual(['done', 'done']);
      expect(result.timeline.filter((e) => e.action === 'case.closed')).toHaveLength(1);
      await recordHistoryIfAsked('two-divisions-completed', handle);
    });
  });

  it('a revocation through one division cancels the other task and tells its division', async () => {
    const world = newWorld();
    const input = linkedCase(world);
    world.linkages.set(input.handlingItem, [divisionTarget, hygiene]);
    await d.withWorker(world, async (taskQueue) => {
      const handle = await d.start(input, taskQueue);
      await d.env.sleep('1 minute');
      const [first, second] = (await handle.query(getCaseQuery)).tasks.map((t) => t.taskId);
      const args = { actor: people.division, taskId: first! };
      await handle.executeUpdate(viewTaskUpdate, { args: [args] });
      await handle.executeUpdate(viewTaskUpdate, { args: [{ actor: 'division-admin-2', taskId: second! }] });
      await handle.executeUpdate(recordInspectionUpdate, { args: [{ ...args, inspectedAt: await d.nowIso(), result: 'noncompliant', findings: '超范围经营' }] });
      await handle.executeUpdate(orderRectificationUpdate, { args: [{ ...args, dueDate: shanghaiDate(await d.nowMs(), 3), requirements: '停止超范围经营' }] });
      await d.env.sleep('1 day');
      await handle.executeUpdate(reportRectificationUpdate, { args: [{ ...args, report: '已整改' }] });
      await handle.executeUpdate(recordInspectionUpdate, { args: [{ ...args, inspectedAt: await d.nowIso(), result: 'noncompliant', findings: '仍超范围经营' }] });
      await handle.executeUpdate(proposeRevocationUpdate, { args: [{ ...args, reason: '拒不整改' }] });
      const smsBefore = world.sms.length;
      await handle.executeUpdate(decideUpdate, { args: [{ actor: people.officer, kind: 'revocation', taskId: first!, decision: 'revoke', reason: '撤销许可', documentNo: '连市监撤〔2026〕9号' }] });
      const result = await d.result(handle);
      expect(result).toMatchObject({ stage: 'closed', outcome: 'revoked', deadlines: [], pendingDecisions: [] });
      expect(result.tasks.map((t) => t.status)).toEqual(['revoked', 'cancelled']);
      expect(world.sms.slice(smsBefore).map((s) => [s.template, s.to, s.params.taskId])).toEqual([
        ['taskWithdrawn', { kind: 'divisionAdmin', divisionCode: hygiene.divisionCode }, second],
      ]);
      expect(world.calls.filter((c) => c.name === 'pushCreditRecord')).toHaveLength(1);
      expect(result.timeline.filter((e) => e.action === 'case.closed')).toHaveLength(1);
      await recordHistoryIfAsked('two-divisions-revoked', handle);
    });
  });
});
