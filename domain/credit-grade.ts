// Credit grades (信用等级) as the public credit platform sends them (L7, L11, L12): which grade
// wins over the stored one, and the checks of the platform's monthly CSV file, all or nothing.
// Pure: the API parses the file and loads the stored grades it mentions beforehand.
import { regionCovers } from './access.js';
import type { CsvProblem, CsvRecord, CsvRule } from './catalogue-csv.js';
import { civilDateFault } from './calendar/served-range.js';
import { checkCreditCode } from './credit-code.js';

/** Credit grades, best first (the same four as the `enterprise_credit_grades` check). */
export const CREDIT_GRADES = ['A', 'B', 'C', 'D'] as const;
/** One credit grade. */
export type Grade = (typeof CREDIT_GRADES)[number];

/** What each grade means, for staff. */
export const gradeNames: Record<Grade, string> = { A: '守信', B: '基本守信', C: '失信', D: '严重失信' };

/** Whether a text is a credit grade. */
export function isGrade(value: string): value is Grade {
  return (CREDIT_GRADES as readonly string[]).includes(value);
}

/** A grade and the day the platform graded it (YYYY-MM-DD). */
export interface DatedGrade {
  grade: Grade;
  gradedOn: string;
}

/**
 * What an incoming grade does to the stored one. A grade dated before the stored one is stale: a
 * late retry must not overwrite a newer grade. The same grade of the same day again changes
 * nothing. A different grade of the same day is the platform's correction and replaces it.
 */
export type GradeChange = 'insert' | 'update' | 'unchanged' | 'stale';

/** How an incoming grade changes the stored one (undefined: none stored). */
export function gradeChange(stored: DatedGrade | undefined, incoming: DatedGrade): GradeChange {
  if (!stored) return 'insert';
  // YYYY-MM-DD strings order as the days they name.
  if (incoming.gradedOn < stored.gradedOn) return 'stale';
  if (incoming.gradedOn === stored.gradedOn && incoming.grade === stored.grade) return 'unchanged';
  return 'update';
}

/** The staff-facing reason a stale grade is refused. */
export function staleGradeMessage(creditCode: string, stored: DatedGrade, incoming: DatedGrade): string {
  return (
    `${creditCode} 已有 ${stored.gradedOn} 评定的信用等级 ${stored.grade}（${gradeNames[stored.grade]}），` +
    `早于它的 ${incoming.gradedOn} 评定结果 ${incoming.grade} 不予覆盖`
  );
}

/**
 * Why a grading day cannot be taken, or undefined: it must be a real YYYY-MM-DD day the calendar
 * serves (as every date the API takes) and not after `today` (Asia/Shanghai) — a grade dated in
 * the future would shut out every real grade until then.
 */
export function gradedOnProblem(gradedOn: string, today: string): { rule: 'format' | 'calendar' | 'future_date'; message: string } | undefined {
  const fault = civilDateFault(gradedOn);
  if (fault) return { rule: fault.rule, message: `评定日期：${fault.message}` };
  if (gradedOn > today) return { rule: 'future_date', message: `评定日期 ${gradedOn} 晚于今天（${today}）` };
  return undefined;
}

/**
 * Positions 3–8 of a credit code: the region of the authority that registered the enterprise
 * (GB 32100-2015). Grades are loaded by the registration region's admins and platforms.
 */
export function registrationRegion(creditCode: string): string {
  return creditCode.slice(2, 8);
}

/** The columns of the grades CSV, in export order; an import needs all three, in any order. */
export const GRADE_CSV_COLUMNS = ['credit_code', 'grade', 'graded_on'] as const;

/** Kinds of problems of a grades file: the catalogue's, plus a grading day in the future. */
export type GradeCsvRule = CsvRule | 'calendar' | 'future_date';

/** One problem of a grades file. */
export interface GradeCsvProblem extends Omit<CsvProblem, 'rule'> {
  rule: GradeCsvRule;
}

/** One grade of a file, with the line it is on. */
export interface GradeRow extends DatedGrade {
  creditCode: string;
  line: number;
}

/** What an import writes: new and changed grades; how many were already so, or older than stored. */
export interface GradeImportPlan {
  insert: GradeRow[];
  update: GradeRow[];
  unchanged: number;
  /** Rows dated before the stored grade: kept out, as a late PUT would be (not a problem of the file). */
  stale: GradeRow[];
}

/** Every problem of a file, or what to write when there is none. */
export type GradeCsvValidation = { ok: true; plan: GradeImportPlan } | { ok: false; problems: GradeCsvProblem[] };

/** The credit codes the data rows of a file mention (to load their stored grades). */
export function mentionedCreditCodes(records: readonly CsvRecord[]): string[] {
  const [header, ...rows] = records;
  const index = header?.cells.findIndex((cell) => cell.trim() === 'credit_code') ?? -1;
  if (index < 0) return [];
  return [...new Set(rows.map((row) => row.cells[index]?.trim() ?? '').filter((code) => code !== ''))];
}

/**
 * Checks a parsed grades file (header first) for a caller of `region`: every cell, duplicates
 * within the file, and that each enterprise is registered within the caller's region. Every
 * problem is reported; values are never rewritten, so a cell that looks like a spreadsheet
 * formula (=, +, -, @) fails its format rule like any other wrong value.
 */
export function validateGradeCsv(records: readonly CsvRecord[], stored: ReadonlyMap<string, DatedGrade>, region: string, today: string): GradeCsvValidation {
  const problems: GradeCsvProblem[] = [];
  const [header, ...rows] = records;
  if (!header) return { ok: false, problems: [{ row: 1, column: '', rule: 'header', problem: `文件为空：第 1 行应为表头 ${GRADE_CSV_COLUMNS.join(',')}` }] };

  const expected: readonly string[] = GRADE_CSV_COLUMNS;
  const index = new Map<string, number>();
  header.cells.forEach((raw, i) => {
    const name = raw.trim();
    const column = name || `第 ${i + 1} 列`;
    if (!name) problems.push({ row: header.line, column, rule: 'header', problem: '表头为空' });
    else if (index.has(name)) problems.push({ row: header.line, column, rule: 'header', problem: `列 ${name} 重复出现` });
    else if (!expected.includes(name)) problems.push({ row: header.line, column, rule: 'unknown_column', problem: `未知的列 ${name}；信用等级文件的列为 ${expected.join(',')}` });
    else index.set(name, i);
  });
  for (const column of expected) {
    if (!index.has(column)) problems.push({ row: header.line, column, rule: 'missing_column', problem: `缺少列 ${column}` });
  }
  // Without every column no row can be read; the header's problems say all there is to say.
  if (problems.length > 0) return { ok: false, problems };

  const plan: GradeImportPlan = { insert: [], update: [], unchanged: 0, stale: [] };
  const firstLines = new Map<string, number>();
  for (const record of rows) {
    // Spreadsheets often leave rows of empty cells at the end; they say nothing.
    if (record.cells.every((cell) => cell.trim() === '')) continue;
    if (record.cells.length !== header.cells.length) {
      problems.push({ row: record.line, column: '', rule: 'field_count', problem: `本行有 ${record.cells.length} 个单元格，表头有 ${header.cells.length} 列` });
      continue;
    }
    const cell = (column: string) => (record.cells[index.get(column)!] ?? '').trim();
    const report = (column: string, rule: GradeCsvRule, problem: string) => problems.push({ row: record.line, column, rule, problem });
    const before = problems.length;

    const creditCode = cell('credit_code');
    if (creditCode === '') report('credit_code', 'required', '缺少统一社会信用代码');
    else {
      const checked = checkCreditCode(creditCode);
      if (!checked.valid) report('credit_code', 'format', `统一社会信用代码 ${creditCode} 无效：${checked.reason}`);
      else if (!regionCovers(region, registrationRegion(creditCode))) {
        report('credit_code', 'out_of_region', `${creditCode} 的登记机关区划为 ${registrationRegion(creditCode)}，不在本区划 ${region} 管辖内`);
      } else {
        const first = firstLines.get(creditCode);
        if (first !== undefined) report('credit_code', 'duplicate', `统一社会信用代码 ${creditCode} 与第 ${first} 行重复`);
        else firstLines.set(creditCode, record.line);
      }
    }

    const grade = cell('grade');
    if (grade === '') report('grade', 'required', '缺少信用等级');
    else if (!isGrade(grade)) report('grade', 'format', `信用等级“${grade}”无效：应为 A（守信）、B（基本守信）、C（失信）或 D（严重失信）`);

    const gradedOn = cell('graded_on');
    if (gradedOn === '') report('graded_on', 'required', '缺少评定日期');
    else {
      const problem = gradedOnProblem(gradedOn, today);
      if (problem) report('graded_on', problem.rule, problem.message);
    }

    if (problems.length > before) continue;
    const row: GradeRow = { creditCode, grade: grade as Grade, gradedOn, line: record.line };
    const change = gradeChange(stored.get(creditCode), row);
    if (change === 'unchanged') plan.unchanged += 1;
    else plan[change].push(row);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, plan };
}
