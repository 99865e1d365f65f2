// Queries on the outbox, one exported function each. A message is recorded once per key and
// moves recorded → delivered, or → failed (retried by the relay) → delivered, or → dead.
import { and, asc, desc, eq, gt, inArray, lte, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from './audit.js';
import { outbox, type OutboxChannel } from './schema/index.js';

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
  const due = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(inArray(outbox.status, ['recorded', 'failed']), inArray(outbox.channel, options.channels), lte(outbox.nextAttemptAt, options.now)))
    .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
    .limit(options.limit)
    .for('update', { skipLocked: true });
  return db.update(outbox).set({ nextAttemptAt: options.heldUntil }).where(inArray(outbox.id, due)).returning();
}

/** What ops see of a dead letter: where it was going and why it stopped; never the address or the payload. */
export type DeadLetter = Pick<OutboxRow, 'id' | 'key' | 'channel' | 'recipient' | 'purpose' | 'why' | 'caseNo' | 'attempts' | 'lastError' | 'createdAt' | 'nextAttemptAt'>;

/** The dead letters, newest first, up to `limit`. */
export async function listDeadLetters(db: DbOrTx, limit: number): Promise<DeadLetter[]> {
  return db
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
      nextAttemptAt: outbox.nextAttemptAt,
    })
    .from(outbox)
    .where(eq(outbox.status, 'dead'))
    .orderBy(desc(outbox.id))
    .limit(limit);
}

/** How many dead letters there are. */
export async function countDeadLetters(db: DbOrTx): Promise<number> {
  return db.$count(outbox, eq(outbox.status, 'dead'));
}

/**
 * Puts a dead letter back in the relay's queue with its attempts counted afresh; answers whether
 * it did. Only one the relay gave up on (attempts > 0): one nobody can receive has nowhere to go.
 */
export async function requeueDeadLetter(db: DbOrTx, id: number): Promise<boolean> {
  const rows = await db
    .update(outbox)
    .set({ status: 'failed', attempts: 0, nextAttemptAt: sql`now()` })
    .where(and(eq(outbox.id, id), eq(outbox.status, 'dead'), gt(outbox.attempts, 0)))
    .returning({ id: outbox.id });
  return rows.length > 0;
}

/** Keeps the answer a message got without being sent (the default licence check's result). */
export async function saveResponse(db: DbOrTx, id: number, response: unknown): Promise<void> {
  await db.update(outbox).set({ response }).where(eq(outbox.id, id));
}
