// Workflow interceptors (bundled with every case worker): the SDK's OpenTelemetry interceptors, on
// for a workflow whose start carried a trace context and off for any other. They change when the
// workflow's promises settle, so a history recorded with them does not replay without them, nor
// one recorded without them with them. Deciding by the start's headers, which the history holds,
// keeps each case as it began whatever the worker replaying it is configured with: every recorded
// history (none traced) replays as it was, and a case started with tracing on stays traced.
import { TRACE_HEADER } from '@temporalio/interceptors-opentelemetry/lib/instrumentation.js';
import { OpenTelemetryInboundInterceptor, OpenTelemetryInternalsInterceptor, OpenTelemetryOutboundInterceptor } from '@temporalio/interceptors-opentelemetry/lib/workflow/index.js';
import type { WorkflowInterceptorsFactory } from '@temporalio/workflow';

export const interceptors: WorkflowInterceptorsFactory = () => {
  // Per workflow execution: set by its start, before any of its activities is scheduled.
  let traced = false;
  const inbound = new OpenTelemetryInboundInterceptor();
  const outbound = new OpenTelemetryOutboundInterceptor();
  return {
    inbound: [
      {
        execute: (input, next) => {
          traced = TRACE_HEADER in input.headers;
          return traced ? inbound.execute(input, next) : next(input);
        },
        handleSignal: (input, next) => (traced ? inbound.handleSignal(input, next) : next(input)),
        handleUpdate: (input, next) => (traced ? inbound.handleUpdate(input, next) : next(input)),
        validateUpdate: (input, next) => (traced ? inbound.validateUpdate(input, next) : next(input)),
        handleQuery: (input, next) => (traced ? inbound.handleQuery(input, next) : next(input)),
      },
    ],
    outbound: [
      {
        scheduleActivity: (input, next) => (traced ? outbound.scheduleActivity(input, next) : next(input)),
        scheduleLocalActivity: (input, next) => (traced ? outbound.scheduleLocalActivity(input, next) : next(input)),
        startChildWorkflowExecution: (input, next) => (traced ? outbound.startChildWorkflowExecution(input, next) : next(input)),
        signalWorkflow: (input, next) => (traced ? outbound.signalWorkflow(input, next) : next(input)),
        continueAsNew: (input, next) => (traced ? outbound.continueAsNew(input, next) : next(input)),
        getLogAttributes: (input, next) => (traced ? outbound.getLogAttributes(input, next) : next(input)),
      },
    ],
    // Releases the sandbox's context manager, traced or not.
    internals: [new OpenTelemetryInternalsInterceptor()],
  };
};
