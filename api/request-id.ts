// The ID of the API request being handled, and the client interceptor that sends it to Temporal
// with every start, signal and update, so the case's workflow and activity log lines carry it.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import { isWellFormedRequestId } from '../domain/request-id.js';
import { withRequestId } from '../workflows/request-id.js';

/** The request whose handler is running (set per request by api/plugins/request-log.ts). */
export const currentRequestId = new AsyncLocalStorage<string>();

/** The caller's X-Request-Id when it is well-formed, otherwise a new one. */
export function requestIdFor(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return isWellFormedRequestId(given) ? given : randomUUID();
}

const stamped = <I extends { headers: Parameters<typeof withRequestId>[0] }>(input: I): I => ({
  ...input,
  headers: withRequestId(input.headers, currentRequestId.getStore()),
});

/** Adds the current request's ID to the headers of what the client sends a workflow; queries read only, and go as they are. */
export const requestIdClientInterceptor: WorkflowClientInterceptor = {
  start: (input, next) => next(stamped(input)),
  startWithDetails: (input, next) => next(stamped(input)),
  signal: (input, next) => next(stamped(input)),
  signalWithStart: (input, next) => next(stamped(input)),
  startUpdate: (input, next) => next(stamped(input)),
  startUpdateWithStart: (input, next) => next({ ...input, workflowStartHeaders: withRequestId(input.workflowStartHeaders, currentRequestId.getStore()), updateHeaders: withRequestId(input.updateHeaders, currentRequestId.getStore()) }),
};
