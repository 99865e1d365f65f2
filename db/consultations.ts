// Consultation meetings (会商, D 三) and half-year summaries (工作小结), one exported function each.
import { and, asc, eq, gte, inArray, lt, type SQL } from 'drizzle-orm';
import type { ConsultationRecord, FollowUp } from '../domain/consultations.js';
import type { DbOrTx } from './audit.js';
import { withinRegion } from './region-filter.js';
import { consultations, halfYearSummaries, people } from './schema/index.js';

/** A meeting to record. */
export type NewConsultation = Omit<ConsultationRecord, 'id' | 'recordedAt'>;

/** Which meetings to list. */
export interface ConsultationFilter {
  region: string;
  /** Held on or after (YYYY-MM-DD). */
  from?: string | undefined;
  /** Held before (YYYY-MM-DD, excluded). */
  to?: string | undefined;
  /** Convened by, or attended by, this department. */
  dept?: string | undefined;
}

/** Records a meeting. */
export async function insertConsultation(db: DbOrTx, row: NewConsultation): Promise<ConsultationRecord> {
  const [saved] = await db.insert(consultations).values(row).returning();
  return saved!;
}

/** One meeting, or undefined. */
export async function findConsultation(db: DbOrTx, id: number): Promise<ConsultationRecord | undefined> {
  const [row] = await db.select().from(consultations).where(eq(consultations.id, id));
  return row;
}

/** Meetings of a region, by date held then id. */
export async function listConsultations(db: DbOrTx, filter: ConsultationFilter): Promise<ConsultationRecord[]> {
  const conditions: (SQL | undefined)[] = [
    withinRegion(consultations.region, filter.region),
    filter.from ? gte(consultations.heldOn, filter.from) : undefined,
    filter.to ? lt(consultations.heldOn, filter.to) : undefined,
  ];
  const rows = await db.select().from(consultations).where(and(...conditions)).orderBy(asc(consultations.heldOn), asc(consultations.id));
  // Attendance lives in a JSON list; a region's meetings are few, so this filter runs here.
  return filter.dept ? rows.filter((r) => r.convenedBy === filter.dept || r.participants.some((p) => p.deptCode === filter.dept)) : rows;
}

/** Replaces a meeting's follow-ups (one marked done or not). */
export async function updateFollowUps(db: DbOrTx, id: number, followUps: FollowUp[]): Promise<ConsultationRecord> {
  const [saved] = await db.update(consultations).set({ followUps }).where(eq(consultations.id, id)).returning();
  return saved!;
}

/** People by id: their department and region (no names, no phones). */
export async function peopleByIds(db: DbOrTx, ids: readonly string[]): Promise<Map<string, { deptCode: string | null; region: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: people.id, deptCode: people.deptCode, region: people.region }).from(people).where(inArray(people.id, [...ids]));
  return new Map(rows.map((r) => [r.id, { deptCode: r.deptCode, region: r.region }]));
}

/** A half-year summary row. */
export type SummaryRow = typeof halfYearSummaries.$inferSelect;

/** One unit's summary of a half year, or undefined. */
export async function findSummary(db: DbOrTx, deptCode: string, year: number, half: number): Promise<SummaryRow | undefined> {
  const [row] = await db
    .select()
    .from(halfYearSummaries)
    .where(and(eq(halfYearSummaries.deptCode, deptCode), eq(halfYearSummaries.year, year), eq(halfYearSummaries.half, half)));
  return row;
}

/** Files or replaces a unit's summary of a half year. */
export async function upsertSummary(db: DbOrTx, row: Pick<SummaryRow, 'deptCode' | 'year' | 'half' | 'region' | 'summary' | 'filedBy'>): Promise<SummaryRow> {
  const filedAt = new Date().toISOString();
  const [saved] = await db
    .insert(halfYearSummaries)
    .values({ ...row, filedAt })
    .onConflictDoUpdate({
      target: [halfYearSummaries.deptCode, halfYearSummaries.year, halfYearSummaries.half],
      set: { summary: row.summary, filedBy: row.filedBy, region: row.region, filedAt },
    })
    .returning();
  return saved!;
}

/** The summaries filed for a half year by units of a region. */
export async function listSummaries(db: DbOrTx, region: string, year: number, half: number): Promise<SummaryRow[]> {
  return db
    .select()
    .from(halfYearSummaries)
    .where(and(withinRegion(halfYearSummaries.region, region), eq(halfYearSummaries.year, year), eq(halfYearSummaries.half, half)))
    .orderBy(asc(halfYearSummaries.deptCode));
}
