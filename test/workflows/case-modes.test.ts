// 材料核验 and 事后核查 (L8, D 一(三)2): a licence check that passes goes on to push, one that
// fails goes to the approval department (revoke | keep); a post-check must start within 1 working
// day of the push and finish within 10.
import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../domain/calendar/index.js';
import { decideUpdate, getCaseQuery, recordInspectionUpdate, viewTaskUpdate, withdrawUpdate } from '../../workflows/messages.js';
import { recordHistoryIfAsked } from '../helpers/histories.js';
import { expectRefused, linkedCase, newWorld, people, smsTemplates, useCaseEnvironment, type World } from './case-harness.js';

const d = useCaseEnvironment();
const calendar = createCalendar();

const verificationCase = (world: World) => linkedCase(world, { mode: 'verification', commitment: '承诺所持证照真实有效', materials: ['营业执照', '食品经营许可证'] });
/** A post-check case decided now: its clock runs from the approval decision (D 一(三)2). */
const postCheckCase = async (world: World) =>
  linkedCase(world, { mode: 'postCheck', commitment: '承诺符合食品经营条件', decidedAt: new Date(await d.env.currentTimeMs()).toISOString() });

describe('verification', () => {
  it('a licence check that passes goes straight on to push and supervision', async () => {
    const world = newWorld();
    const input = verificationCase(world);
    await d.withWorker(world, async (taskQueue) => {
      const handle = await d.start(input, taskQueue);
      await d.env.sleep('1 minute');
      const view = await handle.query(getCaseQuery);
      expect(view.stage).toBe('supervising');
      expect(world.calls.map((c) => c.name)).toEqual(['verifyLicences', 'pushArchive', 'createSupervisionTask']);
      expect(world.calls[0]!.input).toMatchObject({ creditCode: input.applicant.creditCode, licences: input.materials });
      expect(view.timeline.map((e) => e.action)).toContain('licences.verified');
      const taskId = view.tasks[0]!.taskId;
      await handle.executeUpdate(viewTaskUpdate, { args: [{ actor: people.division, taskId }] });
      await handle.executeUpdate(recordInspectionUpdate, { args: [{ actor: people.division, taskId, inspectedAt: await d.nowIso(), result: 'compliant' }] });
      expect(await d.result(handle)).toMatchObject({ outcome: 'completed' });
      await recordHistoryIfAsked('verification-passed', handle);
    });
  });

  it('a failed check → decision → revoke: one verification_revoked credit record, case revoked', async () => {
    const world = newWorld();
    world.licenceCheck = { ok: false, missing: ['食品经营许可证'] };
    const input = verificationCase(world);
    await d.withWorker(world, async (taskQueue) => {
      const handle = await d.start(input, taskQueue);
      await d.env.sleep('1 minute');
      const view = await handle.query(getCaseQuery);
      expect(view.stage).toBe('awaiting_decision');
      expect(view.pendingDecisions).toMatchObject([{ kind: 'commitment', reason: '电子证照核验未通过：食品经营许可证' }]);
      expect(view.timeline.filter((e) => e.action === 'licences.failed')).toMatchObject([{ reason: '食品经营许可证' }]);
      expect(smsTemplates(world)).toEqual(['decisionRequested→approvalOfficers']);
      await handle.executeUpdate(decideUpdate, { args: [{ actor: people.officer, kind: 'commitment', decision: 'revoke', reason: '承诺不实，撤销审批' }] });
      const result = await d.result(handle);
      expect(result).toMatchObject({ stage: 'closed', outcome: 'revoked', tasks: [], deadlines: [] });
      const credit = world.calls.filter((c) => c.name === 'pushCreditRecord');
      expect(credit).toHaveLength(1);
      expect(credit[0]!.input).toMatchObject({ event: 'verification_revoked', creditCode: input.applicant.creditCode });
      expect(world.calls.map((c) => c.name)).not.toContain('pushArchive');
      await recordHistoryIfAsked('verification-failed-revoked', handle);
    });
  });

  it('a failed check → keep: pushed and supervised; no credit record', async () => {
    const world = newWorld();
    world.licenceCheck = { ok: false, missing: ['食品经营许可证'] };
    const input = verificationCase(world);
    await d.withWorker(world, async (taskQueue) => {
      const handle = await d.start(input, taskQueue);
      await d.env.sleep('1 minute');
      await handle.executeUpdate(decideUpdate, { args: [{ actor: people.officer, kind: 'commitment', decision: 'keep', reason: '证照已线下核实' }] });
      await expectRefused(handle.executeUpdate(decideUpdate, { args: [{ actor: people.officer, kind: 'commitment', decision: 'keep', reason: '再次' }] }), /没有待审批部门决定/);
      await d.env.sleep('1 minute');
      const view = await handle.query(getCaseQuery);
      expect(view.stage).toBe('supervising');
      expect(view.timeline.filter((e) => e.action === 'decision.made')).toMatchObject([{ actor: people.officer, reason: 'keep — 证照已线下核实' }]);
      const taskId = view.tasks[0]!.taskId;
      await handle.executeUpdate(viewTaskUpdate, { args: [{ actor: people.division, taskId }] });
      await handle.executeUpdate(recordInspectionUpdate, { args: [{ actor: people.division, taskId, inspectedAt: await d.nowIso(), result: 'compliant' }] });
      expect(await d.result(handle)).toMatchObject({ outcome: 'completed' });
      expect(world.calls.filter((c) => c.name === 'pushCreditRecord')).toEqual([]);
      await recordHistoryIfAsked('verification-failed-kept', handle);
    });
  });
});

describe('postCheck', () => {
  it('opens start (1 working day) and finish (10) deadlines; viewing closes the start, the inspection the finish', async () => {
    const world = newWorld();
    const input = await postCheckCase(world);
    await d.withWorker(world, async (taskQueue) => {
      const handle = await d.start(input, taskQueue);
      await d.env.sleep('1 minute');
      let view = await handle.query(getCaseQuery);
      const taskId = view.tasks[0]!.taskId;
      expect(view.deadlines.map((dl) => [dl.id, dl.kind])).toEqual([
        [`postCheckStart:${taskId}`, 'postCheckStart'],
        [`postCheckFinish:${taskId}`, 'postCheckFinish'],
      ]);
      const [start, finish] = view.deadlines;
      // Counted on the calendar from the approval decision; its own day does not count.
      expect(calendar.workingDaysBetween(input.decidedAt, start!.dueAt).days).toBe(1);
      expect(calendar.workingDaysBetween(input.decidedAt, finish!.dueAt).days).toBe(10);
      expect(calendar.dayInfo(new Date(Date.parse(finish!.dueAt) - 1 + 8 * 3_600_000).toISOString().slice(0, 10)).working).toBe(true);
      expect(world.sms[0]).toMatchObject({ template: 'taskAssigned', params: { deadline: expect.stringMatching(/^\d{4}-\d\d-\d\d 24:00$/) } });

      view = await handle.executeUpdate(viewTaskUpdate, { args: [{ actor: people.division, taskId }] });
      expect(view.deadlines.map((dl) => dl.kind)).toEqual(['postCheckFinish']);
      await d.env.sleep('2 days');
      view = await handle.executeUpdate(recordInspectionUpdate, { args: [{ actor: people.division, taskId, inspectedAt: await d.nowIso(), result: 'compliant' }] });
      expect(view.deadlines).toEqual([]);
      const result = await d.result(handle);
      expect(result).toMatchObject({ outcome: 'completed' });
      expect(result.timeline.map((e) => e.action)).not.toContain('deadline.overdue');
      expect(smsTemplates(world).filter((t) => t.startsWith('deadlineOverdue'))).toEqual([]);
      await recordHistoryIfAsked('postcheck-completed', handle);
    });
  });

  it('a late start escalates to the supervising department; a late finish too, until the inspection closes it', async () => {
    const world = newWorld();
    const input = await postCheckCase(world);
    await d.withWorker(world, async (taskQueue) => {
      const handle = await d.start(input, taskQueue);
      await d.env.sleep('1 minute');
      let view = await handle.query(getCaseQuery);
      const taskId = view.tasks[0]!.taskId;
      const [start, finish] = view.deadlines;

      await d.sleepUntil(start!.dueAt);
      view = await handle.query(getCaseQuery);
      expect(view.deadlines[0]).toMatchObject({ kind: 'postCheckStart', overdue: true, escalatedLevels: [2] });
      expect(view.deadlines[1]).toMatchObject({ kind: 'postCheckFinish', overdue: false });
      const overdue = world.sms.filter((s) => s.template === 'deadlineOverdue');
      expect(overdue).toMatchObject([{ to: { kind: 'coordinator', deptCode: 'LYG-SCJGJ', level: 2 }, params: { kind: 'postCheckStart', taskId } }]);

      // Started late: the start deadline closes, the finish deadline stays.
      view = await handle.executeUpdate(viewTaskUpdate, { args: [{ actor: people.division, taskId }] });
      expect(view.deadlines.map((dl) => dl.kind)).toEqual(['postCheckFinish']);
      await d.sleepUntil(finish!.dueAt);
      view = await handle.query(getCaseQuery);
      expect(view.timeline.filter((e) => e.action === 'deadline.overdue').map((e) => e.reason)).toEqual([`postCheckStart:${taskId}`, `postCheckFinish:${taskId}`]);
      expect(view.deadlines[0]).toMatchObject({ kind: 'postCheckFinish', overdue: true, escalatedLevels: [2] });
      view = await handle.executeUpdate(recordInspectionUpdate, { args: [{ actor: people.division, taskId, inspectedAt: await d.nowIso(), result: 'noncompliant', findings: '承诺内容不实' }] });
      expect(view.deadlines).toEqual([]);
      expect(view.tasks[0]!.status).toBe('noncompliant');
      await handle.executeUpdate(withdrawUpdate, { args: [{ actor: people.platform, reason: '测试结束' }] });
      await d.result(handle);
    });
  });

  it('decided 40 working days ago: its deadlines open overdue and escalated, never warned, and the task is still assigned', async () => {
    const world = newWorld();
    const now = await d.env.currentTimeMs();
    // A decision long past (entered late by the approval platform): 40 working days back on the calendar.
    let decidedAt = now;
    while (calendar.workingDaysBetween(new Date(decidedAt).toISOString(), new Date(now).toISOString()).days < 40) decidedAt -= 86_400_000;
    const input = linkedCase(world, { mode: 'postCheck', commitment: '承诺符合食品经营条件', decidedAt: new Date(decidedAt).toISOString() });
    await d.withWorker(world, async (taskQueue) => {
      const handle = await d.start(input, taskQueue);
      await d.env.sleep('1 minute');
      const view = await handle.query(getCaseQuery);
      expect(view.deadlines.map((dl) => dl.kind)).toEqual(['postCheckStart', 'postCheckFinish']);
      for (const deadline of view.deadlines) {
        expect(deadline.warnAt).toBeUndefined();
        expect(deadline).toMatchObject({ overdue: true, warned: false, escalatedLevels: [2, 1, 3] });
      }
      expect(view.timeline.map((e) => e.action)).not.toContain('deadline.warned');
      expect(smsTemplates(world).filter((t) => t.startsWith('deadlineWarning'))).toEqual([]);
      expect(smsTemplates(world)).toContain('taskAssigned→divisionAdmin');
      await handle.executeUpdate(withdrawUpdate, { args: [{ actor: people.platform, reason: '测试结束' }] });
      await d.result(handle);
    });
  });
});
