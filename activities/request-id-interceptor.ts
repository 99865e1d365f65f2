// Activity interceptor: every log line of an activity carries the case number and the request ID
// its workflow passed in the headers, and each completed activity writes one info line.
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { caseNoOf } from '../workflows/case-id.js';
import { requestIdOf } from '../workflows/request-id.js';

/** Adds requestId and caseNo to the activity's log attributes. */
export const carryRequestId: ActivityInterceptorsFactory = (ctx) => {
  let requestId: string | undefined;
  const workflowId = ctx.info.workflowExecution?.workflowId;
  const caseNo = workflowId ? caseNoOf(workflowId) : undefined;
  return {
    inbound: {
      async execute(input, next) {
        requestId = requestIdOf(input.headers);
        const started = Date.now();
        const result = await next(input);
        ctx.log.info('activity completed', { durationMs: Date.now() - started });
        return result;
      },
    },
    outbound: {
      getLogAttributes: (input, next) => next({ ...input, ...(requestId ? { requestId } : {}), ...(caseNo ? { caseNo } : {}) }),
    },
  };
};
