// 需人工处理: a step of a case failed in a way that no retry can mend — data the database cannot
// store, a date outside the working-day calendar — so the case stops, visibly, with the reason,
// instead of retrying forever. The activities classify their failures (activities/failures.ts);
// the workflow routes them here (workflows/attention.ts). Codes and Chinese text only: a reason
// never quotes the data that failed, since it is shown in lists and the Temporal UI.
import { FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR } from '../calendar/supported-years.js';
import type { CaseStage } from '../case.js';

/** The ApplicationFailure type of an activity failure that cannot succeed on retry. */
export const UNPROCESSABLE_INPUT = 'UnprocessableInput';

/** What an unprocessable failure carries (its first detail): what refused, without the data. */
export type UnprocessableCause =
  /** Postgres refused the data: SQLSTATE class 22 (data exception) or an integrity rule. */
  | { kind: 'database'; sqlState: string }
  /** A date outside the working-day calendar's years, or not a date at all. */
  | { kind: 'calendar' }
  /** The case workflow's own code could not compute with the case's data. */
  | { kind: 'workflow' }
  /** Refused without saying why (an activity from before causes were recorded). */
  | { kind: 'input' };

/** Why a case needs a person, as its view and the read model show it. */
export interface CaseAttention {
  /** The step that failed: an activity's name, or the part of the workflow (`procedure`, `deadlines` …). */
  step: string;
  /** `database:<SQLSTATE>`, `calendar`, `workflow` or `input`. */
  cause: string;
  /** For staff: which step, what refused, what to do. */
  reason: string;
  since: string;
  /** The stage the case was in when the step failed. */
  stageBefore: CaseStage;
}

/**
 * What the read model gets of a case whose whole view cannot be written (the projection itself
 * failed): its codes, stage and attention, so lists and the dashboard still show it.
 */
export interface CaseAttentionRow {
  revision: number;
  at: string;
  caseNo: string;
  region: string;
  approvalDept: string;
  approvalItem: string;
  handlingItem: string;
  creditCode: string;
  mode: string;
  stage: CaseStage;
  startedAt: string;
  attention?: CaseAttention;
}

/** Staff names of the steps. */
const stepNames: Record<string, string> = {
  projectCaseView: '写入办件读模型',
  projectCase: '写入办件读模型',
  resolveCaseLinkage: '查找监管事项关联',
  planDeadline: '计算办理时限',
  sendSms: '发送短信',
  pushArchive: '推送办件档案',
  createSupervisionTask: '下达监管任务',
  pushCreditRecord: '推送失信记录',
  verifyLicences: '电子证照核验',
  notifyApprovalPlatform: '通知审批平台',
  procedure: '办件流程',
  deadlines: '时限监控',
};

/** What refused, for staff. */
function causeText(cause: UnprocessableCause): string {
  switch (cause.kind) {
    case 'database':
      return `数据库拒绝保存办件数据（SQLSTATE ${cause.sqlState}：${cause.sqlState.startsWith('22') ? '数据格式或取值异常，如含无法保存的字符、超出范围的日期' : '违反数据完整性约束'}）`;
    case 'calendar':
      return `日期超出工作日历范围（${FIRST_SUPPORTED_YEAR}–${LAST_SUPPORTED_YEAR} 年）或不是有效日期`;
    case 'workflow':
      return '办件流程无法用该办件的数据计算（日期或数值超出范围）';
    case 'input':
      return '办件数据无法处理';
  }
}

/** The cause as a code, e.g. `database:22021`. */
export function causeCode(cause: UnprocessableCause): string {
  return cause.kind === 'database' ? `database:${cause.sqlState}` : cause.kind;
}

/** The reason staff read: the step, what refused, and the way out (withdrawal; retrying cannot help). */
export function attentionReason(step: string, cause: UnprocessableCause): string {
  return `「${stepNames[step] ?? step}」步骤失败：${causeText(cause)}。重试无法解决，请核实办件数据后撤回，并以正确数据重新推送。`;
}
