// The figures ops watch, counted whole across all regions: open tasks, open deadlines by
// escalation level, and the outbox's undelivered messages. Each query walks a partial index of
// open (or undelivered) rows only, so the cost follows what is open, not the history.
import { count, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { flaggedOrPassed } from './deadline-clock.js';
import { caseDeadlines, caseTasks, outbox } from './schema/index.js';
import type { OutboxChannel, OutboxStatus } from './schema/outbox.js';

/** Where an open deadline stands: overdue (超期), warned (即将超期), or neither yet. */
export type DeadlineState = 'overdue' | 'warned' | 'pending';

/** The counts at one instant. */
export interface OpsFigures {
  openTasks: { status: string; count: number }[];
  openDeadlines: { level: number; state: DeadlineState; count: number }[];
  /** Messages not delivered (recorded, failed, dead), by channel and status. */
  undelivered: { channel: OutboxChannel; status: Exclude<OutboxStatus, 'delivered'>; count: number }[];
}

/** Counts the open tasks, open deadlines and undelivered messages at `now`. */
export async function opsFigures(db: Db, now: Date): Promise<OpsFigures> {
  const at = now.toISOString();
  // As the coordinator's dashboard counts them (db/dashboard.ts): flagged, or past the time.
  const overdue = flaggedOrPassed(caseDeadlines.overdue, caseDeadlines.dueAt, at);
  const warned = flaggedOrPassed(caseDeadlines.warned, caseDeadlines.warnAt, at);
  const [tasks, deadlines, messages] = await Promise.all([
    db.select({ status: caseTasks.status, count: count() }).from(caseTasks).where(isNull(caseTasks.closedAt)).groupBy(caseTasks.status),
    db
      .select({
        level: caseDeadlines.escalationLevel,
        overdue: sql<number>`count(*) filter (where ${overdue})`.mapWith(Number),
        warned: sql<number>`count(*) filter (where ${warned} and not ${overdue})`.mapWith(Number),
        open: count(),
      })
      .from(caseDeadlines)
      .where(isNull(caseDeadlines.closedAt))
      .groupBy(caseDeadlines.escalationLevel),
    db
      .select({ channel: outbox.channel, status: outbox.status, count: count() })
      .from(outbox)
      .where(ne(outbox.status, 'delivered'))
      .groupBy(outbox.channel, outbox.status),
  ]);
  return {
    openTasks: tasks,
    openDeadlines: deadlines.flatMap(({ level, overdue: late, warned: soon, open }) => [
      { level, state: 'overdue' as const, count: late },
      { level, state: 'warned' as const, count: soon },
      { level, state: 'pending' as const, count: open - late - soon },
    ]),
    undelivered: messages.map((m) => ({ ...m, status: m.status as Exclude<OutboxStatus, 'delivered'> })),
  };
}
