// How a case workflow is started: one place for the API's start and the benchmark that compares
// the API with the same start made directly.
import type { WorkflowStartOptions } from '@temporalio/client';
import type { CaseInput } from '../../../domain/case.js';
import { caseWorkflowId } from '../../../workflows/case-id.js';
import type { caseWorkflow } from '../../../workflows/case-workflow.js';
import { caseSearchAttributePairs } from '../../../workflows/search-attributes.js';
import { WORKFLOW_TASK_TIMEOUT } from '../../../workflows/task-timeouts.js';

/** The start of a case's workflow: one workflow per case number for ever, found by its codes. */
export function caseStartOptions(input: CaseInput, startedBy: string, taskQueue: string): WorkflowStartOptions<typeof caseWorkflow> {
  return {
    workflowId: caseWorkflowId(input.caseNo),
    taskQueue,
    args: [{ case: input, startedBy }],
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    workflowIdConflictPolicy: 'FAIL',
    workflowTaskTimeout: WORKFLOW_TASK_TIMEOUT,
    typedSearchAttributes: caseSearchAttributePairs(input, 'awaiting_linkage'),
    staticSummary: `办件 ${input.caseNo} · ${input.mode} · ${input.handlingItem}`,
  };
}
