// The list of cases (办件列表) from the read model, filtered and paged by keyset: newest start
// first, (started_at, case_no) descending, so a page never shifts when new cases arrive.
import { and, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { NATIONAL_REGION, regionPrefix } from '../domain/access.js';
import type { CaseMode, CaseOutcome, CaseStage } from '../domain/case.js';
import type { TaskStatus } from '../domain/case/task.js';
import type { Db } from './client.js';
import { withinRegion } from './region-filter.js';
import { decodeCursor, encodeCursor } from './keyset-cursor.js';
import { cases, caseTasks } from './schema/index.js';

/** Who sees which cases: a region (by code prefix), narrowed to a department's or a division's cases. */
export interface CaseVisibility {
  /** The caller's region; every region it covers is included (domain/access.ts regionPrefix). */
  region: string;
  /** Only cases this department approved, or in which it supervises a task. */
  dept?: string;
  /** Only cases with a task of this division. */
  division?: string;
}

/** What a list asks for; every filter is optional and they combine with AND. */
export interface CaseListFilters {
  /** Who is asking; the whole country when absent (the API always passes the caller's). */
  visibility?: CaseVisibility;
  creditCode?: string;
  stage?: string;
  mode?: string;
  /** The approval department, or the supervising department of any task of the case. */
  dept?: string;
  /** A division with a task in the case. */
  division?: string;
  /** Started at or after this instant. */
  startedFrom?: string;
  /** Started before this instant. */
  startedBefore?: string;
  overdue?: boolean;
  /** The opaque cursor of the previous page's nextCursor. */
  cursor?: string;
  /** Page size, 50 when absent (the route caps it at 200). */
  limit?: number;
}

/** A task of a listed case, in brief. */
export interface CaseListTask {
  taskId: string;
  supervisingDept: string;
  divisionCode: string;
  status: TaskStatus;
  nextDueAt: string | null;
  overdue: boolean;
}

/** One case in the list (the read model stores the enumerations as text). */
export type CaseListItem = Omit<typeof cases.$inferSelect, 'view' | 'revision' | 'updatedAt' | 'mode' | 'stage' | 'outcome'> & {
  mode: CaseMode;
  stage: CaseStage;
  outcome: CaseOutcome | null;
  tasks: CaseListTask[];
};

/** A page of cases; nextCursor is null on the last page. */
export interface CaseListPage {
  items: CaseListItem[];
  nextCursor: string | null;
}

// Cases linked to a department or division through a task: IN (subquery) lets Postgres hash the
// task side once (index case_tasks_dept_case / case_tasks_division_case) even inside an OR.
const supervisedBy = (dept: string): SQL => inArray(cases.caseNo, sql`(select ${caseTasks.caseNo} from ${caseTasks} where ${caseTasks.supervisingDept} = ${dept})`);
const withTaskOf = (division: string): SQL => inArray(cases.caseNo, sql`(select ${caseTasks.caseNo} from ${caseTasks} where ${caseTasks.divisionCode} = ${division})`);
/** Cases a department has work in: it approved them, or supervises a task of them. */
export const ofDept = (dept: string): SQL => or(eq(cases.approvalDept, dept), supervisedBy(dept))!;

/**
 * The region prefix as a range (codes are digits: '3207' ≤ code < '3208'), so index
 * cases_region_started serves it under any collation; LIKE needs the C collation for that. Not
 * both: the planner multiplies their selectivities and then badly underestimates a city's cases.
 */
function regionRange(region: string): SQL | undefined {
  const prefix = regionPrefix(region);
  const next = String(Number(prefix) + 1).padStart(prefix.length, '0');
  if (prefix === '' || next.length !== prefix.length) return undefined;
  return and(gte(cases.region, prefix), lt(cases.region, next));
}

/** One page of the cases matching the filters; throws BadCursorError (db/keyset-cursor.ts) for a cursor it cannot read. */
export async function listCases(db: Db, filters: CaseListFilters): Promise<CaseListPage> {
  const { visibility: seen = { region: NATIONAL_REGION }, limit = 50 } = filters;
  const after = filters.cursor === undefined ? undefined : decodeCursor(filters.cursor);
  const conditions: (SQL | undefined)[] = [
    regionRange(seen.region) ?? withinRegion(cases.region, seen.region),
    seen.dept === undefined ? undefined : ofDept(seen.dept),
    seen.division === undefined ? undefined : withTaskOf(seen.division),
    filters.creditCode === undefined ? undefined : eq(cases.creditCode, filters.creditCode),
    filters.stage === undefined ? undefined : eq(cases.stage, filters.stage),
    filters.mode === undefined ? undefined : eq(cases.mode, filters.mode),
    filters.dept === undefined ? undefined : ofDept(filters.dept),
    filters.division === undefined ? undefined : withTaskOf(filters.division),
    filters.startedFrom === undefined ? undefined : sql`${cases.startedAt} >= ${filters.startedFrom}::timestamptz`,
    filters.startedBefore === undefined ? undefined : sql`${cases.startedAt} < ${filters.startedBefore}::timestamptz`,
    filters.overdue === undefined ? undefined : eq(cases.overdue, filters.overdue),
    // The keyset: strictly after the previous page's last row in (started_at desc, case_no desc).
    after === undefined ? undefined : sql`(${cases.startedAt}, ${cases.caseNo}) < (${after.at}::timestamptz, ${after.id})`,
  ];
  const rows = await db
    .select({
      caseNo: cases.caseNo,
      region: cases.region,
      approvalDept: cases.approvalDept,
      approvalItem: cases.approvalItem,
      handlingItem: cases.handlingItem,
      creditCode: cases.creditCode,
      applicantName: cases.applicantName,
      mode: sql<CaseMode>`${cases.mode}`,
      stage: sql<CaseStage>`${cases.stage}`,
      outcome: sql<CaseOutcome | null>`${cases.outcome}`,
      decidedAt: cases.decidedAt,
      startedAt: cases.startedAt,
      pushedAt: cases.pushedAt,
      closedAt: cases.closedAt,
      nextDueAt: cases.nextDueAt,
      overdue: cases.overdue,
      attentionStep: cases.attentionStep,
      attentionReason: cases.attentionReason,
      attentionSince: cases.attentionSince,
      position: sql<string>`${cases.startedAt}::text`,
    })
    .from(cases)
    .where(and(...conditions))
    .orderBy(desc(cases.startedAt), desc(cases.caseNo))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const tasks =
    page.length === 0
      ? []
      : await db
          .select({
            caseNo: caseTasks.caseNo,
            taskId: caseTasks.taskId,
            supervisingDept: caseTasks.supervisingDept,
            divisionCode: caseTasks.divisionCode,
            status: sql<TaskStatus>`${caseTasks.status}`,
            nextDueAt: caseTasks.nextDueAt,
            overdue: caseTasks.overdue,
          })
          .from(caseTasks)
          .where(inArray(caseTasks.caseNo, page.map((c) => c.caseNo)))
          .orderBy(caseTasks.taskId);
  const last = page.at(-1);
  return {
    items: page.map(({ position, ...c }) => ({ ...c, tasks: tasks.filter((t) => t.caseNo === c.caseNo).map(({ caseNo, ...t }) => t) })),
    nextCursor: rows.length > limit && last ? encodeCursor({ at: last.position, id: last.caseNo }) : null,
  };
}
