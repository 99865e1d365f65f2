// An enterprise's latest supervision task, as the read model holds it: the division a spot check
// goes to (the monthly draw, L12, and a record from another system, L13) and the catalogue of its
// case, which the spot-check case is started under. One definition for both.
import { desc, sql } from 'drizzle-orm';
import { caseTasks, cases } from './schema/index.js';

/** The task's division target and its case's catalogue and applicant (select over case_tasks ⋈ cases). */
export const taskTargetColumns = {
  divisionCode: caseTasks.divisionCode,
  subItemCode: caseTasks.subItemCode,
  // The linkage revision the task was assigned under (0 for tasks projected before it was kept).
  revision: sql<number>`coalesce((${caseTasks.detail} ->> 'revision')::int, 0)`.mapWith(Number),
  region: cases.region,
  approvalDept: cases.approvalDept,
  approvalItem: cases.approvalItem,
  handlingItem: cases.handlingItem,
  applicantName: cases.applicantName,
};

/** Latest task first: the latest notified; the task ID breaks ties. */
export const latestTaskFirst = [desc(caseTasks.notifiedAt), desc(caseTasks.taskId)];
