// Starting a case whose number this process has claimed (db/case-numbers.ts): the API's own start
// and a record from another system (api/external-raise.ts) start cases the same way.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { confirmCaseNumber, releaseCaseNumber, type CaseNumberClaim } from '../../../db/case-numbers.js';
import { bindArchive } from '../../../db/files.js';
import { writeStartedCase } from '../../../db/read-model.js';
import type { CaseInput } from '../../../domain/case.js';
import { startedView } from '../../../domain/case/state.js';
import type { caseWorkflow } from '../../../workflows/case-workflow.js';
import { temporalCall } from '../../outages.js';
import { caseStartOptions } from './start-options.js';

/**
 * Starts the workflow of a claimed case, then confirms its number and writes its first read-model
 * row, so it reads at once, and binds its archive's files to it. A failed start frees the number (a retry finds it free); false when a
 * workflow of that ID exists already, which the caller tells apart.
 */
export async function startClaimedCase(app: FastifyInstance, input: CaseInput, claim: CaseNumberClaim, archiveFileIds: readonly number[] = []): Promise<boolean> {
  try {
    // By name with the type only: the API process never loads workflow code.
    await temporalCall(app, () => app.temporal.client.workflow.start<typeof caseWorkflow>('caseWorkflow', caseStartOptions(input, claim.startedBy, app.temporal.taskQueue)));
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
    await releaseCaseNumber(app.db, claim);
    throw error;
  }
  await Promise.all([
    confirmCaseNumber(app.db, claim),
    writeStartedCase(app.db, startedView(input, claim.startedBy, new Date().toISOString())),
    // The archive's files now belong to the case, and are read with its scope.
    bindArchive(app.db, input.caseNo, archiveFileIds),
  ]);
  return true;
}
