// Records from other systems in the enterprise portrait (L13), on the real stack: a region admin
// configures the 12345 hotline as a source; the hotline's signed webhook sends complaints and
// reports (checked, stored once per record ID, refused unsigned, stale or malformed); a
// configured complaint about an enterprise under post-check starts a spot-check case for the
// division of its latest task; a CSV import is all or nothing; the portrait shows the records by
// source with totals, as far as each caller's region reaches.
import { count, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signRecordBody } from '../../api/routes/external-records/index.js';
import { externalRecordDigest } from '../../db/external-records.js';
import { auditLog, externalRecords } from '../../db/schema/index.js';
import type { Principal } from '../../domain/access.js';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { fixture } from '../helpers/catalogue-fixture.js';
import { seedSamplingPopulation, testCreditCode } from '../helpers/sampling-fixture.js';
import { bearer, people } from '../helpers/tokens.js';

const UNDER_POST_CHECK = testCreditCode(1);
const NO_TASK = testCreditCode(50);
const districtAuditor: Principal = { sub: 'hz-auditor', roles: ['auditor'], region: '320706' };
const tianjinAuditor: Principal = { sub: 'tj-auditor', roles: ['auditor'], region: '120110' };

let t: TestApp;
let secret: string;
beforeAll(async () => {
  t = await createTestApp({ withWorker: true });
  await seedSamplingPopulation(t.database.db);
});
afterAll(async () => t?.close());

const reason = '接入12345热线';
const seconds = () => String(Math.floor(Date.now() / 1000));

/** The webhook call of a source, signed with `key` at `timestamp` unless told otherwise. */
async function send(body: object | string, options: { source?: string; key?: string; timestamp?: string; signature?: string } = {}) {
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  const timestamp = options.timestamp ?? seconds();
  return t.app.inject({
    method: 'POST',
    url: `/api/external-records/${options.source ?? '12345'}`,
    headers: {
      'content-type': 'application/json',
      'x-shenguan-timestamp': timestamp,
      'x-shenguan-signature': options.signature ?? signRecordBody(options.key ?? secret, timestamp, payload),
    },
    payload,
  });
}

const complaint = (recordId: string, creditCode: string, extra: object = {}) => ({
  recordId,
  creditCode,
  kind: 'complaint',
  occurredOn: '2026-11-20',
  title: '群众投诉：后厨卫生状况差',
  summary: '来电反映该店后厨卫生问题',
  details: { ticket: recordId, channel: 'phone' },
  ...extra,
});
const recordCount = async () => (await t.database.db.select({ n: count() }).from(externalRecords))[0]!.n;
const auditCount = async () => (await t.database.db.select({ n: count() }).from(auditLog))[0]!.n;

describe('sources', () => {
  it('a region admin configures the 12345 hotline; its key is answered once and never again', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/external-sources',
      headers: await bearer(people.lygAdmin),
      payload: {
        code: '12345',
        name: '12345政务服务便民热线',
        region: fixture.region,
        kinds: ['complaint', 'report'],
        rules: [
          { kind: 'complaint', raises: 'task', taskModes: ['postCheck'] },
          { kind: 'report', raises: 'problem' },
        ],
        reason,
      },
    });
    expect(res.statusCode).toBe(201);
    secret = res.json().secret;
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    const read = await t.app.inject({ method: 'GET', url: '/api/external-sources/12345', headers: await bearer(people.lygAuditor) });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ code: '12345', region: fixture.region, kinds: ['complaint', 'report'], active: true });
    expect(JSON.stringify(read.json())).not.toContain(secret);
    const list = await t.app.inject({ method: 'GET', url: '/api/external-sources', headers: await bearer(people.lygAdmin) });
    expect(JSON.stringify(list.json())).not.toContain(secret);
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'external-source.created'));
    expect(audit).toEqual([expect.objectContaining({ actor: 'lyg-admin', entityId: '12345', reason })]);
    expect(JSON.stringify(audit)).not.toContain(secret);
    // Another region's admin: not found, as if it did not exist.
    const foreign = await t.app.inject({ method: 'GET', url: '/api/external-sources/12345', headers: await bearer(people.tianjinAdmin) });
    expect(foreign.statusCode).toBe(404);
  });

  it('refuses a rule for a kind the source may not send, and another region', async () => {
    const payload = { code: 'JSSCJG', name: '江苏省市场监管平台', region: fixture.region, kinds: ['inspection'], rules: [{ kind: 'penalty', raises: 'task' }], reason };
    const bad = await t.app.inject({ method: 'POST', url: '/api/external-sources', headers: await bearer(people.lygAdmin), payload });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().problems).toEqual([expect.objectContaining({ field: 'body/rules/0/kind', rule: 'kind-of-source' })]);
    const foreign = await t.app.inject({ method: 'POST', url: '/api/external-sources', headers: await bearer(people.tianjinAdmin), payload: { ...payload, rules: [] } });
    expect(foreign.statusCode).toBe(403);
  });
});

describe('the signed webhook', () => {
  it('takes a complaint about an enterprise under post-check and starts a spot check for the division of its latest task', async () => {
    const res = await send(complaint('R0001', UNDER_POST_CHECK));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ source: '12345', recordId: 'R0001', created: true, via: 'webhook', raised: 'task', raisedRef: 'EX-12345-R0001' });
    await vi.waitFor(
      async () => {
        const view = await t.app.inject({ method: 'GET', url: '/api/cases/EX-12345-R0001', headers: await bearer(people.lygAdmin) });
        expect(view.statusCode).toBe(200);
        expect(view.json()).toMatchObject({ input: { mode: 'spotCheck', applicant: { creditCode: UNDER_POST_CHECK } } });
        expect(view.json().tasks).toEqual([expect.objectContaining({ divisionCode: fixture.division, supervisingDeptCode: fixture.dept })]);
      },
      { timeout: 20_000, interval: 250 },
    );
  });

  it('answers the same record ID again with the stored record and writes nothing; other content under it is 409', async () => {
    const [records, audits] = [await recordCount(), await auditCount()];
    const again = await send(complaint('R0001', UNDER_POST_CHECK));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ created: false, raised: 'task', raisedRef: 'EX-12345-R0001' });
    const changed = await send(complaint('R0001', UNDER_POST_CHECK, { title: '改过的标题' }));
    expect(changed.statusCode).toBe(409);
    expect([await recordCount(), await auditCount()]).toEqual([records, audits]);
  });

  it('refuses a bad signature, a stale timestamp, an unknown source and an inactive one (401), writing nothing', async () => {
    const records = await recordCount();
    const body = complaint('R0002', UNDER_POST_CHECK);
    expect((await send(body, { key: 'not-the-key-of-the-source-at-all-0000' })).statusCode).toBe(401);
    expect((await send(body, { signature: 'sha256=abc' })).statusCode).toBe(401);
    const stale = await send(body, { timestamp: String(Math.floor(Date.now() / 1000) - 301) });
    expect(stale.statusCode).toBe(401);
    expect(stale.json().message).toContain('重放');
    expect((await send(body, { source: 'NOSUCH' })).statusCode).toBe(401);
    const unsigned = await t.app.inject({ method: 'POST', url: '/api/external-records/12345', headers: { 'content-type': 'application/json' }, payload: body });
    expect(unsigned.statusCode).toBe(401);
    expect(await recordCount()).toBe(records);
  });

  it('names the field and the rule of a bad record: credit code checksum, a kind the source does not send, a future date', async () => {
    const badCode = `${UNDER_POST_CHECK.slice(0, 17)}${UNDER_POST_CHECK.endsWith('0') ? '1' : '0'}`;
    const code = await send(complaint('R0003', badCode));
    expect(code.statusCode).toBe(400);
    expect(code.json().problems).toEqual([expect.objectContaining({ field: expect.stringContaining('creditCode') })]);
    const kind = await send(complaint('R0004', UNDER_POST_CHECK, { kind: 'penalty' }));
    expect(kind.statusCode).toBe(422);
    expect(kind.json().problems).toEqual([expect.objectContaining({ field: 'body/kind', rule: 'kind-of-source' })]);
    const future = await send(complaint('R0005', UNDER_POST_CHECK, { occurredOn: '2999-01-01' }));
    expect(future.statusCode).toBe(422);
    expect(future.json().problems).toEqual([expect.objectContaining({ field: 'body/occurredOn', rule: 'future_date' })]);
    expect((await t.database.db.select().from(externalRecords).where(like(externalRecords.recordId, 'R000_'))).map((r) => r.recordId)).toEqual(['R0001']);
  });

  it('keeps a complaint about an enterprise nobody supervises here, raising nothing and saying why', async () => {
    const res = await send(complaint('R0006', NO_TASK));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ raised: 'none', raisedRef: null, raisedNote: expect.stringContaining('无负责处室') });
  });

  it('raises a problem record for the supervising department when a report’s rule says so, its escalation clock running', async () => {
    const res = await send({ ...complaint('R0007', UNDER_POST_CHECK), kind: 'report', title: '举报：无证经营' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ raised: 'problem', raisedRef: expect.stringMatching(/^PR-\d+$/) });
    const problemId = Number(res.json().raisedRef.slice('PR-'.length));
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'external-record.problem-raised'));
    expect(audit).toEqual([expect.objectContaining({ entityId: '12345/R0007' })]);
    const problem = await t.app.inject({ method: 'GET', url: `/api/problems/${problemId}`, headers: await bearer(people.lygAdmin) });
    expect(problem.json()).toMatchObject({ deptCode: 'LYG-SCJGJ', level: 1, status: 'open', raisedBy: 'external:12345', description: expect.stringContaining('举报：无证经营') });
    expect((await t.client.workflow.getHandle(`problem:${problemId}`).describe()).status.name).toBe('RUNNING');
    // The same record again raises nothing twice.
    expect((await send({ ...complaint('R0007', UNDER_POST_CHECK), kind: 'report', title: '举报：无证经营' })).json()).toMatchObject({ raisedRef: `PR-${problemId}` });
  });
});

describe('the CSV import', () => {
  const importCsv = async (csv: string, principal: Principal = people.lygAdmin) =>
    t.app.inject({ method: 'POST', url: `/api/external-records/import?source=12345&reason=${encodeURIComponent('月度热线数据')}`, headers: { ...(await bearer(principal)), 'content-type': 'text/csv' }, payload: csv });

  it('refuses a file with one bad row as a whole, naming row, column and rule', async () => {
    const records = await recordCount();
    const csv = `record_id,credit_code,kind,occurred_on,title,summary\nC001,${NO_TASK},complaint,2026-11-01,噪音投诉,夜间施工\nC002,${NO_TASK},inspection,2026-11-02,检查,\n`;
    const res = await importCsv(csv);
    expect(res.statusCode).toBe(422);
    expect(res.json().problems).toEqual([expect.objectContaining({ row: 3, column: 'kind', rule: 'kind-of-source' })]);
    expect(await recordCount()).toBe(records);
  });

  it('imports a good file, counting a record sent before as unchanged; another region’s admin does not find the source', async () => {
    const csv = `record_id,credit_code,kind,occurred_on,title\nR0006,${NO_TASK},complaint,2026-11-20,群众投诉：后厨卫生状况差\nC001,${NO_TASK},complaint,2026-11-01,噪音投诉\n`;
    // R0006 came by the webhook with a summary and details: other content under its ID.
    const conflict = await importCsv(csv);
    expect(conflict.statusCode).toBe(422);
    expect(conflict.json().problems).toEqual([expect.objectContaining({ row: 2, column: 'record_id', rule: 'conflict' })]);
    const good = await importCsv(`record_id,credit_code,kind,occurred_on,title\nC001,${NO_TASK},complaint,2026-11-01,噪音投诉\nC002,${NO_TASK},report,2026-11-02,举报\n`);
    expect(good.statusCode).toBe(200);
    expect(good.json()).toMatchObject({ inserted: 2, unchanged: 0, raised: { none: 2, problem: 0, task: 0, pending: 0 } });
    const again = await importCsv(`record_id,credit_code,kind,occurred_on,title\nC001,${NO_TASK},complaint,2026-11-01,噪音投诉\n`);
    expect(again.json()).toMatchObject({ inserted: 0, unchanged: 1 });
    expect((await importCsv('record_id\n', people.tianjinAdmin)).statusCode).toBe(404);
  });
});

describe('the portrait', () => {
  it('shows the records by source with totals by kind, to the region and the districts the source serves', async () => {
    const portrait = async (principal: Principal, creditCode: string) =>
      (await t.app.inject({ method: 'GET', url: `/api/enterprises/${creditCode}`, headers: await bearer(principal) })).json().externalRecords;
    const lyg = await portrait(people.lygAuditor, UNDER_POST_CHECK);
    expect(lyg).toMatchObject({
      total: 2,
      sources: [
        {
          source: '12345',
          sourceName: '12345政务服务便民热线',
          total: 2,
          byKind: [
            { kind: 'complaint', total: 1 },
            { kind: 'report', total: 1 },
          ],
        },
      ],
    });
    expect(lyg.sources[0].items.map((r: { recordId: string }) => r.recordId).sort()).toEqual(['R0001', 'R0007']);
    expect((await portrait(people.lygAuditor, NO_TASK)).sources[0]).toMatchObject({ total: 3, byKind: [{ kind: 'complaint', total: 2 }, { kind: 'report', total: 1 }] });
    // The city's hotline serves its districts; another region sees nothing of it.
    expect((await portrait(districtAuditor, UNDER_POST_CHECK)).total).toBe(2);
    expect(await portrait(tianjinAuditor, UNDER_POST_CHECK)).toEqual({ total: 0, sources: [] });
  });
});

describe('rotating the key and deactivating the source', () => {
  it('answers a new key once, refuses the old one, and refuses an inactive source on the webhook (401) and the import (409)', async () => {
    const unauthenticated = await t.app.inject({ method: 'PATCH', url: '/api/external-sources/12345', payload: { rotateSecret: true, reason } });
    expect(unauthenticated.statusCode).toBe(401);
    const rotated = await t.app.inject({ method: 'PATCH', url: '/api/external-sources/12345', headers: await bearer(people.lygAdmin), payload: { rotateSecret: true, reason } });
    expect(rotated.statusCode).toBe(200);
    const old = secret;
    secret = rotated.json().secret;
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(secret).not.toBe(old);
    expect((await send(complaint('R0101', NO_TASK), { key: old })).statusCode).toBe(401);
    expect((await send(complaint('R0101', NO_TASK))).statusCode).toBe(201);
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'external-source.changed'));
    expect(JSON.stringify(audit)).not.toContain(secret);

    const off = await t.app.inject({ method: 'PATCH', url: '/api/external-sources/12345', headers: await bearer(people.lygAdmin), payload: { active: false, reason } });
    expect(off.json()).toMatchObject({ active: false });
    expect(off.json().secret).toBeUndefined();
    expect((await send(complaint('R0102', NO_TASK))).statusCode).toBe(401);
    const imported = await t.app.inject({
      method: 'POST',
      url: `/api/external-records/import?source=12345&reason=${encodeURIComponent('补录')}`,
      headers: { ...(await bearer(people.lygAdmin)), 'content-type': 'text/csv' },
      payload: `record_id,credit_code,kind,occurred_on,title\nC009,${NO_TASK},complaint,2026-11-01,噪音投诉\n`,
    });
    expect(imported.statusCode).toBe(409);
    // A source with records is kept: deactivated, not deleted.
    const removed = await t.app.inject({ method: 'DELETE', url: `/api/external-sources/12345?reason=${encodeURIComponent('停用')}`, headers: await bearer(people.lygAdmin) });
    expect(removed.statusCode).toBe(409);
  });
});

describe('a raise that could not be made', () => {
  it('is tried again when the source sends the same record again', async () => {
    await t.app.inject({ method: 'PATCH', url: '/api/external-sources/12345', headers: await bearer(people.lygAdmin), payload: { active: true, reason } });
    // As a webhook call leaves a record whose case start failed (Temporal away): stored, pending.
    const record = complaint('R0201', UNDER_POST_CHECK);
    await t.database.db.insert(externalRecords).values({ ...record, source: '12345', digest: externalRecordDigest(record), via: 'webhook', raised: 'pending' });
    const retried = await send(record);
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ created: false, raised: 'task', raisedRef: 'EX-12345-R0201' });
    const view = await t.app.inject({ method: 'GET', url: '/api/cases/EX-12345-R0201', headers: await bearer(people.lygAdmin) });
    expect(view.statusCode).toBe(200);
  });
});
