// The coordination and assessment work of the demo, beside the cases it drove: a coordinators'
// problem record raised and escalated (Dongli 二 3), a spot-check finding sent to its department
// as a 告知函 and answered (Dongli 四 2), a 12345 hotline complaint about one of the run's
// applicants arriving by the signed webhook into its portrait (L13) — each through the API as the
// people and systems would do it.
import { randomBytes } from 'node:crypto';
import { signRecordBody } from '../../../api/routes/external-records/index.js';
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

  const complained = subject ?? driven.find((c) => !c.error);
  if (complained) lines.push(await hotlineComplaint(api, complained));
  return { lines };
}

/** The city's 12345 hotline as a configured source; a complaint raises a problem record for the responsible department. */
const HOTLINE = { code: 'LYG12345', name: '连云港12345政务服务便民热线', region: '320700', kinds: ['complaint', 'report'], rules: [{ kind: 'complaint', raises: 'problem' }] };

/** Sends one complaint about the case's applicant by the webhook, signed with a key the demo sets. */
async function hotlineComplaint(api: ApiClient, subject: DrivenCase): Promise<string> {
  const key = randomBytes(24).toString('hex');
  const reason = '演示：接入12345热线数据（L13）';
  const created = await api.call(actors.seeder, 'POST', '/api/external-sources', { ...HOTLINE, secret: key, reason }, [201, 409]);
  // A second run finds the source: it sets a fresh key the same way.
  if (created.status === 409) await api.call(actors.seeder, 'PATCH', `/api/external-sources/${HOTLINE.code}`, { secret: key, rules: HOTLINE.rules, reason });
  const yesterday = new Date(Date.now() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
  const body = JSON.stringify({ recordId: `D${Date.now()}`, creditCode: subject.creditCode, kind: 'complaint', occurredOn: yesterday, title: '市民来电：门店后厨卫生状况差' });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const res = await fetch(`${api.apiUrl}/api/external-records/${HOTLINE.code}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-shenguan-timestamp': timestamp, 'x-shenguan-signature': signRecordBody(key, timestamp, body) },
    body,
  });
  const record = (await res.json()) as { raisedRef?: string | null };
  if (res.status !== 201) throw new Error(`POST /api/external-records/${HOTLINE.code} → ${res.status} ${JSON.stringify(record)}`);
  return `12345 投诉 → ${record.raisedRef ?? '（未生成问题记录）'}，见企业画像    GET /api/enterprises/${subject.creditCode}`;
}
