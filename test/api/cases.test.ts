// POST/GET /api/cases through the real app, against the shared dev server, a real worker and the
// real database.
import { WorkflowNotFoundError } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { findCase } from '../../db/cases.js';
import { departments, regions } from '../../db/schema/index.js';
import { caseWorkflowId } from '../../workflows/case-id.js';
import { caseInput } from '../helpers/case-input.js';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { bearer, people } from '../helpers/tokens.js';
import { fixture } from '../helpers/catalogue-fixture.js';

let t: TestApp;
let database: TestApp['database'];
let client: TestApp['client'];
let app: TestApp['app'];
let platform: { authorization: string };

beforeAll(async () => {
  ({ app, database, client } = t = await createTestApp({ withWorker: true }));
  platform = await bearer(people.approvalPlatform);
  // Suzhou's market regulator: another city of the province.
  await database.db.insert(regions).values({ code: '320500', name: '苏州市', parentCode: '320000' });
  await database.db.insert(departments).values({ code: 'SZ-SCJGJ', region: '320500', name: '苏州市市场监督管理局', side: 'both' });
});

afterAll(async () => t?.close());

const post = (body: unknown, headers = platform) => app.inject({ method: 'POST', url: '/api/cases', payload: body as object, headers });
const get = (caseNo: string, headers = platform) => app.inject({ method: 'GET', url: `/api/cases/${caseNo}`, headers });

/** Asserts that no workflow exists for the case number: nothing was started. */
async function expectNotStarted(caseNo: string) {
  await expect(client.workflow.getHandle(caseWorkflowId(caseNo)).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
}

describe('POST /api/cases', () => {
  it('starts a case workflow that records its start, carries its search attributes and projects the case', async () => {
    const input = caseInput({ mode: 'postCheck', commitment: '承诺符合食品安全条件' });
    const res = await post(input);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({
      caseNo: input.caseNo,
      workflowId: `case:${input.caseNo}`,
      created: true,
      temporalUiUrl: `http://localhost:8233/namespaces/default/workflows/${encodeURIComponent(`case:${input.caseNo}`)}`,
    });

    const view = await get(input.caseNo);
    expect(view.statusCode).toBe(200);
    // The phone is answered masked (脱敏), by the read model and by the workflow alike.
    const answered = { ...input, applicant: { ...input.applicant, phone: '138****0000' } };
    expect(view.json()).toMatchObject({ caseNo: input.caseNo, input: answered, timeline: [{ actor: people.approvalPlatform.sub, action: 'case.started' }] });
    await vi.waitFor(async () => expect((await get(input.caseNo)).json()).toMatchObject({ stage: 'supervising', source: 'read-model' }), { timeout: 15_000 });
    const fresh = await t.app.inject({ method: 'GET', url: `/api/cases/${input.caseNo}?fresh=true`, headers: await bearer(people.lygAdmin) });
    expect(fresh.json()).toMatchObject({ stage: 'supervising', source: 'workflow', input: answered });
    expect(fresh.json().revision).toBeUndefined();

    const description = await client.workflow.getHandle(caseWorkflowId(input.caseNo)).describe();
    expect(description.status.name).toBe('RUNNING');
    expect(description.searchAttributes).toMatchObject({
      CaseNo: [input.caseNo],
      CreditCode: [input.applicant.creditCode],
      ApprovalDept: [input.approvalDept],
      CommitmentMode: ['postCheck'],
      CaseStage: ['supervising'],
      SupervisionDivisions: [fixture.division],
      DeadlineProvisional: [false],
    });
    // Personal data never reaches search attributes.
    expect(JSON.stringify(description.searchAttributes)).not.toContain(input.applicant.phone);
    expect(JSON.stringify(description.searchAttributes)).not.toContain(input.applicant.name);

    await vi.waitFor(async () => expect(await findCase(database.db, input.caseNo)).toMatchObject({ stage: 'supervising', mode: 'postCheck' }), {
      timeout: 15_000,
    });
  });

  it('answers 200 with the existing case when the same case is started again, and starts nothing new', async () => {
    const input = caseInput();
    expect((await post(input)).statusCode).toBe(201);
    const { runId } = await client.workflow.getHandle(caseWorkflowId(input.caseNo)).describe();

    // Same content, keys in another order.
    const reordered = Object.fromEntries(Object.entries(input).reverse());
    const again = await post(reordered);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ caseNo: input.caseNo, created: false });
    expect((await client.workflow.getHandle(caseWorkflowId(input.caseNo)).describe()).runId).toBe(runId);
  });

  it('refuses a different case under a number in use with 409 and keeps the first', async () => {
    const input = caseInput();
    expect((await post(input)).statusCode).toBe(201);
    const res = await post({ ...input, opinion: '不予许可' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: 'conflict' });
    expect(res.json().message).toContain(input.caseNo);
    const view = await get(input.caseNo);
    expect(view.json().input.opinion).toBe('准予许可');
  });

  type Spoil = (input: Record<string, any>) => unknown;
  const deferral = (i: Record<string, any>, dueDate: string) => Object.assign(i, { mode: 'deferral', commitment: '承诺补交', deferral: { materials: ['健康证明'], dueDate } });
  it.each<[string, Spoil, string, string]>([
    ['a missing field', (i) => delete i.caseNo, '/caseNo', 'required'],
    ['a missing nested field', (i) => delete i.applicant.creditCode, '/applicant/creditCode', 'required'],
    ['a wrong type', (i) => (i.materials = '营业执照'), '/materials', 'type'],
    ['a number for a text', (i) => (i.opinion = 1), '/opinion', 'type'],
    ['an unknown mode', (i) => (i.mode = 'fastTrack'), '/mode', 'anyOf'],
    ['a malformed instant', (i) => (i.decidedAt = '2026-13-01'), '/decidedAt', 'format'],
    ['an unknown field', (i) => (i.priority = 'high'), '/priority', 'additionalProperties'],
    ['a credit code with a wrong check character', (i) => (i.applicant.creditCode = '91350100M000100Y44'), '/applicant/creditCode', 'creditCode.check'],
    ['a credit code with a letter the standard excludes', (i) => (i.applicant.creditCode = '91350100M000100O43'), '/applicant/creditCode', 'creditCode.charset'],
    ['a NUL in the applicant name', (i) => (i.applicant.name = '示例\u0000食品店'), '/applicant/name', 'text'],
    ['a lone surrogate in the opinion', (i) => (i.opinion = '准予\ud800许可'), '/opinion', 'text'],
    ['a control character in a material', (i) => (i.materials[1] = '申请书\u001b'), '/materials/1', 'text'],
    ['a decision before the calendar begins', (i) => (i.decidedAt = '2024-12-30T10:00:00+08:00'), '/decidedAt', 'calendar'],
    ['a decision in 1900', (i) => (i.decidedAt = '1900-01-01T10:00:00+08:00'), '/decidedAt', 'calendar'],
    ['a decision in year 1', (i) => (i.decidedAt = '0001-01-01T10:00:00+08:00'), '/decidedAt', 'calendar'],
    ['a leap second', (i) => (i.decidedAt = '2016-12-31T23:59:60Z'), '/decidedAt', 'calendar'],
    ['a leap second inside the calendar', (i) => (i.decidedAt = '2026-06-30T23:59:60Z'), '/decidedAt', 'format'],
    ['a deferral due in 9999', (i) => deferral(i, '9999-12-31'), '/deferral/dueDate', 'calendar'],
    ['a deferral due on a day that does not exist', (i) => deferral(i, '2026-02-30'), '/deferral/dueDate', 'format'],
  ])('answers 400 naming the field for %s, and starts nothing', async (_label, spoil, field, rule) => {
    const input = structuredClone(caseInput()) as unknown as Record<string, any>;
    const caseNo = input.caseNo as string;
    spoil(input);
    const res = await post(input);
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error).toBe('validation');
    expect(body.problems).toContainEqual(expect.objectContaining({ field: `body${field}`, rule }));
    expect(body.message).toContain(`body${field}`);
    await expectNotStarted(caseNo);
    expect(await findCase(database.db, caseNo)).toBeUndefined();
  });

  it('names the range the calendar serves when an instant lies outside it', async () => {
    const res = await post(caseInput({ decidedAt: '2024-12-30T10:00:00+08:00' }));
    expect(res.json().problems).toEqual([
      { field: 'body/decidedAt', rule: 'calendar', message: '时间 2024-12-30T10:00:00+08:00 必须在 2025-01-01 至 2099-12-31 之间（工作日历覆盖范围内可计算期限的日期）' },
    ]);
  });

  it('refuses bad text in the path and the body of a case action with 400 before looking the case up', async () => {
    const input = caseInput();
    const res = await app.inject({ method: 'POST', url: `/api/cases/${input.caseNo}/withdrawal`, headers: platform, payload: { reason: '申请人\u0000撤回' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().problems).toEqual([expect.objectContaining({ field: 'body/reason', rule: 'text' })]);
    const path = await get('LYG%00-1');
    expect(path.statusCode).toBe(400);
    expect(path.json().problems).toEqual([expect.objectContaining({ field: 'params/caseNo', rule: 'text' })]);
    await expectNotStarted(input.caseNo);
  });
});

describe('bodies no request needs', () => {
  it('answers 400 for JSON nested thousands deep, and starts nothing', async () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const res = await app.inject({ method: 'POST', url: '/api/cases', headers: { ...platform, 'content-type': 'application/json' }, payload: deep });
    expect(res.statusCode).toBe(400);
    const nested = await app.inject({ method: 'POST', url: '/api/cases', headers: platform, payload: { ...caseInput(), opinion: JSON.parse(`${'{"a":'.repeat(100)}1${'}'.repeat(100)}`) } });
    expect(nested.statusCode).toBe(400);
    expect(nested.json().problems).toContainEqual(expect.objectContaining({ rule: 'depth' }));
  });
});

describe('access to cases', () => {
  it('answers 401 without a token and 401 with a forged one, and starts nothing', async () => {
    const input = caseInput();
    const none = await app.inject({ method: 'POST', url: '/api/cases', payload: input });
    expect(none.statusCode).toBe(401);
    expect(none.json()).toMatchObject({ error: 'unauthenticated' });
    const forged = await post(input, { authorization: `${platform.authorization.slice(0, -4)}AAAA` });
    expect(forged.statusCode).toBe(401);
    await expectNotStarted(input.caseNo);
  });

  it('answers 403 naming the role for a role that may not start cases', async () => {
    const input = caseInput();
    const res = await post(input, await bearer(people.lygAuditor));
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toContain('approval_officer');
    await expectNotStarted(input.caseNo);
  });

  it('answers 422 when the region is not the department’s, and starts nothing', async () => {
    const other = caseInput({ region: '120110' });
    const res = await post(other);
    expect(res.statusCode).toBe(422);
    expect(res.json().problems).toEqual([expect.objectContaining({ field: 'body/region', rule: 'dept-region' })]);
    await expectNotStarted(other.caseNo);
  });

  it('looks the department up: another city’s department is out of scope whatever region the body names', async () => {
    // The approval platform of Lianyungang names Suzhou's department and its own region.
    const suzhou = caseInput({ region: '320700', approvalDept: 'SZ-SCJGJ' });
    const res = await post(suzhou);
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toContain('320500');
    await expectNotStarted(suzhou.caseNo);
    // A district's account may not start a case for the city's department.
    const district = await bearer({ sub: 'svc:hz-approval-platform', roles: ['approval_officer'], region: '320706' });
    const city = caseInput();
    expect((await post(city, district)).statusCode).toBe(403);
    await expectNotStarted(city.caseNo);
    // A department that does not exist is the body's mistake.
    const unknown = caseInput({ approvalDept: 'NO-SUCH-DEPT' });
    const missing = await post(unknown);
    expect(missing.statusCode).toBe(422);
    expect(missing.json().problems).toEqual([expect.objectContaining({ field: 'body/approvalDept', rule: 'unknown-dept' })]);
    await expectNotStarted(unknown.caseNo);
    expect(await findCase(database.db, unknown.caseNo)).toBeUndefined();
  });

  it('answers 403 for another department, and starts nothing', async () => {
    const input = caseInput();
    const officer = await bearer({ sub: 'officer', roles: ['approval_officer'], region: '320700', dept: 'LYG-OTHER' });
    const wrongDept = await post(input, officer);
    expect(wrongDept.statusCode).toBe(403);
    expect(wrongDept.json().message).toContain('LYG-OTHER');
    await expectNotStarted(input.caseNo);
  });

  it("lets the department's own officer start a case, and keeps other regions from reading it", async () => {
    const input = caseInput();
    const officer = await bearer({ sub: 'officer-1', roles: ['approval_officer'], region: '320700', dept: input.approvalDept });
    expect((await post(input, officer)).statusCode).toBe(201);
    expect((await get(input.caseNo, officer)).json().timeline[0].actor).toBe('officer-1');
    expect((await get(input.caseNo, await bearer(people.lygAuditor))).statusCode).toBe(200);
    // Out of scope answers exactly as a case that does not exist: case numbers cannot be enumerated.
    const foreign = await get(input.caseNo, await bearer(people.tianjinAdmin));
    const never = await get('NEVER-STARTED-EITHER', await bearer(people.tianjinAdmin));
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toEqual({ ...never.json(), message: `办件 ${input.caseNo} 不存在` });
    expect(never.json().message).toBe('办件 NEVER-STARTED-EITHER 不存在');
  });
});

describe('GET /api/cases/:caseNo', () => {
  it('answers 404 for a case that was never started', async () => {
    const res = await get('NEVER-STARTED');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ statusCode: 404, error: 'not_found' });
  });
});

describe('health and docs', () => {
  it('is alive and ready when the database and Temporal answer and a worker polls', async () => {
    expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', temporal: 'ok', worker: 'ok', storage: 'ok' } });
  });

  it('is not ready when the database is gone', async () => {
    const other = await createTestApp();
    await other.database.close();
    try {
      const ready = await other.app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      // This app has no worker of its own either.
      expect(ready.json()).toEqual({ status: 'not_ready', checks: { database: 'failed', temporal: 'ok', worker: 'missing', storage: 'ok' } });
    } finally {
      await other.app.close();
    }
  });
});
