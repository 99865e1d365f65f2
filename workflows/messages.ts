// Messages of the case workflow, defined once: the workflow and the API import the same objects.
import { defineQuery } from '@temporalio/workflow';
import type { CaseInput, CaseStage, TimelineEntry } from '../domain/case.js';

/** Input of the case workflow: the case as handed over, and who handed it over. */
export interface CaseWorkflowInput {
  case: CaseInput;
  startedBy: string;
}

/** The case as the workflow holds it. */
export interface CaseView {
  caseNo: string;
  stage: CaseStage;
  input: CaseInput;
  startedAt: string;
  timeline: TimelineEntry[];
}

/** Returns the case state. */
export const getCaseQuery = defineQuery<CaseView>('getCase');
