// Read-model rows written by hand for the assessment, spot-sample and consultation tests: a case,
// its tasks, its deadlines and timeline entries, each with defaults the test overrides. Instants
// are given in Shanghai local time ("2026-03-02 10:00") to keep the arithmetic in the tests legible.
import type { Db } from '../../db/client.js';
import { caseDeadlines, cases, caseTasks, caseTimeline } from '../../db/schema/index.js';

/** "YYYY-MM-DD HH:MM" in Asia/Shanghai as an ISO instant in UTC. */
export const sh = (local: string): string => new Date(`${local.replace(' ', 'T')}:00+08:00`).toISOString();

const CREDIT_CODE = '91350100M000100Y43';

/** A case row. */
export function caseRow(caseNo: string, overrides: Partial<typeof cases.$inferInsert> = {}): typeof cases.$inferInsert {
  return {
    caseNo,
    region: '320700',
    approvalDept: 'APP',
    handlingItem: 'ITEM-1',
    creditCode: CREDIT_CODE,
    applicantName: `企业 ${caseNo}`,
    mode: 'standard',
    stage: 'supervising',
    startedAt: overrides.decidedAt ?? sh('2026-03-02 10:00'),
    ...overrides,
  };
}

/** A task row; `finishedAt` sets the recorded time of the first inspection result (the detail the workflow keeps). */
export function taskRow(taskId: string, overrides: Partial<typeof caseTasks.$inferInsert> & { finishedAt?: string } = {}): typeof caseTasks.$inferInsert {
  const { finishedAt, ...rest } = overrides;
  return {
    taskId,
    caseNo: taskId.split('#')[0]!,
    region: '320700',
    creditCode: CREDIT_CODE,
    mode: 'standard',
    approvalDept: 'APP',
    supervisingDept: 'MKT',
    divisionCode: 'MKT-FOOD',
    subItemCode: 'SUB-1',
    status: 'notified',
    notifiedAt: sh('2026-03-02 10:00'),
    detail: { taskId, inspections: finishedAt ? [{ recordedAt: finishedAt }] : [] },
    ...rest,
  };
}

/** A deadline row. */
export function deadlineRow(caseNo: string, deadlineId: string, overrides: Partial<typeof caseDeadlines.$inferInsert> = {}): typeof caseDeadlines.$inferInsert {
  return {
    caseNo,
    deadlineId,
    taskId: `${caseNo}#1`,
    kind: deadlineId.split(':')[0]!,
    deptCode: 'MKT',
    region: '320700',
    dueAt: sh('2026-03-05 24:00'),
    openedAt: sh('2026-03-02 10:00'),
    ...overrides,
  };
}

/** Writes rows into the read model. */
export async function seedReadModel(
  db: Db,
  rows: {
    cases?: (typeof cases.$inferInsert)[];
    tasks?: (typeof caseTasks.$inferInsert)[];
    deadlines?: (typeof caseDeadlines.$inferInsert)[];
    timeline?: (typeof caseTimeline.$inferInsert)[];
  },
): Promise<void> {
  if (rows.cases?.length) await db.insert(cases).values(rows.cases);
  if (rows.tasks?.length) await db.insert(caseTasks).values(rows.tasks);
  if (rows.deadlines?.length) await db.insert(caseDeadlines).values(rows.deadlines);
  if (rows.timeline?.length) await db.insert(caseTimeline).values(rows.timeline);
}
