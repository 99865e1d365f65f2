// GET /api/cases: the list of cases from the read model — filters, keyset paging and scope — over
// rows written by hand, and a real case started through the API and seen once projected.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCalendar } from '../../domain/calendar/index.js';
import { shanghaiDate } from '../../domain/case/local-time.js';
import type { Principal } from '../../domain/access.js';
import { cases, caseTasks } from '../../db/schema/index.js';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { caseInput } from '../helpers/case-input.js';
import { fixture } from '../helpers/catalogue-fixture.js';
import { caseRow, CREDIT, org, seedOrganisation, taskRow } from '../helpers/case-list-rows.js';
import { bearer, people } from '../helpers/tokens.js';

type Headers = { authorization: string };

/**
 * Six cases (all started in November 2026, Asia/Shanghai):
 *   LYG-001 320700  approved LYG-SCJGJ  postCheck     supervising  overdue  11-02 10:00  Haizhou code  task SCJGJ/SPJY
 *   LYG-002 320700  approved LYG-SCJGJ  standard      supervising           11-03 09:00                task ZJJ/JZ
 *   LYG-003 320700  approved LYG-ZJJ    verification  closed                11-05 10:00  Haizhou code  task SCJGJ/TZSB
 *   HZ-004  320706  approved HZ-SCJGJ   deferral      awaiting_materials  overdue  11-05 10:00  Haizhou code  no task
 *   DL-005  120110  approved DL-SCJGJ   postCheck     supervising           11-05 10:00  Dongli code   task DL/SP
 *   LYG-006 320700  approved LYG-ZJJ    standard      supervising  overdue  11-10 00:00                task ZJJ/JZ
 * Newest first, ties by case number descending ('LYG' > 'HZ' > 'DL'):
 *   LYG-006, LYG-003, HZ-004, DL-005, LYG-002, LYG-001.
 */
async function seedCases(app: TestApp): Promise<void> {
  const { db } = app.database;
  await seedOrganisation(db);
  const at = (local: string) => new Date(`${local}+08:00`).toISOString();
  await db.insert(cases).values([
    caseRow('LYG-001', { mode: 'postCheck', overdue: true, startedAt: at('2026-11-02T10:00:00'), creditCode: CREDIT.haizhou, nextDueAt: '2026-11-03T16:00:00.000Z' }),
    caseRow('LYG-002', { startedAt: at('2026-11-03T09:00:00') }),
    caseRow('LYG-003', { approvalDept: org.lyg.zjj, mode: 'verification', stage: 'closed', outcome: 'completed', startedAt: at('2026-11-05T10:00:00'), creditCode: CREDIT.haizhou }),
    caseRow('HZ-004', { region: org.haizhou.region, approvalDept: org.haizhou.scjgj, mode: 'deferral', stage: 'awaiting_materials', overdue: true, startedAt: at('2026-11-05T10:00:00'), creditCode: CREDIT.haizhou }),
    caseRow('DL-005', { region: org.dongli.region, approvalDept: org.dongli.scjgj, mode: 'postCheck', startedAt: at('2026-11-05T10:00:00'), creditCode: CREDIT.dongli }),
    caseRow('LYG-006', { approvalDept: org.lyg.zjj, overdue: true, startedAt: at('2026-11-10T00:00:00') }),
  ]);
  await db.insert(caseTasks).values([
    taskRow('LYG-001', org.lyg.scjgj, org.lyg.spjy, { mode: 'postCheck', overdue: true, nextDueAt: '2026-11-03T16:00:00.000Z', creditCode: CREDIT.haizhou }),
    taskRow('LYG-002', org.lyg.zjj, org.lyg.jz),
    taskRow('LYG-003', org.lyg.scjgj, org.lyg.tzsb, { approvalDept: org.lyg.zjj, status: 'done', closedAt: at('2026-11-08T10:00:00') }),
    taskRow('DL-005', org.dongli.scjgj, org.dongli.sp, { region: org.dongli.region, approvalDept: org.dongli.scjgj }),
    taskRow('LYG-006', org.lyg.zjj, org.lyg.jz, { approvalDept: org.lyg.zjj, overdue: true }),
  ]);
}

describe('GET /api/cases over hand-written rows', () => {
  let t: TestApp;
  const as: Record<string, Headers> = {};
  const principals: Record<string, Principal> = {
    national: people.nationalAdmin,
    lyg: people.lygAdmin,
    tianjin: people.tianjinAdmin,
    platform: people.approvalPlatform,
    haizhouAuditor: { sub: 'hz-auditor', roles: ['auditor'], region: org.haizhou.region },
    scjgjCoordinator: { sub: 'c-scjgj', roles: ['coordinator'], region: org.lyg.region, dept: org.lyg.scjgj },
    zjjOfficer: { sub: 'o-zjj', roles: ['approval_officer'], region: org.lyg.region, dept: org.lyg.zjj },
    spjyAdmin: { sub: 'd-spjy', roles: ['division_admin'], region: org.lyg.region, dept: org.lyg.scjgj, division: org.lyg.spjy },
    tzsbAdmin: { sub: 'd-tzsb', roles: ['division_admin'], region: org.lyg.region, dept: org.lyg.scjgj, division: org.lyg.tzsb },
    creditOfficer: { sub: 'credit', roles: ['credit_officer'], region: org.lyg.region },
  };

  beforeAll(async () => {
    t = await createTestApp();
    await seedCases(t);
    for (const [name, principal] of Object.entries(principals)) as[name] = await bearer(principal);
  });
  afterAll(async () => t?.close());

  const list = (who: string, query = '') => t.app.inject({ method: 'GET', url: `/api/cases${query ? `?${query}` : ''}`, headers: as[who]! });
  const caseNos = async (who: string, query = '') => {
    const res = await list(who, query);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().items as { caseNo: string }[]).map((c) => c.caseNo);
  };

  describe('scope', () => {
    it('shows each caller its region and the regions under it', async () => {
      expect(await caseNos('national')).toEqual(['LYG-006', 'LYG-003', 'HZ-004', 'DL-005', 'LYG-002', 'LYG-001']);
      // 320700 covers Haizhou (320706), not Dongli.
      expect(await caseNos('lyg')).toEqual(['LYG-006', 'LYG-003', 'HZ-004', 'LYG-002', 'LYG-001']);
      expect(await caseNos('platform')).toEqual(['LYG-006', 'LYG-003', 'HZ-004', 'LYG-002', 'LYG-001']);
      expect(await caseNos('haizhouAuditor')).toEqual(['HZ-004']);
      expect(await caseNos('tianjin')).toEqual(['DL-005']);
    });

    it('shows a department its cases: approved there, or with a task it supervises', async () => {
      // SCJGJ approved 001 and 002, and supervises the tasks of 001 and 003.
      expect(await caseNos('scjgjCoordinator')).toEqual(['LYG-003', 'LYG-002', 'LYG-001']);
      // ZJJ approved 003 and 006, and supervises the tasks of 002 and 006.
      expect(await caseNos('zjjOfficer')).toEqual(['LYG-006', 'LYG-003', 'LYG-002']);
    });

    it('shows a division admin only cases with a task of its division', async () => {
      expect(await caseNos('spjyAdmin')).toEqual(['LYG-001']);
      expect(await caseNos('tzsbAdmin')).toEqual(['LYG-003']);
    });

    it('refuses a department or division the caller may not see, and roles without the list', async () => {
      expect((await list('scjgjCoordinator', `dept=${org.lyg.zjj}`)).statusCode).toBe(403);
      expect((await list('spjyAdmin', `division=${org.lyg.tzsb}`)).statusCode).toBe(403);
      // Another region's department or division is not found, like one that does not exist.
      expect((await list('lyg', `dept=${org.dongli.scjgj}`)).statusCode).toBe(404);
      expect((await list('lyg', `division=${org.dongli.sp}`)).statusCode).toBe(404);
      // Both named: the second is checked as well.
      expect((await list('scjgjCoordinator', `dept=${org.lyg.scjgj}&division=${org.lyg.jz}`)).statusCode).toBe(403);
      expect((await list('creditOfficer')).statusCode).toBe(403);
      expect((await list('lyg', 'dept=NO-SUCH-DEPT')).statusCode).toBe(404);
      expect((await t.app.inject({ method: 'GET', url: '/api/cases' })).statusCode).toBe(401);
    });

    it('answers a department its own cases when it names itself', async () => {
      expect(await caseNos('scjgjCoordinator', `dept=${org.lyg.scjgj}`)).toEqual(['LYG-003', 'LYG-002', 'LYG-001']);
    });
  });

  describe('filters', () => {
    it.each([
      ['creditCode', `creditCode=${CREDIT.haizhou}`, ['LYG-003', 'HZ-004', 'LYG-001']],
      ['stage', 'stage=supervising', ['LYG-006', 'LYG-002', 'LYG-001']],
      // DL-005 is a post-check too, but outside 320700.
      ['mode', 'mode=postCheck', ['LYG-001']],
      ['dept (approval or supervising)', `dept=${org.lyg.zjj}`, ['LYG-006', 'LYG-003', 'LYG-002']],
      ['division', `division=${org.lyg.tzsb}`, ['LYG-003']],
      ['overdue=true', 'overdue=true', ['LYG-006', 'HZ-004', 'LYG-001']],
      ['overdue=false', 'overdue=false', ['LYG-003', 'LYG-002']],
      // [11-03 00:00, 11-10 00:00) Shanghai: LYG-006 starts at 11-10 00:00, the first instant after the period.
      ['from/to', 'from=2026-11-03&to=2026-11-09', ['LYG-003', 'HZ-004', 'LYG-002']],
      ['to includes its whole day', 'to=2026-11-10', ['LYG-006', 'LYG-003', 'HZ-004', 'LYG-002', 'LYG-001']],
      ['from alone', 'from=2026-11-10', ['LYG-006']],
      ['filters combine with AND', `dept=${org.lyg.scjgj}&overdue=true`, ['LYG-001']],
    ])('%s', async (_label, query, expected) => {
      expect(await caseNos('lyg', query)).toEqual(expected);
    });

    it('answers each case with its tasks', async () => {
      const [item] = (await list('lyg', `division=${org.lyg.spjy}`)).json().items;
      expect(item).toEqual({
        caseNo: 'LYG-001',
        region: '320700',
        approvalDept: org.lyg.scjgj,
        approvalItem: 'FOOD-BUSINESS-LICENCE',
        handlingItem: 'FOOD-BUSINESS-LICENCE-NEW',
        creditCode: CREDIT.haizhou,
        applicantName: 'LYG-001 示例食品店',
        mode: 'postCheck',
        stage: 'supervising',
        outcome: null,
        decidedAt: '2026-11-01T02:00:00.000Z',
        startedAt: '2026-11-02T02:00:00.000Z',
        pushedAt: null,
        closedAt: null,
        nextDueAt: '2026-11-03T16:00:00.000Z',
        overdue: true,
        attentionStep: null,
        attentionReason: null,
        attentionSince: null,
        tasks: [{ taskId: 'LYG-001:1', supervisingDept: org.lyg.scjgj, divisionCode: org.lyg.spjy, status: 'notified', nextDueAt: '2026-11-03T16:00:00.000Z', overdue: true }],
      });
    });

    it('refuses malformed filters, naming the field', async () => {
      const problems = async (query: string) => {
        const res = await list('lyg', query);
        expect(res.statusCode).toBe(400);
        return res.json().problems.map((p: { field: string }) => p.field);
      };
      expect(await problems('stage=finished')).toContain('querystring/stage');
      expect(await problems('creditCode=91320706MA1W2X3Y61')).toContain('querystring/creditCode');
      expect(await problems('from=2026-02-30')).toEqual(['querystring/from']);
      expect(await problems('from=2026-11-05&to=2026-11-04')).toEqual(['querystring/to']);
      expect(await problems('limit=201')).toContain('querystring/limit');
      expect(await problems('limit=0')).toContain('querystring/limit');
      expect(await problems('overdue=maybe')).toContain('querystring/overdue');
      expect(await problems('dept=A%00B')).toEqual(['querystring/dept']);
      expect(await problems('division=A%01B')).toEqual(['querystring/division']);
      expect(await problems('from=2000-01-01')).toEqual(['querystring/from']);
      expect(await problems('to=2101-01-01')).toEqual(['querystring/to']);
    });
  });

  describe('keyset paging', () => {
    it('pages through limit=2 without losing or repeating a case, a tie split across pages included', async () => {
      const pages: string[][] = [];
      let cursor: string | null = null;
      do {
        const res = await list('national', `limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(res.statusCode).toBe(200);
        pages.push(res.json().items.map((c: { caseNo: string }) => c.caseNo));
        cursor = res.json().nextCursor;
      } while (cursor !== null && pages.length < 10);
      // LYG-003, HZ-004 and DL-005 all started 11-05 10:00: page 1 ends inside the tie.
      expect(pages).toEqual([
        ['LYG-006', 'LYG-003'],
        ['HZ-004', 'DL-005'],
        ['LYG-002', 'LYG-001'],
      ]);
    });

    it('keeps the filters and scope on later pages, and ends with nextCursor null', async () => {
      const first = (await list('lyg', 'limit=2&overdue=true')).json();
      expect(first.items.map((c: { caseNo: string }) => c.caseNo)).toEqual(['LYG-006', 'HZ-004']);
      const second = (await list('lyg', `limit=2&overdue=true&cursor=${encodeURIComponent(first.nextCursor)}`)).json();
      expect(second).toMatchObject({ items: [{ caseNo: 'LYG-001' }], nextCursor: null });
      // Exactly a page full: no further page is promised.
      expect((await list('tianjin', 'limit=1')).json()).toMatchObject({ items: [{ caseNo: 'DL-005' }], nextCursor: null });
    });

    it('defaults to 50 a page', async () => {
      expect((await list('national')).json().nextCursor).toBeNull();
      expect((await list('national')).json().items).toHaveLength(6);
    });

    it('answers 400 naming the cursor for one it did not hand out', async () => {
      for (const cursor of ['not-a-cursor', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('["yesterday","LYG-001"]').toString('base64url')]) {
        const res = await list('lyg', `cursor=${encodeURIComponent(cursor)}`);
        expect(res.statusCode).toBe(400);
        expect(res.json().problems).toEqual([expect.objectContaining({ field: 'querystring/cursor', rule: 'cursor' })]);
      }
    });
  });
});

describe('a real case, once projected', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ withWorker: true });
  });
  afterAll(async () => t?.close());

  it('appears in GET /api/cases and in its division’s inbox', async () => {
    const platform = await bearer(people.approvalPlatform);
    const divisionAdmin = await bearer({ sub: fixture.divisionAdmin, roles: ['division_admin'], region: fixture.region, dept: fixture.dept, division: fixture.division });
    const input = caseInput({ applicant: { name: '连云港市海州区投影测试店', creditCode: CREDIT.haizhou, phone: '13800000000' } });
    expect((await t.app.inject({ method: 'POST', url: '/api/cases', headers: platform, payload: input })).statusCode).toBe(201);

    // The projection is written by an activity after the push: poll until the read model has it.
    const listed = await vi.waitFor(
      async () => {
        const res = await t.app.inject({ method: 'GET', url: `/api/cases?creditCode=${CREDIT.haizhou}`, headers: divisionAdmin });
        const item = res.json().items.find((c: { caseNo: string }) => c.caseNo === input.caseNo);
        expect(item?.stage).toBe('supervising');
        return item;
      },
      { timeout: 15_000, interval: 200 },
    );
    expect(listed).toMatchObject({ approvalDept: fixture.dept, mode: 'standard', applicantName: '连云港市海州区投影测试店', tasks: [{ taskId: `${input.caseNo}:1`, divisionCode: fixture.division, status: 'notified' }] });

    const inbox = await t.app.inject({ method: 'GET', url: '/api/tasks', headers: divisionAdmin });
    expect(inbox.statusCode).toBe(200);
    const task = inbox.json().items.find((x: { taskId: string }) => x.taskId === `${input.caseNo}:1`);
    // L9: viewed within 3 working days after the push's day, so the days left are those 3, plus the
    // push's own day (today) when it is a working day.
    const todayWorks = createCalendar().dayInfo(shanghaiDate(new Date())).working;
    expect(task).toMatchObject({ caseNo: input.caseNo, status: 'notified', handlingItem: fixture.handlingItem, nextDeadline: { kind: 'view', overdue: false, workingDaysLeft: todayWorks ? 4 : 3 } });
  });
});
