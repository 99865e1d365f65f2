// After the faults: what became of the cases, read from the parts themselves rather than the API.
// Lost: a start answered 2xx but no workflow, or no read-model row (README, Read model). Stuck:
// not closed by the end of the settle time. Duplicates: an outbox key recorded twice (the relay
// sends each key once to its receiver, README, Adapters and the outbox). Mismatches: the read
// model's stage, timeline or task statuses differ from the workflow's own answer (getCase); the
// query carries no revision, so the timeline's length stands for it (one entry per change).
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import postgres from 'postgres';
import type { CaseView } from '../../domain/case/state.js';
import { caseWorkflowId } from '../../workflows/case-id.js';
import { getCaseQuery } from '../../workflows/messages.js';
import type { DrivenCase } from './case-driver.js';

/** What the checks found; each list holds case numbers (or keys) with what is wrong. */
export interface Findings {
  accepted: number;
  notAccepted: string[];
  lost: string[];
  stuck: string[];
  duplicateKeys: string[];
  mismatches: string[];
  /** Claims in the case-number table never marked started (a start that died half-way and was not taken up). */
  unfinishedClaims: string[];
}

interface ReadModelRow {
  stage: string;
  timeline: number;
  tasks: Map<string, string>;
}

async function readModel(sql: postgres.Sql, caseNos: string[]): Promise<Map<string, ReadModelRow>> {
  const rows = new Map<string, ReadModelRow>();
  for (const row of await sql<{ case_no: string; stage: string; timeline: number }[]>`
    select c.case_no, c.stage, (select count(*)::int from case_timeline t where t.case_no = c.case_no) as timeline
    from cases c where c.case_no = any(${caseNos})`) {
    rows.set(row.case_no, { stage: row.stage, timeline: row.timeline, tasks: new Map() });
  }
  for (const task of await sql<{ case_no: string; task_id: string; status: string }[]>`select case_no, task_id, status from case_tasks where case_no = any(${caseNos})`) {
    rows.get(task.case_no)?.tasks.set(task.task_id, task.status);
  }
  return rows;
}

/** How the read model differs from the workflow's view, or undefined when it does not. */
function difference(view: CaseView, row: ReadModelRow): string | undefined {
  const problems: string[] = [];
  if (row.stage !== view.stage) problems.push(`stage ${row.stage} ≠ ${view.stage}`);
  if (row.timeline !== view.timeline.length) problems.push(`timeline ${row.timeline} ≠ ${view.timeline.length}`);
  for (const task of view.tasks) {
    const status = row.tasks.get(task.taskId);
    if (status !== task.status) problems.push(`${task.taskId} ${status ?? '无'} ≠ ${task.status}`);
  }
  return problems.length ? problems.join('，') : undefined;
}

/** The workflow's view of each case that has one. */
async function workflowViews(client: Client, caseNos: string[]): Promise<Map<string, CaseView>> {
  const views = new Map<string, CaseView>();
  for (const caseNo of caseNos) {
    try {
      views.set(caseNo, await client.workflow.getHandle(caseWorkflowId(caseNo)).query(getCaseQuery));
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  }
  return views;
}

/**
 * Checks every case; the read model is given up to `convergeMs` to catch up with the workflows
 * (projection is asynchronous, README, Read model) before a difference counts.
 */
export async function verify(cases: readonly DrivenCase[], databaseUrl: string, client: Client, convergeMs: number): Promise<Findings> {
  const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
  try {
    const accepted = cases.filter((c) => c.accepted).map((c) => c.caseNo);
    const deadline = Date.now() + convergeMs;
    let views: Map<string, CaseView>;
    let rows: Map<string, ReadModelRow>;
    let mismatches: string[];
    for (;;) {
      views = await workflowViews(client, accepted);
      rows = await readModel(sql, accepted);
      mismatches = [];
      for (const [caseNo, view] of views) {
        const row = rows.get(caseNo);
        const diff = row && difference(view, row);
        if (diff) mismatches.push(`${caseNo}：${diff}`);
      }
      if (mismatches.length === 0 || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 2000));
    }
    const duplicates = await sql<{ key: string; n: number }[]>`select key, count(*)::int as n from outbox group by key having count(*) > 1`;
    const claims = await sql<{ case_no: string }[]>`select case_no from case_numbers where not workflow_started and case_no = any(${cases.map((c) => c.caseNo)})`;
    return {
      accepted: accepted.length,
      notAccepted: cases.filter((c) => !c.accepted).map((c) => `${c.caseNo}：${c.error ?? '未受理'}`),
      lost: accepted.filter((caseNo) => !views.has(caseNo) || !rows.has(caseNo)).map((caseNo) => `${caseNo}：${views.has(caseNo) ? '无读模型行' : '无工作流'}`),
      stuck: accepted.filter((caseNo) => views.get(caseNo)?.stage !== 'closed').map((caseNo) => {
        const driven = cases.find((c) => c.caseNo === caseNo)!;
        return `${caseNo}：${views.get(caseNo)?.stage ?? '无工作流'}${driven.error ? `（${driven.error}）` : ''}`;
      }),
      duplicateKeys: duplicates.map((d) => `${d.key} ×${d.n}`),
      mismatches,
      unfinishedClaims: claims.map((c) => c.case_no),
    };
  } finally {
    await sql.end({ timeout: 5 });
  }
}
