// Records from other systems about an enterprise (L13): the configured sources (the 12345 hotline,
// local supervision systems, provincial platforms) and what they sent, keyed by the unified social
// credit code, once per source record ID.
import { bigserial, boolean, check, date, index, jsonb, pgTable, text, unique } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { RaisedState, RaiseRule } from '../../domain/external-records.js';
import { instant } from './instant.js';

/** A system that sends records (数据来源), kept by the region admins of its region. */
export const externalSources = pgTable('external_sources', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  /** The region the source serves (6-digit code); its records belong there. */
  region: text('region').notNull(),
  /** The kinds of record it may send (domain/external-records.ts externalKinds). */
  kinds: jsonb('kinds').$type<string[]>().notNull(),
  /** What each kind raises when it arrives. */
  rules: jsonb('rules').$type<RaiseRule[]>().notNull().default(sql`'[]'::jsonb`),
  /** The HMAC-SHA256 key of its webhook: answered once when generated, never read back through the API, never logged. */
  secret: text('secret').notNull(),
  active: boolean('active').notNull().default(true),
  createdBy: text('created_by').notNull(),
  updatedAt: instant('updated_at').notNull().default(sql`now()`),
});

/** One record a source sent about an enterprise. */
export const externalRecords = pgTable(
  'external_records',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    source: text('source').notNull(),
    /** The source's own ID of the record: one record per source and ID (idempotency). */
    recordId: text('record_id').notNull(),
    creditCode: text('credit_code').notNull(),
    kind: text('kind').notNull(),
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    title: text('title').notNull(),
    summary: text('summary'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    /** SHA-256 of what the record says: the same ID with other content is refused (409). */
    digest: text('digest').notNull(),
    /** How it came: `webhook` or `csv`. */
    via: text('via').notNull(),
    receivedAt: instant('received_at').notNull().default(sql`now()`),
    /** What it raised: none, task (raisedRef = case number), problem (raisedRef = PR-<id>), or pending (to be tried again). */
    raised: text('raised').$type<RaisedState>().notNull().default('none'),
    raisedRef: text('raised_ref'),
    raisedNote: text('raised_note'),
  },
  (t) => [
    unique('external_records_source_record').on(t.source, t.recordId),
    check('external_records_raised', sql`${t.raised} in ('none', 'task', 'problem', 'pending')`),
    // L13: everything of one enterprise is shown together, by its credit code.
    index('external_records_credit_code').on(t.creditCode, t.occurredOn),
  ],
);
