// Chinese names of stages and statuses, for staff-facing messages.
import type { CaseStage } from '../case.js';
import type { TaskStatus } from './task.js';

/** 阶段名称. */
export const stageNames: Record<CaseStage, string> = {
  awaiting_linkage: '待关联监管事项',
  awaiting_materials: '等待延期材料',
  verifying: '电子证照核验中',
  awaiting_decision: '待审批部门决定',
  supervising: '监管中',
  needs_attention: '需人工处理',
  closed: '已办结',
};

/** 任务状态名称. */
export const taskStatusNames: Record<TaskStatus, string> = {
  notified: '已通知待查看',
  viewed: '已查看待检查',
  noncompliant: '检查不符合待整改',
  rectifying: '整改中',
  reinspecting: '待复查',
  revocation_due: '待提出撤销建议',
  awaiting_revocation_decision: '待审批部门决定',
  done: '已完成',
  revoked: '已撤销许可',
  declined: '不予撤销',
  cancelled: '已撤回',
};
