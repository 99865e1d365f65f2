// Delivery of outbox messages as signed HTTP calls to a local receiver: the activities only
// record, the relay sends — signed, backing off on failure, a dead letter after too many attempts
// or a refusal, never twice. The relay's clock is passed in: a day of backoff without waiting.
import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { Registry } from 'prom-client';
import { countDeliveries } from '../../activities/adapters/delivery-metrics.js';
import { signBody } from '../../activities/adapters/http-delivery.js';
import { backoffMs, defaultRelayPolicy, isPermanentRefusal, relayDue, startOutboxRelay, type RelayPolicy } from '../../activities/adapters/outbox-relay.js';
import type { AdapterConfig, AdapterContext } from '../../activities/adapters/outbox.js';
import type { ArchiveRequest, SmsRequest } from '../../activities/contracts.js';
import { createActivities } from '../../activities/index.js';
import type { Database } from '../../db/client.js';
import { findMessage, listDeadLetters } from '../../db/outbox.js';
import { outbox } from '../../db/schema/index.js';
import { NATIONAL_REGION } from '../../domain/access.js';
import { caseInput } from '../helpers/case-input.js';
import { createTestDatabase } from '../helpers/database.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';

const SECRET = 'adapter-test-secret';
const HOUR = 3_600_000;
let database: Database;
let receiver: Receiver;
let activities: ReturnType<typeof createActivities>;
let relay: AdapterContext;

beforeAll(async () => {
  database = await createTestDatabase();
  receiver = await startReceiver(SECRET);
  const url = receiver.url;
  const config: AdapterConfig = { urls: { sms: url, supervision: url, credit: url, licence: url, approval: url }, signingSecret: SECRET, timeoutMs: 1000 };
  activities = createActivities({ db: database.db, adapters: config });
  relay = { db: database.db, config };
});
afterAll(async () => {
  await receiver?.close();
  await database?.close();
});
beforeEach(async () => {
  receiver.requests.length = 0;
  receiver.failNext(0);
  receiver.delayMs = 0;
  receiver.answer = { received: true };
  // Each test relays its own messages only.
  await database.db.delete(outbox);
});

const archive = (key: string): ArchiveRequest => ({ key, caseNo: 'LYG-D-1', why: '审批办结，推送监管', case: caseInput({ caseNo: 'LYG-D-1' }), formalDocument: false });
const licenceCheck = (n: number, licences: string[]) => ({ key: `case:LYG-D-${n}:licences`, caseNo: `LYG-D-${n}`, why: '材料核验', creditCode: '91350100M000100Y43', licences });
/** An instant `ms` from now on the relay's clock. */
const later = (ms: number) => new Date(Date.now() + ms);

describe('the activities record, the relay sends', () => {
  it('records without sending; the relay POSTs it as JSON with the idempotency key, a timestamp and a valid HMAC signature', async () => {
    await activities.pushArchive(archive('case:LYG-D-1:archive'));
    expect(receiver.requests).toHaveLength(0);
    expect(await findMessage(database.db, 'case:LYG-D-1:archive')).toMatchObject({ status: 'recorded', attempts: 0 });

    const before = Math.floor(Date.now() / 1000);
    expect(await relayDue(relay)).toEqual({ delivered: 1, retrying: 0, dead: 0 });
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
    // Delivered is final: neither a repeated activity nor a later pass sends it again.
    await activities.pushArchive(archive('case:LYG-D-1:archive'));
    expect(await relayDue(relay, defaultRelayPolicy, later(48 * HOUR))).toEqual({ delivered: 0, retrying: 0, dead: 0 });
    expect(receiver.requests).toHaveLength(1);
  });

  it('signs timestamp + "." + body with the secret', () => {
    const expected = createHmac('sha256', 'k').update('1700000000.{"a":1}').digest('hex');
    expect(signBody('k', '1700000000', '{"a":1}')).toBe(`sha256=${expected}`);
  });

  it('records a failed attempt, tries again only once the backoff has passed, then delivers', async () => {
    receiver.failNext(1);
    const request = archive('case:LYG-D-1:archive-retry');
    await activities.pushArchive(request);
    const now = new Date();
    expect(await relayDue(relay, defaultRelayPolicy, now)).toEqual({ delivered: 0, retrying: 1, dead: 0 });
    expect(await findMessage(database.db, request.key)).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: 'receiver answered HTTP 503',
      deliveredAt: null,
      nextAttemptAt: new Date(now.getTime() + 30_000).toISOString(),
    });
    expect(await relayDue(relay, defaultRelayPolicy, new Date(now.getTime() + 29_000))).toEqual({ delivered: 0, retrying: 0, dead: 0 });
    expect(await relayDue(relay, defaultRelayPolicy, new Date(now.getTime() + 30_000))).toEqual({ delivered: 1, retrying: 0, dead: 0 });
    expect(await findMessage(database.db, request.key)).toMatchObject({ status: 'delivered', attempts: 2, lastError: null });
    expect(receiver.requests.map((r) => r.status)).toEqual([503, 200]);
    expect(await database.db.$count(outbox, eq(outbox.key, request.key))).toBe(1);
  });

  it('counts each attempt by channel and outcome for the metrics', async () => {
    const registry = new Registry();
    const observe = countDeliveries(registry);
    receiver.failNext(1);
    await activities.pushArchive(archive('case:LYG-D-1:archive-counted'));
    const now = new Date();
    await relayDue(relay, defaultRelayPolicy, now, observe);
    await relayDue(relay, defaultRelayPolicy, new Date(now.getTime() + 30_000), observe);
    const text = await registry.metrics();
    expect(text).toContain('shenguan_outbox_deliveries_total{channel="supervision",outcome="retrying"} 1');
    expect(text).toContain('shenguan_outbox_deliveries_total{channel="supervision",outcome="delivered"} 1');
    expect(text).toContain('shenguan_outbox_deliveries_total{channel="sms",outcome="dead"} 0');
  });

  it('counts a receiver that does not answer in time as a failed attempt', async () => {
    receiver.delayMs = 1500;
    const request = archive('case:LYG-D-1:archive-slow');
    await activities.pushArchive(request);
    expect(await relayDue(relay)).toMatchObject({ retrying: 1 });
    expect(await findMessage(database.db, request.key)).toMatchObject({ status: 'failed', attempts: 1, lastError: 'no answer within 1000 ms' });
  });

  it('backs off 30 s doubling to an hour, and gives up after 30 attempts — most of a day — as a dead letter', async () => {
    receiver.failNext(1_000);
    const request = archive('case:LYG-D-1:archive-down');
    await activities.pushArchive(request);
    const start = Date.now();
    let clock = new Date(start);
    const waits: number[] = [];
    for (let attempt = 1; attempt <= defaultRelayPolicy.maxAttempts; attempt++) {
      const pass = await relayDue(relay, defaultRelayPolicy, clock);
      expect(pass.retrying + pass.dead, `attempt ${attempt}`).toBe(1);
      const row = (await findMessage(database.db, request.key))!;
      if (row.status === 'dead') break;
      waits.push(Date.parse(row.nextAttemptAt) - clock.getTime());
      clock = new Date(row.nextAttemptAt);
    }
    expect(waits.slice(0, 8)).toEqual([30, 60, 120, 240, 480, 960, 1920, 3600].map((s) => s * 1000));
    const dead = (await findMessage(database.db, request.key))!;
    expect(dead).toMatchObject({ status: 'dead', attempts: 30, lastError: 'receiver answered HTTP 503', deliveredAt: null });
    expect(clock.getTime() - start).toBeGreaterThan(20 * HOUR);
    expect(clock.getTime() - start).toBeLessThan(24 * HOUR);
    // A dead letter is never sent again, whenever the relay looks.
    expect(await relayDue(relay, defaultRelayPolicy, later(30 * 24 * HOUR))).toEqual({ delivered: 0, retrying: 0, dead: 0 });
    expect(receiver.requests).toHaveLength(30);
    expect(backoffMs(30, defaultRelayPolicy)).toBe(HOUR);
  });

  it('makes a message the receiver refuses (4xx) a dead letter at once, listed for ops', async () => {
    const wrongSecret: AdapterContext = { db: database.db, config: { ...relay.config, signingSecret: 'not-the-secret' } };
    await activities.pushArchive(archive('case:LYG-D-1:archive-refused'));
    expect(await relayDue(wrongSecret)).toEqual({ delivered: 0, retrying: 0, dead: 1 });
    expect(receiver.requests.map((r) => r.status)).toEqual([401]);
    const { total, items: [letter] } = await listDeadLetters(database.db, NATIONAL_REGION, 10);
    expect(total).toBe(1);
    expect(letter).toMatchObject({ key: 'case:LYG-D-1:archive-refused', channel: 'supervision', attempts: 1, lastError: 'receiver answered HTTP 401' });
    expect(letter).not.toHaveProperty('payload');
    expect(letter).not.toHaveProperty('address');
    expect(await relayDue(relay, defaultRelayPolicy, later(48 * HOUR))).toEqual({ delivered: 0, retrying: 0, dead: 0 });
  });

  it('tells refusals from trouble worth retrying', () => {
    expect([400, 401, 403, 404, 410, 422].map(isPermanentRefusal)).toEqual([true, true, true, true, true, true]);
    expect([undefined, 408, 425, 429, 500, 502, 503].map(isPermanentRefusal)).toEqual([false, false, false, false, false, false, false]);
  });

  it('never sends a message twice when relays race (on Postgres: two connections, skip locked)', async () => {
    for (let i = 0; i < 30; i++) await activities.pushArchive(archive(`case:LYG-D-1:race-${i}`));
    const policy: RelayPolicy = { ...defaultRelayPolicy, batchSize: 7 };
    const race = async () => {
      let sent = 0;
      for (;;) {
        const pass = await relayDue(relay, policy);
        if (pass.delivered === 0) return sent;
        sent += pass.delivered;
      }
    };
    const counts = await Promise.all([race(), race(), race()]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(30);
    const keys = receiver.requests.map((r) => r.headers['idempotency-key']);
    expect(new Set(keys).size).toBe(30);
    expect(keys).toHaveLength(30);
  });

  it('runs as a loop beside the worker: delivers what is recorded, and stops when told', async () => {
    const warnings: unknown[] = [];
    const loop = startOutboxRelay(relay, { logger: { info: () => {}, warn: (entry: unknown) => void warnings.push(entry) }, intervalMs: 20 });
    try {
      await activities.pushArchive(archive('case:LYG-D-1:archive-loop'));
      await vi.waitFor(async () => expect(await findMessage(database.db, 'case:LYG-D-1:archive-loop')).toMatchObject({ status: 'delivered' }), { timeout: 5_000 });
    } finally {
      await loop.stop();
    }
    expect(warnings).toEqual([]);
    await activities.pushArchive(archive('case:LYG-D-1:archive-after-stop'));
    expect(await findMessage(database.db, 'case:LYG-D-1:archive-after-stop')).toMatchObject({ status: 'recorded' });
  });

  it('leaves licence checks to their activity: the relay never sends them', async () => {
    receiver.failNext(1);
    const request = licenceCheck(5, ['营业执照']);
    await expect(activities.verifyLicences(request)).rejects.toThrow(/HTTP 503/);
    expect(await relayDue(relay, defaultRelayPolicy, later(HOUR))).toEqual({ delivered: 0, retrying: 0, dead: 0 });
    expect(receiver.requests).toHaveLength(1);
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
    // The gateway is down, and the case does not notice.
    expect(await activities.sendSms(request)).toEqual({ recipients: 1 });
    await relayDue(relay);
    const failed = (await findMessage(database.db, `${request.key}:applicant`))!;
    expect(failed).toMatchObject({ status: 'failed', lastError: 'receiver answered HTTP 503' });
    expect(failed.lastError).not.toContain('13800000000');
    expect(await relayDue(relay, defaultRelayPolicy, later(HOUR))).toMatchObject({ delivered: 1 });
    expect(receiver.requests.at(-1)!.body).toMatchObject({ channel: 'sms', recipient: 'applicant', address: '13800000000', payload: { text: expect.stringContaining('LYG-D-4') } });
    expect(receiver.requests.at(-1)!.body.payload.to).toEqual({ kind: 'applicant' });
  });
});
