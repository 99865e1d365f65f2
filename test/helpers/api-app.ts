// The real API on the shared dev server and a fresh database — with, on request, a real case
// worker (real activities) on the app's own task queue, for tests that drive cases end to end.
import type { Client } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { inject } from 'vitest';
import { buildApp, type AppDeps } from '../../api/app.js';
import type { Database } from '../../db/client.js';
import { connectClient } from '../../scripts/lib/temporal-client.js';
import type { Tracing } from '../../scripts/lib/tracing.js';
import { createCaseWorker } from '../../scripts/lib/worker.js';
import type { FileServices } from '../../api/files/services.js';
import { testFileServices } from './blob-stores.js';
import { bundleWorkflows } from './bundle.js';
import { seedCatalogue } from './catalogue-fixture.js';
import { createTestDatabase } from './database.js';
import { testPayloadCodec } from './payload-codec.js';
import { verifyToken } from './tokens.js';

/** A running test app and what it stands on. */
export interface TestApp {
  app: FastifyInstance;
  database: Database;
  client: Client;
  close(): Promise<void>;
}

/** What a test app needs beyond the defaults. */
export interface TestAppOptions {
  rateLimitPerMinute?: number;
  /** Run a case worker beside the app, and seed the example catalogue it resolves cases against. */
  withWorker?: boolean;
  /** The app's logger (default: none). */
  logger?: AppDeps['logger'];
  /** A hook after the access checks (see AppDeps). */
  afterAccess?: AppDeps['afterAccess'];
  /** Another Temporal frontend than the shared dev server (one a test stops, say). */
  temporalAddress?: string;
  /** The Temporal deadlines (default: the settings' defaults). */
  rpcTimeoutMs?: number;
  actionWaitMs?: number;
  /** The registry request timings and case starts are counted into (default: none). */
  metrics?: AppDeps['metrics'];
  /** Tracing for the app, its client and its worker, as a process with an OTLP endpoint runs them. */
  tracing?: Tracing;
  /** The file store and limits (default: a folder store in a temp folder of its own, removed on close). */
  files?: FileServices;
}

/** Builds the app against the shared dev server and a fresh, migrated database. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const address = options.temporalAddress ?? inject('devServerAddress');
  const taskQueue = `test-app-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const database = await createTestDatabase();
  // The API's own client settings (reconnecting, retrying), as production opens it.
  // Sealed as in production: the client and the worker share the test key.
  const payloadCodec = testPayloadCodec();
  const client = await connectClient({ address, namespace: 'default', taskQueue }, payloadCodec, { traced: options.tracing !== undefined });
  const { connection } = client;
  let worker: { run: Promise<void>; instance: Worker; connection: NativeConnection } | undefined;
  if (options.withWorker) {
    await seedCatalogue(database.db);
    const workerConnection = await NativeConnection.connect({ address });
    const instance = await createCaseWorker({
      connection: workerConnection,
      namespace: 'default',
      taskQueue,
      db: database.db,
      payloadCodec,
      workflowBundle: await bundleWorkflows(),
      ...(options.tracing ? { tracing: options.tracing } : {}),
    });
    worker = { instance, connection: workerConnection, run: instance.run() };
  }
  const ownFiles = options.files ? undefined : await testFileServices('folder');
  const app = await buildApp({
    files: options.files ?? ownFiles!.services,
    temporal: {
      client,
      taskQueue,
      uiUrl: 'http://localhost:8233',
      ...(options.rpcTimeoutMs ? { rpcTimeoutMs: options.rpcTimeoutMs } : {}),
      ...(options.actionWaitMs ? { actionWaitMs: options.actionWaitMs } : {}),
    },
    db: database.db,
    listen: database.listen,
    verifyToken,
    payloadCodec,
    ...(options.rateLimitPerMinute ? { rateLimitPerMinute: options.rateLimitPerMinute } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.afterAccess ? { afterAccess: options.afterAccess } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.tracing ? { tracer: options.tracing.tracer } : {}),
  });
  return {
    app,
    database,
    client,
    async close() {
      await app.close();
      if (worker) {
        worker.instance.shutdown();
        await worker.run;
        await worker.connection.close();
      }
      await connection.close();
      await database.close();
      await ownFiles?.close();
    },
  };
}
