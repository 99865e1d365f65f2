// Liveness and readiness: /readyz answers 200 only when the database and Temporal answer and a
// worker polls the case task queue, naming each part's state either way.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { pingDatabase } from '../../db/health.js';
import { RETRY_AFTER_SECONDS, temporalAnswers, workerPolls } from '../outages.js';

const CheckSchema = Type.Union([Type.Literal('ok'), Type.Literal('failed')]);
const ReadySchema = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('not_ready')]),
  checks: Type.Object({
    database: CheckSchema,
    temporal: CheckSchema,
    worker: Type.Union([Type.Literal('ok'), Type.Literal('missing'), Type.Literal('unknown')], {
      description: 'ok: a worker polled the case task queue in the last minute; missing: none did; unknown: Temporal did not answer',
    }),
    storage: Type.Union([Type.Literal('ok'), Type.Literal('failed')], {
      description: 'The file store answers. Reported, not required: while it fails, file uploads and downloads answer 503 and the rest of the API serves on',
    }),
  }),
});

/** How long each probe may take: a readiness check must answer before its caller gives up. */
const PROBE_MS = 3000;

async function probeCheck(probe: () => Promise<unknown>): Promise<'ok' | 'failed'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), PROBE_MS);
  });
  try {
    await Promise.race([probe(), timeout]);
    return 'ok';
  } catch {
    return 'failed';
  } finally {
    clearTimeout(timer);
  }
}

const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/healthz',
    { config: { access: { public: true } }, schema: { tags: ['ops'], summary: 'The process is alive', response: { 200: Type.Object({ status: Type.Literal('ok') }) } } },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      config: { access: { public: true } },
      schema: { tags: ['ops'], summary: 'The database and Temporal answer, and a worker polls the case task queue', response: { 200: ReadySchema, 503: ReadySchema } },
    },
    async (_request, reply) => {
      const { client, taskQueue } = app.temporal;
      const [database, temporal, worker, storage] = await Promise.all([
        probeCheck(() => pingDatabase(app.db)),
        temporalAnswers(client, PROBE_MS).then((answers) => (answers ? ('ok' as const) : ('failed' as const))),
        workerPolls(client, taskQueue, PROBE_MS).then(
          (polls) => (polls ? ('ok' as const) : ('missing' as const)),
          () => 'unknown' as const,
        ),
        probeCheck(() => app.files.store.ping()),
      ]);
      const ready = database === 'ok' && temporal === 'ok' && worker === 'ok';
      if (!ready) void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks: { database, temporal, worker, storage } });
    },
  );
};

export default healthRoutes;
