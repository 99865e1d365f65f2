// The coordinator's dashboard (审管协调员看板, D 二): what a department owes and is late with, from
// the read model's open deadlines — warnings (即将超期), overdue items by escalation level, and
// the escalations waiting. Never asks Temporal.
import { and, asc, count, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { unionAll } from 'drizzle-orm/pg-core';
import { ESCALATION_STEPS, type DeadlineKind } from '../domain/case/deadlines.js';
import { workingDaysLeft } from '../domain/working-days-left.js';
import { ofDept } from './case-list.js';
import type { Db } from './client.js';
import { flaggedOrPassed, flaggedOrPassedValue } from './deadline-clock.js';
import { currentCalendar } from './inbox.js';
import { caseDeadlines, cases } from './schema/index.js';

/** One open deadline the department owes. */
export interface DashboardItem {
  caseNo: string;
  deadlineId: string;
  taskId: string | null;
  kind: DeadlineKind;
  divisionCode: string | null;
  handlingItem: string;
  creditCode: string;
  applicantName: string;
  dueAt: string;
  warnAt: string | null;
  provisional: boolean;
  warned: boolean;
  overdue: boolean;
  /** Escalation levels reached, in order, and the last one (0 = none). */
  escalatedLevels: number[];
  escalationLevel: number;
  workingDaysLeft: number;
}

/** A case of the department that needs attention (需人工处理): a step failed that no retry can mend. */
export interface AttentionItem {
  caseNo: string;
  mode: string;
  handlingItem: string;
  creditCode: string;
  applicantName: string;
  /** The step that failed, why (for staff, no personal data), and since when. */
  step: string | null;
  reason: string | null;
  since: string | null;
}

/** Overdue items at one escalation level. */
export interface OverdueLevel {
  level: number;
  count: number;
  items: DashboardItem[];
}

/** The dashboard of one department. */
export interface CoordinatorDashboard {
  dept: string;
  at: string;
  counts: { open: number; warning: number; overdue: number; escalated: number; needsAttention: number };
  /** Open, not yet due, warned (or past the warning time): 即将超期. Nearest first; the first `limit`. */
  warnings: DashboardItem[];
  /** Open and past due, by escalation level in the order escalation runs (0 = not escalated yet, 2, 1, 3); each the whole count and the first `limit`. */
  overdueByLevel: OverdueLevel[];
  /** Open deadlines escalated to a coordinator (level > 0), waiting longest first; the first `limit`. */
  escalations: DashboardItem[];
  /** Cases the department approved or supervises that need attention, longest waiting first; the first `limit`. */
  needsAttention: AttentionItem[];
}

/** The levels in the order lateness reaches them, 0 (none yet) first. */
const LEVEL_ORDER = [0, ...ESCALATION_STEPS.map((s) => s.level)];

/** Each list holds at most this many items unless asked otherwise; the counts are always whole. */
export const DASHBOARD_LIST_LIMIT = 50;

/**
 * The dashboard of a department at `now`: the open deadlines it owes (dept_code: the task's
 * supervising department, or the approval department for the approval side's own deadlines),
 * counted whole, and the first `limit` of each list, nearest due first. The queries walk indexes
 * of open deadlines in due order (case_deadlines_dept_open_level, case_deadlines_dept_open), so a
 * department with thousands of open deadlines costs about what a small one does.
 */
export async function coordinatorDashboard(db: Db, dept: string, now: string | Date, limit = DASHBOARD_LIST_LIMIT): Promise<CoordinatorDashboard> {
  const at = new Date(now).toISOString();
  const warned = flaggedOrPassed(caseDeadlines.warned, caseDeadlines.warnAt, at);
  const overdue = flaggedOrPassed(caseDeadlines.overdue, caseDeadlines.dueAt, at);
  const open = and(eq(caseDeadlines.deptCode, dept), isNull(caseDeadlines.closedAt));
  const list = (condition: SQL) =>
    db
      .select({
        caseNo: caseDeadlines.caseNo,
        deadlineId: caseDeadlines.deadlineId,
        taskId: caseDeadlines.taskId,
        kind: sql<DeadlineKind>`${caseDeadlines.kind}`,
        divisionCode: caseDeadlines.divisionCode,
        handlingItem: cases.handlingItem,
        creditCode: cases.creditCode,
        applicantName: cases.applicantName,
        dueAt: caseDeadlines.dueAt,
        warnAt: caseDeadlines.warnAt,
        provisional: caseDeadlines.provisional,
        warned: flaggedOrPassedValue(caseDeadlines.warned, caseDeadlines.warnAt, at),
        overdue: flaggedOrPassedValue(caseDeadlines.overdue, caseDeadlines.dueAt, at),
        escalatedLevels: caseDeadlines.escalatedLevels,
        escalationLevel: caseDeadlines.escalationLevel,
      })
      .from(caseDeadlines)
      .leftJoin(cases, eq(cases.caseNo, caseDeadlines.caseNo))
      .where(and(open, condition))
      .orderBy(asc(caseDeadlines.dueAt), asc(caseDeadlines.caseNo), asc(caseDeadlines.deadlineId))
      .limit(limit);
  const countsQuery = db
    .select({
      level: caseDeadlines.escalationLevel,
      open: sql<number>`count(*)`.mapWith(Number),
      warning: sql<number>`count(*) filter (where ${warned} and not ${overdue})`.mapWith(Number),
      overdue: sql<number>`count(*) filter (where ${overdue})`.mapWith(Number),
    })
    .from(caseDeadlines)
    .where(open)
    .groupBy(caseDeadlines.escalationLevel);
  // Cases, not deadlines: a case that needs attention waits for withdrawal, its deadlines do not run.
  const attention = and(eq(cases.stage, 'needs_attention'), ofDept(dept));
  const attentionQuery = db
    .select({
      caseNo: cases.caseNo,
      mode: cases.mode,
      handlingItem: cases.handlingItem,
      creditCode: cases.creditCode,
      applicantName: cases.applicantName,
      step: cases.attentionStep,
      reason: cases.attentionReason,
      since: cases.attentionSince,
    })
    .from(cases)
    .where(attention)
    .orderBy(asc(cases.attentionSince), asc(cases.caseNo))
    .limit(limit);
  const attentionCount = db.select({ n: count() }).from(cases).where(attention);
  const [firstLevel, secondLevel, ...laterLevels] = ESCALATION_STEPS.map((step) => list(eq(caseDeadlines.escalationLevel, step.level)));
  const [[attentionCounted], attentionRows, counted, warningRows, escalationRows, ...overdueRows] = await Promise.all([
    attentionCount,
    attentionQuery,
    countsQuery,
    list(sql`${warned} and not ${overdue}`),
    // Escalated at any level, merged from each level's first rows in due order: escalation starts
    // at the due time, so the earliest due has waited longest.
    unionAll(firstLevel!, secondLevel!, ...laterLevels)
      .orderBy(asc(caseDeadlines.dueAt), asc(caseDeadlines.caseNo), asc(caseDeadlines.deadlineId))
      .limit(limit),
    ...LEVEL_ORDER.map((level) => list(sql`${overdue} and ${eq(caseDeadlines.escalationLevel, level)}`)),
  ]);
  const calendar = counted.length > 0 ? await currentCalendar(db) : undefined;
  const items = (rows: typeof warningRows): DashboardItem[] =>
    rows.map((r) => ({
      ...r,
      handlingItem: r.handlingItem ?? '',
      creditCode: r.creditCode ?? '',
      applicantName: r.applicantName ?? '',
      workingDaysLeft: workingDaysLeft(calendar!, at, r.dueAt),
    }));
  const sum = (pick: (row: (typeof counted)[number]) => number) => counted.reduce((total, row) => total + pick(row), 0);
  return {
    dept,
    at,
    counts: {
      open: sum((r) => r.open),
      warning: sum((r) => r.warning),
      overdue: sum((r) => r.overdue),
      escalated: sum((r) => (r.level > 0 ? r.open : 0)),
      needsAttention: attentionCounted?.n ?? 0,
    },
    warnings: items(warningRows),
    overdueByLevel: LEVEL_ORDER.map((level, k) => ({ level, count: sum((r) => (r.level === level ? r.overdue : 0)), items: items(overdueRows[k]!) })),
    escalations: items(escalationRows),
    needsAttention: attentionRows,
  };
}
