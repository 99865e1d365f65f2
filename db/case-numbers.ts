// Queries of the case numbers taken (db/schema/case-numbers.ts): the claim a start makes before it
// asks Temporal, its confirmation once Temporal accepted, and its release when the start failed.
import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { canonicalCaseJson, type CaseInput } from '../domain/case.js';
import type { DbOrTx } from './audit.js';
import { caseNumbers } from './schema/index.js';

/** One taken case number. */
export type CaseNumberRow = typeof caseNumbers.$inferSelect;

/** What a start claims a number with. */
export interface CaseNumberClaim {
  caseNo: string;
  inputDigest: string;
  startedBy: string;
  workflowId: string;
}

/** SHA-256 (hex) of the input's canonical JSON: equal digests, same case. */
export function caseInputDigest(input: CaseInput): string {
  return createHash('sha256').update(canonicalCaseJson(input)).digest('hex');
}

/** The row of a case number, if it was ever taken. */
export async function findCaseNumber(db: DbOrTx, caseNo: string): Promise<CaseNumberRow | undefined> {
  const [row] = await db.select().from(caseNumbers).where(eq(caseNumbers.caseNo, caseNo));
  return row;
}

/**
 * Claims a free number (not yet started), or answers the row that holds it. The primary key
 * decides between concurrent claims: exactly one inserts.
 */
export async function claimCaseNumber(db: DbOrTx, claim: CaseNumberClaim): Promise<{ claimed: boolean; row: CaseNumberRow }> {
  // A holder may release between our insert and our read: then the number is free again.
  for (;;) {
    const [inserted] = await db.insert(caseNumbers).values(claim).onConflictDoNothing().returning();
    if (inserted) return { claimed: true, row: inserted };
    const held = await findCaseNumber(db, claim.caseNo);
    if (held) return { claimed: false, row: held };
  }
}

/**
 * Hands a number whose start never reached Temporal to another input; false when the holder
 * changed or started meanwhile.
 */
export async function takeOverCaseNumber(db: DbOrTx, held: CaseNumberRow, claim: CaseNumberClaim): Promise<boolean> {
  const taken = await db
    .update(caseNumbers)
    .set({ ...claim, startedAt: sql`now()`, workflowStarted: false })
    .where(and(eq(caseNumbers.caseNo, held.caseNo), eq(caseNumbers.inputDigest, held.inputDigest), eq(caseNumbers.workflowStarted, false)))
    .returning({ caseNo: caseNumbers.caseNo });
  return taken.length > 0;
}

/**
 * Marks the claim's workflow started. Written as an upsert: a concurrent identical start whose
 * own start failed may have released the row in between, and the workflow runs all the same.
 */
export async function confirmCaseNumber(db: DbOrTx, claim: CaseNumberClaim): Promise<void> {
  await db
    .insert(caseNumbers)
    .values({ ...claim, workflowStarted: true })
    .onConflictDoUpdate({ target: caseNumbers.caseNo, set: { workflowStarted: true }, where: eq(caseNumbers.inputDigest, claim.inputDigest) });
}

/** Frees a claim whose start failed, unless its workflow started after all (another request's start). */
export async function releaseCaseNumber(db: DbOrTx, claim: CaseNumberClaim): Promise<void> {
  await db
    .delete(caseNumbers)
    .where(and(eq(caseNumbers.caseNo, claim.caseNo), eq(caseNumbers.inputDigest, claim.inputDigest), eq(caseNumbers.workflowStarted, false)));
}

/**
 * Records what Temporal says runs under a number, over whatever the table held: for a case started
 * before this table existed, whose workflow is the only witness.
 */
export async function recordStartedCaseNumber(db: DbOrTx, row: CaseNumberClaim & { startedAt: string }): Promise<void> {
  const values = { ...row, workflowStarted: true };
  await db.insert(caseNumbers).values(values).onConflictDoUpdate({ target: caseNumbers.caseNo, set: values });
}

/**
 * Records the numbers of spot checks about to be started by the sampling run, keeping any number
 * already recorded (a retried draw, a re-run month). Recorded as started: the run starts each
 * child right after, and a re-run starts whatever an interrupted run did not (within retention,
 * Temporal's REJECT_DUPLICATE keeps it from starting one twice).
 */
export async function recordSpotCheckNumbers(db: DbOrTx, rows: (CaseNumberClaim & { startedAt: string })[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(caseNumbers)
    .values(rows.map((row) => ({ ...row, workflowStarted: true })))
    .onConflictDoNothing();
}
