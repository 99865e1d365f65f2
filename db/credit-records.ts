// Queries on the enterprise's credit archive (L11, L12), one exported function each.
import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from './audit.js';
import { creditRecords } from './schema/index.js';

/** A credit record row. */
export type CreditRecordRow = typeof creditRecords.$inferSelect;

/** Archives a dishonesty record unless its key is already there (exactly once per event). */
export async function archiveCreditRecord(db: DbOrTx, row: Omit<CreditRecordRow, 'id' | 'recordedAt'>): Promise<void> {
  await db.insert(creditRecords).values(row).onConflictDoNothing({ target: creditRecords.key });
}

/** The credit archive of an enterprise, oldest first. */
export async function listCreditRecords(db: DbOrTx, creditCode: string): Promise<CreditRecordRow[]> {
  return db.select().from(creditRecords).where(eq(creditRecords.creditCode, creditCode)).orderBy(asc(creditRecords.id));
}
