// Telling a problem record's workflow that the problem changed (signal-with-start, so a problem
// whose workflow never started — raised while Temporal was away, or raised by a record from
// another system — gets it now). Used by the problem routes and by external records (L13).
import type { FastifyInstance } from 'fastify';
import { problemRef } from '../db/problems.js';
import { problemChangedSignal, problemWorkflowId } from '../workflows/problem-messages.js';
import { temporalCall } from './outages.js';

/** Starts or wakes the problem's escalation clock, within the API's Temporal deadline. */
export async function tellProblemWorkflow(app: FastifyInstance, problemId: number): Promise<void> {
  await temporalCall(app, () =>
    app.temporal.client.workflow.signalWithStart('problemWorkflow', {
      workflowId: problemWorkflowId(problemId),
      taskQueue: app.temporal.taskQueue,
      args: [{ problemId }],
      signal: problemChangedSignal,
      signalArgs: [],
      staticSummary: `问题记录 ${problemRef(problemId)}`,
    }),
  );
}
