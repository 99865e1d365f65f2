// sendSms on the real database: who each kind of recipient reaches, the Chinese text rendered
// with its parameters, and a message nobody can receive recorded as a dead letter for ops to see.
import { eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SmsRecipient, SmsTemplate } from '../../activities/contracts.js';
import { createActivities } from '../../activities/index.js';
import type { Database } from '../../db/client.js';
import { departments, divisions, outbox, people, regions } from '../../db/schema/index.js';
import { renderSms, smsTemplates, templateParams } from '../../domain/sms-templates.js';
import { createTestDatabase } from '../helpers/database.js';

let database: Database;
let activities: ReturnType<typeof createActivities>;

type Person = typeof people.$inferInsert;
const person = (id: string, fields: Partial<Person>): Person => ({ id, name: `姓名${id}`, phone: `1380000${id.replace(/\D/g, '').padStart(4, '0')}`, region: '320700', roles: [], ...fields });

beforeAll(async () => {
  database = await createTestDatabase();
  activities = createActivities({ db: database.db });
  const { db } = database;
  await db.insert(regions).values([
    { code: '320000', name: '江苏省' },
    { code: '320700', name: '连云港市', parentCode: '320000' },
    { code: '320706', name: '海州区', parentCode: '320700' },
    { code: '120110', name: '天津市东丽区' },
  ]);
  await db.insert(departments).values([
    { code: 'LYG-SCJGJ', region: '320700', name: '连云港市市场监督管理局', side: 'both' },
    { code: 'LYG-SPJ', region: '320700', name: '连云港市行政审批局', side: 'approval' },
  ]);
  await db.insert(divisions).values([
    { code: 'DIV-NAMED', deptCode: 'LYG-SCJGJ', name: '食品生产处' },
    { code: 'DIV-FALLBACK', deptCode: 'LYG-SCJGJ', name: '食品经营处' },
    { code: 'DIV-EMPTY', deptCode: 'LYG-SCJGJ', name: '特种设备处' },
  ]);
  await db.insert(people).values([
    person('p1', { deptCode: 'LYG-SCJGJ', divisionCode: 'DIV-NAMED', roles: ['division_admin'] }),
    person('p2', { deptCode: 'LYG-SCJGJ', divisionCode: 'DIV-NAMED', roles: ['division_admin'] }),
    person('p3', { deptCode: 'LYG-SCJGJ', divisionCode: 'DIV-FALLBACK', roles: ['division_admin'] }),
    person('p4', { deptCode: 'LYG-SCJGJ', divisionCode: 'DIV-FALLBACK', roles: ['division_admin'], active: false }),
    person('p5', { deptCode: 'LYG-SCJGJ', roles: ['coordinator'], level: 1 }),
    person('p6', { deptCode: 'LYG-SCJGJ', roles: ['coordinator'], level: 2 }),
    person('p7', { deptCode: 'LYG-SPJ', roles: ['coordinator'], level: 1 }),
    person('p8', { region: '320000', roles: ['catalogue_admin'] }),
    person('p9', { region: '320700', roles: ['catalogue_admin'] }),
    person('p10', { region: '320706', roles: ['catalogue_admin'] }),
    person('p11', { region: '120110', roles: ['catalogue_admin'] }),
    person('p12', { deptCode: 'LYG-SPJ', roles: ['approval_officer'] }),
    person('p13', { deptCode: 'LYG-SPJ', roles: ['approval_officer'], phone: null }),
    person('svc', { kind: 'service', deptCode: 'LYG-SPJ', roles: ['approval_officer'], phone: null }),
    person('p14', { deptCode: 'LYG-SCJGJ', roles: ['approval_officer'] }),
  ]);
  // The named 处室管理员 of DIV-NAMED is p2, though p1 is a division admin there too.
  await db.update(divisions).set({ adminPersonId: 'p2' }).where(eq(divisions.code, 'DIV-NAMED'));
});
afterAll(async () => database?.close());

let n = 0;
async function send(to: SmsRecipient, template: SmsTemplate = 'taskAssigned', params: Record<string, string> = { caseNo: 'LYG-S-1', item: '食品经营许可', deadline: '2026-02-24' }) {
  const key = `sms-test:${++n}`;
  const result = await activities.sendSms({ key, caseNo: 'LYG-S-1', why: '测试', to, template, params });
  const rows = await database.db.select().from(outbox).where(like(outbox.key, `${key}:%`)).orderBy(outbox.key);
  return { ...result, rows, reached: rows.filter((r) => r.status === 'recorded').map((r) => r.recipient).sort() };
}

describe('sendSms recipients', () => {
  it('texts the applicant on the phone given', async () => {
    const sent = await send({ kind: 'applicant', phone: '13912345678' }, 'materialsReminder', { caseNo: 'LYG-S-1', deadline: '2026-03-02 24:00' });
    expect(sent.recipients).toBe(1);
    expect(sent.rows).toEqual([expect.objectContaining({ key: `sms-test:${n}:applicant`, recipient: 'applicant', address: '13912345678' })]);
  });

  it("texts the division's named 处室管理员 only", async () => {
    const sent = await send({ kind: 'divisionAdmin', divisionCode: 'DIV-NAMED' });
    expect(sent.reached).toEqual(['p2']);
    expect(sent.rows[0]).toMatchObject({ key: `sms-test:${n}:p2`, address: '13800000002' });
  });

  it('falls back to the active division admins of a division without a named one', async () => {
    expect((await send({ kind: 'divisionAdmin', divisionCode: 'DIV-FALLBACK' })).reached).toEqual(['p3']);
  });

  it("reaches the department's coordinators of the level asked", async () => {
    expect((await send({ kind: 'coordinator', deptCode: 'LYG-SCJGJ', level: 1 })).reached).toEqual(['p5']);
    expect((await send({ kind: 'coordinator', deptCode: 'LYG-SCJGJ', level: 2 })).reached).toEqual(['p6']);
  });

  it('reaches the catalogue admins whose region covers the case region', async () => {
    expect((await send({ kind: 'catalogueAdmins', region: '320706' })).reached).toEqual(['p10', 'p8', 'p9']);
    expect((await send({ kind: 'catalogueAdmins', region: '320700' })).reached).toEqual(['p8', 'p9']);
  });

  it("reaches the department's approval officers, recording one without a phone as a dead letter", async () => {
    const sent = await send({ kind: 'approvalOfficers', deptCode: 'LYG-SPJ' });
    expect(sent.recipients).toBe(1);
    expect(sent.reached).toEqual(['p12']);
    expect(sent.rows.find((r) => r.recipient === 'p13')).toMatchObject({ status: 'dead', lastError: 'no phone', address: null });
    expect(sent.rows.map((r) => r.recipient)).not.toContain('svc');
  });

  it("records 'no recipient' as a dead letter when nobody is found", async () => {
    const sent = await send({ kind: 'divisionAdmin', divisionCode: 'DIV-EMPTY' });
    expect(sent.recipients).toBe(0);
    expect(sent.rows).toEqual([
      expect.objectContaining({ key: `sms-test:${n}:none`, recipient: 'divisionAdmin:DIV-EMPTY', status: 'dead', lastError: 'no recipient', purpose: 'taskAssigned' }),
    ]);
  });
});

describe('SMS text', () => {
  it('renders the Chinese template with its parameters into the payload', async () => {
    const sent = await send({ kind: 'coordinator', deptCode: 'LYG-SPJ', level: 1 });
    expect(sent.rows[0]!.payload).toMatchObject({
      template: 'taskAssigned',
      text: '【审管联动】您处室有新的监管任务：办件LYG-S-1（食品经营许可），请于2026-02-24前查看。',
    });
  });

  it('has a template for every name, each naming its case, renderable from what the workflow passes', () => {
    // The case workflow passes caseNo and item always; deadline and kind for deadlines.
    const workflowParams = { caseNo: 'X-1', item: 'FOOD-NEW', deadline: '2026-02-24 24:00', kind: 'view', taskId: 'X-1:1' };
    for (const name of Object.keys(smsTemplates) as SmsTemplate[]) {
      expect(templateParams(name), name).toContain('caseNo');
      expect(renderSms(name, workflowParams), name).toMatch(/^【审管联动】[^{}]+$/);
    }
    expect(renderSms('deadlineOverdue', workflowParams)).toBe('【审管联动】办件X-1的任务查看期限已于2026-02-24 24:00届满，现已超期，请立即督办。');
    expect(renderSms('deadlineWarning', { ...workflowParams, kind: 'postCheckFinish' })).toBe('【审管联动】办件X-1的事后核查完成期限将于2026-02-24 24:00届满，请抓紧办理。');
  });

  it('refuses a missing parameter, recording nothing, as a retryable failure naming it', async () => {
    const before = await database.db.$count(outbox);
    await expect(send({ kind: 'applicant', phone: '13900000000' }, 'deadlineWarning', { caseNo: 'LYG-S-1' })).rejects.toMatchObject({
      type: 'SmsTemplateError',
      nonRetryable: false,
      message: 'SMS template deadlineWarning needs params: kind, deadline',
    });
    expect(await database.db.$count(outbox)).toBe(before);
  });
});
