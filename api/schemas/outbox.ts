// Schemas of /api/outbox: the dead letters ops look at.
import { Type } from '@sinclair/typebox';
import { outboxChannels } from '../../db/schema/index.js';
import { Reason, RegionCode } from './organisation.js';

/** Which dead letters: of a region's cases (default the caller's), the newest first. */
export const DeadLettersQuerySchema = Type.Object(
  {
    region: Type.Optional(RegionCode),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'How many of the newest to list' }),
  },
  { additionalProperties: false },
);

/** A message the relay will not send; no address, no payload (personal data stays in the database). */
export const DeadLetterSchema = Type.Object({
  id: Type.Integer(),
  key: Type.String({ description: 'The idempotency key' }),
  channel: Type.Union(outboxChannels.map((c) => Type.Literal(c))),
  recipient: Type.String({ description: 'Person id, division code, `applicant` or the platform' }),
  purpose: Type.String({ description: 'Template or event name' }),
  why: Type.String(),
  caseNo: Type.String(),
  attempts: Type.Integer({ description: 'Attempts made; 0 when there was nobody to send to' }),
  lastError: Type.Union([Type.String(), Type.Null()], { description: 'Why it stopped: no recipient, no phone, or the last answer' }),
  createdAt: Type.String({ description: 'When it was recorded (ISO 8601, UTC)' }),
});

/** The dead letters found, and how many there are in all. */
export const DeadLettersSchema = Type.Object({ total: Type.Integer(), items: Type.Array(DeadLetterSchema) });

/** The dead letter a re-queue names. */
export const DeadLetterParamsSchema = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'The dead letter’s id, as listed' }) });

/** Why a dead letter is sent again (its cause mended). */
export const RequeueInputSchema = Type.Object({ reason: Reason }, { additionalProperties: false });

/** A re-queued message: back with the relay, due at once. */
export const RequeuedSchema = Type.Object({
  id: Type.Integer(),
  key: Type.String(),
  status: Type.Literal('failed', { description: 'Waiting for the relay, as a message to retry' }),
  attempts: Type.Literal(0),
  nextAttemptAt: Type.String({ description: 'When the relay sends it (ISO 8601, UTC): now' }),
});
