// The structural rules of a year arrangement: shape, dates, make-up days, duplicates. Everything
// but the statutory-days rule, which needs date-holidays (validate.ts); the calendar core checks
// these itself and stays free of date-holidays.
import { formatCivilDate, isWeekend, parseCivilDate, weekdayOf, yearOf } from './civil-date.js';
import { FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR, isSupportedYear } from './supported-years.js';
import type { Problem, YearArrangement } from './types.js';

const ARRANGEMENT_KEYS = new Set(['year', 'notice', 'holidays']);
const HOLIDAY_KEYS = new Set(['name', 'days', 'makeupDays']);
const WEEKDAY_NAMES = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** A year arrangement that breaks the structural rules; `problems` lists every one. */
export class InvalidYearArrangementError extends Error {
  /** Every problem found. */
  readonly problems: Problem[];
  constructor(year: unknown, problems: Problem[]) {
    super(`Invalid arrangement for ${String(year)}: ${problems.map((p) => `${p.field} ${p.rule}`).join('; ')}`);
    this.name = 'InvalidYearArrangementError';
    this.problems = problems;
  }
}

/** Throws InvalidYearArrangementError unless the arrangement passes the structural rules. */
export function assertWellFormedArrangement(arrangement: YearArrangement): void {
  const problems = structuralProblems(arrangement.year, arrangement);
  if (problems.length > 0) throw new InvalidYearArrangementError(arrangement.year, problems);
}

/** JSON pointer (RFC 6901) from path segments. */
export function pointer(...segments: (string | number)[]): string {
  return segments.map((s) => `/${String(s).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

/** Every structural problem of a submitted arrangement for `year` (all of them, not the first). */
export function structuralProblems(year: number, input: unknown): Problem[] {
  const problems: Problem[] = [];
  const add = (field: string, rule: string, message: string): void => {
    problems.push({ field, rule, message });
  };
  if (!isSupportedYear(year)) add('', 'year-unsupported', `年份 ${year} 不在支持范围内（${FIRST_SUPPORTED_YEAR}–${LAST_SUPPORTED_YEAR}年）`);
  if (!isPlainObject(input)) {
    add('', 'type', '请求体应为对象，包含 year、notice、holidays');
    return problems;
  }
  for (const key of Object.keys(input)) {
    if (!ARRANGEMENT_KEYS.has(key)) add(pointer(key), 'unknown-field', `不认识的字段 ${key}；只允许 year、notice、holidays`);
  }
  if (input.year !== year) add('/year', 'year-mismatch', `year 应为 ${year}，与所载入的年份一致`);
  if (typeof input.notice !== 'string' || input.notice.trim() === '') {
    add('/notice', 'notice-required', '请填写放假安排通知的名称和文号（notice）');
  }
  if (!Array.isArray(input.holidays) || input.holidays.length === 0) {
    add('/holidays', 'holidays-required', 'holidays 应为非空数组，逐项列出通知中的节日');
    return problems;
  }

  // Where each date was first seen, to report a repeat or an off/on clash at the later entry.
  const offSeen = new Map<number, string>();
  const makeupSeen = new Map<number, string>();
  const makeupEntries: { day: number; field: string }[] = [];
  input.holidays.forEach((holiday: unknown, h: number) => {
    if (!isPlainObject(holiday)) {
      add(pointer('holidays', h), 'type', '每个节日应为对象，包含 name、days、makeupDays');
      return;
    }
    for (const key of Object.keys(holiday)) {
      if (!HOLIDAY_KEYS.has(key)) add(pointer('holidays', h, key), 'unknown-field', `不认识的字段 ${key}；只允许 name、days、makeupDays`);
    }
    if (typeof holiday.name !== 'string' || holiday.name.trim() === '') {
      add(pointer('holidays', h, 'name'), 'name-required', '请填写节日名称（name），如 春节');
    }
    if (!Array.isArray(holiday.days) || holiday.days.length === 0) {
      add(pointer('holidays', h, 'days'), 'days-required', 'days 应为非空的放假日期数组');
    } else {
      holiday.days.forEach((value: unknown, i: number) => {
        const field = pointer('holidays', h, 'days', i);
        const day = checkDate(value, field);
        if (day === undefined) return;
        const first = offSeen.get(day);
        if (first !== undefined) add(field, 'duplicate-date', `${formatCivilDate(day)} 重复，已在 ${first} 列为放假日`);
        else offSeen.set(day, field);
      });
    }
    if (!Array.isArray(holiday.makeupDays)) {
      add(pointer('holidays', h, 'makeupDays'), 'type', 'makeupDays 应为调休上班日期数组（没有调休时为空数组 []）');
    } else {
      holiday.makeupDays.forEach((value: unknown, i: number) => {
        const field = pointer('holidays', h, 'makeupDays', i);
        const day = checkDate(value, field);
        if (day === undefined) return;
        if (!isWeekend(day)) {
          add(field, 'makeup-not-weekend', `调休上班日 ${formatCivilDate(day)} 是${WEEKDAY_NAMES[weekdayOf(day)]}，调休上班日只能是周六或周日`);
        }
        const first = makeupSeen.get(day);
        if (first !== undefined) add(field, 'duplicate-date', `${formatCivilDate(day)} 重复，已在 ${first} 列为调休上班日`);
        else makeupSeen.set(day, field);
        makeupEntries.push({ day, field });
      });
    }
  });
  // Checked after all holidays are read: the off day may be listed after the make-up day.
  for (const { day, field } of makeupEntries) {
    const off = offSeen.get(day);
    if (off !== undefined) add(field, 'off-and-makeup', `${formatCivilDate(day)} 既是放假日（${off}）又是调休上班日`);
  }
  return problems;

  function checkDate(value: unknown, field: string): number | undefined {
    const day = typeof value === 'string' ? parseCivilDate(value) : undefined;
    if (day === undefined) {
      add(field, 'date-format', `${JSON.stringify(value)} 不是有效日期，格式应为 YYYY-MM-DD`);
      return undefined;
    }
    if (yearOf(day) !== year) {
      add(field, 'date-outside-year', `${formatCivilDate(day)} 不在 ${year} 年内`);
      return undefined;
    }
    return day;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
