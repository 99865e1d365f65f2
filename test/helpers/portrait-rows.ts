// Hand-written read-model rows (db/schema/cases.ts) for tests of the enterprise portrait: a case
// row and task rows with every column a projection would write, defaults for the rest.
import type { Db } from '../../db/client.js';
import { cases, caseTasks } from '../../db/schema/index.js';
import type { Inspection, SupervisionTask } from '../../domain/case/task.js';

/** A case row; override what the test cares about. */
export function caseRow(overrides: Partial<typeof cases.$inferInsert> & Pick<typeof cases.$inferInsert, 'caseNo' | 'creditCode' | 'startedAt'>): typeof cases.$inferInsert {
  return {
    region: '320700',
    approvalDept: 'LYG-SCJGJ',
    approvalItem: 'FOOD-BUSINESS-LICENCE',
    handlingItem: 'FOOD-BUSINESS-LICENCE-NEW',
    applicantName: '示例企业',
    mode: 'standard',
    stage: 'supervising',
    decidedAt: overrides.startedAt,
    pushedAt: overrides.startedAt,
    revision: 1,
    ...overrides,
  };
}

/** What a hand-written task holds: its case, division and the workflow's task detail. */
export interface TaskRowInput {
  caseNo: string;
  n?: number;
  region?: string;
  creditCode: string;
  mode?: string;
  approvalDept?: string;
  supervisingDept?: string;
  divisionCode?: string;
  notifiedAt: string;
  status?: SupervisionTask['status'];
  inspections?: Inspection[];
  rectification?: SupervisionTask['rectification'];
  proposal?: SupervisionTask['proposal'];
  decision?: SupervisionTask['decision'];
}

/** A task row whose summary columns agree with its detail, as `writeProjection` writes them. */
export function taskRow(input: TaskRowInput): typeof caseTasks.$inferInsert {
  const detail: SupervisionTask = {
    taskId: `${input.caseNo}:${input.n ?? 1}`,
    supervisingDeptCode: input.supervisingDept ?? 'LYG-SCJGJ',
    divisionCode: input.divisionCode ?? 'LYG-SCJGJ-SPJY',
    subItemCode: 'FOOD-CHECK',
    revision: 1,
    status: input.status ?? 'notified',
    notifiedAt: input.notifiedAt,
    inspections: input.inspections ?? [],
    ...(input.rectification ? { rectification: input.rectification } : {}),
    ...(input.proposal ? { proposal: input.proposal } : {}),
    ...(input.decision ? { decision: input.decision } : {}),
  };
  return {
    taskId: detail.taskId,
    caseNo: input.caseNo,
    region: input.region ?? '320700',
    creditCode: input.creditCode,
    mode: input.mode ?? 'standard',
    approvalDept: input.approvalDept ?? 'LYG-SCJGJ',
    supervisingDept: detail.supervisingDeptCode,
    divisionCode: detail.divisionCode,
    subItemCode: detail.subItemCode,
    status: detail.status,
    notifiedAt: detail.notifiedAt,
    firstInspectedAt: detail.inspections[0]?.inspectedAt ?? null,
    results: detail.inspections.length,
    lateResults: detail.inspections.filter((i) => i.late).length,
    rectificationOrderedAt: detail.rectification?.orderedAt ?? null,
    revocationProposedAt: detail.proposal?.proposedAt ?? null,
    revocationDecision: detail.decision?.decision ?? null,
    revocationDecidedAt: detail.decision?.decidedAt ?? null,
    detail,
    revision: 1,
  };
}

/** Writes case and task rows. */
export async function insertReadModelRows(db: Db, rows: { cases?: (typeof cases.$inferInsert)[]; tasks?: (typeof caseTasks.$inferInsert)[] }): Promise<void> {
  if (rows.cases?.length) await db.insert(cases).values(rows.cases);
  if (rows.tasks?.length) await db.insert(caseTasks).values(rows.tasks);
}
