// Cases started before the case workflow projected itself (patch `read-model`) keep projecting
// their stage only, so their tasks and deadlines would be missing from the inbox, the dashboard
// and the statistics. This reads each such case's view from its workflow and writes it into the
// read model at revision 0, which a self-projecting case always overwrites. Run it once after the
// upgrade and again (e.g. daily) while such cases are still open.
import type { Client } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { createCalendarSource } from '../../db/calendar.js';
import { redactDatabaseError } from '../../db/query-errors.js';
import { writeProjection } from '../../db/read-model.js';
import { cases } from '../../db/schema/index.js';
import { planDeadline } from '../../domain/case/deadlines.js';
import { getCaseQuery } from '../../workflows/messages.js';

/** What a backfill did. */
export interface BackfillResult {
  /** Cases written from their workflow's view. */
  written: string[];
  /** Cases that project themselves (nothing to do). */
  current: number;
  /** Cases whose view could not be read (e.g. closed past retention), with the reason. */
  failed: { caseNo: string; error: string }[];
}

/** Backfills every case workflow on `taskQueue` that has not projected its whole view itself. */
export async function backfillLegacyCases(client: Client, db: Db, taskQueue: string): Promise<BackfillResult> {
  const calendar = await createCalendarSource(db).current();
  const dueOf = (spec: Parameters<typeof planDeadline>[1]) => planDeadline(calendar, spec).dueAt;
  const result: BackfillResult = { written: [], current: 0, failed: [] };
  for await (const execution of client.workflow.list({ query: `WorkflowType = 'caseWorkflow' AND TaskQueue = '${taskQueue.replace(/'/g, '')}'` })) {
    const caseNo = execution.workflowId.replace(/^case:/, '');
    const [stored] = await db.select({ revision: cases.revision }).from(cases).where(eq(cases.caseNo, caseNo));
    if (stored && stored.revision > 0) {
      result.current += 1;
      continue;
    }
    try {
      const view = await client.workflow.getHandle(execution.workflowId, execution.runId).query(getCaseQuery);
      const at = view.stage === 'closed' ? (execution.closeTime ?? new Date()).toISOString() : new Date().toISOString();
      if (await writeProjection(db, { revision: 0, at, view }, dueOf, { legacy: true })) result.written.push(caseNo);
      else result.current += 1;
    } catch (error) {
      // Printed by the script: a database error's values stay out of it.
      const reason = redactDatabaseError(error);
      result.failed.push({ caseNo, error: reason instanceof Error ? reason.message : String(reason) });
    }
  }
  return result;
}
