// Tells running cases that something they wait on changed: a linkage appeared in the catalogue,
// or an official calendar year was loaded. A signal lost to a crash delays a case but never
// strands it: cases re-check a linkage every six hours, and the worker's calendar relay tells
// them of a year until every one has been told (scripts/lib/calendar-relay.ts).
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { calendarChangedSignal, linkageChangedSignal } from '../workflows/messages.js';
import { withinMs } from './outages.js';

/** The Temporal client and the deadline of each of its calls. */
type Temporal = Pick<FastifyInstance['temporal'], 'client' | 'rpcTimeoutMs'>;

/** Signals every running case waiting for a linkage; answers how many were told. */
export async function signalCasesAwaitingLinkage(temporal: Temporal, log: FastifyBaseLogger): Promise<number> {
  const { told } = await signalEach(temporal, log, `CaseStage = 'awaiting_linkage' AND ExecutionStatus = 'Running'`, (handle) => handle.signal(linkageChangedSignal));
  return told;
}

/** How a round of signals went: cases told, and running cases that could not be told. */
export interface SignalRound {
  told: number;
  missed: number;
}

/**
 * Signals every running case holding a provisional deadline to recompute it for a loaded year.
 * Throws when the cases cannot be listed (Temporal away).
 */
export async function signalProvisionalCases(temporal: Temporal, log: FastifyBaseLogger, year: number): Promise<SignalRound> {
  return signalEach(temporal, log, `DeadlineProvisional = true AND ExecutionStatus = 'Running'`, (handle) => handle.signal(calendarChangedSignal, { year }));
}

async function signalEach(
  { client, rpcTimeoutMs }: Temporal,
  log: FastifyBaseLogger,
  query: string,
  send: (handle: ReturnType<Client['workflow']['getHandle']>) => Promise<void>,
): Promise<SignalRound> {
  let told = 0;
  let missed = 0;
  // Each call under its own deadline: a page of the list (fetched by `next`) and each signal.
  const executions = client.workflow.list({ query })[Symbol.asyncIterator]();
  for (;;) {
    const next = await withinMs(client, rpcTimeoutMs, () => executions.next());
    if (next.done) break;
    const execution = next.value;
    try {
      await withinMs(client, rpcTimeoutMs, () => send(client.workflow.getHandle(execution.workflowId)));
      told += 1;
    } catch (error) {
      // A case that closed meanwhile needs nothing; any other is missed, for the caller to try again.
      if (error instanceof WorkflowNotFoundError) continue;
      missed += 1;
      log.warn({ workflowId: execution.workflowId, err: error }, 'could not signal case');
    }
  }
  return { told, missed };
}
