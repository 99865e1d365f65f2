// The case numbers taken (办件编号), for ever: the lasting authority on which number names which
// case. Temporal's own duplicate check forgets a closed workflow once the namespace's retention
// deletes it; this table does not.
import { boolean, pgTable, text } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { instant } from './instant.js';

/** One row per case number ever claimed by a start. */
export const caseNumbers = pgTable('case_numbers', {
  caseNo: text('case_no').primaryKey(),
  /**
   * SHA-256 (hex) of the start input's canonical JSON: enough to tell the same case from another,
   * without keeping the applicant's name and phone readable a second time.
   */
  inputDigest: text('input_digest').notNull(),
  startedBy: text('started_by').notNull(),
  startedAt: instant('started_at').notNull().default(sql`now()`),
  workflowId: text('workflow_id').notNull(),
  /**
   * False from the claim until Temporal accepted the start: a start that died in between leaves
   * the number to the same input's retry (or, if no workflow exists, to whoever comes next).
   */
  workflowStarted: boolean('workflow_started').notNull().default(false),
});
