// /api/credit-grades — credit grades (信用等级) in from the public credit platform (L12): its call
// per enterprise (an older grade never overwrites a newer one; the same again is a no-op), its
// CSV file (all or nothing, every problem named by line and column), the export, and who may.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, enterpriseCreditGrades } from '../../db/schema/index.js';
import { creditCodeCheckCharacter, organisationCodeCheckCharacter } from '../../domain/credit-code.js';
import type { Principal } from '../../domain/access.js';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { bearer, people } from '../helpers/tokens.js';

/** A valid credit code registered in `region`, the n-th of the test. */
function code(region: string, n: number): string {
  const org8 = `MA1W3${String(n).padStart(3, '0')}`;
  const first17 = `91${region}${org8}${organisationCodeCheckCharacter(org8)}`;
  return first17 + creditCodeCheckCharacter(first17);
}

const HAIZHOU = code('320706', 1);
const DONGLI = code('120110', 2);
const lyg = (n: number) => code('320700', 100 + n);

const nationalPlatform: Principal = { sub: 'svc:credit-platform', roles: ['credit_officer'], region: '100000' };
const lygPlatform: Principal = { sub: 'svc:lyg-credit', roles: ['credit_officer'], region: '320700' };

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

async function put(principal: Principal, creditCode: string, body: object) {
  return t.app.inject({ method: 'PUT', url: `/api/credit-grades/${creditCode}`, headers: await bearer(principal), payload: { reason: '信用评级更新', ...body } });
}
async function importCsv(principal: Principal, csv: string | Buffer, contentType = 'text/csv') {
  return t.app.inject({ method: 'POST', url: '/api/credit-grades/import?reason=月度信用评级', headers: { ...(await bearer(principal)), 'content-type': contentType }, payload: csv });
}
const stored = async (creditCode: string) => (await t.database.db.select().from(enterpriseCreditGrades).where(eq(enterpriseCreditGrades.creditCode, creditCode)))[0];
const auditOf = (entityId: string) => t.database.db.select().from(auditLog).where(eq(auditLog.entityId, entityId)).orderBy(auditLog.id);

describe('the credit platform sets a grade', () => {
  it('inserts, ignores the same grade again, takes a newer one and refuses an older one', async () => {
    const first = await put(nationalPlatform, HAIZHOU, { grade: 'B', gradedOn: '2026-06-30' });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ creditCode: HAIZHOU, grade: 'B', gradeName: '基本守信', gradedOn: '2026-06-30', source: 'api', updatedBy: 'svc:credit-platform', result: 'inserted' });

    // The same grade of the same day: a retry, nothing written, nothing audited.
    const again = await put(nationalPlatform, HAIZHOU, { grade: 'B', gradedOn: '2026-06-30' });
    expect(again.statusCode).toBe(200);
    expect(again.json().result).toBe('unchanged');
    expect(await auditOf(HAIZHOU)).toHaveLength(1);

    const newer = await put(nationalPlatform, HAIZHOU, { grade: 'C', gradedOn: '2026-09-30', reason: '季度评级' });
    expect(newer.json()).toMatchObject({ grade: 'C', gradeName: '失信', gradedOn: '2026-09-30', result: 'updated' });

    // A late retry of a grade dated before the stored one must not overwrite it.
    const older = await put(nationalPlatform, HAIZHOU, { grade: 'A', gradedOn: '2026-07-31' });
    expect(older.statusCode).toBe(409);
    expect(older.json().message).toBe(`${HAIZHOU} 已有 2026-09-30 评定的信用等级 C（失信），早于它的 2026-07-31 评定结果 A 不予覆盖`);
    expect(await stored(HAIZHOU)).toMatchObject({ grade: 'C', gradedOn: '2026-09-30' });

    // A different grade of the same day is the platform's correction.
    expect((await put(nationalPlatform, HAIZHOU, { grade: 'D', gradedOn: '2026-09-30' })).json()).toMatchObject({ grade: 'D', result: 'updated' });

    const audit = await auditOf(HAIZHOU);
    expect(audit.map((a) => a.action)).toEqual(['credit-grade.inserted', 'credit-grade.updated', 'credit-grade.updated']);
    expect(audit[1]).toMatchObject({
      actor: 'svc:credit-platform',
      entity: 'enterprise-credit-grade',
      reason: '季度评级',
      details: { source: 'api', before: { grade: 'B', gradedOn: '2026-06-30' }, after: { grade: 'C', gradedOn: '2026-09-30' } },
    });
  });

  it('refuses a grade dated in the future, an unknown grade, a day that does not exist and an invalid credit code', async () => {
    const future = await put(nationalPlatform, lyg(1), { grade: 'A', gradedOn: '2099-01-01' });
    expect(future.statusCode).toBe(422);
    expect(future.json().problems).toEqual([expect.objectContaining({ field: 'body/gradedOn', rule: 'future_date' })]);
    const unknown = await put(nationalPlatform, lyg(1), { grade: 'E', gradedOn: '2026-06-30' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().problems[0].field).toBe('body/grade');
    expect((await put(nationalPlatform, lyg(1), { grade: 'A', gradedOn: '2026-02-30' })).statusCode).toBe(400);
    const badCode = await put(nationalPlatform, `${lyg(1).slice(0, 17)}${lyg(1).endsWith('0') ? '1' : '0'}`, { grade: 'A', gradedOn: '2026-06-30' });
    expect(badCode.statusCode).toBe(400);
    expect(badCode.json().problems[0]).toMatchObject({ field: 'params/creditCode', rule: 'creditCode.check' });
    expect(await stored(lyg(1))).toBeUndefined();
  });

  it("scopes the call to the enterprise's registration region, for credit officers only", async () => {
    // Haizhou (320706) lies within Lianyungang (320700); Dongli, Tianjin (120110) does not.
    expect((await put(lygPlatform, lyg(2), { grade: 'A', gradedOn: '2026-06-30' })).statusCode).toBe(200);
    const outside = await put(lygPlatform, DONGLI, { grade: 'A', gradedOn: '2026-06-30' });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().message).toContain('超出区划范围');
    expect((await put(people.lygAdmin, lyg(2), { grade: 'B', gradedOn: '2026-07-30' })).statusCode).toBe(403);
    expect(await stored(DONGLI)).toBeUndefined();
  });

  it('reads a grade back; 404 when the enterprise has none', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/credit-grades/${lyg(2)}`, headers: await bearer(people.lygAuditor) });
    expect(res.json()).toMatchObject({ creditCode: lyg(2), grade: 'A', gradeName: '守信', gradedOn: '2026-06-30', source: 'api' });
    const none = await t.app.inject({ method: 'GET', url: `/api/credit-grades/${lyg(99)}`, headers: await bearer(people.lygAuditor) });
    expect(none.statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/credit-grades/${lyg(2)}`, headers: await bearer(people.lygCatalogue) })).statusCode).toBe(403);
  });
});

describe('importing the platform’s file', () => {
  it('writes a clean file in one go and counts what it did', async () => {
    await t.database.db.insert(enterpriseCreditGrades).values([
      { creditCode: lyg(11), grade: 'B', gradedOn: '2026-08-31', source: 'api', updatedBy: 'x' },
      { creditCode: lyg(12), grade: 'A', gradedOn: '2026-10-31', source: 'api', updatedBy: 'x' },
      { creditCode: lyg(13), grade: 'C', gradedOn: '2026-10-31', source: 'api', updatedBy: 'x' },
    ]);
    // Columns in another order, a BOM, CRLF and a trailing row of empty cells, as Excel saves it.
    // Line 2: new → inserted; line 3: newer than 08-31 → updated; line 4: as stored → unchanged;
    // line 5: dated 09-30, before the stored 10-31 → stale, the stored C stays.
    const csv = ['\uFEFFgraded_on,credit_code,grade', `2026-10-31,${lyg(10)},A`, `2026-10-31,${lyg(11)},C`, `2026-10-31,${lyg(12)},A`, `2026-09-30,${lyg(13)},B`, ',,'].join('\r\n');
    const res = await importCsv(people.lygAdmin, csv);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ inserted: 1, updated: 1, unchanged: 1, stale: 1, staleRows: [5] });
    expect(await stored(lyg(10))).toMatchObject({ grade: 'A', gradedOn: '2026-10-31', source: 'csv', updatedBy: 'lyg-admin' });
    expect(await stored(lyg(11))).toMatchObject({ grade: 'C', gradedOn: '2026-10-31', source: 'csv' });
    expect(await stored(lyg(12))).toMatchObject({ source: 'api' });
    expect(await stored(lyg(13))).toMatchObject({ grade: 'C', gradedOn: '2026-10-31', source: 'api' });

    const audit = await auditOf('320700');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor: 'lyg-admin',
      action: 'credit-grade.imported',
      reason: '月度信用评级',
      details: { inserted: [{ creditCode: lyg(10), grade: 'A', gradedOn: '2026-10-31' }], unchanged: 1, stale: 1, staleCodes: [lyg(13)] },
    });
  });

  it('refuses a file with any problem as a whole, naming every one by line and column', async () => {
    const badCheck = `${lyg(21).slice(0, 17)}${lyg(21).endsWith('0') ? '1' : '0'}`;
    const csv = [
      'credit_code,grade,graded_on',
      `${lyg(20)},A,2026-10-31`, // 2: fine on its own
      `${badCheck},B,2026-10-31`, // 3: check character
      `${lyg(22)},E,2026-10-31`, // 4: no such grade
      `${lyg(23)},=1+1,2026-10-31`, // 5: a spreadsheet formula is no grade
      `${lyg(24)},A,2099-01-01`, // 6: in the future
      `${lyg(20)},B,2026-10-30`, // 7: the enterprise of line 2 again
      `${DONGLI},A,2026-10-31`, // 8: registered in Tianjin
      `${lyg(25)},A,2026/10/31`, // 9: not YYYY-MM-DD
      `${lyg(26)},A`, // 10: a cell short
      `,A,2026-10-31`, // 11: no credit code
    ].join('\n');
    const before = await t.database.db.$count(enterpriseCreditGrades);
    const auditBefore = await t.database.db.$count(auditLog);
    const res = await importCsv(people.lygAdmin, csv);
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.message).toBe('信用等级导入文件有 9 处问题（涉及 9 行），未写入任何数据');
    expect(body.problems.map((p: { row: number; column: string; rule: string }) => [p.row, p.column, p.rule])).toEqual([
      [3, 'credit_code', 'format'],
      [4, 'grade', 'format'],
      [5, 'grade', 'format'],
      [6, 'graded_on', 'future_date'],
      [7, 'credit_code', 'duplicate'],
      [8, 'credit_code', 'out_of_region'],
      [9, 'graded_on', 'format'],
      [10, '', 'field_count'],
      [11, 'credit_code', 'required'],
    ]);
    expect(body.problems[4].problem).toContain('与第 2 行重复');
    expect(await t.database.db.$count(enterpriseCreditGrades)).toBe(before);
    expect(await t.database.db.$count(auditLog)).toBe(auditBefore);
  });

  it('names missing and unknown columns, and refuses a body that is not UTF-8', async () => {
    const missing = await importCsv(lygPlatform, `credit_code,grade\n${lyg(30)},A\n`);
    expect(missing.statusCode).toBe(422);
    expect(missing.json().problems).toEqual([{ row: 1, column: 'graded_on', rule: 'missing_column', problem: '缺少列 graded_on' }]);
    const unknown = await importCsv(lygPlatform, `credit_code,grade,graded_on,score\n${lyg(30)},A,2026-10-31,90\n`);
    expect(unknown.json().problems).toEqual([expect.objectContaining({ row: 1, column: 'score', rule: 'unknown_column' })]);
    // 0xC0 0xFF is not UTF-8 (and no charset was declared).
    const bytes = await importCsv(lygPlatform, Buffer.from([0x63, 0x2c, 0xc0, 0xff, 0x0a]));
    expect(bytes.statusCode).toBe(400);
    expect(bytes.json().error).toBe('bad_encoding');
    expect(await stored(lyg(30))).toBeUndefined();
  });

  it('lets the national platform load any region, and no role but credit officers and region admins import', async () => {
    const res = await importCsv(nationalPlatform, `credit_code,grade,graded_on\n${DONGLI},B,2026-10-31\n`);
    expect(res.json()).toMatchObject({ inserted: 1 });
    expect((await importCsv(people.lygAuditor, `credit_code,grade,graded_on\n`)).statusCode).toBe(403);
  });
});

describe('exporting grades', () => {
  it("exports the caller's region as CSV that imports back unchanged", async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/credit-grades/export', headers: await bearer(people.lygAdmin) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body.split('\r\n').filter((l) => l !== '');
    expect(lines[0]).toBe('\uFEFFcredit_code,grade,graded_on');
    // Every grade of a 32xxxx enterprise, by credit code; none of Tianjin's.
    const codes = lines.slice(1).map((l) => l.split(',')[0]);
    expect(codes).toEqual([...codes].sort());
    expect(codes).toContain(HAIZHOU);
    expect(codes).toContain(lyg(10));
    expect(codes).not.toContain(DONGLI);
    expect(lines).toContain(`${lyg(11)},C,2026-10-31`);
    const back = await importCsv(people.lygAdmin, res.body);
    expect(back.json()).toEqual({ inserted: 0, updated: 0, unchanged: codes.length, stale: 0, staleRows: [] });
  });
});
