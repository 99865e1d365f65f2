// Assessment (审管联动考核, D 四, L21): the per-department figures the 政务服务办 grades units on,
// computed from the recorded timeline, never typed in. Pure: the queries (db/assessment.ts) count,
// these rules define the period, the push due times, the rates and the rows.
import { FIRST_SUPPORTED_YEAR } from './calendar/supported-years.js';
import type { WorkingDayCalendar } from './calendar/working-day-calendar.js';
import { planDeadline, type DeadlineKind } from './case/deadlines.js';
import { noticeFigures, type NoticeCounts, type NoticeFigures } from './notice-letters.js';
import { problemFigures, type ProblemCounts, type ProblemFigures } from './problems.js';
import { NATIONAL_DEFAULT, requiredLimit } from './policy/linkage-policy.js';

/**
 * L9 即时推送 / D 一(一)1 及时推送 / D 一(三)1 实时推送: the documents ask for an immediate push and
 * name no number of days. Our measure: the push is timely when it went out by the end of the first
 * working day after the event that made it due (the decision; for a deferral the materials arriving,
 * for a failed check or missed materials the decision to let the approval stand). The national
 * default's limit (domain/policy), which both presets keep; a region's own is not read here yet.
 */
export const PUSH_WORKING_DAYS = requiredLimit(NATIONAL_DEFAULT, 'push');

/** Deadlines a department owes itself; `materials` and `rectification` are the applicant's. */
export const departmentDeadlineKinds: readonly DeadlineKind[] = ['view', 'postCheckStart', 'postCheckFinish', 'inspectionResult', 'revocationProposal'];

/** A period of Asia/Shanghai dates [from, to), with the instants that bound it. */
export interface AssessmentPeriod {
  from: string;
  to: string;
  /** 00:00 +08:00 of `from`, as an ISO instant. */
  fromInstant: string;
  /** 00:00 +08:00 of `to` (excluded), as an ISO instant. */
  toInstant: string;
}

/** 00:00 of a Shanghai date as an ISO instant. */
export const shanghaiMidnight = (date: string): string => new Date(`${date}T00:00:00+08:00`).toISOString();

/** The next Shanghai civil date. */
export function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** A period, or the problems with it (field names as in the query string). */
export function assessmentPeriod(from: string, to: string): { period: AssessmentPeriod } | { problems: { field: string; rule: string; message: string }[] } {
  const problems: { field: string; rule: string; message: string }[] = [];
  if (Number(from.slice(0, 4)) < FIRST_SUPPORTED_YEAR) {
    problems.push({ field: 'from', rule: 'calendar', message: `统计起始日期不能早于 ${FIRST_SUPPORTED_YEAR}-01-01（工作日历自该年起）` });
  }
  if (to <= from) problems.push({ field: 'to', rule: 'after', message: `统计截止日期（不含）${to} 须晚于起始日期 ${from}` });
  if (problems.length > 0) return { problems };
  return { period: { from, to, fromInstant: shanghaiMidnight(from), toInstant: shanghaiMidnight(to) } };
}

/**
 * The push due time for every Shanghai date from `firstDay` to `lastDay` (both included), in order:
 * an event on that day must be pushed by the end of the PUSH_WORKING_DAYS-th working day after it.
 * The query looks a case's due time up by its event day, so every event day of the period answers.
 */
export function pushDueByDay(calendar: WorkingDayCalendar, firstDay: string, lastDay: string): string[] {
  const dues: string[] = [];
  for (let day = firstDay; day <= lastDay; day = nextDate(day)) {
    dues.push(planDeadline(calendar, { start: `${day}T12:00:00+08:00`, workingDays: PUSH_WORKING_DAYS }).dueAt);
  }
  return dues;
}

/** Counts of one timeliness indicator. */
export interface IndicatorCounts {
  inTime: number;
  late: number;
  /** Not done yet and not yet due (not counted in the rate). */
  pending: number;
}

/** One timeliness indicator: counts, what was due (inTime + late), and the on-time rate. */
export interface Indicator extends IndicatorCounts {
  due: number;
  /** inTime / due, 4 decimals; null when nothing was due. */
  rate: number | null;
}

/** An indicator from its counts. */
export function indicator(counts: IndicatorCounts): Indicator {
  const due = counts.inTime + counts.late;
  return { ...counts, due, rate: due === 0 ? null : Math.round((counts.inTime / due) * 10_000) / 10_000 };
}

/** What the approval-side query counts for one department (cases decided in the period). */
export interface ApprovalCounts {
  deptCode: string;
  casesDecided: number;
  pushInTime: number;
  pushLate: number;
  pushPending: number;
}

/** What the supervision-side query counts for one department (tasks pushed in the period). */
export interface SupervisionCounts {
  deptCode: string;
  tasksPushed: number;
  viewInTime: number;
  viewLate: number;
  viewPending: number;
  checkStartInTime: number;
  checkStartLate: number;
  checkStartPending: number;
  checkFinishInTime: number;
  checkFinishLate: number;
  checkFinishPending: number;
  results: number;
  lateResults: number;
}

/** Events counted by when they happened (in the period), per department. */
export interface EventCounts {
  deptCode: string;
  rectificationsOrdered: number;
  revocationsProposed: number;
  revoked: number;
  declined: number;
}

/** Overdue deadlines (due in the period) of a department, by the last escalation level reached. */
export interface OverdueCounts {
  deptCode: string;
  level: number;
  count: number;
}

/** A department as the row names it. */
export interface AssessedDepartment {
  code: string;
  name: string;
  region: string;
  side: 'approval' | 'supervision' | 'both';
}

/** Approval-side figures (审批部门). */
export interface ApprovalFigures {
  casesDecided: number;
  /** L9 / D 一(一)1: pushed by the end of the first working day after it became due. */
  push: Indicator;
  /** Revocation proposals received in the period (D 一(二)2), and decisions made in it. */
  revocationsProposed: number;
  revoked: number;
  declined: number;
}

/** Overdue counts: total, and by the last escalation level reached (2 at the deadline, 1 one working day late, 3 three). */
export interface OverdueFigures {
  total: number;
  level2: number;
  level1: number;
  level3: number;
}

/** Supervision-side figures (监管部门). */
export interface SupervisionFigures {
  tasksPushed: number;
  /** L9: tasks viewed within 3 working days of the push (not post-checks). */
  view: Indicator;
  /** D 一(三)2: post-checks / spot checks started within 1 working day of the decision. */
  checkStart: Indicator;
  /** D 一(三)2: …and finished (first result recorded) within 10. */
  checkFinish: Indicator;
  /** L10: inspection results recorded within 5 working days of the inspection. */
  results: Indicator;
  overdue: OverdueFigures;
  rectificationsOrdered: number;
  revocationsProposed: number;
  revoked: number;
  declined: number;
}

/** One department's row. */
export interface AssessmentRow {
  deptCode: string;
  deptName: string;
  region: string;
  side: AssessedDepartment['side'];
  approval: ApprovalFigures | null;
  supervision: SupervisionFigures | null;
  /** Spot-check findings and notice letters (告知函, D 四 2), whatever the side. */
  notices: NoticeFigures;
  /** Coordinators' problem records raised by the department (D 四 3(2)). */
  problems: ProblemFigures;
}

/** What the queries answered, for assembling rows. */
export interface AssessmentCounts {
  approval: readonly ApprovalCounts[];
  supervision: readonly SupervisionCounts[];
  /** Grouped by the supervising department. */
  supervisionEvents: readonly EventCounts[];
  /** Grouped by the approval department (proposals it received, decisions it made). */
  approvalEvents: readonly EventCounts[];
  overdue: readonly OverdueCounts[];
  /** Spot-check findings and notice letters per department (D 四 2); none when absent. */
  notices?: readonly NoticeCounts[];
  /** Coordinators' problem records, by the raising department (D 四 3(2)). */
  problems?: readonly ProblemCounts[];
}

const byDept = <T extends { deptCode: string }>(rows: readonly T[]) => new Map(rows.map((r) => [r.deptCode, r]));

/**
 * One row per department, by code: approval figures for approval-side departments, supervision
 * figures for supervision-side ones (both for `both`), and for any department whose figures show
 * it acted on the other side too.
 */
export function assessmentRows(departments: readonly AssessedDepartment[], counts: AssessmentCounts): AssessmentRow[] {
  const approval = byDept(counts.approval);
  const supervision = byDept(counts.supervision);
  const supervisionEvents = byDept(counts.supervisionEvents);
  const approvalEvents = byDept(counts.approvalEvents);
  const notices = byDept(counts.notices ?? []);
  return [...departments]
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    .map((dept) => {
      const a = approval.get(dept.code);
      const ae = approvalEvents.get(dept.code);
      const s = supervision.get(dept.code);
      const se = supervisionEvents.get(dept.code);
      const overdue = counts.overdue.filter((o) => o.deptCode === dept.code);
      const approvalSide = dept.side !== 'supervision' || a !== undefined || ae !== undefined;
      const supervisionSide = dept.side !== 'approval' || s !== undefined || se !== undefined || overdue.length > 0;
      return {
        deptCode: dept.code,
        deptName: dept.name,
        region: dept.region,
        side: dept.side,
        approval: approvalSide
          ? {
              casesDecided: a?.casesDecided ?? 0,
              push: indicator({ inTime: a?.pushInTime ?? 0, late: a?.pushLate ?? 0, pending: a?.pushPending ?? 0 }),
              revocationsProposed: ae?.revocationsProposed ?? 0,
              revoked: ae?.revoked ?? 0,
              declined: ae?.declined ?? 0,
            }
          : null,
        supervision: supervisionSide
          ? {
              tasksPushed: s?.tasksPushed ?? 0,
              view: indicator({ inTime: s?.viewInTime ?? 0, late: s?.viewLate ?? 0, pending: s?.viewPending ?? 0 }),
              checkStart: indicator({ inTime: s?.checkStartInTime ?? 0, late: s?.checkStartLate ?? 0, pending: s?.checkStartPending ?? 0 }),
              checkFinish: indicator({ inTime: s?.checkFinishInTime ?? 0, late: s?.checkFinishLate ?? 0, pending: s?.checkFinishPending ?? 0 }),
              // Results are counted once recorded: none is pending.
              results: indicator({ inTime: (s?.results ?? 0) - (s?.lateResults ?? 0), late: s?.lateResults ?? 0, pending: 0 }),
              overdue: overdueFigures(overdue),
              rectificationsOrdered: se?.rectificationsOrdered ?? 0,
              revocationsProposed: se?.revocationsProposed ?? 0,
              revoked: se?.revoked ?? 0,
              declined: se?.declined ?? 0,
            }
          : null,
        notices: noticeFigures(notices.get(dept.code)),
        problems: problemFigures(counts.problems ?? [], dept.code),
      };
    });
}

function overdueFigures(rows: readonly OverdueCounts[]): OverdueFigures {
  const at = (level: number) => rows.filter((r) => r.level === level).reduce((n, r) => n + r.count, 0);
  return { total: rows.reduce((n, r) => n + r.count, 0), level2: at(2), level1: at(1), level3: at(3) };
}
