// The default adapters on the real database: every message recorded exactly once per key (a
// retried activity records nothing twice), the credit archive, and the default licence check.
import { eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiToday } from '../../activities/adapters/e-licence.js';
import { createActivities } from '../../activities/index.js';
import type { Database } from '../../db/client.js';
import { listCreditRecords } from '../../db/credit-records.js';
import { replaceLicences } from '../../db/licences.js';
import { findMessage } from '../../db/outbox.js';
import { creditRecords, outbox } from '../../db/schema/index.js';
import { caseInput } from '../helpers/case-input.js';
import { createTestDatabase } from '../helpers/database.js';

const CREDIT_CODE = '91350100M000100Y43';
let database: Database;
let activities: ReturnType<typeof createActivities>;

beforeAll(async () => {
  database = await createTestDatabase();
  activities = createActivities({ db: database.db });
});
afterAll(async () => database?.close());

const rowsWithKey = (prefix: string) => database.db.select().from(outbox).where(like(outbox.key, `${prefix}%`));
const base = (key: string) => ({ key, caseNo: 'LYG-A-1', why: '测试' });

describe('retry-safety: one outbox row per key, however often the activity runs', () => {
  const calls: Array<[string, (key: string) => Promise<unknown>, object]> = [
    ['pushArchive', (key) => activities.pushArchive({ ...base(key), case: caseInput({ caseNo: 'LYG-A-1' }), formalDocument: true }), { channel: 'supervision', purpose: 'archive-formal', recipient: 'supervision-platform' }],
    [
      'createSupervisionTask',
      (key) => activities.createSupervisionTask({ ...base(key), taskId: 'LYG-A-1:1', creditCode: CREDIT_CODE, target: { supervisingDeptCode: 'LYG-SCJGJ', divisionCode: 'LYG-SCJGJ-SPC', subItemCode: 'S1', revision: 1 } }),
      { channel: 'supervision', purpose: 'supervision-task', recipient: 'LYG-SCJGJ-SPC' },
    ],
    ['notifyApprovalPlatform', (key) => activities.notifyApprovalPlatform({ ...base(key), event: 'licence_issued', data: { licenceNo: 'JY-1' } }), { channel: 'approval', purpose: 'licence_issued', recipient: 'approval-platform' }],
    ['pushCreditRecord', (key) => activities.pushCreditRecord({ ...base(key), creditCode: CREDIT_CODE, event: 'deferral_revoked', reason: '逾期未补交材料' }), { channel: 'credit', purpose: 'deferral_revoked', recipient: 'credit-platform' }],
    ['verifyLicences', (key) => activities.verifyLicences({ ...base(key), creditCode: CREDIT_CODE, licences: ['营业执照'] }), { channel: 'licence', purpose: 'licence-check', recipient: 'e-licence' }],
    [
      'sendSms',
      (key) => activities.sendSms({ ...base(key), to: { kind: 'applicant', phone: '13900000000' }, template: 'materialsReminder', params: { caseNo: 'LYG-A-1', deadline: '2026-03-02 24:00' } }),
      { channel: 'sms', purpose: 'materialsReminder', recipient: 'applicant', address: '13900000000' },
    ],
  ];

  it.each(calls)('%s records once and leaves it recorded (no URL configured)', async (name, call, expected) => {
    const key = `retry:${name}`;
    await call(key);
    await call(key);
    const rows = await rowsWithKey(key);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ ...expected, caseNo: 'LYG-A-1', why: '测试', status: 'recorded', attempts: 0, deliveredAt: null });
    expect((rows[0]!.payload as Record<string, unknown>).key).toBeUndefined();
  });
});

describe('pushCreditRecord', () => {
  it('archives a dishonesty record exactly once per key, beside its outbox row', async () => {
    const request = { ...base('case:LYG-A-2:credit'), caseNo: 'LYG-A-2', creditCode: '91320700MA1TEST001', event: 'licence_revoked' as const, reason: '整改后复查仍不合格', decisionDocument: '连审批撤字〔2026〕1号' };
    await activities.pushCreditRecord(request);
    await activities.pushCreditRecord(request);
    const archive = await listCreditRecords(database.db, request.creditCode);
    expect(archive).toEqual([
      expect.objectContaining({ key: request.key, event: 'licence_revoked', reason: '整改后复查仍不合格', decisionDocument: '连审批撤字〔2026〕1号', caseNo: 'LYG-A-2', recordedAt: expect.any(String) }),
    ]);
    expect(await database.db.$count(creditRecords, eq(creditRecords.key, request.key))).toBe(1);
    expect(await findMessage(database.db, request.key)).toMatchObject({ channel: 'credit', payload: { creditCode: request.creditCode, decisionDocument: '连审批撤字〔2026〕1号' } });
  });
});

describe('verifyLicences on the licences table', () => {
  const code = '91320706MA1LICENCE';
  const today = shanghaiToday();
  const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  let n = 0;
  const check = (licences: string[], creditCode = code) => activities.verifyLicences({ ...base(`licences:${++n}`), creditCode, licences });

  beforeAll(async () => {
    await replaceLicences(database.db, code, [
      { name: '营业执照', licenceNo: 'YY-1', validUntil: null, revoked: false },
      { name: '食品经营许可证', licenceNo: 'JY-1', validUntil: today, revoked: false },
      { name: '卫生许可证', licenceNo: 'WS-1', validUntil: yesterday, revoked: false },
      { name: '排污许可证', licenceNo: 'PW-1', validUntil: '2099-12-31', revoked: true },
    ]);
  });

  it('passes when every licence is held, without expiry or valid through today', async () => {
    expect(await check(['营业执照', '食品经营许可证'])).toEqual({ ok: true, missing: [] });
  });

  it('names the missing, expired and revoked ones, in the order asked', async () => {
    expect(await check(['排污许可证', '营业执照', '卫生许可证', '药品经营许可证'])).toEqual({ ok: false, missing: ['排污许可证', '卫生许可证', '药品经营许可证'] });
  });

  it("does not see another enterprise's licences", async () => {
    expect(await check(['营业执照'], '91350100M000100Y43')).toEqual({ ok: false, missing: ['营业执照'] });
  });

  it('keeps the answer with the message: a retried check answers the same', async () => {
    const request = { ...base('licences:retry'), creditCode: code, licences: ['食品经营许可证'] };
    expect(await activities.verifyLicences(request)).toEqual({ ok: true, missing: [] });
    await replaceLicences(database.db, code, []);
    expect(await activities.verifyLicences(request)).toEqual({ ok: true, missing: [] });
    expect(await findMessage(database.db, request.key)).toMatchObject({ status: 'recorded', response: { ok: true, missing: [] } });
  });
});

describe('shanghaiToday', () => {
  it('is the date in Asia/Shanghai, which runs 8 hours ahead of UTC', () => {
    expect(shanghaiToday(new Date('2026-02-23T15:59:59Z'))).toBe('2026-02-23');
    expect(shanghaiToday(new Date('2026-02-23T16:00:00Z'))).toBe('2026-02-24');
  });
});
