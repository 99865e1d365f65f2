// The state of a case as its workflow holds it and its query answers it (L8–L10, Dongli 一).
import type { CaseInput, CaseOutcome, CaseStage, TimelineEntry } from '../case.js';
import type { CaseAttention } from './attention.js';
import { NATIONAL_DEFAULT, type LinkagePolicy, type PinnedPolicy } from '../policy/linkage-policy.js';
import type { DeadlineKind, DeadlinePlan, DeadlineSpec } from './deadlines.js';
import { finishedTaskStatuses, type LinkageTarget, type SupervisionTask } from './task.js';

/** A deadline the case is waiting on, with its plan and what has been sent for it. */
export interface OpenDeadline extends DeadlinePlan {
  /** Unique within the case, e.g. `view:LYG-1:1`. */
  id: string;
  kind: DeadlineKind;
  taskId?: string;
  /** What it was computed from, so it can be recomputed when a calendar year is loaded. */
  spec: DeadlineSpec;
  warned: boolean;
  escalatedLevels: (1 | 2 | 3)[];
  /** The deadline passed and its consequence (if any) was applied. */
  overdue: boolean;
}

/** A decision the approval department owes. */
export interface PendingDecision {
  /** `commitment`: an overdue deferral or a failed licence check (L8); `revocation`: a division's proposal (L10). */
  kind: 'commitment' | 'revocation';
  taskId?: string;
  reason: string;
  requestedAt: string;
}

/** The case as the workflow holds it. */
export interface CaseView {
  caseNo: string;
  stage: CaseStage;
  outcome?: CaseOutcome;
  input: CaseInput;
  startedAt: string;
  /** The linkage the case was resolved with; later catalogue changes do not alter it. */
  linkage?: LinkageTarget[];
  /** 材料延期 (L8): when the deferred materials arrived; a second submission is refused. */
  materialsSubmittedAt?: string;
  pushedAt?: string;
  tasks: SupervisionTask[];
  deadlines: OpenDeadline[];
  pendingDecisions: PendingDecision[];
  timeline: TimelineEntry[];
  /** Set while the case is in `needs_attention`: the step that failed and why. */
  attention?: CaseAttention;
  /** The region's linkage policy in force at the decision, pinned at the start; absent for cases started before policies were pinned (they run on the national default). */
  policy?: PinnedPolicy;
}

/** The case view at one revision of its workflow, as the read model receives it. */
export interface CaseSnapshot {
  /** Grows with every change the workflow makes; only a newer revision is written. */
  revision: number;
  /** Workflow time of the snapshot: when deadlines and tasks it shows closed stopped being open. */
  at: string;
  view: CaseView;
}

/** The case as it stands when it is started: awaiting its linkage, its start on the timeline. */
export function startedView(input: CaseInput, startedBy: string, startedAt: string): CaseView {
  return {
    caseNo: input.caseNo,
    stage: 'awaiting_linkage',
    input,
    startedAt,
    tasks: [],
    deadlines: [],
    pendingDecisions: [],
    timeline: [{ at: startedAt, actor: startedBy, action: 'case.started', reason: `${input.mode} · ${input.handlingItem}` }],
  };
}

/** The tasks that still need something. */
export function openTasks(view: CaseView): SupervisionTask[] {
  return view.tasks.filter((t) => !finishedTaskStatuses.includes(t.status));
}

/** The task with an ID, or undefined. */
export function findTask(view: CaseView, taskId: string): SupervisionTask | undefined {
  return view.tasks.find((t) => t.taskId === taskId);
}

/** The nearest open deadline, and whether any open deadline is provisional (for search attributes). */
export function deadlineSummary(view: CaseView): { next?: string; provisional: boolean } {
  const next = view.deadlines.map((d) => d.dueAt).sort()[0];
  return { ...(next ? { next } : {}), provisional: view.deadlines.some((d) => d.provisional) };
}

/** The rules a case runs on: its pinned policy's, or the national default for a case that has none. */
export function caseRules(view: CaseView): LinkagePolicy {
  return view.policy?.rules ?? NATIONAL_DEFAULT;
}
