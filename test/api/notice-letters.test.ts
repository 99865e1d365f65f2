// /api/notice-letters and /api/stats/regular-checks (Dongli 四 2): spot-check findings, the numbered
// notice letter (告知函) and its printable document, the department's acknowledgement and
// rectification report, the counts in the assessment and its CSV, scope refusals, and distinct
// numbers under concurrent issues. Read-model cases written by hand (test/helpers/assessment-rows.ts).
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertLetter } from '../../db/notice-letters.js';
import { auditLog } from '../../db/schema/index.js';
import { createCalendar } from '../../domain/calendar/index.js';
import { shanghaiDate } from '../../domain/case/local-time.js';
import { rectificationDue, RECTIFICATION_REPORT_WORKING_DAYS } from '../../domain/notice-letters.js';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { caseRow, seedReadModel, sh, taskRow } from '../helpers/assessment-rows.js';
import { createDepartments, createRegions } from '../helpers/org-setup.js';
import { bearer, people } from '../helpers/tokens.js';

type Headers = { authorization: string };
let t: TestApp;
let admin: Headers;
let auditor: Headers;
let lygAdmin: Headers;
let tjAdmin: Headers;
let appCoordinator: Headers;
let mktCoordinator: Headers;

/** The applicant of C1, a person: never in a letter. */
const APPLICANT = '张三丰';
const PHONE = '13912345678';

beforeAll(async () => {
  t = await createTestApp();
  [admin, auditor, lygAdmin, tjAdmin] = await Promise.all([bearer(people.nationalAdmin), bearer(people.lygAuditor), bearer(people.lygAdmin), bearer(people.tianjinAdmin)]);
  appCoordinator = await bearer({ sub: 'app-coord', roles: ['coordinator'], region: '320700', dept: 'APP', level: 1 });
  mktCoordinator = await bearer({ sub: 'mkt-coord', roles: ['coordinator'], region: '320700', dept: 'MKT', level: 1 });
  await createRegions(t.app, admin);
  await createDepartments(t.app, admin, [
    ['APP', '320700', '市行政审批局', 'approval'],
    ['MKT', '320700', '市市场监管局', 'supervision'],
    ['TJ-APP', '120110', '东丽区行政审批局', 'approval'],
  ]);
  await seedReadModel(t.database.db, {
    cases: [
      caseRow('C1', { applicantName: APPLICANT, decidedAt: sh('2026-03-02 10:00'), stage: 'closed', closedAt: sh('2026-03-10 10:00') }),
      caseRow('C2', { decidedAt: sh('2026-03-03 10:00') }),
      caseRow('C9', { region: '120110', approvalDept: 'TJ-APP', decidedAt: sh('2026-03-02 10:00') }),
    ],
    tasks: [taskRow('C1#1', { supervisingDept: 'MKT' })],
  });
});
afterAll(async () => t?.close());

const postFinding = (headers: Headers, body: object) =>
  t.app.inject({ method: 'POST', url: '/api/notice-letters/findings', headers, payload: { reason: '随机抽查', ...body } });
const issue = (headers: Headers, body: object) => t.app.inject({ method: 'POST', url: '/api/notice-letters', headers, payload: { reason: '抽查结果告知', ...body } });
const finding = async (deptCode: string, description: string, caseNo?: string): Promise<number> => {
  const res = await postFinding(auditor, { deptCode, description, ...(caseNo ? { caseNo } : {}) });
  expect(res.statusCode).toBe(201);
  return res.json().id;
};

describe('findings', () => {
  it('records a finding on a case of the department, audited', async () => {
    const res = await postFinding(auditor, { deptCode: 'APP', caseNo: 'C1', sampleSeed: 'abc123', description: '审批结果未在1个工作日内推送', foundOn: '2026-03-20' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ region: '320700', deptCode: 'APP', caseNo: 'C1', sampleSeed: 'abc123', foundOn: '2026-03-20', recordedBy: 'lyg-auditor', letterId: null });
    const audit = await t.database.db.select().from(auditLog).where(and(eq(auditLog.entity, 'spot-check-finding'), eq(auditLog.entityId, String(res.json().id))));
    expect(audit).toMatchObject([{ actor: 'lyg-auditor', action: 'spot-check-finding.recorded', reason: '随机抽查' }]);
  });

  it('accepts a case the department supervises, refuses one it neither approved nor supervises', async () => {
    expect((await postFinding(auditor, { deptCode: 'MKT', caseNo: 'C1', description: '监管任务未及时查看' })).statusCode).toBe(201);
    const res = await postFinding(auditor, { deptCode: 'MKT', caseNo: 'C2', description: 'x' });
    expect(res.statusCode).toBe(422);
    expect(res.json().problems).toEqual([expect.objectContaining({ field: 'body/caseNo', rule: 'department' })]);
  });

  it('looks every code up: unknown department or case, another region’s case, a day ahead', async () => {
    const nope = await postFinding(auditor, { deptCode: 'NOPE', description: 'x' });
    expect(nope.statusCode).toBe(422);
    expect(nope.json().problems).toEqual([expect.objectContaining({ field: 'body/deptCode', rule: 'exists' })]);
    const res = await postFinding(auditor, { deptCode: 'APP', caseNo: 'C404', description: 'x', foundOn: '2099-01-01' });
    expect(res.statusCode).toBe(422);
    expect(res.json().problems).toEqual([
      expect.objectContaining({ field: 'body/foundOn', rule: 'past' }),
      expect.objectContaining({ field: 'body/caseNo', rule: 'exists' }),
    ]);
    const tianjin = await postFinding(admin, { deptCode: 'APP', caseNo: 'C9', description: 'x' });
    expect(tianjin.statusCode).toBe(422);
    expect(tianjin.json().problems).toEqual([expect.objectContaining({ field: 'body/caseNo', rule: 'department' })]);
  });

  it('is recorded by auditors of the department’s region only', async () => {
    expect((await postFinding(auditor, { deptCode: 'TJ-APP', description: 'x' })).statusCode).toBe(403);
    expect((await postFinding(appCoordinator, { deptCode: 'APP', description: 'x' })).statusCode).toBe(403);
    expect((await postFinding(lygAdmin, { deptCode: 'APP', description: 'x' })).statusCode).toBe(403);
  });
});

describe('a notice letter', () => {
  let id: number;
  let number: string;

  it('is issued with the next number of the region and year, due in working days, the findings taken', async () => {
    const general = await finding('APP', '未按要求报送审管联动工作小结 <script>alert(1)</script>');
    const [onCase] = (await t.app.inject({ method: 'GET', url: '/api/notice-letters/findings?dept=APP&unissued=true', headers: auditor })).json();
    const res = await issue(auditor, { deptCode: 'APP', findingIds: [onCase.id, general], note: '请高度重视。' });
    expect(res.statusCode).toBe(201);
    const letter = res.json();
    id = letter.id;
    number = letter.number;
    const year = letter.issuedOn.slice(0, 4);
    expect(letter).toMatchObject({
      number: `连政务办告〔${year}〕1号`,
      seq: 1,
      region: '320700',
      deptCode: 'APP',
      issuingOffice: '连云港市政务服务管理办公室',
      status: 'issued',
      rectificationWorkingDays: RECTIFICATION_REPORT_WORKING_DAYS,
      rectificationDueAt: rectificationDue(createCalendar(), letter.issuedAt).dueAt,
      overdue: false,
      cases: [{ caseNo: 'C1', approvalDept: 'APP', approvalDeptName: '市行政审批局' }],
    });
    expect(letter.findings.map((f: { id: number; letterId: number }) => [f.id, f.letterId])).toEqual([
      [onCase.id, id],
      [general, id],
    ]);
    expect(letter.timeline).toMatchObject([{ actor: 'lyg-auditor', action: 'notice-letter.issued', reason: '抽查结果告知' }]);
  });

  it('refuses findings already reported, of another department, or unknown — naming each', async () => {
    const mkt = (await t.app.inject({ method: 'GET', url: '/api/notice-letters/findings?dept=MKT', headers: auditor })).json()[0].id;
    const [reported] = (await t.app.inject({ method: 'GET', url: `/api/notice-letters/${id}`, headers: auditor })).json().findings;
    const res = await issue(auditor, { deptCode: 'APP', findingIds: [reported.id, mkt, 999_999] });
    expect(res.statusCode).toBe(422);
    expect(res.json().problems).toEqual([
      expect.objectContaining({ field: 'body/findingIds/0', rule: 'unissued' }),
      expect.objectContaining({ field: 'body/findingIds/1', rule: 'department' }),
      expect.objectContaining({ field: 'body/findingIds/2', rule: 'exists' }),
    ]);
  });

  it('prints as a Chinese HTML document: number, addressee, findings escaped, cases, due date — no applicant', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/notice-letters/${id}/document`, headers: appCoordinator });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = res.body;
    expect(html).toMatch(/^<!doctype html>\n<html lang="zh-CN">/);
    for (const text of ['<h1>告知函</h1>', number, '市行政审批局：', '审批结果未在1个工作日内推送', 'C1', '连云港市政务服务管理办公室', `${RECTIFICATION_REPORT_WORKING_DAYS}个工作日内`, '请高度重视。', '@media print']) {
      expect(html).toContain(text);
    }
    expect(html).toMatch(/\d{4}年\d{1,2}月\d{1,2}日<\/p>/);
    expect(html).toContain('&#60;script&#62;');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain(APPLICANT);
    expect(html).not.toContain(PHONE);
  });

  it('keeps the document as issued as a file of the department, read like the letter', async () => {
    const { documentFileId } = (await t.app.inject({ method: 'GET', url: `/api/notice-letters/${id}`, headers: auditor })).json();
    expect(documentFileId).toEqual(expect.any(Number));
    const file = (await t.app.inject({ method: 'GET', url: `/api/files/${documentFileId}`, headers: appCoordinator })).json();
    expect(file).toMatchObject({ kind: 'notice-letter', kindName: '告知函', source: 'system', caseNo: null, name: `${number}.html` });
    const kept = await t.app.inject({ method: 'GET', url: `/api/files/${documentFileId}/content`, headers: appCoordinator });
    const printed = await t.app.inject({ method: 'GET', url: `/api/notice-letters/${id}/document`, headers: auditor });
    expect(kept.body).toBe(printed.body);
    expect(createHash('sha256').update(kept.rawPayload).digest('hex')).toBe(file.sha256);
    for (const headers of [mktCoordinator, tjAdmin]) expect((await t.app.inject({ method: 'GET', url: `/api/files/${documentFileId}/content`, headers })).statusCode).toBe(404);
  });

  it('is not found by another department or region', async () => {
    for (const headers of [mktCoordinator, tjAdmin]) {
      expect((await t.app.inject({ method: 'GET', url: `/api/notice-letters/${id}`, headers })).statusCode).toBe(404);
      expect((await t.app.inject({ method: 'GET', url: `/api/notice-letters/${id}/document`, headers })).statusCode).toBe(404);
      expect((await t.app.inject({ method: 'POST', url: `/api/notice-letters/${id}/acknowledgement`, headers, payload: { reason: 'x' } })).statusCode).toBe(404);
    }
    expect((await t.app.inject({ method: 'POST', url: `/api/notice-letters/${id}/acknowledgement`, headers: auditor, payload: { reason: 'x' } })).statusCode).toBe(403);
    const coordinatorList = await t.app.inject({ method: 'GET', url: '/api/notice-letters', headers: mktCoordinator });
    expect(coordinatorList.statusCode).toBe(200);
    expect(coordinatorList.json()).toEqual([]);
    expect((await t.app.inject({ method: 'GET', url: '/api/notice-letters?dept=APP', headers: mktCoordinator })).statusCode).toBe(403);
  });

  it('is acknowledged, then its rectification reported, by the department; each once, in order, audited', async () => {
    const rectify = (headers: Headers) =>
      t.app.inject({ method: 'POST', url: `/api/notice-letters/${id}/rectification`, headers, payload: { report: '已完成推送流程整改，建立每日核查机制', reason: '报送整改情况' } });
    expect((await rectify(appCoordinator)).statusCode).toBe(409);
    const ack = await t.app.inject({ method: 'POST', url: `/api/notice-letters/${id}/acknowledgement`, headers: appCoordinator, payload: { reason: '已签收' } });
    expect(ack.statusCode).toBe(200);
    expect(ack.json()).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'app-coord' });
    expect((await t.app.inject({ method: 'POST', url: `/api/notice-letters/${id}/acknowledgement`, headers: lygAdmin, payload: { reason: '再签收' } })).statusCode).toBe(409);
    const done = await rectify(appCoordinator);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'rectified', rectifiedBy: 'app-coord', rectifiedLate: false, overdue: false });
    expect((await rectify(lygAdmin)).statusCode).toBe(409);
    expect(done.json().timeline.map((e: { action: string; reason: string }) => [e.action, e.reason])).toEqual([
      ['notice-letter.issued', '抽查结果告知'],
      ['notice-letter.acknowledged', '已签收'],
      ['notice-letter.rectification-reported', '报送整改情况'],
    ]);
  });

  it('gets distinct consecutive numbers when issued concurrently, and a finding goes into one letter only', async () => {
    const ids = await Promise.all(Array.from({ length: 6 }, (_, i) => finding('MKT', `并发抽查问题 ${i}`)));
    const answers = await Promise.all(ids.map((f) => issue(auditor, { deptCode: 'MKT', findingIds: [f] })));
    expect(answers.map((r) => r.statusCode)).toEqual(Array(6).fill(201));
    const seqs = answers.map((r) => r.json().seq).sort((a, b) => a - b);
    expect(seqs).toEqual([2, 3, 4, 5, 6, 7]);
    expect(new Set(answers.map((r) => r.json().number)).size).toBe(6);

    const shared = await finding('MKT', '重复告知测试');
    const twice = await Promise.all([issue(auditor, { deptCode: 'MKT', findingIds: [shared] }), issue(auditor, { deptCode: 'MKT', findingIds: [shared] })]);
    expect(twice.map((r) => r.statusCode).sort()).toEqual([201, expect.toSatisfy((s: number) => s === 409 || s === 422)]);
    // The refused issue left no letter and used no number: the next one is consecutive.
    const next = await issue(auditor, { deptCode: 'MKT', findingIds: [await finding('MKT', '编号连续测试')] });
    expect(next.json().seq).toBe(9);
  });
});

describe('in the assessment', () => {
  beforeAll(async () => {
    // Two letters of March 2026 to MKT (March has no holidays): one reported late, one never.
    const march = { region: '320700', year: 2026, deptCode: 'MKT', issuingOffice: '连云港市政务服务管理办公室', issuedBy: 'lyg-auditor', issuedOn: '2026-03-02', rectificationWorkingDays: 10 };
    const issuedAt = sh('2026-03-02 10:00');
    const dueAt = sh('2026-03-16 24:00');
    await insertLetter(t.database.db, { ...march, seq: 100, number: '连政务办告〔2026〕100号', issuedAt, rectificationDueAt: dueAt });
    await insertLetter(t.database.db, {
      ...march,
      seq: 101,
      number: '连政务办告〔2026〕101号',
      issuedAt,
      rectificationDueAt: dueAt,
      status: 'rectified',
      acknowledgedAt: sh('2026-03-03 10:00'),
      acknowledgedBy: 'mkt-coord',
      rectifiedAt: sh('2026-03-18 10:00'),
      rectifiedBy: 'mkt-coord',
      rectificationReport: '已整改',
    } as Parameters<typeof insertLetter>[1]);
  });

  it('lists an overdue letter as overdue, with working days late', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/notice-letters?dept=MKT&overdue=true', headers: mktCoordinator });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([expect.objectContaining({ seq: 100, overdue: true, status: 'issued' })]);
    expect(res.json()[0].workingDaysLate).toBeGreaterThan(100);
    const late = (await t.app.inject({ method: 'GET', url: '/api/notice-letters?dept=MKT&status=rectified', headers: auditor })).json();
    // Reported Wed 18 March, due end of Mon 16 March: 2 working days late.
    expect(late).toEqual([expect.objectContaining({ seq: 101, rectifiedLate: true, overdue: false, workingDaysLate: 2 })]);
  });

  it('counts findings and letters per department, and the CSV shows them', async () => {
    const march = await t.app.inject({ method: 'GET', url: '/api/stats/assessment?region=320700&from=2026-03-01&to=2026-04-01', headers: auditor });
    expect(march.statusCode).toBe(200);
    const row = (code: string, body: { rows: { deptCode: string; notices: object }[] }) => body.rows.find((r) => r.deptCode === code)!;
    expect(row('MKT', march.json()).notices).toEqual({ findings: 0, lettersReceived: 2, acknowledged: 1, rectified: 1, rectifiedLate: 1, overdue: 1 });
    // APP: the finding of 20 March.
    expect(row('APP', march.json()).notices).toMatchObject({ findings: 1, lettersReceived: 0 });

    const year = await t.app.inject({ method: 'GET', url: '/api/stats/assessment?region=320700', headers: appCoordinator });
    expect(row('APP', year.json()).notices).toEqual({ findings: 2, lettersReceived: 1, acknowledged: 1, rectified: 1, rectifiedLate: 0, overdue: 0 });

    const csv = await t.app.inject({ method: 'GET', url: '/api/stats/assessment.csv?region=320700&from=2026-03-01&to=2026-04-01', headers: auditor });
    const lines = csv.body.replace(/^\uFEFF/, '').split('\r\n');
    const header = lines[0]!.split(',');
    const at = header.indexOf('抽查发现问题数');
    expect(header.slice(at, at + 6)).toEqual(['抽查发现问题数', '收到告知函数', '告知函已签收数', '已报送整改情况数', '整改情况逾期报送数', '整改情况逾期未报数']);
    expect(lines.find((l) => l.startsWith('MKT,'))!.split(',').slice(at, at + 6)).toEqual(['0', '2', '1', '1', '1', '1']);
  });
});

describe('the half-year regular check (定期检查)', () => {
  it('lists each department’s summaries beside its mid-year and year-end figures', async () => {
    const filed = await t.app.inject({ method: 'PUT', url: '/api/consultations/summaries/APP/2026/1', headers: appCoordinator, payload: { summary: '上半年工作小结', reason: '报送' } });
    expect(filed.statusCode).toBe(200);
    const res = await t.app.inject({ method: 'GET', url: '/api/stats/regular-checks?region=320700&year=2026', headers: auditor });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ region: '320700', year: 2026, midYear: { from: '2026-01-01', to: '2026-07-01' }, yearEnd: { from: '2026-01-01', to: '2027-01-01' } });
    const app = body.departments.find((d: { deptCode: string }) => d.deptCode === 'APP');
    expect(app).toMatchObject({ owesSummary: true, summaries: { h1: { filed: true, summary: '上半年工作小结' }, h2: { filed: false } } });
    // What this test issued today counts in 2026's figures only when today is in 2026 (and in H1 only before July).
    const today = shanghaiDate(new Date());
    const inYear = today.startsWith('2026') ? 1 : 0;
    const inH1 = inYear && today < '2026-07-01' ? 1 : 0;
    expect(app.midYear.notices).toMatchObject({ findings: 1 + inH1, lettersReceived: inH1 });
    expect(app.yearEnd.notices).toMatchObject({ findings: 1 + inYear, lettersReceived: inYear });
    const mkt = body.departments.find((d: { deptCode: string }) => d.deptCode === 'MKT');
    // MKT: the two March letters, and the eight issued today.
    expect(mkt).toMatchObject({ owesSummary: false, midYear: { notices: { lettersReceived: 2 + 8 * inH1 } }, yearEnd: { notices: { lettersReceived: 2 + 8 * inYear } } });
    expect(body.departments.map((d: { deptCode: string }) => d.deptCode)).not.toContain('TJ-APP');
  });

  it('is for auditors and region admins of the region', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/stats/regular-checks?region=320700', headers: appCoordinator })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/stats/regular-checks?region=320700', headers: tjAdmin })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/stats/regular-checks', headers: tjAdmin })).statusCode).toBe(200);
  });
});
