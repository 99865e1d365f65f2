// A case runs on the linkage policy pinned at its start (time skipped on the test server): the same
// post-check gets Dongli's windows (start 1, finish 10 working days, Dongli 一(三)2) under one
// policy and Lianyungang's view limit (3 working days, L9) under the other; a region that sets no
// limit for the revocation proposal does not time it; its own SMS wording goes out; a policy
// changed after the start does not touch the case.
import { describe, expect, it } from 'vitest';
import { planDeadline } from '../../domain/case/deadlines.js';
import { createCalendar } from '../../domain/calendar/index.js';
import { effectivePolicy, NATIONAL_DEFAULT } from '../../domain/policy/linkage-policy.js';
import { policyPresets } from '../../domain/policy/presets.js';
import { getCaseQuery, orderRectificationUpdate, recordInspectionUpdate, reportRectificationUpdate, viewTaskUpdate } from '../../workflows/messages.js';
import { linkedCase, newWorld, useCaseEnvironment } from './case-harness.js';

const d = useCaseEnvironment();
const lianyungang = effectivePolicy([policyPresets.lianyungang.settings]);
const dongli = effectivePolicy([policyPresets.dongli.settings]);

describe('a case on its pinned policy', () => {
  it.each([
    ['Dongli', dongli, ['postCheckFinish', 'postCheckStart'], [1, 10]],
    ['Lianyungang', lianyungang, ['view'], [3]],
  ] as const)('opens the post-check deadlines of %s', async (_name, policy, kinds, workingDays) => {
    const world = newWorld();
    world.policy = policy;
    const decidedAt = await d.nowIso();
    const input = linkedCase(world, { mode: 'postCheck', commitment: '承诺符合食品经营条件', decidedAt });
    await d.withWorker(world, async (taskQueue) => {
      const handle = await d.start(input, taskQueue);
      await d.env.sleep('1 minute');
      const view = await handle.query(getCaseQuery);
      expect(view.policy?.rules).toEqual(policy);
      expect(view.timeline.map((e) => e.action)).toContain('policy.pinned');
      expect(view.deadlines.map((x) => x.kind).sort()).toEqual([...kinds].sort());
      const calendar = createCalendar([]);
      const starts = view.deadlines.map((x) => ('start' in x.spec ? x.spec : undefined));
      expect(starts.map((s) => s?.workingDays).sort((a, b) => a! - b!)).toEqual(workingDays);
      for (const deadline of view.deadlines) expect(deadline.dueAt).toBe(planDeadline(calendar, deadline.spec, policy).dueAt);
      await handle.terminate('test over');
    });
  });

  it('does not time a revocation proposal where the region sets no limit, and sends the region’s own wording', async () => {
    const world = newWorld();
    world.policy = { ...lianyungang, smsTemplates: { taskAssigned: '【审管联动】新任务：办件{caseNo}（{item}），{deadline}前查看。' } };
    const input = linkedCase(world, { mode: 'standard', decidedAt: await d.nowIso() });
    await d.withWorker(world, async (taskQueue) => {
      const handle = await d.start(input, taskQueue);
      await d.env.sleep('1 minute');
      expect(world.sms.find((s) => s.template === 'taskAssigned')?.text).toBe(world.policy.smsTemplates.taskAssigned);
      const taskId = `${input.caseNo}:1`;
      await handle.executeUpdate(viewTaskUpdate, { args: [{ actor: 'div', taskId }] });
      // Policies change after the start: the case keeps the one it pinned.
      world.policy = NATIONAL_DEFAULT;
      const inspect = async () => handle.executeUpdate(recordInspectionUpdate, { args: [{ actor: 'div', taskId, inspectedAt: await d.nowIso(), result: 'noncompliant', findings: '不符合' }] });
      await inspect();
      const dueDate = new Date(Date.parse(await d.nowIso()) + 8 * 3_600_000 + 7 * 86_400_000).toISOString().slice(0, 10);
      await handle.executeUpdate(orderRectificationUpdate, { args: [{ actor: 'div', taskId, dueDate, requirements: '整改' }] });
      await handle.executeUpdate(reportRectificationUpdate, { args: [{ actor: 'div', taskId, report: '已整改' }] });
      const view = await inspect();
      expect(view.tasks[0]!.status).toBe('revocation_due');
      expect(view.policy?.rules.workingDays.revocationProposal).toBeNull();
      expect(view.deadlines.map((x) => x.kind)).not.toContain('revocationProposal');
      expect(view.timeline.map((e) => e.action)).toContain('revocation.due');
      await handle.terminate('test over');
    });
  });
});
