// The one rule for a request that fails because another part is down: which part (the database,
// the Temporal service, the case worker), how long to wait before asking again, and the short
// deadlines every Temporal call of the API runs under. The error handler answers 503 by it and
// /readyz reports by the same probes.
import { isGrpcServiceError, WorkflowUpdateRPCTimeoutOrCancelledError, type Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';

/** A part the API depends on. */
export type Part = 'database' | 'temporal' | 'worker' | 'storage' | 'scanner';

/** Each part as staff know it. */
export const partNames: Record<Part, string> = { database: '数据库', temporal: 'Temporal 服务', worker: '工作进程（worker）', storage: '文件存储', scanner: '病毒扫描服务' };

/** A call to a part that did not answer, named by the code that made it (the file store, the scanner). */
export class PartDownError extends Error {
  constructor(
    readonly part: Part,
    cause: unknown,
  ) {
    super(`${part} unavailable`, { cause });
    this.name = 'PartDownError';
  }
}

/** Seconds a client waits before asking again (the `Retry-After` of every 503). */
export const RETRY_AFTER_SECONDS = 5;

/** How long the probes that name the part behind a timeout may take (they are cheap calls). */
export const PROBE_MS = 1000;

// gRPC status codes (grpc-js `status`): the client package does not re-export them.
const GRPC_CANCELLED = 1;
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_FAILED_PRECONDITION = 9;
const GRPC_UNAVAILABLE = 14;
/** What the server says to a query of a workflow whose task queue no worker polls (FAILED_PRECONDITION). */
const NO_POLLER = /no poller seen/i;

// postgres.js names its connection failures; Node names the socket's; SQLSTATE class 08 is a
// connection exception, 57P01–57P03 a server shutting down or starting, 53300 no free connection.
const connectionCodes = new Set(['CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT', 'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'EAI_AGAIN', 'EPIPE', '57P01', '57P02', '57P03', '53300']);

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e: unknown = error; e instanceof Error && chain.length < 10; e = e.cause) chain.push(e);
  return chain;
}

function databaseDown(error: unknown): boolean {
  const code = String((error as { code?: unknown }).code ?? '');
  // An embedded PGlite that was closed says so in its message only.
  return connectionCodes.has(code) || code.startsWith('08') || (error instanceof Error && error.message === 'PGlite is closed');
}

/**
 * What an error says is down: the database, Temporal or the worker for certain, or `timeout` when
 * a Temporal call ran out of its deadline or was cut short (Temporal slow or gone, or no worker to
 * answer); undefined when the error is not an outage.
 */
export function outageOf(error: unknown): Part | 'timeout' | undefined {
  for (const e of causes(error)) {
    if (e instanceof PartDownError) return e.part;
    if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return 'timeout';
    // A call cut short as its connection broke (a server or worker gone mid-call): the probes tell which.
    if (isGrpcServiceError(e) && (e.code === GRPC_DEADLINE_EXCEEDED || e.code === GRPC_CANCELLED)) return 'timeout';
    if (isGrpcServiceError(e) && e.code === GRPC_FAILED_PRECONDITION && NO_POLLER.test(e.details ?? e.message)) return 'worker';
    if (isGrpcServiceError(e) && e.code === GRPC_UNAVAILABLE) return 'temporal';
    if (databaseDown(e)) return 'database';
  }
  return undefined;
}

/** Whether the error is an action that ran out of its wait: it was sent and may still be applied. */
export const isActionTimeout = (error: unknown): boolean => causes(error).some((e) => e instanceof WorkflowUpdateRPCTimeoutOrCancelledError);

/** Runs Temporal calls under a deadline `ms` from now: past it they fail with DEADLINE_EXCEEDED. */
export function withinMs<T>(client: Client, ms: number, call: () => Promise<T>): Promise<T> {
  return client.withDeadline(Date.now() + ms, call);
}

/** Runs a Temporal call (a query, a start) under the API's short RPC deadline. */
export function temporalCall<T>(app: FastifyInstance, call: () => Promise<T>): Promise<T> {
  return withinMs(app.temporal.client, app.temporal.rpcTimeoutMs, call);
}

/** Whether the Temporal service answers within `ms`. */
export async function temporalAnswers(client: Client, ms: number): Promise<boolean> {
  try {
    await withinMs(client, ms, () => client.connection.workflowService.getSystemInfo({}));
    return true;
  } catch {
    return false;
  }
}

// temporal.api.enums.v1: TASK_QUEUE_KIND_NORMAL, TASK_QUEUE_TYPE_WORKFLOW.
const TASK_QUEUE_KIND_NORMAL = 1;
const TASK_QUEUE_TYPE_WORKFLOW = 1;
// A live worker renews its long poll at least once a minute (the server's poll expiry); the server
// remembers a poller for minutes after it is gone, so only a recent poll counts.
const POLLER_FRESH_MS = 70_000;

/** Whether a worker polled the task queue's workflow tasks lately; throws when Temporal does not answer within `ms`. */
export async function workerPolls(client: Client, taskQueue: string, ms: number): Promise<boolean> {
  const { pollers } = await withinMs(client, ms, () =>
    client.connection.workflowService.describeTaskQueue({
      namespace: client.options.namespace,
      taskQueue: { name: taskQueue, kind: TASK_QUEUE_KIND_NORMAL },
      taskQueueType: TASK_QUEUE_TYPE_WORKFLOW,
    }),
  );
  const since = Date.now() - POLLER_FRESH_MS;
  return pollers.some((poller) => Number(poller.lastAccessTime?.seconds ?? 0) * 1000 >= since);
}

/** After a Temporal call ran out of time: the part that is down, or undefined when both answer (slow, not down). */
export async function partBehindTimeout(client: Client, taskQueue: string, ms: number): Promise<Exclude<Part, 'database'> | undefined> {
  // Both asked at once: an answer waits for one probe's deadline at most.
  const [answers, polls] = await Promise.all([temporalAnswers(client, ms), workerPolls(client, taskQueue, ms).catch(() => undefined)]);
  if (!answers || polls === undefined) return 'temporal';
  return polls ? undefined : 'worker';
}
