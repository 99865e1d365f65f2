// Liveness and readiness: /readyz answers 200 only when Temporal and the database both answer.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { pingDatabase } from '../../db/health.js';

const CheckSchema = Type.Union([Type.Literal('ok'), Type.Literal('failed')]);
const ReadySchema = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('not_ready')]),
  checks: Type.Object({ temporal: CheckSchema, database: CheckSchema }),
});

async function check(probe: () => Promise<unknown>, timeoutMs: number): Promise<'ok' | 'failed'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
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
    { config: { access: { public: true } }, schema: { tags: ['ops'], summary: 'Temporal and the database answer', response: { 200: ReadySchema, 503: ReadySchema } } },
    async (_request, reply) => {
      const [temporal, database] = await Promise.all([
        check(() => app.temporal.client.connection.workflowService.getSystemInfo({}), 3000),
        check(() => pingDatabase(app.db), 3000),
      ]);
      const ready = temporal === 'ok' && database === 'ok';
      return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks: { temporal, database } });
    },
  );
};

export default healthRoutes;
