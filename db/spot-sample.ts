// Candidates and details for the auditors' spot-check sample (随机抽查, D 四 2); the draw itself is
// domain/spot-sample.ts.
import { and, asc, eq, gte, inArray, lt, type SQL } from 'drizzle-orm';
import type { Db } from './client.js';
import { withinRegion } from './region-filter.js';
import { cases } from './schema/index.js';

/** Which handled cases may be drawn. */
export interface SpotSampleFilter {
  region: string;
  /** Only this approval department's cases. */
  dept?: string | undefined;
  /** Closed in [fromInstant, toInstant). */
  fromInstant: string;
  toInstant: string;
}

/** A drawn case as the auditor sees it. */
export type SampledCase = Pick<
  typeof cases.$inferSelect,
  'caseNo' | 'region' | 'approvalDept' | 'handlingItem' | 'creditCode' | 'applicantName' | 'mode' | 'outcome' | 'decidedAt' | 'closedAt'
>;

function conditions(filter: SpotSampleFilter): SQL | undefined {
  return and(
    withinRegion(cases.region, filter.region),
    filter.dept ? eq(cases.approvalDept, filter.dept) : undefined,
    eq(cases.stage, 'closed'),
    gte(cases.closedAt, filter.fromInstant),
    lt(cases.closedAt, filter.toInstant),
  );
}

/** The case numbers of the closed (handled) cases that may be drawn, in case-number order. */
export async function spotSampleCandidates(db: Db, filter: SpotSampleFilter): Promise<string[]> {
  const rows = await db.select({ caseNo: cases.caseNo }).from(cases).where(conditions(filter)).orderBy(asc(cases.caseNo));
  return rows.map((r) => r.caseNo);
}

/** The drawn cases, by case number. */
export async function sampledCases(db: Db, caseNos: readonly string[]): Promise<Map<string, SampledCase>> {
  if (caseNos.length === 0) return new Map();
  const rows = await db
    .select({
      caseNo: cases.caseNo,
      region: cases.region,
      approvalDept: cases.approvalDept,
      handlingItem: cases.handlingItem,
      creditCode: cases.creditCode,
      applicantName: cases.applicantName,
      mode: cases.mode,
      outcome: cases.outcome,
      decidedAt: cases.decidedAt,
      closedAt: cases.closedAt,
    })
    .from(cases)
    .where(inArray(cases.caseNo, [...caseNos]));
  return new Map(rows.map((r) => [r.caseNo, r]));
}
