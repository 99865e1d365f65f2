// The read model follows a case: after every change the workflow's snapshot is written into
// Postgres (the real writer, db/read-model.ts, on a real database); a stale snapshot writes nothing.
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.js';
import { writeProjection } from '../../db/read-model.js';
import { caseDeadlines, cases, caseTasks, caseTimeline } from '../../db/schema/index.js';
import { createCalendar } from '../../domain/calendar/index.js';
import { planDeadline } from '../../domain/case/deadlines.js';
import { recordInspectionUpdate, viewTaskUpdate } from '../../workflows/messages.js';
import { createTestDatabase } from '../helpers/database.js';
import { divisionTarget, linkedCase, newWorld, people, useCaseEnvironment } from './case-harness.js';

const d = useCaseEnvironment();
const calendar = createCalendar();
const dueOf = (spec: Parameters<typeof planDeadline>[1]) => planDeadline(calendar, spec).dueAt;

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

/** Waits until the case's row shows what `ready` looks for: the projection is asynchronous. */
async function projected<T>(read: () => Promise<T>, ready: (value: T) => boolean): Promise<T> {
  const until = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (ready(value)) return value;
    if (Date.now() > until) throw new Error(`not projected in time: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('read-model projection', () => {
  it('follows a post-check through push, overdue escalation, view and close; a stale snapshot writes nothing', async () => {
    const world = newWorld();
    world.project = (snapshot) => writeProjection(database.db, snapshot, dueOf);
    const decidedAt = await d.nowIso();
    const input = linkedCase(world, { mode: 'postCheck', commitment: '承诺符合食品经营条件', decidedAt });
    const { db } = database;
    const caseRow = () => db.select().from(cases).where(eq(cases.caseNo, input.caseNo)).then((rows) => rows[0]);
    const taskRow = () => db.select().from(caseTasks).where(eq(caseTasks.caseNo, input.caseNo)).then((rows) => rows[0]);
    const deadlineRows = () => db.select().from(caseDeadlines).where(eq(caseDeadlines.caseNo, input.caseNo)).orderBy(asc(caseDeadlines.deadlineId));

    await d.withWorker(world, async (taskQueue) => {
      const handle = await d.start(input, taskQueue);
      await d.env.sleep('1 minute');
      const pushed = await projected(caseRow, (row) => row?.stage === 'supervising');
      // D 一(三)2: start within 1 working day of the decision, finish within 10 — the task row
      // carries both due instants, computed from the decision on the same calendar.
      const startDue = dueOf({ start: decidedAt, workingDays: 1 });
      const finishDue = dueOf({ start: decidedAt, workingDays: 10 });
      expect(pushed).toMatchObject({ mode: 'postCheck', creditCode: input.applicant.creditCode, applicantName: input.applicant.name, overdue: false, nextDueAt: startDue, closedAt: null });
      expect(pushed!.pushedAt).not.toBeNull();
      const task = await projected(taskRow, (row) => row !== undefined);
      expect(task).toMatchObject({ taskId: `${input.caseNo}:1`, status: 'notified', supervisingDept: divisionTarget.supervisingDeptCode, divisionCode: divisionTarget.divisionCode, startDueAt: startDue, finishDueAt: finishDue, nextDueKind: 'postCheckStart', escalationLevel: 0, results: 0 });
      expect((await deadlineRows()).map((r) => [r.deadlineId, r.dueAt, r.closedAt])).toEqual([
        [`postCheckFinish:${input.caseNo}:1`, finishDue, null],
        [`postCheckStart:${input.caseNo}:1`, startDue, null],
      ]);

      // Past the start deadline: overdue at once, escalated to the level-2 coordinator.
      await d.sleepUntil(startDue, 60_000);
      const late = await projected(taskRow, (row) => row?.escalationLevel === 2);
      expect(late).toMatchObject({ overdue: true, nextDueKind: 'postCheckStart' });
      expect(await caseRow()).toMatchObject({ overdue: true });

      // Viewed (= started): the start deadline closes but keeps what it reached; the finish deadline stays open.
      const taskId = late!.taskId;
      await handle.executeUpdate(viewTaskUpdate, { args: [{ actor: people.division, taskId }] });
      const viewed = await projected(taskRow, (row) => row?.viewedAt !== null);
      expect(viewed).toMatchObject({ status: 'viewed', overdue: false, escalationLevel: 0, nextDueKind: 'postCheckFinish', nextDueAt: finishDue });
      const [finish, start] = await deadlineRows();
      expect(start).toMatchObject({ overdue: true, escalationLevel: 2, escalatedLevels: [2] });
      expect(start!.closedAt).not.toBeNull();
      expect(finish!.closedAt).toBeNull();

      await handle.executeUpdate(recordInspectionUpdate, { args: [{ actor: people.division, taskId, inspectedAt: await d.nowIso(), result: 'compliant' }] });
      const result = await d.result(handle);
      const closed = await caseRow();
      expect(closed).toMatchObject({ stage: 'closed', outcome: 'completed', overdue: false, nextDueAt: null });
      expect(closed!.closedAt).not.toBeNull();
      expect(await taskRow()).toMatchObject({ status: 'done', results: 1, lateResults: 0 });
      expect((await deadlineRows()).every((r) => r.closedAt !== null)).toBe(true);
      const timeline = await db.select().from(caseTimeline).where(eq(caseTimeline.caseNo, input.caseNo)).orderBy(asc(caseTimeline.seq));
      expect(timeline.map((e) => [e.actor, e.action])).toEqual(result.timeline.map((e) => [e.actor, e.action]));

      // Each snapshot is newer than the one before; replaying any of them (a retried activity) writes nothing.
      const revisions = world.snapshots.map((s) => s.revision);
      expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
      expect(new Set(revisions).size).toBe(revisions.length);
      expect(await writeProjection(db, world.snapshots[0]!, dueOf)).toBe(false);
      expect(await writeProjection(db, world.snapshots.at(-1)!, dueOf)).toBe(false);
      expect(await caseRow()).toMatchObject({ stage: 'closed', revision: revisions.at(-1) });
      expect(await db.$count(caseTimeline, eq(caseTimeline.caseNo, input.caseNo))).toBe(result.timeline.length);
    });
  });
});
