// Queries on the cases read model, one exported function each.
import { eq, inArray, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { cases } from './schema/index.js';

/** A row of the cases read model. */
export type CaseRow = typeof cases.$inferSelect;
/** What the workflow projected before it projected its whole view (kept for cases started then). */
export type CaseProjection = Pick<CaseRow, 'caseNo' | 'region' | 'approvalDept' | 'creditCode' | 'mode' | 'stage' | 'startedAt'>;

/** Writes a case's projection; idempotent, so a retried activity writes nothing twice. */
export async function upsertCase(db: Db, row: CaseProjection): Promise<void> {
  await db
    .insert(cases)
    .values(row)
    // A stored view (a backfilled snapshot) is older than this stage: readers then ask the workflow.
    .onConflictDoUpdate({ target: cases.caseNo, set: { stage: row.stage, view: null, updatedAt: sql`now()` } });
}

/** Finds one case's row, or undefined. */
export async function findCase(db: Db, caseNo: string): Promise<CaseRow | undefined> {
  const [row] = await db.select().from(cases).where(eq(cases.caseNo, caseNo));
  return row;
}

/** The region of each of these cases the read model holds (case number → region code). */
export async function caseRegions(db: Db, caseNos: readonly string[]): Promise<Map<string, string>> {
  if (caseNos.length === 0) return new Map();
  const rows = await db.select({ caseNo: cases.caseNo, region: cases.region }).from(cases).where(inArray(cases.caseNo, [...caseNos]));
  return new Map(rows.map((row) => [row.caseNo, row.region]));
}
