// Tells running cases that something they wait on changed: a linkage appeared in the catalogue,
// or an official calendar year was loaded. Cases also re-check on their own (a linkage every six
// hours), so a signal lost to a crash delays a case but never strands it.
import type { Client } from '@temporalio/client';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { calendarChangedSignal, linkageChangedSignal } from '../workflows/messages.js';
import { withinMs } from './outages.js';

/** The Temporal client and the deadline of each of its calls. */
type Temporal = Pick<FastifyInstance['temporal'], 'client' | 'rpcTimeoutMs'>;

/** Signals every running case waiting for a linkage; answers how many were told. */
export async function signalCasesAwaitingLinkage(temporal: Temporal, log: FastifyBaseLogger): Promise<number> {
  return signalEach(temporal, log, `CaseStage = 'awaiting_linkage' AND ExecutionStatus = 'Running'`, (handle) => handle.signal(linkageChangedSignal));
}

/** Signals every running case holding a provisional deadline to recompute it for a loaded year. */
export async function signalProvisionalCases(temporal: Temporal, log: FastifyBaseLogger, year: number): Promise<number> {
  return signalEach(temporal, log, `DeadlineProvisional = true AND ExecutionStatus = 'Running'`, (handle) => handle.signal(calendarChangedSignal, { year }));
}

async function signalEach(
  { client, rpcTimeoutMs }: Temporal,
  log: FastifyBaseLogger,
  query: string,
  send: (handle: ReturnType<Client['workflow']['getHandle']>) => Promise<void>,
): Promise<number> {
  let told = 0;
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
      // A case that closed meanwhile needs nothing; others re-check by themselves.
      log.warn({ workflowId: execution.workflowId, err: error }, 'could not signal case');
    }
  }
  return told;
}
