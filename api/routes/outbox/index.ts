// /api/outbox: what ops need of the outbox — the dead letters, messages the relay will not send
// (nobody to send to, a refusal, or too many attempts), for the region's cases — and sending one
// again once its cause is mended (README "Adapters and the outbox").
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { recordAudit } from '../../../db/audit.js';
import { findMessagePlace, listDeadLetters, requeueDeadLetter } from '../../../db/outbox.js';
import type { OutboxStatus } from '../../../db/schema/index.js';
import { NATIONAL_REGION, type Role } from '../../../domain/access.js';
import { found, HttpError } from '../../errors.js';
import { principalOf, resourceScope } from '../../plugins/access.js';
import { ErrorSchema } from '../../schemas/common.js';
import { DeadLetterParamsSchema, DeadLettersQuerySchema, DeadLettersSchema, RequeuedSchema, RequeueInputSchema } from '../../schemas/outbox.js';

/** Who sees the region's dead letters; its admins and ops send one again (auditors read, never act). */
const deadLetterKeepers: readonly Role[] = ['region_admin', 'auditor', 'ops'];
const deadLetterSenders: readonly Role[] = ['region_admin', 'ops'];

const deadLetterWhat = (id: number) => `死信 ${id} `;

/** Each status as staff know it. */
const statusNames: Record<OutboxStatus, string> = { recorded: '已记录', failed: '待重试', delivered: '已送达', dead: '死信' };

const outboxRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/dead-letters',
    {
      config: {
        access: { roles: deadLetterKeepers, scope: (request) => ({ region: (request.query as { region?: string }).region ?? principalOf(request).region }) },
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

  app.post(
    '/dead-letters/:id/requeue',
    {
      config: {
        access: {
          roles: deadLetterSenders,
          // The message's region is its case's, as in the listing: a case not projected yet is the whole country's.
          scope: async (request) => {
            const { id } = request.params as { id: number };
            const message = found(await findMessagePlace(app.db, id), deadLetterWhat(id));
            return resourceScope(deadLetterWhat(id), { region: message.region ?? NATIONAL_REGION });
          },
        },
      },
      schema: {
        tags: ['ops'],
        summary: 'Send a dead letter again, once its cause is mended',
        description:
          'Puts the message back with the relay: attempts counted from 0, sent at its next pass. Recorded in the audit trail with the reason. ' +
          'A dead letter outside the caller’s region answers 404, as one that does not exist; a message that is not a dead letter (pending, delivered, or re-queued already) answers 409.',
        params: DeadLetterParamsSchema,
        body: RequeueInputSchema,
        response: { 200: RequeuedSchema, 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request) => {
      const { id } = request.params;
      const actor = principalOf(request).sub;
      return app.db.transaction(async (tx) => {
        const before = found(await findMessagePlace(tx, id), deadLetterWhat(id));
        const requeued = await requeueDeadLetter(tx, id);
        if (!requeued) {
          // Read again: a concurrent re-queue may have changed it since.
          const now = (await findMessagePlace(tx, id))?.status ?? before.status;
          throw new HttpError(409, 'conflict', `消息 ${id} 不是死信（当前状态：${statusNames[now]}），无需重新发送`);
        }
        await recordAudit(tx, {
          actor,
          action: 'outbox.requeued',
          entity: 'outbox',
          entityId: String(id),
          reason: request.body.reason,
          details: { key: before.key, before: { attempts: before.attempts, lastError: before.lastError } },
        });
        return { id: requeued.id, key: requeued.key, status: 'failed' as const, attempts: 0 as const, nextAttemptAt: requeued.nextAttemptAt };
      });
    },
  );
};

export default outboxRoutes;
