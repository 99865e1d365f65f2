// The cluster run's result: the chaos run's case table, the answers around the crash, the tasks
// each worker ran, and the goals, PASS or FAIL each: every case started, finished once (one
// completed execution, read model final, no outbox key twice), no part exited on its own.
import { allowedStatus, type Answer } from '../chaos/answers.js';
import { casesTable, findingsDetails, listed, statusCounts, textTable, type Goal } from '../chaos/report.js';
import type { Findings } from '../chaos/verify.js';
import type { ExecutionFindings } from './executions.js';

/** What the run did and saw. */
export interface ClusterRun {
  cases: number;
  findings: Findings;
  executions: ExecutionFindings;
  answers: readonly Answer[];
  /** When the worker and the API were killed (ms since the epoch). */
  killedAt: number;
  /** Requests each API process was sent, by name. */
  sentTo: readonly [string, number][];
  /** Worker names by the identity their tasks carry. */
  workerNames: Map<string, string>;
  /** Cases meant for the killed API that were started after it died (served by the other one). */
  rerouted: number;
  incidents: readonly string[];
}

/** The report text and the goals. */
export function clusterReport(run: ClusterRun): { text: string; goals: Goal[] } {
  const { findings, executions } = run;
  const before = run.answers.filter((a) => a.at < run.killedAt);
  const after = run.answers.filter((a) => a.at >= run.killedAt);
  const refused = run.answers.filter((a) => !allowedStatus(a.status) && a.status !== 0);
  const answersTable = textTable(
    ['请求 requests', '数量', '状态码 statuses'],
    [
      ['停机前 before the kill', String(before.length), statusCounts(before)],
      ['停机后 after the kill', String(after.length), statusCounts(after)],
      ...run.sentTo.map(([name, n]) => [`发往 sent to ${name}`, String(n), '—']),
    ],
  );
  const workersTable = textTable(
    ['worker 进程', '工作流任务 workflow tasks', '活动任务 activity tasks'],
    [...executions.tasksByWorker].map(([identity, n]) => [`${run.workerNames.get(identity) ?? '?'}（${identity}）`, String(n.workflowTasks), String(n.activityTasks)]),
  );
  const goals: Goal[] = [
    { goal: `${run.cases} 个办件全部受理 all started`, measured: String(findings.accepted), pass: findings.accepted === run.cases },
    { goal: '0 丢失 lost、0 停滞 stuck', measured: `${findings.lost.length} / ${findings.stuck.length}`, pass: findings.lost.length + findings.stuck.length === 0 },
    { goal: '每个办件恰一次执行且已完成 one completed execution each', measured: `${executions.notOnce.length} 个不符`, pass: executions.notOnce.length === 0 },
    { goal: '读模型与工作流一致 read model final', measured: String(findings.mismatches.length), pass: findings.mismatches.length === 0 },
    { goal: '0 重复 duplicated outbox keys', measured: String(findings.duplicateKeys.length), pass: findings.duplicateKeys.length === 0 },
    { goal: '0 未完成的编号占用 unfinished claims', measured: String(findings.unfinishedClaims.length), pass: findings.unfinishedClaims.length === 0 },
    { goal: '应答只有 2xx/409/503（或被杀时无应答）', measured: `${refused.length} 个其他`, pass: refused.length === 0 },
    { goal: '除注入外无进程退出 no other exits', measured: String(run.incidents.length), pass: run.incidents.length === 0 },
  ];
  const goalsTable = textTable(
    ['目标 goal', '实测', '结果'],
    goals.map((g) => [g.goal, g.measured, g.pass ? 'PASS' : 'FAIL']),
  );
  const notes = [
    `被杀 API 的办件在其停止后改经另一 API：${run.rerouted} 个；被杀时在途、无应答的请求：${run.answers.filter((a) => a.status === 0).length} 次（驱动以同一 Idempotency-Key 重发）`,
    `任务分在两个 worker 上的办件 cases run on both workers：${executions.sharedCases}`,
  ].join('\n');
  const details = [
    ...findingsDetails(findings),
    ...listed('执行次数不符 executions', executions.notOnce),
    ...listed('其他应答 other answers', refused.map((a) => `${a.method} ${a.path} → ${a.status}：${a.problem ?? ''}`)),
    ...listed('进程自行退出 exits', run.incidents),
  ];
  return { text: [casesTable(findings, run.cases), answersTable, workersTable, notes, goalsTable, ...details].join('\n\n'), goals };
}
