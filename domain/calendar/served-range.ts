// Dates and instants the service takes in: real ones, inside the years the calendar serves. A
// deadline counted from a day the calendar cannot answer for would fail inside the case workflow
// and retry forever, so such a day is refused where it enters.
import { instantMs, parseCivilDate, SHANGHAI_OFFSET_MS } from './civil-date.js';
import { FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR } from './supported-years.js';

/** First day the calendar serves. */
export const FIRST_SERVED_DATE = `${FIRST_SUPPORTED_YEAR}-01-01`;
/**
 * Last day taken in: the calendar's last year is kept back, so that every deadline, warning and
 * escalation counted from a day taken in (weeks at most) still falls on days the calendar serves.
 */
export const LAST_SERVED_DATE = `${LAST_SUPPORTED_YEAR - 1}-12-31`;
/** The last year taken in. */
const LAST_TAKEN_YEAR = LAST_SUPPORTED_YEAR - 1;

/** What is wrong with a date or an instant: not a real one (`format`), or outside the calendar (`calendar`). */
export interface DayFault {
  rule: 'format' | 'calendar';
  message: string;
}

const outOfRange = (what: string): DayFault => ({
  rule: 'calendar',
  message: `${what} 必须在 ${FIRST_SERVED_DATE} 至 ${LAST_SERVED_DATE} 之间（工作日历覆盖范围内可计算期限的日期）`,
});

/** The year written at the start of a text of the shape, if it has it. */
const writtenYear = (text: string, shape: RegExp): number | undefined => {
  const match = shape.exec(text);
  return match ? Number(match[1]) : undefined;
};

// The range is checked on the written year first: a year the calendar does not serve is refused as
// such (also years 0–99, which Date arithmetic cannot tell from 1900–1999).
const outsideYears = (year: number, slack: number) => year < FIRST_SUPPORTED_YEAR - slack || year > LAST_TAKEN_YEAR + slack;

/** Why a `YYYY-MM-DD` date cannot be taken, or undefined. */
export function civilDateFault(text: string): DayFault | undefined {
  const year = writtenYear(text, /^(\d{4})-\d{2}-\d{2}$/);
  if (year !== undefined && outsideYears(year, 0)) return outOfRange(`日期 ${text}`);
  if (parseCivilDate(text) === undefined) return { rule: 'format', message: `${text} 不是有效的日期：应为存在的日期，格式 YYYY-MM-DD` };
  return undefined;
}

/** Why a `YYYY-MM` month cannot be taken, or undefined. */
export function civilMonthFault(text: string): DayFault | undefined {
  const year = writtenYear(text, /^(\d{4})-(?:0[1-9]|1[0-2])$/);
  if (year === undefined) return { rule: 'format', message: `${text} 不是有效的月份：格式 YYYY-MM` };
  return outsideYears(year, 0) ? outOfRange(`月份 ${text}`) : undefined;
}

/** Why an ISO 8601 instant cannot be taken, or undefined; its day is its day in Asia/Shanghai. */
export function instantFault(text: string): DayFault | undefined {
  const year = writtenYear(text, /^(\d{4})-\d{2}-\d{2}T/);
  // An offset moves the Shanghai day at most one day, so one year either side may still be served.
  if (year !== undefined && outsideYears(year, 1)) return outOfRange(`时间 ${text}`);
  let ms: number;
  try {
    ms = instantMs(text);
  } catch {
    return { rule: 'format', message: `${text} 不是有效的时间：应为带时区的 ISO 8601 时间，如 2026-02-12T10:00:00+08:00（日期须存在，不接受闰秒）` };
  }
  const day = new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
  // YYYY-MM-DD strings order as the days they name.
  return day >= FIRST_SERVED_DATE && day <= LAST_SERVED_DATE ? undefined : outOfRange(`时间 ${text}`);
}
