/** The workflow ID of a case: the business key, so a second start with the same number is refused. */
export function caseWorkflowId(caseNo: string): string {
  return `case:${caseNo}`;
}
