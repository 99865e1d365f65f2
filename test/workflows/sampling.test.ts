// The monthly sampling schedule on the shared dev server (the time-skipping server has no
// schedules): it is created as specified, updated in place, and a triggered action draws the month.
import type { ScheduleHandle } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listSamplingDraws, saveSamplingSettings } from '../../db/sampling.js';
import { DEFAULT_WEIGHTS, SAMPLING_STARTER, shanghaiMonth, spotCheckCaseNo } from '../../domain/sampling.js';
import { ensureSamplingSchedule, SAMPLING_SCHEDULE_ID } from '../../scripts/lib/sampling-schedule.js';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { fixture } from '../helpers/catalogue-fixture.js';
import { inspectorPools, seedSamplingPopulation } from '../helpers/sampling-fixture.js';

let t: TestApp;
let handle: ScheduleHandle | undefined;
beforeAll(async () => {
  t = await createTestApp({ withWorker: true });
  await seedSamplingPopulation(t.database.db);
  await saveSamplingSettings(t.database.db, { deptCode: fixture.dept, enterprisesPerMonth: 2, inspectorsPerCheck: 2, weights: { ...DEFAULT_WEIGHTS }, updatedBy: 'test' });
});
afterAll(async () => {
  // The dev server outlives this file: leave no schedule pointing at a task queue nobody serves.
  await handle?.delete();
  await t?.close();
});

describe('ensureSamplingSchedule', () => {
  it('creates the schedule, and on a second call updates it to the given task queue', async () => {
    await ensureSamplingSchedule(t.client, 'some-old-queue');
    handle = await ensureSamplingSchedule(t.client, t.app.temporal.taskQueue);
    expect(handle.scheduleId).toBe(SAMPLING_SCHEDULE_ID);
    const described = await handle.describe();
    expect(described.spec.timezone).toBe('Asia/Shanghai');
    // The 1st of every month, 09:00:00.
    expect(described.spec.calendars).toEqual([
      expect.objectContaining({ dayOfMonth: [{ start: 1, end: 1, step: 1 }], hour: [{ start: 9, end: 9, step: 1 }], minute: [{ start: 0, end: 0, step: 1 }], second: [{ start: 0, end: 0, step: 1 }] }),
    ]);
    expect(described.policies.overlap).toBe('SKIP');
    expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: 'samplingWorkflow', taskQueue: t.app.temporal.taskQueue });
  });

  it('draws the month of the triggered run and starts its spot checks', async () => {
    await handle!.trigger();
    const draws = await until(async () => {
      const rows = (await t.database.db.query.samplingDraws.findMany()).filter((d) => d.deptCode === fixture.dept);
      return rows.length > 0 ? rows : undefined;
    });
    const { info } = await handle!.describe();
    const scheduledAt = info.recentActions.at(-1)!.scheduledAt;
    // The run draws the Asia/Shanghai month it was scheduled for (here: triggered for now).
    const month = shanghaiMonth(scheduledAt);
    // The draw instant (the spot checks' decidedAt) is the schedule's nominal time as the server
    // records it (TemporalScheduledStartTime, whole seconds), not the later start of the run.
    for (const draw of draws) {
      const lead = scheduledAt.getTime() - Date.parse(draw.drawnAt);
      expect(lead).toBeGreaterThanOrEqual(0);
      expect(lead).toBeLessThan(1000);
    }
    expect(await listSamplingDraws(t.database.db, month, { deptCode: fixture.dept })).toHaveLength(2);
    expect(draws.map((d) => d.caseNo).sort()).toEqual([spotCheckCaseNo(month, fixture.dept, 1), spotCheckCaseNo(month, fixture.dept, 2)]);
    for (const draw of draws) expect(inspectorPools[draw.divisionCode as keyof typeof inspectorPools]).toEqual(expect.arrayContaining(draw.inspectors));
    // Each draw became a running spot-check case.
    const started = await until(async () => {
      const description = await t.client.workflow.getHandle(`case:${draws[0]!.caseNo}`).describe().catch(() => undefined);
      return description?.status.name === 'RUNNING' ? description : undefined;
    });
    expect(started.type).toBe('caseWorkflow');
    // Their numbers are taken in the case numbers table like a pushed case's, by the sampling run.
    const numbers = await t.database.db.query.caseNumbers.findMany({ where: (n, { inArray }) => inArray(n.caseNo, draws.map((d) => d.caseNo)) });
    expect(numbers).toHaveLength(2);
    for (const number of numbers) expect(number).toMatchObject({ startedBy: SAMPLING_STARTER, workflowId: `case:${number.caseNo}`, workflowStarted: true });
  });
});

/** Polls until `probe` answers, for at most 30 s (the schedule and the worker run asynchronously). */
async function until<T>(probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting for the sampling run');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
