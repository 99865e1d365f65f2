// Messages of the case workflow, defined once: the workflow and the API import the same objects.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CaseInput } from '../domain/case.js';
import type {
  DecisionInput,
  InspectionInput,
  RectificationOrderInput,
  RectificationReportInput,
  RevocationProposalInput,
  SubmitMaterialsInput,
  ViewTaskInput,
  WithdrawalInput,
} from '../domain/case/actions.js';
import type { CaseView } from '../domain/case/state.js';
import type { CarriedCase } from './continue-as-new.js';

export type { CaseView } from '../domain/case/state.js';

/**
 * Input of the case workflow: the case as handed over, and who handed it over; a run that
 * continues an earlier one (workflows/continue-as-new.ts) also gets the case's state.
 */
export interface CaseWorkflowInput {
  case: CaseInput;
  startedBy: string;
  /** The state of the case as the previous run left it; absent in a case's first run. */
  carried?: CarriedCase;
  /** History events after which a run continues as new, when not the default (tests lower it). */
  historyLimit?: number;
}

/** Returns the case state. */
export const getCaseQuery = defineQuery<CaseView>('getCase');

/** 材料延期: the deferred materials arrive. */
export const submitMaterialsUpdate = defineUpdate<CaseView, [SubmitMaterialsInput]>('submitMaterials');
/** The approval department decides. */
export const decideUpdate = defineUpdate<CaseView, [DecisionInput]>('decide');
/** The approval platform withdraws the case. */
export const withdrawUpdate = defineUpdate<CaseView, [WithdrawalInput]>('withdraw');
/** A division views its task. */
export const viewTaskUpdate = defineUpdate<CaseView, [ViewTaskInput]>('viewTask');
/** A division records an inspection. */
export const recordInspectionUpdate = defineUpdate<CaseView, [InspectionInput]>('recordInspection');
/** A division orders rectification. */
export const orderRectificationUpdate = defineUpdate<CaseView, [RectificationOrderInput]>('orderRectification');
/** The rectification report arrives. */
export const reportRectificationUpdate = defineUpdate<CaseView, [RectificationReportInput]>('reportRectification');
/** A division proposes revocation. */
export const proposeRevocationUpdate = defineUpdate<CaseView, [RevocationProposalInput]>('proposeRevocation');

/** The catalogue gained a linkage: a case waiting for one looks again. */
export const linkageChangedSignal = defineSignal('linkageChanged');
/** An official calendar year was loaded: provisional deadlines are recomputed. */
export const calendarChangedSignal = defineSignal<[{ year: number }]>('calendarChanged');
