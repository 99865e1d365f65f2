import { Type, type Static } from '@sinclair/typebox';
import { FIRST_SERVED_DATE, LAST_SERVED_DATE } from '../../domain/calendar/served-range.js';

/** One problem with a request: which field, which rule, what is wrong. */
export const ProblemSchema = Type.Object({
  field: Type.String({ description: 'JSON pointer of the field, e.g. /applicant/creditCode' }),
  rule: Type.String({ description: 'The rule that failed, e.g. required, pattern, enum' }),
  message: Type.String(),
});
/** One problem with a request. */
export type Problem = Static<typeof ProblemSchema>;

/** Every error answer of the API. */
export const ErrorSchema = Type.Object(
  {
    statusCode: Type.Integer(),
    error: Type.String({ description: 'Short machine-readable kind, e.g. validation, conflict, not_found' }),
    message: Type.String({ description: 'What went wrong, for staff (Chinese)' }),
    problems: Type.Optional(Type.Array(ProblemSchema)),
    stage: Type.Optional(Type.String({ description: 'For a refused case action: the stage the case is in' })),
  },
);
/** An error answer. */
export type ErrorBody = Static<typeof ErrorSchema>;

/** The schema keyword that checks a unified social credit code (see api/plugins/validation.ts). */
export const CREDIT_CODE_KEYWORD = 'x-credit-code';

/** A unified social credit code (统一社会信用代码), checked by every rule of GB 32100-2015. */
export const CreditCode = Type.String({
  [CREDIT_CODE_KEYWORD]: true,
  description: '统一社会信用代码 (GB 32100-2015: 18 characters, check character verified)',
  examples: ['91350100M000100Y43'],
});

/** The schema keyword that checks a date or an instant against the calendar (see api/plugins/validation.ts). */
export const CALENDAR_DAY_KEYWORD = 'x-calendar-day';

const servedRange = `${FIRST_SERVED_DATE} 至 ${LAST_SERVED_DATE}（工作日历覆盖范围内可计算期限的日期）`;

/**
 * A civil date, YYYY-MM-DD in Asia/Shanghai: a real one, inside the years the calendar serves.
 * Every date field of the API is this schema; `format` documents it, the keyword checks it.
 */
export const CivilDate = (description: string) =>
  Type.String({ format: 'date', [CALENDAR_DAY_KEYWORD]: 'date', description: `${description}. YYYY-MM-DD, ${servedRange}`, examples: ['2026-02-12'] });

/** A month, YYYY-MM, inside the years the calendar serves. */
export const CivilMonth = (description: string) =>
  Type.String({ [CALENDAR_DAY_KEYWORD]: 'month', description: `${description}. YYYY-MM, ${servedRange}`, examples: ['2026-12'] });

/**
 * An instant, ISO 8601 with its offset (Z or ±hh:mm): a real one (no leap second), on a day the
 * calendar serves. Every instant the API takes in is this schema.
 */
export const Instant = (description: string) =>
  Type.String({ format: 'date-time', [CALENDAR_DAY_KEYWORD]: 'instant', description: `${description}. ISO 8601 with offset, ${servedRange}`, examples: ['2026-02-12T10:00:00+08:00'] });

/** The query fields of a keyset-paged list (db/keyset-cursor.ts). */
export const PageQueryFields = {
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 400, description: 'nextCursor of the previous page (opaque)' })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'Page size, 1–200' }),
};

/** The cursor of the next page, in a paged list's answer. */
export const NextCursorSchema = Type.Union([Type.String(), Type.Null()], { description: 'Pass as `cursor` for the next page; null on the last page' });
