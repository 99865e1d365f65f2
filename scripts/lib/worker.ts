// The case worker, built the same way by the worker process, `npm start` and the tests.
import { fileURLToPath } from 'node:url';
import type { PayloadCodec } from '@temporalio/common';
import { makeWorkflowExporter, OpenTelemetryActivityInboundInterceptor, OpenTelemetryActivityOutboundInterceptor } from '@temporalio/interceptors-opentelemetry';
import { NativeConnection, Worker, type ActivityInterceptorsFactory, type WorkerOptions } from '@temporalio/worker';
import type { AdapterConfig } from '../../activities/adapters/outbox.js';
import { redactDatabaseErrors } from '../../activities/database-error-interceptor.js';
import { countActivityFailures } from '../../activities/failure-metrics-interceptor.js';
import { createActivities } from '../../activities/index.js';
import { carryRequestId } from '../../activities/request-id-interceptor.js';
import type { Db } from '../../db/client.js';
import type { Registry } from 'prom-client';
import type { TemporalTarget } from './temporal-connection.js';
import type { Tracing } from './tracing.js';
import { positiveIntSetting } from '../config.js';

/** The workflow bundle's entry file. */
export const workflowsPath = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));

/**
 * The workflow interceptor modules every bundle holds: the request ID's, and the SDK's tracing
 * ones, which a case turns on only when its start carried a trace context
 * (workflows/tracing-interceptors.ts): the same bundle, tracing on or off, replays every history.
 */
export const workflowInterceptorModules = ['../../workflows/tracing-interceptors.ts', '../../workflows/request-id-interceptors.ts'].map((file) =>
  fileURLToPath(new URL(file, import.meta.url)),
);

/** The SDK's activity span (linked to the workflow's through the headers), and trace IDs in its log lines. */
const traceActivities: ActivityInterceptorsFactory = (ctx) => ({
  inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
  outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
});

/** How long a workflow task waits for the worker that ran the workflow last before any worker may take it. */
export const STICKY_QUEUE_TIMEOUT = '3 seconds';

/** What a case worker needs. */
export interface CaseWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  db: Db;
  /** Seals every payload the worker sends and opens those it reads (scripts/lib/payload-keys.ts). */
  payloadCodec: PayloadCodec;
  /** A prebuilt bundle with workflowInterceptorModules (tests build it once per file); by default the worker bundles itself. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Where outbound messages go (scripts/lib/adapter-config.ts); by default they are only recorded. */
  adapters?: AdapterConfig;
  /** Where failed activity attempts are counted (the process's metrics registry); none: not counted. */
  metrics?: Registry;
  /** The process's tracing, when on (scripts/lib/tracing.ts). */
  tracing?: Tracing;
}

/** Creates the worker that runs case workflows and their activities. */
export async function createCaseWorker(options: CaseWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath }),
    dataConverter: { payloadCodecs: [options.payloadCodec] },
    activities: createActivities({ db: options.db, adapters: options.adapters, problemEscalationWorkingDays: positiveIntSetting('PROBLEM_ESCALATION_WORKING_DAYS') }),
    interceptors: {
      // Failures counted outermost (the count sees the failure as Temporal will, after redaction),
      // inside the activity's span.
      activity: [
        ...(options.tracing ? [traceActivities] : []),
        ...(options.metrics ? [countActivityFailures(options.metrics)] : []),
        carryRequestId,
        redactDatabaseErrors,
      ],
      // A prebuilt bundle holds them already (bundled with workflowInterceptorModules).
      ...(options.workflowBundle ? {} : { workflowModules: workflowInterceptorModules }),
    },
    // A traced case's workflow makes its spans in its sandbox and hands them out through this
    // sink; without tracing here they are dropped (the case may have been started traced).
    sinks: { exporter: options.tracing ? makeWorkflowExporter(options.tracing.processor, options.tracing.resource) : { export: { fn: () => {} } } },
    // A workflow task waiting for a worker that died moves to the shared queue, where any worker
    // takes it, after this (default 10 s): the case goes on within seconds (README "When a part is down").
    stickyQueueScheduleToStartTimeout: STICKY_QUEUE_TIMEOUT,
  });
}

/** Opens the worker's connection to Temporal. */
export async function connectWorker(target: TemporalTarget): Promise<NativeConnection> {
  return NativeConnection.connect({
    address: target.address,
    ...(target.tls !== undefined ? { tls: target.tls } : {}),
    ...(target.apiKey ? { apiKey: target.apiKey } : {}),
  });
}
