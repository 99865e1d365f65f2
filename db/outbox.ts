// Queries on the outbox, one exported function each. A message is recorded once per key and
// moves recorded → delivered, or → failed and (after a retried delivery) delivered.
import { and, eq, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from './audit.js';
import { outbox } from './schema/index.js';

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

/** Records a failed attempt; the message stays to be delivered by the next retry. */
export async function markAttemptFailed(db: DbOrTx, id: number, error: string): Promise<void> {
  // A concurrent attempt may have delivered it meanwhile: never turn delivered back.
  await db
    .update(outbox)
    .set({ status: 'failed', attempts: sql`${outbox.attempts} + 1`, lastError: error })
    .where(and(eq(outbox.id, id), ne(outbox.status, 'delivered')));
}

/** Keeps the answer a message got without being sent (the default licence check's result). */
export async function saveResponse(db: DbOrTx, id: number, response: unknown): Promise<void> {
  await db.update(outbox).set({ response }).where(eq(outbox.id, id));
}
