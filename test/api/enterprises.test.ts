// GET /api/enterprises/:creditCode — the enterprise portrait (企业画像, L13): one enterprise's
// approvals, tasks, inspections, rectifications, revocations, credit grade, credit records and
// spot-check draws, newest first, as far as each caller's region and department reach. The read
// model is seeded by hand; the last test drives a real case through the API and a worker.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { creditRecords, departments, enterpriseCreditGrades, regions, samplingDraws } from '../../db/schema/index.js';
import { enterprisePortrait } from '../../db/enterprise-portrait.js';
import { creditCodeCheckCharacter, organisationCodeCheckCharacter } from '../../domain/credit-code.js';
import type { Inspection } from '../../domain/case/task.js';
import type { Principal } from '../../domain/access.js';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { caseInput } from '../helpers/case-input.js';
import { fixture } from '../helpers/catalogue-fixture.js';
import { caseRow, insertReadModelRows, taskRow } from '../helpers/portrait-rows.js';
import { bearer, people } from '../helpers/tokens.js';

/** A valid credit code registered in `region` with organisation code base `org8`. */
function creditCode(region: string, org8: string): string {
  const first17 = `91${region}${org8}${organisationCodeCheckCharacter(org8)}`;
  return first17 + creditCodeCheckCharacter(first17);
}

const ENTERPRISE = creditCode('320706', 'MA1W2X3Y');
const OTHER = creditCode('320706', 'MA1W2X4Y');
const OLD_RECORD_ONLY = creditCode('320700', 'MA1W2X5Y');
const NOTHING = creditCode('320700', 'MA1W2X6Y');
const LIVE = creditCode('320700', 'MA1W2X7Y');

let t: TestApp;

/** An inspection as the workflow records it. */
const inspection = (inspectedAt: string, result: Inspection['result'], findings?: string): Inspection => ({
  inspectedAt,
  recordedAt: inspectedAt,
  result,
  ...(findings ? { findings } : {}),
  resultDueAt: '2026-12-31T16:00:00.000Z',
  late: false,
});

// The enterprise has four cases in three regions and three approval departments:
//   C1 Haizhou 320706 (HZ-SCJ), started 03-01 · C4 Lianyungang 320700 (LYG-ZJJ), 04-01
//   C2 Lianyungang (LYG-SCJGJ), 05-01         · C3 Dongli, Tianjin 120110 (TJ-SCJ), 06-01
// and four tasks: T3 on C1 by HZ-SCJ (inspected 03-05); T1 on C2 by LYG-SCJGJ (inspected 05-06
// and 05-20, rectification 05-07, revocation proposed 05-21 and decided 05-22); T2 on C2 by
// LYG-WJW (inspected 05-10); T4 on C3 by TJ-SCJ (inspected 06-05, rectification 06-06).
beforeAll(async () => {
  t = await createTestApp({ withWorker: true });
  const db = t.database.db;
  // The worker's fixture holds 320000, 320700 and LYG-SCJGJ already.
  await db.insert(regions).values([
    { code: '320706', name: '海州区', parentCode: '320700' },
    { code: '120110', name: '天津市东丽区', parentCode: null },
  ]);
  await db.insert(departments).values([
    { code: 'TJ-SCJ', region: '120110', name: '东丽区市场监管局', side: 'both' },
    { code: 'LYG-WJW', region: '320700', name: '连云港市卫健委', side: 'supervision' },
  ]);
  await insertReadModelRows(db, {
    cases: [
      caseRow({ caseNo: 'C1', creditCode: ENTERPRISE, region: '320706', approvalDept: 'HZ-SCJ', applicantName: '海州示例食品店', startedAt: '2026-03-01T02:00:00.000Z' }),
      caseRow({ caseNo: 'C2', creditCode: ENTERPRISE, region: '320700', approvalDept: 'LYG-SCJGJ', applicantName: '连云港示例食品有限公司', startedAt: '2026-05-01T02:00:00.000Z', stage: 'closed', outcome: 'revoked' }),
      caseRow({ caseNo: 'C3', creditCode: ENTERPRISE, region: '120110', approvalDept: 'TJ-SCJ', applicantName: '天津示例食品有限公司', startedAt: '2026-06-01T02:00:00.000Z' }),
      caseRow({ caseNo: 'C4', creditCode: ENTERPRISE, region: '320700', approvalDept: 'LYG-ZJJ', applicantName: '', startedAt: '2026-04-01T02:00:00.000Z' }),
      caseRow({ caseNo: 'X1', creditCode: OTHER, region: '320700', startedAt: '2026-07-01T02:00:00.000Z' }),
    ],
    tasks: [
      taskRow({
        caseNo: 'C2',
        n: 1,
        creditCode: ENTERPRISE,
        supervisingDept: 'LYG-SCJGJ',
        notifiedAt: '2026-05-02T02:00:00.000Z',
        status: 'revoked',
        inspections: [inspection('2026-05-06T02:00:00.000Z', 'noncompliant', '未按规定贮存食品'), inspection('2026-05-20T02:00:00.000Z', 'noncompliant', '仍未整改')],
        rectification: { orderedAt: '2026-05-07T02:00:00.000Z', dueDate: '2026-05-15', requirements: '七日内整改', reportedAt: '2026-05-14T02:00:00.000Z', report: '已整改' },
        proposal: { proposedAt: '2026-05-21T02:00:00.000Z', reason: '整改后仍不符合许可条件' },
        decision: { decidedAt: '2026-05-22T02:00:00.000Z', decision: 'revoke', explanation: '撤销食品经营许可', documentNo: '连市监撤〔2026〕8号' },
      }),
      taskRow({ caseNo: 'C2', n: 2, creditCode: ENTERPRISE, supervisingDept: 'LYG-WJW', divisionCode: 'LYG-WJW-WS', notifiedAt: '2026-05-03T02:00:00.000Z', status: 'done', inspections: [inspection('2026-05-10T02:00:00.000Z', 'compliant')] }),
      taskRow({ caseNo: 'C1', creditCode: ENTERPRISE, region: '320706', approvalDept: 'HZ-SCJ', supervisingDept: 'HZ-SCJ', divisionCode: 'HZ-SCJ-SP', notifiedAt: '2026-03-02T02:00:00.000Z', status: 'done', inspections: [inspection('2026-03-05T02:00:00.000Z', 'compliant')] }),
      taskRow({
        caseNo: 'C3',
        creditCode: ENTERPRISE,
        region: '120110',
        approvalDept: 'TJ-SCJ',
        supervisingDept: 'TJ-SCJ',
        divisionCode: 'TJ-SCJ-SP',
        notifiedAt: '2026-06-02T02:00:00.000Z',
        status: 'rectifying',
        inspections: [inspection('2026-06-05T02:00:00.000Z', 'noncompliant', '标签不合格')],
        rectification: { orderedAt: '2026-06-06T02:00:00.000Z', dueDate: '2026-06-20', requirements: '更换标签' },
      }),
      taskRow({ caseNo: 'X1', creditCode: OTHER, notifiedAt: '2026-07-02T02:00:00.000Z', inspections: [inspection('2026-07-03T02:00:00.000Z', 'compliant')] }),
    ],
  });
  await db.insert(creditRecords).values([
    { key: 'r-new', creditCode: ENTERPRISE, event: 'licence_revoked', reason: '撤销食品经营许可', decisionDocument: '连市监撤〔2026〕8号', caseNo: 'C2', recordedAt: '2026-05-22T03:00:00.000Z' },
    { key: 'r-old', creditCode: ENTERPRISE, event: 'deferral_revoked', reason: '逾期未补交材料', caseNo: 'OLD-1', recordedAt: '2020-01-10T03:00:00.000Z' },
    { key: 'r-old-only', creditCode: OLD_RECORD_ONLY, event: 'deferral_revoked', reason: '逾期未补交材料', caseNo: 'OLD-2', recordedAt: '2020-01-10T03:00:00.000Z' },
    { key: 'r-other', creditCode: OTHER, event: 'licence_revoked', reason: '其他企业', caseNo: 'X1', recordedAt: '2026-07-10T03:00:00.000Z' },
  ]);
  await db.insert(enterpriseCreditGrades).values({ creditCode: ENTERPRISE, grade: 'C', gradedOn: '2026-06-30', source: 'api', updatedBy: 'svc:credit' });
  const draw = { weight: 2, inspectors: ['p1', 'p2'], seed: 's', grade: 'C' };
  await db.insert(samplingDraws).values([
    { ...draw, month: '2026-07', deptCode: 'LYG-SCJGJ', creditCode: ENTERPRISE, divisionCode: 'LYG-SCJGJ-SPJY', caseNo: 'SC-1', drawnAt: '2026-07-01T01:00:00.000Z' },
    { ...draw, month: '2026-08', deptCode: 'TJ-SCJ', creditCode: ENTERPRISE, divisionCode: 'TJ-SCJ-SP', caseNo: 'SC-2', drawnAt: '2026-08-01T01:00:00.000Z' },
  ]);
});
afterAll(async () => t?.close());

async function portrait(principal: Principal, code = ENTERPRISE, query = '') {
  return t.app.inject({ method: 'GET', url: `/api/enterprises/${code}${query}`, headers: await bearer(principal) });
}
const caseNos = (list: { items: { caseNo: string }[] }) => list.items.map((i) => i.caseNo);
const taskIds = (list: { items: { taskId: string }[] }) => list.items.map((i) => i.taskId);

describe('the portrait, newest first', () => {
  it('shows a national auditor everything of the enterprise and nothing of another', async () => {
    const res = await portrait(people.nationalAdmin);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    // The newest case overall is C3 (06-01): its name is the enterprise's.
    expect(body).toMatchObject({ creditCode: ENTERPRISE, name: '天津示例食品有限公司', dishonest: true, scope: { region: '100000' } });
    expect(body.creditGrade).toMatchObject({ grade: 'C', gradeName: '失信', gradedOn: '2026-06-30', source: 'api' });
    expect(body.approvals.total).toBe(4);
    expect(caseNos(body.approvals)).toEqual(['C3', 'C2', 'C4', 'C1']);
    expect(body.approvals.items[1]).toMatchObject({ region: '320700', approvalDept: 'LYG-SCJGJ', stage: 'closed', outcome: 'revoked', startedAt: '2026-05-01T02:00:00.000Z' });
    // Notified 06-02, 05-03, 05-02, 03-02.
    expect(taskIds(body.tasks)).toEqual(['C3:1', 'C2:2', 'C2:1', 'C1:1']);
    // Inspected 06-05 (C3:1), 05-20 and 05-06 (C2:1), 05-10 (C2:2), 03-05 (C1:1), in time order.
    expect(body.inspections.total).toBe(5);
    expect(body.inspections.items.map((i: { taskId: string; inspectedAt: string }) => [i.taskId, i.inspectedAt.slice(5, 10)])).toEqual([
      ['C3:1', '06-05'],
      ['C2:1', '05-20'],
      ['C2:2', '05-10'],
      ['C2:1', '05-06'],
      ['C1:1', '03-05'],
    ]);
    expect(body.inspections.items[1]).toMatchObject({ caseNo: 'C2', supervisingDept: 'LYG-SCJGJ', result: 'noncompliant', findings: '仍未整改' });
    expect(body.rectifications.items.map((r: { taskId: string; orderedAt: string }) => [r.taskId, r.orderedAt])).toEqual([
      ['C3:1', '2026-06-06T02:00:00.000Z'],
      ['C2:1', '2026-05-07T02:00:00.000Z'],
    ]);
    expect(body.rectifications.items[1]).toMatchObject({ requirements: '七日内整改', report: '已整改', taskStatus: 'revoked' });
    expect(body.revocations).toEqual({
      total: 1,
      items: [
        {
          taskId: 'C2:1',
          caseNo: 'C2',
          supervisingDept: 'LYG-SCJGJ',
          divisionCode: 'LYG-SCJGJ-SPJY',
          approvalDept: 'LYG-SCJGJ',
          taskStatus: 'revoked',
          proposal: { proposedAt: '2026-05-21T02:00:00.000Z', reason: '整改后仍不符合许可条件' },
          decision: { decidedAt: '2026-05-22T02:00:00.000Z', decision: 'revoke', explanation: '撤销食品经营许可', documentNo: '连市监撤〔2026〕8号' },
        },
      ],
    });
    expect(body.creditRecords.items.map((r: { caseNo: string }) => r.caseNo)).toEqual(['C2', 'OLD-1']);
    expect(body.samplingDraws.items.map((d: { caseNo: string }) => d.caseNo)).toEqual(['SC-2', 'SC-1']);
  });

  it("leaves out another region's rows: Lianyungang sees its district Haizhou, not Tianjin", async () => {
    const body = (await portrait(people.lygAuditor)).json();
    // C3 (Tianjin) is left out: the newest visible case with a name is C2 (C4 has none).
    expect(body.name).toBe('连云港示例食品有限公司');
    expect(caseNos(body.approvals)).toEqual(['C2', 'C4', 'C1']);
    expect(taskIds(body.tasks)).toEqual(['C2:2', 'C2:1', 'C1:1']);
    expect(body.inspections.total).toBe(4);
    expect(taskIds(body.rectifications)).toEqual(['C2:1']);
    expect(taskIds(body.revocations)).toEqual(['C2:1']);
    // Draws by the department of its region only; credit records are public and all shown.
    expect(body.samplingDraws.items.map((d: { caseNo: string }) => d.caseNo)).toEqual(['SC-1']);
    expect(body.creditRecords.total).toBe(2);
    expect(body.creditGrade.grade).toBe('C');

    const tianjin = (await portrait(people.tianjinAdmin)).json();
    expect(caseNos(tianjin.approvals)).toEqual(['C3']);
    expect(taskIds(tianjin.tasks)).toEqual(['C3:1']);
    expect(tianjin.inspections.total).toBe(1);
    expect(tianjin.revocations.total).toBe(0);

    // A district sees itself only.
    const haizhou = (await portrait({ sub: 'hz-auditor', roles: ['auditor'], region: '320706' })).json();
    expect(caseNos(haizhou.approvals)).toEqual(['C1']);
    expect(haizhou.name).toBe('海州示例食品店');
  });

  it("limits a department's own staff to its approvals and the tasks it supervises", async () => {
    // LYG-SCJGJ approved C2 and supervises C2:1.
    const coordinator = (await portrait({ sub: 'c1', roles: ['coordinator'], region: '320700', dept: 'LYG-SCJGJ', level: 1 })).json();
    expect(coordinator.scope).toEqual({ region: '320700', dept: 'LYG-SCJGJ' });
    expect(caseNos(coordinator.approvals)).toEqual(['C2']);
    expect(taskIds(coordinator.tasks)).toEqual(['C2:1']);
    expect(coordinator.inspections.total).toBe(2);
    expect(taskIds(coordinator.revocations)).toEqual(['C2:1']);
    expect(coordinator.samplingDraws.total).toBe(1);

    // LYG-WJW approved nothing and supervises C2:2 only; it still reads the enterprise's name.
    const health = (await portrait({ sub: 'd1', roles: ['division_admin'], region: '320700', dept: 'LYG-WJW', division: 'LYG-WJW-WS' })).json();
    expect(health.approvals).toEqual({ total: 0, items: [] });
    expect(taskIds(health.tasks)).toEqual(['C2:2']);
    expect(health.inspections.items.map((i: { result: string }) => i.result)).toEqual(['compliant']);
    expect(health.rectifications.total).toBe(0);
    expect(health.samplingDraws.total).toBe(0);
    expect(health.name).toBe('连云港示例食品有限公司');

    // The approval platform's service account (no dept) sees its whole region.
    const platform = (await portrait(people.approvalPlatform)).json();
    expect(platform.scope).toEqual({ region: '320700' });
    expect(caseNos(platform.approvals)).toEqual(['C2', 'C4', 'C1']);
  });

  it('bounds each list and counts all of it', async () => {
    const body = (await portrait(people.lygAuditor, ENTERPRISE, '?limit=2')).json();
    expect(body.approvals.total).toBe(3);
    expect(caseNos(body.approvals)).toEqual(['C2', 'C4']);
    expect(body.inspections.total).toBe(4);
    expect(body.inspections.items).toHaveLength(2);
    expect((await portrait(people.lygAuditor, ENTERPRISE, '?limit=0')).statusCode).toBe(400);
  });

  it('answers 200 with empty lists for an enterprise without any row; an old record does not make it dishonest', async () => {
    const empty = (await portrait(people.lygAuditor, NOTHING)).json();
    expect(empty).toMatchObject({ creditCode: NOTHING, name: null, creditGrade: null, dishonest: false });
    for (const list of ['approvals', 'tasks', 'inspections', 'rectifications', 'revocations', 'creditRecords', 'samplingDraws']) {
      expect(empty[list]).toEqual({ total: 0, items: [] });
    }
    // Recorded 2020-01-10: three years later (2023-01-10) it stopped counting (domain/credit.ts).
    const old = (await portrait(people.lygAuditor, OLD_RECORD_ONLY)).json();
    expect(old.dishonest).toBe(false);
    expect(old.creditRecords.total).toBe(1);
  });

  it('refuses an invalid credit code naming the rule, and roles that may not read portraits', async () => {
    const wrongCheck = ENTERPRISE.slice(0, 17) + (ENTERPRISE.endsWith('0') ? '1' : '0');
    const bad = await portrait(people.lygAuditor, wrongCheck);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().problems).toEqual([expect.objectContaining({ field: 'params/creditCode', rule: 'creditCode.check' })]);
    expect((await portrait(people.lygCatalogue)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: `/api/enterprises/${ENTERPRISE}` })).statusCode).toBe(401);
  });

  it('is the same query module the API uses, callable directly with a scope', async () => {
    // Dishonesty judged on 2029-05-23: the 2026-05-22 record counts until 2029-05-22, so no more.
    const later = await enterprisePortrait(t.database.db, ENTERPRISE, { region: '320700', dept: 'LYG-SCJGJ' }, { limit: 1, now: '2029-05-23T00:00:00.000Z' });
    expect(later.dishonest).toBe(false);
    expect(later.approvals).toMatchObject({ total: 1, items: [{ caseNo: 'C2' }] });
    expect(later.tasks.items).toHaveLength(1);
  });
});

describe('a real case in the portrait', () => {
  it('shows a case started through the API, and its inspection, once projected', async () => {
    const platform = await bearer(people.approvalPlatform);
    const divisionAdmin = await bearer({ sub: fixture.divisionAdmin, roles: ['division_admin'], region: fixture.region, dept: fixture.dept, division: fixture.division });
    const input = caseInput({ applicant: { name: '连云港实况食品有限公司', creditCode: LIVE, phone: '13800000000' } });
    expect((await t.app.inject({ method: 'POST', url: '/api/cases', headers: platform, payload: input })).statusCode).toBe(201);

    const taskId = `${input.caseNo}:1`;
    await vi.waitFor(
      async () => {
        const body = (await portrait(people.lygAuditor, LIVE)).json();
        expect(body.name).toBe('连云港实况食品有限公司');
        expect(body.approvals.items).toMatchObject([{ caseNo: input.caseNo, stage: 'supervising', approvalDept: fixture.dept }]);
        expect(body.tasks.items).toMatchObject([{ taskId, divisionCode: fixture.division, status: 'notified' }]);
      },
      { timeout: 15_000, interval: 200 },
    );

    const task = (step: string) => `/api/tasks/${encodeURIComponent(taskId)}/${step}`;
    expect((await t.app.inject({ method: 'POST', url: task('view'), headers: divisionAdmin })).statusCode).toBe(200);
    const inspectedAt = new Date().toISOString();
    const inspected = await t.app.inject({ method: 'POST', url: task('inspections'), headers: divisionAdmin, payload: { inspectedAt, result: 'compliant' } });
    expect(inspected.statusCode).toBe(200);
    await vi.waitFor(
      async () => {
        const body = (await portrait(people.lygAuditor, LIVE)).json();
        expect(body.inspections.items).toMatchObject([{ taskId, caseNo: input.caseNo, result: 'compliant', inspectedAt }]);
        expect(body.tasks.items[0].status).toBe('done');
      },
      { timeout: 15_000, interval: 200 },
    );
  });
});
