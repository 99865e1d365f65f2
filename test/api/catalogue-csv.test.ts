// Catalogue CSV export and import through the API (L16): Excel-ready exports, all-or-nothing
// imports that list every problem with its line and column, and export → import round trips.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalItems, auditLog, handlingItems, linkages, supervisionItems, supervisionSubItems } from '../../db/schema/index.js';
import { parseCsv } from '../../api/csv/csv.js';
import { catalogueKinds } from '../../domain/catalogue-csv.js';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { createDepartments, createRegions } from '../helpers/org-setup.js';
import { bearer, people } from '../helpers/tokens.js';

type Headers = { authorization: string };
let t: TestApp;
let admin: Headers;
let catalogue: Headers;
let regionAdmin: Headers;
let auditor: Headers;

beforeAll(async () => {
  t = await createTestApp();
  [admin, catalogue, regionAdmin, auditor] = await Promise.all([
    bearer(people.nationalAdmin),
    bearer(people.lygCatalogue),
    bearer(people.lygAdmin),
    bearer(people.lygAuditor),
  ]);
  await createRegions(t.app, admin);
  await createDepartments(t.app, admin, [
    ['LYG-SPJ', '320700', '连云港市行政审批局', 'approval'],
    ['LYG-SCJGJ', '320700', '连云港市市场监督管理局', 'both'],
    ['LYG-ZJJ', '320700', '连云港市住房和城乡建设局', 'supervision'],
    ['HZ-SPJ', '320706', '海州区行政审批局', 'approval'],
    ['DL-SPJ', '120110', '东丽区行政审批局', 'approval'],
  ] as const);
  for (const [code, deptCode, name] of [
    ['ZJJ-JGC', 'LYG-ZJJ', '建筑市场监管处'],
    ['SCJ-SPC', 'LYG-SCJGJ', '食品经营监管处'],
  ] as const) {
    expect((await t.app.inject({ method: 'POST', url: '/api/divisions', headers: admin, payload: { code, deptCode, name, reason: '测试数据' } })).statusCode).toBe(201);
  }
});
afterAll(async () => t?.close());

const importCsv = (kind: string, body: string | Buffer, { headers = catalogue, contentType = 'text/csv', query = `?reason=${encodeURIComponent('清单导入')}` } = {}) =>
  t.app.inject({ method: 'POST', url: `/api/catalogue/${kind}/import${query}`, headers: { ...headers, 'content-type': contentType }, payload: body });
const exportCsv = (kind: string, headers: Headers = auditor) => t.app.inject({ method: 'GET', url: `/api/catalogue/${kind}.csv`, headers });
const counts = async () => ({
  approvalItems: await t.database.db.$count(approvalItems),
  handlingItems: await t.database.db.$count(handlingItems),
  supervisionItems: await t.database.db.$count(supervisionItems),
  subItems: await t.database.db.$count(supervisionSubItems),
  linkages: await t.database.db.$count(linkages),
  audit: await t.database.db.$count(auditLog),
});
const lines = (...rows: string[]) => rows.join('\r\n') + '\r\n';

describe('export', () => {
  it('answers UTF-8 CSV with a BOM and the header, even when empty', async () => {
    const res = await exportCsv('handling-items');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="handling-items-320700.csv"');
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(res.body).toBe('\uFEFFcode,approval_item_code,name,allowed_modes\r\n');
  });

  it('is read within the caller’s region only', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/catalogue/approval-items.csv?region=120110', headers: auditor })).statusCode).toBe(403);
  });
});

describe('import', () => {
  it('inserts every catalogue from spreadsheets, with one audit row per file', async () => {
    const approval = await importCsv('approval-items', lines('code,dept_code,name', 'FOOD,LYG-SPJ,食品经营许可', 'DRUG,LYG-SCJGJ,"药品经营许可,零售"', 'HZ-EDU,HZ-SPJ,民办学校办学许可'), {
      query: `?reason=${encodeURIComponent('2026年清单梳理')}`,
    });
    expect(approval.statusCode).toBe(200);
    expect(approval.json()).toEqual({ inserted: 3, updated: 0, unchanged: 0 });
    const [entry] = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'catalogue.approval-item.imported'));
    expect(entry).toMatchObject({ actor: 'lyg-catalogue', entity: 'approval-item', entityId: '320700', reason: '2026年清单梳理' });
    expect(entry!.details).toMatchObject({ inserted: 3, updated: 0, unchanged: 0, insertedKeys: ['FOOD', 'DRUG', 'HZ-EDU'] });

    const handling = await importCsv('handling-items', lines('name,code,approval_item_code,allowed_modes', '新办,FOOD-NEW,FOOD,postCheck|deferral', '变更,FOOD-CHG,FOOD,', '零售新办,DRUG-NEW,DRUG,verification'));
    expect(handling.json()).toEqual({ inserted: 3, updated: 0, unchanged: 0 });
    const [foodNew] = await t.database.db.select().from(handlingItems).where(eq(handlingItems.code, 'FOOD-NEW'));
    expect(foodNew!.allowedModes).toEqual(['deferral', 'postCheck']);

    expect((await importCsv('supervision-items', lines('code,dept_code,name', 'BUILD-SUP,LYG-ZJJ,建筑施工监管', 'FOOD-SUP,LYG-SCJGJ,食品经营监管'))).json()).toMatchObject({ inserted: 2 });
    expect((await importCsv('supervision-sub-items', lines('code,supervision_item_code,name', 'BUILD-SAFE,BUILD-SUP,安全检查', 'FOOD-CHECK,FOOD-SUP,经营检查'))).json()).toMatchObject({ inserted: 2 });
    const linked = await importCsv('linkages', lines('handling_item_code,supervising_dept_code,division_code,sub_item_code', 'FOOD-NEW,LYG-SCJGJ,SCJ-SPC,FOOD-CHECK', 'DRUG-NEW,LYG-SCJGJ,SCJ-SPC,FOOD-CHECK'));
    expect(linked.json()).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    const unlinked = (await t.app.inject({ method: 'GET', url: '/api/catalogue/unlinked', headers: auditor })).json();
    expect(unlinked.map((u: { handlingItem: { code: string } }) => u.handlingItem.code)).toEqual(['FOOD-CHG']);
  });

  it('updates changed names and modes and leaves the rest alone', async () => {
    const res = await importCsv('handling-items', lines('code,approval_item_code,name,allowed_modes', 'FOOD-NEW,FOOD,新办,deferral|postCheck', 'FOOD-CHG,FOOD,变更登记,postCheck'));
    expect(res.json()).toEqual({ inserted: 0, updated: 1, unchanged: 1 });
    const [chg] = await t.database.db.select().from(handlingItems).where(eq(handlingItems.code, 'FOOD-CHG'));
    expect(chg).toMatchObject({ name: '变更登记', allowedModes: ['postCheck'] });
  });

  it('refuses a file with bad rows as a whole, listing every problem by line and column', async () => {
    const before = await counts();
    const res = await importCsv(
      'approval-items',
      lines(
        'code,dept_code,name',
        'NEW-1,LYG-SPJ,一个好行', // line 2: fine, yet not written
        'NEW-2,NOPE,未知部门', // line 3
        'NEW-3,LYG-ZJJ,监管侧部门', // line 4
        'NEW-1,LYG-SPJ,重复编码', // line 5
        'NEW-4,DL-SPJ,外区部门', // line 6
      ),
    );
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body).toMatchObject({ statusCode: 422, error: 'csv_invalid', message: expect.stringContaining('未写入任何数据') });
    expect(body.problems.map((p: { row: number; column: string; rule: string }) => [p.row, p.column, p.rule])).toEqual([
      [3, 'dept_code', 'unknown_reference'],
      [4, 'dept_code', 'wrong_side'],
      [5, 'code', 'duplicate'],
      [6, 'dept_code', 'out_of_region'],
    ]);
    expect(body.problems[0].problem).toBe('部门 NOPE 不存在');

    const handling = await importCsv('handling-items', lines('code,approval_item_code,allowed_modes', 'H1,FOOD,postcheck', 'H2,NOPE,deferral|standard'));
    expect(handling.statusCode).toBe(422);
    expect(handling.json().problems.map((p: { row: number; column: string; rule: string }) => [p.row, p.column, p.rule])).toEqual([
      [1, 'name', 'missing_column'],
      [2, 'allowed_modes', 'format'],
      [3, 'approval_item_code', 'unknown_reference'],
      [3, 'allowed_modes', 'format'],
    ]);
    expect(await counts()).toEqual(before);
  });

  it('refuses control characters in cells by line and column, writing nothing', async () => {
    const before = await counts();
    const file = lines('code,dept_code,name', 'CTL-1,LYG-SPJ,食品\u0000经营', 'CTL-2,LYG-SPJ,正常', 'CTL-3\u0001,LYG-SPJ,也\u001f不行');
    const res = await importCsv('approval-items', file, { query: '?reason=年度目录更新' });
    expect(res.statusCode).toBe(422);
    expect(res.json().problems.map((p: { row: number; column: string; rule: string }) => [p.row, p.column, p.rule])).toEqual([
      [2, 'name', 'text'],
      [4, 'code', 'text'],
      [4, 'name', 'text'],
    ]);
    expect(res.json().problems[0].problem).toContain('U+0000');
    expect(await counts()).toEqual(before);
  });

  it('reports a file that is not CSV, not UTF-8 or too large — writing nothing', async () => {
    const before = await counts();
    const unclosed = await importCsv('approval-items', lines('code,dept_code,name', 'A,LYG-SPJ,"未闭合'));
    expect(unclosed.statusCode).toBe(422);
    expect(unclosed.json().problems).toEqual([{ row: 2, column: '', rule: 'parse', problem: 'CSV 格式错误：引号未闭合（CSV_QUOTE_NOT_CLOSED）' }]);
    const gbk = Buffer.from([...Buffer.from('code,dept_code,name\r\nGBK-1,LYG-SPJ,'), 0xca, 0xb3, 0xc6, 0xb7, 0xbe, 0xad, 0xd3, 0xaa, 0x0d, 0x0a]); // 食品经营 in GBK
    const notUtf8 = await importCsv('approval-items', gbk);
    expect(notUtf8.statusCode).toBe(400);
    expect(notUtf8.json().message).toContain('UTF-8');
    const tooLarge = await importCsv('approval-items', 'code,dept_code,name\r\n' + 'X,LYG-SPJ,名称\r\n'.repeat(400_000));
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().message).toContain('5 MB');
    expect(await counts()).toEqual(before);
    // Declared as GBK, the same bytes are read as they were meant.
    const declared = await importCsv('approval-items', gbk, { contentType: 'text/csv; charset=gbk' });
    expect(declared.json()).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    const [row] = await t.database.db.select().from(approvalItems).where(eq(approvalItems.code, 'GBK-1'));
    expect(row!.name).toBe('食品经营');
  });

  it('is for catalogue admins only', async () => {
    const res = await importCsv('approval-items', lines('code,dept_code,name', 'X,LYG-SPJ,x'), { headers: regionAdmin });
    expect(res.statusCode).toBe(403);
    expect((await importCsv('approval-items', lines('code,dept_code,name', 'X,LYG-SPJ,x'), { headers: auditor })).statusCode).toBe(403);
  });
});

describe('reading CSV', () => {
  it('numbers each record by the line it starts on, past blank lines and multi-line cells', () => {
    const parsed = parseCsv('\uFEFFcode,name\r\n\r\nA,"two\r\nlines"\r\nB,"say ""hi"""\r\nC,x\r\n');
    expect(parsed).toEqual({
      records: [
        { line: 1, cells: ['code', 'name'] },
        { line: 3, cells: ['A', 'two\r\nlines'] },
        { line: 5, cells: ['B', 'say "hi"'] },
        { line: 6, cells: ['C', 'x'] },
      ],
    });
    const lf = parseCsv('code,name\n\nA,"a\n\nb"\nB,x\n');
    expect('records' in lf && lf.records.map((r) => r.line)).toEqual([1, 3, 6]);
  });
});

describe('round trip', () => {
  it('re-imports every export unchanged, BOM and all', async () => {
    const before = await counts();
    for (const kind of catalogueKinds) {
      const exported = await exportCsv(kind, catalogue);
      expect(exported.body.startsWith('\uFEFF'), kind).toBe(true);
      const dataLines = exported.body.trim().split('\r\n').length - 1;
      expect(dataLines, kind).toBeGreaterThan(0);
      const res = await importCsv(kind, exported.rawPayload);
      expect(res.json(), kind).toEqual({ inserted: 0, updated: 0, unchanged: dataLines });
    }
    const after = await counts();
    expect({ ...after, audit: before.audit }).toEqual(before);
    expect((await exportCsv('handling-items')).body).toBe(
      '\uFEFFcode,approval_item_code,name,allowed_modes\r\nDRUG-NEW,DRUG,零售新办,verification\r\nFOOD-CHG,FOOD,变更登记,postCheck\r\nFOOD-NEW,FOOD,新办,deferral|postCheck\r\n',
    );
    expect((await exportCsv('approval-items')).body).toContain('DRUG,LYG-SCJGJ,"药品经营许可,零售"\r\n');
  });
});
