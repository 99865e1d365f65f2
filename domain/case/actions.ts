// The human actions on a case and when each is refused (409 with the stage and the reason). The
// workflow's update validators and the API's pre-checks call these same rules.
import { civilDateFault } from '../calendar/served-range.js';
import { readableInstant, shanghaiDate, shanghaiTime } from './local-time.js';
import { stageNames, taskStatusNames } from './names.js';
import { findTask, type CaseView } from './state.js';
import type { InspectionResult, SupervisionTask, TaskStatus } from './task.js';
import type { FileRef } from '../files.js';

/** Who acts (the token's subject), and the files the step takes in (uploaded first; IDs and hashes only). */
export interface Actor {
  actor: string;
  files?: FileRef[];
}
/** Deferred materials arrive (材料延期, L8). */
export interface SubmitMaterialsInput extends Actor {
  materials: string[];
}
/** The approval department decides: on a broken commitment (revoke | keep) or on a revocation proposal (revoke | decline). */
export interface DecisionInput extends Actor {
  kind: 'commitment' | 'revocation';
  taskId?: string;
  decision: 'revoke' | 'keep' | 'decline';
  /** The written reason; for a declined proposal, the explanation that goes back to the division. */
  reason: string;
  /** 撤销结果决定书 number, for a revocation. */
  documentNo?: string;
}
/** The approval platform withdraws the case; a spot check is ended by the department that drew it. */
export interface WithdrawalInput extends Actor {
  reason: string;
  /** Which side asks: the approval department (also when absent), or the department that drew a spot check. */
  side?: 'approval' | 'drawing';
}
/** A division views its task. */
export interface ViewTaskInput extends Actor {
  taskId: string;
}
/** A division records an inspection and its result. */
export interface InspectionInput extends Actor {
  taskId: string;
  inspectedAt: string;
  result: InspectionResult;
  findings?: string;
}
/** A division orders rectification by a date (限期整改). */
export interface RectificationOrderInput extends Actor {
  taskId: string;
  dueDate: string;
  requirements: string;
}
/** The applicant's rectification report, recorded by the division. */
export interface RectificationReportInput extends Actor {
  taskId: string;
  report: string;
}
/** A division proposes revoking the licence (撤销行政许可决定). */
export interface RevocationProposalInput extends Actor {
  taskId: string;
  reason: string;
}

const stageIs = (view: CaseView, ...stages: CaseView['stage'][]) =>
  stages.includes(view.stage) ? undefined : `案件 ${view.caseNo} 当前阶段为「${stageNames[view.stage]}」`;

/** A case that needs attention takes no action but withdrawal until it is withdrawn. */
const halted = (view: CaseView, action: string) =>
  view.stage === 'needs_attention' ? `案件 ${view.caseNo} 需人工处理（${view.attention?.reason ?? '步骤失败'}），不能${action}` : undefined;

function taskIn(view: CaseView, taskId: string, statuses: TaskStatus[], action: string): string | undefined {
  const task = findTask(view, taskId);
  if (!task) return `案件 ${view.caseNo} 没有监管任务 ${taskId}`;
  if (view.stage === 'closed') return `案件 ${view.caseNo} 已办结，不能${action}`;
  const held = halted(view, action);
  if (held) return held;
  if (!statuses.includes(task.status)) return `任务 ${taskId} 当前状态为「${taskStatusNames[task.status]}」，不能${action}`;
  return undefined;
}

/** Why an action is refused in the case's current state, or undefined when it may go ahead. */
export const refusals = {
  submitMaterials(view: CaseView, _input: SubmitMaterialsInput): string | undefined {
    const stage = stageIs(view, 'awaiting_materials');
    if (stage) return `${stage}，不能提交延期材料`;
    return view.materialsSubmittedAt ? `案件 ${view.caseNo} 的延期材料已于 ${shanghaiTime(view.materialsSubmittedAt)} 提交，不能重复提交` : undefined;
  },

  decide(view: CaseView, input: DecisionInput): string | undefined {
    const held = halted(view, '作出决定');
    if (held) return held;
    const pending = view.pendingDecisions.find((d) => d.kind === input.kind && (input.kind === 'commitment' || d.taskId === input.taskId));
    if (!pending) {
      return input.kind === 'commitment'
        ? `案件 ${view.caseNo} 没有待审批部门决定的承诺事项`
        : `案件 ${view.caseNo} 没有任务 ${input.taskId ?? '（未指定）'} 的撤销建议待决定`;
    }
    const allowed = input.kind === 'commitment' ? ['revoke', 'keep'] : ['revoke', 'decline'];
    if (!allowed.includes(input.decision)) return `对${input.kind === 'commitment' ? '承诺事项' : '撤销建议'}只能作出 ${allowed.join(' 或 ')} 的决定`;
    return undefined;
  },

  withdraw(view: CaseView, input: WithdrawalInput): string | undefined {
    if (view.stage === 'closed') return `案件 ${view.caseNo} 已办结（${view.outcome}），不能撤回`;
    // L12 双随机: a spot check is the drawing department's own inspection, not an approval to withdraw.
    if (view.input.mode === 'spotCheck' && input.side !== 'drawing') return `案件 ${view.caseNo} 是双随机抽查办件，只能由抽查部门终止`;
    return undefined;
  },

  viewTask(view: CaseView, input: ViewTaskInput): string | undefined {
    return taskIn(view, input.taskId, ['notified'], '重复查看');
  },

  recordInspection(view: CaseView, input: InspectionInput, now: string): string | undefined {
    const refused = taskIn(view, input.taskId, ['viewed', 'reinspecting'], '录入检查结果');
    if (refused) return refused;
    const task = findTask(view, input.taskId) as SupervisionTask;
    // Its result's deadline is counted from it on the working-day calendar.
    if (!readableInstant(input.inspectedAt)) return '检查时间不是有效的时间';
    if (Date.parse(input.inspectedAt) > Date.parse(now)) return '检查时间不能晚于当前时间';
    if (Date.parse(input.inspectedAt) < Date.parse(task.notifiedAt)) return '检查时间不能早于任务下达时间';
    return findingsMissing(input);
  },

  orderRectification(view: CaseView, input: RectificationOrderInput, now: string): string | undefined {
    const refused = taskIn(view, input.taskId, ['noncompliant'], '下达整改通知');
    if (refused) return refused;
    // Compared as Asia/Shanghai dates: the order must leave at least the rest of today.
    const today = shanghaiDate(now);
    // The deadline and its escalations must lie within the calendar: the same rule as at the edge.
    const fault = civilDateFault(input.dueDate);
    if (fault) return `整改期限：${fault.message}`;
    return input.dueDate < today ? `整改期限 ${input.dueDate} 早于今天（${today}）` : undefined;
  },

  reportRectification(view: CaseView, input: RectificationReportInput): string | undefined {
    return taskIn(view, input.taskId, ['rectifying'], '登记整改报告');
  },

  proposeRevocation(view: CaseView, input: RevocationProposalInput): string | undefined {
    return taskIn(view, input.taskId, ['revocation_due'], '提出撤销建议');
  },
};

/**
 * L10, Dongli 一(二)1: a non-compliant result names what was found — the finding is what
 * rectification and revocation rest on. The API refuses it at the edge as a field error; the
 * workflow's validator keeps the same rule for callers that reach it otherwise.
 */
export function findingsMissing(input: Pick<InspectionInput, 'result' | 'findings'>): string | undefined {
  return input.result === 'noncompliant' && !input.findings?.trim() ? '检查结果为不符合时必须填写问题（findings）' : undefined;
}
