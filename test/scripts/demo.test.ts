// The demo's seeding and driving (npm run demo) against the real API over HTTP, with a real worker
// on the shared dev server: a few of its scenarios, one case each, and their end state read back
// through the API.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mintToken } from '../../api/auth/tokens.js';
import { isValidCreditCode } from '../../domain/credit-code.js';
import type { CaseView } from '../../domain/case/state.js';
import { actors } from '../../scripts/lib/demo/actors.js';
import { createApiClient, type ApiClient } from '../../scripts/lib/demo/api-client.js';
import { driveCases, newRun, plannedCases, type DrivenCase } from '../../scripts/lib/demo/drive.js';
import { creditCodeOf, enterprises } from '../../scripts/lib/demo/enterprises.js';
import { policyShowcase, scenarios } from '../../scripts/lib/demo/scenarios.js';
import { regionPolicies, seedPolicies, type PolicySeedResult } from '../../scripts/lib/demo/policies.js';
import { seedCalls, seedRegion, type SeedResult } from '../../scripts/lib/demo/seed.js';
import { policyLines, readBack, type DemoTally } from '../../scripts/lib/demo/summary.js';
import { driveOversight } from '../../scripts/lib/demo/oversight.js';
import { pdfBytes } from '../../scripts/lib/demo/documents.js';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { sha256Of } from '../helpers/file-bytes.js';
import { TEST_SECRET } from '../helpers/tokens.js';

const chosen = {
  loop: '整改→复查仍不合格→撤销许可',
  latePostCheck: '事后核查·超期未办（已升级）',
  failedLicences: '材料核验·核验未通过→撤销审批',
  lateLinked: '事项未关联→补充关联后下达',
  withdrawn: '办件撤回',
  deferral: '材料延期·按时补交',
  cityPostCheck: policyShowcase.city,
  districtPostCheck: policyShowcase.district,
};

let t: TestApp;
let api: ApiClient;
const run = newRun();
let seeded: SeedResult;
let policies: PolicySeedResult;
let driven: DrivenCase[];
let tally: DemoTally;
const caseOf = (scenario: string) => driven.find((c) => c.scenario === scenario)!;
const viewOf = async (scenario: string) => (await api.call<CaseView>(actors.auditor, 'GET', `/api/cases/${caseOf(scenario).caseNo}`)).body;

beforeAll(async () => {
  // The example catalogue of the test app overlaps the demo's: its market regulator and food division.
  t = await createTestApp({ withWorker: true, rateLimitPerMinute: 100_000 });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const address = t.app.server.address();
  api = createApiClient(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, (principal) => mintToken(TEST_SECRET, principal));
  seeded = await seedRegion(api, run.tag);
  policies = await seedPolicies(api);
  driven = await driveCases(api, run, { only: Object.values(chosen), perScenario: 1 });
  tally = await readBack(api, driven);
});

afterAll(async () => t?.close());

describe('the demo data', () => {
  it('names only known items, applicants and steps, and computes valid credit codes', () => {
    for (const [key] of enterprises) expect(isValidCreditCode(creditCodeOf(key, run.tag)), key).toBe(true);
    // Another run gives another code: a revoked applicant of one run never blocks the next.
    expect(creditCodeOf('laojiefang', run.tag)).not.toBe(creditCodeOf('laojiefang', 'Y0000'));
    // 39 cases in the full demo: the sum of the scenario table's counts.
    expect(plannedCases()).toHaveLength(scenarios.reduce((sum, s) => sum + s.count, 0));
    expect(plannedCases()).toHaveLength(39);
  });
});

describe('seeding and driving through the API', () => {
  it('seeds the region, leaving what exists; a second run finds it all but its own new item', async () => {
    // The test app's example catalogue already holds LYG-SCJGJ and its division LYG-SCJGJ-SPJY.
    expect(seeded.existed).toBe(2);
    const again = newRun(new Date(Date.now() + 5_000));
    const second = await seedRegion(api, again.tag);
    // Every POST of the first run answers 409 now except the late-linked item, new per run; PUTs
    // and PATCHes (regions, division admins, licences under new codes) write again.
    const posts = seedCalls(again.tag).filter((c) => c.method === 'POST').length;
    expect(second.existed).toBe(posts - 1);
  });

  it('drives every chosen case without an error', () => {
    expect(driven.map((c) => c.error).filter(Boolean)).toEqual([]);
    expect(driven.map((c) => c.scenario).sort()).toEqual(Object.values(chosen).sort());
    expect(tally.cases).toBe(8);
    // Closed: the loop and the failed licence check (revoked), the withdrawal, and the deferral
    // whose materials came in and whose one task was found compliant (completed).
    expect(tally.byOutcome).toEqual({ revoked: 2, withdrawn: 1, completed: 1 });
  });

  it('runs the whole loop to a revoked licence', async () => {
    const view = await viewOf(chosen.loop);
    expect(view).toMatchObject({ stage: 'closed', outcome: 'revoked', tasks: [{ status: 'revoked' }] });
    expect(view.tasks[0]!.inspections.map((i) => i.result)).toEqual(['noncompliant', 'noncompliant']);
    const actions = view.timeline.map((e) => e.action);
    for (const action of ['task.viewed', 'inspection.recorded', 'rectification.ordered', 'rectification.reported', 'revocation.proposed', 'revocation.decided', 'case.closed']) {
      expect(actions).toContain(action);
    }
    expect(view.timeline.find((e) => e.action === 'revocation.proposed')!.actor).toBe('hz-scjgj-spaq-admin');
    expect(view.timeline.find((e) => e.action === 'revocation.decided')!.actor).toBe('hz-xzspj-officer');
  });

  it('attaches the archive and every step’s documents to the revoked case, downloadable as uploaded', async () => {
    const { caseNo, files } = caseOf(chosen.loop);
    const view = await viewOf(chosen.loop);
    expect(view.input.archive?.map((a) => a.kind)).toEqual(['commitment-letter', 'approval-result']);
    type Listed = { kind: string; name: string; sha256: string; contentUrl: string };
    const listed = (await api.call<{ items: Listed[] }>(actors.auditor, 'GET', `/api/cases/${caseNo}/files`)).body.items;
    // Two inspections (first and re-inspection), each with its record and photo.
    expect(listed.map((f) => [f.kind, f.name]).sort()).toEqual(
      [
        ['commitment-letter', '告知承诺书.pdf'],
        ['approval-result', '办理结果.pdf'],
        ['inspection-record', '现场检查记录.pdf'],
        ['inspection-photo', '现场照片.png'],
        ['inspection-record', '现场检查记录.pdf'],
        ['inspection-photo', '现场照片.png'],
        ['rectification-order', '责令整改通知书.pdf'],
        ['rectification-report', '整改报告.pdf'],
        ['rectification-evidence', '整改后照片.jpg'],
        ['revocation-proposal', '撤销建议书.pdf'],
        ['revocation-decision', '撤销结果决定书.pdf'],
      ].sort(),
    );
    expect(files).toBe(listed.length);
    // The decision document comes back byte for byte.
    const decision = listed.find((f) => f.kind === 'revocation-decision')!;
    const res = await fetch(`${api.apiUrl}${decision.contentUrl}`, { headers: { authorization: `Bearer ${await api.token(actors.auditor)}` } });
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(sha256Of(bytes)).toBe(decision.sha256);
    expect(sha256Of(bytes)).toBe(sha256Of(pdfBytes(`Revocation decision, case ${caseNo}`)));
  });

  it('makes the post-check decided 12 working days ago overdue and escalated at once', async () => {
    // Decided on working day W-12: the start was due at the end of W-11 (1 working day), the
    // finish at the end of W-2 (10 working days). Escalation: level 2 at the deadline, level 1
    // one working day later, level 3 three working days later — so the start (10 working days
    // late) has reached all three, the finish (due W-2; W-1 has passed, W+1 has not) levels 2 and 1.
    await vi.waitFor(
      async () => {
        const deadlines = (await viewOf(chosen.latePostCheck)).deadlines;
        expect(deadlines.map((d) => [d.kind, d.overdue, d.escalatedLevels])).toEqual([
          ['postCheckStart', true, [2, 1, 3]],
          ['postCheckFinish', true, [2, 1]],
        ]);
      },
      { timeout: 15_000 },
    );
    expect((await viewOf(chosen.latePostCheck)).tasks).toMatchObject([{ status: 'notified', divisionCode: 'LYG-SCJGJ-YPLT' }]);
  });

  it('revokes the approval whose licence check failed on the expired health certificate', async () => {
    const view = await viewOf(chosen.failedLicences);
    expect(view).toMatchObject({ stage: 'closed', outcome: 'revoked', tasks: [] });
    expect(view.timeline.find((e) => e.action === 'licences.failed')?.reason).toBe('从业人员健康证明');
  });

  it('lets the unlinked item wait, then pushes it once the catalogue admin links it', async () => {
    const view = await viewOf(chosen.lateLinked);
    const actions = view.timeline.map((e) => e.action);
    expect(actions.indexOf('linkage.missing')).toBeLessThan(actions.indexOf('linkage.resolved'));
    expect(view).toMatchObject({ stage: 'supervising', tasks: [{ status: 'viewed', divisionCode: 'LYG-SCJGJ-SPJY' }] });
  });

  it('withdraws a case and completes a deferral whose materials came in', async () => {
    expect(await viewOf(chosen.withdrawn)).toMatchObject({ stage: 'closed', outcome: 'withdrawn', tasks: [{ status: 'cancelled' }] });
    const deferral = await viewOf(chosen.deferral);
    expect(deferral).toMatchObject({ stage: 'closed', outcome: 'completed', tasks: [{ status: 'done', divisionCode: 'LYG-ZJJ-JZSC' }] });
    expect(deferral.materialsSubmittedAt).toBeDefined();
  });

  it('seeds each region’s preset once, listed by the policy versions route', async () => {
    expect(policies).toEqual({ added: ['320700 lianyungang', '320707 dongli'], existed: [] });
    // A second run finds both and adds no second version.
    expect(await seedPolicies(api)).toEqual({ added: [], existed: ['320700 lianyungang', '320707 dongli'] });
    for (const [region, preset] of regionPolicies) {
      const { body: versions } = await api.call<{ region: string; version: number; preset: string | null }[]>(actors.auditor, 'GET', `/api/regions/${region}/policy/versions`);
      expect(versions).toMatchObject([{ region, version: 1, preset }]);
    }
  });

  it('times the same kind of post-check by each region’s own policy', async () => {
    // Lianyungang (L9): only the view deadline; the Dongli-like district (一(三)2): start and finish.
    const deadlinesOf = async (scenario: string) => {
      let view: CaseView | undefined;
      await vi.waitFor(
        async () => {
          view = await viewOf(scenario);
          expect(view.deadlines.length).toBeGreaterThan(0);
        },
        { timeout: 15_000 },
      );
      return view!;
    };
    const city = await deadlinesOf(chosen.cityPostCheck);
    const district = await deadlinesOf(chosen.districtPostCheck);
    expect(city.input.region).toBe('320700');
    expect(district.input.region).toBe('320707');
    expect(city.policy?.ref.versions.map((v) => v.preset)).toEqual(['lianyungang']);
    // The district lays the Dongli preset over the city's.
    expect(district.policy?.ref.versions.map((v) => v.preset)).toEqual(['lianyungang', 'dongli']);
    expect(city.deadlines.map((d) => d.kind)).toEqual(['view']);
    expect(district.deadlines.map((d) => d.kind).sort()).toEqual(['postCheckFinish', 'postCheckStart']);
    // The summary sets them side by side, due times in Beijing time.
    const lines = policyLines({ ...tally, views: new Map([[caseOf(chosen.cityPostCheck).caseNo, city], [caseOf(chosen.districtPostCheck).caseNo, district]]) }, driven);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^320700 连云港市 \(lianyungang v1\):\s+\S+ post-check → view due \d{4}-\d\d-\d\d \d\d:\d\d$/);
    expect(lines[1]).toMatch(/^320707 赣榆区 \(lianyungang v1 \+ dongli v1\):\s+\S+ post-check → postCheck(Start|Finish) due .+, postCheck(Start|Finish) due /);
  });

  it('raises and escalates a problem record, and sends and answers a 告知函', async () => {
    const shown = await driveOversight(api, driven);
    expect(shown.lines).toHaveLength(3);
    const problemId = /GET \/api\/problems\/(\d+)/.exec(shown.lines[0]!)![1];
    const problem = (await api.call<{ level: number; status: string; events: { action: string }[] }>(actors.auditor, 'GET', `/api/problems/${problemId}`)).body;
    expect(problem).toMatchObject({ level: 3, status: 'in_progress' });
    const letterId = /GET \/api\/notice-letters\/(\d+)/.exec(shown.lines[1]!)![1];
    const letter = (await api.call<{ status: string; number: string }>(actors.auditor, 'GET', `/api/notice-letters/${letterId}`)).body;
    expect(letter.status).toBe('rectified');
    expect(shown.lines[1]).toContain(letter.number);
    // A 12345 complaint about one of the run's applicants, in its portrait, raising a problem record.
    const creditCode = /GET \/api\/enterprises\/(\w+)/.exec(shown.lines[2]!)![1];
    expect(shown.lines[2]).toMatch(/→ PR-\d+/);
    const portrait = (await api.call<{ externalRecords: unknown }>(actors.auditor, 'GET', `/api/enterprises/${creditCode}`)).body;
    expect(JSON.stringify(portrait.externalRecords)).toContain('LYG12345');
  });
});
