// /api/sampling end to end: settings, a month's draw run through the sampling workflow on a real
// worker, the published draws, and the spot-check cases reaching their divisions.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestValidatorCompiler } from '../../api/plugins/validation.js';
import { CaseViewSchema } from '../../api/schemas/case-view.js';
import { auditLog } from '../../db/schema/index.js';
import type { Principal } from '../../domain/access.js';
import { WorkflowNotFoundError } from '@temporalio/common';
import { DEFAULT_WEIGHTS, drawDepartment, shanghaiMonth } from '../../domain/sampling.js';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { fixture } from '../helpers/catalogue-fixture.js';
import { expectedPopulation, inspectorPools, seededRevision, seedSamplingPopulation } from '../helpers/sampling-fixture.js';
import { recordHistoryIfAsked } from '../helpers/histories.js';
import { bearer, people } from '../helpers/tokens.js';

const coordinator: Principal = { sub: 'coordinator-1', roles: ['coordinator'], region: fixture.region, dept: fixture.dept, level: 1 };
const otherCoordinator: Principal = { sub: 'other-coordinator', roles: ['coordinator'], region: fixture.region, dept: 'LYG-OTHER', level: 1 };
// A month that has begun, and that no other test of this run draws.
const month = '2025-03';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ withWorker: true });
  await seedSamplingPopulation(t.database.db);
});
afterAll(async () => {
  await t?.close();
});

const settingsUrl = `/api/sampling/settings/${fixture.dept}`;

describe('settings', () => {
  it('shows the defaults for a department without settings, which is not sampled', async () => {
    const res = await t.app.inject({ method: 'GET', url: settingsUrl, headers: await bearer(coordinator) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ deptCode: fixture.dept, configured: false, enterprisesPerMonth: 0, inspectorsPerCheck: 2, weights: { A: 0.5, B: 1, C: 2, D: 4 } });
  });

  it('refuses weights that are all 0, negative numbers, and another department’s coordinator', async () => {
    const allZero = await t.app.inject({ method: 'PUT', url: settingsUrl, headers: await bearer(coordinator), payload: { enterprisesPerMonth: 3, weights: { A: 0, B: 0, C: 0, D: 0 }, reason: '抽查计划' } });
    expect(allZero.statusCode).toBe(422);
    expect(allZero.json().problems).toEqual([expect.objectContaining({ field: 'body/weights', rule: 'not-all-zero' })]);
    const negative = await t.app.inject({ method: 'PUT', url: settingsUrl, headers: await bearer(coordinator), payload: { enterprisesPerMonth: -1, reason: '抽查计划' } });
    expect(negative.statusCode).toBe(400);
    // Another department's settings answer as if there were none (no existence oracle).
    const foreign = await t.app.inject({ method: 'PUT', url: settingsUrl, headers: await bearer(otherCoordinator), payload: { enterprisesPerMonth: 3, reason: '抽查计划' } });
    expect(foreign.statusCode).toBe(404);
    const unknown = await t.app.inject({ method: 'GET', url: '/api/sampling/settings/NO-SUCH-DEPT', headers: await bearer(people.lygAdmin) });
    expect(unknown.statusCode).toBe(404);
  });

  it('saves the department’s settings, with the default weights, and audits the change', async () => {
    const res = await t.app.inject({
      method: 'PUT',
      url: settingsUrl,
      headers: await bearer(coordinator),
      payload: { enterprisesPerMonth: 3, inspectorsPerCheck: 2, reason: '2031 年度抽查计划' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ configured: true, enterprisesPerMonth: 3, inspectorsPerCheck: 2, weights: DEFAULT_WEIGHTS, updatedBy: 'coordinator-1' });
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'sampling.settings.changed'));
    expect(audit).toEqual([expect.objectContaining({ actor: 'coordinator-1', entityId: fixture.dept, reason: '2031 年度抽查计划' })]);
  });
});

describe('a month’s draw', () => {
  // What an auditor redoes from the published seed: the population as seeded (enterprise 6 with the
  // drug division of its latest task, enterprise 7 of another department left out), the people
  // who may inspect (not the inactive one, not the service account), 3 enterprises, 2 inspectors.
  const expectedWith = (seed: string) =>
    drawDepartment({
      month,
      deptCode: fixture.dept,
      plan: { enterprisesPerMonth: 3, inspectorsPerCheck: 2, weights: { ...DEFAULT_WEIGHTS } },
      candidates: expectedPopulation,
      inspectorsByDivision: inspectorPools,
      seed,
    });
  let firstDraws: unknown;
  let expected: ReturnType<typeof expectedWith> = [];

  it('draws 3 enterprises of the department, with 2 inspectors of each one’s division, and starts their cases', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/sampling/runs', headers: await bearer(people.lygAdmin), payload: { month, reason: '月度抽查' } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.workflowId).toBe(`sampling:${month}:320700`);
    // The published seed is keyed with the server's secret: nobody could compute it before the draw.
    expect(body.departments).toEqual([{ deptCode: fixture.dept, seed: expect.stringMatching(new RegExp(`^双随机/${month}/${fixture.dept}/[0-9a-f]{32}$`)), drawn: 3 }]);
    expected = expectedWith(body.departments[0].seed);
    expect(body.draws).toHaveLength(3);
    expect(body.draws.map((d: { caseNo: string }) => d.caseNo)).toEqual(['SC-202503-LYG-SCJGJ-001', 'SC-202503-LYG-SCJGJ-002', 'SC-202503-LYG-SCJGJ-003']);
    for (const draw of body.draws) {
      const pool = inspectorPools[draw.divisionCode as keyof typeof inspectorPools];
      expect(draw.inspectors).toHaveLength(2);
      expect(pool).toEqual(expect.arrayContaining(draw.inspectors));
    }
    // The stored draw is the one the seed reproduces.
    expect(body.draws.map(({ creditCode, grade, weight, divisionCode, inspectors, caseNo, seed }: Record<string, unknown>) => ({ creditCode, grade, weight, divisionCode, inspectors, caseNo, seed }))).toEqual(
      expected,
    );
    expect(body.cases).toEqual(expected.map((d) => ({ caseNo: d.caseNo, deptCode: fixture.dept, status: 'started' })));
    firstDraws = body.draws;
    await recordHistoryIfAsked('sampling-month', t.client.workflow.getHandle(body.workflowId));
  });

  it('answers the same draw when the month is run again, and starts nothing twice', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/sampling/runs', headers: await bearer(people.lygAdmin), payload: { month, reason: '月度抽查' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().draws).toEqual(firstDraws);
    expect(res.json().cases.map((c: { status: string }) => c.status)).toEqual(['existing', 'existing', 'existing']);
  });

  it('publishes the draws to the coordinator and the auditor; only region admins run a month', async () => {
    for (const who of [coordinator, people.lygAuditor]) {
      const res = await t.app.inject({ method: 'GET', url: `/api/sampling/draws?month=${month}&dept=${fixture.dept}`, headers: await bearer(who) });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual(firstDraws);
    }
    const foreign = await t.app.inject({ method: 'GET', url: `/api/sampling/draws?month=${month}&dept=${fixture.dept}`, headers: await bearer(otherCoordinator) });
    expect(foreign.statusCode).toBe(403);
    const run = await t.app.inject({ method: 'POST', url: '/api/sampling/runs', headers: await bearer(coordinator), payload: { month, reason: '月度抽查' } });
    expect(run.statusCode).toBe(403);
    const badMonth = await t.app.inject({ method: 'POST', url: '/api/sampling/runs', headers: await bearer(people.lygAdmin), payload: { month: '2031-13', reason: '月度抽查' } });
    expect(badMonth.statusCode).toBe(400);
  });

  it('refuses a month that has not begun, drawing and starting nothing', async () => {
    const next = shanghaiMonth(new Date(Date.now() + 40 * 86_400_000));
    const res = await t.app.inject({ method: 'POST', url: '/api/sampling/runs', headers: await bearer(people.lygAdmin), payload: { month: next, reason: '提前抽取' } });
    expect(res.statusCode).toBe(422);
    expect(res.json().problems).toEqual([expect.objectContaining({ field: 'body/month', rule: 'month-begun' })]);
    expect((await t.app.inject({ method: 'GET', url: `/api/sampling/draws?month=${next}&dept=${fixture.dept}`, headers: await bearer(coordinator) })).json()).toEqual([]);
    await expect(t.client.workflow.getHandle(`sampling:${next}:320700`).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
  });

  it("draws only the caller's own region: another region's admin draws none of Lianyungang's departments", async () => {
    const other = '2025-04';
    const res = await t.app.inject({ method: 'POST', url: '/api/sampling/runs', headers: await bearer(people.tianjinAdmin), payload: { month: other, reason: '东丽区月度抽查' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ workflowId: `sampling:${other}:120110`, departments: [], cases: [], draws: [] });
    expect((await t.app.inject({ method: 'GET', url: `/api/sampling/draws?month=${other}&dept=${fixture.dept}`, headers: await bearer(coordinator) })).json()).toEqual([]);
  });

  it('sends each spot check to its division with the inspectors drawn, as a post-check', async () => {
    for (const draw of expected) {
      const view = await until<SpotCheckView>(async () => {
        const res = await t.app.inject({ method: 'GET', url: `/api/cases/${draw.caseNo}`, headers: await bearer(people.lygAuditor) });
        return res.statusCode === 200 && res.json().stage === 'supervising' ? res.json() : undefined;
      });
      // The answer keeps its own schema: a spot check's applicant has no phone.
      expect(viewIssues(view)).toEqual([]);
      expect(view.input.mode).toBe('spotCheck');
      expect(view.input.applicant.creditCode).toBe(draw.creditCode);
      expect(view.linkage).toEqual([{ supervisingDeptCode: fixture.dept, divisionCode: draw.divisionCode, subItemCode: expect.any(String), revision: seededRevision }]);
      expect(view.tasks).toHaveLength(1);
      expect(view.tasks[0]).toMatchObject({ taskId: `${draw.caseNo}:1`, divisionCode: draw.divisionCode, inspectors: draw.inspectors, status: 'notified' });
      // D 一(三)2 as for a post-check: start and finish deadlines counted from the draw.
      expect(view.deadlines.map((d) => d.kind).sort()).toEqual(['postCheckFinish', 'postCheckStart']);
    }
  });

  it('lets only the drawing department end a spot check: the approval side is refused', async () => {
    const { caseNo } = expected[0]!;
    const byApproval = await t.app.inject({ method: 'POST', url: `/api/cases/${caseNo}/withdrawal`, headers: await bearer(people.approvalPlatform), payload: { reason: '撤回' } });
    expect(byApproval.statusCode).toBe(409);
    expect(byApproval.json().message).toContain('双随机抽查办件');
    const elsewhere = await t.app.inject({ method: 'POST', url: `/api/cases/${caseNo}/withdrawal`, headers: await bearer(otherCoordinator), payload: { reason: '撤回' } });
    expect(elsewhere.statusCode).toBe(404);
    const byDrawing = await t.app.inject({ method: 'POST', url: `/api/cases/${caseNo}/withdrawal`, headers: await bearer(coordinator), payload: { reason: '企业已注销，终止抽查' } });
    expect(byDrawing.statusCode).toBe(200);
    expect(byDrawing.json()).toMatchObject({ stage: 'closed', outcome: 'withdrawn' });
  });
});

/** How a case view breaks its response schema, checked with the API's own validator. */
function viewIssues(view: unknown): unknown[] {
  const validate = requestValidatorCompiler({ schema: CaseViewSchema, method: 'GET', url: '/api/cases/:caseNo', httpPart: 'body' }) as ((data: unknown) => boolean) & { errors?: unknown[] | null };
  return validate(structuredClone(view)) ? [] : (validate.errors ?? []);
}

/** What the test reads of GET /api/cases/:caseNo. */
interface SpotCheckView {
  stage: string;
  input: { mode: string; applicant: { creditCode: string } };
  linkage: unknown[];
  tasks: Record<string, unknown>[];
  deadlines: { kind: string }[];
}

/** Polls until `probe` answers, for at most 30 s (the worker runs the cases asynchronously). */
async function until<T>(probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting for the spot-check case');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
