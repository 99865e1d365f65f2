// Which sealed payloads a caller of the codec endpoint may open. Each payload names the workflow
// it was sealed for (scripts/lib/payload-codec.ts binds it into the seal, so it cannot be
// relabelled): a case's payloads open for ops whose region covers the case's; a payload that
// names no case (another workflow, or sealed before workflows were recorded) only for ops of the
// whole country, since nothing says whose data it holds.
import type { Payload } from '@temporalio/common';
import { caseRegions } from '../../../db/cases.js';
import type { Db } from '../../../db/client.js';
import { NATIONAL_REGION, regionCovers, type Principal } from '../../../domain/access.js';
import { isSealed, sealedWorkflowId } from '../../../scripts/lib/payload-codec.js';
import { caseNoOfWorkflowId } from '../../../workflows/case-id.js';

/** The payloads of one workflow in one request, and whether the caller may open them. */
export interface WorkflowPayloads {
  /** The workflow ID, or undefined for payloads sealed without one. */
  workflowId: string | undefined;
  caseNo: string | undefined;
  /** Positions in the request. */
  indexes: number[];
  allowed: boolean;
}

/** Groups the sealed payloads by workflow and decides each group. */
export async function payloadAccess(db: Db, principal: Principal, payloads: readonly Payload[]): Promise<WorkflowPayloads[]> {
  const groups = new Map<string | undefined, WorkflowPayloads>();
  payloads.forEach((payload, index) => {
    if (!isSealed(payload)) return;
    const workflowId = sealedWorkflowId(payload);
    let group = groups.get(workflowId);
    if (!group) {
      group = { workflowId, caseNo: workflowId === undefined ? undefined : caseNoOfWorkflowId(workflowId), indexes: [], allowed: false };
      groups.set(workflowId, group);
    }
    group.indexes.push(index);
  });
  const caseNos = [...groups.values()].flatMap((group) => (group.caseNo === undefined ? [] : [group.caseNo]));
  const regions = await caseRegions(db, caseNos);
  for (const group of groups.values()) {
    const region = group.caseNo === undefined ? undefined : regions.get(group.caseNo);
    group.allowed = region === undefined ? principal.region === NATIONAL_REGION : regionCovers(principal.region, region);
  }
  return [...groups.values()];
}
