// Every request the run sends, with its answer and how long it took: the outage table is made
// from these. Unlike the demo's client (scripts/lib/demo/api-client.ts), nothing here throws on a
// status: a 503 during an outage is an answer to count, not an error.
import type { Principal } from '../../domain/access.js';
import type { ApiClient } from '../lib/demo/api-client.js';

/** What a request did: read a case, act on one, start one. */
export type RequestKind = 'read' | 'action' | 'start';

/** One answered (or unanswered: status 0) request. */
export interface Answer {
  kind: RequestKind;
  method: string;
  path: string;
  /** When it was sent (ms since the epoch) and how long the answer took. */
  at: number;
  ms: number;
  /** The HTTP status; 0 when no answer came (connection refused, reset, timed out). */
  status: number;
  /** The body of a 5xx or of an answer the goals do not allow, or why none came. */
  problem?: string;
}

/** A client cut-off, far beyond any goal: an answer this late is as bad as none. */
const CLIENT_TIMEOUT_MS = 60_000;

/** Every answer of the run, in the order they came. */
export const answers: Answer[] = [];

/** An answer the goals allow: 2xx, 409 (refused by the case's state) or 503 (a part is down). */
export const allowedStatus = (status: number): boolean => (status >= 200 && status < 300) || status === 409 || status === 503;

/** Sends one request as `as` and records its answer. */
export async function send<T>(
  api: ApiClient,
  kind: RequestKind,
  as: Principal,
  method: 'GET' | 'POST',
  path: string,
  options: { body?: object; idempotencyKey?: string } = {},
): Promise<{ status: number; body: T | undefined }> {
  const headers: Record<string, string> = { authorization: `Bearer ${await api.token(as)}` };
  if (options.body) headers['content-type'] = 'application/json';
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  const at = Date.now();
  const started = performance.now();
  let status = 0;
  let text = '';
  try {
    const res = await fetch(`${api.apiUrl}${path}`, {
      method,
      headers,
      ...(options.body ? { body: JSON.stringify(options.body) } : {}),
      signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
    });
    status = res.status;
    text = await res.text();
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    text = `无应答：${cause ?? (error as Error).name}`;
  }
  const answer: Answer = { kind, method, path, at, ms: performance.now() - started, status };
  // The body of every 5xx too: a 503 that came too late is reported with what it said.
  if (!allowedStatus(status) || status >= 500) answer.problem = text.slice(0, 500);
  answers.push(answer);
  let body: T | undefined;
  try {
    body = text && status > 0 ? (JSON.parse(text) as T) : undefined;
  } catch {
    body = undefined;
  }
  return { status, body };
}
