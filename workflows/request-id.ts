// The request ID in Temporal headers, written and read the same way by the API's client, the
// workflow and the activities. Headers are not arguments: adding one changes no command in a
// case's history, so recorded histories replay as they were.
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { isWellFormedRequestId, REQUEST_ID_HEADER } from '../domain/request-id.js';

/** Headers with the request ID added (unchanged without one). */
export function withRequestId<H extends Record<string, Payload>>(headers: H, requestId: string | undefined): H {
  return requestId ? { ...headers, [REQUEST_ID_HEADER]: defaultPayloadConverter.toPayload(requestId) } : headers;
}

/** The request ID the headers carry, if any well-formed one. */
export function requestIdOf(headers: Record<string, Payload> | undefined): string | undefined {
  const payload = headers?.[REQUEST_ID_HEADER];
  if (!payload) return undefined;
  try {
    const value: unknown = defaultPayloadConverter.fromPayload(payload);
    return isWellFormedRequestId(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
