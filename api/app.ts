// The API as a Fastify app, apart from its listener (api/server.ts), so tests build it as it runs.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Client } from '@temporalio/client';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Db } from '../db/client.js';
import { installErrorHandler } from './plugins/error-handler.js';
import { installValidation } from './plugins/validation.js';
import casesRoutes from './routes/cases/index.js';
import healthRoutes from './routes/health.js';

/** What the API needs from the process that runs it. */
export interface AppDeps {
  temporal: { client: Client; taskQueue: string; uiUrl: string };
  db: Db;
  logger?: FastifyServerOptions['logger'] | FastifyBaseLogger;
}

declare module 'fastify' {
  interface FastifyInstance {
    temporal: AppDeps['temporal'];
    db: Db;
  }
}

/** Builds the API. The caller owns the Temporal client and the database, and closes them. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const loggerOption =
    deps.logger && typeof deps.logger === 'object' && 'child' in deps.logger ? { loggerInstance: deps.logger } : { logger: deps.logger ?? false };
  const app = Fastify({
    ...loggerOption,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('temporal', deps.temporal);
  app.decorate('db', deps.db);
  installValidation(app);
  installErrorHandler(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'shenguan 审管联动 API', version: '0.1.0', description: 'Approval–supervision linkage: cases, tasks, deadlines.' },
      tags: [
        { name: 'cases', description: '办件: start and inspect approval cases' },
        { name: 'ops', description: 'Health and readiness' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  await app.register(healthRoutes);
  await app.register(casesRoutes, { prefix: '/api/cases' });
  return app;
}
