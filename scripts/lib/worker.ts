// The case worker, built the same way by the worker process, `npm start` and the tests.
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { AdapterConfig } from '../../activities/adapters/outbox.js';
import { redactDatabaseErrors } from '../../activities/database-error-interceptor.js';
import { createActivities } from '../../activities/index.js';
import type { Db } from '../../db/client.js';
import type { TemporalTarget } from './temporal-connection.js';

/** The workflow bundle's entry file. */
export const workflowsPath = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));

/** What a case worker needs. */
export interface CaseWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  db: Db;
  /** A prebuilt bundle (tests build it once per file); by default the worker bundles itself. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Where outbound messages go (scripts/lib/adapter-config.ts); by default they are only recorded. */
  adapters?: AdapterConfig;
}

/** Creates the worker that runs case workflows and their activities. */
export async function createCaseWorker(options: CaseWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath }),
    activities: createActivities({ db: options.db, adapters: options.adapters }),
    interceptors: { activity: [redactDatabaseErrors] },
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
