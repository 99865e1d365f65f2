// Coordinators' problem records (问题记录, Dongli 二 3, 四 3(2)). Pure: the statuses, the coordinator
// levels a problem climbs, and which step is allowed in which status. A level-2 coordinator (per
// item or 科室) reports what it cannot solve in its department, with the measures taken, to its
// level-1 coordinator; level 1 coordinates with the other side's coordinators; level 3 (the
// leader) takes what is left to a consultation (会商).

/** Where a problem stands. */
export const problemStatuses = ['open', 'in_progress', 'resolved', 'referred'] as const;
/** One status. */
export type ProblemStatus = (typeof problemStatuses)[number];

/** The Chinese name of each status, for staff. */
export const problemStatusNames: Record<ProblemStatus, string> = { open: '待处理', in_progress: '处理中', resolved: '已解决', referred: '已提交会商' };

/** What a problem is about. */
export const problemSubjectKinds = ['case', 'task', 'item', 'general'] as const;
/** One kind of subject. */
export type ProblemSubjectKind = (typeof problemSubjectKinds)[number];

/** The steps of a problem's timeline. */
export const problemActions = ['raised', 'commented', 'measure-added', 'escalated', 'auto-escalated', 'resolved', 'referred', 'consultation-linked'] as const;
/** One step. */
export type ProblemAction = (typeof problemActions)[number];

/** Coordinator levels. */
export type CoordinatorLevel = 1 | 2 | 3;

/**
 * The order a problem climbs (D 二 3): the item owner (2) reports to the dispatcher (1), who
 * takes it to the leader (3) for a consultation. The same order as deadline escalations.
 */
export const ESCALATION_ORDER: readonly CoordinatorLevel[] = [2, 1, 3];

/** The level above `level` on the escalation path, or undefined at the top (3). */
export function nextLevel(level: number): CoordinatorLevel | undefined {
  const at = ESCALATION_ORDER.indexOf(level as CoordinatorLevel);
  return at < 0 ? undefined : ESCALATION_ORDER[at + 1];
}

/** The level a raised problem goes to: the one above the raiser's (the leader keeps its own). */
export function assignedLevel(raiserLevel: number): CoordinatorLevel {
  return nextLevel(raiserLevel) ?? 3;
}

/** Working days a problem may sit unanswered before it climbs a level (PROBLEM_ESCALATION_WORKING_DAYS). */
export const DEFAULT_PROBLEM_ESCALATION_WORKING_DAYS = 2;

/** Whether a problem is still being followed (its escalation clock runs). */
export const isOpenStatus = (status: string): boolean => status === 'open' || status === 'in_progress';

/** The steps taken through the API. */
export type ProblemStep = 'comment' | 'measure' | 'escalate' | 'resolve' | 'refer' | 'link';

/** Why a step cannot be taken in the problem's state (Chinese, for a 409), or undefined when it can. */
export function stepRefusal(step: ProblemStep, problem: { status: string; level: number }): string | undefined {
  const name = problemStatusNames[problem.status as ProblemStatus] ?? problem.status;
  if (step === 'link') return undefined;
  // After a consultation the leader may still record how it was resolved.
  if (step === 'resolve' && problem.status === 'referred') return undefined;
  if (!isOpenStatus(problem.status)) return `问题记录当前状态为「${name}」，不能再${stepNames[step]}`;
  if (step === 'escalate' && nextLevel(problem.level) === undefined) return '问题已由三级协调员（分管领导）处理，不能再升级；需要时请提交会商';
  return undefined;
}

const stepNames: Record<ProblemStep, string> = { comment: '回复', measure: '补充措施', escalate: '升级', resolve: '办结', refer: '提交会商', link: '关联会商' };

/** The status after a step: an answer (comment or measure) starts the work on an open problem. */
export function statusAfter(step: ProblemStep, status: ProblemStatus): ProblemStatus {
  if (step === 'resolve') return 'resolved';
  if (step === 'refer') return 'referred';
  if ((step === 'comment' || step === 'measure') && status === 'open') return 'in_progress';
  return status;
}

/** Per-department problem figures of the assessment (D 四 3(2): 协调员对发现问题的工作记录及处理情况). */
export interface ProblemFigures {
  /** Problems raised in the period. */
  raised: number;
  /** …of them resolved (by now). */
  resolved: number;
  /** …resolved within the limit: never escalated automatically for sitting unanswered. */
  resolvedInTime: number;
  /** …escalated at least once. */
  escalated: number;
  /** …referred to a consultation (提交会商). */
  referred: number;
  /** …still open or in progress. */
  open: number;
}

/** The counts the query answers for one department. */
export interface ProblemCounts extends ProblemFigures {
  deptCode: string;
}

/** A department's problem figures from the counts (zeros when it raised none). */
export function problemFigures(counts: readonly ProblemCounts[], deptCode: string): ProblemFigures {
  const row = counts.find((c) => c.deptCode === deptCode);
  return { raised: row?.raised ?? 0, resolved: row?.resolved ?? 0, resolvedInTime: row?.resolvedInTime ?? 0, escalated: row?.escalated ?? 0, referred: row?.referred ?? 0, open: row?.open ?? 0 };
}

/** The assessment CSV's problem columns (D 四 3(2): 协调员对发现问题的工作记录及处理情况). */
export const problemCsvColumns: readonly string[] = ['协调员记录问题数', '问题已解决数', '问题按时解决数', '问题升级数', '问题提交会商数', '问题未办结数'];

/** One row's problem cells, in the order of problemCsvColumns. */
export function problemCsvCells(figures: ProblemFigures): string[] {
  return [figures.raised, figures.resolved, figures.resolvedInTime, figures.escalated, figures.referred, figures.open].map(String);
}
