// The coordination and assessment work of the demo, beside the cases it drove: a coordinators'
// problem record raised and escalated (Dongli 二 3), a spot-check finding sent to its department
// as a 告知函 and answered (Dongli 四 2) — each through the API as the people would do it.
import type { ApiClient } from './api-client.js';
import { actors } from './actors.js';
import type { DrivenCase } from './drive.js';

/** What the demo did, as the summary lists it. */
export interface OversightShown {
  lines: string[];
}

/** The department the demo's oversight work concerns: the food administration, approving and supervising. */
const DEPT = 'LYG-SCJGJ';

/** Raises and escalates a problem record, and sends and answers a 告知函, about one of the run's cases. */
export async function driveOversight(api: ApiClient, driven: readonly DrivenCase[]): Promise<OversightShown> {
  const subject = driven.find((c) => c.approvalDept === DEPT && !c.error);
  const lines: string[] = [];

  // A level-2 coordinator reports what the department cannot solve alone to level 1, who answers
  // and, failing with the other side too, takes it to the level-3 leader.
  const raised = await api.call<{ id: number; ref: string }>(actors.coordinator(DEPT, 2), 'POST', '/api/problems', {
    subject: subject ? { kind: 'case', caseNo: subject.caseNo } : { kind: 'general' },
    description: '属地监管处室反映承诺内容核查需要审批档案原件，部门内无法调取',
    measures: ['已电话联系审批窗口', '已通过系统补推审批档案'],
    counterpartDept: 'HZ-SCJGJ',
  });
  const problem = raised.body;
  await api.call(actors.coordinator(DEPT, 1), 'POST', `/api/problems/${problem.id}/comments`, { comment: '已与海州区市场监管局协调员沟通，对方需请示后答复' });
  await api.call(actors.coordinator(DEPT, 1), 'POST', `/api/problems/${problem.id}/escalation`, { reason: '两部门协调员未能达成一致，报分管领导' });
  lines.push(`问题记录 ${problem.ref}: 二级协调员提出 → 一级协调员回复 → 升级至三级（分管领导）    GET /api/problems/${problem.id}`);

  // The 政务服务办 spot-checks the department and sends what it found as a 告知函; the department answers.
  const finding = await api.call<{ id: number }>(actors.auditor, 'POST', '/api/notice-letters/findings', {
    deptCode: DEPT,
    ...(subject ? { caseNo: subject.caseNo } : {}),
    description: '监管任务下达后未在系统中及时查看，线下处理未留痕',
    reason: '抽查审管联动系统运行情况',
  });
  const letter = await api.call<{ id: number; number: string }>(actors.auditor, 'POST', '/api/notice-letters', {
    deptCode: DEPT,
    findingIds: [finding.body.id],
    reason: '抽查发现问题，发函督促整改',
  });
  const coordinator = actors.coordinator(DEPT, 1);
  await api.call(coordinator, 'POST', `/api/notice-letters/${letter.body.id}/acknowledgement`, { reason: '已签收，部署整改' });
  await api.call(coordinator, 'POST', `/api/notice-letters/${letter.body.id}/rectification`, { report: '已明确专人每日查看系统待办，线下处理一律补录', reason: '按告知函要求报送整改情况' });
  lines.push(`告知函 ${letter.body.number}: 抽查发现 → 发函 → 签收 → 报送整改    GET /api/notice-letters/${letter.body.id}/document`);
  return { lines };
}
