// Tells running cases that something they wait on changed: a linkage appeared in the catalogue,
// or an official calendar year was loaded. Cases also re-check on their own (a linkage every six
// hours), so a signal lost to a crash delays a case but never strands it.
import type { Client } from '@temporalio/client';
import type { FastifyBaseLogger } from 'fastify';
import { calendarChangedSignal, linkageChangedSignal } from '../workflows/messages.js';

/** Signals every running case waiting for a linkage; answers how many were told. */
export async function signalCasesAwaitingLinkage(client: Client, log: FastifyBaseLogger): Promise<number> {
  return signalEach(client, log, `CaseStage = 'awaiting_linkage' AND ExecutionStatus = 'Running'`, (handle) => handle.signal(linkageChangedSignal));
}

/** Signals every running case holding a provisional deadline to recompute it for a loaded year. */
export async function signalProvisionalCases(client: Client, log: FastifyBaseLogger, year: number): Promise<number> {
  return signalEach(client, log, `DeadlineProvisional = true AND ExecutionStatus = 'Running'`, (handle) => handle.signal(calendarChangedSignal, { year }));
}

async function signalEach(
  client: Client,
  log: FastifyBaseLogger,
  query: string,
  send: (handle: ReturnType<Client['workflow']['getHandle']>) => Promise<void>,
): Promise<number> {
  let told = 0;
  for await (const execution of client.workflow.list({ query })) {
    try {
      await send(client.workflow.getHandle(execution.workflowId));
      told += 1;
    } catch (error) {
      // A case that closed meanwhile needs nothing; others re-check by themselves.
      log.warn({ workflowId: execution.workflowId, err: error }, 'could not signal case');
    }
  }
  return told;
}
