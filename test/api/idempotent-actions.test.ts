// Actions safe to retry: an action sent with an Idempotency-Key is applied once, a retry with the
// same key answers the first one's outcome, and the outcome can be asked for afterwards.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readCaseView } from '../../db/read-model.js';
import { cases } from '../../db/schema/index.js';
import type { CaseView } from '../../domain/case/state.js';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { caseInput } from '../helpers/case-input.js';
import { fixture } from '../helpers/catalogue-fixture.js';
import { bearer, people } from '../helpers/tokens.js';

let t: TestApp;
let divisionAdmin: { authorization: string };
let taskId: string;
let caseNo: string;

beforeAll(async () => {
  t = await createTestApp({ withWorker: true });
  divisionAdmin = await bearer({ sub: fixture.divisionAdmin, roles: ['division_admin'], region: fixture.region, dept: fixture.dept, division: fixture.division });
  const input = caseInput();
  caseNo = input.caseNo;
  taskId = `${caseNo}:1`;
  expect((await t.app.inject({ method: 'POST', url: '/api/cases', headers: await bearer(people.approvalPlatform), payload: input })).statusCode).toBe(201);
  await vi.waitFor(
    async () => {
      const view = (await t.app.inject({ method: 'GET', url: `/api/cases/${caseNo}`, headers: divisionAdmin })).json();
      expect(view.tasks?.[0]?.status).toBe('notified');
    },
    { timeout: 15_000 },
  );
});
afterAll(async () => t?.close());

const view = (key?: string) =>
  t.app.inject({ method: 'POST', url: `/api/tasks/${encodeURIComponent(taskId)}/view`, headers: { ...divisionAdmin, ...(key ? { 'idempotency-key': key } : {}) } });
/** How many views the case's own timeline holds (asked of the workflow: the read model may lag). */
const viewsOnTimeline = async () =>
  ((await t.app.inject({ method: 'GET', url: `/api/cases/${caseNo}?fresh=true`, headers: divisionAdmin })).json().timeline as { action: string }[]).filter(
    (e) => e.action === 'task.viewed',
  ).length;

/** Sets a case's read-model view back to an older state, as if its projections had not arrived yet. */
async function readModelBehind(of: string, older: (view: CaseView) => CaseView): Promise<void> {
  const stored = await readCaseView(t.database.db, of);
  await t.database.db.update(cases).set({ view: older(stored!.view) }).where(eq(cases.caseNo, of));
}

const outcome = (key: string) => t.app.inject({ method: 'GET', url: `/api/cases/${caseNo}/actions/${key}`, headers: divisionAdmin });

describe('an action with an Idempotency-Key', () => {
  it('is applied once: a retry with the key answers the first outcome, one without it is refused', async () => {
    const first = await view('view-once-1');
    expect(first.statusCode).toBe(200);
    expect(first.json().tasks[0].status).toBe('viewed');
    const retried = await view('view-once-1');
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toEqual(first.json());
    // The timeline holds one view, not two.
    expect(await viewsOnTimeline()).toBe(1);
    const again = await view();
    expect(again.statusCode).toBe(409);
  });

  it('tells its outcome afterwards, and 404 for a key the case never saw', async () => {
    const known = await outcome('view-once-1');
    expect(known.statusCode).toBe(200);
    expect(known.json().tasks[0].status).toBe('viewed');
    const unknown = await outcome('never-sent');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toContain('never-sent');
  });

  it('refuses a malformed key with 400 naming the header, applying nothing', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/tasks/${encodeURIComponent(taskId)}/inspections`,
      headers: { ...divisionAdmin, 'idempotency-key': 'bad key!' },
      payload: { inspectedAt: new Date().toISOString(), result: 'compliant' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().problems).toContainEqual(expect.objectContaining({ field: 'headers/idempotency-key' }));
    const after = (await t.app.inject({ method: 'GET', url: `/api/cases/${caseNo}?fresh=true`, headers: divisionAdmin })).json();
    expect(after.tasks[0].status).toBe('viewed');
  });
});

describe('a read model a change behind the case', () => {
  it('sends a retried action whose first the read model has not seen: the case applies it once', async () => {
    const first = await outcome('view-once-1');
    await readModelBehind(caseNo, (v) => ({ ...v, tasks: v.tasks.map(({ viewedAt: _viewed, ...task }) => ({ ...task, status: 'notified' as const })) }));
    const retried = await view('view-once-1');
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toEqual(first.json());
    expect(await viewsOnTimeline()).toBe(1);
  });

  it('answers the refusal of the case itself, with its stage, where the read model did not refuse', async () => {
    await readModelBehind(caseNo, (v) => ({ ...v, tasks: v.tasks.map(({ viewedAt: _viewed, ...task }) => ({ ...task, status: 'notified' as const })) }));
    const again = await view();
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: 'refused', stage: 'supervising', message: expect.stringContaining('重复查看') });
    expect(await viewsOnTimeline()).toBe(1);
  });

  it('does not refuse an action the case itself allows: the workflow has the last word', async () => {
    const dueDate = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const input = caseInput({ mode: 'deferral', commitment: '承诺补交', deferral: { materials: ['健康证明'], dueDate } });
    const platform = await bearer(people.approvalPlatform);
    expect((await t.app.inject({ method: 'POST', url: '/api/cases', headers: platform, payload: input })).statusCode).toBe(201);
    await vi.waitFor(async () => expect((await readCaseView(t.database.db, input.caseNo))?.view.stage).toBe('awaiting_materials'), { timeout: 15_000 });
    await readModelBehind(input.caseNo, (v) => ({ ...v, stage: 'awaiting_linkage' }));

    const res = await t.app.inject({ method: 'POST', url: `/api/cases/${input.caseNo}/materials`, headers: platform, payload: { materials: ['健康证明'] } });
    expect(res.statusCode).toBe(200);
    expect(res.json().materialsSubmittedAt).toEqual(expect.any(String));
  });
});
