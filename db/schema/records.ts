// The audit trail of every change made through the API, the official calendar years loaded by
// admins, and domain events for other parts of the system to act on.
import { bigserial, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { instant } from './instant.js';

/** Who changed what, when and why (全程留痕). */
export const auditLog = pgTable('audit_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: instant('at').notNull().default(sql`now()`),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  entity: text('entity').notNull(),
  entityId: text('entity_id').notNull(),
  reason: text('reason'),
  /** The new state (or the import summary); never personal data beyond what the entity holds. */
  details: jsonb('details'),
});

/** Official working-day arrangements loaded for a year (国务院办公厅关于YYYY年部分节假日安排的通知). */
export const calendarYears = pgTable('calendar_years', {
  year: integer('year').primaryKey(),
  arrangement: jsonb('arrangement').notNull(),
  loadedBy: text('loaded_by').notNull(),
  loadedAt: instant('loaded_at').notNull().default(sql`now()`),
});

/** Domain events (e.g. `calendar.year-loaded`) for consumers such as provisional-deadline recompute. */
export const domainEvents = pgTable('domain_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  type: text('type').notNull(),
  payload: jsonb('payload').notNull(),
  at: instant('at').notNull().default(sql`now()`),
  processedAt: instant('processed_at'),
});
