// Queries on the outbox, one exported function each. A message is recorded once per key and
// moves recorded → delivered, or → failed (retried by the relay) → delivered, or → dead.
import { and, asc, count, desc, eq, inArray, lte, ne, sql } from 'drizzle-orm';
import { regionPrefix } from '../domain/access.js';
import type { DbOrTx } from './audit.js';
import { withinRegion } from './region-filter.js';
import { cases, outbox, type OutboxChannel } from './schema/index.js';

/** An outbox row. */
export type OutboxRow = typeof outbox.$inferSelect;

/** What a message is recorded with. */
export type NewOutboxMessage = Pick<OutboxRow, 'key' | 'channel' | 'recipient' | 'purpose' | 'why' | 'caseNo' | 'payload'> &
  Partial<Pick<OutboxRow, 'address' | 'status' | 'lastError'>>;

/** Records a message unless its key is already there; answers the stored row either way. */
export async function recordMessage(db: DbOrTx, message: NewOutboxMessage): Promise<OutboxRow> {
  const [inserted] = await db.insert(outbox).values(message).onConflictDoNothing({ target: outbox.key }).returning();
  return inserted ?? (await findMessage(db, message.key))!;
}

/** One message by its key, or undefined. */
export async function findMessage(db: DbOrTx, key: string): Promise<OutboxRow | undefined> {
  const [row] = await db.select().from(outbox).where(eq(outbox.key, key));
  return row;
}

/** The messages of a case, oldest first. */
export async function listCaseMessages(db: DbOrTx, caseNo: string): Promise<OutboxRow[]> {
  return db.select().from(outbox).where(eq(outbox.caseNo, caseNo)).orderBy(outbox.id);
}

/** Marks a message delivered after a successful attempt, keeping what the receiver answered. */
export async function markDelivered(db: DbOrTx, id: number, response?: unknown): Promise<void> {
  await db
    .update(outbox)
    .set({ status: 'delivered', attempts: sql`${outbox.attempts} + 1`, deliveredAt: sql`now()`, lastError: null, ...(response !== undefined ? { response } : {}) })
    .where(eq(outbox.id, id));
}

/**
 * Records a failed attempt: tried again from `retryAt` (an ISO instant), or — null — a dead
 * letter. `error` is what ops see: no phone, no URL, no body.
 */
export async function markAttemptFailed(db: DbOrTx, id: number, error: string, retryAt: string | null): Promise<void> {
  // A concurrent attempt may have delivered it meanwhile: never turn delivered back.
  await db
    .update(outbox)
    .set({ status: retryAt ? 'failed' : 'dead', attempts: sql`${outbox.attempts} + 1`, lastError: error, ...(retryAt ? { nextAttemptAt: retryAt } : {}) })
    .where(and(eq(outbox.id, id), ne(outbox.status, 'delivered')));
}

/**
 * Claims up to `limit` messages of `channels` due at `now` for one relay, holding them until
 * `heldUntil` (pushed into next_attempt_at): a concurrent relay skips the rows being claimed
 * (`for update skip locked`) and finds the claimed ones not due, so no two relays send one at once.
 */
export async function claimDueMessages(db: DbOrTx, options: { channels: OutboxChannel[]; now: string; heldUntil: string; limit: number }): Promise<OutboxRow[]> {
  if (options.channels.length === 0) return [];
  // next_attempt_at keeps the database's microseconds, `now` only milliseconds: a message recorded
  // within the millisecond `now` names is due at it too.
  const dueBy = new Date(Date.parse(options.now) + 1).toISOString();
  const due = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(inArray(outbox.status, ['recorded', 'failed']), inArray(outbox.channel, options.channels), lte(outbox.nextAttemptAt, dueBy)))
    .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
    .limit(options.limit)
    .for('update', { skipLocked: true });
  return db.update(outbox).set({ nextAttemptAt: options.heldUntil }).where(inArray(outbox.id, due)).returning();
}

/** What ops see of a dead letter: where it was going and why it stopped; never the address or the payload. */
export type DeadLetter = Pick<OutboxRow, 'id' | 'key' | 'channel' | 'recipient' | 'purpose' | 'why' | 'caseNo' | 'attempts' | 'lastError' | 'createdAt'>;

/**
 * The dead letters of the cases within `region`, newest first, up to `limit`, and how many there
 * are. A row carries its case only: the region is the case's in the read model, and a message of
 * a case not (yet) projected is seen from the whole country only.
 */
export async function listDeadLetters(db: DbOrTx, region: string, limit: number): Promise<{ total: number; items: DeadLetter[] }> {
  const where = and(eq(outbox.status, 'dead'), regionPrefix(region) === '' ? undefined : withinRegion(cases.region, region));
  const [items, [counted]] = await Promise.all([
    db
      .select({
        id: outbox.id,
        key: outbox.key,
        channel: outbox.channel,
        recipient: outbox.recipient,
        purpose: outbox.purpose,
        why: outbox.why,
        caseNo: outbox.caseNo,
        attempts: outbox.attempts,
        lastError: outbox.lastError,
        createdAt: outbox.createdAt,
      })
      .from(outbox)
      .leftJoin(cases, eq(cases.caseNo, outbox.caseNo))
      .where(where)
      .orderBy(desc(outbox.id))
      .limit(limit),
    db.select({ total: count() }).from(outbox).leftJoin(cases, eq(cases.caseNo, outbox.caseNo)).where(where),
  ]);
  return { total: counted?.total ?? 0, items };
}

/** Keeps the answer a message got without being sent (the default licence check's result). */
export async function saveResponse(db: DbOrTx, id: number, response: unknown): Promise<void> {
  await db.update(outbox).set({ response }).where(eq(outbox.id, id));
}

/** A message as the re-queue of a dead letter sees it: its status, and the region of its case (null when the case is not projected yet). */
export async function findMessagePlace(db: DbOrTx, id: number): Promise<{ id: number; key: string; status: OutboxRow['status']; attempts: number; lastError: string | null; region: string | null } | undefined> {
  const [row] = await db
    .select({ id: outbox.id, key: outbox.key, status: outbox.status, attempts: outbox.attempts, lastError: outbox.lastError, region: cases.region })
    .from(outbox)
    .leftJoin(cases, eq(cases.caseNo, outbox.caseNo))
    .where(eq(outbox.id, id));
  return row;
}

/**
 * Puts a dead letter back to the relay: failed, no attempts, due now. Answers the row, or
 * undefined when it is not (or no longer) dead — a concurrent re-queue got there first.
 */
export async function requeueDeadLetter(db: DbOrTx, id: number): Promise<OutboxRow | undefined> {
  const [row] = await db
    .update(outbox)
    .set({ status: 'failed', attempts: 0, nextAttemptAt: sql`now()` })
    .where(and(eq(outbox.id, id), eq(outbox.status, 'dead')))
    .returning();
  return row;
}
