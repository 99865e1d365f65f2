// Spot-check findings and notice letters (告知函, Dongli 四 2): storage, the number counter, and the
// per-department counts the assessment adds (domain/notice-letters.ts has the rules).
import { and, asc, eq, gte, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { NoticeCounts } from '../domain/notice-letters.js';
import type { DbOrTx } from './audit.js';
import { withinRegion } from './region-filter.js';
import { auditLog, cases, caseTasks, departments, handlingItems, noticeLetterCounters, noticeLetters, spotCheckFindings } from './schema/index.js';

/** A finding row. */
export type FindingRow = typeof spotCheckFindings.$inferSelect;
/** A letter row. */
export type LetterRow = typeof noticeLetters.$inferSelect;

/** Records a finding. */
export async function insertFinding(db: DbOrTx, row: Omit<typeof spotCheckFindings.$inferInsert, 'id' | 'recordedAt' | 'letterId'>): Promise<FindingRow> {
  const [saved] = await db.insert(spotCheckFindings).values(row).returning();
  return saved!;
}

/** One finding, or undefined. */
export async function findFinding(db: DbOrTx, id: number): Promise<FindingRow | undefined> {
  const [row] = await db.select().from(spotCheckFindings).where(eq(spotCheckFindings.id, id));
  return row;
}

/** Findings by id. */
export async function findingsByIds(db: DbOrTx, ids: readonly number[]): Promise<Map<number, FindingRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select().from(spotCheckFindings).where(inArray(spotCheckFindings.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r]));
}

/** Which findings to list. */
export interface FindingFilter {
  region: string;
  dept?: string | undefined;
  /** Only findings not yet in a letter. */
  unissued?: boolean | undefined;
}

/** Findings of a region, oldest first. */
export async function listFindings(db: DbOrTx, filter: FindingFilter): Promise<FindingRow[]> {
  return db
    .select()
    .from(spotCheckFindings)
    .where(
      and(
        withinRegion(spotCheckFindings.region, filter.region),
        filter.dept ? eq(spotCheckFindings.deptCode, filter.dept) : undefined,
        filter.unissued ? isNull(spotCheckFindings.letterId) : undefined,
      ),
    )
    .orderBy(asc(spotCheckFindings.foundOn), asc(spotCheckFindings.id));
}

/** The findings of letters. */
export async function findingsOfLetters(db: DbOrTx, letterIds: readonly number[]): Promise<FindingRow[]> {
  if (letterIds.length === 0) return [];
  return db.select().from(spotCheckFindings).where(inArray(spotCheckFindings.letterId, [...letterIds])).orderBy(asc(spotCheckFindings.id));
}

/**
 * The next number of a region's year. The counter row is created or incremented in one statement;
 * its row lock holds every other issue of the same region and year until this transaction ends,
 * so concurrent issues get consecutive, distinct numbers and a rolled-back issue frees its own.
 */
export async function nextLetterSeq(db: DbOrTx, region: string, year: number): Promise<number> {
  const [row] = await db
    .insert(noticeLetterCounters)
    .values({ region, year, lastSeq: 1 })
    .onConflictDoUpdate({ target: [noticeLetterCounters.region, noticeLetterCounters.year], set: { lastSeq: sql`${noticeLetterCounters.lastSeq} + 1` } })
    .returning({ seq: noticeLetterCounters.lastSeq });
  return row!.seq;
}

/** Stores a letter. */
export async function insertLetter(db: DbOrTx, row: Omit<typeof noticeLetters.$inferInsert, 'id' | 'status'>): Promise<LetterRow> {
  const [saved] = await db.insert(noticeLetters).values(row).returning();
  return saved!;
}

/** Puts findings into a letter; answers the ids taken (a finding already in a letter is not). */
export async function attachFindings(db: DbOrTx, letterId: number, findingIds: readonly number[]): Promise<number[]> {
  const rows = await db
    .update(spotCheckFindings)
    .set({ letterId })
    .where(and(inArray(spotCheckFindings.id, [...findingIds]), isNull(spotCheckFindings.letterId)))
    .returning({ id: spotCheckFindings.id });
  return rows.map((r) => r.id);
}

/** One letter, or undefined; `forUpdate` locks it for a change. */
export async function findLetter(db: DbOrTx, id: number, forUpdate = false): Promise<LetterRow | undefined> {
  const query = db.select().from(noticeLetters).where(eq(noticeLetters.id, id));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

/** Changes a letter. */
export async function updateLetter(db: DbOrTx, id: number, set: Partial<typeof noticeLetters.$inferInsert>): Promise<LetterRow> {
  const [saved] = await db.update(noticeLetters).set(set).where(eq(noticeLetters.id, id)).returning();
  return saved!;
}

/** Which letters to list. */
export interface LetterFilter {
  region: string;
  dept?: string | undefined;
  year?: number | undefined;
  status?: LetterRow['status'] | undefined;
}

/** Letters of a region, newest number last. */
export async function listLetters(db: DbOrTx, filter: LetterFilter): Promise<LetterRow[]> {
  return db
    .select()
    .from(noticeLetters)
    .where(
      and(
        withinRegion(noticeLetters.region, filter.region),
        filter.dept ? eq(noticeLetters.deptCode, filter.dept) : undefined,
        filter.year ? eq(noticeLetters.year, filter.year) : undefined,
        filter.status ? eq(noticeLetters.status, filter.status) : undefined,
      ),
    )
    .orderBy(asc(noticeLetters.region), asc(noticeLetters.year), asc(noticeLetters.seq));
}

/** A case as a finding and a letter name it: no applicant. */
export interface ConcernedCase {
  caseNo: string;
  region: string;
  approvalDept: string;
  approvalDeptName: string;
  handlingItem: string;
  handlingItemName: string | null;
  /** Departments supervising it (its tasks). */
  supervisingDepts: string[];
}

/** Cases by number, with the departments they concern. */
export async function concernedCases(db: DbOrTx, caseNos: readonly string[]): Promise<Map<string, ConcernedCase>> {
  if (caseNos.length === 0) return new Map();
  const rows = await db
    .select({
      caseNo: cases.caseNo,
      region: cases.region,
      approvalDept: cases.approvalDept,
      approvalDeptName: sql<string>`coalesce(${departments.name}, ${cases.approvalDept})`,
      handlingItem: cases.handlingItem,
      handlingItemName: handlingItems.name,
    })
    .from(cases)
    .leftJoin(departments, eq(departments.code, cases.approvalDept))
    .leftJoin(handlingItems, eq(handlingItems.code, cases.handlingItem))
    .where(inArray(cases.caseNo, [...caseNos]));
  const tasks = await db
    .selectDistinct({ caseNo: caseTasks.caseNo, dept: caseTasks.supervisingDept })
    .from(caseTasks)
    .where(inArray(caseTasks.caseNo, [...caseNos]));
  return new Map(rows.map((r) => [r.caseNo, { ...r, supervisingDepts: tasks.filter((t) => t.caseNo === r.caseNo).map((t) => t.dept) }]));
}

/** The audit rows of a letter, oldest first: its timeline. */
export async function letterTimeline(db: DbOrTx, id: number): Promise<{ at: string; actor: string; action: string; reason: string | null }[]> {
  return db
    .select({ at: auditLog.at, actor: auditLog.actor, action: auditLog.action, reason: auditLog.reason })
    .from(auditLog)
    .where(and(eq(auditLog.entity, 'notice-letter'), eq(auditLog.entityId, String(id))))
    .orderBy(asc(auditLog.at), asc(auditLog.id));
}

/** The period and scope the assessment counts notice letters for. */
export interface NoticeQuery {
  region: string;
  dept?: string | undefined;
  fromInstant: string;
  toInstant: string;
  /** Shanghai dates [from, to) for findings (by the day found). */
  from: string;
  to: string;
  asOf: string;
}

/**
 * Per department: findings found in the period; letters issued in the period, and of those the
 * acknowledged, the rectified, the rectified after the due time, and the overdue as of `asOf`.
 */
export async function noticeCounts(db: DbOrTx, query: NoticeQuery): Promise<NoticeCounts[]> {
  const int = (expression: SQL) => sql<number>`(${expression})::int`;
  const asOf = sql`${query.asOf}::text::timestamptz`;
  const [letterRows, findingRows] = await Promise.all([
    db
      .select({
        deptCode: noticeLetters.deptCode,
        letters: int(sql`count(*)`),
        acknowledged: int(sql`count(*) filter (where ${noticeLetters.acknowledgedAt} is not null)`),
        rectified: int(sql`count(*) filter (where ${noticeLetters.rectifiedAt} is not null)`),
        rectifiedLate: int(sql`count(*) filter (where ${noticeLetters.rectifiedAt} > ${noticeLetters.rectificationDueAt})`),
        overdue: int(sql`count(*) filter (where ${noticeLetters.rectifiedAt} is null and ${noticeLetters.rectificationDueAt} < ${asOf})`),
      })
      .from(noticeLetters)
      .where(
        and(
          withinRegion(noticeLetters.region, query.region),
          query.dept ? eq(noticeLetters.deptCode, query.dept) : undefined,
          gte(noticeLetters.issuedAt, query.fromInstant),
          lt(noticeLetters.issuedAt, query.toInstant),
        ),
      )
      .groupBy(noticeLetters.deptCode),
    db
      .select({ deptCode: spotCheckFindings.deptCode, findings: int(sql`count(*)`) })
      .from(spotCheckFindings)
      .where(
        and(
          withinRegion(spotCheckFindings.region, query.region),
          query.dept ? eq(spotCheckFindings.deptCode, query.dept) : undefined,
          gte(spotCheckFindings.foundOn, query.from),
          lt(spotCheckFindings.foundOn, query.to),
        ),
      )
      .groupBy(spotCheckFindings.deptCode),
  ]);
  const codes = new Set([...letterRows.map((r) => r.deptCode), ...findingRows.map((r) => r.deptCode)]);
  return [...codes].map((deptCode) => {
    const l = letterRows.find((r) => r.deptCode === deptCode);
    return {
      deptCode,
      findings: findingRows.find((r) => r.deptCode === deptCode)?.findings ?? 0,
      letters: l?.letters ?? 0,
      acknowledged: l?.acknowledged ?? 0,
      rectified: l?.rectified ?? 0,
      rectifiedLate: l?.rectifiedLate ?? 0,
      overdue: l?.overdue ?? 0,
    };
  });
}

/** Records the file that keeps a letter's document as issued; the first one kept stays. Answers the letter's document file. */
export async function setLetterDocument(db: DbOrTx, letterId: number, fileId: number): Promise<number> {
  await db
    .update(noticeLetters)
    .set({ documentFileId: fileId })
    .where(and(eq(noticeLetters.id, letterId), isNull(noticeLetters.documentFileId)));
  const [row] = await db.select({ documentFileId: noticeLetters.documentFileId }).from(noticeLetters).where(eq(noticeLetters.id, letterId));
  return row!.documentFileId!;
}
