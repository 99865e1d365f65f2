// The outbox: every message to an outside system (SMS gateway, supervision, credit, e-licence and
// approval platforms) recorded durably before it is sent, so nothing is lost and everything is
// visible (L9, Dongli 一(一)1). The unique key makes a retried activity record a message only once.
import { bigserial, check, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { instant } from './instant.js';

/** The outside systems a message goes to. */
export const outboxChannels = ['sms', 'supervision', 'credit', 'licence', 'approval'] as const;
/** One outside system. */
export type OutboxChannel = (typeof outboxChannels)[number];

/**
 * recorded: not (yet) sent; delivered: the receiver answered 2xx; failed: the last attempt failed
 * and the relay tries again at `next_attempt_at`; dead: it will not be sent (nobody to send to,
 * a refusal no retry mends, or too many attempts) — the dead letters ops look at.
 */
export const outboxStatuses = ['recorded', 'delivered', 'failed', 'dead'] as const;
/** Where a message stands. */
export type OutboxStatus = (typeof outboxStatuses)[number];

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/** One outbound message. `address` (a phone, for SMS) is personal data: fine here, never in logs. */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** The idempotency key of the event (sent as the Idempotency-Key header). */
    key: text('key').notNull().unique('outbox_key'),
    channel: text('channel').$type<OutboxChannel>().notNull(),
    /** A reference: person id, division code, `applicant`, or the platform's name. */
    recipient: text('recipient').notNull(),
    /** Where it goes when the reference is not enough (the applicant's or a person's phone). */
    address: text('address'),
    /** The template or event name. */
    purpose: text('purpose').notNull(),
    why: text('why').notNull(),
    caseNo: text('case_no').notNull(),
    payload: jsonb('payload').notNull(),
    /** What the receiver answered (the licence check's `{ ok, missing }`), so a retry returns the same. */
    response: jsonb('response'),
    status: text('status').$type<OutboxStatus>().notNull().default('recorded'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** When the relay may (next) try to send it; pushed back by each failed attempt and while a relay holds it. */
    nextAttemptAt: instant('next_attempt_at').notNull().default(sql`now()`),
    createdAt: instant('created_at').notNull().default(sql`now()`),
    deliveredAt: instant('delivered_at'),
  },
  (t) => [
    check('outbox_channel', sql`${t.channel} in (${inList(outboxChannels)})`),
    check('outbox_status', sql`${t.status} in (${inList(outboxStatuses)})`),
    index('outbox_case_no').on(t.caseNo),
    // Ops look for what is stuck: the messages not delivered.
    index('outbox_undelivered').on(t.createdAt).where(sql`${t.status} <> 'delivered'`),
    // The relay's queue: what is still to be sent, by when it is due.
    index('outbox_due').on(t.nextAttemptAt).where(sql`${t.status} in ('recorded', 'failed')`),
  ],
);
