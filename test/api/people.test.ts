// People and service accounts through the API: consistency rules refused with field and rule and
// nothing written, region scoping, the phone hidden from all but region admins and the person
// itself, deactivation instead of deletion, and an audit trail without phone numbers.
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.js';
import { insertPerson } from '../../db/people.js';
import { redactDatabaseError } from '../../db/query-errors.js';
import { auditLog, people as peopleTable } from '../../db/schema/index.js';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { createDepartments, createRegions } from '../helpers/org-setup.js';
import { testPayloadCodec } from '../helpers/payload-codec.js';
import { bearer, people, verifyToken } from '../helpers/tokens.js';

type Headers = { authorization: string };
let t: TestApp;
let admin: Headers;
let lyg: Headers;
let tianjin: Headers;
let auditor: Headers;

const PHONE = '13912345678';

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
    ['LYG-ZJJ', '320700', '连云港市住房和城乡建设局', 'supervision'],
    ['LYG-SPJ', '320700', '连云港市行政审批局', 'approval'],
    ['HZ-SCJGJ', '320706', '海州区市场监督管理局', 'supervision'],
    ['DL-SCJGJ', '120110', '东丽区市场监督管理局', 'supervision'],
  ] as const);
  for (const [code, deptCode] of [
    ['LYG-SCJGJ-SPC', 'LYG-SCJGJ'],
    ['LYG-ZJJ-JZC', 'LYG-ZJJ'],
  ] as const) {
    const res = await t.app.inject({ method: 'POST', url: '/api/divisions', headers: admin, payload: { code, deptCode, name: `${code} 处`, reason: '测试数据' } });
    expect(res.statusCode).toBe(201);
  }
});
afterAll(async () => t?.close());

// Every change carries its reason unless a test gives its own.
const create = (headers: Headers, body: object) => t.app.inject({ method: 'POST', url: '/api/people', headers, payload: { reason: '测试数据', ...body } });
const patch = (headers: Headers, id: string, body: object) => t.app.inject({ method: 'PATCH', url: `/api/people/${encodeURIComponent(id)}`, headers, payload: { reason: '测试数据', ...body } });
const get = (headers: Headers, url: string) => t.app.inject({ method: 'GET', url, headers });
const audit = (entityId: string) => t.database.db.select().from(auditLog).where(eq(auditLog.entityId, entityId)).orderBy(auditLog.id);
const counts = async () => ({ people: await t.database.db.$count(peopleTable), audit: await t.database.db.$count(auditLog) });
const row = async (id: string) => (await t.database.db.select().from(peopleTable).where(eq(peopleTable.id, id)))[0];

const officer = { id: 'zhang.san', kind: 'person', name: '张三', phone: PHONE, region: '320700', deptCode: 'LYG-SCJGJ', roles: ['approval_officer'] };

describe('creating people', () => {
  it('creates a person and records who, when and why — without the phone number', async () => {
    const res = await create(lyg, { ...officer, reason: '新入职' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ id: 'zhang.san', kind: 'person', name: '张三', phone: PHONE, deptCode: 'LYG-SCJGJ', divisionCode: null, level: null, active: true });
    const [entry] = await audit('zhang.san');
    expect(entry).toMatchObject({ actor: 'lyg-admin', action: 'person.created', entity: 'person', reason: '新入职' });
    expect(entry!.details).toMatchObject({ id: 'zhang.san', roles: ['approval_officer'], phone: '[redacted]' });
    expect(JSON.stringify(entry)).not.toContain(PHONE);
  });

  it('creates every role in its legitimate form', async () => {
    const bodies = [
      { id: 'li.si', kind: 'person', name: '李四', phone: '13800000001', region: '320700', deptCode: 'LYG-SCJGJ', divisionCode: 'LYG-SCJGJ-SPC', roles: ['division_admin'] },
      { id: 'wang.wu', kind: 'person', name: '王五', region: '320700', deptCode: 'LYG-SCJGJ', roles: ['coordinator'], level: 1 },
      { id: 'zhao.liu', kind: 'person', name: '赵六', region: '320700', roles: ['auditor'] },
      { id: 'qian.qi', kind: 'person', name: '钱七', region: '320700', roles: ['region_admin'] },
      { id: 'svc:approval-platform', kind: 'service', name: '政务服务一体化平台', region: '320700', roles: ['approval_officer'] },
    ];
    for (const body of bodies) {
      const res = await create(lyg, body);
      expect(res.statusCode, body.id).toBe(201);
    }
    expect((await get(lyg, '/api/people/svc:approval-platform')).json()).toMatchObject({ kind: 'service', deptCode: null, roles: ['approval_officer'] });
  });

  it('refuses every consistency rule with its field and rule, writing nothing', async () => {
    const cases: [object, string, string][] = [
      [{ region: '320707' }, 'body/region', 'region-exists'],
      [{ deptCode: 'NOPE' }, 'body/deptCode', 'dept-exists'],
      [{ deptCode: 'DL-SCJGJ' }, 'body/deptCode', 'dept-in-region'],
      [{ deptCode: undefined }, 'body/deptCode', 'dept-required'],
      [{ divisionCode: 'NOPE' }, 'body/divisionCode', 'division-exists'],
      [{ divisionCode: 'LYG-ZJJ-JZC' }, 'body/divisionCode', 'division-in-dept'],
      [{ roles: ['division_admin'] }, 'body/divisionCode', 'division-required'],
      [{ roles: ['coordinator'] }, 'body/level', 'level-required'],
      [{ level: 2 }, 'body/level', 'level-coordinator-only'],
      [{ kind: 'service', deptCode: undefined, roles: ['coordinator'], level: 1 }, 'body/deptCode', 'dept-required'],
    ];
    const before = await counts();
    for (const [change, field, rule] of cases) {
      const res = await create(lyg, { ...officer, id: 'refused', ...change });
      expect(res.statusCode, rule).toBe(422);
      const body = res.json();
      expect(body.problems, rule).toContainEqual(expect.objectContaining({ field, rule }));
      expect(body.message).not.toContain(PHONE);
    }
    expect(await counts()).toEqual(before);
    expect(await row('refused')).toBeUndefined();
  });

  it('refuses a wrong shape with 400 and a duplicate id with 409', async () => {
    const before = await counts();
    const shapes: [object, string][] = [
      [{ roles: [] }, 'body/roles'],
      [{ roles: ['emperor'] }, 'body/roles/0'],
      [{ kind: 'robot' }, 'body/kind'],
      [{ roles: ['coordinator'], level: 4 }, 'body/level'],
      [{ phone: 'call me' }, 'body/phone'],
      [{ active: false }, 'body/active'],
    ];
    for (const [change, field] of shapes) {
      const res = await create(lyg, { ...officer, id: 'shape', ...change });
      expect(res.statusCode, field).toBe(400);
      expect(res.json().problems.map((p: { field: string }) => p.field), field).toContain(field);
    }
    const duplicate = await create(lyg, officer);
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().message).toContain('zhang.san');
    expect(await counts()).toEqual(before);
  });

  it('refuses a NUL or a lone surrogate in a name or a reason with 400 naming the field, writing nothing', async () => {
    const before = await counts();
    const texts: [object, string][] = [
      [{ name: '张\u0000三' }, 'body/name'],
      [{ name: '张三\udc00' }, 'body/name'],
      [{ reason: '新\u0007入职' }, 'body/reason'],
    ];
    for (const [change, field] of texts) {
      const res = await create(lyg, { ...officer, id: 'text', ...change });
      expect(res.statusCode, field).toBe(400);
      expect(res.json().problems, field).toContainEqual(expect.objectContaining({ field, rule: 'text' }));
    }
    const renamed = await patch(lyg, 'zhang.san', { name: '李\u0000四' });
    expect(renamed.statusCode).toBe(400);
    expect(renamed.json().problems).toContainEqual(expect.objectContaining({ field: 'body/name', rule: 'text' }));
    const listed = await get(lyg, '/api/people?dept=A%00B');
    expect(listed.statusCode).toBe(400);
    expect(listed.json().problems).toContainEqual(expect.objectContaining({ field: 'querystring/dept', rule: 'text' }));
    expect(await counts()).toEqual(before);
    expect((await row('zhang.san'))!.name).toBe('张三');
  });

  it('keeps personal data out of a failed write’s error as it is logged (db/query-errors.ts), but not the SQLSTATE', async () => {
    const again = { ...officer, kind: 'person' as const, roles: ['approval_officer' as const], divisionCode: null, level: null };
    const error = redactDatabaseError(
      await insertPerson(t.database.db, again).then(
        () => undefined,
        (e: unknown) => e,
      ),
    ) as (Error & { code?: string }) | undefined;
    expect(error).toBeInstanceOf(Error);
    expect(error!.code).toBe('23505');
    expect(`${error!.message} ${JSON.stringify(error)}`).not.toMatch(/13912345678|张三/);
  });

  it('lets a city admin act on a district, but not another region or a district admin on the city', async () => {
    const district = { id: 'hz.officer', kind: 'person', name: '海州', region: '320706', deptCode: 'HZ-SCJGJ', roles: ['approval_officer'] };
    expect((await create(lyg, district)).statusCode).toBe(201);
    const before = await counts();
    const outside = await create(tianjin, { ...officer, id: 'tj-into-lyg' });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().message).toContain('320700');
    const hzAdmin = await bearer({ sub: 'hz-admin', roles: ['region_admin'], region: '320706' });
    expect((await create(hzAdmin, { ...officer, id: 'hz-into-city' })).statusCode).toBe(403);
    expect((await create(auditor, { ...officer, id: 'auditor-creates' })).statusCode).toBe(403);
    expect(await counts()).toEqual(before);
  });
});

describe('reading people', () => {
  it('shows the phone to a region admin and the person itself, never to an auditor', async () => {
    expect((await get(lyg, '/api/people/zhang.san')).json().phone).toBe(PHONE);
    expect((await get(admin, '/api/people/zhang.san')).json().phone).toBe(PHONE);
    const self = await bearer({ sub: 'zhang.san', roles: ['approval_officer'], region: '320700', dept: 'LYG-SCJGJ' });
    expect((await get(self, '/api/people/zhang.san')).json().phone).toBe(PHONE);

    const detail = await get(auditor, '/api/people/zhang.san');
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({ id: 'zhang.san', roles: ['approval_officer'] });
    expect(detail.json()).not.toHaveProperty('phone');
    const list = await get(auditor, '/api/people');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(PHONE);
    for (const p of list.json()) expect(p).not.toHaveProperty('phone');
    // In a list the person itself sees only its own phone.
    const ownList = (await get(self, '/api/people')).json() as { id: string; phone?: string }[];
    expect(ownList.find((p) => p.id === 'zhang.san')!.phone).toBe(PHONE);
    expect(ownList.find((p) => p.id === 'li.si')).not.toHaveProperty('phone');
  });

  it('lists within the caller’s region, filtered by region, department, role and state', async () => {
    const ids = async (headers: Headers, query = '') => ((await get(headers, `/api/people${query}`)).json() as { id: string }[]).map((p) => p.id);
    expect(await ids(lyg)).toEqual(['hz.officer', 'li.si', 'qian.qi', 'svc:approval-platform', 'wang.wu', 'zhang.san', 'zhao.liu']);
    expect(await ids(lyg, '?region=320706')).toEqual(['hz.officer']);
    expect(await ids(lyg, '?dept=LYG-SCJGJ')).toEqual(['li.si', 'wang.wu', 'zhang.san']);
    expect(await ids(lyg, '?role=approval_officer')).toEqual(['hz.officer', 'svc:approval-platform', 'zhang.san']);
    expect(await ids(tianjin)).toEqual([]);
    expect((await get(tianjin, '/api/people?region=320700')).statusCode).toBe(403);
    expect((await get(tianjin, '/api/people/zhang.san')).statusCode).toBe(404);
    expect((await get(lyg, '/api/people/nobody')).statusCode).toBe(404);
    expect((await get(lyg, '/api/people?role=emperor')).statusCode).toBe(400);
  });
});

describe('changing people', () => {
  it('checks the merged result, refusing with field and rule and changing nothing', async () => {
    const before = await counts();
    const refusals: [string, object, string, string][] = [
      ['zhang.san', { roles: ['approval_officer', 'coordinator'] }, 'body/level', 'level-required'],
      ['zhang.san', { deptCode: null }, 'body/deptCode', 'dept-required'],
      ['zhang.san', { deptCode: 'DL-SCJGJ' }, 'body/deptCode', 'dept-in-region'],
      ['zhang.san', { divisionCode: 'LYG-ZJJ-JZC' }, 'body/divisionCode', 'division-in-dept'],
      ['wang.wu', { level: null }, 'body/level', 'level-required'],
      ['zhao.liu', { level: 1 }, 'body/level', 'level-coordinator-only'],
    ];
    for (const [id, change, field, rule] of refusals) {
      const res = await patch(lyg, id, change);
      expect(res.statusCode, rule).toBe(422);
      expect(res.json().problems, rule).toContainEqual(expect.objectContaining({ field, rule }));
    }
    expect(await counts()).toEqual(before);
    expect(await row('zhang.san')).toMatchObject({ roles: ['approval_officer'], deptCode: 'LYG-SCJGJ', divisionCode: null, level: null, updatedAt: expect.any(String) });
  });

  it('saves a valid change and audits it without the phone', async () => {
    const res = await patch(lyg, 'zhang.san', { roles: ['approval_officer', 'coordinator'], level: 2, phone: '13700000000', reason: '兼任协调员' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ roles: ['approval_officer', 'coordinator'], level: 2, phone: '13700000000' });
    const entries = await audit('zhang.san');
    expect(entries.at(-1)).toMatchObject({ actor: 'lyg-admin', action: 'person.changed', reason: '兼任协调员', details: { level: 2, phone: '[redacted]' } });
    expect(JSON.stringify(entries)).not.toMatch(/13700000000|13912345678/);
    const cleared = await patch(lyg, 'zhang.san', { roles: ['approval_officer'], level: null, phone: null });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json()).toMatchObject({ level: null, phone: null });
    expect((await audit('zhang.san')).at(-1)!.details).toMatchObject({ phone: null });
  });

  it('refuses changes from outside the person’s region, and from non-admins', async () => {
    expect((await patch(tianjin, 'zhang.san', { name: 'x' })).statusCode).toBe(404);
    expect((await patch(auditor, 'zhang.san', { name: 'x' })).statusCode).toBe(403);
    expect((await patch(lyg, 'nobody', { name: 'x' })).statusCode).toBe(404);
    expect((await patch(lyg, 'zhang.san', { region: '120110' })).statusCode).toBe(400);
  });
});

describe('deactivating people', () => {
  it('keeps the row, marks it inactive and records the reason; a second time changes nothing', async () => {
    const res = await t.app.inject({ method: 'DELETE', url: '/api/people/zhao.liu?reason=调离', headers: lyg });
    expect(res.statusCode).toBe(204);
    expect(await row('zhao.liu')).toMatchObject({ id: 'zhao.liu', name: '赵六', active: false });
    expect((await get(lyg, '/api/people/zhao.liu')).json().active).toBe(false);
    expect((await audit('zhao.liu')).at(-1)).toMatchObject({ actor: 'lyg-admin', action: 'person.deactivated', reason: '调离' });
    const before = await counts();
    expect((await t.app.inject({ method: 'DELETE', url: '/api/people/zhao.liu?reason=调离', headers: lyg })).statusCode).toBe(204);
    expect(await counts()).toEqual(before);
    const active = ((await get(lyg, '/api/people?active=true')).json() as { id: string }[]).map((p) => p.id);
    expect(active).not.toContain('zhao.liu');
    const inactive = ((await get(lyg, '/api/people?active=false')).json() as { id: string }[]).map((p) => p.id);
    expect(inactive).toEqual(['zhao.liu']);
  });

  it('can be reactivated by a change', async () => {
    const res = await patch(lyg, 'zhao.liu', { active: true, reason: '返岗' });
    expect(res.statusCode).toBe(200);
    expect(res.json().active).toBe(true);
  });

  it('refuses deactivation from another region, answering as for a person that does not exist', async () => {
    const res = await t.app.inject({ method: 'DELETE', url: '/api/people/zhang.san?reason=x', headers: tianjin });
    const none = await t.app.inject({ method: 'DELETE', url: '/api/people/nobody?reason=x', headers: tianjin });
    expect(res.statusCode).toBe(404);
    expect(none.statusCode).toBe(404);
    expect(res.json().message).toBe('人员 zhang.san 不存在');
    expect((await row('zhang.san'))!.active).toBe(true);
  });

  it("cannot lock out another region's account by making a record under its ID and deactivating it", async () => {
    // Suzhou's approval platform has no person record here; the national admin's local account neither.
    const suzhou = await bearer({ sub: 'svc:sz-approval-platform', roles: ['approval_officer'], region: '320500' });
    const local = await bearer({ sub: 'local-admin', roles: ['region_admin', 'catalogue_admin', 'calendar_admin', 'auditor'], region: '100000' });
    for (const id of ['svc:sz-approval-platform', 'local-admin']) {
      expect((await create(lyg, { id, kind: 'service', name: '冒用的账号', region: '320700', roles: ['auditor'], reason: '测试' })).statusCode).toBe(201);
      expect((await t.app.inject({ method: 'DELETE', url: `/api/people/${encodeURIComponent(id)}?reason=停用`, headers: lyg })).statusCode).toBe(204);
      expect((await row(id))!.active).toBe(false);
    }
    // The tokens of those accounts still work: a subject is tied to the record of its own region.
    expect((await get(suzhou, '/api/regions')).statusCode).toBe(200);
    expect((await get(local, '/api/regions')).statusCode).toBe(200);
    // An ID in use anywhere cannot be created again, and the answer does not say where.
    const again = await create(tianjin, { id: 'local-admin', kind: 'service', name: '再次冒用', region: '120110', roles: ['auditor'], reason: '测试' });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).not.toContain('320700');
  });
});

describe('locking out at once, though the active check is remembered', () => {
  const ownCheck = (app: FastifyInstance, headers: Headers) => app.inject({ method: 'GET', url: '/api/credit-codes/91320700MA1M8XYZ0Q', headers });

  it('refuses the very next request after deactivation, and lets the next one in after reactivation', async () => {
    expect((await create(lyg, { id: 'zhou.jiu', kind: 'person', name: '周九', region: '320700', roles: ['auditor'] })).statusCode).toBe(201);
    const own = await bearer({ sub: 'zhou.jiu', roles: ['auditor'], region: '320700' });
    expect((await ownCheck(t.app, own)).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'DELETE', url: '/api/people/zhou.jiu?reason=调离', headers: lyg })).statusCode).toBe(204);
    expect((await ownCheck(t.app, own)).statusCode).toBe(401);
    expect((await patch(lyg, 'zhou.jiu', { active: true, reason: '返岗' })).statusCode).toBe(200);
    expect((await ownCheck(t.app, own)).statusCode).toBe(200);
    expect((await patch(lyg, 'zhou.jiu', { active: false, reason: '离职' })).statusCode).toBe(200);
    expect((await ownCheck(t.app, own)).statusCode).toBe(401);
  });

  it('refuses it in another API process on the same database, told by the notification sent with the change', async () => {
    // A second app with a cache of its own: only the notification can tell it of the change.
    const other = await buildApp({ temporal: { ...t.app.temporal }, db: t.database.db, listen: t.database.listen, verifyToken, payloadCodec: testPayloadCodec() });
    try {
      expect((await create(lyg, { id: 'sun.ba', kind: 'person', name: '孙八', region: '320700', roles: ['auditor'] })).statusCode).toBe(201);
      const own = await bearer({ sub: 'sun.ba', roles: ['auditor'], region: '320700' });
      expect((await ownCheck(other, own)).statusCode).toBe(200);
      expect((await t.app.inject({ method: 'DELETE', url: '/api/people/sun.ba?reason=调离', headers: lyg })).statusCode).toBe(204);
      // The notification arrives after the commit, a moment after the answer: far within the cache's lifetime.
      await expect.poll(async () => (await ownCheck(other, own)).statusCode, { timeout: 2000, interval: 20 }).toBe(401);
      expect((await patch(lyg, 'sun.ba', { active: true, reason: '返岗' })).statusCode).toBe(200);
      await expect.poll(async () => (await ownCheck(other, own)).statusCode, { timeout: 2000, interval: 20 }).toBe(200);
    } finally {
      await other.close();
    }
  });
});
