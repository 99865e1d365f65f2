// Divisions (处室, L2) through the API: only in supervising departments, scoped by the
// department's region, a 处室管理员 who really belongs there, and no deletion while referred to.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalItems, auditLog, divisions, handlingItems, linkages, supervisionItems, supervisionSubItems } from '../../db/schema/index.js';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { createDepartments, createRegions } from '../helpers/org-setup.js';
import { bearer, people } from '../helpers/tokens.js';

type Headers = { authorization: string };
let t: TestApp;
let admin: Headers;
let lyg: Headers;
let tianjin: Headers;
let auditor: Headers;

beforeAll(async () => {
  t = await createTestApp();
  [admin, lyg, tianjin, auditor] = await Promise.all([
    bearer(people.nationalAdmin),
    bearer(people.lygAdmin),
    bearer(people.tianjinAdmin),
    bearer(people.lygAuditor),
  ]);
  await createRegions(t.app, admin);
  await createDepartments(t.app, admin, [
    ['LYG-SCJGJ', '320700', '连云港市市场监督管理局', 'both'],
    ['LYG-SPJ', '320700', '连云港市行政审批局', 'approval'],
    ['HZ-SCJGJ', '320706', '海州区市场监督管理局', 'supervision'],
    ['DL-SCJGJ', '120110', '东丽区市场监督管理局', 'supervision'],
  ] as const);
});
afterAll(async () => t?.close());

// Every change carries its reason unless a test gives its own.
const create = (headers: Headers, body: object) => t.app.inject({ method: 'POST', url: '/api/divisions', headers, payload: { reason: '测试数据', ...body } });
const patch = (headers: Headers, code: string, body: object) => t.app.inject({ method: 'PATCH', url: `/api/divisions/${code}`, headers, payload: { reason: '测试数据', ...body } });
const remove = (headers: Headers, code: string, reason = '机构调整') =>
  t.app.inject({ method: 'DELETE', url: `/api/divisions/${code}?reason=${encodeURIComponent(reason)}`, headers });
const audit = (entityId: string) => t.database.db.select().from(auditLog).where(eq(auditLog.entityId, entityId)).orderBy(auditLog.id);
const counts = async () => ({ divisions: await t.database.db.$count(divisions), audit: await t.database.db.$count(auditLog) });
const createPerson = async (body: object) => {
  const res = await t.app.inject({ method: 'POST', url: '/api/people', headers: lyg, payload: { reason: '测试数据', ...body } });
  expect(res.statusCode).toBe(201);
};

describe('creating divisions', () => {
  it('creates a division of a supervising department and records who and why', async () => {
    const res = await create(lyg, { code: 'LYG-SCJGJ-SPC', deptCode: 'LYG-SCJGJ', name: '食品生产安全监督管理处', reason: '三定方案' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ code: 'LYG-SCJGJ-SPC', deptCode: 'LYG-SCJGJ', adminPersonId: null });
    const [entry] = await audit('LYG-SCJGJ-SPC');
    expect(entry).toMatchObject({ actor: 'lyg-admin', action: 'division.created', entity: 'division', reason: '三定方案' });
  });

  it('lets a city admin set up a division in a district department', async () => {
    expect((await create(lyg, { code: 'HZ-SCJGJ-SPC', deptCode: 'HZ-SCJGJ', name: '海州区食品科' })).statusCode).toBe(201);
  });

  it('refuses an approval department, a missing department, a duplicate, another region and an admin who cannot be one — writing nothing', async () => {
    const before = await counts();
    const approval = await create(lyg, { code: 'X1', deptCode: 'LYG-SPJ', name: 'x' });
    expect(approval.statusCode).toBe(422);
    expect(approval.json().message).toContain('处室只能设在监管部门');
    expect(approval.json().problems).toEqual([expect.objectContaining({ field: 'body/deptCode', rule: 'supervision-side' })]);

    const missing = await create(lyg, { code: 'X2', deptCode: 'NOPE', name: 'x' });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().message).toContain('NOPE');
    expect(missing.json().problems).toEqual([expect.objectContaining({ field: 'body/deptCode', rule: 'dept-exists' })]);

    expect((await create(lyg, { code: 'LYG-SCJGJ-SPC', deptCode: 'LYG-SCJGJ', name: 'x' })).statusCode).toBe(409);
    const outside = await create(tianjin, { code: 'X3', deptCode: 'LYG-SCJGJ', name: 'x' });
    expect(outside.statusCode).toBe(403);
    const district = await bearer({ sub: 'hz-admin', roles: ['region_admin'], region: '320706' });
    expect((await create(district, { code: 'X4', deptCode: 'LYG-SCJGJ', name: 'x' })).statusCode).toBe(403);
    expect((await create(auditor, { code: 'X5', deptCode: 'LYG-SCJGJ', name: 'x' })).statusCode).toBe(403);
    // A new division has no people yet, so nobody can already be its admin.
    const withAdmin = await create(lyg, { code: 'X6', deptCode: 'LYG-SCJGJ', name: 'x', adminPersonId: 'nobody' });
    expect(withAdmin.statusCode).toBe(422);
    expect(withAdmin.json().problems).toEqual([expect.objectContaining({ field: 'body/adminPersonId', rule: 'admin-exists' })]);
    expect((await create(lyg, { code: 'X7', deptCode: 'LYG-SCJGJ', name: 'x', side: 'both' })).statusCode).toBe(400);

    expect(await counts()).toEqual(before);
  });
});

describe('reading divisions', () => {
  it('lists a department’s divisions for anyone of its region', async () => {
    const list = await t.app.inject({ method: 'GET', url: '/api/divisions?dept=LYG-SCJGJ', headers: auditor });
    expect(list.statusCode).toBe(200);
    expect(list.json().map((d: { code: string }) => d.code)).toEqual(['LYG-SCJGJ-SPC']);
    expect((await t.app.inject({ method: 'GET', url: '/api/divisions?dept=LYG-SCJGJ', headers: tianjin })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/divisions?dept=NOPE', headers: lyg })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/divisions', headers: lyg })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/divisions/LYG-SCJGJ-SPC', headers: auditor })).json().name).toBe('食品生产安全监督管理处');
    expect((await t.app.inject({ method: 'GET', url: '/api/divisions/LYG-SCJGJ-SPC', headers: tianjin })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/divisions/NOPE', headers: lyg })).statusCode).toBe(404);
  });
});

describe('the 处室管理员', () => {
  beforeAll(async () => {
    await createPerson({ id: 'li.si', kind: 'person', name: '李四', region: '320700', deptCode: 'LYG-SCJGJ', divisionCode: 'LYG-SCJGJ-SPC', roles: ['division_admin'] });
    await createPerson({ id: 'staff', kind: 'person', name: '职员', region: '320700', deptCode: 'LYG-SCJGJ', divisionCode: 'LYG-SCJGJ-SPC', roles: ['approval_officer'] });
    await createPerson({ id: 'elsewhere', kind: 'person', name: '外处', region: '320706', deptCode: 'HZ-SCJGJ', divisionCode: 'HZ-SCJGJ-SPC', roles: ['division_admin'] });
    await createPerson({ id: 'gone', kind: 'person', name: '离职', region: '320700', deptCode: 'LYG-SCJGJ', divisionCode: 'LYG-SCJGJ-SPC', roles: ['division_admin'] });
    expect((await t.app.inject({ method: 'DELETE', url: '/api/people/gone?reason=离职', headers: lyg })).statusCode).toBe(204);
  });

  it('must be an active person of that division with the division_admin role', async () => {
    const before = await counts();
    for (const [personId, rule] of [
      ['nobody', 'admin-exists'],
      ['staff', 'admin-role'],
      ['elsewhere', 'admin-in-division'],
      ['gone', 'admin-active'],
    ] as const) {
      const res = await patch(lyg, 'LYG-SCJGJ-SPC', { adminPersonId: personId });
      expect(res.statusCode, rule).toBe(422);
      expect(res.json().problems, rule).toContainEqual(expect.objectContaining({ field: 'body/adminPersonId', rule }));
    }
    expect(await counts()).toEqual(before);

    const res = await patch(lyg, 'LYG-SCJGJ-SPC', { adminPersonId: 'li.si', reason: '任命' });
    expect(res.statusCode).toBe(200);
    expect(res.json().adminPersonId).toBe('li.si');
    expect((await audit('LYG-SCJGJ-SPC')).at(-1)).toMatchObject({ action: 'division.changed', reason: '任命', details: { adminPersonId: 'li.si' } });
  });

  it('cannot be deactivated or moved away while administering the division', async () => {
    const deactivate = await t.app.inject({ method: 'DELETE', url: '/api/people/li.si?reason=离职', headers: lyg });
    expect(deactivate.statusCode).toBe(409);
    expect(deactivate.json().message).toContain('LYG-SCJGJ-SPC');
    expect((await t.app.inject({ method: 'PATCH', url: '/api/people/li.si', headers: lyg, payload: { roles: ['approval_officer'], reason: '调岗' } })).statusCode).toBe(409);
    // Renaming is fine.
    expect((await t.app.inject({ method: 'PATCH', url: '/api/people/li.si', headers: lyg, payload: { name: '李四（处长）', reason: '任职' } })).statusCode).toBe(200);

    expect((await patch(lyg, 'LYG-SCJGJ-SPC', { adminPersonId: null, reason: '调岗' })).json().adminPersonId).toBeNull();
    expect((await t.app.inject({ method: 'DELETE', url: '/api/people/li.si?reason=离职', headers: lyg })).statusCode).toBe(204);
  });

  it('is changed by region admins of the department’s region only', async () => {
    expect((await patch(tianjin, 'LYG-SCJGJ-SPC', { name: 'x' })).statusCode).toBe(404);
    expect((await patch(auditor, 'LYG-SCJGJ-SPC', { name: 'x' })).statusCode).toBe(403);
    expect((await patch(lyg, 'NOPE', { name: 'x' })).statusCode).toBe(404);
  });
});

describe('deleting divisions', () => {
  it('refuses while people or linkages refer to it, saying which, then deletes with the reason', async () => {
    const db = t.database.db;
    await db.insert(approvalItems).values({ code: 'AI-1', deptCode: 'LYG-SPJ', name: '食品生产许可' });
    await db.insert(handlingItems).values({ code: 'HI-1', approvalItemCode: 'AI-1', name: '食品生产许可（新办）' });
    await db.insert(supervisionItems).values({ code: 'SI-1', deptCode: 'LYG-SCJGJ', name: '食品生产监督检查' });
    await db.insert(supervisionSubItems).values({ code: 'SS-1', supervisionItemCode: 'SI-1', name: '日常检查' });
    await db.insert(linkages).values({ handlingItemCode: 'HI-1', supervisingDeptCode: 'LYG-SCJGJ', divisionCode: 'LYG-SCJGJ-SPC', subItemCode: 'SS-1' });

    const before = await counts();
    const refused = await remove(lyg, 'LYG-SCJGJ-SPC', '撤并');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toContain('staff');
    expect(refused.json().problems.map((p: { field: string; rule: string }) => `${p.field}:${p.rule}`)).toEqual(['people:still-referenced', 'linkages:still-referenced']);
    expect(await counts()).toEqual(before);

    // Move the people out (deactivated people still refer to it) and drop the linkage.
    for (const id of ['li.si', 'staff', 'gone']) {
      const moved = await t.app.inject({ method: 'PATCH', url: `/api/people/${id}`, headers: lyg, payload: { divisionCode: null, roles: ['approval_officer'], reason: '调岗' } });
      expect(moved.statusCode, id).toBe(200);
    }
    const onlyLinkage = await remove(lyg, 'LYG-SCJGJ-SPC');
    expect(onlyLinkage.statusCode).toBe(409);
    expect(onlyLinkage.json().problems).toEqual([expect.objectContaining({ field: 'linkages', rule: 'still-referenced' })]);
    await db.delete(linkages).where(eq(linkages.divisionCode, 'LYG-SCJGJ-SPC'));

    expect((await remove(tianjin, 'LYG-SCJGJ-SPC')).statusCode).toBe(404);
    expect((await remove(lyg, 'LYG-SCJGJ-SPC', '撤并')).statusCode).toBe(204);
    expect((await audit('LYG-SCJGJ-SPC')).at(-1)).toMatchObject({ actor: 'lyg-admin', action: 'division.deleted', reason: '撤并' });
    expect((await remove(lyg, 'LYG-SCJGJ-SPC')).statusCode).toBe(404);
  });
});
