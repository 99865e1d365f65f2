// Whether a case may start (L4, L5, L7): its own consistency (400), then the
// catalogue and the enterprise's credit (422). Every problem names the field and the rule.
import type { CaseInput, CommitmentMode } from '../case.js';
import { commitmentModeNames, sideAllows, sideNames } from '../catalogue.js';
import type { LinkagePolicy } from '../policy/linkage-policy.js';
import type { DepartmentSide } from '../organisation.js';
import { readableInstant, shanghaiDate } from './local-time.js';

/** One problem with a case start. */
export interface StartProblem {
  field: string;
  rule: string;
  message: string;
}

/** What the catalogue says of the case's handling item. */
export interface CatalogueEntry {
  approvalItem: { code: string; deptCode: string };
  allowedModes: readonly CommitmentMode[];
}

/** A case as the approval platform hands it over: in a commitment mode, never a spot check. */
export type HandedOverCase = CaseInput & { mode: CommitmentMode };

/** Clock difference tolerated between the approval platform and us. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** Problems within the request itself; `now` is the API's clock. */
export function caseShapeProblems(input: HandedOverCase, now: string): StartProblem[] {
  const problems: StartProblem[] = [];
  // Deadlines are counted from the decision on the working-day calendar, which must read it
  // (a leap second passes the date-time format and reads as no date at all).
  if (!readableInstant(input.decidedAt)) {
    return [{ field: '/decidedAt', rule: 'unreadable-instant', message: `审批决定时间 ${input.decidedAt} 不是有效的时间` }];
  }
  // Deadlines run from the decision (D 一(三)2): one in the future would start them late.
  if (Date.parse(input.decidedAt) > Date.parse(now) + CLOCK_SKEW_MS) {
    problems.push({ field: '/decidedAt', rule: 'decided-in-future', message: `审批决定时间 ${input.decidedAt} 晚于当前时间` });
  }
  if (input.mode !== 'standard' && !input.commitment) {
    problems.push({ field: '/commitment', rule: 'commitment-required', message: `告知承诺办理（${input.mode}）必须提供承诺内容` });
  }
  if (input.mode === 'deferral' && !input.deferral) {
    problems.push({ field: '/deferral', rule: 'deferral-required', message: '材料延期办理必须提供延期材料和承诺期限' });
  }
  if (input.mode !== 'deferral' && input.deferral) {
    problems.push({ field: '/deferral', rule: 'deferral-only', message: '只有材料延期办理才能提供延期材料' });
  }
  if (input.deferral && input.deferral.dueDate <= shanghaiDate(input.decidedAt)) {
    problems.push({ field: '/deferral/dueDate', rule: 'due-after-decision', message: `承诺期限 ${input.deferral.dueDate} 必须晚于审批日期` });
  }
  return problems;
}

/** The approval department a case names, as the organisation records it. */
export interface ApprovalDepartment {
  region: string;
  side: DepartmentSide;
}

/**
 * Problems of the department a case names: it exists, approves (L1) and lies in the region the
 * case names, so neither code can point the case somewhere the other does not.
 */
export function caseDepartmentProblems(input: HandedOverCase, department: ApprovalDepartment | undefined): StartProblem[] {
  if (!department) return [{ field: '/approvalDept', rule: 'unknown-dept', message: `审批部门 ${input.approvalDept} 不存在` }];
  const problems: StartProblem[] = [];
  if (!sideAllows(department.side, 'approval')) {
    problems.push({ field: '/approvalDept', rule: 'approval-side', message: `部门 ${input.approvalDept} 是${sideNames[department.side]}部门，不办理审批` });
  }
  if (department.region !== input.region) {
    problems.push({ field: '/region', rule: 'dept-region', message: `审批部门 ${input.approvalDept} 属于区划 ${department.region}，不是 ${input.region}` });
  }
  return problems;
}

/** Problems against the catalogue and the credit standing; `entry` undefined = unknown handling item. */
export function caseCatalogueProblems(input: HandedOverCase, entry: CatalogueEntry | undefined, dishonest: boolean): StartProblem[] {
  if (!entry) return [{ field: '/handlingItem', rule: 'unknown-item', message: `业务办理项 ${input.handlingItem} 不在目录中` }];
  const problems: StartProblem[] = [];
  if (entry.approvalItem.code !== input.approvalItem) {
    problems.push({ field: '/approvalItem', rule: 'item-mismatch', message: `业务办理项 ${input.handlingItem} 属于审批事项 ${entry.approvalItem.code}，不是 ${input.approvalItem}` });
  }
  if (entry.approvalItem.deptCode !== input.approvalDept) {
    problems.push({ field: '/approvalDept', rule: 'dept-mismatch', message: `审批事项 ${entry.approvalItem.code} 属于部门 ${entry.approvalItem.deptCode}，不是 ${input.approvalDept}` });
  }
  if (!entry.allowedModes.includes(input.mode)) {
    problems.push({ field: '/mode', rule: 'mode-not-allowed', message: `业务办理项 ${input.handlingItem} 不允许 ${input.mode} 方式（允许：${entry.allowedModes.join('、')}）` });
  } else if (dishonest && input.mode !== 'standard') {
    problems.push({ field: '/mode', rule: 'dishonest-standard-only', message: '该企业在失信名单内，只能正常办理（standard），不适用告知承诺' });
  }
  return problems;
}

/**
 * A commitment mode the region's linkage policy does not have (a region may run fewer modes than
 * the catalogue configures, e.g. no 材料延期): refused like a mode the item does not allow.
 */
export function casePolicyProblems(input: HandedOverCase, rules: LinkagePolicy, region: string): StartProblem[] {
  if (input.mode === 'standard' || rules.modes.includes(input.mode)) return [];
  const allowed = ['正常办理', ...rules.modes.map((m) => commitmentModeNames[m])].join('、');
  return [{ field: '/mode', rule: 'mode-not-in-region', message: `${region} 的审管联动规则不含「${commitmentModeNames[input.mode]}」方式（可用：${allowed}）` }];
}
