// What a case workflow was started with, read from the first event of its history: the server
// answers it, no worker is needed (a query would wait for one).
import type { Client } from '@temporalio/client';
import { decodeArrayFromPayloads } from '@temporalio/common/lib/internal-non-workflow/index.js';
import { tsToDate } from '@temporalio/common/lib/time.js';
import type { CaseInput } from '../../../domain/case.js';
import type { CaseWorkflowInput } from '../../../workflows/messages.js';

/** The start of a case workflow: its input, who started it and when. */
export interface StartedCase {
  input: CaseInput;
  startedBy: string;
  startedAt: string;
}

/** The start of the workflow with this ID (read from its latest run). */
export async function startedCase(client: Client, workflowId: string): Promise<StartedCase> {
  const { history } = await client.workflowService.getWorkflowExecutionHistory({
    namespace: client.options.namespace,
    execution: { workflowId },
    maximumPageSize: 1,
  });
  const first = history?.events?.[0];
  const attributes = first?.workflowExecutionStartedEventAttributes;
  if (!first?.eventTime || !attributes) throw new Error(`workflow ${workflowId} has no start event`);
  const [args] = (await decodeArrayFromPayloads(client.options.loadedDataConverter, attributes.input?.payloads)) as [CaseWorkflowInput];
  // A run that continued the case carries when the case started; its own start is later.
  return { input: args.case, startedBy: args.startedBy, startedAt: args.carried?.view.startedAt ?? tsToDate(first.eventTime).toISOString() };
}
