// The case workflow on the time-skipping test server: time is skipped, never slept.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Database } from '../../db/client.js';
import { findCase } from '../../db/cases.js';
import { registerSearchAttributes } from '../../scripts/lib/register-search-attributes.js';
import { createCaseWorker } from '../../scripts/lib/worker.js';
import { bundleWorkflows } from '../helpers/bundle.js';
import { caseWorkflowId } from '../../workflows/case-id.js';
import { caseWorkflow } from '../../workflows/case-workflow.js';
import { getCaseQuery } from '../../workflows/messages.js';
import { caseInput } from '../helpers/case-input.js';
import { createTestDatabase } from '../helpers/database.js';
import { recordHistoryIfAsked } from '../helpers/histories.js';

const DAY = 24 * 60 * 60 * 1000;
let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
let database: Database;

beforeAll(async () => {
  [env, bundle, database] = await Promise.all([
    TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: inject('testServerPath') } } }),
    bundleWorkflows(),
    createTestDatabase(),
  ]);
  await registerSearchAttributes(env.connection, 'default');
});

afterAll(async () => {
  await env?.teardown();
  await database?.close();
});

describe('caseWorkflow', () => {
  it('records its start, projects the case and is still waiting 3 days later', async () => {
    const taskQueue = `case-workflow-${Date.now()}`;
    const worker = await createCaseWorker({ connection: env.nativeConnection, namespace: 'default', taskQueue, db: database.db, workflowBundle: bundle });
    const input = caseInput({ mode: 'deferral', commitment: '30日内补交', deferral: { materials: ['卫生许可证'], dueDate: '2026-12-20' } });

    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(caseWorkflow, {
        workflowId: caseWorkflowId(input.caseNo),
        taskQueue,
        args: [{ case: input, startedBy: 'approval-platform' }],
      });
      const startedAtMs = await env.currentTimeMs();
      const before = await handle.query(getCaseQuery);

      await env.sleep('3 days');

      expect((await env.currentTimeMs()) - startedAtMs).toBeGreaterThanOrEqual(3 * DAY);
      expect((await handle.describe()).status.name).toBe('RUNNING');
      const after = await handle.query(getCaseQuery);
      expect(after).toEqual(before);
      expect(after).toMatchObject({ caseNo: input.caseNo, stage: 'started', input });
      expect(after.timeline).toEqual([
        { at: after.startedAt, actor: 'approval-platform', action: 'case.started', reason: `deferral · ${input.handlingItem}` },
      ]);
      expect(Date.parse(after.startedAt)).toBeLessThanOrEqual(startedAtMs);
      await recordHistoryIfAsked('started-and-waiting', handle);
    });

    expect(await findCase(database.db, input.caseNo)).toMatchObject({
      caseNo: input.caseNo,
      region: '320700',
      approvalDept: input.approvalDept,
      creditCode: input.applicant.creditCode,
      mode: 'deferral',
      stage: 'started',
    });
  });
});
