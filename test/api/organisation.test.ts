// Regions and departments through the API: scoping, audit trail, and refusals that change nothing.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, departments } from '../../db/schema/index.js';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { createRegions } from '../helpers/org-setup.js';
import { bearer, people } from '../helpers/tokens.js';

let t: TestApp;
let admin: { authorization: string };
let lyg: { authorization: string };
let tianjin: { authorization: string };

beforeAll(async () => {
  t = await createTestApp();
  [admin, lyg, tianjin] = await Promise.all([bearer(people.nationalAdmin), bearer(people.lygAdmin), bearer(people.tianjinAdmin)]);
  await createRegions(t.app, admin);
});
afterAll(async () => t?.close());

const createDept = (headers: Record<string, string>, body: object) => t.app.inject({ method: 'POST', url: '/api/departments', headers, payload: { reason: '测试数据', ...body } });
const audit = (entityId: string) => t.database.db.select().from(auditLog).where(eq(auditLog.entityId, entityId));

describe('departments', () => {
  it('lets a region admin create one in its region, and records who, when and why', async () => {
    const res = await createDept(lyg, { code: 'LYG-SCJGJ', region: '320700', name: '连云港市市场监督管理局', side: 'both', reason: '机构设置' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ code: 'LYG-SCJGJ', region: '320700', side: 'both' });
    expect(res.json().createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const [entry] = await audit('LYG-SCJGJ');
    expect(entry).toMatchObject({ actor: 'lyg-admin', action: 'department.created', entity: 'department', reason: '机构设置' });
    expect(Date.parse(entry!.at)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('lets a city admin act on a district below it, but not a district admin on the city', async () => {
    expect((await createDept(lyg, { code: 'HZ-ZWB', region: '320706', name: '海州区政务办', side: 'approval' })).statusCode).toBe(201);
    const district = await bearer({ sub: 'hz-admin', roles: ['region_admin'], region: '320706' });
    const res = await createDept(district, { code: 'LYG-FGW', region: '320700', name: '市发改委', side: 'approval' });
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toContain('320700');
  });

  it('refuses another region, a missing region, a duplicate and a bad side — writing nothing', async () => {
    const before = await t.database.db.$count(departments);
    const outside = await createDept(tianjin, { code: 'X1', region: '320700', name: 'x', side: 'approval' });
    expect(outside.statusCode).toBe(403);
    const missing = await createDept(admin, { code: 'X2', region: '110101', name: 'x', side: 'approval' });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().message).toContain('110101');
    const duplicate = await createDept(lyg, { code: 'LYG-SCJGJ', region: '320700', name: 'x', side: 'approval' });
    expect(duplicate.statusCode).toBe(409);
    const badSide = await createDept(lyg, { code: 'X3', region: '320700', name: 'x', side: 'neither' });
    expect(badSide.statusCode).toBe(400);
    expect(badSide.json().problems[0].field).toBe('body/side');
    expect(await t.database.db.$count(departments)).toBe(before);
    expect(await audit('X1')).toEqual([]);
  });

  it('lists only what lies within the caller’s region', async () => {
    await createDept(tianjin, { code: 'DL-SPJ', region: '120110', name: '东丽区审批局', side: 'approval' });
    const list = await t.app.inject({ method: 'GET', url: '/api/departments', headers: lyg });
    expect(list.json().map((d: { code: string }) => d.code)).toEqual(['HZ-ZWB', 'LYG-SCJGJ']);
    const approvalOnly = await t.app.inject({ method: 'GET', url: '/api/departments?side=approval', headers: admin });
    expect(approvalOnly.json().map((d: { code: string }) => d.code)).toEqual(['DL-SPJ', 'HZ-ZWB']);
    expect((await t.app.inject({ method: 'GET', url: '/api/departments?region=120110', headers: lyg })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/departments/DL-SPJ', headers: lyg })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/departments/NOPE', headers: lyg })).statusCode).toBe(404);
  });

  it('changes and deletes with the reason recorded; refuses to delete what is referred to', async () => {
    const patched = await t.app.inject({ method: 'PATCH', url: '/api/departments/HZ-ZWB', headers: lyg, payload: { side: 'both', reason: '职能调整' } });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().side).toBe('both');
    const del = await t.app.inject({ method: 'DELETE', url: '/api/departments/HZ-ZWB?reason=撤并', headers: lyg });
    expect(del.statusCode).toBe(204);
    expect((await audit('HZ-ZWB')).map((e) => [e.action, e.reason])).toEqual([
      ['department.created', '测试数据'],
      ['department.changed', '职能调整'],
      ['department.deleted', '撤并'],
    ]);
  });
});

describe('tokens and headers', () => {
  it('answers 401 for an expired token and a token with unknown roles', async () => {
    const { mintToken } = await import('../../api/auth/tokens.js');
    const { TEST_SECRET } = await import('../helpers/tokens.js');
    const expired = await mintToken(TEST_SECRET, people.lygAdmin, { expiresIn: '-1m' });
    const res = await t.app.inject({ method: 'GET', url: '/api/departments', headers: { authorization: `Bearer ${expired}` } });
    expect(res.statusCode).toBe(401);
    const odd = await mintToken(TEST_SECRET, { ...people.lygAdmin, roles: ['emperor' as never] });
    const res2 = await t.app.inject({ method: 'GET', url: '/api/departments', headers: { authorization: `Bearer ${odd}` } });
    expect(res2.statusCode).toBe(401);
    expect(res2.json().message).toContain('roles');
  });

  it('locks out a deactivated person at once, whatever token they still hold', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/people', headers: lyg, payload: { id: 'auditor-7', kind: 'person', name: '审计员七', region: '320700', roles: ['auditor'], reason: '入职' } });
    expect(created.statusCode).toBe(201);
    const own = await bearer({ sub: 'auditor-7', roles: ['auditor'], region: '320700' });
    expect((await t.app.inject({ method: 'GET', url: '/api/departments', headers: own })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'DELETE', url: '/api/people/auditor-7?reason=离职', headers: lyg })).statusCode).toBe(204);
    const after = await t.app.inject({ method: 'GET', url: '/api/departments', headers: own });
    expect(after.statusCode).toBe(401);
    expect(after.json().message).toContain('停用');
  });

  it('sends security headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toBeDefined();
    expect(res.headers['content-security-policy']).toBeDefined();
  });

  it('limits the rate of requests per client', async () => {
    const limited = await createTestApp({ rateLimitPerMinute: 3 });
    try {
      const answers = [];
      for (let i = 0; i < 5; i++) answers.push(await limited.app.inject({ method: 'GET', url: '/healthz' }));
      expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 429, 429]);
      expect(answers[4]!.json()).toMatchObject({ statusCode: 429, error: 'rate_limited' });
    } finally {
      await limited.close();
    }
  });
});
