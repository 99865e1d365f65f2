// The assessment counts (D 四, L21), aggregated in SQL over the read model (db/schema/cases.ts):
// one row per department and query, never one per case. The rules they count by are in
// domain/assessment.ts; the README states them for staff.
import { and, eq, gte, inArray, lt, ne, sql, type Column, type SQL } from 'drizzle-orm';
import {
  departmentDeadlineKinds,
  type ApprovalCounts,
  type AssessmentPeriod,
  type EventCounts,
  type OverdueCounts,
  type SupervisionCounts,
} from '../domain/assessment.js';
import type { Db } from './client.js';
import { withinRegion } from './region-filter.js';
import { caseDeadlines, cases, caseTasks } from './schema/index.js';

/** What the counts are for. */
export interface AssessmentQuery {
  region: string;
  /** One department only. */
  dept?: string | undefined;
  period: AssessmentPeriod;
  /** "Now" for what is late or still pending. */
  asOf: string;
}

/** Push due times by event day: `dues[i]` is for the Shanghai date `firstDay + i` (domain pushDueByDay). */
export interface PushDueTable {
  firstDay: string;
  dues: readonly string[];
}

const inPeriod = (column: Column, period: AssessmentPeriod): SQL =>
  sql`(${column} >= ${period.fromInstant}::text::timestamptz and ${column} < ${period.toInstant}::text::timestamptz)`;
const int = (expression: SQL) => sql<number>`(${expression})::int`;
const countWhere = (condition: SQL) => int(sql`count(*) filter (where ${condition})`);

/**
 * The Shanghai date an instant belongs to, the calendar's way: a day runs up to and including its
 * 24:00, so an instant exactly at local midnight belongs to the day that ended. Fixed +08:00 (no
 * daylight saving since 1991), so no time zone database is needed.
 */
const shanghaiDay = (instant: SQL) => sql`((${instant}) at time zone 'UTC' + interval '8 hours' - interval '1 microsecond')::date`;

/** The push due time of an event instant, looked up in the table by its day (null outside it). */
function pushDueOf(table: PushDueTable, event: SQL): SQL {
  const literal = `{${table.dues.map((d) => `"${d}"`).join(',')}}`;
  // An uncorrelated scalar subquery: Postgres parses the array once per query, not once per row.
  return sql`((select ${literal}::text::timestamptz[]))[${shanghaiDay(event)} - ${table.firstDay}::text::date + 1]`;
}

/**
 * Approval side, per approval department, over the cases (not spot checks) decided in the period:
 * how many, and whether each was pushed in time. A case's push became due at the later of its
 * decision and the last `materials.submitted` / `decision.made` before the push (a deferral is
 * pushed when its materials arrive, a failed check once the department let the approval stand).
 * Not pushed yet: only a standard or post-check case still open owes a push (the others wait for
 * materials or a decision first): late once its due time passed, else pending.
 */
export async function approvalCounts(db: Db, query: AssessmentQuery, table: PushDueTable): Promise<ApprovalCounts[]> {
  const asOf = sql`${query.asOf}::text::timestamptz`;
  const pushDueFrom = sql`greatest(${cases.decidedAt}, (select max(tl.at) from case_timeline tl where tl.case_no = ${cases.caseNo} and tl.action in ('materials.submitted', 'decision.made') and tl.at <= ${cases.pushedAt}))`;
  const due = pushDueOf(table, pushDueFrom);
  const decisionDue = pushDueOf(table, sql`${cases.decidedAt}`);
  const owesPush = sql`(${cases.pushedAt} is null and ${cases.closedAt} is null and ${cases.mode} in ('standard', 'postCheck'))`;
  return db
    .select({
      deptCode: cases.approvalDept,
      casesDecided: int(sql`count(*)`),
      pushInTime: countWhere(sql`${cases.pushedAt} <= ${due}`),
      pushLate: countWhere(sql`${cases.pushedAt} > ${due} or (${owesPush} and ${decisionDue} < ${asOf})`),
      pushPending: countWhere(sql`${owesPush} and ${decisionDue} >= ${asOf}`),
    })
    .from(cases)
    .where(
      and(
        withinRegion(cases.region, query.region),
        query.dept ? eq(cases.approvalDept, query.dept) : undefined,
        ne(cases.mode, 'spotCheck'),
        gte(cases.decidedAt, query.period.fromInstant),
        lt(cases.decidedAt, query.period.toInstant),
      ),
    )
    .groupBy(cases.approvalDept);
}

/**
 * Supervision side, per supervising department, over the tasks pushed (notified) in the period.
 * A step is in time when done by its due time; late when done after it, or not done when the due
 * time passed before now or before the task closed; pending when not done, open and not yet due.
 * A task cancelled (case withdrawn) before its due time counts neither way.
 */
export async function supervisionCounts(db: Db, query: AssessmentQuery): Promise<SupervisionCounts[]> {
  const asOf = sql`${query.asOf}::text::timestamptz`;
  // By each task's own case's policy: a task with post-check windows (Dongli 一(三)2) counts as a
  // check, one under the view limit (L9) — a post-check where the region sets no windows too — as a view.
  const isCheck = sql`${caseTasks.finishDueAt} is not null`;
  const notCheck = sql`${caseTasks.finishDueAt} is null`;
  // Until when an undone step could still have been done: now, or when the task closed.
  const openUntil = sql`least(${asOf}, coalesce(${caseTasks.closedAt}, ${asOf}))`;
  const step = (done: SQL, dueAt: SQL | Column, scope: SQL) => ({
    inTime: countWhere(sql`${scope} and ${done} <= ${dueAt}`),
    late: countWhere(sql`${scope} and (${done} > ${dueAt} or (${done} is null and ${dueAt} < ${openUntil}))`),
    pending: countWhere(sql`${scope} and ${done} is null and ${caseTasks.closedAt} is null and ${dueAt} >= ${asOf}`),
  });
  const viewed = sql`${caseTasks.viewedAt}`;
  // D 一(三)2 完成: the first inspection result recorded (what closes the 10-day deadline).
  const finished = sql`(${caseTasks.detail}->'inspections'->0->>'recordedAt')::timestamptz`;
  const view = step(viewed, caseTasks.startDueAt, notCheck);
  const checkStart = step(viewed, caseTasks.startDueAt, isCheck);
  const checkFinish = step(finished, caseTasks.finishDueAt, isCheck);
  return db
    .select({
      deptCode: caseTasks.supervisingDept,
      tasksPushed: int(sql`count(*)`),
      viewInTime: view.inTime,
      viewLate: view.late,
      viewPending: view.pending,
      checkStartInTime: checkStart.inTime,
      checkStartLate: checkStart.late,
      checkStartPending: checkStart.pending,
      checkFinishInTime: checkFinish.inTime,
      checkFinishLate: checkFinish.late,
      checkFinishPending: checkFinish.pending,
      results: int(sql`coalesce(sum(${caseTasks.results}), 0)`),
      lateResults: int(sql`coalesce(sum(${caseTasks.lateResults}), 0)`),
    })
    .from(caseTasks)
    .where(
      and(
        withinRegion(caseTasks.region, query.region),
        query.dept ? eq(caseTasks.supervisingDept, query.dept) : undefined,
        gte(caseTasks.notifiedAt, query.period.fromInstant),
        lt(caseTasks.notifiedAt, query.period.toInstant),
      ),
    )
    .groupBy(caseTasks.supervisingDept);
}

/**
 * Rectification orders, revocation proposals and decisions made in the period, per supervising
 * department (`by: 'supervising'`) or per approval department that received them (`'approval'`).
 */
export async function eventCounts(db: Db, query: AssessmentQuery, by: 'supervising' | 'approval'): Promise<EventCounts[]> {
  const dept = by === 'supervising' ? caseTasks.supervisingDept : caseTasks.approvalDept;
  const { period } = query;
  const decided = inPeriod(caseTasks.revocationDecidedAt, period);
  return db
    .select({
      deptCode: dept,
      rectificationsOrdered: countWhere(inPeriod(caseTasks.rectificationOrderedAt, period)),
      revocationsProposed: countWhere(inPeriod(caseTasks.revocationProposedAt, period)),
      revoked: countWhere(sql`${decided} and ${caseTasks.revocationDecision} = 'revoke'`),
      declined: countWhere(sql`${decided} and ${caseTasks.revocationDecision} = 'decline'`),
    })
    .from(caseTasks)
    .where(
      and(
        withinRegion(caseTasks.region, query.region),
        query.dept ? eq(dept, query.dept) : undefined,
        sql`(${inPeriod(caseTasks.rectificationOrderedAt, period)} or ${inPeriod(caseTasks.revocationProposedAt, period)} or ${decided})`,
      ),
    )
    .groupBy(dept);
}

/** Deadlines a department owed that fell due in the period and were missed, by the last escalation level reached. */
export async function overdueCounts(db: Db, query: AssessmentQuery): Promise<OverdueCounts[]> {
  return db
    .select({ deptCode: caseDeadlines.deptCode, level: caseDeadlines.escalationLevel, count: int(sql`count(*)`) })
    .from(caseDeadlines)
    .where(
      and(
        withinRegion(caseDeadlines.region, query.region),
        query.dept ? eq(caseDeadlines.deptCode, query.dept) : undefined,
        inArray(caseDeadlines.kind, [...departmentDeadlineKinds]),
        eq(caseDeadlines.overdue, true),
        gte(caseDeadlines.dueAt, query.period.fromInstant),
        lt(caseDeadlines.dueAt, query.period.toInstant),
      ),
    )
    .groupBy(caseDeadlines.deptCode, caseDeadlines.escalationLevel);
}
