// Delivery of outbox messages as signed HTTP calls to a local receiver: the headers and the
// signature, a failing endpoint retried until delivered, and nothing sent twice.
import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signBody } from '../../activities/adapters/http-delivery.js';
import type { AdapterConfig } from '../../activities/adapters/outbox.js';
import type { ArchiveRequest, SmsRequest } from '../../activities/contracts.js';
import { createActivities } from '../../activities/index.js';
import type { Database } from '../../db/client.js';
import { findMessage } from '../../db/outbox.js';
import { outbox } from '../../db/schema/index.js';
import { caseInput } from '../helpers/case-input.js';
import { createTestDatabase } from '../helpers/database.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';

const SECRET = 'adapter-test-secret';
let database: Database;
let receiver: Receiver;
let activities: ReturnType<typeof createActivities>;

beforeAll(async () => {
  database = await createTestDatabase();
  receiver = await startReceiver(SECRET);
  const url = receiver.url;
  const config: AdapterConfig = { urls: { sms: url, supervision: url, credit: url, licence: url, approval: url }, signingSecret: SECRET, timeoutMs: 1000 };
  activities = createActivities({ db: database.db, adapters: config });
});
afterAll(async () => {
  await receiver?.close();
  await database?.close();
});
beforeEach(() => {
  receiver.requests.length = 0;
  receiver.failNext(0);
  receiver.delayMs = 0;
  receiver.answer = { received: true };
});

const archive = (key: string): ArchiveRequest => ({ key, caseNo: 'LYG-D-1', why: '审批办结，推送监管', case: caseInput({ caseNo: 'LYG-D-1' }), formalDocument: false });
const licenceCheck = (n: number, licences: string[]) => ({ key: `case:LYG-D-${n}:licences`, caseNo: `LYG-D-${n}`, why: '材料核验', creditCode: '91350100M000100Y43', licences });

describe('signed delivery', () => {
  it('POSTs the message as JSON with the idempotency key, a timestamp and a valid HMAC signature', async () => {
    const before = Math.floor(Date.now() / 1000);
    await activities.pushArchive(archive('case:LYG-D-1:archive'));
    expect(receiver.requests).toHaveLength(1);
    const request = receiver.requests[0]!;
    expect(request.signatureValid).toBe(true);
    expect(request.headers['idempotency-key']).toBe('case:LYG-D-1:archive');
    expect(request.headers['content-type']).toMatch(/^application\/json/);
    expect(Number(request.headers['x-shenguan-timestamp'])).toBeGreaterThanOrEqual(before);
    expect(request.headers['x-shenguan-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(request.body).toMatchObject({
      key: 'case:LYG-D-1:archive',
      channel: 'supervision',
      purpose: 'archive',
      caseNo: 'LYG-D-1',
      recipient: 'supervision-platform',
      payload: { caseNo: 'LYG-D-1', formalDocument: false, case: { caseNo: 'LYG-D-1' } },
    });
    expect(request.body.payload.key).toBeUndefined();
    expect(await findMessage(database.db, 'case:LYG-D-1:archive')).toMatchObject({ status: 'delivered', attempts: 1, lastError: null, deliveredAt: expect.any(String) });
  });

  it('signs timestamp + "." + body with the secret', () => {
    const expected = createHmac('sha256', 'k').update('1700000000.{"a":1}').digest('hex');
    expect(signBody('k', '1700000000', '{"a":1}')).toBe(`sha256=${expected}`);
  });

  it('records a failed attempt and throws, delivers on the next call, and never re-sends a delivered message', async () => {
    receiver.failNext(1);
    const request = archive('case:LYG-D-1:archive-retry');
    await expect(activities.pushArchive(request)).rejects.toThrow(/supervision message case:LYG-D-1:archive-retry: receiver answered HTTP 503/);
    expect(await findMessage(database.db, request.key)).toMatchObject({ status: 'failed', attempts: 1, lastError: 'receiver answered HTTP 503', deliveredAt: null });

    await activities.pushArchive(request);
    expect(await findMessage(database.db, request.key)).toMatchObject({ status: 'delivered', attempts: 2, lastError: null });

    await activities.pushArchive(request);
    expect(receiver.requests.map((r) => r.status)).toEqual([503, 200]);
    expect(await database.db.$count(outbox, eq(outbox.key, request.key))).toBe(1);
  });

  it('counts a receiver that does not answer in time as a failed attempt', async () => {
    receiver.delayMs = 1500;
    const request = archive('case:LYG-D-1:archive-slow');
    await expect(activities.pushArchive(request)).rejects.toThrow(/no answer within 1000 ms/);
    expect(await findMessage(database.db, request.key)).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('keeps the e-licence service answer, so a retried check asks nothing twice', async () => {
    receiver.answer = { ok: false, missing: ['食品经营许可证'] };
    const request = licenceCheck(2, ['食品经营许可证']);
    expect(await activities.verifyLicences(request)).toEqual({ ok: false, missing: ['食品经营许可证'] });
    expect(await activities.verifyLicences(request)).toEqual({ ok: false, missing: ['食品经营许可证'] });
    expect(receiver.requests).toHaveLength(1);
  });

  it('retries an e-licence answer that is not { ok, missing }', async () => {
    receiver.answer = { status: 'fine' };
    const request = licenceCheck(3, ['营业执照']);
    await expect(activities.verifyLicences(request)).rejects.toThrow(/unexpected shape/);
    receiver.answer = { ok: true, missing: [] };
    expect(await activities.verifyLicences(request)).toEqual({ ok: true, missing: [] });
    expect(await findMessage(database.db, request.key)).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it("sends the applicant's SMS with the phone in the body, never in the error", async () => {
    receiver.failNext(1);
    const request: SmsRequest = {
      key: 'case:LYG-D-4:reminder',
      caseNo: 'LYG-D-4',
      why: '承诺期限前一天提醒',
      to: { kind: 'applicant', phone: '13800000000' },
      template: 'materialsReminder',
      params: { caseNo: 'LYG-D-4', deadline: '2026-03-02 24:00' },
    };
    const failure = await activities.sendSms(request).then(() => undefined, (error: Error) => error);
    expect(failure?.message).toMatch(/receiver answered HTTP 503/);
    expect(failure?.message).not.toContain('13800000000');
    expect(await activities.sendSms(request)).toEqual({ recipients: 1 });
    expect(receiver.requests.at(-1)!.body).toMatchObject({ channel: 'sms', recipient: 'applicant', address: '13800000000', payload: { text: expect.stringContaining('LYG-D-4') } });
    expect(receiver.requests.at(-1)!.body.payload.to).toEqual({ kind: 'applicant' });
  });
});
