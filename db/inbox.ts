// A division's inbox (处室待办, D 二): its open supervision tasks from the read model, nearest
// deadline first, with the working days each deadline leaves, a page at a time (a busy division
// holds well over a thousand open tasks). Never asks Temporal.
import { and, count, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { WorkingDayCalendar } from '../domain/calendar/working-day-calendar.js';
import type { DeadlineKind } from '../domain/case/deadlines.js';
import type { CaseMode } from '../domain/case.js';
import type { TaskStatus } from '../domain/case/task.js';
import { workingDaysLeft } from '../domain/working-days-left.js';
import { createCalendarSource, type CalendarSource } from './calendar.js';
import type { Db } from './client.js';
import { flaggedOrPassedValue } from './deadline-clock.js';
import { decodeCursor, encodeCursor } from './keyset-cursor.js';
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

/** Which page of which division's inbox. */
export interface InboxQuery {
  divisionCode: string;
  /** Only open tasks in this status. */
  status?: TaskStatus;
  /** The opaque cursor of the previous page's nextCursor. */
  cursor?: string;
  /** Page size, 50 when absent (the route caps it at 200). */
  limit?: number;
}

/** A page of the inbox: `total` open tasks (of the status asked for) in all; nextCursor is null on the last page. */
export interface InboxPage {
  total: number;
  items: InboxTask[];
  nextCursor: string | null;
}

// The sort key: the nearest open deadline, tasks without one after all others ('infinity'), then
// the task ID. The same expression as index case_tasks_division_open_due, so a page reads only its rows.
const dueKey = sql`coalesce(${caseTasks.nextDueAt}, 'infinity'::timestamptz)`;

/**
 * One page of the open tasks (closed_at null) of a division, nearest deadline first, optionally of
 * one status; throws BadCursorError (db/keyset-cursor.ts) for a cursor it cannot read.
 */
export async function divisionInbox(db: Db, query: InboxQuery, now: string | Date): Promise<InboxPage> {
  const at = new Date(now).toISOString();
  const limit = query.limit ?? 50;
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const open: SQL[] = [eq(caseTasks.divisionCode, query.divisionCode), isNull(caseTasks.closedAt)];
  if (query.status) open.push(eq(caseTasks.status, query.status));
  // The nearest deadline's provisional flag lives on the deadline row; a task may have two open
  // deadlines of one kind and due time (two inspections on a day), hence bool_or.
  const provisional = sql<boolean | null>`(
    select bool_or(${caseDeadlines.provisional}) from ${caseDeadlines}
    where ${caseDeadlines.caseNo} = ${caseTasks.caseNo} and ${caseDeadlines.taskId} = ${caseTasks.taskId}
      and ${caseDeadlines.closedAt} is null and ${caseDeadlines.dueAt} = ${caseTasks.nextDueAt})`;
  const pageQuery = db
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
      overdue: flaggedOrPassedValue(caseTasks.overdue, caseTasks.nextDueAt, at),
      nextDueOverdue: flaggedOrPassedValue(sql`false`, caseTasks.nextDueAt, at),
      escalationLevel: caseTasks.escalationLevel,
      position: sql<string>`${dueKey}::text`,
    })
    .from(caseTasks)
    .leftJoin(cases, eq(cases.caseNo, caseTasks.caseNo))
    .where(and(...open, after === undefined ? undefined : sql`(${dueKey}, ${caseTasks.taskId}) > (${after.at}::timestamptz, ${after.id})`))
    .orderBy(dueKey, caseTasks.taskId)
    .limit(limit + 1);
  const [rows, [counted]] = await Promise.all([pageQuery, db.select({ total: count() }).from(caseTasks).where(and(...open))]);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const nextCursor = rows.length > limit && last ? encodeCursor({ at: last.position, id: last.taskId }) : null;
  const calendar = page.some((r) => r.nextDueAt) ? await currentCalendar(db) : undefined;
  const items = page.map(({ nextDueAt, nextDueKind, nextDueOverdue, provisional: prov, handlingItem, applicantName, position: _position, ...row }) => ({
    ...row,
    handlingItem: handlingItem ?? '',
    applicantName: applicantName ?? '',
    ...(nextDueAt && nextDueKind
      ? { nextDeadline: { kind: nextDueKind, dueAt: nextDueAt, provisional: prov ?? false, overdue: nextDueOverdue, workingDaysLeft: workingDaysLeft(calendar!, at, nextDueAt) } }
      : {}),
  }));
  return { total: counted?.total ?? 0, items, nextCursor };
}
