// /api/consultations: consultation meetings (会商, D 三) and half-year summaries (工作小结) — the
// round trip, the checks on departments and people, the exports, who may record and read.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertPerson } from '../../db/people.js';
import { auditLog } from '../../db/schema/index.js';
import { shanghaiDate } from '../../domain/case/local-time.js';
import { halfYearOf } from '../../domain/consultations.js';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { createDepartments, createRegions } from '../helpers/org-setup.js';
import { bearer, people } from '../helpers/tokens.js';

type Headers = { authorization: string };
let t: TestApp;
let admin: Headers;
let lygAdmin: Headers;
let auditor: Headers;
let zwfwCoordinator: Headers;
let mktCoordinator: Headers;

beforeAll(async () => {
  t = await createTestApp();
  [admin, lygAdmin, auditor] = await Promise.all([bearer(people.nationalAdmin), bearer(people.lygAdmin), bearer(people.lygAuditor)]);
  zwfwCoordinator = await bearer({ sub: 'zwfw-coord', roles: ['coordinator'], region: '320700', dept: 'ZWFW', level: 3 });
  mktCoordinator = await bearer({ sub: 'mkt-coord', roles: ['coordinator'], region: '320700', dept: 'MKT', level: 1 });
  await createRegions(t.app, admin);
  await createDepartments(t.app, admin, [
    ['ZWFW', '320700', '市政务服务管理办公室', 'both'],
    ['APP', '320700', '市行政审批局', 'approval'],
    ['MKT', '320700', '市市场监管局', 'supervision'],
    ['HZ-APP', '320706', '海州区行政审批局', 'approval'],
    ['TJ-APP', '120110', '东丽区行政审批局', 'approval'],
  ]);
  for (const [id, deptCode, region] of [
    ['p-zwfw', 'ZWFW', '320700'],
    ['p-app', 'APP', '320700'],
    ['p-mkt', 'MKT', '320700'],
    ['p-tj', 'TJ-APP', '120110'],
  ] as const) {
    await insertPerson(t.database.db, { id, kind: 'person', name: `人员 ${id}`, phone: null, region, deptCode, divisionCode: null, roles: ['coordinator'], level: 1 });
  }
});
afterAll(async () => t?.close());

const meeting = {
  heldOn: '2026-03-18',
  convenedBy: 'ZWFW',
  topics: ['审管联动信息交互基本情况', '信息交互工作中出现的主要问题及应对措施'],
  participants: [
    { deptCode: 'ZWFW', personIds: ['p-zwfw'] },
    { deptCode: 'APP', personIds: ['p-app'] },
    { deptCode: 'MKT', personIds: ['p-mkt'] },
  ],
  decisions: ['食品经营许可事后核查统一在1个工作日内启动'],
  followUps: [
    { item: '梳理未关联监管的事项清单', ownerDept: 'APP', dueDate: '2026-04-15' },
    { item: '核查逾期未查看的监管任务', ownerDept: 'MKT', dueDate: '2026-03-31' },
  ],
};
const post = (headers: Headers, body: object) => t.app.inject({ method: 'POST', url: '/api/consultations', headers, payload: { reason: '测试数据', ...body } });

describe('consultation meetings', () => {
  let id: number;

  it('records a meeting of the convening coordinator, audited, and lists it', async () => {
    const res = await post(zwfwCoordinator, { ...meeting, reason: '一季度集中会商' });
    expect(res.statusCode).toBe(201);
    const saved = res.json();
    id = saved.id;
    expect(saved).toMatchObject({
      region: '320700',
      convenedBy: 'ZWFW',
      heldOn: '2026-03-18',
      topics: meeting.topics,
      participants: meeting.participants,
      decisions: meeting.decisions,
      followUps: meeting.followUps.map((f) => ({ ...f, done: false })),
      recordedBy: 'zwfw-coord',
    });
    const [audit] = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, String(id)));
    expect(audit).toMatchObject({ actor: 'zwfw-coord', action: 'consultation.recorded', entity: 'consultation', reason: '一季度集中会商' });

    const list = await t.app.inject({ method: 'GET', url: '/api/consultations?from=2026-03-01&to=2026-04-01', headers: auditor });
    expect(list.statusCode).toBe(200);
    expect(list.json().map((c: { id: number }) => c.id)).toEqual([id]);
    // [from, to): held on 03-18, so a period ending on 03-18 leaves it out; `dept` keeps meetings it attended.
    expect((await t.app.inject({ method: 'GET', url: '/api/consultations?to=2026-03-18', headers: auditor })).json()).toEqual([]);
    expect((await t.app.inject({ method: 'GET', url: '/api/consultations?dept=MKT', headers: auditor })).json()).toHaveLength(1);
    expect((await t.app.inject({ method: 'GET', url: '/api/consultations?dept=HZ-APP', headers: auditor })).json()).toHaveLength(0);
  });

  it('names every unknown department or person, and people of another department or region, with 422', async () => {
    const res = await post(lygAdmin, {
      ...meeting,
      participants: [
        { deptCode: 'NOPE', personIds: ['p-app'] },
        { deptCode: 'APP', personIds: ['p-mkt', 'ghost'] },
        { deptCode: 'TJ-APP', personIds: ['p-tj'] },
      ],
      followUps: [{ item: '事项', ownerDept: 'GONE', dueDate: '2026-03-01' }],
    });
    expect(res.statusCode).toBe(422);
    const fields = res.json().problems.map((p: { field: string; rule: string }) => `${p.field}:${p.rule}`);
    expect(fields).toEqual([
      'body/participants/0/deptCode:exists',
      'body/participants/0/personIds/0:department',
      'body/participants/1/personIds/0:department',
      'body/participants/1/personIds/1:exists',
      'body/participants/2/deptCode:region',
      'body/participants/2/personIds/0:region',
      'body/followUps/0/ownerDept:exists',
      'body/followUps/0/dueDate:after',
    ]);
    const unknownConvener = await post(lygAdmin, { ...meeting, convenedBy: 'NOPE' });
    expect(unknownConvener.statusCode).toBe(422);
    expect(unknownConvener.json().problems).toEqual([expect.objectContaining({ field: 'body/convenedBy', rule: 'exists' })]);
    const future = await post(lygAdmin, { ...meeting, heldOn: '2099-01-01', followUps: [] });
    expect(future.json().problems).toEqual([expect.objectContaining({ field: 'body/heldOn', rule: 'past' })]);
    expect((await post(lygAdmin, { ...meeting, topics: [] })).statusCode).toBe(400);
  });

  it("lets a coordinator record only its own department's meetings, and auditors only read", async () => {
    const other = await post(mktCoordinator, meeting);
    expect(other.statusCode).toBe(403);
    expect(other.json().message).toContain('超出部门范围');
    expect((await post(auditor, meeting)).statusCode).toBe(403);
    expect((await post(await bearer(people.tianjinAdmin), meeting)).statusCode).toBe(403);
  });

  it("marks a follow-up done by its owner's coordinator, audited; others are refused", async () => {
    const url = (n: number) => `/api/consultations/${id}/follow-ups/${n}`;
    expect((await t.app.inject({ method: 'PATCH', url: url(0), headers: mktCoordinator, payload: { done: true, reason: '已落实' } })).statusCode).toBe(403);
    const res = await t.app.inject({ method: 'PATCH', url: url(1), headers: mktCoordinator, payload: { done: true, reason: '已核查完毕' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().followUps.map((f: { done: boolean }) => f.done)).toEqual([false, true]);
    // The convening department's coordinator may mark any of its meeting's items.
    expect((await t.app.inject({ method: 'PATCH', url: url(0), headers: zwfwCoordinator, payload: { done: true, reason: '已落实' } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'PATCH', url: url(5), headers: lygAdmin, payload: { done: true, reason: '已落实' } })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'PATCH', url: `/api/consultations/999/follow-ups/0`, headers: lygAdmin, payload: { done: true, reason: '已落实' } })).statusCode).toBe(404);
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'consultation.follow-up-updated')).orderBy(auditLog.id);
    expect(audit.map((a) => [a.actor, a.reason, a.details])).toEqual([
      ['mkt-coord', '已核查完毕', { followUp: 1, item: '核查逾期未查看的监管任务', before: false, after: true }],
      ['zwfw-coord', '已落实', { followUp: 0, item: '梳理未关联监管的事项清单', before: false, after: true }],
    ]);
  });

  it('exports the meetings as CSV with a BOM, lists one entry per line in a cell', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/consultations/export?from=2026-01-01&to=2027-01-01', headers: auditor });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.body.startsWith('\uFEFF编号,区划,召集单位,会商日期,会商议题,参会单位及人员,会商结论,后续事项,后续事项完成数,记录人,记录时间\r\n')).toBe(true);
    expect(res.body).toContain(`${id},320700,ZWFW,2026-03-18,"审管联动信息交互基本情况\r\n信息交互工作中出现的主要问题及应对措施","ZWFW：p-zwfw\r\nAPP：p-app\r\nMKT：p-mkt"`);
    // Both follow-ups are done now.
    expect(res.body).toContain(',2/2,zwfw-coord,');
  });
});

describe('half-year summaries', () => {
  const put = (headers: Headers, path: string, summary = '上半年审管联动工作小结') =>
    t.app.inject({ method: 'PUT', url: `/api/consultations/summaries/${path}`, headers, payload: { summary, reason: '按期报送' } });

  it('files and replaces a unit summary, and lists who filed and who did not', async () => {
    expect((await put(await bearer({ sub: 'app-coord', roles: ['coordinator'], region: '320700', dept: 'APP' }), 'APP/2026/1')).statusCode).toBe(200);
    const replaced = await put(lygAdmin, 'APP/2026/1', '一、推送情况\n二、存在问题');
    expect(replaced.json()).toMatchObject({ deptCode: 'APP', year: 2026, half: 1, region: '320700', summary: '一、推送情况\n二、存在问题', filedBy: 'lyg-admin' });
    // A supervision-only department owes none (D 三 1: units that handle approvals) but may file.
    expect((await put(lygAdmin, 'MKT/2026/1', '监管科室小结')).statusCode).toBe(200);
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.entity, 'half-year-summary')).orderBy(auditLog.id);
    expect(audit.map((a) => [a.action, a.entityId])).toEqual([
      ['half-year-summary.filed', 'APP/2026/1'],
      ['half-year-summary.replaced', 'APP/2026/1'],
      ['half-year-summary.filed', 'MKT/2026/1'],
    ]);

    const res = await t.app.inject({ method: 'GET', url: '/api/consultations/summaries?year=2026&half=1', headers: auditor });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    // Units of Lianyungang and its district on the approval side: APP, HZ-APP, ZWFW; plus MKT which filed.
    expect(body).toMatchObject({ region: '320700', year: 2026, half: 1, filed: 2, missing: 2 });
    expect(body.units.map((u: { deptCode: string; filed: boolean }) => [u.deptCode, u.filed])).toEqual([
      ['APP', true],
      ['HZ-APP', false],
      ['MKT', true],
      ['ZWFW', false],
    ]);
    expect((await t.app.inject({ method: 'GET', url: '/api/consultations/summaries?year=2026&half=2', headers: auditor })).json()).toMatchObject({ filed: 0, missing: 3 });

    const csv = await t.app.inject({ method: 'GET', url: '/api/consultations/summaries/export?year=2026&half=1', headers: auditor });
    expect(csv.body.startsWith('\uFEFF部门编码,部门名称,年度,半年,是否已报送,报送人,报送时间,工作小结\r\n')).toBe(true);
    expect(csv.body).toContain('HZ-APP,海州区行政审批局,2026,上半年,未报送,,,\r\n');
    expect(csv.body).toContain('APP,市行政审批局,2026,上半年,已报送,lyg-admin,');
    // A multi-line summary stays one quoted cell.
    expect(csv.body).toContain(',"一、推送情况\r\n二、存在问题"\r\n');
  });

  it('refuses a half year that has not begun, another department, and unknown units', async () => {
    // The half after the current one (Asia/Shanghai) has not begun.
    const current = halfYearOf(shanghaiDate(new Date()));
    const next = current.half === 1 ? `${current.year}/2` : `${current.year + 1}/1`;
    const early = await put(lygAdmin, `APP/${next}`);
    expect(early.statusCode).toBe(422);
    expect(early.json().problems).toEqual([expect.objectContaining({ field: 'params/half', rule: 'begun' })]);
    expect((await put(lygAdmin, `APP/${current.year}/${current.half}`)).statusCode).toBe(200);
    expect((await put(mktCoordinator, 'APP/2026/1')).statusCode).toBe(404);
    expect((await put(lygAdmin, 'TJ-APP/2026/1')).statusCode).toBe(404);
    expect((await put(lygAdmin, 'NOPE/2026/1')).statusCode).toBe(404);
    expect((await put(lygAdmin, 'APP/2026/3')).statusCode).toBe(400);
  });
});
