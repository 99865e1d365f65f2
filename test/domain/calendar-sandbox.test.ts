// The calendar inside Temporal's workflow sandbox: it bundles (with and without date-holidays)
// and gives the same answers there as in plain Node.
import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createCalendar, statutoryArrangement } from '../../domain/calendar/index.js';
import { calendarSample } from './calendar-sample.js';

const bundle = (file: string): Promise<WorkflowBundleWithSourceMap> =>
  bundleWorkflowCode({ workflowsPath: fileURLToPath(new URL(file, import.meta.url)), logger: new DefaultLogger('WARN') });

// The library's module paths, not its name: comments in our own sources mention the name.
const includesDateHolidays = (b: WorkflowBundleWithSourceMap): boolean => b.code.includes('node_modules/date-holidays');

let env: TestWorkflowEnvironment;
let fullBundle: WorkflowBundleWithSourceMap;
let leanBundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  [env, fullBundle, leanBundle] = await Promise.all([
    TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: inject('testServerPath') } } }),
    bundle('./calendar-full-workflow.ts'),
    bundle('./calendar-lean-workflow.ts'),
  ]);
});

afterAll(async () => {
  await env?.teardown();
});

async function runIn(workflowBundle: WorkflowBundleWithSourceMap, workflowType: string, args: unknown[]): Promise<unknown> {
  const taskQueue = `calendar-sandbox-${workflowType}-${Date.now()}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle });
  return worker.runUntil(env.client.workflow.execute(workflowType, { taskQueue, workflowId: taskQueue, args }));
}

describe('calendar in the workflow sandbox', () => {
  const expected = JSON.parse(JSON.stringify(calendarSample(createCalendar())));

  it('the full calendar, date-holidays included, bundles and computes the same answers', async () => {
    expect(includesDateHolidays(fullBundle)).toBe(true);
    expect(await runIn(fullBundle, 'fullCalendarWorkflow', [])).toEqual(expected);
  });

  it('the core with precomputed fallback years leaves date-holidays out of the bundle', async () => {
    expect(includesDateHolidays(leanBundle)).toBe(false);
    expect(leanBundle.code.length).toBeLessThan(fullBundle.code.length / 2);
    const fallbackYears = [2027, 2028].map((year) => statutoryArrangement(year));
    expect(await runIn(leanBundle, 'leanCalendarWorkflow', [fallbackYears])).toEqual(expected);
  });
});
