// A case that waits for months continues as new before its history grows large, and goes on as
// if it had not: the same timeline and revisions, the linkage picked up, deadlines that warn and
// escalate once each, an update in flight at that moment applied once. The history limit is
// lowered through the workflow input so that the runs turn over within the test.
import { describe, expect, it } from 'vitest';
import type { SmsRequest } from '../../activities/contracts.js';
import { startedCase } from '../../api/routes/cases/started-case.js';
import type { CaseSnapshot } from '../../domain/case/state.js';
import { taskId as taskIdOf, type LinkageTarget } from '../../domain/case/task.js';
import type { CaseWorkflowInput } from '../../workflows/messages.js';
import { decideUpdate, getCaseQuery, linkageChangedSignal, recordInspectionUpdate, viewTaskUpdate, withdrawUpdate } from '../../workflows/messages.js';
import { caseInput } from '../helpers/case-input.js';
import { testPayloadCodec } from '../helpers/payload-codec.js';
import { recordHistoryIfAsked } from '../helpers/histories.js';
import { divisionTarget, fakeActivities, gate, linkedCase, newWorld, people, searchAttributesOf, shanghaiDate, useCaseEnvironment, type World } from './case-harness.js';

const d = useCaseEnvironment();
const MINUTE = 60_000;

type Runs = Awaited<ReturnType<typeof d.runs>>;
const lastEvent = (run: Runs[number]) => run.history.events!.at(-1)!;
const continued = (run: Runs[number]) => lastEvent(run).workflowExecutionContinuedAsNewEventAttributes != null;

/** Where a run resumed the procedure, from the carried state in its input; undefined for the first run. */
async function resumedAt(run: Runs[number]): Promise<string | undefined> {
  // The history holds the input sealed, as production stores it.
  const [payload] = await testPayloadCodec().decode(run.history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads!);
  return (JSON.parse(new TextDecoder().decode(payload!.data!)) as CaseWorkflowInput).carried?.at;
}

/**
 * Every run but the latest continued as new, and none grew much past the limit: a run continues
 * at its first quiet wait past it (after one lookup, one deadline event). `from`: the first run
 * held to it (a linked case waits first in supervision, after its push).
 */
function expectBounded(runs: Runs, limit: number, from = 0): void {
  expect(runs.slice(0, -1).every(continued)).toBe(true);
  expect(continued(runs.at(-1)!)).toBe(false);
  for (const run of runs.slice(from)) expect(run.history.events!.length).toBeLessThan(limit + 25);
}

/** The snapshots' revisions only grow: a run that continues the case never projects an old one again. */
function expectRevisionsGrow(snapshots: CaseSnapshot[]): void {
  const revisions = snapshots.map((s) => s.revision);
  expect(revisions).toEqual([...new Set(revisions)].sort((a, b) => a - b));
}

/** The world's fakes, counting every SMS the workflow asks for (the fake keeps one per key). */
function countingSms(world: World): { activities: ReturnType<typeof fakeActivities>; asked: SmsRequest[] } {
  const fakes = fakeActivities(world);
  const asked: SmsRequest[] = [];
  return {
    asked,
    activities: {
      ...fakes,
      sendSms: (request) => {
        asked.push(request);
        return fakes.sendSms(request);
      },
    },
  };
}

describe('continue as new', () => {
  it('a case waiting months for its linkage continues as new, keeps its timeline and revision, and goes on to supervision when linked', async () => {
    const world = newWorld();
    const input = caseInput({ handlingItem: 'ITEM-LINKED-MONTHS-LATER' });
    const limit = 150;
    await d.withWorker(world, async (taskQueue) => {
      const handle = await d.start(input, taskQueue, { historyLimit: limit });
      await d.env.sleep('1 minute');
      const first = await handle.query(getCaseQuery);
      const revisionBefore = world.snapshots.at(-1)!.revision;

      await d.env.sleep('120 days');
      const waiting = await handle.query(getCaseQuery);
      expect(waiting).toEqual({ ...first, stage: 'awaiting_linkage' });
      // The catalogue admins were told once, in the first run; every run went on looking.
      expect(waiting.timeline.map((e) => e.action)).toEqual(['case.started', 'policy.pinned', 'linkage.missing']);
      expect(world.sms.map((s) => s.template)).toEqual(['linkageMissing']);
      expect(world.linkageLookups).toBeGreaterThanOrEqual(120 * 4);
      // Nothing changed, so nothing was projected again.
      expect(world.snapshots.at(-1)!.revision).toBe(revisionBefore);
      expect((await handle.describe()).runId).not.toBe(handle.firstExecutionRunId);
      expect(await searchAttributesOf(handle)).toMatchObject({ CaseStage: 'awaiting_linkage', CaseNo: input.caseNo });
      // The API learns a case's start from its latest run: the input as it was, the first run's time.
      expect(await startedCase(d.env.client, handle.workflowId)).toEqual({ input, startedBy: people.platform, startedAt: first.startedAt });
      const waited = await d.runs(handle);
      expect(waited.length).toBeGreaterThan(10);
      expectBounded(waited, limit);

      world.linkages.set(input.handlingItem, [divisionTarget]);
      await handle.signal(linkageChangedSignal);
      await d.env.sleep('1 minute');
      const pushed = await handle.query(getCaseQuery);
      expect(pushed.stage).toBe('supervising');
      expect(pushed.linkage).toEqual([divisionTarget]);
      const taskId = pushed.tasks[0]!.taskId;
      await handle.executeUpdate(viewTaskUpdate, { args: [{ actor: people.division, taskId }] });
      await handle.executeUpdate(recordInspectionUpdate, { args: [{ actor: people.division, taskId, inspectedAt: await d.nowIso(), result: 'compliant' }] });
      const result = await d.result(handle);
      expect(result).toMatchObject({ stage: 'closed', outcome: 'completed', startedAt: first.startedAt });
      expect(result.timeline.map((e) => e.action)).toEqual([
        'case.started',
        'policy.pinned',
        'linkage.missing',
        'linkage.resolved',
        'case.pushed',
        'task.notified',
        'task.viewed',
        'inspection.recorded',
        'case.closed',
      ]);
      expect(world.sms.map((s) => s.template)).toEqual(['linkageMissing', 'taskAssigned']);
      expectRevisionsGrow(world.snapshots);
      expect(world.snapshots.at(-1)!.view).toEqual(result);
      const runs = await d.runs(handle);
      await recordHistoryIfAsked('continued-waiting-for-linkage', d.env.client.workflow.getHandle(handle.workflowId, runs[0]!.runId));
      await recordHistoryIfAsked('continued-then-linked', d.env.client.workflow.getHandle(handle.workflowId, runs.at(-1)!.runId));
    });
  });

  it('a case in supervision continues as new between deadline events: each warning and escalation goes out once, on time', async () => {
    const world = newWorld();
    const construction: LinkageTarget = { supervisingDeptCode: 'LYG-ZJJ', divisionCode: 'LYG-ZJJ-JZSC', subItemCode: 'BUILD-CHECK', revision: 3 };
    const input = linkedCase(world, { handlingItem: 'BUILD-PERMIT-NEW', approvalDept: 'LYG-XZSPJ' });
    world.linkages.set(input.handlingItem, [construction]);
    const { activities, asked } = countingSms(world);
    const limit = 20;
    await d.withWorker(
      world,
      async (taskQueue) => {
        const handle = await d.start(input, taskQueue, { historyLimit: limit });
        await d.env.sleep('1 minute');
        const [deadline] = (await handle.query(getCaseQuery)).deadlines;
        await d.sleepUntil(deadline!.escalations[2]!.at, MINUTE);

        const view = await handle.query(getCaseQuery);
        const runs = await d.runs(handle);
        // It continued as new right after the push, and again after (nearly) every deadline event.
        expect(runs.length).toBeGreaterThanOrEqual(5);
        expectBounded(runs, limit, 1);
        expect(asked.map((s) => s.key)).toEqual(
          [`${taskIdOf(input.caseNo, 1)}:assigned`, ...['warn', 'warn:coordinator', 'escalate:2', 'escalate:1', 'escalate:3'].map((what) => `${deadline!.id}:${what}`)].map(
            (key) => `${input.caseNo}:${key}`,
          ),
        );
        expect(view.deadlines).toMatchObject([{ id: deadline!.id, warned: true, overdue: true, escalatedLevels: [2, 1, 3] }]);
        const sent = (action: string) => view.timeline.filter((e) => e.action === action);
        expect(sent('deadline.warned')).toHaveLength(1);
        expect(sent('deadline.overdue')).toHaveLength(1);
        const escalated = sent('deadline.escalated');
        expect(escalated.map((e) => e.reason)).toEqual([2, 1, 3].map((l) => `${deadline!.id} → ${l} 级协调员`));
        // Workflow time: each at its planned instant, never early, none late for a run that turned over.
        escalated.forEach((e, i) => {
          const late = Date.parse(e.at) - Date.parse(deadline!.escalations[i]!.at);
          expect(late).toBeGreaterThanOrEqual(0);
          expect(late).toBeLessThan(MINUTE);
        });
        expect(view.timeline.filter((e) => e.action === 'case.started')).toHaveLength(1);
        expectRevisionsGrow(world.snapshots);

        const viewed = await handle.executeUpdate(viewTaskUpdate, { args: [{ actor: people.division, taskId: view.tasks[0]!.taskId }] });
        expect(viewed.deadlines).toEqual([]);
        await handle.executeUpdate(withdrawUpdate, { args: [{ actor: people.platform, reason: '测试结束' }] });
        expect(await d.result(handle)).toMatchObject({ stage: 'closed', outcome: 'withdrawn' });
        await recordHistoryIfAsked('continued-supervising', d.env.client.workflow.getHandle(handle.workflowId, runs[1]!.runId));
      },
      activities,
    );
  });

  it('a deferral continues as new waiting for its materials and for the decision, reminds once, and goes on when kept', async () => {
    const world = newWorld();
    const dueDate = shanghaiDate(await d.nowMs(), 90);
    const input = linkedCase(world, { mode: 'deferral', commitment: '承诺在期限内补交食品安全管理制度', deferral: { materials: ['食品安全管理制度'], dueDate } });
    await d.withWorker(world, async (taskQueue) => {
      const handle = await d.start(input, taskQueue, { historyLimit: 20 });
      await d.sleepUntil(`${dueDate}T00:00:00+08:00`, 30 * 86_400_000);
      const waiting = await handle.query(getCaseQuery);
      expect(waiting).toMatchObject({ stage: 'awaiting_decision', pendingDecisions: [{ kind: 'commitment', reason: '延期材料逾期未补交' }] });
      expect(world.sms.map((s) => s.template)).toEqual(['materialsReminder', 'decisionRequested']);

      await handle.executeUpdate(decideUpdate, { args: [{ actor: people.officer, kind: 'commitment', decision: 'keep', reason: '已说明理由，准予维持' }] });
      await d.env.sleep('1 minute');
      const view = await handle.query(getCaseQuery);
      expect(view.stage).toBe('supervising');
      expect(view.timeline.map((e) => e.action)).toEqual([
        'case.started',
        'policy.pinned',
        'linkage.resolved',
        'deadline.warned',
        'deadline.overdue',
        'decision.requested',
        'decision.made',
        'case.pushed',
        'task.notified',
      ]);
      const runs = await d.runs(handle);
      // A run that pushes the case or opens the materials deadline does more than the limit at once.
      expect(new Set(await Promise.all(runs.map(resumedAt)))).toEqual(new Set([undefined, 'materials', 'decision', 'supervision']));
      expect(runs.slice(0, -1).every(continued)).toBe(true);
      expectRevisionsGrow(world.snapshots);
      await handle.executeUpdate(withdrawUpdate, { args: [{ actor: people.platform, reason: '测试结束' }] });
      await d.result(handle);
    });
  });

  it('an update at work when the case is due to continue as new is answered by that run and applied once', async () => {
    const world = newWorld();
    const input = linkedCase(world);
    const limit = 20;
    await d.withWorker(world, async (taskQueue) => {
      const handle = await d.start(input, taskQueue, { historyLimit: limit });
      await d.env.sleep('1 minute');
      const taskId = (await handle.query(getCaseQuery)).tasks[0]!.taskId;
      await handle.executeUpdate(viewTaskUpdate, { args: [{ actor: people.division, taskId }] });

      // The inspection's deadline is computed while the history passes the limit.
      const held = gate();
      world.gates.planDeadline = held;
      const inspection = { actor: people.division, taskId, inspectedAt: await d.nowIso(), result: 'noncompliant' as const, findings: '冷藏温度不达标' };
      const answer = handle.executeUpdate(recordInspectionUpdate, { args: [inspection] });
      await held.reached;
      const runAtWork = (await handle.describe()).runId!;
      for (let i = 0; i < 6; i++) await handle.signal(linkageChangedSignal);
      held.open();
      const answered = await answer;
      expect(answered.tasks[0]!.inspections).toHaveLength(1);

      // Continued as new once the update was answered: its run accepted and completed it, then ended.
      await d.env.sleep('1 minute');
      const runs = await d.runs(handle);
      const atWork = runs.find((r) => r.runId === runAtWork)!;
      expect(continued(atWork)).toBe(true);
      const accepted = runs.flatMap((r) => r.history.events!).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === 'recordInspection');
      expect(accepted).toHaveLength(1);
      const updateId = accepted[0]!.workflowExecutionUpdateAcceptedEventAttributes!.acceptedRequest!.meta!.updateId;
      const events = atWork.history.events!;
      const acceptedAt = events.findIndex((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId === updateId);
      const completedAt = events.findIndex((e) => e.workflowExecutionUpdateCompletedEventAttributes?.meta?.updateId === updateId);
      expect(acceptedAt).toBeGreaterThan(0);
      expect(completedAt).toBeGreaterThan(acceptedAt);
      expect((await handle.describe()).runId).not.toBe(runAtWork);

      const view = await handle.query(getCaseQuery);
      expect(view.tasks[0]).toMatchObject({ status: 'noncompliant', inspections: [{ result: 'noncompliant', findings: inspection.findings }] });
      expect(view.timeline.filter((e) => e.action === 'inspection.recorded')).toHaveLength(1);
      expectRevisionsGrow(world.snapshots);
      await handle.executeUpdate(withdrawUpdate, { args: [{ actor: people.platform, reason: '测试结束' }] });
      await d.result(handle);
    });
  });
});

