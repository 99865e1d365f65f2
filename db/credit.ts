// An enterprise's credit archive, as the credit pre-check reads it.
import { desc, eq } from 'drizzle-orm';
import { recordCounts } from '../domain/credit.js';
import type { DbOrTx } from './audit.js';
import { creditRecords } from './schema/index.js';

/** An enterprise's dishonesty records (newest first) and whether it is on the list now. */
export async function creditStanding(db: DbOrTx, creditCode: string, now: string) {
  const records = await db.select().from(creditRecords).where(eq(creditRecords.creditCode, creditCode)).orderBy(desc(creditRecords.recordedAt));
  return { dishonest: records.some((r) => recordCounts(r.recordedAt, now)), records };
}
