// GET /api/dashboard/coordinator: a department's 即将超期 warnings, overdue deadlines by escalation
// level and escalations waiting, from the read model, over rows written by hand. The clock is
// pinned (Date only) to Tuesday 2026-11-24 10:00 Asia/Shanghai.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Principal } from '../../domain/access.js';
import { coordinatorDashboard } from '../../db/dashboard.js';
import { caseDeadlines, cases } from '../../db/schema/index.js';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { caseRow, deadlineRow, endOf, org, seedOrganisation } from '../helpers/case-list-rows.js';
import { bearer, people } from '../helpers/tokens.js';

const NOW = '2026-11-24T10:00:00+08:00';
type Headers = { authorization: string };
const warnAt = (local: string) => new Date(`${local}+08:00`).toISOString();

/**
 * Deadlines LYG-SCJGJ owes (due = 24:00 Shanghai of the date; working days left at Tue 11-24 10:00):
 *   LYG-201 view            due 11-26 Thu, warns 11-26 09:00 (not yet)        open only        3
 *   LYG-202 rectification   due 11-24 Tue, warned                             即将超期          1
 *   LYG-203 view            due 11-20 Fri, overdue, escalated [2, 1] → 1     overdue level 1  −2 (Mon, Tue)
 *   LYG-204 postCheckStart  due 11-23 Mon, overdue, escalated [2] → 2        overdue level 2  −1 (Tue)
 *   LYG-205 materials       due 11-17 Tue, overdue, escalated [2, 1, 3] → 3 overdue level 3  −5 (Wed..Tue)
 *   LYG-206 view            due 11-23 Mon, not flagged yet                   overdue level 0  −1 (the clock passed it)
 *   LYG-207 view            due 11-24 Tue, warns 09:00 today, not flagged    即将超期          1 (the clock passed the warning)
 *   LYG-208 view            due 11-10, overdue level 3, but closed            not counted
 *   LYG-209 view            owed by LYG-ZJJ                                   not counted
 */
async function seedDeadlines(t: TestApp): Promise<void> {
  const { db } = t.database;
  await seedOrganisation(db);
  await db.insert(cases).values(['201', '202', '203', '204', '205', '206', '207', '208', '209'].map((n) => caseRow(`LYG-${n}`)));
  const { scjgj, spjy, zjj, jz } = org.lyg;
  const task = (n: string, division: string = spjy) => ({ taskId: `LYG-${n}:1`, divisionCode: division });
  await db.insert(caseDeadlines).values([
    deadlineRow('LYG-201', 'd', scjgj, { ...task('201'), dueAt: endOf('2026-11-26'), warnAt: warnAt('2026-11-26T09:00:00') }),
    deadlineRow('LYG-202', 'd', scjgj, { ...task('202'), kind: 'rectification', dueAt: endOf('2026-11-24'), warnAt: warnAt('2026-11-23T09:00:00'), warned: true }),
    deadlineRow('LYG-203', 'd', scjgj, { ...task('203'), dueAt: endOf('2026-11-20'), warned: true, overdue: true, escalatedLevels: [2, 1], escalationLevel: 1 }),
    deadlineRow('LYG-204', 'd', scjgj, { ...task('204'), kind: 'postCheckStart', dueAt: endOf('2026-11-23'), overdue: true, escalatedLevels: [2], escalationLevel: 2 }),
    deadlineRow('LYG-205', 'd', scjgj, { kind: 'materials', dueAt: endOf('2026-11-17'), warned: true, overdue: true, escalatedLevels: [2, 1, 3], escalationLevel: 3 }),
    deadlineRow('LYG-206', 'd', scjgj, { ...task('206'), dueAt: endOf('2026-11-23') }),
    deadlineRow('LYG-207', 'd', scjgj, { ...task('207'), dueAt: endOf('2026-11-24'), warnAt: warnAt('2026-11-24T09:00:00') }),
    deadlineRow('LYG-208', 'd', scjgj, { ...task('208'), dueAt: endOf('2026-11-10'), overdue: true, escalatedLevels: [2, 1, 3], escalationLevel: 3, closedAt: warnAt('2026-11-20T10:00:00') }),
    deadlineRow('LYG-209', 'd', zjj, { ...task('209', jz), dueAt: endOf('2026-11-10'), overdue: true, escalatedLevels: [2], escalationLevel: 2 }),
  ]);
}

let t: TestApp;
const as: Record<string, Headers> = {};
const principals: Record<string, Principal> = {
  scjgjCoordinator: { sub: 'c-scjgj', roles: ['coordinator'], region: org.lyg.region, dept: org.lyg.scjgj, level: 1 },
  zjjCoordinator: { sub: 'c-zjj', roles: ['coordinator'], region: org.lyg.region, dept: org.lyg.zjj, level: 1 },
  lyg: people.lygAdmin,
  auditor: people.lygAuditor,
  tianjin: people.tianjinAdmin,
  divisionAdmin: { sub: 'd-spjy', roles: ['division_admin'], region: org.lyg.region, dept: org.lyg.scjgj, division: org.lyg.spjy },
};

beforeAll(async () => {
  // Only Date is faked: timers, the database and the Temporal connection run as usual.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(NOW));
  t = await createTestApp();
  await seedDeadlines(t);
  for (const [name, principal] of Object.entries(principals)) as[name] = await bearer(principal);
});
afterAll(async () => {
  await t?.close();
  vi.useRealTimers();
});

const dashboard = (who: string, query = '') => t.app.inject({ method: 'GET', url: `/api/dashboard/coordinator${query ? `?${query}` : ''}`, headers: as[who]! });
const summary = (items: { caseNo: string; workingDaysLeft: number }[]) => items.map((i) => [i.caseNo, i.workingDaysLeft]);

describe('the coordinator dashboard', () => {
  it('sorts the department’s open deadlines into warnings, overdue by level and escalations', async () => {
    const res = await dashboard('scjgjCoordinator');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.dept).toBe(org.lyg.scjgj);
    expect(body.at).toBe(new Date(NOW).toISOString());
    // 201..207 are open: 202 and 207 warn; 203..206 are overdue; 203, 204 and 205 escalated.
    expect(body.counts).toEqual({ open: 7, warning: 2, overdue: 4, escalated: 3, needsAttention: 0 });
    // Same due instant: by case number.
    expect(summary(body.warnings)).toEqual([
      ['LYG-202', 1],
      ['LYG-207', 1],
    ]);
    expect(body.overdueByLevel.map((l: { level: number; count: number; items: never[] }) => [l.level, l.count, summary(l.items)])).toEqual([
      [0, 1, [['LYG-206', -1]]],
      [2, 1, [['LYG-204', -1]]],
      [1, 1, [['LYG-203', -2]]],
      [3, 1, [['LYG-205', -5]]],
    ]);
    // Waiting longest first: due 11-17, 11-20, 11-23.
    expect(summary(body.escalations)).toEqual([
      ['LYG-205', -5],
      ['LYG-203', -2],
      ['LYG-204', -1],
    ]);
  });

  it('cuts each list to `limit`, nearest due first, and still counts them all', async () => {
    const body = (await dashboard('scjgjCoordinator', 'limit=1')).json();
    expect(body.counts).toEqual({ open: 7, warning: 2, overdue: 4, escalated: 3, needsAttention: 0 });
    expect(summary(body.warnings)).toEqual([['LYG-202', 1]]);
    expect(summary(body.escalations)).toEqual([['LYG-205', -5]]);
    expect(body.overdueByLevel.map((l: { level: number; count: number; items: never[] }) => [l.level, l.count, l.items.length])).toEqual([
      [0, 1, 1],
      [2, 1, 1],
      [1, 1, 1],
      [3, 1, 1],
    ]);
    // Read on Fri 11-27 10:00 every open deadline has passed: four at level 0 (206 due Mon, 202 and
    // 207 Tue, 201 Thu), of which a limit of 2 shows the two due first (ties by case number).
    const friday = await coordinatorDashboard(t.database.db, org.lyg.scjgj, '2026-11-27T10:00:00+08:00', 2);
    expect(friday.counts).toEqual({ open: 7, warning: 0, overdue: 7, escalated: 3, needsAttention: 0 });
    expect(friday.overdueByLevel[0]).toMatchObject({ level: 0, count: 4 });
    // 206: Tue, Wed, Thu, Fri late; 202: Wed, Thu, Fri.
    expect(summary(friday.overdueByLevel[0]!.items)).toEqual([
      ['LYG-206', -4],
      ['LYG-202', -3],
    ]);
    const tooMany = await dashboard('scjgjCoordinator', 'limit=201');
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().problems).toEqual([expect.objectContaining({ field: expect.stringContaining('limit') })]);
  });

  it('answers each item with its case and flags', async () => {
    const body = (await dashboard('scjgjCoordinator')).json();
    expect(body.escalations[1]).toEqual({
      caseNo: 'LYG-203',
      deadlineId: 'd',
      taskId: 'LYG-203:1',
      kind: 'view',
      divisionCode: org.lyg.spjy,
      handlingItem: 'FOOD-BUSINESS-LICENCE-NEW',
      creditCode: '91350100M000100Y43',
      applicantName: 'LYG-203 示例食品店',
      dueAt: endOf('2026-11-20'),
      warnAt: null,
      provisional: false,
      warned: true,
      overdue: true,
      escalatedLevels: [2, 1],
      escalationLevel: 1,
      workingDaysLeft: -2,
    });
    // The approval side's own deadline (materials) has no task or division.
    expect(body.escalations[0]).toMatchObject({ caseNo: 'LYG-205', kind: 'materials', taskId: null, divisionCode: null });
    // Flags the clock set ahead of the projection.
    expect(body.warnings[1]).toMatchObject({ caseNo: 'LYG-207', warned: true, overdue: false });
    expect(body.overdueByLevel[0].items[0]).toMatchObject({ caseNo: 'LYG-206', overdue: true, escalationLevel: 0 });
  });

  it('is empty for a department that owes nothing open', async () => {
    const at = '2026-11-24T10:00:00+08:00';
    expect(await coordinatorDashboard(t.database.db, org.haizhou.scjgj, at)).toEqual({
      dept: org.haizhou.scjgj,
      at: new Date(at).toISOString(),
      counts: { open: 0, warning: 0, overdue: 0, escalated: 0, needsAttention: 0 },
      warnings: [],
      overdueByLevel: [0, 2, 1, 3].map((level) => ({ level, count: 0, items: [] })),
      escalations: [],
      needsAttention: [],
    });
  });
});

describe('who reads which dashboard', () => {
  it('lets a coordinator read its own department, region admins and auditors any in their region', async () => {
    expect((await dashboard('scjgjCoordinator', `dept=${org.lyg.scjgj}`)).json().counts.open).toBe(7);
    expect((await dashboard('lyg', `dept=${org.lyg.scjgj}`)).json().counts.open).toBe(7);
    expect((await dashboard('auditor', `dept=${org.lyg.zjj}`)).json().counts).toEqual({ open: 1, warning: 0, overdue: 1, escalated: 1, needsAttention: 0 });
    expect((await dashboard('zjjCoordinator')).json().escalations.map((i: { caseNo: string }) => i.caseNo)).toEqual(['LYG-209']);
  });

  it('refuses another department, another region and other roles', async () => {
    expect((await dashboard('zjjCoordinator', `dept=${org.lyg.scjgj}`)).statusCode).toBe(403);
    expect((await dashboard('tianjin', `dept=${org.lyg.scjgj}`)).statusCode).toBe(404);
    expect((await dashboard('divisionAdmin', `dept=${org.lyg.scjgj}`)).statusCode).toBe(403);
    expect((await dashboard('lyg', 'dept=NO-SUCH')).statusCode).toBe(404);
    const unnamed = await dashboard('lyg');
    expect(unnamed.statusCode).toBe(400);
    expect(unnamed.json().problems).toEqual([expect.objectContaining({ field: 'querystring/dept' })]);
  });
});
