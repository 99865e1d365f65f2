// Catalogues through the API (L3–L6): each list's create / read / change / delete with its audit
// row, the department side and region rules, the unlinked report, and linkage revisions.
import { eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveLinkage } from '../../db/linkages.js';
import { approvalItems, auditLog, linkages } from '../../db/schema/index.js';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { createDepartments, createRegions } from '../helpers/org-setup.js';
import { bearer, people } from '../helpers/tokens.js';

type Headers = { authorization: string };
let t: TestApp;
let admin: Headers;
let catalogue: Headers;
let tjCatalogue: Headers;
let regionAdmin: Headers;
let auditor: Headers;

beforeAll(async () => {
  t = await createTestApp();
  [admin, catalogue, tjCatalogue, regionAdmin, auditor] = await Promise.all([
    bearer(people.nationalAdmin),
    bearer(people.lygCatalogue),
    bearer({ sub: 'tj-catalogue', roles: ['catalogue_admin'], region: '120110' }),
    bearer(people.lygAdmin),
    bearer(people.lygAuditor),
  ]);
  await createRegions(t.app, admin);
  await createDepartments(t.app, admin, [
    ['LYG-SPJ', '320700', '连云港市行政审批局', 'approval'],
    ['LYG-SCJGJ', '320700', '连云港市市场监督管理局', 'both'],
    ['LYG-ZJJ', '320700', '连云港市住房和城乡建设局', 'supervision'],
    ['DL-SCJGJ', '120110', '东丽区市场监督管理局', 'supervision'],
  ] as const);
  for (const [code, deptCode, name] of [
    ['ZJJ-JGC', 'LYG-ZJJ', '建筑市场监管处'],
    ['SCJ-SPC', 'LYG-SCJGJ', '食品经营监管处'],
    ['DL-JGK', 'DL-SCJGJ', '监管科'],
  ] as const) {
    expect((await t.app.inject({ method: 'POST', url: '/api/divisions', headers: admin, payload: { code, deptCode, name, reason: '测试数据' } })).statusCode).toBe(201);
  }
});
afterAll(async () => t?.close());

// Every change carries its reason unless a test gives its own.
const post = (headers: Headers, path: string, payload: object) => t.app.inject({ method: 'POST', url: `/api/catalogue/${path}`, headers, payload: { reason: '测试数据', ...payload } });
const get = (headers: Headers, path: string) => t.app.inject({ method: 'GET', url: `/api/catalogue/${path}`, headers });
const patch = (headers: Headers, path: string, payload: object) => t.app.inject({ method: 'PATCH', url: `/api/catalogue/${path}`, headers, payload: { reason: '测试数据', ...payload } });
const del = (headers: Headers, path: string) => t.app.inject({ method: 'DELETE', url: path.includes('reason=') ? `/api/catalogue/${path}` : `/api/catalogue/${path}${path.includes('?') ? '&' : '?'}reason=${encodeURIComponent('测试数据')}`, headers });
const actions = async (entityId: string) =>
  (await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, entityId)).orderBy(auditLog.id)).map((e) => [e.action, e.reason]);

describe('approval items (审批事项)', () => {
  it('creates, reads, renames and deletes, with an audit row for each change', async () => {
    const created = await post(catalogue, 'approval-items', { code: 'FOOD', deptCode: 'LYG-SPJ', name: '食品经营许可', reason: '清单梳理' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ code: 'FOOD', deptCode: 'LYG-SPJ', region: '320700', name: '食品经营许可' });
    expect((await post(catalogue, 'approval-items', { code: 'TMP', deptCode: 'LYG-SCJGJ', name: '临时' })).statusCode).toBe(201);

    expect((await get(auditor, 'approval-items')).json().map((i: { code: string }) => i.code)).toEqual(['FOOD', 'TMP']);
    expect((await get(auditor, 'approval-items?dept=LYG-SCJGJ')).json().map((i: { code: string }) => i.code)).toEqual(['TMP']);
    expect((await get(auditor, 'approval-items/FOOD')).json().name).toBe('食品经营许可');

    const renamed = await patch(catalogue, 'approval-items/TMP', { name: '临时事项', reason: '更名' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().name).toBe('临时事项');
    expect((await del(catalogue, 'approval-items/TMP?reason=取消')).statusCode).toBe(204);
    expect((await get(catalogue, 'approval-items/TMP')).statusCode).toBe(404);
    expect(await actions('TMP')).toEqual([
      ['catalogue.approval-item.created', '测试数据'],
      ['catalogue.approval-item.changed', '更名'],
      ['catalogue.approval-item.deleted', '取消'],
    ]);
  });

  it('refuses a supervision-side owner, an unknown owner, a duplicate code and a formula-like name — writing nothing', async () => {
    const before = await t.database.db.$count(approvalItems);
    const wrongSide = await post(catalogue, 'approval-items', { code: 'X1', deptCode: 'LYG-ZJJ', name: 'x' });
    expect(wrongSide.statusCode).toBe(422);
    expect(wrongSide.json()).toMatchObject({ error: 'wrong_side', message: expect.stringContaining('监管侧') });
    expect((await post(catalogue, 'approval-items', { code: 'X2', deptCode: 'NOPE', name: 'x' })).statusCode).toBe(422);
    expect((await post(catalogue, 'approval-items', { code: 'FOOD', deptCode: 'LYG-SPJ', name: 'x' })).statusCode).toBe(409);
    const formula = await post(catalogue, 'approval-items', { code: 'X3', deptCode: 'LYG-SPJ', name: '=cmd()' });
    expect(formula.statusCode).toBe(400);
    expect(formula.json().problems[0].field).toBe('body/name');
    expect(await t.database.db.$count(approvalItems)).toBe(before);
    expect(await t.database.db.$count(auditLog, like(auditLog.entityId, 'X%'))).toBe(0);
  });

  it('is maintained only by catalogue admins of the owning region, and read only within it', async () => {
    const tj = await post(tjCatalogue, 'approval-items', { code: 'X4', deptCode: 'LYG-SPJ', name: 'x' });
    expect(tj.statusCode).toBe(403);
    expect(tj.json().message).toContain('320700');
    const notCatalogueAdmin = await post(regionAdmin, 'approval-items', { code: 'X5', deptCode: 'LYG-SPJ', name: 'x' });
    expect(notCatalogueAdmin.statusCode).toBe(403);
    expect(notCatalogueAdmin.json().message).toContain('catalogue_admin');
    expect((await patch(tjCatalogue, 'approval-items/FOOD', { name: 'x' })).statusCode).toBe(404);
    expect((await del(auditor, 'approval-items/FOOD')).statusCode).toBe(403);
    expect((await get(tjCatalogue, 'approval-items/FOOD')).statusCode).toBe(404);
    expect((await get(catalogue, 'approval-items?region=120110')).statusCode).toBe(403);
    expect((await get(tjCatalogue, 'approval-items')).json()).toEqual([]);
  });
});

describe('handling items and commitment modes (L5)', () => {
  it('stores the allowed modes in a fixed order and changes them', async () => {
    const created = await post(catalogue, 'handling-items', { code: 'FOOD-NEW', approvalItemCode: 'FOOD', name: '新办', allowedModes: ['postCheck', 'deferral'] });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ approvalItemCode: 'FOOD', deptCode: 'LYG-SPJ', region: '320700', allowedModes: ['deferral', 'postCheck'] });
    expect((await post(catalogue, 'handling-items', { code: 'FOOD-CHG', approvalItemCode: 'FOOD', name: '变更' })).json().allowedModes).toEqual([]);

    const changed = await patch(catalogue, 'handling-items/FOOD-CHG', { allowedModes: ['verification'], reason: '可核验电子证照' });
    expect(changed.json()).toMatchObject({ name: '变更', allowedModes: ['verification'] });
    expect((await get(auditor, 'handling-items?approvalItem=FOOD')).json().map((i: { code: string }) => i.code)).toEqual(['FOOD-CHG', 'FOOD-NEW']);
    expect(await actions('FOOD-CHG')).toEqual([
      ['catalogue.handling-item.created', '测试数据'],
      ['catalogue.handling-item.changed', '可核验电子证照'],
    ]);
  });

  it('refuses standard (always allowed), unknown modes, an empty change and an unknown approval item', async () => {
    const standard = await post(catalogue, 'handling-items', { code: 'H1', approvalItemCode: 'FOOD', name: 'x', allowedModes: ['standard'] });
    expect(standard.statusCode).toBe(400);
    expect(standard.json().problems[0].field).toMatch(/^body\/allowedModes/);
    expect((await patch(catalogue, 'handling-items/FOOD-NEW', { allowedModes: ['deferral', 'deferral'] })).statusCode).toBe(400);
    expect((await patch(catalogue, 'handling-items/FOOD-NEW', { reason: 'nothing' })).statusCode).toBe(400);
    expect((await post(catalogue, 'handling-items', { code: 'H2', approvalItemCode: 'NOPE', name: 'x' })).statusCode).toBe(422);
  });

  it('keeps an approval item while it has handling items', async () => {
    const refused = await del(catalogue, 'approval-items/FOOD');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toContain('业务办理项');
  });
});

describe('supervision items and sub-items', () => {
  it('creates them on the supervision side only, and renames a sub-item', async () => {
    expect((await post(catalogue, 'supervision-items', { code: 'BUILD-SUP', deptCode: 'LYG-ZJJ', name: '建筑施工监管' })).statusCode).toBe(201);
    expect((await post(catalogue, 'supervision-items', { code: 'FOOD-SUP', deptCode: 'LYG-SCJGJ', name: '食品经营监管' })).statusCode).toBe(201);
    expect((await post(catalogue, 'supervision-items', { code: 'X6', deptCode: 'LYG-SPJ', name: 'x' })).statusCode).toBe(422);
    expect((await post(catalogue, 'supervision-sub-items', { code: 'BUILD-SAFE', supervisionItemCode: 'BUILD-SUP', name: '安全检查' })).statusCode).toBe(201);
    const sub = await post(catalogue, 'supervision-sub-items', { code: 'FOOD-CHECK', supervisionItemCode: 'FOOD-SUP', name: '经营检查' });
    expect(sub.json()).toMatchObject({ supervisionItemCode: 'FOOD-SUP', deptCode: 'LYG-SCJGJ', region: '320700' });
    expect((await patch(catalogue, 'supervision-sub-items/FOOD-CHECK', { name: '食品经营检查' })).json().name).toBe('食品经营检查');
    expect((await get(auditor, 'supervision-sub-items?supervisionItem=BUILD-SUP')).json().map((s: { code: string }) => s.code)).toEqual(['BUILD-SAFE']);
    expect((await get(auditor, 'supervision-items')).json().map((s: { code: string }) => s.code)).toEqual(['BUILD-SUP', 'FOOD-SUP']);
    expect((await del(catalogue, 'supervision-items/BUILD-SUP')).statusCode).toBe(409);
  });
});

describe('linkages (L4) and the unlinked report', () => {
  const unlinked = async () => (await get(auditor, 'unlinked')).json().map((u: { handlingItem: { code: string } }) => u.handlingItem.code);

  it('lists handling items without linkage, with their approval item and department', async () => {
    const res = await get(auditor, 'unlinked?region=320700');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([
      { handlingItem: { code: 'FOOD-CHG', name: '变更', allowedModes: ['verification'] }, approvalItem: { code: 'FOOD', name: '食品经营许可' }, department: { code: 'LYG-SPJ', name: '连云港市行政审批局', region: '320700' } },
      { handlingItem: { code: 'FOOD-NEW', name: '新办', allowedModes: ['deferral', 'postCheck'] }, approvalItem: { code: 'FOOD', name: '食品经营许可' }, department: { code: 'LYG-SPJ', name: '连云港市行政审批局', region: '320700' } },
    ]);
    expect((await get(tjCatalogue, 'unlinked')).json()).toEqual([]);
    expect((await get(tjCatalogue, 'unlinked?region=320700')).statusCode).toBe(403);
  });

  it('links a handling item to a division and sub-item of the supervising department', async () => {
    const res = await post(catalogue, 'linkages', { handlingItemCode: 'FOOD-NEW', supervisingDeptCode: 'LYG-SCJGJ', divisionCode: 'SCJ-SPC', subItemCode: 'FOOD-CHECK', reason: '谁主管谁监管' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ handlingItemCode: 'FOOD-NEW', revision: 1 });
    expect(await unlinked()).toEqual(['FOOD-CHG']);
    expect((await get(auditor, 'linkages?handlingItem=FOOD-NEW')).json()).toHaveLength(1);
    expect(await actions(String(res.json().id))).toEqual([['catalogue.linkage.created', '谁主管谁监管']]);
  });

  it('refuses a division or sub-item of another department, a duplicate, and another region', async () => {
    const before = await t.database.db.$count(linkages);
    const mismatch = await post(catalogue, 'linkages', { handlingItemCode: 'FOOD-CHG', supervisingDeptCode: 'LYG-ZJJ', divisionCode: 'SCJ-SPC', subItemCode: 'FOOD-CHECK' });
    expect(mismatch.statusCode).toBe(422);
    expect(mismatch.json().problems.map((p: { field: string; rule: string }) => [p.field, p.rule])).toEqual([
      ['body/divisionCode', 'mismatch'],
      ['body/subItemCode', 'mismatch'],
    ]);
    const wrongSide = await post(catalogue, 'linkages', { handlingItemCode: 'FOOD-CHG', supervisingDeptCode: 'LYG-SPJ', divisionCode: 'ZJJ-JGC', subItemCode: 'BUILD-SAFE' });
    expect(wrongSide.json().problems.map((p: { rule: string }) => p.rule)).toContain('wrong_side');
    const duplicate = await post(catalogue, 'linkages', { handlingItemCode: 'FOOD-NEW', supervisingDeptCode: 'LYG-SCJGJ', divisionCode: 'SCJ-SPC', subItemCode: 'FOOD-CHECK' });
    expect(duplicate.statusCode).toBe(409);
    // A Lianyungang item supervised by a Tianjin department: no regional catalogue admin covers both.
    const foreign = await post(catalogue, 'linkages', { handlingItemCode: 'FOOD-CHG', supervisingDeptCode: 'DL-SCJGJ', divisionCode: 'DL-JGK', subItemCode: 'FOOD-CHECK' });
    expect(foreign.statusCode).toBe(403);
    expect((await post(tjCatalogue, 'linkages', { handlingItemCode: 'FOOD-CHG', supervisingDeptCode: 'DL-SCJGJ', divisionCode: 'DL-JGK', subItemCode: 'FOOD-CHECK' })).statusCode).toBe(403);
    expect(await t.database.db.$count(linkages)).toBe(before);
  });

  it('resolves a handling item for a case; a change bumps the revision and a case keeps its copy', async () => {
    const resolved = await resolveLinkage(t.database.db, 'FOOD-NEW');
    expect(resolved).toMatchObject({
      handlingItem: { code: 'FOOD-NEW', name: '新办' },
      approvalItem: { code: 'FOOD', deptCode: 'LYG-SPJ', region: '320700' },
      allowedModes: ['standard', 'deferral', 'postCheck'],
      linkages: [{ supervisingDeptCode: 'LYG-SCJGJ', divisionCode: 'SCJ-SPC', subItemCode: 'FOOD-CHECK', revision: 1 }],
    });
    const copied = structuredClone(resolved);
    const id = resolved!.linkages[0]!.id;

    const moved = await patch(catalogue, `linkages/${id}`, { supervisingDeptCode: 'LYG-ZJJ', divisionCode: 'ZJJ-JGC', subItemCode: 'BUILD-SAFE', reason: '职责划转' });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ id, supervisingDeptCode: 'LYG-ZJJ', revision: 2 });
    expect((await resolveLinkage(t.database.db, 'FOOD-NEW'))!.linkages).toEqual([{ id, supervisingDeptCode: 'LYG-ZJJ', divisionCode: 'ZJJ-JGC', subItemCode: 'BUILD-SAFE', revision: 2 }]);
    expect(copied!.linkages[0]).toMatchObject({ supervisingDeptCode: 'LYG-SCJGJ', revision: 1 });
    expect((await patch(catalogue, `linkages/${id}`, { divisionCode: 'SCJ-SPC' })).statusCode).toBe(422);

    expect(await resolveLinkage(t.database.db, 'FOOD-CHG')).toMatchObject({ allowedModes: ['standard', 'verification'], linkages: [] });
    expect(await resolveLinkage(t.database.db, 'NOPE')).toBeUndefined();
  });

  it('keeps sub-items and handling items while linked; deleting the linkage makes the item unlinked again', async () => {
    expect((await del(catalogue, 'supervision-sub-items/BUILD-SAFE')).statusCode).toBe(409);
    expect((await del(catalogue, 'handling-items/FOOD-NEW')).statusCode).toBe(409);
    const [linkage] = (await get(auditor, 'linkages?handlingItem=FOOD-NEW')).json();
    expect((await del(tjCatalogue, `linkages/${linkage.id}`)).statusCode).toBe(404);
    expect((await del(catalogue, `linkages/${linkage.id}?reason=重新梳理`)).statusCode).toBe(204);
    expect((await get(auditor, `linkages/${linkage.id}`)).statusCode).toBe(404);
    expect(await unlinked()).toEqual(['FOOD-CHG', 'FOOD-NEW']);
    expect((await actions(String(linkage.id))).map(([action]) => action)).toEqual(['catalogue.linkage.created', 'catalogue.linkage.changed', 'catalogue.linkage.deleted']);
  });
});
