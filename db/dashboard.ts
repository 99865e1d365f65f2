// The coordinator's dashboard (审管协调员看板, D 二): what a department owes and is late with, from
// the read model's open deadlines — warnings (即将超期), overdue items by escalation level, and
// the escalations waiting. Never asks Temporal.
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { ESCALATION_STEPS, type DeadlineKind } from '../domain/case/deadlines.js';
import { workingDaysLeft } from '../domain/working-days-left.js';
import type { Db } from './client.js';
import { currentCalendar, isPast } from './inbox.js';
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
  counts: { open: number; warning: number; overdue: number; escalated: number };
  /** Open, not yet due, warned (or past the warning time): 即将超期. Nearest first. */
  warnings: DashboardItem[];
  /** Open and past due, by escalation level in the order escalation runs (0 = not escalated yet, 2, 1, 3). */
  overdueByLevel: OverdueLevel[];
  /** Open deadlines escalated to a coordinator (level > 0), waiting longest first. */
  escalations: DashboardItem[];
}

/** The levels in the order lateness reaches them, 0 (none yet) first. */
const LEVEL_ORDER = [0, ...ESCALATION_STEPS.map((s) => s.level)];

/**
 * The dashboard of a department at `now`: every open deadline it owes (dept_code: the task's
 * supervising department, or the approval department for the approval side's own deadlines).
 * Reads index case_deadlines_dept_open (dept_code, closed_at, due_at) once, nearest first.
 */
export async function coordinatorDashboard(db: Db, dept: string, now: string | Date): Promise<CoordinatorDashboard> {
  const at = new Date(now).toISOString();
  const rows = await db
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
      warned: caseDeadlines.warned,
      overdue: caseDeadlines.overdue,
      escalatedLevels: caseDeadlines.escalatedLevels,
      escalationLevel: caseDeadlines.escalationLevel,
    })
    .from(caseDeadlines)
    .leftJoin(cases, eq(cases.caseNo, caseDeadlines.caseNo))
    .where(and(eq(caseDeadlines.deptCode, dept), isNull(caseDeadlines.closedAt)))
    .orderBy(asc(caseDeadlines.dueAt), asc(caseDeadlines.caseNo), asc(caseDeadlines.deadlineId));
  const calendar = rows.length > 0 ? await currentCalendar(db) : undefined;
  const items: DashboardItem[] = rows.map((r) => {
    const overdue = isPast(r.overdue, r.dueAt, at);
    return {
      ...r,
      handlingItem: r.handlingItem ?? '',
      creditCode: r.creditCode ?? '',
      applicantName: r.applicantName ?? '',
      // The workflow's timer sets the flags; the clock says the same a moment earlier.
      warned: r.warned || (r.warnAt !== null && Date.parse(r.warnAt) <= Date.parse(at)),
      overdue,
      workingDaysLeft: workingDaysLeft(calendar!, at, r.dueAt),
    };
  });
  const warnings = items.filter((i) => i.warned && !i.overdue);
  const overdue = items.filter((i) => i.overdue);
  const overdueByLevel = LEVEL_ORDER.map((level) => {
    const atLevel = overdue.filter((i) => i.escalationLevel === level);
    return { level, count: atLevel.length, items: atLevel };
  });
  // Rows come nearest due first, and escalation starts at the due time: the earliest due has waited longest.
  const escalations = items.filter((i) => i.escalationLevel > 0);
  return {
    dept,
    at,
    counts: { open: items.length, warning: warnings.length, overdue: overdue.length, escalated: escalations.length },
    warnings,
    overdueByLevel,
    escalations,
  };
}
