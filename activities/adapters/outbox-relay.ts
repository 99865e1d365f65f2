// The outbox relay: delivers what the adapters recorded, apart from the cases. It claims the due
// messages of every channel with a URL, sends each signed, and on failure tries again later with
// exponential backoff; a refusal no retry mends, or too many attempts, makes the message a dead
// letter for ops. Delivery is at least once (a relay that dies mid-send leaves the message to be
// sent again once its hold lapses); receivers drop a repeated Idempotency-Key.
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { claimDueMessages, markAttemptFailed, markDelivered, type OutboxRow } from '../../db/outbox.js';
import { redactDatabaseError } from '../../db/query-errors.js';
import { outboxChannels, type OutboxChannel } from '../../db/schema/index.js';
import { countDeliveries, type DeliveryObserver, type DeliveryOutcome } from './delivery-metrics.js';
import { DeliveryError, postSigned } from './http-delivery.js';
import { deliveryTarget, envelope, type AdapterContext } from './outbox.js';
import { startRelayLoop, type RelayLoop } from './relay-loop.js';

/** How hard the relay tries. */
export interface RelayPolicy {
  /** Attempts before a message becomes a dead letter. */
  maxAttempts: number;
  /** The wait after the first failed attempt, doubled after each further one… */
  initialBackoffMs: number;
  /** …up to this. */
  maxBackoffMs: number;
  /** Messages claimed (and sent side by side) at a time. */
  batchSize: number;
}

/** 30 s doubling to an hour, 30 attempts: a receiver down for most of a day loses nothing. */
export const defaultRelayPolicy: RelayPolicy = { maxAttempts: 30, initialBackoffMs: 30_000, maxBackoffMs: 3_600_000, batchSize: 20 };

/** The wait before the next attempt after `attempts` failed ones. */
export function backoffMs(attempts: number, policy: RelayPolicy): number {
  return Math.min(policy.initialBackoffMs * 2 ** Math.max(0, attempts - 1), policy.maxBackoffMs);
}

/** Whether an HTTP status is a refusal that sending again would not change (most 4xx). */
export function isPermanentRefusal(status: number | undefined): boolean {
  // 408 timeout, 425 too early, 429 too many requests: the receiver asks to be tried again later.
  return status !== undefined && status >= 400 && status < 500 && ![408, 425, 429].includes(status);
}

/** The channels the relay delivers: those with a URL, but the licence check (asked by its activity). */
export function relayedChannels(ctx: AdapterContext): OutboxChannel[] {
  return outboxChannels.filter((channel) => channel !== 'licence' && ctx.config.urls[channel]);
}

/** What one pass did. */
export type RelayPass = Record<DeliveryOutcome, number>;

/**
 * Delivers the messages due at `now` (one batch). `now` is the relay's clock: tests pass one to
 * step through a day of backoff without waiting. `observe` hears each attempt's outcome (the metrics).
 */
export async function relayDue(ctx: AdapterContext, policy: RelayPolicy = defaultRelayPolicy, now: Date = new Date(), observe?: DeliveryObserver): Promise<RelayPass> {
  // Held long enough for every send of the batch (side by side, each bounded by the timeout).
  const heldUntil = new Date(now.getTime() + ctx.config.timeoutMs + 60_000).toISOString();
  const rows = await claimDueMessages(ctx.db, { channels: relayedChannels(ctx), now: now.toISOString(), heldUntil, limit: policy.batchSize });
  const outcomes = await Promise.all(
    rows.map(async (row) => {
      const outcome = await relayOne(ctx, row, policy, now);
      observe?.(row.channel, outcome);
      return outcome;
    }),
  );
  return {
    delivered: outcomes.filter((o) => o === 'delivered').length,
    retrying: outcomes.filter((o) => o === 'retrying').length,
    dead: outcomes.filter((o) => o === 'dead').length,
  };
}

async function relayOne(ctx: AdapterContext, row: OutboxRow, policy: RelayPolicy, now: Date): Promise<DeliveryOutcome> {
  let response: unknown;
  try {
    response = await postSigned(deliveryTarget(ctx.config, row.channel)!, row.key, envelope(row));
  } catch (error) {
    // DeliveryError messages name neither the URL nor the body (no phone); anything else is hidden.
    const message = error instanceof DeliveryError ? error.message : 'delivery failed';
    const attempts = row.attempts + 1;
    const dead = attempts >= policy.maxAttempts || (error instanceof DeliveryError && isPermanentRefusal(error.status));
    const retryAt = dead ? null : new Date(now.getTime() + backoffMs(attempts, policy)).toISOString();
    await markAttemptFailed(ctx.db, row.id, message, retryAt);
    return dead ? 'dead' : 'retrying';
  }
  await markDelivered(ctx.db, row.id, response);
  return 'delivered';
}

/** A running relay loop. */
export type OutboxRelay = RelayLoop;

/** What the relay loop needs beyond the adapters. */
export interface RelayLoopOptions {
  logger: Pick<Logger, 'info' | 'warn'>;
  /** Pause between passes when nothing more is due. */
  intervalMs?: number;
  policy?: RelayPolicy;
  /** Where delivery attempts are counted (the process's metrics registry); none: not counted. */
  metrics?: Registry;
}

/** Runs relay passes until stopped: back to back while full batches come, else every `intervalMs`. */
export function startOutboxRelay(ctx: AdapterContext, { logger, intervalMs = 2_000, policy = defaultRelayPolicy, metrics }: RelayLoopOptions): OutboxRelay {
  const observe = metrics ? countDeliveries(metrics) : undefined;
  const loop = startRelayLoop(async () => {
    try {
      const pass = await relayDue(ctx, policy, new Date(), observe);
      if (pass.retrying + pass.dead > 0) logger.warn(pass, 'outbox relay: deliveries failed');
      return pass.delivered + pass.retrying + pass.dead >= policy.batchSize;
    } catch (error) {
      // The database is away: the next pass tries again; no values of the query in the log.
      logger.warn({ err: redactDatabaseError(error) }, 'outbox relay pass failed');
      return false;
    }
  }, intervalMs);
  logger.info({ channels: relayedChannels(ctx) }, 'outbox relay started');
  return loop;
}
