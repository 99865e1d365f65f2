// POST /api/outbox/dead-letters/:id/requeue: a dead letter whose cause was mended goes back to the
// relay, which sends it; who, when and why are in the audit trail. Another region's dead letter is
// not found; a message that is not dead is a conflict.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relayDue } from '../../activities/adapters/outbox-relay.js';
import type { AdapterContext } from '../../activities/adapters/outbox.js';
import { findMessage, recordMessage } from '../../db/outbox.js';
import { auditLog, cases } from '../../db/schema/index.js';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { caseRow } from '../helpers/case-list-rows.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { bearer, people } from '../helpers/tokens.js';

const SECRET = 'requeue-test-secret';
let t: TestApp;
let receiver: Receiver;
let relay: AdapterContext;

const deadArchive = (caseNo: string) => ({
  key: `${caseNo}:archive`,
  channel: 'supervision' as const,
  recipient: 'supervision-platform',
  purpose: 'archive',
  why: '办件推送监管',
  caseNo,
  payload: { caseNo },
  status: 'dead' as const,
  lastError: 'receiver answered HTTP 400',
});

beforeAll(async () => {
  t = await createTestApp();
  receiver = await startReceiver(SECRET);
  relay = { db: t.database.db, config: { urls: { supervision: receiver.url }, signingSecret: SECRET, timeoutMs: 2000 } };
  await t.database.db.insert(cases).values([caseRow('LYG-RQ-1'), caseRow('TJ-RQ-1', { region: '120110' })]);
});
afterAll(async () => {
  await receiver?.close();
  await t?.close();
});

const requeue = async (principal: (typeof people)[keyof typeof people], id: number, payload: object = { reason: '监管平台已修复接口' }) =>
  t.app.inject({ method: 'POST', url: `/api/outbox/dead-letters/${id}/requeue`, headers: await bearer(principal), payload });
const audits = (id: number) => t.database.db.select().from(auditLog).where(and(eq(auditLog.entity, 'outbox'), eq(auditLog.entityId, String(id))));

describe('POST /api/outbox/dead-letters/:id/requeue', () => {
  it('puts a dead letter back to the relay, which delivers it, and records who, when and why', async () => {
    const letter = await recordMessage(t.database.db, deadArchive('LYG-RQ-1'));
    const before = Date.now();
    const answer = await requeue(people.lygAdmin, letter.id);
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({ id: letter.id, key: 'LYG-RQ-1:archive', status: 'failed', attempts: 0 });
    expect(Date.parse(answer.json().nextAttemptAt)).toBeLessThanOrEqual(Date.now());

    const [entry] = await audits(letter.id);
    expect(entry).toMatchObject({ actor: people.lygAdmin.sub, action: 'outbox.requeued', reason: '监管平台已修复接口', details: { key: 'LYG-RQ-1:archive', before: { attempts: 0, lastError: 'receiver answered HTTP 400' } } });
    expect(Date.parse(entry!.at)).toBeGreaterThanOrEqual(before - 1000);

    expect(await relayDue(relay)).toMatchObject({ delivered: 1, dead: 0 });
    expect(receiver.requests.map((r) => r.body.key)).toEqual(['LYG-RQ-1:archive']);
    expect(await findMessage(t.database.db, 'LYG-RQ-1:archive')).toMatchObject({ status: 'delivered', attempts: 1 });

    // Delivered now: not a dead letter any more, and nothing more is recorded.
    const again = await requeue(people.lygAdmin, letter.id);
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe(`消息 ${letter.id} 不是死信（当前状态：已送达），无需重新发送`);
    expect(await audits(letter.id)).toHaveLength(1);
  });

  it("answers another region's dead letter exactly as one that does not exist, and changes nothing", async () => {
    const letter = await recordMessage(t.database.db, deadArchive('TJ-RQ-1'));
    const hidden = await requeue(people.lygAdmin, letter.id);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().message).toBe(`死信 ${letter.id} 不存在`);
    const missing = await requeue(people.lygAdmin, letter.id + 1000);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().message).toBe(`死信 ${letter.id + 1000} 不存在`);
    expect(await findMessage(t.database.db, 'TJ-RQ-1:archive')).toMatchObject({ status: 'dead' });
    expect(await audits(letter.id)).toHaveLength(0);
    // Its own region's admin may.
    expect((await requeue(people.tianjinAdmin, letter.id)).statusCode).toBe(200);
  });

  it('requires a reason, and refuses everyone but the region admin: an auditor reads dead letters, never sends one', async () => {
    const letter = await recordMessage(t.database.db, { ...deadArchive('LYG-RQ-1'), key: 'LYG-RQ-1:archive:2' });
    const noReason = await requeue(people.lygAdmin, letter.id, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().problems).toContainEqual(expect.objectContaining({ field: 'body/reason' }));
    expect((await requeue(people.lygCatalogue, letter.id)).statusCode).toBe(403);
    expect((await requeue(people.lygAuditor, letter.id)).statusCode).toBe(403);
    expect(await findMessage(t.database.db, 'LYG-RQ-1:archive:2')).toMatchObject({ status: 'dead' });
    expect(await audits(letter.id)).toHaveLength(0);
  });
});
