// The case workflow: one durable workflow per approval case (DOMAIN §3).
// This first slice records the start and waits; the commitment, push and supervision phases
// grow here.
import { condition, proxyActivities, setCurrentDetails, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { CaseView, CaseWorkflowInput } from './messages.js';
import { getCaseQuery } from './messages.js';
import { caseSearchAttributePairs } from './search-attributes.js';

const { projectCase } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: ['DomainError'] },
});

/** Runs one approval case from hand-over to close. */
export async function caseWorkflow({ case: input, startedBy }: CaseWorkflowInput): Promise<CaseView> {
  // Workflow time: deterministic on replay.
  const startedAt = workflowInfo().startTime.toISOString();
  const view: CaseView = {
    caseNo: input.caseNo,
    stage: 'started',
    input,
    startedAt,
    timeline: [{ at: startedAt, actor: startedBy, action: 'case.started', reason: `${input.mode} · ${input.handlingItem}` }],
  };
  setHandler(getCaseQuery, () => view);

  // Only codes here: names and phones stay out of search attributes (they are visible to ops).
  upsertSearchAttributes(caseSearchAttributePairs(input, view.stage));
  setCurrentDetails(`**${input.caseNo}** · ${input.mode} · stage: ${view.stage}`);

  await projectCase({ caseNo: input.caseNo, region: input.region, approvalDept: input.approvalDept, creditCode: input.applicant.creditCode, mode: input.mode, stage: view.stage, startedAt });

  // Waits for the phases that follow; nothing closes a case in this slice.
  await condition(() => view.stage === 'closed');
  return view;
}
