// Case files (办件档案与监管材料, L9; Dongli 一(一)1, 一(三)1): the bytes are stored once per content
// in the blob store (api/files/blob-store.ts), keyed by SHA-256; Postgres holds what each file is —
// its kind, the case and task it belongs to, who added it and when. Files are records: they are
// never deleted through the API, only withdrawn (hidden, with who and why).
import { bigint, bigserial, check, index, pgTable, text } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { FileKind } from '../../domain/files.js';
import { instant } from './instant.js';

/** One stored content: its bytes are in the blob store under `sha256`; written only after the scan passed. */
export const fileBlobs = pgTable(
  'file_blobs',
  {
    sha256: text('sha256').primaryKey(),
    size: bigint('size', { mode: 'number' }).notNull(),
    /** Decided by the content (magic bytes), never by the uploader's name or header. */
    contentType: text('content_type').notNull(),
    /** The scanner that passed it: `clamd`, or `off` when none is configured. */
    scannedBy: text('scanned_by').notNull(),
    storedAt: instant('stored_at').notNull().default(sql`now()`),
  },
  (t) => [check('file_blobs_sha256', sql`${t.sha256} ~ '^[0-9a-f]{64}$'`)],
);

/** A file as a record of one case (or, until its case starts, of the department that uploaded it). */
export const caseFiles = pgTable(
  'case_files',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    sha256: text('sha256')
      .notNull()
      .references(() => fileBlobs.sha256),
    kind: text('kind').$type<FileKind>().notNull(),
    /** The sanitised name, ending with the extension of the sniffed type; may name a person, so never logged. */
    name: text('name').notNull(),
    /** The adding side's region and department: who may see a file no case holds yet. */
    region: text('region').notNull(),
    deptCode: text('dept_code'),
    /** Null until the case it was uploaded for starts (an archive uploaded ahead of the push). */
    caseNo: text('case_no'),
    taskId: text('task_id'),
    /** `upload` (multipart), `url` (fetched from the approval platform and verified) or `system` (issued here). */
    source: text('source').$type<'upload' | 'url' | 'system'>().notNull(),
    addedBy: text('added_by').notNull(),
    addedAt: instant('added_at').notNull().default(sql`now()`),
    withdrawnBy: text('withdrawn_by'),
    withdrawnAt: instant('withdrawn_at'),
    withdrawnReason: text('withdrawn_reason'),
  },
  (t) => [
    index('case_files_case').on(t.caseNo, t.id),
    index('case_files_unbound').on(t.region, t.deptCode, t.sha256).where(sql`${t.caseNo} is null`),
    index('case_files_sha256').on(t.sha256),
    check('case_files_source', sql`${t.source} in ('upload', 'url', 'system')`),
    check('case_files_withdrawn', sql`(${t.withdrawnAt} is null) = (${t.withdrawnReason} is null)`),
  ],
);
