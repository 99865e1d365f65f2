// The problem workflow (问题记录, D 二 3) on the time-skipping server with its real activities on a
// real database: a problem left unanswered for PROBLEM_ESCALATION_WORKING_DAYS working days climbs
// a level (with its event, audit row and SMS to the next level), one answered in time does not,
// the top level never climbs further, and resolving it ends the workflow. Time is skipped, never slept.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createProblemActivities } from '../../activities/problems.js';
import { createCalendarSource } from '../../db/calendar.js';
import { applyProblemStep, findProblem, insertProblem, listProblemEvents, lockProblem } from '../../db/problems.js';
import { auditLog, outbox, problems } from '../../db/schema/index.js';
import { createCalendar } from '../../domain/calendar/index.js';
import type { Database } from '../../db/client.js';
import { problemChangedSignal, problemWorkflowId } from '../../workflows/problem-messages.js';
import { problemWorkflow } from '../../workflows/problem-workflow.js';
import { bundleWorkflows } from '../helpers/bundle.js';
import { fixture, seedCatalogue } from '../helpers/catalogue-fixture.js';
import { createTestDatabase } from '../helpers/database.js';
import { testPayloadCodec } from '../helpers/payload-codec.js';

const WORKING_DAYS = 2;
const HOUR = 3_600_000;
let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
let database: Database;

beforeAll(async () => {
  [env, bundle, database] = await Promise.all([
    TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: inject('testServerPath') } }, client: { dataConverter: { payloadCodecs: [testPayloadCodec()] } } }),
    bundleWorkflows(),
    createTestDatabase(),
  ]);
  await seedCatalogue(database.db);
}, 120_000);
afterAll(async () => {
  await env?.teardown();
  await database?.close();
});

/** A problem a level-2 coordinator raised now (server time): held by level 1. */
async function raise(at: string) {
  const row = await insertProblem(
    database.db,
    { region: fixture.region, deptCode: fixture.dept, counterpartDept: null, subjectKind: 'general', subjectCode: null, caseNo: null, description: '跨部门问题', level: 1, raisedBy: 'coordinator-2', raisedLevel: 2, idempotencyKey: null },
    ['已与监管处室沟通'],
  );
  // The clock starts at the server's time, which the skipping moves on from the wall clock.
  await database.db.update(problems).set({ raisedAt: at, lastActivityAt: at }).where(eq(problems.id, row.id));
  return row.id;
}

/** When a problem answered at `at` climbs, by the same calendar rule. */
const escalatesAt = (at: string) => createCalendar([]).deadlineAfter(at, WORKING_DAYS).deadline.getTime();

async function withWorker<T>(body: (taskQueue: string) => Promise<T>): Promise<T> {
  const taskQueue = `problems-${Math.random().toString(36).slice(2, 8)}`;
  const activities = createProblemActivities(database.db, createCalendarSource(database.db), WORKING_DAYS);
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: bundle, activities, dataConverter: { payloadCodecs: [testPayloadCodec()] } });
  return worker.runUntil(body(taskQueue));
}

describe('problemWorkflow', () => {
  it('climbs a level after the working days pass unanswered, tells the next level, and never climbs past level 3', async () => {
    await withWorker(async (taskQueue) => {
      const now = new Date(await env.currentTimeMs()).toISOString();
      const id = await raise(now);
      const handle = await env.client.workflow.start(problemWorkflow, { workflowId: problemWorkflowId(id), taskQueue, args: [{ problemId: id }] });
      // Not yet: an hour before the limit.
      await env.sleep(escalatesAt(now) - Date.parse(now) - HOUR);
      expect((await findProblem(database.db, id))!.level).toBe(1);
      await env.sleep(2 * HOUR);
      const climbed = await findProblem(database.db, id);
      expect(climbed).toMatchObject({ level: 3, status: 'open', lastActivityAt: new Date(escalatesAt(now)).toISOString() });
      const events = await listProblemEvents(database.db, id);
      expect(events.at(-1)).toMatchObject({ actor: 'system', action: 'auto-escalated', fromLevel: 1, toLevel: 3, at: new Date(escalatesAt(now)).toISOString() });
      expect(await database.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, String(id)))).toEqual([{ action: 'problem.auto-escalated' }]);
      const sms = await database.db.select({ recipient: outbox.recipient, caseNo: outbox.caseNo, purpose: outbox.purpose }).from(outbox).where(eq(outbox.caseNo, `PR-${id}`));
      expect(sms).toEqual([{ recipient: 'coordinator-3', caseNo: `PR-${id}`, purpose: 'problemEscalated' }]);
      // At the top: weeks more, nothing climbs and nothing more is sent.
      await env.sleep(30 * 24 * HOUR);
      expect((await findProblem(database.db, id))!.level).toBe(3);
      expect(await database.db.$count(outbox, eq(outbox.caseNo, `PR-${id}`))).toBe(1);
      // Resolved: the workflow ends.
      await step(id, 'resolved');
      await handle.signal(problemChangedSignal);
      expect(await handle.result()).toEqual({ problemId: id, status: 'resolved', escalations: 1 });
    });
  });

  it('does not climb when answered in time: the answer starts the count again', async () => {
    await withWorker(async (taskQueue) => {
      const now = new Date(await env.currentTimeMs()).toISOString();
      const id = await raise(now);
      const handle = await env.client.workflow.start(problemWorkflow, { workflowId: problemWorkflowId(id), taskQueue, args: [{ problemId: id }] });
      // Answered an hour before the limit.
      await env.sleep(escalatesAt(now) - Date.parse(now) - HOUR);
      const answeredAt = new Date(await env.currentTimeMs()).toISOString();
      await step(id, 'in_progress', answeredAt);
      await handle.signal(problemChangedSignal);
      // Past the first limit: still level 1, nothing sent.
      await env.sleep(2 * HOUR);
      expect((await findProblem(database.db, id))!).toMatchObject({ level: 1, status: 'in_progress' });
      expect(await database.db.$count(outbox, eq(outbox.caseNo, `PR-${id}`))).toBe(0);
      // The count from the answer runs out in its turn.
      await env.sleep(escalatesAt(answeredAt) - (await env.currentTimeMs()) + HOUR);
      expect((await findProblem(database.db, id))!.level).toBe(3);
      await step(id, 'referred');
      await handle.signal(problemChangedSignal);
      expect(await handle.result()).toEqual({ problemId: id, status: 'referred', escalations: 1 });
    });
  });
});

/** A step as the API takes it: a comment, or closing the problem. */
async function step(id: number, status: 'in_progress' | 'resolved' | 'referred', at?: string) {
  await database.db.transaction(async (tx) => {
    const before = (await lockProblem(tx, id))!;
    const action = status === 'in_progress' ? 'commented' : status;
    await applyProblemStep(tx, before, { actor: 'coordinator-1', action, text: '已协调', status, answers: true, at });
  });
}
