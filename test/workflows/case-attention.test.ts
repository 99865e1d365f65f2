// A step that fails in a way no retry can mend — data Postgres refuses, a date outside the
// working-day calendar — puts the case into needs_attention (需人工处理) with the reason, visible
// in its view, its search attributes and the read model, instead of retrying for ever; withdrawal
// ends it. Real activities on a real database: the database and the calendar do the refusing.
import { eq } from 'drizzle-orm';
import type { WorkflowHandle } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createActivities } from '../../activities/index.js';
import type { Database } from '../../db/client.js';
import { listCases } from '../../db/case-list.js';
import { coordinatorDashboard } from '../../db/dashboard.js';
import { cases, outbox } from '../../db/schema/index.js';
import type { CaseView } from '../../domain/case/state.js';
import type { caseWorkflow } from '../../workflows/case-workflow.js';
import { getCaseQuery, orderRectificationUpdate, recordInspectionUpdate, viewTaskUpdate, withdrawUpdate } from '../../workflows/messages.js';
import { caseInput } from '../helpers/case-input.js';
import { fixture, seedCatalogue } from '../helpers/catalogue-fixture.js';
import { createTestDatabase } from '../helpers/database.js';
import { recordHistoryIfAsked } from '../helpers/histories.js';
import { expectRefused, linkedCase, newWorld, people, searchAttributesOf, shanghaiDate, useCaseEnvironment } from './case-harness.js';

const d = useCaseEnvironment();

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedCatalogue(database.db);
});
afterAll(async () => database?.close());

/** Waits (in real time: the real activities run in real time) until the case needs attention. */
async function needsAttention(handle: WorkflowHandle<typeof caseWorkflow>): Promise<CaseView> {
  return vi.waitFor(
    async () => {
      const view = await handle.query(getCaseQuery);
      expect(view.stage).toBe('needs_attention');
      return view;
    },
    { timeout: 20_000, interval: 100 },
  );
}

/** No activity is retrying: every pending one is on its first attempt. */
async function expectNothingRetrying(handle: WorkflowHandle<typeof caseWorkflow>): Promise<void> {
  const { raw } = await handle.describe();
  expect((raw.pendingActivities ?? []).filter((a) => (a.attempt ?? 1) > 1).map((a) => a.activityType?.name)).toEqual([]);
}

/** The case's row in the read model, once it shows `stage`. */
function projectedRow(caseNo: string, stage: string) {
  return vi.waitFor(
    async () => {
      const [row] = await database.db.select().from(cases).where(eq(cases.caseNo, caseNo));
      expect(row?.stage).toBe(stage);
      return row!;
    },
    { timeout: 20_000, interval: 100 },
  );
}

describe('needs attention', () => {
  it('a decision dated before the calendar begins: the deadline cannot be computed; the case stops, visibly, and withdrawal ends it', async () => {
    const input = caseInput({ mode: 'postCheck', commitment: '承诺符合食品经营条件', decidedAt: '2024-12-30T10:00:00+08:00' });
    const activities = createActivities({ db: database.db });
    await d.withWorker(
      newWorld(),
      async (taskQueue) => {
        const handle = await d.start(input, taskQueue);
        const view = await needsAttention(handle);
        // The post-check's start deadline counts from the decision (D 一(三)2): the calendar has no 2024.
        expect(view.attention).toMatchObject({ cause: 'calendar', stageBefore: 'awaiting_linkage' });
        expect(['planDeadline', 'projectCaseView']).toContain(view.attention!.step);
        expect(view.attention!.reason).toMatch(/日期超出工作日历范围（2025–2100 年）.*撤回/);
        expect(view.timeline.filter((e) => e.action === 'case.needs_attention')).toMatchObject([{ actor: 'system', reason: view.attention!.reason }]);
        await expectNothingRetrying(handle);
        expect(await searchAttributesOf(handle)).toMatchObject({ CaseStage: 'needs_attention', CaseNo: input.caseNo });

        // Lists and the coordinator's dashboard show it with the reason, though its view cannot be written.
        const row = await projectedRow(input.caseNo, 'needs_attention');
        expect(row).toMatchObject({ attentionStep: view.attention!.step, attentionReason: view.attention!.reason });
        const listed = await listCases(database.db, { stage: 'needs_attention', dept: fixture.dept });
        expect(listed.items.map((c) => [c.caseNo, c.attentionReason])).toContainEqual([input.caseNo, view.attention!.reason]);
        const dashboard = await coordinatorDashboard(database.db, fixture.dept, new Date());
        expect(dashboard.counts.needsAttention).toBeGreaterThanOrEqual(1);
        expect(dashboard.needsAttention).toContainEqual(expect.objectContaining({ caseNo: input.caseNo, reason: view.attention!.reason }));

        // Nothing but withdrawal: the division's actions are refused with the reason.
        const taskId = view.tasks[0]?.taskId ?? `${input.caseNo}:1`;
        await expectRefused(handle.executeUpdate(viewTaskUpdate, { args: [{ actor: people.division, taskId }] }), /需人工处理|没有监管任务/);
        const closed = await handle.executeUpdate(withdrawUpdate, { args: [{ actor: people.platform, reason: '审批日期有误，撤回后重新推送' }] });
        expect(closed).toMatchObject({ stage: 'closed', outcome: 'withdrawn' });
        expect(closed.attention).toBeUndefined();
        const result = await d.result(handle);
        expect(result.timeline.at(-1)).toMatchObject({ actor: people.platform, action: 'case.withdrawn' });
        expect(await projectedRow(input.caseNo, 'closed')).toMatchObject({ attentionReason: null });
        await recordHistoryIfAsked('needs-attention-withdrawn', handle);
      },
      activities,
    );
  });

  it('a NUL byte in the applicant’s name: Postgres cannot store it; the case stops before anything is pushed', async () => {
    const input = caseInput({ applicant: { name: '示例\u0000食品店', creditCode: '91350100M000100Y43', phone: '13800000000' } });
    await d.withWorker(
      newWorld(),
      async (taskQueue) => {
        const handle = await d.start(input, taskQueue);
        const view = await needsAttention(handle);
        // The read model's projection (22021) or the archive's outbox record (22P05), whichever ran first.
        expect(view.attention).toMatchObject({ stageBefore: 'awaiting_linkage' });
        expect(['projectCaseView', 'pushArchive']).toContain(view.attention!.step);
        expect(view.attention!.cause).toMatch(/^database:22/);
        // The reason names the step and the SQLSTATE, never the data.
        expect(view.attention!.reason).toMatch(/SQLSTATE 22/);
        expect(view.attention!.reason).not.toContain('示例');
        await expectNothingRetrying(handle);
        // The row lists need is written from the codes; the name is not.
        expect(await projectedRow(input.caseNo, 'needs_attention')).toMatchObject({ applicantName: '', attentionStep: view.attention!.step });
        // Held: no archive, no task went out after the case came to need attention.
        await d.env.sleep('1 minute');
        const sent = await database.db.select({ key: outbox.key }).from(outbox).where(eq(outbox.caseNo, input.caseNo));
        expect(sent.filter((m) => m.key.endsWith(':archive') || m.key.endsWith(':task'))).toEqual([]);
        expect((await handle.query(getCaseQuery)).stage).toBe('needs_attention');

        await handle.executeUpdate(withdrawUpdate, { args: [{ actor: people.platform, reason: '申请人名称有误' }] });
        expect(await d.result(handle)).toMatchObject({ stage: 'closed', outcome: 'withdrawn' });
        expect(await projectedRow(input.caseNo, 'closed')).toMatchObject({ attentionReason: null });
      },
      createActivities({ db: database.db }),
    );
  });
});

describe('actions the calendar cannot count from are refused', () => {
  it('refuses a leap-second inspection and a rectification date past the calendar, recording nothing', async () => {
    const world = newWorld();
    const input = linkedCase(world);
    await d.withWorker(world, async (taskQueue) => {
      const handle = await d.start(input, taskQueue);
      await d.env.sleep('1 minute');
      const who = { actor: people.division, taskId: (await handle.query(getCaseQuery)).tasks[0]!.taskId };
      await handle.executeUpdate(viewTaskUpdate, { args: [who] });
      await expectRefused(handle.executeUpdate(recordInspectionUpdate, { args: [{ ...who, inspectedAt: '2016-12-31T23:59:60Z', result: 'compliant' }] }), /检查时间不是有效的时间/);
      await handle.executeUpdate(recordInspectionUpdate, { args: [{ ...who, inspectedAt: await d.nowIso(), result: 'noncompliant', findings: '未公示许可证' }] });
      const before = await handle.query(getCaseQuery);
      await expectRefused(handle.executeUpdate(orderRectificationUpdate, { args: [{ ...who, dueDate: '9999-12-31', requirements: '公示' }] }), /整改期限：日期 9999-12-31 必须在 2025-01-01 至 2099-12-31 之间/);
      await expectRefused(handle.executeUpdate(orderRectificationUpdate, { args: [{ ...who, dueDate: '2026-02-30', requirements: '公示' }] }), /整改期限：2026-02-30 不是有效的日期/);
      expect(await handle.query(getCaseQuery)).toEqual(before);
      await handle.executeUpdate(orderRectificationUpdate, { args: [{ ...who, dueDate: shanghaiDate(await d.nowMs(), 5), requirements: '公示' }] });
      await handle.executeUpdate(withdrawUpdate, { args: [{ actor: people.platform, reason: '测试结束' }] });
      await d.result(handle);
    });
  });
});
