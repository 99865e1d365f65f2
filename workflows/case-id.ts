const CASE_PREFIX = 'case:';

/** The workflow ID of a case: the business key, so a second start with the same number is refused. */
export function caseWorkflowId(caseNo: string): string {
  return `${CASE_PREFIX}${caseNo}`;
}

/** The case number a workflow ID names, or undefined for a workflow that is no case's (the sampling draw). */
export function caseNoOf(workflowId: string): string | undefined {
  return workflowId.startsWith(CASE_PREFIX) ? workflowId.slice(CASE_PREFIX.length) : undefined;
}

/** The case number of a case's workflow ID, or undefined for any other workflow. */
export function caseNoOfWorkflowId(workflowId: string): string | undefined {
  return workflowId.startsWith('case:') ? workflowId.slice('case:'.length) : undefined;
}
