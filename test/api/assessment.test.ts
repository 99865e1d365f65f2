// /api/stats/assessment and /api/stats/spot-sample over read-model rows written by hand: two
// departments of Lianyungang (approval APP, supervision MKT), one of its Haizhou district (HZ-MKT),
// one of Dongli, Tianjin (TJ-MKT); period March 2026 = [2026-03-01, 2026-04-01) Asia/Shanghai.
// March 2026 has no holidays (working days Mon–Fri); 4–6 April is Qingming.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { applyProblemStep, findProblem, insertProblem } from '../../db/problems.js';
import { problems } from '../../db/schema/index.js';
import { drawSample } from '../../domain/spot-sample.js';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { caseInput } from '../helpers/case-input.js';
import { fixture } from '../helpers/catalogue-fixture.js';
import { caseRow, deadlineRow, seedReadModel, sh, taskRow } from '../helpers/assessment-rows.js';
import { createDepartments, createRegions } from '../helpers/org-setup.js';
import { bearer, people } from '../helpers/tokens.js';

type Headers = { authorization: string };
let t: TestApp;
let auditor: Headers;
let admin: Headers;

const MARCH = 'from=2026-03-01&to=2026-04-01';
/** No spot-check findings or notice letters (test/api/notice-letters.test.ts counts those). */
const noNotices = { findings: 0, lettersReceived: 0, acknowledged: 0, rectified: 0, rectifiedLate: 0, overdue: 0 };

beforeAll(async () => {
  t = await createTestApp();
  [auditor, admin] = await Promise.all([bearer(people.lygAuditor), bearer(people.nationalAdmin)]);
  await createRegions(t.app, admin);
  await createDepartments(t.app, admin, [
    ['APP', '320700', '市行政审批局', 'approval'],
    ['MKT', '320700', '市市场监管局', 'supervision'],
    ['HZ-MKT', '320706', '海州区市场监管局', 'supervision'],
    ['TJ-MKT', '120110', '东丽区市场监管局', 'supervision'],
  ]);

  await seedReadModel(t.database.db, {
    cases: [
      // C1 decided Mon 03-02 10:00, pushed 10:05: due end of Tue 03-03 → in time.
      caseRow('C1', { decidedAt: sh('2026-03-02 10:00'), pushedAt: sh('2026-03-02 10:05'), stage: 'closed', outcome: 'completed', closedAt: sh('2026-03-10 10:00') }),
      // C2 decided Thu 03-05 15:00, pushed Mon 03-09: due end of Fri 03-06 → late.
      caseRow('C2', { decidedAt: sh('2026-03-05 15:00'), pushedAt: sh('2026-03-09 09:00'), stage: 'closed', outcome: 'revoked', closedAt: sh('2026-03-26 10:00') }),
      // C3 deferral decided 03-10, materials Fri 03-20, pushed Mon 03-23 11:00: the push fell due with
      // the materials → due end of Mon 03-23 → in time (from the decision it would have been late).
      caseRow('C3', { mode: 'deferral', decidedAt: sh('2026-03-10 10:00'), pushedAt: sh('2026-03-23 11:00') }),
      // C4 post-check decided Tue 03-31 23:30 (inside), never pushed (waiting for its linkage), still
      // open: due end of Wed 04-01, passed → late.
      caseRow('C4', { mode: 'postCheck', decidedAt: sh('2026-03-31 23:30'), stage: 'awaiting_linkage' }),
      // C5 decided at 04-01 00:00, the period's end (excluded); C6 in February.
      caseRow('C5', { decidedAt: sh('2026-04-01 00:00'), pushedAt: sh('2026-04-03 10:00') }),
      caseRow('C6', { decidedAt: sh('2026-02-27 10:00'), pushedAt: sh('2026-03-05 10:00') }),
      // C7 deferral waiting for materials: decided in the period, owes no push yet.
      caseRow('C7', { mode: 'deferral', decidedAt: sh('2026-03-12 10:00'), stage: 'awaiting_materials' }),
      // C8 a spot check (no approval of its own): not on the approval side.
      caseRow('C8', { mode: 'spotCheck', decidedAt: sh('2026-03-19 10:00'), pushedAt: sh('2026-03-19 10:00') }),
      // C9 in Tianjin.
      caseRow('C9', { region: '120110', approvalDept: 'TJ-APP', decidedAt: sh('2026-03-02 10:00'), pushedAt: sh('2026-03-09 10:00') }),
      // P1 a post-check decided and pushed Mon 03-16 10:00 → in time.
      caseRow('P1', { mode: 'postCheck', decidedAt: sh('2026-03-16 10:00'), pushedAt: sh('2026-03-16 10:00') }),
    ],
    timeline: [
      { caseNo: 'C3', seq: 0, at: sh('2026-03-10 10:00'), actor: 'svc', action: 'case.started' },
      { caseNo: 'C3', seq: 1, at: sh('2026-03-20 10:00'), actor: 'svc', action: 'materials.submitted', reason: '补交材料' },
      { caseNo: 'C3', seq: 2, at: sh('2026-03-23 11:00'), actor: 'system', action: 'case.pushed' },
    ],
    tasks: [
      // T1 pushed Mon 03-02 10:05, view due end of Thu 03-05, viewed Wed 03-04 → in time; 1 result in time.
      taskRow('C1#1', { notifiedAt: sh('2026-03-02 10:05'), startDueAt: sh('2026-03-05 24:00'), viewedAt: sh('2026-03-04 09:00'), results: 1, status: 'done', closedAt: sh('2026-03-10 10:00') }),
      // T2 pushed Mon 03-09, view due end of Thu 03-12, viewed Mon 03-16 → late; 2 results, 1 late;
      // rectification ordered 03-18, revocation proposed 03-25, revoked 03-26.
      taskRow('C2#1', {
        notifiedAt: sh('2026-03-09 09:00'),
        startDueAt: sh('2026-03-12 24:00'),
        viewedAt: sh('2026-03-16 10:00'),
        results: 2,
        lateResults: 1,
        rectificationOrderedAt: sh('2026-03-18 10:00'),
        revocationProposedAt: sh('2026-03-25 10:00'),
        revocationDecision: 'revoke',
        revocationDecidedAt: sh('2026-03-26 10:00'),
        status: 'revoked',
        closedAt: sh('2026-03-26 10:00'),
      }),
      // T3 pushed Mon 03-23, view due end of Thu 03-26, never viewed, still open → late.
      taskRow('C3#1', { mode: 'deferral', notifiedAt: sh('2026-03-23 11:00'), startDueAt: sh('2026-03-26 24:00') }),
      // T4 post-check decided Mon 03-16: start due end of Tue 03-17 (viewed 03-17 09:00 → in time),
      // finish due 10 working days later, end of Mon 03-30; first result recorded 03-31 → late.
      // Rectification ordered 03-31.
      taskRow('P1#1', {
        mode: 'postCheck',
        notifiedAt: sh('2026-03-16 10:00'),
        startDueAt: sh('2026-03-17 24:00'),
        finishDueAt: sh('2026-03-30 24:00'),
        viewedAt: sh('2026-03-17 09:00'),
        finishedAt: sh('2026-03-31 10:00'),
        results: 1,
        rectificationOrderedAt: sh('2026-03-31 11:00'),
        status: 'rectifying',
      }),
      // T5 spot check drawn Thu 03-19: start due end of Fri 03-20, viewed Mon 03-23 → late; finish due
      // end of Thu 04-02 (03-20, 23–27, 30, 31, 04-01, 04-02), result recorded 03-27 → in time.
      // Proposal 03-30, declined 03-31.
      taskRow('C8#1', {
        mode: 'spotCheck',
        notifiedAt: sh('2026-03-19 10:00'),
        startDueAt: sh('2026-03-20 24:00'),
        finishDueAt: sh('2026-04-02 24:00'),
        viewedAt: sh('2026-03-23 10:00'),
        finishedAt: sh('2026-03-27 15:00'),
        results: 1,
        revocationProposedAt: sh('2026-03-30 10:00'),
        revocationDecision: 'decline',
        revocationDecidedAt: sh('2026-03-31 15:00'),
        status: 'declined',
        closedAt: sh('2026-03-31 15:00'),
      }),
      // T6 pushed at 04-01 00:00 (outside), viewed late, with a result: counts nowhere.
      taskRow('C5#1', { notifiedAt: sh('2026-04-01 00:00'), startDueAt: sh('2026-04-07 24:00'), viewedAt: sh('2026-04-09 10:00'), results: 3, lateResults: 3 }),
      // T7 pushed in February, but its proposal (03-03) and the decision to decline (03-04) fall in
      // March: events count by when they happened.
      taskRow('C6#1', {
        notifiedAt: sh('2026-02-27 10:00'),
        startDueAt: sh('2026-03-04 24:00'),
        viewedAt: sh('2026-02-27 11:00'),
        revocationProposedAt: sh('2026-03-03 10:00'),
        revocationDecision: 'decline',
        revocationDecidedAt: sh('2026-03-04 10:00'),
        status: 'declined',
        closedAt: sh('2026-03-04 10:00'),
      }),
      // T8 pushed Mon 03-30, withdrawn Tue 03-31 before its view was due (end of Thu 04-02): counts neither way.
      taskRow('C7#1', { notifiedAt: sh('2026-03-30 10:00'), startDueAt: sh('2026-04-02 24:00'), status: 'cancelled', closedAt: sh('2026-03-31 10:00') }),
      // T10 Haizhou's department: pushed 03-10, viewed an hour later.
      taskRow('H1#1', { region: '320706', supervisingDept: 'HZ-MKT', notifiedAt: sh('2026-03-10 10:00'), startDueAt: sh('2026-03-13 24:00'), viewedAt: sh('2026-03-10 11:00') }),
      // T9 Tianjin.
      taskRow('C9#1', { region: '120110', approvalDept: 'TJ-APP', supervisingDept: 'TJ-MKT', notifiedAt: sh('2026-03-09 10:00'), startDueAt: sh('2026-03-12 24:00') }),
    ],
    deadlines: [
      // Missed by MKT, due in March, by the last escalation level reached.
      deadlineRow('C2', 'view:C2#1', { dueAt: sh('2026-03-12 24:00'), overdue: true, escalatedLevels: [2, 1], escalationLevel: 1 }),
      deadlineRow('C3', 'view:C3#1', { dueAt: sh('2026-03-26 24:00'), overdue: true, escalatedLevels: [2, 1, 3], escalationLevel: 3 }),
      deadlineRow('P1', 'postCheckFinish:P1#1', { dueAt: sh('2026-03-30 24:00'), overdue: true, escalatedLevels: [2], escalationLevel: 2 }),
      deadlineRow('C8', 'postCheckStart:C8#1', { dueAt: sh('2026-03-20 24:00'), overdue: true, escalatedLevels: [2], escalationLevel: 2 }),
      // Not counted: the applicant's rectification and materials deadlines, one met, one due in April, one in Tianjin.
      deadlineRow('C2', 'rectification:C2#1', { dueAt: sh('2026-03-20 24:00'), overdue: true, escalatedLevels: [2], escalationLevel: 2 }),
      deadlineRow('C7', 'materials', { taskId: null, deptCode: 'APP', dueAt: sh('2026-03-20 24:00'), overdue: true, escalatedLevels: [2], escalationLevel: 2 }),
      deadlineRow('C1', 'view:C1#1', { dueAt: sh('2026-03-05 24:00') }),
      deadlineRow('C5', 'view:C5#1', { dueAt: sh('2026-04-07 24:00'), overdue: true, escalatedLevels: [2, 1], escalationLevel: 1 }),
      deadlineRow('C9', 'view:C9#1', { region: '120110', deptCode: 'TJ-MKT', dueAt: sh('2026-03-12 24:00'), overdue: true, escalatedLevels: [2], escalationLevel: 2 }),
    ],
  });
});
afterAll(async () => t?.close());

const get = (headers: Headers, query: string) => t.app.inject({ method: 'GET', url: `/api/stats/assessment?${query}`, headers });
const rowOf = (body: { rows: { deptCode: string }[] }, code: string): any => body.rows.find((r) => r.deptCode === code);

describe('assessment figures per department', () => {
  it('counts the approval side of APP over the cases decided in March', async () => {
    const res = await get(auditor, MARCH);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ region: '320700', dept: null, from: '2026-03-01', to: '2026-04-01' });
    // Decided in March, not spot checks: C1, C2, C3, C4, C7, P1 = 6 (C5 on 04-01, C6 in February, C8 a
    // spot check, C9 Tianjin). Push in time: C1, C3, P1 = 3; late: C2, C4 = 2; C7 owes none yet. 3 / 5 = 0.6.
    // Proposals received in March: T2 (03-25), T5 (03-30), T7 (03-03) = 3; revoked: T2; declined: T5, T7.
    expect(rowOf(body, 'APP')).toEqual({
      deptCode: 'APP',
      deptName: '市行政审批局',
      region: '320700',
      side: 'approval',
      approval: { casesDecided: 6, push: { due: 5, inTime: 3, late: 2, pending: 0, rate: 0.6 }, revocationsProposed: 3, revoked: 1, declined: 2 },
      supervision: null,
      notices: noNotices,
      problems: { raised: 0, resolved: 0, resolvedInTime: 0, escalated: 0, referred: 0, open: 0 },
    });
  });

  it('counts the supervision side of MKT over the tasks pushed in March, events by when they happened', async () => {
    const body = (await get(auditor, MARCH)).json();
    expect(rowOf(body, 'MKT')).toEqual({
      deptCode: 'MKT',
      deptName: '市市场监管局',
      region: '320700',
      side: 'supervision',
      approval: null,
      supervision: {
        // Pushed in March: T1, T2, T3, T4, T5, T8 = 6 (T6 on 04-01 00:00 and T7 in February are outside).
        tasksPushed: 6,
        // View (not checks): T1 in time; T2 viewed late, T3 never viewed past its due time = 2 late;
        // T8 withdrawn before its due time counts neither way. 1 / 3 = 0.3333.
        view: { due: 3, inTime: 1, late: 2, pending: 0, rate: 0.3333 },
        // Check start: T4 in time, T5 late. 1 / 2.
        checkStart: { due: 2, inTime: 1, late: 1, pending: 0, rate: 0.5 },
        // Check finish: T4 late (03-31 > end of 03-30), T5 in time (03-27 ≤ end of 04-02). 1 / 2.
        checkFinish: { due: 2, inTime: 1, late: 1, pending: 0, rate: 0.5 },
        // Results: T1 1 + T2 2 + T4 1 + T5 1 = 5, of which 1 late (T2): 4 / 5 = 0.8.
        results: { due: 5, inTime: 4, late: 1, pending: 0, rate: 0.8 },
        // Missed deadlines due in March: view T2 (last level 1), view T3 (level 3), finish T4 and start T5
        // (level 2) = 4; the applicant's rectification, the met view of T1, T5's April one are not counted.
        overdue: { total: 4, level2: 2, level1: 1, level3: 1 },
        // Ordered in March: T2 (03-18), T4 (03-31). Proposed: T2, T5, T7. Revoked: T2. Declined: T5, T7.
        rectificationsOrdered: 2,
        revocationsProposed: 3,
        revoked: 1,
        declined: 2,
      },
      notices: noNotices,
      // Problem records: see "coordinators' problem records" below (none raised yet).
      problems: { raised: 0, resolved: 0, resolvedInTime: 0, escalated: 0, referred: 0, open: 0 },
    });
  });

  it("includes the departments of the region's districts and nothing of another region", async () => {
    const body = (await get(auditor, MARCH)).json();
    expect(body.rows.map((r: { deptCode: string }) => r.deptCode)).toEqual(['APP', 'HZ-MKT', 'MKT']);
    // T10: pushed 03-10, viewed the same day.
    expect(rowOf(body, 'HZ-MKT').supervision).toMatchObject({ tasksPushed: 1, view: { due: 1, inTime: 1, late: 0, rate: 1 }, checkStart: { due: 0, rate: null }, overdue: { total: 0 } });
    const district = (await get(auditor, `${MARCH}&region=320706`)).json();
    expect(district.rows.map((r: { deptCode: string }) => r.deptCode)).toEqual(['HZ-MKT']);
  });

  it('answers one department when asked, and the same figures', async () => {
    const body = (await get(auditor, `${MARCH}&dept=MKT`)).json();
    expect(body.dept).toBe('MKT');
    expect(body.rows).toHaveLength(1);
    expect(body.rows[0].supervision.tasksPushed).toBe(6);
  });

  it('a period outside the cases counts nothing; a period that ends before it starts is refused', async () => {
    const april = (await get(auditor, 'from=2026-05-01&to=2026-06-01')).json();
    expect(rowOf(april, 'MKT').supervision).toMatchObject({ tasksPushed: 0, view: { due: 0, rate: null }, overdue: { total: 0 } });
    const bad = await get(auditor, 'from=2026-04-01&to=2026-03-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().problems).toEqual([expect.objectContaining({ field: 'querystring/to', rule: 'after' })]);
    expect((await get(auditor, 'from=2024-01-01&to=2024-02-01')).json().problems[0]).toMatchObject({ field: 'querystring/from', rule: 'calendar' });
  });

  it('exports the rows as CSV with a BOM and Chinese headers', async () => {
    for (const url of [`/api/stats/assessment.csv?${MARCH}`, `/api/stats/assessment?${MARCH}&format=csv`]) {
      const res = await t.app.inject({ method: 'GET', url, headers: auditor });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.body.startsWith('\uFEFF部门编码,部门名称,区划,部门类别,审批办结件数,信息推送应办数,信息推送按时数,信息推送超时数,信息推送未到期数,信息推送按时率,')).toBe(true);
      const lines = res.body.slice(1).trimEnd().split('\r\n');
      expect(lines).toHaveLength(4);
      const header = lines[0]!.split(',');
      const mkt = lines.find((l) => l.startsWith('MKT,'))!.split(',');
      const app = lines.find((l) => l.startsWith('APP,'))!.split(',');
      const cell = (row: string[], name: string) => row[header.indexOf(name)];
      expect(cell(app, '部门类别')).toBe('审批部门');
      expect(cell(app, '信息推送按时率')).toBe('60%');
      expect(cell(app, '推送监管任务数')).toBe('');
      expect(cell(mkt, '3个工作日内查看按时数')).toBe('1');
      expect(cell(mkt, '3个工作日内查看按时率')).toBe('33.3%');
      expect(cell(mkt, '1个工作日内启动核查按时率')).toBe('50%');
      expect(cell(mkt, '5个工作日内反馈结果按时率')).toBe('80%');
      expect(cell(mkt, '逾期（三级协调员）')).toBe('1');
      expect(cell(mkt, '审批办结件数')).toBe('');
    }
  });
});

describe("coordinators' problem records (D 四 3(2))", () => {
  beforeAll(async () => {
    const db = t.database.db;
    type Step = [at: string, status: 'open' | 'resolved' | 'referred' | 'in_progress', action: 'resolved' | 'referred' | 'escalated' | 'auto-escalated', level?: number];
    const raised = async (deptCode: string, region: string, at: string, steps: Step[] = []) => {
      const row = await insertProblem(db, { region, deptCode, counterpartDept: null, subjectKind: 'general', subjectCode: null, caseNo: null, description: '问题', level: 1, raisedBy: 'mkt-coord', raisedLevel: 2, idempotencyKey: null }, []);
      await db.update(problems).set({ raisedAt: sh(at), lastActivityAt: sh(at) }).where(eq(problems.id, row.id));
      for (const [when, status, action, level] of steps) {
        const before = (await findProblem(db, row.id))!;
        await applyProblemStep(db, before, { actor: 'x', action, status, level, answers: true, at: sh(when) });
      }
    };
    // Q1 resolved the next day; Q2 climbed unanswered, then resolved (not within the limit); Q3
    // escalated by hand, then referred to 会商; Q4 open; Q5 raised in February; Q6 in Tianjin.
    await raised('MKT', '320700', '2026-03-02 10:00', [['2026-03-03 10:00', 'resolved', 'resolved']]);
    await raised('MKT', '320700', '2026-03-05 10:00', [['2026-03-10 00:00', 'open', 'auto-escalated', 3], ['2026-03-12 10:00', 'resolved', 'resolved']]);
    await raised('MKT', '320700', '2026-03-10 10:00', [['2026-03-11 10:00', 'in_progress', 'escalated', 3], ['2026-03-12 10:00', 'referred', 'referred']]);
    await raised('MKT', '320700', '2026-03-20 10:00');
    await raised('MKT', '320700', '2026-02-27 10:00');
    await raised('TJ-MKT', '120110', '2026-03-20 10:00');
  });

  it('counts per raising department what was raised in the period and how it went', async () => {
    const body = (await get(auditor, MARCH)).json();
    expect(rowOf(body, 'MKT').problems).toEqual({ raised: 4, resolved: 2, resolvedInTime: 1, escalated: 2, referred: 1, open: 1 });
    expect(rowOf(body, 'APP').problems).toEqual({ raised: 0, resolved: 0, resolvedInTime: 0, escalated: 0, referred: 0, open: 0 });
    const csv = (await t.app.inject({ method: 'GET', url: `/api/stats/assessment.csv?${MARCH}`, headers: auditor })).body.slice(1).trimEnd().split('\r\n');
    const header = csv[0]!.split(',');
    const mkt = csv.find((l) => l.startsWith('MKT,'))!.split(',');
    expect(header.slice(-6)).toEqual(['协调员记录问题数', '问题已解决数', '问题按时解决数', '问题升级数', '问题提交会商数', '问题未办结数']);
    expect(mkt.slice(-6)).toEqual(['4', '2', '1', '2', '1', '1']);
  });
});

describe('who sees which figures', () => {
  it("limits a coordinator to its own department, and refuses another region's admin and other roles", async () => {
    const coordinator = await bearer({ sub: 'mkt-coord', roles: ['coordinator'], region: '320700', dept: 'MKT', level: 1 });
    const own = (await get(coordinator, MARCH)).json();
    expect(own.rows.map((r: { deptCode: string }) => r.deptCode)).toEqual(['MKT']);
    const other = await get(coordinator, `${MARCH}&dept=APP`);
    expect(other.statusCode).toBe(403);
    expect(other.json().message).toContain('超出部门范围');
    const tianjin = await get(await bearer(people.tianjinAdmin), `${MARCH}&region=320700`);
    expect(tianjin.statusCode).toBe(403);
    expect((await get(await bearer(people.lygCatalogue), MARCH)).statusCode).toBe(403);
    // A region admin of Lianyungang reads the whole region.
    expect((await get(await bearer(people.lygAdmin), MARCH)).json().rows).toHaveLength(3);
  });
});

describe('pending steps', () => {
  it('counts a standard case decided just now and not pushed yet as pending, not late', async () => {
    await createDepartments(t.app, admin, [['NOW', '320700', '即时审批部门', 'approval']]);
    await seedReadModel(t.database.db, { cases: [caseRow('N1', { approvalDept: 'NOW', decidedAt: new Date().toISOString(), stage: 'awaiting_linkage' })] });
    // Default period: 1 January this year to tomorrow; its push is due at the end of the next working day.
    const body = (await get(auditor, 'dept=NOW')).json();
    expect(body.rows[0].approval).toMatchObject({ casesDecided: 1, push: { due: 0, inTime: 0, late: 0, pending: 1, rate: null } });
  });
});

describe('spot-check sample (随机抽查)', () => {
  // 20 handled cases decided in February (outside the assessment above), closed in March; plus C1
  // and C2 closed in March: 22 candidates. Not candidates: an open case, one closed in April, one in Tianjin.
  const handled = Array.from({ length: 20 }, (_, i) => `S${String(i + 1).padStart(2, '0')}`);
  beforeAll(async () => {
    await seedReadModel(t.database.db, {
      cases: [
        ...handled.map((caseNo, i) =>
          caseRow(caseNo, { decidedAt: sh('2026-02-02 10:00'), pushedAt: sh('2026-02-02 10:00'), stage: 'closed', outcome: 'completed', closedAt: sh(`2026-03-${String(i + 2).padStart(2, '0')} 10:00`) }),
        ),
        caseRow('X-OPEN', { decidedAt: sh('2026-02-02 10:00') }),
        caseRow('X-APRIL', { decidedAt: sh('2026-02-02 10:00'), stage: 'closed', outcome: 'completed', closedAt: sh('2026-04-01 00:00') }),
        caseRow('X-TJ', { region: '120110', approvalDept: 'TJ-APP', decidedAt: sh('2026-02-02 10:00'), stage: 'closed', outcome: 'completed', closedAt: sh('2026-03-05 10:00') }),
      ],
    });
  });
  const sample = (query: string, headers = auditor) => t.app.inject({ method: 'GET', url: `/api/stats/spot-sample?${MARCH}&${query}`, headers });
  const candidates = ['C1', 'C2', ...handled];

  it('draws the same cases for the same seed, other cases for another, only closed cases of the scope', async () => {
    const first = (await sample('size=5&seed=2026-h1')).json();
    expect(first).toMatchObject({ seed: '2026-h1', region: '320700', size: 5, candidates: 22 });
    const drawn = first.cases.map((c: { caseNo: string }) => c.caseNo);
    expect(drawn).toEqual(drawSample(candidates, '2026-h1', 5));
    expect(first.cases.map((c: { rank: number }) => c.rank)).toEqual([1, 2, 3, 4, 5]);
    for (const c of first.cases) expect(candidates).toContain(c.caseNo);
    expect(first.cases[0]).toMatchObject({ region: '320700', outcome: expect.any(String), closedAt: expect.any(String) });

    const again = (await sample('size=5&seed=2026-h1')).json();
    expect(again.cases.map((c: { caseNo: string }) => c.caseNo)).toEqual(drawn);
    const other = (await sample('size=5&seed=another')).json();
    expect(other.cases.map((c: { caseNo: string }) => c.caseNo)).not.toEqual(drawn);
    expect(other.cases.map((c: { caseNo: string }) => c.caseNo)).toEqual(drawSample(candidates, 'another', 5));
  });

  it('chooses and names a seed when none is given; draws all when fewer candidates than asked', async () => {
    const chosen = (await sample('size=3')).json();
    expect(chosen.seed).toMatch(/^[0-9a-f]{12}$/);
    const replay = (await sample(`size=3&seed=${chosen.seed}`)).json();
    expect(replay.cases).toEqual(chosen.cases);
    const all = (await sample('size=50&seed=x')).json();
    expect(all.cases.map((c: { caseNo: string }) => c.caseNo).sort()).toEqual([...candidates].sort());
  });

  it('is for auditors of the region only', async () => {
    expect((await sample('size=3', await bearer(people.lygAdmin))).statusCode).toBe(403);
    const tianjinAuditor = await bearer({ sub: 'tj-auditor', roles: ['auditor'], region: '120110' });
    expect((await sample('size=3&region=320700', tianjinAuditor)).statusCode).toBe(403);
    const own = (await sample('size=3', tianjinAuditor)).json();
    expect(own.cases.map((c: { caseNo: string }) => c.caseNo)).toEqual(['X-TJ']);
  });
});

describe('a case driven through the API by a real worker', () => {
  let w: TestApp;
  beforeAll(async () => {
    w = await createTestApp({ withWorker: true });
  });
  afterAll(async () => w?.close());

  it('shows up in the figures and, once closed, in the spot-check candidates', async () => {
    const platform = await bearer(people.approvalPlatform);
    const officer = await bearer({ sub: 'officer-1', roles: ['approval_officer'], region: fixture.region, dept: fixture.dept });
    const divisionAdmin = await bearer({ sub: fixture.divisionAdmin, roles: ['division_admin'], region: fixture.region, dept: fixture.dept, division: fixture.division });
    const call = (method: 'GET' | 'POST', url: string, headers: Headers, payload?: object) => w.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
    const input = caseInput({ mode: 'postCheck', commitment: '承诺符合食品安全条件', decidedAt: new Date().toISOString() });
    expect((await call('POST', '/api/cases', platform, input)).statusCode).toBe(201);
    const taskId = `${input.caseNo}:1`;
    await vi.waitFor(async () => expect((await call('GET', `/api/tasks?division=${fixture.division}`, divisionAdmin)).json().items.map((x: { taskId: string }) => x.taskId)).toContain(taskId), {
      timeout: 15_000,
    });
    const task = (step: string) => `/api/tasks/${encodeURIComponent(taskId)}/${step}`;
    expect((await call('POST', task('view'), divisionAdmin)).statusCode).toBe(200);
    expect((await call('POST', task('inspections'), divisionAdmin, { inspectedAt: new Date().toISOString(), result: 'compliant' })).statusCode).toBe(200);
    await vi.waitFor(async () => expect((await call('GET', `/api/cases/${input.caseNo}`, officer)).json()).toMatchObject({ stage: 'closed', outcome: 'completed' }), { timeout: 15_000 });

    // This year to date (the default period); the fixture department is on both sides. Pushed, viewed
    // and inspected within seconds of the decision: every step in time.
    // The figures come from the read model, which the case projects a moment after its view changes.
    await vi.waitFor(
      async () => {
        const stats = await call('GET', `/api/stats/assessment?dept=${fixture.dept}`, await auditorOf(fixture.region));
        const [row] = stats.json().rows;
        expect(row.approval).toMatchObject({ casesDecided: 1, push: { due: 1, inTime: 1, rate: 1 } });
        expect(row.supervision).toMatchObject({
          tasksPushed: 1,
          view: { due: 0 },
          checkStart: { due: 1, inTime: 1 },
          checkFinish: { due: 1, inTime: 1 },
          results: { due: 1, inTime: 1 },
          overdue: { total: 0 },
        });
      },
      { timeout: 15_000 },
    );
    const sample = (await call('GET', '/api/stats/spot-sample?size=5&seed=e2e', await auditorOf(fixture.region))).json();
    expect(sample).toMatchObject({ candidates: 1, cases: [{ caseNo: input.caseNo, outcome: 'completed', mode: 'postCheck' }] });
  });
});

/** An auditor header of a region (minted per call; cheap). */
function auditorOf(region: string): Promise<Headers> {
  return bearer({ sub: `auditor-${region}`, roles: ['auditor'], region });
}
