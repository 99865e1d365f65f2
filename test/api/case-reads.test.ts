// Reads and refusals with the worker down: GET /api/cases/:caseNo answers from the read model — a
// case the API just started included, before any worker ran it — and an action the case's state
// refuses is refused at once; only `fresh=true` and the action itself need the worker. Through the
// real app with NO worker on its task queue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { seedCatalogue } from '../helpers/catalogue-fixture.js';
import { caseInput } from '../helpers/case-input.js';
import { bearer, people } from '../helpers/tokens.js';

/** Deadlines far shorter than the defaults, so an answer in time shows which one was used. */
const RPC_TIMEOUT_MS = 1000;
const PROMPTLY_MS = 5000;

let t: TestApp;
let platform: { authorization: string };

beforeAll(async () => {
  t = await createTestApp({ rpcTimeoutMs: RPC_TIMEOUT_MS, actionWaitMs: 1500 });
  await seedCatalogue(t.database.db);
  platform = await bearer(people.approvalPlatform);
});

afterAll(async () => t?.close());

async function timed(method: 'GET' | 'POST', url: string, payload?: object) {
  const started = Date.now();
  const res = await t.app.inject({ method, url, headers: platform, ...(payload ? { payload } : {}) });
  return { res, ms: Date.now() - started };
}

describe('a case started with the worker down', () => {
  const input = caseInput({ applicant: { ...caseInput().applicant, phone: '13912345678' } });

  beforeAll(async () => {
    expect((await timed('POST', '/api/cases', input)).res.statusCode).toBe(201);
  });

  it('reads at once from the read model, as started, with the phone masked', async () => {
    const { res, ms } = await timed('GET', `/api/cases/${input.caseNo}`);
    expect(res.statusCode).toBe(200);
    expect(ms).toBeLessThan(PROMPTLY_MS);
    const body = res.json();
    expect(body).toMatchObject({ caseNo: input.caseNo, stage: 'awaiting_linkage', source: 'read-model', revision: 0, tasks: [], deadlines: [] });
    expect(body.timeline).toEqual([expect.objectContaining({ actor: people.approvalPlatform.sub, action: 'case.started' })]);
    expect(body.input.applicant.phone).toBe('139****5678');
    expect(res.body).not.toContain(input.applicant.phone);
    expect(Date.parse(body.asOf)).toBeLessThanOrEqual(Date.now());
  });

  it('refuses at once an action its state does not allow, naming the stage', async () => {
    const { res, ms } = await timed('POST', `/api/cases/${input.caseNo}/materials`, { materials: ['营业执照'] });
    expect(res.statusCode).toBe(409);
    expect(ms).toBeLessThan(PROMPTLY_MS);
    expect(res.json()).toMatchObject({ error: 'refused', stage: 'awaiting_linkage' });
  });

  it('answers a fresh read 503 naming the worker, after the short deadline', async () => {
    const { res, ms } = await timed('GET', `/api/cases/${input.caseNo}?fresh=true`);
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.json()).toMatchObject({ error: 'worker_unavailable' });
    expect(ms).toBeGreaterThanOrEqual(RPC_TIMEOUT_MS);
    expect(ms).toBeLessThan(PROMPTLY_MS);
  });

  it('refuses an unknown query parameter', async () => {
    const { res } = await timed('GET', `/api/cases/${input.caseNo}?fresher=1`);
    expect(res.statusCode).toBe(400);
  });
});
