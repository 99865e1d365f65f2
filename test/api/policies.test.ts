// /api/regions/:code/policy: the Lianyungang and Dongli presets adopted as versions, inheritance down to
// a district, a version effective tomorrow, an invalid version refused whole, who may add where.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, policyVersions } from '../../db/schema/index.js';
import { shanghaiDate } from '../../domain/case/local-time.js';
import { NATIONAL_DEFAULT } from '../../domain/policy/linkage-policy.js';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { createRegions } from '../helpers/org-setup.js';
import { bearer, people } from '../helpers/tokens.js';

type Headers = { authorization: string };
let t: TestApp;
let lygAdmin: Headers;
let tjAdmin: Headers;
let lygPolicyAdmin: Headers;
let haizhouPolicyAdmin: Headers;
let haizhouOfficer: Headers;

const today = shanghaiDate(new Date());
const tomorrow = shanghaiDate(new Date(Date.now() + 86_400_000));

beforeAll(async () => {
  t = await createTestApp();
  const admin = await bearer(people.nationalAdmin);
  [lygAdmin, tjAdmin] = await Promise.all([bearer(people.lygAdmin), bearer(people.tianjinAdmin)]);
  lygPolicyAdmin = await bearer({ sub: 'lyg-policy', roles: ['policy_admin'], region: '320700' });
  haizhouPolicyAdmin = await bearer({ sub: 'hz-policy', roles: ['policy_admin'], region: '320706' });
  haizhouOfficer = await bearer({ sub: 'hz-officer', roles: ['approval_officer'], region: '320706', dept: 'HZ-APP' });
  await createRegions(t.app, admin);
});
afterAll(async () => t?.close());

const add = (headers: Headers, code: string, body: object) =>
  t.app.inject({ method: 'POST', url: `/api/regions/${code}/policy/versions`, headers, payload: { effectiveFrom: today, reason: '采用本地审管联动工作机制', ...body } });
const policyOf = (headers: Headers, code: string, on?: string) => t.app.inject({ method: 'GET', url: `/api/regions/${code}/policy`, headers, query: on ? { on } : {} });

describe('policy versions', () => {
  it('adopts the Lianyungang preset for 320700 and the Dongli preset for 120110', async () => {
    const lyg = await add(lygAdmin, '320700', { preset: 'lianyungang' });
    expect(lyg.statusCode).toBe(201);
    expect(lyg.json()).toMatchObject({ region: '320700', version: 1, preset: 'lianyungang', createdBy: 'lyg-admin', effectiveFrom: today });
    expect(lyg.json().settings.workingDays).toEqual({ view: 3, inspectionResult: 5, postCheckStart: null, postCheckFinish: null, revocationProposal: null });
    const dongli = await add(tjAdmin, '120110', { preset: 'dongli' });
    expect(dongli.statusCode).toBe(201);
    const res = await policyOf(tjAdmin, '120110');
    expect(res.statusCode).toBe(200);
    expect(res.json().rules.workingDays).toEqual({ ...NATIONAL_DEFAULT.workingDays, postCheckStart: 1, postCheckFinish: 10, revocationProposal: 1 });
    expect(res.json().ref).toEqual({ region: '120110', on: today, versions: [{ region: '120110', version: 1, preset: 'dongli' }] });
    const audited = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'policy.version-added'));
    expect(audited.map((a) => a.entityId).sort()).toEqual(['120110/v1', '320700/v1']);
  });

  it('a district of Lianyungang inherits its policy, readable from the district', async () => {
    const res = await policyOf(haizhouOfficer, '320706');
    expect(res.statusCode).toBe(200);
    expect(res.json().rules.workingDays).toMatchObject({ view: 3, inspectionResult: 5, postCheckStart: null, postCheckFinish: null, revocationProposal: null });
    expect(res.json().ref.versions).toEqual([{ region: '320700', version: 1, preset: 'lianyungang' }]);
    // The district reads the city's policy it runs on; Tianjin's does not.
    expect((await policyOf(haizhouOfficer, '320700')).statusCode).toBe(200);
    expect((await policyOf(haizhouOfficer, '120110')).statusCode).toBe(404);
    expect((await policyOf(lygAdmin, '999999')).statusCode).toBe(404);
  });

  it('a district version overriding one value keeps the rest', async () => {
    const res = await add(haizhouPolicyAdmin, '320706', { settings: { workingDays: { view: 2 } } });
    expect(res.statusCode).toBe(201);
    const policy = (await policyOf(haizhouOfficer, '320706')).json();
    expect(policy.rules.workingDays).toMatchObject({ view: 2, inspectionResult: 5, postCheckStart: null, postCheckFinish: null });
    expect(policy.ref.versions).toEqual([
      { region: '320700', version: 1, preset: 'lianyungang' },
      { region: '320706', version: 1 },
    ]);
  });

  it('a version effective tomorrow changes tomorrow’s policy, not today’s', async () => {
    const res = await add(lygPolicyAdmin, '320700', { effectiveFrom: tomorrow, settings: { workingDays: { inspectionResult: 7 }, warning: { hour: 14 } } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ version: 2, createdBy: 'lyg-policy', preset: null });
    const now = (await policyOf(lygAdmin, '320700')).json();
    expect(now.rules.workingDays.inspectionResult).toBe(5);
    expect(now.ref.versions).toEqual([{ region: '320700', version: 1, preset: 'lianyungang' }]);
    const next = (await policyOf(lygAdmin, '320700', tomorrow)).json();
    // Version 2 replaces version 1: a version is what the region sets, not a patch on its previous one.
    expect(next.rules.workingDays).toEqual({ ...NATIONAL_DEFAULT.workingDays, inspectionResult: 7 });
    expect(next.rules.warning.hour).toBe(14);
    expect(next.ref).toEqual({ region: '320700', on: tomorrow, versions: [{ region: '320700', version: 2 }] });
  });

  it('lists a region’s versions newest first', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/regions/320700/policy/versions', headers: haizhouOfficer });
    expect(res.statusCode).toBe(200);
    expect(res.json().map((v: { version: number; effectiveFrom: string }) => [v.version, v.effectiveFrom])).toEqual([
      [2, tomorrow],
      [1, today],
    ]);
  });

  it('refuses invalid settings naming every problem, and writes nothing', async () => {
    const before = await t.database.db.select().from(policyVersions);
    const res = await add(lygAdmin, '320700', {
      effectiveFrom: '2026-01-05',
      settings: { workingDays: { view: 0, postCheckStart: 4, postCheckFinish: 2 }, modes: ['bogus'], escalation: [{ level: 1, workingDaysLate: 2 }, { level: 1, workingDaysLate: 1 }], smsTemplates: { taskWithdrawn: '{x}' } },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().problems.map((p: { field: string; rule: string }) => `${p.field}:${p.rule}`)).toEqual([
      'body/effectiveFrom:not-in-past',
      'body/settings/workingDays/view:range',
      'body/settings/workingDays/postCheckFinish:order',
      'body/settings/modes/0:enum',
      'body/settings/escalation/1/level:unique',
      'body/settings/escalation/1/workingDaysLate:order',
      'body/settings/smsTemplates/taskWithdrawn:placeholders',
    ]);
    expect(await t.database.db.select().from(policyVersions)).toEqual(before);
  });

  it('refuses a version whose merged post-check pair breaks, and both or neither of settings and preset', async () => {
    // Lianyungang sets no post-check windows: a district setting only the start would leave finish unset.
    const half = await add(haizhouPolicyAdmin, '320706', { settings: { workingDays: { postCheckStart: 2 } } });
    expect(half.statusCode).toBe(422);
    expect(half.json().problems).toEqual([expect.objectContaining({ field: 'body/settings/workingDays/postCheckFinish', rule: 'paired' })]);
    expect((await add(lygAdmin, '320700', { preset: 'dongli', settings: {} })).json().problems[0].rule).toBe('one-of');
    expect((await add(lygAdmin, '320700', {})).statusCode).toBe(422);
    expect((await add(lygAdmin, '320700', { settings: { deadlines: {} } })).statusCode).toBe(400);
  });

  it('only a region’s own administrators add its versions', async () => {
    const tianjin = await add(lygAdmin, '120110', { preset: 'lianyungang' });
    expect(tianjin.statusCode).toBe(404);
    const district = await add(lygAdmin, '320706', { preset: 'lianyungang' });
    expect(district.statusCode).toBe(403);
    expect(district.json().message).toContain('只能管理本区划');
    expect((await add(haizhouOfficer, '320706', { preset: 'lianyungang' })).statusCode).toBe(403);
    expect((await add(lygPolicyAdmin, '320700', { preset: 'lianyungang' })).statusCode).toBe(201);
  });
});
