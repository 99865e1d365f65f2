// What Temporal itself holds of each case, beyond the chaos checks: its executions as SQL
// visibility lists them by the CaseNo search attribute (exactly one, completed), and which worker
// process ran its workflow and activity tasks (the identity each worker gives, pid@host).
import type { Client } from '@temporalio/client';
import { caseWorkflowId } from '../../workflows/case-id.js';

/** Per case, what is wrong with its executions; and the tasks each worker ran. */
export interface ExecutionFindings {
  /** Cases without exactly one execution, or whose one is not completed. */
  notOnce: string[];
  /** Workflow tasks completed and activity tasks started, by worker identity. */
  tasksByWorker: Map<string, { workflowTasks: number; activityTasks: number }>;
  /** Cases whose tasks ran on more than one worker: taken over after a crash, or moved for load. */
  sharedCases: number;
}

/** Lists each case's executions until every one shows exactly one completed run or `waitMs` ran out (visibility is written a moment after the history). */
async function executionsByCase(client: Client, caseNos: readonly string[], waitMs: number): Promise<string[]> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const wrong: string[] = [];
    for (const caseNo of caseNos) {
      const runs: string[] = [];
      for await (const execution of client.workflow.list({ query: `CaseNo = '${caseNo}'` })) runs.push(execution.status.name);
      if (runs.length !== 1 || runs[0] !== 'COMPLETED') wrong.push(`${caseNo}：${runs.length} 次执行（${runs.join('、') || '无'}）`);
    }
    if (wrong.length === 0 || Date.now() > deadline) return wrong;
    await new Promise((r) => setTimeout(r, 2000));
  }
}

/** Checks the executions of `caseNos` and counts the tasks per worker from their histories. */
export async function checkExecutions(client: Client, caseNos: readonly string[], waitMs: number): Promise<ExecutionFindings> {
  const notOnce = await executionsByCase(client, caseNos, waitMs);
  const tasksByWorker = new Map<string, { workflowTasks: number; activityTasks: number }>();
  const count = (identity: string | null | undefined, kind: 'workflowTasks' | 'activityTasks') => {
    const key = identity || '（无）';
    const counts = tasksByWorker.get(key) ?? { workflowTasks: 0, activityTasks: 0 };
    counts[kind]++;
    tasksByWorker.set(key, counts);
    return key;
  };
  let sharedCases = 0;
  for (const caseNo of caseNos) {
    const history = await client.workflow.getHandle(caseWorkflowId(caseNo)).fetchHistory();
    const workers = new Set<string>();
    for (const event of history.events ?? []) {
      if (event.workflowTaskCompletedEventAttributes) workers.add(count(event.workflowTaskCompletedEventAttributes.identity, 'workflowTasks'));
      if (event.activityTaskStartedEventAttributes) workers.add(count(event.activityTaskStartedEventAttributes.identity, 'activityTasks'));
    }
    if (workers.size > 1) sharedCases++;
  }
  return { notOnce, tasksByWorker, sharedCases };
}
