// Case files in the database: the stored contents (file_blobs) and each file as a record of a case
// (case_files). Adding, binding an archive to its case and withdrawing are audited in the same
// transaction as the change; so is every download (api/files/download.ts).
import { and, asc, eq, getTableColumns, inArray, isNull, or, sql } from 'drizzle-orm';
import type { FileKind } from '../domain/files.js';
import { recordAudit, type DbOrTx } from './audit.js';
import type { Db } from './client.js';
import { caseFiles, fileBlobs } from './schema/index.js';

/** A file row. */
export type CaseFileRow = typeof caseFiles.$inferSelect;
/** A file row with its content's size and type. */
export type CaseFileEntry = CaseFileRow & { size: number; contentType: string };

/** What a stored content is. */
export interface BlobFacts {
  sha256: string;
  size: number;
  contentType: string;
  scannedBy: string;
}

/** A new file record. */
export type NewCaseFile = Omit<typeof caseFiles.$inferInsert, 'id' | 'addedAt' | 'withdrawnBy' | 'withdrawnAt' | 'withdrawnReason'>;

const entryColumns = { ...getTableColumns(caseFiles), size: fileBlobs.size, contentType: fileBlobs.contentType };

/** Whether a content is stored (its blob row is written only once its bytes are in the store). */
export async function blobKnown(db: DbOrTx, sha256: string): Promise<boolean> {
  const [row] = await db.select({ sha256: fileBlobs.sha256 }).from(fileBlobs).where(eq(fileBlobs.sha256, sha256));
  return row !== undefined;
}

/** Records a content (once) and a file of it, with its audit row, in one transaction. */
export async function insertCaseFile(db: Db, blob: BlobFacts, file: NewCaseFile): Promise<CaseFileEntry> {
  return db.transaction(async (tx) => {
    await tx.insert(fileBlobs).values(blob).onConflictDoNothing();
    const [row] = await tx.insert(caseFiles).values(file).returning();
    await recordAudit(tx, {
      actor: file.addedBy,
      action: 'file.added',
      entity: 'file',
      entityId: String(row!.id),
      // The name stays out: it may name a person.
      details: { kind: file.kind, caseNo: file.caseNo ?? null, taskId: file.taskId ?? null, sha256: blob.sha256, size: blob.size, source: file.source },
    });
    return { ...row!, size: blob.size, contentType: blob.contentType };
  });
}

/** One file with its content's facts, or undefined. */
export async function findCaseFile(db: DbOrTx, id: number): Promise<CaseFileEntry | undefined> {
  const [row] = await db.select(entryColumns).from(caseFiles).innerJoin(fileBlobs, eq(fileBlobs.sha256, caseFiles.sha256)).where(eq(caseFiles.id, id));
  return row;
}

/** Files by ID. */
export async function caseFilesByIds(db: DbOrTx, ids: readonly number[]): Promise<Map<number, CaseFileEntry>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select(entryColumns)
    .from(caseFiles)
    .innerJoin(fileBlobs, eq(fileBlobs.sha256, caseFiles.sha256))
    .where(inArray(caseFiles.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r]));
}

/** A case's files in the order they were added; withdrawn ones only when asked. */
export async function filesOfCase(db: DbOrTx, caseNo: string, { withdrawn = false } = {}): Promise<CaseFileEntry[]> {
  return db
    .select(entryColumns)
    .from(caseFiles)
    .innerJoin(fileBlobs, eq(fileBlobs.sha256, caseFiles.sha256))
    .where(and(eq(caseFiles.caseNo, caseNo), withdrawn ? undefined : isNull(caseFiles.withdrawnAt)))
    .orderBy(asc(caseFiles.id));
}

/**
 * The department's file of this content and kind that a case being started may take into its
 * archive: one not yet in a case, or already in this one (a retried start).
 */
export async function archiveCandidate(db: DbOrTx, o: { caseNo: string; region: string; deptCode: string; sha256: string; kind: FileKind }): Promise<CaseFileEntry | undefined> {
  const [row] = await db
    .select(entryColumns)
    .from(caseFiles)
    .innerJoin(fileBlobs, eq(fileBlobs.sha256, caseFiles.sha256))
    .where(
      and(
        eq(caseFiles.sha256, o.sha256),
        eq(caseFiles.kind, o.kind),
        eq(caseFiles.region, o.region),
        eq(caseFiles.deptCode, o.deptCode),
        isNull(caseFiles.withdrawnAt),
        or(isNull(caseFiles.caseNo), eq(caseFiles.caseNo, o.caseNo)),
      ),
    )
    // This case's own first, so that a retry takes what the first attempt took.
    .orderBy(sql`${caseFiles.caseNo} is null`, asc(caseFiles.id))
    .limit(1);
  return row;
}

/** Binds the archive's files to their started case (a retry binds nothing new). */
export async function bindArchive(db: DbOrTx, caseNo: string, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(caseFiles)
    .set({ caseNo })
    .where(and(inArray(caseFiles.id, [...ids]), isNull(caseFiles.caseNo)));
}

/** Withdraws a file (撤回): hidden from lists and downloads, kept in the store, audited; false when already withdrawn. */
export async function withdrawCaseFile(db: Db, id: number, by: string, reason: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const changed = await tx
      .update(caseFiles)
      .set({ withdrawnBy: by, withdrawnAt: new Date().toISOString(), withdrawnReason: reason })
      .where(and(eq(caseFiles.id, id), isNull(caseFiles.withdrawnAt)))
      .returning({ id: caseFiles.id });
    if (changed.length === 0) return false;
    await recordAudit(tx, { actor: by, action: 'file.withdrawn', entity: 'file', entityId: String(id), reason });
    return true;
  });
}

/** Records a download (who, which file, when). */
export async function recordDownload(db: DbOrTx, id: number, by: string, how: 'stream' | 'link'): Promise<void> {
  await recordAudit(db, { actor: by, action: 'file.downloaded', entity: 'file', entityId: String(id), details: { how } });
}
