// Personal data in Temporal (个人信息保护法 第五十一条): a case started through the real API, run by a
// real worker, leaves no applicant name or phone in the history Temporal stores, while the API,
// holding the key, still reads the case.
import { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { caseWorkflowId } from '../../workflows/case-id.js';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { caseInput } from '../helpers/case-input.js';
import { fixture } from '../helpers/catalogue-fixture.js';
import { bearer, people } from '../helpers/tokens.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ withWorker: true });
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
    const applicant = { name: '连云港市海州区密封测试食品店', phone: '13987654321', creditCode: '91350100M000100Y43' };
    const input = caseInput({ mode: 'postCheck', commitment: '承诺符合食品安全条件', applicant });
    const platform = await bearer(people.approvalPlatform);
    const officer = await bearer({ sub: 'officer-1', roles: ['approval_officer'], region: fixture.region, dept: fixture.dept });
    expect((await t.app.inject({ method: 'POST', url: '/api/cases', headers: platform, payload: input })).statusCode).toBe(201);
    const caseUrl = `/api/cases/${input.caseNo}`;
    await vi.waitFor(async () => expect((await t.app.inject({ method: 'GET', url: caseUrl, headers: officer })).json().stage).toBe('supervising'), { timeout: 15_000 });

    // A client without the codec sees what Temporal keeps (and its Web UI shows).
    const raw = new Client({ connection: t.client.connection, namespace: 'default' });
    const { history } = await raw.workflowService.getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId: caseWorkflowId(input.caseNo) } });
    const bytes = Buffer.concat(payloadBytes(history?.events ?? []));
    expect(bytes.length).toBeGreaterThan(0);
    expect(bytes.includes(Buffer.from('binary/encrypted'))).toBe(true);
    for (const secret of [applicant.name, applicant.phone, applicant.phone.slice(-4) + '"']) expect(bytes.includes(Buffer.from(secret)), secret).toBe(false);

    // The API opens it: the case as started, with the applicant's name, from the workflow itself.
    const fresh = await t.app.inject({ method: 'GET', url: `${caseUrl}?fresh=true`, headers: officer });
    expect(fresh.statusCode).toBe(200);
    expect(JSON.stringify(fresh.json())).toContain(applicant.name);
  });
});
