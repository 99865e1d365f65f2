// The backfill writes the read model of cases that do not project themselves (started before the
// `read-model` patch) from their workflow's view, and leaves self-projecting cases alone. A legacy
// case is stood in for by a current one whose read model is put back to what the old release
// wrote: the case row at revision 0, no tasks, deadlines or timeline.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { caseDeadlines, cases, caseTasks, caseTimeline } from '../../db/schema/index.js';
import { backfillLegacyCases } from '../../scripts/lib/read-model-backfill.js';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { caseInput } from '../helpers/case-input.js';
import { fixture } from '../helpers/catalogue-fixture.js';
import { bearer, people } from '../helpers/tokens.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ withWorker: true });
});
afterAll(async () => t?.close());

describe('read-model backfill', () => {
  it('writes legacy cases from their view, skips self-projecting ones, and yields to the workflow once it projects', async () => {
    const { db } = t.database;
    const platform = await bearer(people.approvalPlatform);
    const [legacy, current] = [caseInput(), caseInput()];
    for (const input of [legacy, current]) {
      expect((await t.app.inject({ method: 'POST', url: '/api/cases', headers: platform, payload: input })).statusCode).toBe(201);
    }
    const taskOf = (caseNo: string) => db.select().from(caseTasks).where(eq(caseTasks.caseNo, caseNo)).then((rows) => rows[0]);
    // Pushed and projected: the cases are idle now, waiting for their divisions.
    const stageOf = (caseNo: string) => db.select({ stage: cases.stage }).from(cases).where(eq(cases.caseNo, caseNo)).then((rows) => rows[0]?.stage);
    await vi.waitFor(async () => {
      expect(await stageOf(legacy.caseNo)).toBe('supervising');
      expect(await stageOf(current.caseNo)).toBe('supervising');
    }, { timeout: 15_000 });

    // What the old release left: a stage-only row.
    await db.update(cases).set({ revision: 0 }).where(eq(cases.caseNo, legacy.caseNo));
    for (const table of [caseTasks, caseDeadlines, caseTimeline]) await db.delete(table).where(eq(table.caseNo, legacy.caseNo));

    const result = await backfillLegacyCases(t.client, db, t.app.temporal.taskQueue);
    expect(result).toEqual({ written: [legacy.caseNo], current: 1, failed: [] });
    expect(await taskOf(legacy.caseNo)).toMatchObject({ taskId: `${legacy.caseNo}:1`, status: 'notified', divisionCode: fixture.division, revision: 0 });
    expect(await db.$count(caseDeadlines, and(eq(caseDeadlines.caseNo, legacy.caseNo), eq(caseDeadlines.kind, 'view')))).toBe(1);
    expect(await db.$count(caseTimeline, eq(caseTimeline.caseNo, legacy.caseNo))).toBeGreaterThan(0);
    expect((await db.select().from(cases).where(eq(cases.caseNo, legacy.caseNo)))[0]).toMatchObject({ stage: 'supervising', revision: 0 });

    // The case's own next projection (any revision > 0) replaces the backfilled rows.
    const division = await bearer({ sub: fixture.divisionAdmin, roles: ['division_admin'], region: fixture.region, dept: fixture.dept, division: fixture.division });
    const viewed = await t.app.inject({ method: 'POST', url: `/api/tasks/${encodeURIComponent(`${legacy.caseNo}:1`)}/view`, headers: division });
    expect(viewed.statusCode).toBe(200);
    await vi.waitFor(async () => expect(await taskOf(legacy.caseNo)).toMatchObject({ status: 'viewed', revision: expect.any(Number) }), { timeout: 15_000 });
    expect((await taskOf(legacy.caseNo))!.revision).toBeGreaterThan(0);
    expect(await backfillLegacyCases(t.client, db, t.app.temporal.taskQueue)).toEqual({ written: [], current: 2, failed: [] });
  });
});
