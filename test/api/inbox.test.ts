// GET /api/tasks: a division's inbox from the read model — its open tasks, nearest deadline first,
// with the working days left — over rows written by hand. The clock is pinned (Date only) to
// Tuesday 2026-11-24 10:00 Asia/Shanghai, so the working days left are computed by hand below.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Principal } from '../../domain/access.js';
import { divisionInbox } from '../../db/inbox.js';
import { caseDeadlines, cases, caseTasks } from '../../db/schema/index.js';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { caseRow, deadlineRow, endOf, org, seedOrganisation, taskRow } from '../helpers/case-list-rows.js';
import { bearer, people } from '../helpers/tokens.js';

const NOW = '2026-11-24T10:00:00+08:00';
type Headers = { authorization: string };

/**
 * Division LYG-SCJGJ-SPJY's tasks (due = 24:00 Shanghai of the date):
 *   LYG-101  notified   view             due 11-26 Thu            → Tue, Wed, Thu: 3 left
 *   LYG-102  rectifying rectification    due 11-24 Tue (today), warned → today: 1 left
 *   LYG-103  notified   view             due 11-20 Fri, overdue, escalated 2 → 1 → Mon, Tue late: −2
 *   LYG-104  viewed     no open deadline                           → after those with one, by task ID
 *   LYG-108  viewed     no open deadline                           → last
 *   LYG-105  done (closed)                                         → not listed
 *   LYG-106  viewed     postCheckFinish  due 11-30 Mon, provisional → Tue, Wed, Thu, Fri, Mon: 5 left
 *   LYG-107  a task of division TZSB                               → not listed
 */
async function seedInbox(t: TestApp): Promise<void> {
  const { db } = t.database;
  await seedOrganisation(db);
  const nos = ['LYG-101', 'LYG-102', 'LYG-103', 'LYG-104', 'LYG-105', 'LYG-106', 'LYG-107', 'LYG-108'];
  await db.insert(cases).values(nos.map((no) => caseRow(no)));
  const { scjgj, spjy, tzsb } = org.lyg;
  await db.insert(caseTasks).values([
    taskRow('LYG-101', scjgj, spjy, { nextDueAt: endOf('2026-11-26'), nextDueKind: 'view' }),
    taskRow('LYG-102', scjgj, spjy, { status: 'rectifying', viewedAt: '2026-11-02T02:00:00.000Z', nextDueAt: endOf('2026-11-24'), nextDueKind: 'rectification', warned: true }),
    taskRow('LYG-103', scjgj, spjy, { nextDueAt: endOf('2026-11-20'), nextDueKind: 'view', warned: true, overdue: true, escalationLevel: 1 }),
    taskRow('LYG-104', scjgj, spjy, { status: 'viewed', viewedAt: '2026-11-02T02:00:00.000Z' }),
    taskRow('LYG-105', scjgj, spjy, { status: 'done', closedAt: '2026-11-10T02:00:00.000Z' }),
    taskRow('LYG-106', scjgj, spjy, { mode: 'postCheck', status: 'viewed', nextDueAt: endOf('2026-11-30'), nextDueKind: 'postCheckFinish' }),
    taskRow('LYG-107', scjgj, tzsb, { nextDueAt: endOf('2026-11-19'), nextDueKind: 'view', overdue: true }),
    taskRow('LYG-108', scjgj, spjy, { status: 'viewed', viewedAt: '2026-11-03T02:00:00.000Z' }),
  ]);
  const task = (no: string) => ({ taskId: `${no}:1`, divisionCode: spjy });
  await db.insert(caseDeadlines).values([
    deadlineRow('LYG-101', 'view-1', scjgj, { ...task('LYG-101'), dueAt: endOf('2026-11-26') }),
    deadlineRow('LYG-102', 'rect-1', scjgj, { ...task('LYG-102'), kind: 'rectification', dueAt: endOf('2026-11-24'), warned: true }),
    // A closed deadline at the same instant does not make the open one provisional.
    deadlineRow('LYG-102', 'old-1', scjgj, { ...task('LYG-102'), kind: 'rectification', dueAt: endOf('2026-11-24'), provisional: true, closedAt: '2026-11-20T02:00:00.000Z' }),
    deadlineRow('LYG-103', 'view-1', scjgj, { ...task('LYG-103'), dueAt: endOf('2026-11-20'), warned: true, overdue: true, escalatedLevels: [2, 1], escalationLevel: 1 }),
    deadlineRow('LYG-106', 'finish-1', scjgj, { ...task('LYG-106'), kind: 'postCheckFinish', dueAt: endOf('2026-11-30'), provisional: true }),
  ]);
}

let t: TestApp;
const as: Record<string, Headers> = {};
const principals: Record<string, Principal> = {
  spjyAdmin: { sub: 'd-spjy', roles: ['division_admin'], region: org.lyg.region, dept: org.lyg.scjgj, division: org.lyg.spjy },
  tzsbAdmin: { sub: 'd-tzsb', roles: ['division_admin'], region: org.lyg.region, dept: org.lyg.scjgj, division: org.lyg.tzsb },
  scjgjCoordinator: { sub: 'c-scjgj', roles: ['coordinator'], region: org.lyg.region, dept: org.lyg.scjgj },
  zjjCoordinator: { sub: 'c-zjj', roles: ['coordinator'], region: org.lyg.region, dept: org.lyg.zjj },
  auditor: people.lygAuditor,
  tianjin: people.tianjinAdmin,
  officer: { sub: 'o-scjgj', roles: ['approval_officer'], region: org.lyg.region, dept: org.lyg.scjgj },
};

beforeAll(async () => {
  // Only Date is faked: timers, the database and the Temporal connection run as usual.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(NOW));
  t = await createTestApp();
  await seedInbox(t);
  for (const [name, principal] of Object.entries(principals)) as[name] = await bearer(principal);
});
afterAll(async () => {
  await t?.close();
  vi.useRealTimers();
});

const inbox = (who: string, query = '') => t.app.inject({ method: 'GET', url: `/api/tasks${query ? `?${query}` : ''}`, headers: as[who]! });

describe('the division inbox', () => {
  it('lists the division’s open tasks, nearest deadline first, with the working days left', async () => {
    const res = await inbox('spjyAdmin');
    expect(res.statusCode).toBe(200);
    const { items: rows, total, nextCursor } = res.json() as { total: number; nextCursor: string | null; items: { taskId: string; nextDeadline?: object; warned: boolean; overdue: boolean; escalationLevel: number }[] };
    expect([total, nextCursor]).toEqual([6, null]);
    expect(rows.map((r) => [r.taskId, r.nextDeadline, r.warned, r.overdue, r.escalationLevel])).toEqual([
      ['LYG-103:1', { kind: 'view', dueAt: endOf('2026-11-20'), provisional: false, overdue: true, workingDaysLeft: -2 }, true, true, 1],
      ['LYG-102:1', { kind: 'rectification', dueAt: endOf('2026-11-24'), provisional: false, overdue: false, workingDaysLeft: 1 }, true, false, 0],
      ['LYG-101:1', { kind: 'view', dueAt: endOf('2026-11-26'), provisional: false, overdue: false, workingDaysLeft: 3 }, false, false, 0],
      ['LYG-106:1', { kind: 'postCheckFinish', dueAt: endOf('2026-11-30'), provisional: true, overdue: false, workingDaysLeft: 5 }, false, false, 0],
      ['LYG-104:1', undefined, false, false, 0],
      ['LYG-108:1', undefined, false, false, 0],
    ]);
  });

  it('pages by the nearest deadline, through the tasks without one, and counts them all on every page', async () => {
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const res = await inbox('spjyAdmin', `limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      const page = res.json() as { total: number; nextCursor: string | null; items: { taskId: string }[] };
      expect(page.total).toBe(6);
      pages.push(page.items.map((r) => r.taskId));
      cursor = page.nextCursor;
    } while (cursor !== null && pages.length < 10);
    // The third page starts after LYG-104, which has no deadline: the cursor sorts it after every instant.
    expect(pages).toEqual([
      ['LYG-103:1', 'LYG-102:1'],
      ['LYG-101:1', 'LYG-106:1'],
      ['LYG-104:1', 'LYG-108:1'],
    ]);
    const odd = await inbox('spjyAdmin', 'limit=5');
    expect(odd.json().items.map((r: { taskId: string }) => r.taskId).at(-1)).toBe('LYG-104:1');
    const rest = await inbox('spjyAdmin', `limit=5&cursor=${odd.json().nextCursor}`);
    expect(rest.json()).toMatchObject({ total: 6, nextCursor: null, items: [{ taskId: 'LYG-108:1' }] });
  });

  it('refuses a cursor it did not hand out and a page over 200, naming the field', async () => {
    const bad = await inbox('spjyAdmin', 'cursor=not-a-cursor');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().problems).toEqual([expect.objectContaining({ field: 'querystring/cursor', rule: 'cursor' })]);
    const big = await inbox('spjyAdmin', 'limit=201');
    expect(big.statusCode).toBe(400);
    expect(big.json().problems).toEqual([expect.objectContaining({ field: expect.stringContaining('limit') })]);
  });

  it('answers each task with its case', async () => {
    const [first] = (await inbox('spjyAdmin')).json().items;
    expect(first).toEqual({
      taskId: 'LYG-103:1',
      caseNo: 'LYG-103',
      handlingItem: 'FOOD-BUSINESS-LICENCE-NEW',
      creditCode: '91350100M000100Y43',
      applicantName: 'LYG-103 示例食品店',
      mode: 'standard',
      approvalDept: org.lyg.scjgj,
      supervisingDept: org.lyg.scjgj,
      divisionCode: org.lyg.spjy,
      status: 'notified',
      notifiedAt: '2026-11-01T02:00:00.000Z',
      viewedAt: null,
      nextDeadline: { kind: 'view', dueAt: endOf('2026-11-20'), provisional: false, overdue: true, workingDaysLeft: -2 },
      warned: true,
      overdue: true,
      escalationLevel: 1,
    });
  });

  it('filters by status', async () => {
    const notified = (await inbox('spjyAdmin', 'status=notified')).json();
    expect(notified.items.map((r: { taskId: string }) => r.taskId)).toEqual(['LYG-103:1', 'LYG-101:1']);
    expect(notified.total).toBe(2);
    // A finished status: finished tasks are not in the inbox.
    expect((await inbox('spjyAdmin', 'status=done')).json()).toEqual({ total: 0, items: [], nextCursor: null });
  });

  it('counts a deadline the clock has passed as overdue before the projection says so', async () => {
    // Same rows read at Wed 11-25 10:00: LYG-102's rectification ended at 11-24 24:00 → Wed is 1 working day late.
    const later = await divisionInbox(t.database.db, { divisionCode: org.lyg.spjy }, '2026-11-25T10:00:00+08:00');
    expect(later.items.find((r) => r.taskId === 'LYG-102:1')).toMatchObject({ overdue: true, nextDeadline: { overdue: true, workingDaysLeft: -1 } });
  });
});

describe('who reads which inbox', () => {
  it('lets the department’s coordinator, auditors and region admins name the division', async () => {
    for (const who of ['scjgjCoordinator', 'auditor', 'spjyAdmin']) {
      const res = await inbox(who, `division=${org.lyg.spjy}`);
      expect(res.statusCode, who).toBe(200);
      expect(res.json().items).toHaveLength(6);
    }
    expect((await inbox('tzsbAdmin')).json().items.map((r: { taskId: string }) => r.taskId)).toEqual(['LYG-107:1']);
  });

  it('refuses another division, another department, another region, and roles without the inbox', async () => {
    expect((await inbox('tzsbAdmin', `division=${org.lyg.spjy}`)).statusCode).toBe(403);
    expect((await inbox('zjjCoordinator', `division=${org.lyg.spjy}`)).statusCode).toBe(403);
    expect((await inbox('tianjin', `division=${org.lyg.spjy}`)).statusCode).toBe(404);
    expect((await inbox('officer', `division=${org.lyg.spjy}`)).statusCode).toBe(403);
    expect((await inbox('auditor', 'division=NO-SUCH')).statusCode).toBe(404);
    const unnamed = await inbox('scjgjCoordinator');
    expect(unnamed.statusCode).toBe(400);
    expect(unnamed.json().problems).toEqual([expect.objectContaining({ field: 'querystring/division' })]);
  });
});
