// Workflow interceptors (WorkerOptions.interceptors.workflowModules, bundled with every case
// worker): the request ID an API call sent in its headers goes into the workflow's log lines and
// the headers of the activities scheduled for it. Headers and log attributes only: no command is
// added or changed, so every recorded history replays as it was.
import type { Headers } from '@temporalio/common';
import { AsyncLocalStorage, workflowInfo, type WorkflowInterceptorsFactory } from '@temporalio/workflow';
import { caseNoOf } from './case-id.js';
import { requestIdOf, withRequestId } from './request-id.js';

export const interceptors: WorkflowInterceptorsFactory = () => {
  // Per workflow execution (the factory runs once for each), never shared between cases.
  const handling = new AsyncLocalStorage<string>();
  // The last request that reached the case: what the main procedure does next (an activity after
  // an update changed the state, say) is that request's doing.
  let latest: string | undefined;
  const current = () => handling.getStore() ?? latest;
  function within<T>(headers: Headers, run: () => T): T {
    const requestId = requestIdOf(headers);
    if (!requestId) return run();
    latest = requestId;
    return handling.run(requestId, run);
  }
  return {
    inbound: [
      {
        execute: (input, next) => within(input.headers, () => next(input)),
        handleSignal: (input, next) => within(input.headers, () => next(input)),
        handleUpdate: (input, next) => within(input.headers, () => next(input)),
      },
    ],
    outbound: [
      {
        scheduleActivity: (input, next) => next({ ...input, headers: withRequestId(input.headers, current()) }),
        scheduleLocalActivity: (input, next) => next({ ...input, headers: withRequestId(input.headers, current()) }),
        continueAsNew: (input, next) => next({ ...input, headers: withRequestId(input.headers, current()) }),
        getLogAttributes: (input, next) => {
          const requestId = current();
          const caseNo = caseNoOf(workflowInfo().workflowId);
          return next({ ...input, ...(requestId ? { requestId } : {}), ...(caseNo ? { caseNo } : {}) });
        },
      },
    ],
  };
};
