// GET /api/outbox/dead-letters: the messages the relay will not send, of the caller's region's
// cases only, without the address or payload.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordMessage } from '../../db/outbox.js';
import { cases } from '../../db/schema/index.js';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { caseRow } from '../helpers/case-list-rows.js';
import { bearer, people } from '../helpers/tokens.js';

let t: TestApp;
const letter = (key: string, caseNo: string, status: 'dead' | 'failed' = 'dead') => ({
  key,
  channel: 'sms' as const,
  recipient: 'p1',
  address: '13800000000',
  purpose: 'deadlineWarning',
  why: '即将超期预警',
  caseNo,
  payload: { text: '【审管联动】…' },
  status,
  lastError: 'receiver answered HTTP 400',
});

beforeAll(async () => {
  t = await createTestApp();
  const { db } = t.database;
  await db.insert(cases).values([caseRow('LYG-OB-1'), caseRow('TJ-OB-1', { region: '120110' })]);
  await recordMessage(db, letter('LYG-OB-1:a:p1', 'LYG-OB-1'));
  await recordMessage(db, letter('LYG-OB-1:b:p1', 'LYG-OB-1'));
  await recordMessage(db, letter('LYG-OB-1:c:p1', 'LYG-OB-1', 'failed'));
  await recordMessage(db, letter('TJ-OB-1:a:p1', 'TJ-OB-1'));
  // Of a case the read model does not hold (yet): seen from the whole country only.
  await recordMessage(db, letter('NEW-OB-1:a:p1', 'NEW-OB-1'));
});
afterAll(async () => t?.close());

const list = async (principal: (typeof people)[keyof typeof people], query = '') =>
  t.app.inject({ method: 'GET', url: `/api/outbox/dead-letters${query}`, headers: await bearer(principal) });

describe('GET /api/outbox/dead-letters', () => {
  it("lists the region's dead letters, newest first, without address or payload", async () => {
    const answer = await list(people.lygAdmin);
    expect(answer.statusCode).toBe(200);
    const body = answer.json();
    expect(body.total).toBe(2);
    expect(body.items.map((i: { key: string }) => i.key)).toEqual(['LYG-OB-1:b:p1', 'LYG-OB-1:a:p1']);
    expect(body.items[0]).toMatchObject({ channel: 'sms', recipient: 'p1', purpose: 'deadlineWarning', caseNo: 'LYG-OB-1', attempts: 0, lastError: 'receiver answered HTTP 400' });
    expect(answer.body).not.toContain('13800000000');
    expect(body.items[0]).not.toHaveProperty('payload');
  });

  it('answers auditors too, and limits the page but not the count', async () => {
    const body = (await list(people.lygAuditor, '?limit=1')).json();
    expect(body).toMatchObject({ total: 2, items: [{ key: 'LYG-OB-1:b:p1' }] });
  });

  it('shows the whole country every dead letter, those of cases not projected yet included', async () => {
    expect((await list(people.nationalAdmin)).json().total).toBe(4);
  });

  it('refuses another region, and roles other than region admin and auditor', async () => {
    expect((await list(people.tianjinAdmin, '?region=320700')).statusCode).toBe(403);
    expect((await list(people.tianjinAdmin)).json().items.map((i: { key: string }) => i.key)).toEqual(['TJ-OB-1:a:p1']);
    expect((await list(people.lygCatalogue)).statusCode).toBe(403);
  });
});
