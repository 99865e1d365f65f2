// A supervision task (监管任务): one per linked division of a pushed case (L9, D 一(一)1), and the
// supervise → rectify → revoke loop it goes through (L10, D 一(二), D 一(三)3).
import type { DeadlineKind } from './deadlines.js';

/**
 * Where a task stands:
 * notified → viewed → (compliant: done) | (noncompliant → rectifying → reinspecting →
 * compliant: done | noncompliant: revocation_due) ; rectifying past its deadline → revocation_due;
 * revocation_due → awaiting_revocation_decision → revoked | declined. Withdrawal: cancelled.
 */
export const taskStatuses = [
  'notified',
  'viewed',
  'noncompliant',
  'rectifying',
  'reinspecting',
  'revocation_due',
  'awaiting_revocation_decision',
  'done',
  'revoked',
  'declined',
  'cancelled',
] as const;
/** One task status. */
export type TaskStatus = (typeof taskStatuses)[number];

/** Statuses in which a task needs nothing more. */
export const finishedTaskStatuses: readonly TaskStatus[] = ['done', 'revoked', 'declined', 'cancelled'];

/**
 * The statuses in which a task still owes what a task deadline of each kind measures. A deadline
 * is open only then: one whose step was done while it was being computed is not opened.
 */
export const deadlineWaitsIn: Readonly<Partial<Record<DeadlineKind, readonly TaskStatus[]>>> = {
  view: ['notified'],
  postCheckStart: ['notified'],
  postCheckFinish: ['notified', 'viewed'],
  rectification: ['rectifying'],
  revocationProposal: ['revocation_due'],
};

/** An inspection result (L10): compliant, or not compliant with findings. */
export type InspectionResult = 'compliant' | 'noncompliant';

/** One recorded inspection. */
export interface Inspection {
  /** When the inspection was carried out. */
  inspectedAt: string;
  /** When its result was recorded. */
  recordedAt: string;
  result: InspectionResult;
  findings?: string;
  /** L10: the result is due within 5 working days of the inspection. */
  resultDueAt: string;
  /** Recorded after resultDueAt. */
  late: boolean;
}

/** The case's link to one supervising division (a copy of the catalogue linkage it was resolved with). */
export interface LinkageTarget {
  supervisingDeptCode: string;
  divisionCode: string;
  subItemCode: string;
  revision: number;
}

/** A supervision task as the case workflow holds it. */
export interface SupervisionTask extends LinkageTarget {
  /** `<caseNo>:<n>`, n counting from 1 in linkage order. */
  taskId: string;
  status: TaskStatus;
  notifiedAt: string;
  viewedAt?: string;
  /** Spot checks: the inspectors drawn with the enterprise (双随机). */
  inspectors?: string[];
  inspections: Inspection[];
  rectification?: { orderedAt: string; dueDate: string; requirements: string; reportedAt?: string; report?: string };
  /** When the finding that makes revocation due was made (a failed re-inspection, or the rectification deadline). */
  revocationDueSince?: string;
  proposal?: { proposedAt: string; reason: string };
  /** The approval department's answer to a revocation proposal. */
  decision?: { decidedAt: string; decision: 'revoke' | 'decline'; explanation: string; documentNo?: string };
}

/** The ID of the n-th task of a case. */
export function taskId(caseNo: string, n: number): string {
  return `${caseNo}:${n}`;
}

/** The case number a task ID belongs to, or undefined when it is not a task ID. */
export function caseNoOfTask(id: string): string | undefined {
  const match = /^(.+):(\d+)$/.exec(id);
  return match ? match[1] : undefined;
}
