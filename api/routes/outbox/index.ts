// /api/outbox: what ops need of the outbox — the dead letters, messages the relay will not send
// (nobody to send to, a refusal, or too many attempts), for the region's cases.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listDeadLetters } from '../../../db/outbox.js';
import { principalOf } from '../../plugins/access.js';
import { ErrorSchema } from '../../schemas/common.js';
import { DeadLettersQuerySchema, DeadLettersSchema } from '../../schemas/outbox.js';

const outboxRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/dead-letters',
    {
      config: {
        access: { roles: ['region_admin', 'auditor'], scope: (request) => ({ region: (request.query as { region?: string }).region ?? principalOf(request).region }) },
      },
      schema: {
        tags: ['ops'],
        summary: 'Messages the outbox relay will not send (dead letters) of the region’s cases',
        description:
          'Newest first. A message nobody can receive (no recipient, no phone), refused by its receiver (4xx) or failing every attempt for about a day ' +
          'becomes a dead letter. Listed without address or payload.',
        querystring: DeadLettersQuerySchema,
        response: { 200: DeadLettersSchema, 400: ErrorSchema, 403: ErrorSchema },
      },
    },
    async (request) => listDeadLetters(app.db, request.query.region ?? principalOf(request).region, request.query.limit),
  );
};

export default outboxRoutes;
