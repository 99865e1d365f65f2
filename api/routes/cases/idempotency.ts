// Actions safe to retry: an action sent with an `Idempotency-Key` header is applied once. The key is
// the Temporal update's ID, which the server keeps with the case: a retry with the same key — after
// a lost answer, or a 503 that said the action might still be applied — answers the outcome of the
// first, and `GET /api/cases/:caseNo/actions/:key` tells it afterwards.
import { WorkflowNotFoundError } from '@temporalio/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { maskedView } from '../../../domain/case/masked-view.js';
import type { CaseView } from '../../../domain/case/state.js';
import { caseWorkflowId } from '../../../workflows/case-id.js';
import { temporalCall } from '../../outages.js';

/** The header, as Fastify lowercases it. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** The request's idempotency key, or undefined (its shape is checked by the route's header schema). */
export function idempotencyKey(request: FastifyRequest): string | undefined {
  const key = request.headers[IDEMPOTENCY_HEADER];
  return typeof key === 'string' ? key : undefined;
}

/**
 * Whether an error says the case holds no update with that ID. The SDK answers an unknown update
 * as WorkflowNotFoundError ("update … not found"); the case itself was loaded by the scope check.
 */
function isUnknownUpdate(error: unknown): boolean {
  return error instanceof WorkflowNotFoundError;
}

/** The case as the action sent with `key` left it (the phone masked), or undefined when no action of the case has that key. */
export async function priorOutcome(app: FastifyInstance, caseNo: string, key: string): Promise<CaseView | undefined> {
  try {
    return maskedView(await temporalCall(app, () => app.temporal.client.workflow.getHandle(caseWorkflowId(caseNo)).getUpdateHandle<CaseView>(key).result()));
  } catch (error) {
    if (isUnknownUpdate(error)) return undefined;
    throw error;
  }
}
