// Queries of the records other systems send about enterprises (L13): the configured sources, the
// records stored once per source record ID, the division responsible for an enterprise (its latest
// supervision task in the read model), and the records a portrait shows, by source.
import { createHash } from 'node:crypto';
import { and, asc, count, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { NATIONAL_REGION, regionPrefix } from '../domain/access.js';
import { externalRecordContent, type ExternalRecordInput, type RaisedState } from '../domain/external-records.js';
import type { DbOrTx } from './audit.js';
import { withinRegion } from './region-filter.js';
import { latestTaskFirst, taskTargetColumns } from './latest-task.js';
import { cases, caseTasks, externalRecords, externalSources } from './schema/index.js';

/** A source as stored, secret included: never answered as it is. */
export type ExternalSourceRow = typeof externalSources.$inferSelect;
/** One stored record. */
export type ExternalRecordRow = typeof externalRecords.$inferSelect;

/** SHA-256 (hex) of what a record says: stored with it, compared when its ID comes again. */
export function externalRecordDigest(record: ExternalRecordInput): string {
  return createHash('sha256').update(externalRecordContent(record)).digest('hex');
}

/** A source by its code. */
export async function findExternalSource(db: DbOrTx, code: string): Promise<ExternalSourceRow | undefined> {
  const [row] = await db.select().from(externalSources).where(eq(externalSources.code, code));
  return row;
}

/** The sources within a region, by code. */
export async function listExternalSources(db: DbOrTx, region: string): Promise<ExternalSourceRow[]> {
  return db.select().from(externalSources).where(withinRegion(externalSources.region, region)).orderBy(asc(externalSources.code));
}

/** Adds a source; false when the code is taken. */
export async function insertExternalSource(db: DbOrTx, row: typeof externalSources.$inferInsert): Promise<boolean> {
  const inserted = await db.insert(externalSources).values(row).onConflictDoNothing().returning({ code: externalSources.code });
  return inserted.length > 0;
}

/** Changes a source. */
export async function updateExternalSource(
  db: DbOrTx,
  code: string,
  change: Partial<Pick<ExternalSourceRow, 'name' | 'kinds' | 'rules' | 'secret' | 'active'>>,
): Promise<ExternalSourceRow | undefined> {
  const [row] = await db
    .update(externalSources)
    .set({ ...change, updatedAt: new Date().toISOString() })
    .where(eq(externalSources.code, code))
    .returning();
  return row;
}

/** Removes a source that has sent nothing; false when it has records (deactivate it instead). */
export async function deleteExternalSource(db: DbOrTx, code: string): Promise<boolean> {
  const [used] = await db.select({ n: count() }).from(externalRecords).where(eq(externalRecords.source, code));
  if ((used?.n ?? 0) > 0) return false;
  await db.delete(externalSources).where(eq(externalSources.code, code));
  return true;
}

/** What a record is stored with besides what the source sent. */
export interface StoredRecordFields {
  source: string;
  digest: string;
  via: 'webhook' | 'csv';
  raised: RaisedState;
}

/** Stores a record unless its source sent that ID before: the stored row, and whether this call inserted it. */
export async function storeExternalRecord(db: DbOrTx, record: ExternalRecordInput & StoredRecordFields): Promise<{ inserted: boolean; row: ExternalRecordRow }> {
  const [inserted] = await db
    .insert(externalRecords)
    .values({ ...record, summary: record.summary ?? null, details: record.details ?? {} })
    .onConflictDoNothing({ target: [externalRecords.source, externalRecords.recordId] })
    .returning();
  if (inserted) return { inserted: true, row: inserted };
  return { inserted: false, row: (await findExternalRecords(db, record.source, [record.recordId]))[0]! };
}

/** The stored records of a source among these IDs. */
export async function findExternalRecords(db: DbOrTx, source: string, recordIds: readonly string[]): Promise<ExternalRecordRow[]> {
  if (recordIds.length === 0) return [];
  return db
    .select()
    .from(externalRecords)
    .where(and(eq(externalRecords.source, source), inArray(externalRecords.recordId, [...recordIds])));
}

/** Records what a record raised. */
export async function setRecordRaised(db: DbOrTx, id: number, raised: RaisedState, ref: string | null, note: string | null): Promise<ExternalRecordRow> {
  const [row] = await db.update(externalRecords).set({ raised, raisedRef: ref, raisedNote: note }).where(eq(externalRecords.id, id)).returning();
  return row!;
}

/** The enterprise's latest supervision task within a region, with its case: who is responsible for it there. */
export interface ResponsibleTask {
  region: string;
  mode: string;
  supervisingDept: string;
  divisionCode: string;
  subItemCode: string;
  revision: number;
  approvalDept: string;
  approvalItem: string;
  handlingItem: string;
  applicantName: string;
}

/**
 * The division responsible for an enterprise within a region: the division of its latest task in
 * the read model (latest notified; the task ID breaks ties), as the sampling draw takes it; with
 * `modes`, of its latest task of those modes (e.g. the post-check it is under).
 */
export async function latestTaskWithin(db: DbOrTx, creditCode: string, region: string, modes?: readonly string[]): Promise<ResponsibleTask | undefined> {
  const [row] = await db
    .select({
      ...taskTargetColumns,
      mode: caseTasks.mode,
      supervisingDept: caseTasks.supervisingDept,
    })
    .from(caseTasks)
    .innerJoin(cases, eq(cases.caseNo, caseTasks.caseNo))
    .where(and(eq(caseTasks.creditCode, creditCode), withinRegion(caseTasks.region, region), modes && modes.length > 0 ? inArray(caseTasks.mode, [...modes]) : undefined))
    .orderBy(...latestTaskFirst)
    .limit(1);
  return row;
}

/** The regions that cover a region (itself, its city, its province, the country). */
function coveringRegions(region: string): string[] {
  return [...new Set([region, `${region.slice(0, 4)}00`, `${region.slice(0, 2)}0000`, NATIONAL_REGION])];
}

/**
 * The sources a caller of `region` sees the records of: those within its region, and those that
 * serve a region covering it (a city's 12345 hotline is seen by its districts).
 */
function visibleSources(region: string): SQL | undefined {
  if (regionPrefix(region) === '') return undefined;
  return or(withinRegion(externalSources.region, region), inArray(externalSources.region, coveringRegions(region)));
}

/** One record as a portrait shows it. */
export interface PortraitExternalRecord {
  source: string;
  recordId: string;
  kind: string;
  occurredOn: string;
  title: string;
  summary: string | null;
  details: Record<string, unknown>;
  receivedAt: string;
  raised: RaisedState;
  raisedRef: string | null;
  raisedNote: string | null;
}

/** One source's records of an enterprise: totals by kind, and the newest `limit`. */
export interface PortraitSourceRecords {
  source: string;
  sourceName: string;
  region: string;
  total: number;
  byKind: { kind: string; total: number }[];
  items: PortraitExternalRecord[];
}

/** The records of an enterprise by source, as a caller of `region` sees them. */
export async function portraitExternalRecords(db: DbOrTx, creditCode: string, region: string, limit: number): Promise<{ total: number; sources: PortraitSourceRecords[] }> {
  const where = and(eq(externalRecords.creditCode, creditCode), visibleSources(region));
  const countsQuery = db
    .select({ source: externalRecords.source, sourceName: externalSources.name, region: externalSources.region, kind: externalRecords.kind, total: count() })
    .from(externalRecords)
    .innerJoin(externalSources, eq(externalSources.code, externalRecords.source))
    .where(where)
    .groupBy(externalRecords.source, externalSources.name, externalSources.region, externalRecords.kind)
    .orderBy(asc(externalRecords.source), asc(externalRecords.kind));
  const ranked = db
    .select({
      source: externalRecords.source,
      recordId: externalRecords.recordId,
      kind: externalRecords.kind,
      occurredOn: externalRecords.occurredOn,
      title: externalRecords.title,
      summary: externalRecords.summary,
      details: externalRecords.details,
      receivedAt: externalRecords.receivedAt,
      raised: externalRecords.raised,
      raisedRef: externalRecords.raisedRef,
      raisedNote: externalRecords.raisedNote,
      rank: sql<number>`row_number() over (partition by ${externalRecords.source} order by ${externalRecords.occurredOn} desc, ${externalRecords.id} desc)`
        .mapWith(Number)
        .as('rank'),
    })
    .from(externalRecords)
    .innerJoin(externalSources, eq(externalSources.code, externalRecords.source))
    .where(where)
    .as('ranked');
  const itemsQuery = db.select().from(ranked).where(sql`${ranked.rank} <= ${limit}`).orderBy(asc(ranked.source), asc(ranked.rank));
  const [counts, items] = await Promise.all([countsQuery, itemsQuery]);
  const bySource = new Map<string, PortraitSourceRecords>();
  for (const c of counts) {
    const entry = bySource.get(c.source) ?? { source: c.source, sourceName: c.sourceName, region: c.region, total: 0, byKind: [], items: [] };
    entry.total += c.total;
    entry.byKind.push({ kind: c.kind, total: c.total });
    bySource.set(c.source, entry);
  }
  for (const { rank: _rank, ...item } of items) bySource.get(item.source)?.items.push(item);
  const sources = [...bySource.values()];
  return { total: sources.reduce((n, s) => n + s.total, 0), sources };
}
