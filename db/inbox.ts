// A division's inbox (处室待办, D 二): its open supervision tasks from the read model, nearest
// deadline first, with the working days each deadline leaves. Never asks Temporal.
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { WorkingDayCalendar } from '../domain/calendar/working-day-calendar.js';
import type { DeadlineKind } from '../domain/case/deadlines.js';
import type { CaseMode } from '../domain/case.js';
import type { TaskStatus } from '../domain/case/task.js';
import { workingDaysLeft } from '../domain/working-days-left.js';
import { createCalendarSource, type CalendarSource } from './calendar.js';
import type { Db } from './client.js';
import { caseDeadlines, cases, caseTasks } from './schema/index.js';

/** One open task as the division sees it. */
export interface InboxTask {
  taskId: string;
  caseNo: string;
  handlingItem: string;
  creditCode: string;
  applicantName: string;
  mode: CaseMode;
  approvalDept: string;
  supervisingDept: string;
  divisionCode: string;
  status: TaskStatus;
  notifiedAt: string;
  viewedAt: string | null;
  /** The task's nearest open deadline, absent when none is open. */
  nextDeadline?: { kind: DeadlineKind; dueAt: string; provisional: boolean; overdue: boolean; workingDaysLeft: number };
  /** Over all the task's open deadlines: a warning was sent (即将超期), one is overdue, the last escalation level reached. */
  warned: boolean;
  overdue: boolean;
  escalationLevel: number;
}

const sources = new WeakMap<Db, CalendarSource>();

/** The current working-day calendar of a database, one cached source per database handle. */
export async function currentCalendar(db: Db): Promise<WorkingDayCalendar> {
  let source = sources.get(db);
  if (!source) sources.set(db, (source = createCalendarSource(db)));
  return source.current();
}

/** Whether an open deadline has passed: as projected, or because the clock is past it (the projection follows the workflow's timer). */
export const isPast = (overdue: boolean, dueAt: string | null, now: string) => overdue || (dueAt !== null && Date.parse(dueAt) <= Date.parse(now));

/**
 * The open tasks (closed_at null) of a division, nearest deadline first (tasks without an open
 * deadline last, then by task ID), optionally of one status. Walks index case_tasks_division_due.
 */
export async function divisionInbox(db: Db, divisionCode: string, now: string | Date, status?: TaskStatus): Promise<InboxTask[]> {
  const at = new Date(now).toISOString();
  // The nearest deadline's provisional flag lives on the deadline row; a task may have two open
  // deadlines of one kind and due time (two inspections on a day), hence bool_or.
  const provisional = sql<boolean | null>`(
    select bool_or(${caseDeadlines.provisional}) from ${caseDeadlines}
    where ${caseDeadlines.caseNo} = ${caseTasks.caseNo} and ${caseDeadlines.taskId} = ${caseTasks.taskId}
      and ${caseDeadlines.closedAt} is null and ${caseDeadlines.dueAt} = ${caseTasks.nextDueAt})`;
  const rows = await db
    .select({
      taskId: caseTasks.taskId,
      caseNo: caseTasks.caseNo,
      handlingItem: cases.handlingItem,
      creditCode: caseTasks.creditCode,
      applicantName: cases.applicantName,
      mode: sql<CaseMode>`${caseTasks.mode}`,
      approvalDept: caseTasks.approvalDept,
      supervisingDept: caseTasks.supervisingDept,
      divisionCode: caseTasks.divisionCode,
      status: sql<TaskStatus>`${caseTasks.status}`,
      notifiedAt: caseTasks.notifiedAt,
      viewedAt: caseTasks.viewedAt,
      nextDueAt: caseTasks.nextDueAt,
      nextDueKind: sql<DeadlineKind | null>`${caseTasks.nextDueKind}`,
      provisional,
      warned: caseTasks.warned,
      overdue: caseTasks.overdue,
      escalationLevel: caseTasks.escalationLevel,
    })
    .from(caseTasks)
    .leftJoin(cases, eq(cases.caseNo, caseTasks.caseNo))
    .where(and(eq(caseTasks.divisionCode, divisionCode), isNull(caseTasks.closedAt), status ? eq(caseTasks.status, status) : undefined))
    .orderBy(sql`${caseTasks.nextDueAt} asc nulls last`, asc(caseTasks.taskId));
  const calendar = rows.some((r) => r.nextDueAt) ? await currentCalendar(db) : undefined;
  return rows.map(({ nextDueAt, nextDueKind, provisional: prov, handlingItem, applicantName, ...row }) => {
    const overdue = isPast(row.overdue, nextDueAt, at);
    return {
      ...row,
      handlingItem: handlingItem ?? '',
      applicantName: applicantName ?? '',
      ...(nextDueAt && nextDueKind
        ? {
            nextDeadline: {
              kind: nextDueKind,
              dueAt: nextDueAt,
              provisional: prov ?? false,
              overdue: isPast(false, nextDueAt, at),
              workingDaysLeft: workingDaysLeft(calendar!, at, nextDueAt),
            },
          }
        : {}),
      overdue,
    };
  });
}
