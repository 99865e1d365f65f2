// Errors a handler throws on purpose; the error handler turns them into answers.
import type { Problem } from './schemas/common.js';

/** An error with an HTTP status, a short kind and a staff-facing (Chinese) message. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly kind: string,
    message: string,
    readonly problems?: Problem[],
    readonly stage?: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The message of a 404: `what` names the resource with a trailing space, e.g. `人员 x `. */
export const notFoundMessage = (what: string): string => `${what}不存在`;

/** The row, or a 404 saying what was not found. */
export function found<T>(row: T | undefined, what: string): T {
  if (row === undefined) throw new HttpError(404, 'not_found', notFoundMessage(what));
  return row;
}

/** A 422 answer listing the broken rules, fields named as in the body (like validation answers). */
export function unprocessable(problems: Problem[]): HttpError {
  const body = problems.map((p) => ({ ...p, field: p.field.startsWith('body/') ? p.field : `body/${p.field}` }));
  return new HttpError(422, 'unprocessable', problems.map((p) => p.message).join('；'), body);
}

/** A 400 for a query parameter that passed the schema but breaks a rule of its own (an unreadable cursor, a period backwards). */
export function badQuery(problem: Problem): HttpError {
  return new HttpError(400, 'validation', `请求不符合要求：${problem.message}`, [problem]);
}
