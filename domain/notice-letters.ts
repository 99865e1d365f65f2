// Spot-check findings and notice letters (告知函, Dongli 四 2): the 政务服务办 randomly checks how
// departments carry out the linkage through the system and tells each department what it found in a
// numbered letter, which counts in the annual assessment. Pure rules: numbers, the rectification
// due time, lateness, the assessment figures and their CSV columns.
import type { WorkingDayCalendar } from './calendar/working-day-calendar.js';
import { planDeadline } from './case/deadlines.js';

/**
 * Working days a department has to report its rectification after the letter is issued. Dongli 四 2
 * names no number; ours follows D 一(三)2, which gives a check and its follow-up 10 working days:
 * the department looks into each finding and reports what it changed within the same span.
 */
export const RECTIFICATION_REPORT_WORKING_DAYS = 10;

/** The number a letter bears: `<prefix>〔<year>〕<seq>号`, e.g. 连政务办告〔2026〕3号. */
export const letterNumber = (prefix: string, year: number, seq: number): string => `${prefix}〔${year}〕${seq}号`;

/** Default issuing office and number prefix of a region, from its name: 连云港市 → 连云港市政务服务管理办公室, 连政务办告. */
export function defaultOffice(regionName: string): { issuingOffice: string; numberPrefix: string } {
  return { issuingOffice: `${regionName}政务服务管理办公室`, numberPrefix: `${[...regionName][0] ?? ''}政务办告` };
}

/** When the rectification report is due for a letter issued at `issuedAt`: the end of the N-th working day after. */
export function rectificationDue(calendar: WorkingDayCalendar, issuedAt: string, workingDays = RECTIFICATION_REPORT_WORKING_DAYS): { dueAt: string; provisional: boolean } {
  const plan = planDeadline(calendar, { start: issuedAt, workingDays });
  return { dueAt: plan.dueAt, provisional: plan.provisional };
}

/** What a department does with a letter it received: 签收, then 报送整改情况, each once. */
export type LetterAnswer = 'acknowledge' | 'reportRectification';

/** Why a letter in `status` refuses the answer (409, staff-facing), or undefined when it takes it. */
export function letterAnswerRefusal(answer: LetterAnswer, status: 'issued' | 'acknowledged' | 'rectified'): string | undefined {
  if (answer === 'acknowledge') return status === 'issued' ? undefined : '已签收';
  if (status === 'issued') return '尚未签收：请先签收再报送整改情况';
  return status === 'rectified' ? '已报送整改情况' : undefined;
}

/** A letter's standing against its due time, as of `asOf`. */
export interface RectificationStanding {
  /** Not reported and the due time passed. */
  overdue: boolean;
  /** Reported after the due time. */
  late: boolean;
  /** Working days past the due time (reported late, or overdue as of now); 0 otherwise. */
  workingDaysLate: number;
}

/** Whether a letter's rectification report is (or was) late. */
export function rectificationStanding(
  calendar: WorkingDayCalendar,
  letter: { rectificationDueAt: string; rectifiedAt: string | null },
  asOf: string,
): RectificationStanding {
  const { rectificationDueAt: due, rectifiedAt } = letter;
  if (rectifiedAt !== null) {
    const late = rectifiedAt > due;
    return { overdue: false, late, workingDaysLate: late ? Math.max(0, calendar.workingDaysBetween(due, rectifiedAt).days) : 0 };
  }
  const overdue = asOf > due;
  return { overdue, late: false, workingDaysLate: overdue ? Math.max(0, calendar.workingDaysBetween(due, asOf).days) : 0 };
}

/** What the notice query counts for one department in a period (db/notice-letters.ts noticeCounts). */
export interface NoticeCounts {
  deptCode: string;
  findings: number;
  letters: number;
  acknowledged: number;
  rectified: number;
  rectifiedLate: number;
  overdue: number;
}

/**
 * Notice-letter figures of a department (D 四 2): findings found in the period; letters issued in
 * the period, and of those how many were acknowledged, had their rectification reported, reported
 * it after the due time, and are overdue (not reported, due time passed as of the figures).
 */
export interface NoticeFigures {
  findings: number;
  lettersReceived: number;
  acknowledged: number;
  rectified: number;
  rectifiedLate: number;
  overdue: number;
}

/** A department's figures from the counts (zeros when it had none). */
export function noticeFigures(counts: NoticeCounts | undefined): NoticeFigures {
  return {
    findings: counts?.findings ?? 0,
    lettersReceived: counts?.letters ?? 0,
    acknowledged: counts?.acknowledged ?? 0,
    rectified: counts?.rectified ?? 0,
    rectifiedLate: counts?.rectifiedLate ?? 0,
    overdue: counts?.overdue ?? 0,
  };
}

/** The assessment CSV's notice-letter columns (appended after the others). */
export const noticeCsvColumns: readonly string[] = ['抽查发现问题数', '收到告知函数', '告知函已签收数', '已报送整改情况数', '整改情况逾期报送数', '整改情况逾期未报数'];

/** A row's notice-letter cells, in the order of noticeCsvColumns. */
export const noticeCsvCells = (f: NoticeFigures): string[] =>
  [f.findings, f.lettersReceived, f.acknowledged, f.rectified, f.rectifiedLate, f.overdue].map(String);
