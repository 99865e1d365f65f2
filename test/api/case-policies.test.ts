// Two regions with their own rules, side by side on the real stack (dev server, a real worker, the
// suite's database): the same post-check case gets Lianyungang's view limit (L9) in 320700 and
// Dongli's post-check windows (Dongli 一(三)2) in 120110, each due where the working-day calendar
// says; a version added mid-way applies to cases started after it, never to an open one.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { shanghaiDate } from '../../domain/case/local-time.js';
import { approvalItems, departments, divisions, handlingItems, linkages, people, regions, supervisionItems, supervisionSubItems } from '../../db/schema/index.js';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { caseInput } from '../helpers/case-input.js';
import { fixture } from '../helpers/catalogue-fixture.js';
import { bearer, people as principals } from '../helpers/tokens.js';

type Headers = { authorization: string };
let t: TestApp;
const who = {} as Record<'platform' | 'lygPolicy' | 'dlPolicy' | 'auditor', Headers>;

/** Dongli (东丽区, Tianjin) with one food-licence item supervised by its own market regulator. */
const dongli = { region: '120110', dept: 'DL-SCJGJ', division: 'DL-SCJGJ-SPJY', approvalItem: 'DL-FOOD-LICENCE', handlingItem: 'DL-FOOD-LICENCE-NEW' };

beforeAll(async () => {
  t = await createTestApp({ withWorker: true });
  const { db } = t.database;
  await db.insert(regions).values([
    { code: '120000', name: '天津市', parentCode: null },
    { code: dongli.region, name: '东丽区', parentCode: '120000' },
  ]);
  await db.insert(departments).values({ code: dongli.dept, region: dongli.region, name: '东丽区市场监督管理局', side: 'both' });
  await db.insert(divisions).values({ code: dongli.division, deptCode: dongli.dept, name: '食品经营监管科' });
  await db.insert(people).values({ id: 'dl-admin', name: '科室管理员', phone: '13900000099', region: dongli.region, deptCode: dongli.dept, divisionCode: dongli.division, roles: ['division_admin'] });
  await db.insert(approvalItems).values({ code: dongli.approvalItem, deptCode: dongli.dept, name: '食品经营许可' });
  await db.insert(handlingItems).values({ code: dongli.handlingItem, approvalItemCode: dongli.approvalItem, name: '食品经营许可（新办）', allowedModes: ['postCheck'] });
  await db.insert(supervisionItems).values({ code: 'DL-FOOD-SUPERVISION', deptCode: dongli.dept, name: '食品经营监督检查' });
  await db.insert(supervisionSubItems).values({ code: 'DL-FOOD-CHECK', supervisionItemCode: 'DL-FOOD-SUPERVISION', name: '告知承诺事后核查' });
  await db.insert(linkages).values({ handlingItemCode: dongli.handlingItem, supervisingDeptCode: dongli.dept, divisionCode: dongli.division, subItemCode: 'DL-FOOD-CHECK' });
  who.platform = await bearer({ sub: 'svc:approval-platform', roles: ['approval_officer'], region: '100000' });
  who.lygPolicy = await bearer({ sub: 'lyg-policy', roles: ['policy_admin'], region: fixture.region });
  who.dlPolicy = await bearer({ sub: 'dl-policy', roles: ['policy_admin'], region: dongli.region });
  who.auditor = await bearer(principals.nationalAdmin);
});

afterAll(async () => t?.close());

const call = (method: 'GET' | 'POST', url: string, headers: Headers, payload?: object) => t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
const today = () => shanghaiDate(new Date().toISOString());

/** Starts a post-check case decided now and answers its view once it is under supervision. */
async function superviseCase(overrides: object): Promise<{ caseNo: string; view: CaseViewLike }> {
  const input = caseInput({ mode: 'postCheck', commitment: '承诺符合食品经营条件', decidedAt: new Date().toISOString(), ...overrides });
  const started = await call('POST', '/api/cases', who.platform, input);
  expect(started.statusCode, started.body).toBe(201);
  let view: CaseViewLike | undefined;
  await vi.waitFor(
    async () => {
      view = (await call('GET', `/api/cases/${input.caseNo}`, who.auditor)).json();
      expect(view!.stage).toBe('supervising');
      expect(view!.deadlines.length).toBeGreaterThan(0);
    },
    { timeout: 20_000 },
  );
  return { caseNo: input.caseNo, view: view! };
}

interface CaseViewLike {
  stage: string;
  pushedAt: string;
  input: { decidedAt: string };
  policy: { ref: { versions: { region: string; version: number; preset?: string }[] } };
  deadlines: { kind: string; dueAt: string; spec: { start: string; workingDays: number } }[];
}

/** The end of the N-th working day after `start`, as the calendar route computes it. */
async function calendarDue(start: string, workingDays: number): Promise<string> {
  const res = await call('GET', `/api/calendar/deadline?start=${encodeURIComponent(start)}&workingDays=${workingDays}`, who.auditor);
  return new Date(res.json().deadline).toISOString();
}

describe('each region on its own rules', () => {
  it('gives the same kind of case Lianyungang’s limits in 320700 and Dongli’s in 120110', async () => {
    for (const [headers, region, preset] of [
      [who.lygPolicy, fixture.region, 'lianyungang'],
      [who.dlPolicy, dongli.region, 'dongli'],
    ] as const) {
      const added = await call('POST', `/api/regions/${region}/policy/versions`, headers, { preset, effectiveFrom: today(), reason: `采用${preset}规则` });
      expect(added.statusCode, added.body).toBe(201);
    }

    const lyg = await superviseCase({});
    const dl = await superviseCase({ region: dongli.region, approvalDept: dongli.dept, approvalItem: dongli.approvalItem, handlingItem: dongli.handlingItem });

    expect(lyg.view.policy.ref.versions).toEqual([{ region: fixture.region, version: 1, preset: 'lianyungang' }]);
    expect(dl.view.policy.ref.versions).toEqual([{ region: dongli.region, version: 1, preset: 'dongli' }]);
    // L9: viewed within 3 working days of the SMS (the push); no post-check windows in Lianyungang.
    expect(lyg.view.deadlines.map((d) => d.kind)).toEqual(['view']);
    expect(lyg.view.deadlines[0]!.dueAt).toBe(await calendarDue(lyg.view.pushedAt, 3));
    // Dongli 一(三)2: started within 1 and finished within 10 working days of the decision.
    const byKind = Object.fromEntries(dl.view.deadlines.map((d) => [d.kind, d.dueAt]));
    expect(Object.keys(byKind).sort()).toEqual(['postCheckFinish', 'postCheckStart']);
    expect(byKind.postCheckStart).toBe(await calendarDue(dl.view.input.decidedAt, 1));
    expect(byKind.postCheckFinish).toBe(await calendarDue(dl.view.input.decidedAt, 10));
  });

  it('applies a version added mid-way to the cases started after it, never to an open one', async () => {
    const before = await superviseCase({});
    const added = await call('POST', `/api/regions/${fixture.region}/policy/versions`, who.lygPolicy, {
      settings: { workingDays: { view: 2, postCheckStart: null, postCheckFinish: null, revocationProposal: null } },
      effectiveFrom: today(),
      reason: '查看时限缩短为2个工作日',
    });
    expect(added.statusCode, added.body).toBe(201);
    const after = await superviseCase({});
    expect(after.view.policy.ref.versions).toEqual([{ region: fixture.region, version: 2 }]);
    expect(after.view.deadlines.map((d) => [d.kind, d.spec.workingDays])).toEqual([['view', 2]]);
    expect(after.view.deadlines[0]!.dueAt).toBe(await calendarDue(after.view.pushedAt, 2));
    // The open case keeps what it pinned.
    const still = (await call('GET', `/api/cases/${before.caseNo}?fresh=true`, who.auditor)).json() as CaseViewLike;
    expect(still.policy.ref.versions).toEqual(before.view.policy.ref.versions);
    expect(still.deadlines).toEqual(before.view.deadlines);
  });
});
