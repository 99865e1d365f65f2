// Spot-check findings and the notice letters (告知函) the 政务服务办 sends departments about them
// (Dongli 四 2: 随机抽查各部门通过系统开展审管联动的情况，以告知函形式反馈，纳入年度考核). A finding
// names a department and, optionally, one of its cases; a letter gathers findings of one department
// under a number unique per region and year (连政务办告〔2026〕3号), allocated from a counter row.
import { bigint, bigserial, boolean, check, date, index, integer, pgTable, primaryKey, text, unique } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { instant } from './instant.js';

/** A letter's states, in order: issued (印发), acknowledged (签收), rectified (整改情况已报送). */
export const noticeLetterStatuses = ['issued', 'acknowledged', 'rectified'] as const;
/** One state. */
export type NoticeLetterStatus = (typeof noticeLetterStatuses)[number];

/** The last letter number handed out per region and year: one row, locked by each issue until its commit. */
export const noticeLetterCounters = pgTable(
  'notice_letter_counters',
  {
    region: text('region').notNull(),
    year: integer('year').notNull(),
    lastSeq: integer('last_seq').notNull(),
  },
  (t) => [primaryKey({ columns: [t.region, t.year] })],
);

/** A notice letter (告知函) to one department. */
export const noticeLetters = pgTable(
  'notice_letters',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** The department's region: the letter is numbered within it. */
    region: text('region').notNull(),
    year: integer('year').notNull(),
    seq: integer('seq').notNull(),
    /** The full number, e.g. 连政务办告〔2026〕3号. */
    number: text('number').notNull(),
    deptCode: text('dept_code').notNull(),
    issuingOffice: text('issuing_office').notNull(),
    /** Anything the office adds beyond the findings (其他事项); may be empty. */
    note: text('note').notNull().default(''),
    issuedBy: text('issued_by').notNull(),
    issuedAt: instant('issued_at').notNull(),
    /** The Asia/Shanghai date the letter bears. */
    issuedOn: date('issued_on', { mode: 'string' }).notNull(),
    rectificationWorkingDays: integer('rectification_working_days').notNull(),
    rectificationDueAt: instant('rectification_due_at').notNull(),
    /** The due time was computed on a year without an official arrangement. */
    dueProvisional: boolean('due_provisional').notNull().default(false),
    status: text('status').$type<NoticeLetterStatus>().notNull().default('issued'),
    acknowledgedBy: text('acknowledged_by'),
    acknowledgedAt: instant('acknowledged_at'),
    rectificationReport: text('rectification_report'),
    rectifiedBy: text('rectified_by'),
    rectifiedAt: instant('rectified_at'),
    /** The document as issued, kept as a file (case_files, kind notice-letter); null for letters issued before files were kept. */
    documentFileId: bigint('document_file_id', { mode: 'number' }),
  },
  (t) => [
    unique('notice_letters_region_year_seq').on(t.region, t.year, t.seq),
    index('notice_letters_dept_issued').on(t.deptCode, t.issuedAt),
    index('notice_letters_region_issued').on(t.region, t.issuedAt),
    check('notice_letters_status', sql`${t.status} in ('issued', 'acknowledged', 'rectified')`),
  ],
);

/** A finding of a spot check (抽查发现的问题): of a department, about one of its cases or its work in general. */
export const spotCheckFindings = pgTable(
  'spot_check_findings',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    region: text('region').notNull(),
    deptCode: text('dept_code').notNull(),
    /** The case concerned (its approval or a supervising department is `deptCode`); null for the department in general. */
    caseNo: text('case_no'),
    /** The spot sample's seed the case was drawn with (GET /api/stats/spot-sample), if any. */
    sampleSeed: text('sample_seed'),
    description: text('description').notNull(),
    /** The day the check found it (Asia/Shanghai). */
    foundOn: date('found_on', { mode: 'string' }).notNull(),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: instant('recorded_at').notNull().default(sql`now()`),
    /** The letter that reported it; a finding goes into one letter at most. */
    letterId: bigint('letter_id', { mode: 'number' }).references(() => noticeLetters.id),
  },
  (t) => [index('spot_check_findings_dept_found').on(t.deptCode, t.foundOn), index('spot_check_findings_letter').on(t.letterId)],
);
