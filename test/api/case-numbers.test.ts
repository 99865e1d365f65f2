// The case numbers table as the authority of POST /api/cases, through the real app with NO worker
// on its task queue (the worker-down situation): starts and repeats must not need one.
import { WorkflowNotFoundError } from '@temporalio/common';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { caseInputDigest } from '../../db/case-numbers.js';
import { caseNumbers } from '../../db/schema/index.js';
import type { CaseInput } from '../../domain/case.js';
import { caseWorkflowId } from '../../workflows/case-id.js';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { seedCatalogue } from '../helpers/catalogue-fixture.js';
import { caseInput } from '../helpers/case-input.js';
import { bearer, people } from '../helpers/tokens.js';

let t: TestApp;
let platform: { authorization: string };

beforeAll(async () => {
  t = await createTestApp();
  await seedCatalogue(t.database.db);
  platform = await bearer(people.approvalPlatform);
});

afterAll(async () => t?.close());

const post = (body: unknown) => t.app.inject({ method: 'POST', url: '/api/cases', payload: body as object, headers: platform });
const handle = (caseNo: string) => t.client.workflow.getHandle(caseWorkflowId(caseNo));
const row = async (caseNo: string) => (await t.database.db.select().from(caseNumbers).where(eq(caseNumbers.caseNo, caseNo)))[0];

/** Asserts that no workflow exists for the case number. */
async function expectNoWorkflow(caseNo: string) {
  await expect(handle(caseNo).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
}

/** A number recorded as started whose workflow Temporal no longer has, as after retention. */
async function recordedWithoutWorkflow(input: CaseInput) {
  await t.database.db.insert(caseNumbers).values({
    caseNo: input.caseNo,
    inputDigest: caseInputDigest(input),
    startedBy: 'svc:approval-platform',
    startedAt: '2025-01-06T02:00:00.000Z',
    workflowId: caseWorkflowId(input.caseNo),
    workflowStarted: true,
  });
}

describe('POST /api/cases with the worker down', () => {
  it('starts with 201, records the number by digest only, and answers an identical repeat 200 and another body 409 in milliseconds', async () => {
    const input = caseInput();
    const first = await post(input);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ caseNo: input.caseNo, created: true });
    const { runId } = await handle(input.caseNo).describe();

    const recorded = await row(input.caseNo);
    expect(recorded).toMatchObject({ inputDigest: caseInputDigest(input), workflowId: caseWorkflowId(input.caseNo), workflowStarted: true });
    expect(recorded!.inputDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(recorded)).not.toContain(input.applicant.phone);
    expect(JSON.stringify(recorded)).not.toContain(input.applicant.name);

    // Keys in another order are the same case. A query would wait for the absent worker.
    const started = Date.now();
    const again = await post(Object.fromEntries(Object.entries(input).reverse()));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ caseNo: input.caseNo, created: false });
    expect(Date.now() - started).toBeLessThan(1000);
    expect((await handle(input.caseNo).describe()).runId).toBe(runId);

    // Another body under the taken number, just as quickly, and the first one stays.
    const other = await post({ ...input, opinion: '不予许可' });
    expect(other.statusCode).toBe(409);
    expect(other.json().message).toContain(input.caseNo);
    expect((await row(input.caseNo))!.inputDigest).toBe(caseInputDigest(input));
  });

  it('answers two concurrent identical starts with one 201 and one 200, and starts one workflow', async () => {
    const input = caseInput();
    const answers = await Promise.all([post(input), post(input)]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 201]);
    expect(answers.map((a) => a.json().created).sort()).toEqual([false, true]);
    await handle(input.caseNo).describe();
    expect(await row(input.caseNo)).toMatchObject({ workflowStarted: true, inputDigest: caseInputDigest(input) });
  });

  it('keeps a number taken whose workflow retention deleted: 200 for the same case, 409 for another, nothing started', async () => {
    const input = caseInput();
    await recordedWithoutWorkflow(input);
    const same = await post(input);
    expect(same.statusCode).toBe(200);
    expect(same.json()).toMatchObject({ created: false });
    expect((await post({ ...input, opinion: '不予许可' })).statusCode).toBe(409);
    await expectNoWorkflow(input.caseNo);
  });

  it('never burns a number on a failed start: the row is released and the retry starts the case', async () => {
    const input = caseInput();
    const start = vi.spyOn(t.client.workflow, 'start').mockRejectedValueOnce(new Error('Temporal unavailable'));
    try {
      expect((await post(input)).statusCode).toBe(500);
    } finally {
      start.mockRestore();
    }
    expect(await row(input.caseNo)).toBeUndefined();
    // Even another body may take it: nothing was started under it.
    const other = { ...input, opinion: '补正后准予许可' };
    expect((await post(other)).statusCode).toBe(201);
    expect((await row(input.caseNo))!.inputDigest).toBe(caseInputDigest(other));
  });

  it('repairs a claim left by a start that died before Temporal: the same input or another one starts it', async () => {
    for (const next of ['same', 'other'] as const) {
      const input = caseInput();
      await t.database.db.insert(caseNumbers).values({ caseNo: input.caseNo, inputDigest: caseInputDigest(input), startedBy: 'svc:approval-platform', workflowId: caseWorkflowId(input.caseNo) });
      const body = next === 'same' ? input : { ...input, opinion: '补正后准予许可' };
      const res = await post(body);
      expect(res.statusCode).toBe(201);
      expect(await row(input.caseNo)).toMatchObject({ workflowStarted: true, inputDigest: caseInputDigest(body) });
    }
  });

  it('learns a number from a workflow started before the table existed, from its start event', async () => {
    const input = caseInput();
    await t.client.workflow.start('caseWorkflow', {
      workflowId: caseWorkflowId(input.caseNo),
      taskQueue: `no-worker-${input.caseNo}`,
      args: [{ case: input, startedBy: 'svc:approval-platform' }],
    });
    expect((await post({ ...input, opinion: '不予许可' })).statusCode).toBe(409);
    expect(await row(input.caseNo)).toMatchObject({ workflowStarted: true, inputDigest: caseInputDigest(input), startedBy: 'svc:approval-platform' });
    expect((await post(input)).statusCode).toBe(200);
  });
});
