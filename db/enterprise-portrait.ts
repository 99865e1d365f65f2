// The enterprise portrait (企业画像, L13): everything of one enterprise, found by its credit code,
// from the read model — approvals, supervision tasks, inspections, rectifications, revocation
// proposals and decisions — with its credit grade, credit archive and spot-check draws. Each list
// is newest first and bounded (its total counted), so an enterprise with many cases answers fast:
// every list is read through an index led by credit_code (cases_credit_code,
// case_tasks_credit_code, credit_records_credit_code).
import { and, desc, eq, isNotNull, isNull, like, or, sql, type SQL } from 'drizzle-orm';
import { regionPrefix } from '../domain/access.js';
import { recordCounts } from '../domain/credit.js';
import type { PortraitScope } from '../domain/enterprise-portrait.js';
import type { Inspection, SupervisionTask } from '../domain/case/task.js';
import type { DbOrTx } from './audit.js';
import { findCreditGrade, type CreditGradeRow } from './credit-grades.js';
import { portraitExternalRecords, type PortraitSourceRecords } from './external-records.js';
import { caseFiles, cases, caseTasks, creditRecords, departments, fileBlobs, samplingDraws } from './schema/index.js';
import type { FileKind } from '../domain/files.js';

/** How many rows each list holds at most, unless asked otherwise. */
export const PORTRAIT_LIST_LIMIT = 100;

/** A bounded list: the newest `items`, and how many there are in all. */
export interface PortraitList<T> {
  total: number;
  items: T[];
}

/** One approval (办件) of the enterprise. */
export interface PortraitApproval {
  caseNo: string;
  region: string;
  approvalDept: string;
  approvalItem: string;
  handlingItem: string;
  applicantName: string;
  mode: string;
  stage: string;
  outcome: string | null;
  decidedAt: string | null;
  startedAt: string;
  pushedAt: string | null;
  closedAt: string | null;
  nextDueAt: string | null;
  overdue: boolean;
}

/** One supervision task (监管任务) of the enterprise. */
export interface PortraitTask {
  taskId: string;
  caseNo: string;
  region: string;
  mode: string;
  approvalDept: string;
  supervisingDept: string;
  divisionCode: string;
  subItemCode: string;
  status: string;
  notifiedAt: string;
  viewedAt: string | null;
  results: number;
  lateResults: number;
  nextDueAt: string | null;
  nextDueKind: string | null;
  escalationLevel: number;
  overdue: boolean;
  closedAt: string | null;
}

/** Which task (and case) a fact belongs to. */
export interface TaskRef {
  taskId: string;
  caseNo: string;
  supervisingDept: string;
  divisionCode: string;
}

/** One inspection (检查) recorded on a task. */
export type PortraitInspection = TaskRef & Inspection;

/** One rectification order (限期整改) and the applicant's report. */
export type PortraitRectification = TaskRef & { taskStatus: string } & NonNullable<SupervisionTask['rectification']>;

/** One revocation proposal (撤销建议) and the approval department's decision, once made. */
export type PortraitRevocation = TaskRef & { approvalDept: string; taskStatus: string } & {
  proposal: NonNullable<SupervisionTask['proposal']>;
  decision: NonNullable<SupervisionTask['decision']> | null;
};

/** One dishonesty record of the credit archive (信用档案). */
export interface PortraitCreditRecord {
  event: string;
  reason: string;
  decisionDocument: string | null;
  caseNo: string;
  recordedAt: string;
}

/** One spot-check draw (双随机) of the enterprise. */
export interface PortraitSamplingDraw {
  month: string;
  deptCode: string;
  divisionCode: string;
  grade: string | null;
  caseNo: string;
  drawnAt: string;
}

/** A file of one of the enterprise's cases (its bytes at /api/files/{id}/content, for those who read the case). */
export interface PortraitFile {
  id: number;
  caseNo: string;
  taskId: string | null;
  kind: FileKind;
  name: string;
  contentType: string;
  size: number;
  addedAt: string;
}

/** An enterprise as one caller sees it. */
export interface EnterprisePortrait {
  creditCode: string;
  /** The applicant name of the newest approval the caller sees (企业名称), or null. */
  name: string | null;
  creditGrade: Pick<CreditGradeRow, 'grade' | 'gradedOn' | 'source' | 'updatedAt'> | null;
  /** On the dishonesty list: a credit record within the last three years (domain/credit.ts). */
  dishonest: boolean;
  approvals: PortraitList<PortraitApproval>;
  tasks: PortraitList<PortraitTask>;
  inspections: PortraitList<PortraitInspection>;
  rectifications: PortraitList<PortraitRectification>;
  revocations: PortraitList<PortraitRevocation>;
  creditRecords: PortraitList<PortraitCreditRecord>;
  samplingDraws: PortraitList<PortraitSamplingDraw>;
  /** Files of its cases (not withdrawn), newest added first. */
  files: PortraitList<PortraitFile>;
  /** Records other systems sent (12345, other platforms; L13), by source: totals by kind and the newest `limit` of each. */
  externalRecords: { total: number; sources: PortraitSourceRecords[] };
}

/** Options of a portrait: the length of each list, and the instant dishonesty is judged at. */
export interface PortraitOptions {
  limit?: number;
  now?: string;
}

// `count(*) over ()` counts every row the filter keeps before the limit: the list and its total in one query.
const totalOver = () => sql<number>`count(*) over ()`.mapWith(Number);

function listOf<T extends { total: number }>(rows: T[]): PortraitList<Omit<T, 'total'>> {
  return { total: rows[0]?.total ?? 0, items: rows.map(({ total: _total, ...item }) => item) };
}

/** The region condition of a scope on a region column; none for the whole country. */
function inRegion(column: typeof cases.region | typeof caseTasks.region, scope: PortraitScope): SQL | undefined {
  const prefix = regionPrefix(scope.region);
  return prefix === '' ? undefined : like(column, `${prefix}%`);
}

/** The conditions on case_tasks rows a scope sees. */
function taskConditions(creditCode: string, scope: PortraitScope): (SQL | undefined)[] {
  return [eq(caseTasks.creditCode, creditCode), inRegion(caseTasks.region, scope), scope.dept === undefined ? undefined : eq(caseTasks.supervisingDept, scope.dept)];
}

const taskRef = { taskId: caseTasks.taskId, caseNo: caseTasks.caseNo, supervisingDept: caseTasks.supervisingDept, divisionCode: caseTasks.divisionCode };

/**
 * The portrait of the enterprise with `creditCode` as `scope` sees it. Credit grade, credit
 * records and the dishonesty flag are the enterprise's public credit information and are shown
 * whatever the scope (the credit pre-check shows them to any approval officer alike).
 */
export async function enterprisePortrait(db: DbOrTx, creditCode: string, scope: PortraitScope, options: PortraitOptions = {}): Promise<EnterprisePortrait> {
  const limit = options.limit ?? PORTRAIT_LIST_LIMIT;
  const now = options.now ?? new Date().toISOString();
  const caseRegion = inRegion(cases.region, scope);

  const nameQuery = db
    .select({ name: cases.applicantName })
    .from(cases)
    .where(and(eq(cases.creditCode, creditCode), caseRegion, sql`${cases.applicantName} <> ''`))
    .orderBy(desc(cases.startedAt))
    .limit(1);

  const approvalsQuery = db
    .select({
      caseNo: cases.caseNo,
      region: cases.region,
      approvalDept: cases.approvalDept,
      approvalItem: cases.approvalItem,
      handlingItem: cases.handlingItem,
      applicantName: cases.applicantName,
      mode: cases.mode,
      stage: cases.stage,
      outcome: cases.outcome,
      decidedAt: cases.decidedAt,
      startedAt: cases.startedAt,
      pushedAt: cases.pushedAt,
      closedAt: cases.closedAt,
      nextDueAt: cases.nextDueAt,
      overdue: cases.overdue,
      total: totalOver(),
    })
    .from(cases)
    .where(and(eq(cases.creditCode, creditCode), caseRegion, scope.dept === undefined ? undefined : eq(cases.approvalDept, scope.dept)))
    .orderBy(desc(cases.startedAt), desc(cases.caseNo))
    .limit(limit);

  const tasksQuery = db
    .select({
      ...taskRef,
      region: caseTasks.region,
      mode: caseTasks.mode,
      approvalDept: caseTasks.approvalDept,
      subItemCode: caseTasks.subItemCode,
      status: caseTasks.status,
      notifiedAt: caseTasks.notifiedAt,
      viewedAt: caseTasks.viewedAt,
      results: caseTasks.results,
      lateResults: caseTasks.lateResults,
      nextDueAt: caseTasks.nextDueAt,
      nextDueKind: caseTasks.nextDueKind,
      escalationLevel: caseTasks.escalationLevel,
      overdue: caseTasks.overdue,
      closedAt: caseTasks.closedAt,
      total: totalOver(),
    })
    .from(caseTasks)
    .where(and(...taskConditions(creditCode, scope)))
    .orderBy(desc(caseTasks.notifiedAt), desc(caseTasks.taskId))
    .limit(limit);

  // Inspections live in each task's detail: one row per array element (a set-returning function
  // over the enterprise's tasks), then ordered by when each inspection was carried out.
  const inspectionRows = db
    .select({ ...taskRef, inspection: sql<Inspection>`jsonb_array_elements(${caseTasks.detail} -> 'inspections')`.as('inspection') })
    .from(caseTasks)
    .where(and(...taskConditions(creditCode, scope), sql`${caseTasks.results} > 0`))
    .as('inspection_rows');
  const inspectionsQuery = db
    .select({
      taskId: inspectionRows.taskId,
      caseNo: inspectionRows.caseNo,
      supervisingDept: inspectionRows.supervisingDept,
      divisionCode: inspectionRows.divisionCode,
      inspection: inspectionRows.inspection,
      total: totalOver(),
    })
    .from(inspectionRows)
    .orderBy(
      sql`(${inspectionRows.inspection} ->> 'inspectedAt')::timestamptz desc`,
      sql`(${inspectionRows.inspection} ->> 'recordedAt')::timestamptz desc`,
      desc(inspectionRows.taskId),
    )
    .limit(limit);

  const rectificationsQuery = db
    .select({ ...taskRef, taskStatus: caseTasks.status, rectification: sql<NonNullable<SupervisionTask['rectification']>>`${caseTasks.detail} -> 'rectification'`, total: totalOver() })
    .from(caseTasks)
    .where(and(...taskConditions(creditCode, scope), isNotNull(caseTasks.rectificationOrderedAt)))
    .orderBy(desc(caseTasks.rectificationOrderedAt), desc(caseTasks.taskId))
    .limit(limit);

  const revocationsQuery = db
    .select({
      ...taskRef,
      approvalDept: caseTasks.approvalDept,
      taskStatus: caseTasks.status,
      proposal: sql<NonNullable<SupervisionTask['proposal']>>`${caseTasks.detail} -> 'proposal'`,
      decision: sql<NonNullable<SupervisionTask['decision']> | null>`${caseTasks.detail} -> 'decision'`,
      total: totalOver(),
    })
    .from(caseTasks)
    .where(and(...taskConditions(creditCode, scope), isNotNull(caseTasks.revocationProposedAt)))
    .orderBy(desc(caseTasks.revocationProposedAt), desc(caseTasks.taskId))
    .limit(limit);

  const creditRecordsQuery = db
    .select({
      event: creditRecords.event,
      reason: creditRecords.reason,
      decisionDocument: creditRecords.decisionDocument,
      caseNo: creditRecords.caseNo,
      recordedAt: creditRecords.recordedAt,
      total: totalOver(),
    })
    .from(creditRecords)
    .where(eq(creditRecords.creditCode, creditCode))
    .orderBy(desc(creditRecords.recordedAt), desc(creditRecords.id))
    .limit(limit);

  // A draw belongs to the region of the department that drew it.
  const drawPrefix = regionPrefix(scope.region);
  const drawsQuery = db
    .select({
      month: samplingDraws.month,
      deptCode: samplingDraws.deptCode,
      divisionCode: samplingDraws.divisionCode,
      grade: samplingDraws.grade,
      caseNo: samplingDraws.caseNo,
      drawnAt: samplingDraws.drawnAt,
      total: totalOver(),
    })
    .from(samplingDraws)
    .leftJoin(departments, eq(departments.code, samplingDraws.deptCode))
    .where(
      and(
        eq(samplingDraws.creditCode, creditCode),
        drawPrefix === '' ? undefined : like(departments.region, `${drawPrefix}%`),
        scope.dept === undefined ? undefined : eq(samplingDraws.deptCode, scope.dept),
      ),
    )
    .orderBy(desc(samplingDraws.drawnAt), desc(samplingDraws.id))
    .limit(limit);

  // A department's own staff see the files of its approvals and the files it added as a supervisor.
  const filesQuery = db
    .select({
      id: caseFiles.id,
      caseNo: cases.caseNo,
      taskId: caseFiles.taskId,
      kind: caseFiles.kind,
      name: caseFiles.name,
      contentType: fileBlobs.contentType,
      size: fileBlobs.size,
      addedAt: caseFiles.addedAt,
      total: totalOver(),
    })
    .from(caseFiles)
    .innerJoin(cases, eq(cases.caseNo, caseFiles.caseNo))
    .innerJoin(fileBlobs, eq(fileBlobs.sha256, caseFiles.sha256))
    .where(
      and(
        eq(cases.creditCode, creditCode),
        isNull(caseFiles.withdrawnAt),
        scope.dept === undefined ? caseRegion : or(eq(cases.approvalDept, scope.dept), eq(caseFiles.deptCode, scope.dept)),
      ),
    )
    .orderBy(desc(caseFiles.addedAt), desc(caseFiles.id))
    .limit(limit);

  const [names, approvals, tasks, inspections, rectifications, revocations, records, draws, grade, external, files] = await Promise.all([
    nameQuery,
    approvalsQuery,
    tasksQuery,
    inspectionsQuery,
    rectificationsQuery,
    revocationsQuery,
    creditRecordsQuery,
    drawsQuery,
    findCreditGrade(db, creditCode),
    // By the source's region; a department's own staff see them too (they are about the enterprise, not a department's own).
    portraitExternalRecords(db, creditCode, scope.region, limit),
    filesQuery,
  ]);

  const recordList = listOf(records);
  // Records are newest first: the enterprise is on the list when its newest one still counts.
  const newest = recordList.items[0];
  return {
    creditCode,
    name: names[0]?.name ?? null,
    creditGrade: grade ? { grade: grade.grade, gradedOn: grade.gradedOn, source: grade.source, updatedAt: grade.updatedAt } : null,
    dishonest: newest !== undefined && recordCounts(newest.recordedAt, now),
    approvals: listOf(approvals),
    tasks: listOf(tasks),
    inspections: listOf(inspections.map(({ inspection, ...ref }) => ({ ...ref, ...inspection }))),
    rectifications: listOf(rectifications.map(({ rectification, ...ref }) => ({ ...ref, ...rectification }))),
    revocations: listOf(revocations),
    creditRecords: recordList,
    samplingDraws: listOf(draws),
    files: listOf(files),
    externalRecords: external,
  };
}
