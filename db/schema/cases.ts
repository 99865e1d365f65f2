// The cases read model.
import { pgTable, text } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { instant } from './instant.js';

/** Read model of cases: one row per case, written by the case workflow's activities. */
export const cases = pgTable('cases', {
  caseNo: text('case_no').primaryKey(),
  region: text('region').notNull(),
  approvalDept: text('approval_dept').notNull(),
  creditCode: text('credit_code').notNull(),
  mode: text('mode').notNull(),
  stage: text('stage').notNull(),
  startedAt: instant('started_at').notNull(),
  updatedAt: instant('updated_at').notNull().default(sql`now()`),
});
