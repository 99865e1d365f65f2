// The case worker, built the same way by the worker process, `npm start` and the tests.
import { fileURLToPath } from 'node:url';
import type { PayloadCodec } from '@temporalio/common';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { AdapterConfig } from '../../activities/adapters/outbox.js';
import { redactDatabaseErrors } from '../../activities/database-error-interceptor.js';
import { countActivityFailures } from '../../activities/failure-metrics-interceptor.js';
import { createActivities } from '../../activities/index.js';
import type { Db } from '../../db/client.js';
import type { Registry } from 'prom-client';
import type { TemporalTarget } from './temporal-connection.js';

/** The workflow bundle's entry file. */
export const workflowsPath = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));

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
  /** A prebuilt bundle (tests build it once per file); by default the worker bundles itself. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Where outbound messages go (scripts/lib/adapter-config.ts); by default they are only recorded. */
  adapters?: AdapterConfig;
  /** Where failed activity attempts are counted (the process's metrics registry); none: not counted. */
  metrics?: Registry;
}

/** Creates the worker that runs case workflows and their activities. */
export async function createCaseWorker(options: CaseWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath }),
    dataConverter: { payloadCodecs: [options.payloadCodec] },
    activities: createActivities({ db: options.db, adapters: options.adapters }),
    // Counted outermost: the count sees the failure as Temporal will, after redaction.
    interceptors: { activity: [...(options.metrics ? [countActivityFailures(options.metrics)] : []), redactDatabaseErrors] },
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
