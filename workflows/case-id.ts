/** The workflow ID of a case: the business key, so a second start with the same number is refused. */
export function caseWorkflowId(caseNo: string): string {
  return `case:${caseNo}`;
}

/** The case number of a case's workflow ID, or undefined for any other workflow. */
export function caseNoOfWorkflowId(workflowId: string): string | undefined {
  return workflowId.startsWith('case:') ? workflowId.slice('case:'.length) : undefined;
}
