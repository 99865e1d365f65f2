// Delivery of an outbox message as a signed HTTP POST. The receiver checks
// X-Shenguan-Signature = "sha256=" + hex(HMAC-SHA256(secret, timestamp + "." + body)) and drops
// a repeated Idempotency-Key, so a delivery retried after a lost answer is applied only once.
import { createHmac } from 'node:crypto';

/** Where and how one channel's messages are sent. */
export interface DeliveryTarget {
  url: string;
  secret: string;
  timeoutMs: number;
}

/** A delivery that did not succeed; `status` is the receiver's HTTP status when it answered one. */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** The signature header's value for a body sent at `timestamp` (Unix seconds). */
export function signBody(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * POSTs `body` as JSON, signed, and answers the receiver's JSON answer (undefined when it sends
 * none or no JSON). Throws a DeliveryError on a timeout, a network error or a non-2xx status. Messages name
 * neither the URL (it may hold credentials) nor the body (it may hold a phone).
 */
export async function postSigned(target: DeliveryTarget, key: string, body: unknown): Promise<unknown> {
  const text = JSON.stringify(body);
  const timestamp = String(Math.floor(Date.now() / 1000));
  let response: Response;
  try {
    response = await fetch(target.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'idempotency-key': key,
        'x-shenguan-timestamp': timestamp,
        'x-shenguan-signature': signBody(target.secret, timestamp, text),
      },
      body: text,
      signal: AbortSignal.timeout(target.timeoutMs),
      redirect: 'error',
    });
  } catch (error) {
    const cause = error as { name?: string; cause?: { code?: string } };
    if (cause.name === 'TimeoutError') throw new DeliveryError(`no answer within ${target.timeoutMs} ms`);
    throw new DeliveryError(`could not reach the receiver (${cause.cause?.code ?? cause.name ?? 'network error'})`);
  }
  const answer = await response.text().catch(() => '');
  if (!response.ok) throw new DeliveryError(`receiver answered HTTP ${response.status}`, response.status);
  if (!answer || !(response.headers.get('content-type') ?? '').includes('json')) return undefined;
  try {
    return JSON.parse(answer) as unknown;
  } catch {
    // Delivered all the same (2xx); a caller that needs the answer checks its shape.
    return undefined;
  }
}
