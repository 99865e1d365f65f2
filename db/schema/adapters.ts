// What the default adapters keep besides the outbox: the licences the default e-licence check
// reads, and the enterprise's credit archive of dishonesty records (L11, L12).
import { bigserial, boolean, check, date, index, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { instant } from './instant.js';

/** Licences an enterprise holds (电子证照), maintained by region admins when no e-licence service is configured. */
export const licences = pgTable(
  'licences',
  {
    creditCode: text('credit_code').notNull(),
    licenceName: text('licence_name').notNull(),
    licenceNo: text('licence_no').notNull(),
    /** Last valid day (Asia/Shanghai); null = no expiry. */
    validUntil: date('valid_until', { mode: 'string' }),
    revoked: boolean('revoked').notNull().default(false),
  },
  // One licence of a name per enterprise: the check asks by name.
  (t) => [primaryKey({ name: 'licences_credit_code_licence_name', columns: [t.creditCode, t.licenceName] })],
);

/** The dishonesty events a credit record is pushed for (L11, L12). */
export const creditEvents = ['deferral_revoked', 'verification_revoked', 'licence_revoked'] as const;
/** One dishonesty event. */
export type CreditEvent = (typeof creditEvents)[number];

/** The enterprise's credit archive: one row per dishonesty event, pushed exactly once (L11, L12). */
export const creditRecords = pgTable(
  'credit_records',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** The event's idempotency key: a retried push writes nothing twice. */
    key: text('key').notNull().unique('credit_records_key'),
    creditCode: text('credit_code').notNull(),
    event: text('event').$type<CreditEvent>().notNull(),
    reason: text('reason').notNull(),
    decisionDocument: text('decision_document'),
    caseNo: text('case_no').notNull(),
    recordedAt: instant('recorded_at').notNull().default(sql`now()`),
  },
  (t) => [
    check('credit_records_event', sql`${t.event} in (${sql.raw(creditEvents.map((e) => `'${e}'`).join(', '))})`),
    // L13: everything of one enterprise is shown together, by its credit code.
    index('credit_records_credit_code').on(t.creditCode),
  ],
);
