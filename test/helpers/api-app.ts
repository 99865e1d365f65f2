// The real API on the shared dev server and a fresh database, for route tests that need no worker.
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { inject } from 'vitest';
import { buildApp } from '../../api/app.js';
import type { Database } from '../../db/client.js';
import { createTestDatabase } from './database.js';
import { verifyToken } from './tokens.js';

/** A running test app and what it stands on. */
export interface TestApp {
  app: FastifyInstance;
  database: Database;
  client: Client;
  close(): Promise<void>;
}

/** Builds the app against the shared dev server and a fresh, migrated database. */
export async function createTestApp(options: { taskQueue?: string; rateLimitPerMinute?: number } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const connection = await Connection.connect({ address: inject('devServerAddress') });
  const client = new Client({ connection, namespace: 'default' });
  const app = await buildApp({
    temporal: { client, taskQueue: options.taskQueue ?? `unused-${process.pid}`, uiUrl: 'http://localhost:8233' },
    db: database.db,
    verifyToken,
    ...(options.rateLimitPerMinute ? { rateLimitPerMinute: options.rateLimitPerMinute } : {}),
  });
  return {
    app,
    database,
    client,
    async close() {
      await app.close();
      await connection.close();
      await database.close();
    },
  };
}
