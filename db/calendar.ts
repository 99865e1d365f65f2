// Official calendar years loaded by admins, and the working-day calendar built on them.
import { and, asc, count, eq, isNull, lte, max } from 'drizzle-orm';
import { createCalendar, type WorkingDayCalendar, type YearArrangement } from '../domain/calendar/index.js';
import { recordAudit, type AuditEntry } from './audit.js';
import type { Db } from './client.js';
import { calendarYears, domainEvents } from './schema/index.js';

/** A loaded year as stored. */
export type CalendarYearRow = typeof calendarYears.$inferSelect;

/** Every loaded year, oldest first. */
export async function listLoadedYears(db: Db): Promise<CalendarYearRow[]> {
  return db.select().from(calendarYears).orderBy(asc(calendarYears.year));
}

/** The event a load publishes. */
export const YEAR_LOADED = 'calendar.year-loaded';

/**
 * Stores a year's official arrangement (replacing an earlier load), records who loaded it, and
 * publishes `calendar.year-loaded` so open cases can recompute their provisional deadlines —
 * all in one transaction. Answers the event's id, marked processed once every case has taken it.
 */
export async function loadYear(db: Db, arrangement: YearArrangement, audit: Omit<AuditEntry, 'entity' | 'entityId' | 'action'>): Promise<{ replaced: boolean; eventId: number }> {
  return db.transaction(async (tx) => {
    const existing = await tx.select({ year: calendarYears.year }).from(calendarYears).where(eq(calendarYears.year, arrangement.year));
    await tx
      .insert(calendarYears)
      .values({ year: arrangement.year, arrangement, loadedBy: audit.actor })
      .onConflictDoUpdate({ target: calendarYears.year, set: { arrangement, loadedBy: audit.actor, loadedAt: new Date().toISOString() } });
    const [event] = await tx.insert(domainEvents).values({ type: YEAR_LOADED, payload: { year: arrangement.year } }).returning({ id: domainEvents.id });
    await recordAudit(tx, { ...audit, action: YEAR_LOADED, entity: 'calendar-year', entityId: String(arrangement.year), details: { notice: arrangement.notice } });
    return { replaced: existing.length > 0, eventId: event!.id };
  });
}

/** A year load whose cases have not all been told yet. */
export interface PendingYearLoad {
  eventId: number;
  year: number;
}

/** Year loads not yet processed and published at or before `until`, oldest first. */
export async function pendingYearLoads(db: Db, until: string): Promise<PendingYearLoad[]> {
  const rows = await db
    .select({ eventId: domainEvents.id, payload: domainEvents.payload })
    .from(domainEvents)
    .where(and(eq(domainEvents.type, YEAR_LOADED), isNull(domainEvents.processedAt), lte(domainEvents.at, until)))
    .orderBy(asc(domainEvents.id));
  return rows.map((row) => ({ eventId: row.eventId, year: (row.payload as { year: number }).year }));
}

/** Marks an event processed: every consumer has taken it. */
export async function markEventProcessed(db: Db, eventId: number): Promise<void> {
  await db.update(domainEvents).set({ processedAt: new Date().toISOString() }).where(eq(domainEvents.id, eventId));
}

/** Hands out the current calendar: the built-in years plus the loaded ones, rebuilt when a load changes them. */
export interface CalendarSource {
  current(): Promise<WorkingDayCalendar>;
}

/**
 * A calendar source over the database. Each call asks only for the loaded years' count and
 * latest load time (one tiny query), so every process sees a year another process loaded.
 */
export function createCalendarSource(db: Db): CalendarSource {
  let cached: { signature: string; calendar: WorkingDayCalendar } | undefined;
  return {
    async current() {
      const [stamp] = await db.select({ n: count(), latest: max(calendarYears.loadedAt) }).from(calendarYears);
      const signature = `${stamp?.n ?? 0}@${stamp?.latest ?? ''}`;
      if (cached?.signature !== signature) {
        const loaded = (await listLoadedYears(db)).map((row) => row.arrangement as YearArrangement);
        cached = { signature, calendar: createCalendar(loaded) };
      }
      return cached.calendar;
    },
  };
}
