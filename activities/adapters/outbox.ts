// What every adapter does with a message: record it in the outbox once per key and return. The
// outbox relay (./outbox-relay.ts) delivers it, so a receiver that is down never holds a case
// back. Only the licence check, whose answer the case waits for, is delivered here and now.
import type { Db } from '../../db/client.js';
import { markAttemptFailed, markDelivered, recordMessage, type NewOutboxMessage, type OutboxRow } from '../../db/outbox.js';
import type { OutboxChannel } from '../../db/schema/index.js';
import type { Keyed } from '../contracts.js';
import { DeliveryError, postSigned, type DeliveryTarget } from './http-delivery.js';

/** Where each channel's messages go (unset: recorded only), how they are signed, and the timeout. */
export interface AdapterConfig {
  urls: Partial<Record<OutboxChannel, string>>;
  /** Required as soon as any URL is set. */
  signingSecret?: string | undefined;
  timeoutMs: number;
}

/** No URLs: every adapter only records (the default). */
export const recordOnly: AdapterConfig = { urls: {}, timeoutMs: 10_000 };

/** What an adapter needs. */
export interface AdapterContext {
  db: Db;
  config: AdapterConfig;
}

/** The delivery target of a channel, or undefined when the channel only records. */
export function deliveryTarget(config: AdapterConfig, channel: OutboxChannel): DeliveryTarget | undefined {
  const url = config.urls[channel];
  if (!url) return undefined;
  // scripts/lib/adapter-config.ts refuses this at start; this guards a config built by hand.
  if (!config.signingSecret) throw new Error(`adapter URL for ${channel} is set but ADAPTER_SIGNING_SECRET is not`);
  return { url, secret: config.signingSecret, timeoutMs: config.timeoutMs };
}

/** A message of a keyed request: the request minus its key is the payload. */
export function messageOf<R extends Keyed>(request: R, fields: Pick<NewOutboxMessage, 'channel' | 'recipient' | 'purpose'>): NewOutboxMessage {
  const { key, ...payload } = request;
  return { ...fields, key, caseNo: request.caseNo, why: request.why, payload };
}

/** What goes over the wire: the outbox row without its bookkeeping. */
export function envelope(row: OutboxRow): Record<string, unknown> {
  return {
    key: row.key,
    channel: row.channel,
    purpose: row.purpose,
    caseNo: row.caseNo,
    why: row.why,
    recipient: row.recipient,
    ...(row.address !== null ? { address: row.address } : {}),
    payload: row.payload,
    recordedAt: row.createdAt,
  };
}

/**
 * Delivers a recorded message at once and answers the receiver's answer, for the one caller that
 * needs it (the licence check). On failure — including an answer `accepts` refuses — records the
 * attempt and throws, and Temporal retries the activity with backoff.
 */
export async function deliverNow(ctx: AdapterContext, row: OutboxRow, target: DeliveryTarget, accepts: (answer: unknown) => boolean): Promise<unknown> {
  if (row.status === 'delivered') return row.response ?? undefined;
  let response: unknown;
  try {
    response = await postSigned(target, row.key, envelope(row));
    if (!accepts(response)) throw new DeliveryError('receiver answered in an unexpected shape');
  } catch (error) {
    const message = error instanceof DeliveryError ? error.message : 'delivery failed';
    // The activity's retry is the next attempt; the relay never sends licence checks.
    await markAttemptFailed(ctx.db, row.id, message, new Date().toISOString());
    throw new DeliveryError(`${row.channel} message ${row.key}: ${message}`);
  }
  await markDelivered(ctx.db, row.id, response);
  return response;
}

/** Records a message for the relay to deliver (once per key). */
export async function record(ctx: AdapterContext, message: NewOutboxMessage): Promise<void> {
  await recordMessage(ctx.db, message);
}
