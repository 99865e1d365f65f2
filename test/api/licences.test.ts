// /api/licences: the licences the default e-licence check reads — any logged-in role reads them,
// a region admin of the enterprise's registration region replaces them, with an audit row.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.js';
import { auditLog, licences } from '../../db/schema/index.js';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { bearer, people } from '../helpers/tokens.js';

// Registered in Haizhou (320706), Lianyungang's district, and in Dongli, Tianjin (120110).
const HAIZHOU = '91320706MA1W2X3Y60';
const DONGLI = '91120110MA1W2X3Y6C';

type Headers = { authorization: string };
let t: TestApp;
let lyg: Headers;
let tianjin: Headers;
let catalogue: Headers;
let auditor: Headers;

beforeAll(async () => {
  t = await createTestApp();
  [lyg, tianjin, catalogue, auditor] = await Promise.all([bearer(people.lygAdmin), bearer(people.tianjinAdmin), bearer(people.lygCatalogue), bearer(people.lygAuditor)]);
});
afterAll(async () => t?.close());

const put = (headers: Headers, code: string, body: object) => t.app.inject({ method: 'PUT', url: `/api/licences/${code}`, headers, payload: { reason: '证照登记', ...body } });
const get = (headers: Headers, code: string) => t.app.inject({ method: 'GET', url: `/api/licences?creditCode=${code}`, headers });
const food = { name: '食品经营许可证', licenceNo: 'JY13207060000001', validUntil: '2030-12-31' };

describe('replacing licences', () => {
  it("lets the region admin of the enterprise's registration region replace them, recording who, why, before and after", async () => {
    const first = await put(lyg, HAIZHOU, { licences: [food, { name: '营业执照', licenceNo: 'YY-1' }], reason: '证照数据初始化' });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({
      creditCode: HAIZHOU,
      licences: [
        { name: '营业执照', licenceNo: 'YY-1', validUntil: null, revoked: false },
        { name: '食品经营许可证', licenceNo: 'JY13207060000001', validUntil: '2030-12-31', revoked: false },
      ],
    });
    const second = await put(lyg, HAIZHOU, { licences: [{ ...food, revoked: true }], reason: '许可已撤销' });
    expect(second.json().licences).toEqual([{ ...food, revoked: true }]);
    expect(await t.database.db.$count(licences, eq(licences.creditCode, HAIZHOU))).toBe(1);

    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, HAIZHOU)).orderBy(auditLog.id);
    expect(audit).toHaveLength(2);
    expect(audit[1]).toMatchObject({ actor: 'lyg-admin', action: 'licences.replaced', entity: 'licences', reason: '许可已撤销' });
    expect(audit[1]!.details).toMatchObject({ before: [{ name: '营业执照' }, { name: '食品经营许可证', revoked: false }], after: [{ name: '食品经营许可证', revoked: true }] });
  });

  it("refuses another region's admin, and roles other than region_admin, changing nothing", async () => {
    const before = await t.database.db.$count(auditLog);
    const other = await put(tianjin, HAIZHOU, { licences: [] });
    expect(other.statusCode).toBe(403);
    expect(other.json().message).toContain('超出区划范围');
    expect((await put(catalogue, HAIZHOU, { licences: [] })).statusCode).toBe(403);
    expect((await put(auditor, HAIZHOU, { licences: [] })).statusCode).toBe(403);
    expect(await t.database.db.$count(auditLog)).toBe(before);
    expect((await put(tianjin, DONGLI, { licences: [food] })).statusCode).toBe(200);
  });

  it('refuses a bad credit code naming the rule, a bad date, unknown fields and a repeated name', async () => {
    const code = await put(lyg, '91320706MA1W2X3Y61', { licences: [] });
    expect(code.statusCode).toBe(400);
    expect(code.json().problems).toEqual([expect.objectContaining({ field: 'params/creditCode', rule: 'creditCode.check' })]);

    const date = await put(lyg, HAIZHOU, { licences: [{ ...food, validUntil: '2030-13-01' }] });
    expect(date.statusCode).toBe(400);
    expect(date.json().problems).toEqual([expect.objectContaining({ field: 'body/licences/0/validUntil', rule: 'format' })]);

    expect((await put(lyg, HAIZHOU, { licences: [{ ...food, owner: 'x' }] })).statusCode).toBe(400);

    const repeated = await put(lyg, HAIZHOU, { licences: [food, { ...food, licenceNo: 'JY-2' }] });
    expect(repeated.statusCode).toBe(422);
    expect(repeated.json().problems).toEqual([expect.objectContaining({ field: 'body/licences/1/name', rule: 'unique' })]);
    expect((await get(lyg, HAIZHOU)).json().licences).toEqual([{ ...food, revoked: true }]);
  });
});

describe('reading licences', () => {
  it('answers any logged-in role, for an enterprise registered anywhere', async () => {
    const res = await get(auditor, DONGLI);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ creditCode: DONGLI, licences: [{ ...food, revoked: false }] });
    expect((await get(auditor, '91000000000000000X')).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: `/api/licences?creditCode=${DONGLI}` })).statusCode).toBe(401);
  });

  it('is what the default licence check reads', async () => {
    const activities = createActivities({ db: t.database.db });
    const check = (key: string, creditCode: string) => activities.verifyLicences({ key, caseNo: 'LYG-L-1', why: '材料核验', creditCode, licences: ['食品经营许可证'] });
    expect(await check('licences-api:1', HAIZHOU)).toEqual({ ok: false, missing: ['食品经营许可证'] });
    expect(await check('licences-api:2', DONGLI)).toEqual({ ok: true, missing: [] });
  });
});
