// Custom search attributes of a case workflow. The dev server registers them at start
// (scripts/lib/dev-server.ts) and temporal-compose.yml registers the same names; a test checks both.
// No personal data here: search attributes are visible to everyone with namespace access.
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';
import type { CaseInput, CaseStage } from '../domain/case.js';

/** 办件编号. */
export const caseNoKey = defineSearchAttributeKey('CaseNo', SearchAttributeType.KEYWORD);
/** The applicant's unified social credit code (an enterprise identifier, not personal data). */
export const creditCodeKey = defineSearchAttributeKey('CreditCode', SearchAttributeType.KEYWORD);
/** The approval department's code. */
export const approvalDeptKey = defineSearchAttributeKey('ApprovalDept', SearchAttributeType.KEYWORD);
/** Codes of the supervising divisions linked to the case. */
export const supervisionDivisionsKey = defineSearchAttributeKey('SupervisionDivisions', SearchAttributeType.KEYWORD_LIST);
/** deferral | verification | postCheck | standard. */
export const commitmentModeKey = defineSearchAttributeKey('CommitmentMode', SearchAttributeType.KEYWORD);
/** The case's current stage. */
export const caseStageKey = defineSearchAttributeKey('CaseStage', SearchAttributeType.KEYWORD);
/** The nearest open deadline. */
export const nextDeadlineKey = defineSearchAttributeKey('NextDeadline', SearchAttributeType.DATETIME);
/** True while a deadline was computed on a year whose official arrangement is not loaded. */
export const deadlineProvisionalKey = defineSearchAttributeKey('DeadlineProvisional', SearchAttributeType.BOOL);

/** Every custom search attribute, for registration. */
export const caseSearchAttributes = [
  caseNoKey,
  creditCodeKey,
  approvalDeptKey,
  supervisionDivisionsKey,
  commitmentModeKey,
  caseStageKey,
  nextDeadlineKey,
  deadlineProvisionalKey,
] as const;

/** The type names the temporal CLI and `tctl`/`temporal operator` use for each SDK type. */
export const cliTypeName: Record<SearchAttributeType, string> = {
  TEXT: 'Text',
  KEYWORD: 'Keyword',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

/** The search attributes a case carries in a stage: set at start by the API, upserted by the workflow. */
export function caseSearchAttributePairs(input: CaseInput, stage: CaseStage) {
  return [
    { key: caseNoKey, value: input.caseNo },
    { key: creditCodeKey, value: input.applicant.creditCode },
    { key: approvalDeptKey, value: input.approvalDept },
    { key: commitmentModeKey, value: input.mode },
    { key: caseStageKey, value: stage },
  ] satisfies SearchAttributePair[];
}
