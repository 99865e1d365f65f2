// The request ID that ties an API request to the workflow and activity log lines of its case.

/** The Temporal header the ID travels in, from the API's calls to the workflow and its activities. */
export const REQUEST_ID_HEADER = 'shenguan-request-id';

/**
 * An incoming X-Request-Id is kept only when it is short and plain: it goes into every log line
 * and header of the case, so nothing a client sends may break a line or grow it without bound.
 */
const WELL_FORMED = /^[A-Za-z0-9._:-]{1,64}$/;

/** Whether a caller's request ID may be used as it is. */
export function isWellFormedRequestId(value: unknown): value is string {
  return typeof value === 'string' && WELL_FORMED.test(value);
}
