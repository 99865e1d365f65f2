// The activities that read for the workflow: a deadline planned on the real working-day calendar
// (2026 official arrangement, years loaded later), and the linkage a handling item resolves to.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.js';
import { loadYear } from '../../db/calendar.js';
import type { Database } from '../../db/client.js';
import { approvalItems, departments, divisions, handlingItems, linkages, regions, supervisionItems, supervisionSubItems } from '../../db/schema/index.js';
import { statutoryArrangement } from '../../domain/calendar/index.js';
import { createTestDatabase } from '../helpers/database.js';

let database: Database;
let activities: ReturnType<typeof createActivities>;

beforeAll(async () => {
  database = await createTestDatabase();
  activities = createActivities({ db: database.db });
});
afterAll(async () => database?.close());

describe('planDeadline', () => {
  it('plans a 3-working-day view deadline across the 2026 Spring Festival', async () => {
    // 02-13 Fri = 1, 02-14 Sat (调休上班) = 2, 02-15..23 off, 02-24 Tue = 3: due at 24:00 that day.
    const plan = await activities.planDeadline({ start: '2026-02-12T10:00:00+08:00', workingDays: 3 });
    expect(plan).toEqual({
      dueAt: '2026-02-24T16:00:00.000Z',
      provisional: false,
      // 09:00 on the last day.
      warnAt: '2026-02-24T01:00:00.000Z',
      escalations: [
        { level: 2, at: '2026-02-24T16:00:00.000Z' },
        // 1 working day late: end of 02-25; 3 late: end of 02-27 (02-28 Sat is the 4th, a make-up day).
        { level: 1, at: '2026-02-25T16:00:00.000Z' },
        { level: 3, at: '2026-02-27T16:00:00.000Z' },
      ],
    });
  });

  it('ends a committed due date at its 24:00 and warns at 09:00 the calendar day before (L8)', async () => {
    const plan = await activities.planDeadline({ dueDate: '2026-03-02' });
    expect(plan.dueAt).toBe('2026-03-02T16:00:00.000Z');
    expect(plan.warnAt).toBe('2026-03-01T01:00:00.000Z');
  });

  it('is provisional in a year not loaded, and firm once an admin loads it — without a restart', async () => {
    const spec = { start: '2026-12-30T10:00:00+08:00', workingDays: 3 };
    expect((await activities.planDeadline(spec)).provisional).toBe(true);
    await loadYear(database.db, { ...statutoryArrangement(2027), notice: '测试：2027年安排' }, { actor: 'test' });
    expect((await activities.planDeadline(spec)).provisional).toBe(false);
  });
});

describe('resolveCaseLinkage', () => {
  beforeAll(async () => {
    const { db } = database;
    await db.insert(regions).values({ code: '320700', name: '连云港市' });
    await db.insert(departments).values([
      { code: 'LYG-SPJ', region: '320700', name: '连云港市行政审批局', side: 'approval' },
      { code: 'LYG-SCJGJ', region: '320700', name: '连云港市市场监督管理局', side: 'supervision' },
    ]);
    await db.insert(divisions).values({ code: 'LYG-SCJGJ-SPC', deptCode: 'LYG-SCJGJ', name: '食品经营处' });
    await db.insert(approvalItems).values({ code: 'FOOD', deptCode: 'LYG-SPJ', name: '食品经营许可' });
    await db.insert(handlingItems).values([
      { code: 'FOOD-NEW', approvalItemCode: 'FOOD', name: '新办', allowedModes: ['deferral', 'postCheck'] },
      { code: 'FOOD-CHANGE', approvalItemCode: 'FOOD', name: '变更', allowedModes: [] },
    ]);
    await db.insert(supervisionItems).values({ code: 'SUP-FOOD', deptCode: 'LYG-SCJGJ', name: '食品经营监管' });
    await db.insert(supervisionSubItems).values({ code: 'SUP-FOOD-1', supervisionItemCode: 'SUP-FOOD', name: '食品经营许可事后核查' });
    await db.insert(linkages).values({ handlingItemCode: 'FOOD-NEW', supervisingDeptCode: 'LYG-SCJGJ', divisionCode: 'LYG-SCJGJ-SPC', subItemCode: 'SUP-FOOD-1', revision: 2 });
  });

  it('answers the modes the item allows and where supervision goes, with the revision copied', async () => {
    const resolved = await activities.resolveCaseLinkage({ handlingItemCode: 'FOOD-NEW' });
    expect(resolved).toEqual({
      allowedModes: expect.arrayContaining(['standard', 'deferral', 'postCheck']),
      linkages: [{ supervisingDeptCode: 'LYG-SCJGJ', divisionCode: 'LYG-SCJGJ-SPC', subItemCode: 'SUP-FOOD-1', revision: 2 }],
    });
    expect(resolved!.allowedModes[0]).toBe('standard');
  });

  it('answers an unlinked item with no linkages, and an unknown item with undefined', async () => {
    expect(await activities.resolveCaseLinkage({ handlingItemCode: 'FOOD-CHANGE' })).toEqual({ allowedModes: ['standard'], linkages: [] });
    expect(await activities.resolveCaseLinkage({ handlingItemCode: 'NOPE' })).toBeUndefined();
  });
});
