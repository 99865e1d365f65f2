// Personal data in Temporal (个人信息保护法 第五十一条): a case started through the real API, run by a
// real worker, leaves no applicant name or phone in the history Temporal stores, while the API,
// holding the key, still reads the case — and ops of the case's region, and only they, read it
// through the codec endpoint (the Web UI's and the CLI's remote codec), every decode audited.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inject } from 'vitest';
import { auditLog } from '../../db/schema/index.js';
import type { Principal } from '../../domain/access.js';
import { resolveTemporalCli } from '../../scripts/lib/temporal-binaries.js';
import { caseWorkflowId } from '../../workflows/case-id.js';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { caseInput } from '../helpers/case-input.js';
import { fixture } from '../helpers/catalogue-fixture.js';
import { bearer, people } from '../helpers/tokens.js';

let t: TestApp;
const applicant = { name: '连云港市海州区密封测试食品店', phone: '13987654321', creditCode: '91350100M000100Y43' };
const input = caseInput({ mode: 'postCheck', commitment: '承诺符合食品安全条件', applicant });
const workflowId = caseWorkflowId(input.caseNo);
const officer = () => bearer({ sub: 'officer-1', roles: ['approval_officer'], region: fixture.region, dept: fixture.dept });
const lygOps: Principal = { sub: 'ops-lyg', roles: ['ops'], region: fixture.region };
const tianjinOps: Principal = { sub: 'ops-tj', roles: ['ops'], region: '120110' };
/** The Temporal UI's origin in the test app (its uiUrl). */
const UI_ORIGIN = 'http://localhost:8233';

beforeAll(async () => {
  t = await createTestApp({ withWorker: true });
  expect((await t.app.inject({ method: 'POST', url: '/api/cases', headers: await bearer(people.approvalPlatform), payload: input })).statusCode).toBe(201);
  const headers = await officer();
  const stage = async () => (await t.app.inject({ method: 'GET', url: `/api/cases/${input.caseNo}`, headers })).json().stage;
  await vi.waitFor(async () => expect(await stage()).toBe('supervising'), { timeout: 15_000 });
  // The whole case: viewed and inspected by its division, so updates and their results are in the history too.
  const division = await bearer({ sub: fixture.divisionAdmin, roles: ['division_admin'], region: fixture.region, dept: fixture.dept, division: fixture.division });
  const task = (step: string) => `/api/tasks/${encodeURIComponent(`${input.caseNo}:1`)}/${step}`;
  expect((await t.app.inject({ method: 'POST', url: task('view'), headers: division })).statusCode).toBe(200);
  const inspection = { inspectedAt: new Date().toISOString(), result: 'compliant', findings: '现场核查符合承诺' };
  expect((await t.app.inject({ method: 'POST', url: task('inspections'), headers: division, payload: inspection })).statusCode).toBe(200);
  await vi.waitFor(async () => expect(await stage()).toBe('closed'), { timeout: 15_000 });
});

afterAll(async () => t?.close());

/** Every payload's bytes (data and metadata) anywhere in the history, found by walking its events. */
function payloadBytes(value: unknown, found: Buffer[] = []): Buffer[] {
  if (value instanceof Uint8Array) found.push(Buffer.from(value));
  else if (Array.isArray(value)) for (const item of value) payloadBytes(item, found);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) payloadBytes(item, found);
  return found;
}

describe('personal data in Temporal', () => {
  it('stores the applicant sealed, and the API still reads the case', async () => {
    const caseUrl = `/api/cases/${input.caseNo}`;
    const history = await rawHistory();
    const bytes = Buffer.concat(payloadBytes(history?.events ?? []));
    expect(bytes.length).toBeGreaterThan(0);
    expect(bytes.includes(Buffer.from('binary/encrypted'))).toBe(true);
    for (const secret of [applicant.name, applicant.phone, applicant.phone.slice(-4) + '"']) expect(bytes.includes(Buffer.from(secret)), secret).toBe(false);

    // The API opens it: the case as started, with the applicant's name, from the workflow itself.
    const fresh = await t.app.inject({ method: 'GET', url: `${caseUrl}?fresh=true`, headers: await officer() });
    expect(fresh.statusCode).toBe(200);
    expect(JSON.stringify(fresh.json())).toContain(applicant.name);
  });
});

/** The case's history as Temporal stores it: read by a client without the codec. */
async function rawHistory() {
  const raw = new Client({ connection: t.client.connection, namespace: 'default' });
  const { history } = await raw.workflowService.getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId } });
  return history;
}

/** The sealed payloads of the case's start (its input), as the remote codec protocol carries them. */
async function startPayloads(): Promise<{ payloads: { metadata: Record<string, string>; data: string }[] }> {
  const history = await rawHistory();
  const payloads = (history?.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? []) as Payload[];
  expect(payloads.length).toBeGreaterThan(0);
  const base64 = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? new Uint8Array()).toString('base64');
  return { payloads: payloads.map((p) => ({ metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, base64(v)])), data: base64(p.data) })) };
}

const textOf = (body: { payloads: { data: string }[] }) => body.payloads.map((p) => Buffer.from(p.data, 'base64').toString('utf8')).join('\n');

const auditRows = (actor: string, action: string) =>
  t.database.db.select().from(auditLog).where(and(eq(auditLog.actor, actor), eq(auditLog.action, action)));

describe('the codec endpoint', () => {
  it('opens a case for ops of its region, seals it for ops elsewhere, and audits both', async () => {
    const payload = await startPayloads();
    const opened = await t.app.inject({ method: 'POST', url: '/codec/decode', headers: { ...(await bearer(lygOps)), 'x-namespace': 'default' }, payload });
    expect(opened.statusCode).toBe(200);
    expect(textOf(opened.json())).toContain(applicant.name);
    expect(textOf(opened.json())).toContain(applicant.phone);

    const elsewhere = await t.app.inject({ method: 'POST', url: '/codec/decode', headers: await bearer(tianjinOps), payload });
    expect(elsewhere.statusCode).toBe(200);
    expect(elsewhere.json()).toEqual(payload);

    const [decoded] = await auditRows(lygOps.sub, 'payload.decoded');
    expect(decoded).toMatchObject({ entity: 'case', entityId: input.caseNo, details: { workflowId, payloads: payload.payloads.length, namespace: 'default' } });
    const [refused] = await auditRows(tianjinOps.sub, 'payload.decode-refused');
    expect(refused).toMatchObject({ entity: 'case', entityId: input.caseNo });
    expect(await auditRows(tianjinOps.sub, 'payload.decoded')).toHaveLength(0);
  });

  it('is for ops only: other roles are refused, and without a token nothing is opened', async () => {
    const payload = await startPayloads();
    const auditor = await t.app.inject({ method: 'POST', url: '/codec/decode', headers: await bearer(people.lygAuditor), payload });
    expect(auditor.statusCode).toBe(403);
    expect(auditor.json().message).toContain('ops');
    expect((await t.app.inject({ method: 'POST', url: '/codec/decode', payload })).statusCode).toBe(401);
  });

  it('serves the temporal CLI: the history shows the applicant through the codec, and not without it', async () => {
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const address = t.app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const cli = await resolveTemporalCli();
    const show = async (...extra: string[]) =>
      (await promisify(execFile)(cli, ['workflow', 'show', '--workflow-id', workflowId, '--address', inject('devServerAddress'), '--output', 'json', ...extra], { maxBuffer: 16 << 20 })).stdout;
    // The JSON output gives payload bytes in base64: what they say, all together.
    const payloadText = (output: string) => [...output.matchAll(/"data": "([A-Za-z0-9+/=]*)"/g)].map((m) => Buffer.from(m[1]!, 'base64').toString('utf8')).join('\n');
    const raw = await show();
    expect(raw).toContain(Buffer.from('binary/encrypted').toString('base64'));
    expect(payloadText(raw)).not.toContain(applicant.phone);
    const { authorization } = await bearer(lygOps);
    const opened = payloadText(await show('--codec-endpoint', `http://127.0.0.1:${port}/codec`, '--codec-auth', authorization));
    expect(opened).toContain(applicant.phone);
    expect(opened).toContain(applicant.name);
  });

  it('signs ops in for the Web UI: a cookie for /codec, CORS for the UI’s origin only', async () => {
    const form = (token: string) => ({ method: 'POST' as const, url: '/codec/session', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ token }).toString() });
    const notOps = await t.app.inject(form((await bearer(people.lygAuditor)).authorization.slice('Bearer '.length)));
    expect(notOps.statusCode).toBe(403);
    expect(notOps.headers['set-cookie']).toBeUndefined();

    const signIn = await t.app.inject(form((await bearer(lygOps)).authorization.slice('Bearer '.length)));
    expect(signIn.statusCode).toBe(200);
    expect(signIn.body).toContain(`已登录：${lygOps.sub}`);
    const setCookie = String(signIn.headers['set-cookie']);
    expect(setCookie).toMatch(/^shenguan_codec=[^;]+; Path=\/codec; HttpOnly; SameSite=Strict; Max-Age=\d+/);
    const cookie = setCookie.split(';')[0]!;
    const page = await t.app.inject({ method: 'GET', url: '/codec/sign-in', headers: { cookie } });
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain(`已登录：${lygOps.sub}`);

    const preflight = await t.app.inject({ method: 'OPTIONS', url: '/codec/decode', headers: { origin: UI_ORIGIN, 'access-control-request-method': 'POST' } });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(UI_ORIGIN);
    expect(preflight.headers['access-control-allow-credentials']).toBe('true');
    const payload = await startPayloads();
    const fromUi = await t.app.inject({ method: 'POST', url: '/codec/decode', headers: { cookie, origin: UI_ORIGIN }, payload });
    expect(fromUi.statusCode).toBe(200);
    expect(fromUi.headers['access-control-allow-origin']).toBe(UI_ORIGIN);
    expect(textOf(fromUi.json())).toContain(applicant.name);

    // Any other page is refused before anything is opened.
    const evil = 'http://localhost:9999';
    expect((await t.app.inject({ method: 'OPTIONS', url: '/codec/decode', headers: { origin: evil, 'access-control-request-method': 'POST' } })).statusCode).toBe(403);
    const fromElsewhere = await t.app.inject({ method: 'POST', url: '/codec/decode', headers: { cookie, origin: evil }, payload });
    expect(fromElsewhere.statusCode).toBe(403);
    expect(fromElsewhere.headers['access-control-allow-origin']).toBeUndefined();

    const signOut = await t.app.inject({ method: 'POST', url: '/codec/sign-out' });
    expect(String(signOut.headers['set-cookie'])).toContain('Max-Age=0');
  });

  it('encodes for the UI what the workers open, and opens what names no case for ops of the whole country only', async () => {
    const plain = { payloads: [{ metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('{"note":"运维"}').toString('base64') }] };
    const sealed = await t.app.inject({ method: 'POST', url: '/codec/encode', headers: await bearer({ ...lygOps, region: '100000' }), payload: plain });
    expect(sealed.statusCode).toBe(200);
    expect(Buffer.from(sealed.json().payloads[0].metadata.encoding, 'base64').toString()).toBe('binary/encrypted');
    const opened = await t.app.inject({ method: 'POST', url: '/codec/decode', headers: await bearer({ ...lygOps, region: '100000' }), payload: sealed.json() });
    expect(opened.json()).toEqual(plain);
    // A payload that names no case says nothing of whose data it holds: a region's ops get it back sealed.
    const regional = await t.app.inject({ method: 'POST', url: '/codec/decode', headers: await bearer(lygOps), payload: sealed.json() });
    expect(regional.json()).toEqual(sealed.json());
  });
});
