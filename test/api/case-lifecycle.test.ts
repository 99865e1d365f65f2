// The whole loop through the API against the dev server, a real worker and the real database:
// start → push → view → inspect → rectify → re-inspect → propose revocation → revoke, with the
// role and scope checks of every step, and the refusals of starts the catalogue or credit forbid.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { creditRecords, outbox } from '../../db/schema/index.js';
import { caseWorkflowId } from '../../workflows/case-id.js';
import { caseInput } from '../helpers/case-input.js';
import { fixture } from '../helpers/catalogue-fixture.js';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { bearer, people } from '../helpers/tokens.js';

let t: TestApp;
let database: TestApp['database'];
let client: TestApp['client'];
let app: TestApp['app'];
type Headers = { authorization: string };
let platform: Headers;
let officer: Headers;
let divisionAdmin: Headers;
let otherDivisionAdmin: Headers;

beforeAll(async () => {
  ({ app, database, client } = t = await createTestApp({ withWorker: true }));
  platform = await bearer(people.approvalPlatform);
  officer = await bearer({ sub: 'officer-1', roles: ['approval_officer'], region: fixture.region, dept: fixture.dept });
  divisionAdmin = await bearer({ sub: fixture.divisionAdmin, roles: ['division_admin'], region: fixture.region, dept: fixture.dept, division: fixture.division });
  otherDivisionAdmin = await bearer({ sub: 'other-admin', roles: ['division_admin'], region: fixture.region, dept: fixture.dept, division: 'LYG-SCJGJ-OTHER' });
});

afterAll(async () => t?.close());

const call = (method: 'GET' | 'POST', url: string, headers: Headers, payload?: object) => app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

describe('starting a case against the catalogue and credit', () => {
  it.each([
    ['an unknown handling item', { handlingItem: 'NO-SUCH-ITEM' }, '/handlingItem', 'unknown-item'],
    ['a handling item of another approval item', { approvalItem: 'OTHER' }, '/approvalItem', 'item-mismatch'],
    ['a mode the item does not allow', { handlingItem: fixture.unlinkedItem, mode: 'postCheck', commitment: '承诺' }, '/mode', 'mode-not-allowed'],
  ] as const)('answers 422 for %s, naming it, and starts nothing', async (_label, overrides, field, rule) => {
    const input = caseInput(overrides as object);
    const res = await call('POST', '/api/cases', platform, input);
    expect(res.statusCode).toBe(422);
    expect(res.json().problems).toContainEqual(expect.objectContaining({ field: `body${field}`, rule }));
    await expect(client.workflow.getHandle(caseWorkflowId(input.caseNo)).describe()).rejects.toThrow();
  });

  it('answers 400 for a deferral without its materials, and for a commitment mode without a commitment', async () => {
    const noDeferral = await call('POST', '/api/cases', platform, caseInput({ mode: 'deferral', commitment: '承诺' }));
    expect(noDeferral.statusCode).toBe(400);
    expect(noDeferral.json().problems).toContainEqual(expect.objectContaining({ field: 'body/deferral', rule: 'deferral-required' }));
    const noCommitment = await call('POST', '/api/cases', platform, caseInput({ mode: 'postCheck' }));
    expect(noCommitment.json().problems).toContainEqual(expect.objectContaining({ field: 'body/commitment', rule: 'commitment-required' }));
    const future = await call('POST', '/api/cases', platform, caseInput({ decidedAt: new Date(Date.now() + 86_400_000).toISOString() }));
    expect(future.json().problems).toContainEqual(expect.objectContaining({ field: 'body/decidedAt', rule: 'decided-in-future' }));
  });

  it('gives a dishonest enterprise the standard route only', async () => {
    const { creditCodeCheckCharacter, organisationCodeCheckCharacter } = await import('../../domain/credit-code.js');
    const body = `91320700MA1M0000${organisationCodeCheckCharacter('MA1M0000')}`;
    const code = body + creditCodeCheckCharacter(body);
    await database.db.insert(creditRecords).values({ key: 'test:dishonest', creditCode: code, event: 'licence_revoked', reason: '测试', caseNo: 'OLD-1' });
    const check = await call('POST', '/api/credit-checks', officer, { creditCode: code });
    expect(check.json()).toMatchObject({ dishonest: true, allowedModes: ['standard'] });
    const refused = await call('POST', '/api/cases', platform, caseInput({ mode: 'postCheck', commitment: '承诺', applicant: { name: 'x', phone: '13800000000', creditCode: code } }));
    expect(refused.statusCode).toBe(422);
    expect(refused.json().problems).toContainEqual(expect.objectContaining({ field: 'body/mode', rule: 'dishonest-standard-only' }));
  });
});

describe('supervise → rectify → revoke through the API', () => {
  it('runs the whole loop, each step by the one who may take it', async () => {
    const input = caseInput({ mode: 'postCheck', commitment: '承诺符合食品安全条件' });
    expect((await call('POST', '/api/cases', platform, input)).statusCode).toBe(201);
    const caseUrl = `/api/cases/${input.caseNo}`;
    await vi.waitFor(async () => expect((await call('GET', caseUrl, officer)).json().stage).toBe('supervising'), { timeout: 15_000 });
    const taskId = `${input.caseNo}:1`;
    const task = (step: string) => `/api/tasks/${encodeURIComponent(taskId)}/${step}`;

    // The division's inbox (the read model, written by a projection activity) lists it once
    // projected; another division may not touch it.
    await vi.waitFor(
      async () => expect((await call('GET', `/api/tasks?division=${fixture.division}`, divisionAdmin)).json().items.map((t: { taskId: string }) => t.taskId)).toContain(taskId),
      { timeout: 15_000 },
    );
    // Another division's task answers as one that does not exist.
    expect((await call('POST', task('view'), otherDivisionAdmin)).statusCode).toBe(404);
    expect((await call('POST', task('view'), officer)).statusCode).toBe(403);

    expect((await call('POST', task('view'), divisionAdmin)).json().tasks[0].status).toBe('viewed');
    const again = await call('POST', task('view'), divisionAdmin);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: 'refused', stage: 'supervising' });

    const now = new Date().toISOString();
    // Non-compliant without findings is a field error, refused before the case is asked: nothing recorded.
    for (const findings of [undefined, '  ']) {
      const missing = await call('POST', task('inspections'), divisionAdmin, { inspectedAt: now, result: 'noncompliant', ...(findings === undefined ? {} : { findings }) });
      expect(missing.statusCode).toBe(400);
      expect(missing.json().problems).toEqual([expect.objectContaining({ field: 'body/findings', rule: 'required-when-noncompliant' })]);
    }
    expect((await call('GET', `${caseUrl}?fresh=true`, officer)).json().tasks[0]).toMatchObject({ status: 'viewed', inspections: [] });
    let res = await call('POST', task('inspections'), divisionAdmin, { inspectedAt: now, result: 'noncompliant', findings: '未按规定贮存食品' });
    expect(res.json().tasks[0].status).toBe('noncompliant');
    const dueDate = new Date(Date.now() + 8 * 3_600_000 + 7 * 86_400_000).toISOString().slice(0, 10);
    expect((await call('POST', task('rectification-reports'), divisionAdmin, { report: '太早' })).statusCode).toBe(409);
    res = await call('POST', task('rectification-orders'), divisionAdmin, { dueDate, requirements: '七日内整改' });
    expect(res.json().tasks[0].status).toBe('rectifying');
    res = await call('POST', task('rectification-reports'), divisionAdmin, { report: '已整改' });
    expect(res.json().tasks[0].status).toBe('reinspecting');
    res = await call('POST', task('inspections'), divisionAdmin, { inspectedAt: new Date().toISOString(), result: 'noncompliant', findings: '仍未整改到位' });
    expect(res.json().tasks[0].status).toBe('revocation_due');
    res = await call('POST', task('revocation-proposals'), divisionAdmin, { reason: '整改后仍不符合许可条件' });
    expect(res.json().pendingDecisions).toMatchObject([{ kind: 'revocation', taskId }]);

    // Only the case's approval department decides.
    expect((await call('POST', `${caseUrl}/decisions`, divisionAdmin, { kind: 'revocation', taskId, decision: 'revoke', reason: 'x' })).statusCode).toBe(403);
    res = await call('POST', `${caseUrl}/decisions`, officer, { kind: 'revocation', taskId, decision: 'revoke', reason: '撤销食品经营许可', documentNo: '连市监撤〔2026〕8号' });
    expect(res.statusCode).toBe(200);
    await vi.waitFor(async () => expect((await call('GET', caseUrl, officer)).json()).toMatchObject({ stage: 'closed', outcome: 'revoked' }), { timeout: 15_000 });

    const view = (await call('GET', caseUrl, officer)).json();
    expect(view.timeline.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['task.viewed', 'inspection.recorded', 'rectification.ordered', 'rectification.reported', 'revocation.proposed', 'revocation.decided', 'case.closed']),
    );
    expect(view.timeline.find((e: { action: string }) => e.action === 'task.viewed').actor).toBe(fixture.divisionAdmin);
    const records = await database.db.select().from(creditRecords).where(eq(creditRecords.creditCode, input.applicant.creditCode));
    expect(records.map((r) => r.event)).toEqual(['licence_revoked']);
    const sms = await database.db.select().from(outbox).where(eq(outbox.caseNo, input.caseNo));
    expect(sms.map((m) => m.purpose)).toContain('taskAssigned');
    expect((await call('POST', `${caseUrl}/withdrawal`, platform, { reason: '已撤销' })).statusCode).toBe(409);
  });

  it('a case of an unlinked item waits, and goes on when the catalogue admin adds the linkage', async () => {
    const input = caseInput({ handlingItem: fixture.unlinkedItem });
    expect((await call('POST', '/api/cases', platform, input)).statusCode).toBe(201);
    const caseUrl = `/api/cases/${input.caseNo}`;
    await vi.waitFor(async () => expect((await call('GET', caseUrl, officer)).json().timeline.map((e: { action: string }) => e.action)).toContain('linkage.missing'), {
      timeout: 15_000,
    });
    expect((await call('GET', caseUrl, officer)).json().stage).toBe('awaiting_linkage');
    const catalogueAdmin = await bearer({ sub: 'cat-admin', roles: ['catalogue_admin'], region: fixture.region });
    const linked = await call('POST', '/api/catalogue/linkages', catalogueAdmin, {
      handlingItemCode: fixture.unlinkedItem,
      supervisingDeptCode: fixture.dept,
      divisionCode: fixture.division,
      subItemCode: fixture.subItem,
      reason: '补充审管关联',
    });
    expect(linked.statusCode).toBe(201);
    await vi.waitFor(async () => expect((await call('GET', caseUrl, officer)).json().stage).toBe('supervising'), { timeout: 15_000 });
    const sms = await database.db.select().from(outbox).where(eq(outbox.caseNo, input.caseNo));
    expect(sms.map((m) => m.purpose)).toEqual(expect.arrayContaining(['linkageMissing', 'taskAssigned']));
  });

  it('withdraws a case under supervision: its task is cancelled', async () => {
    const input = caseInput();
    await call('POST', '/api/cases', platform, input);
    const caseUrl = `/api/cases/${input.caseNo}`;
    await vi.waitFor(async () => expect((await call('GET', caseUrl, officer)).json().stage).toBe('supervising'), { timeout: 15_000 });
    const res = await call('POST', `${caseUrl}/withdrawal`, platform, { reason: '申请人撤回申请' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ stage: 'closed', outcome: 'withdrawn', tasks: [{ status: 'cancelled' }], deadlines: [] });
  });
});
