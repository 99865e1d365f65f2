// The cases read model.
import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Read model of cases: one row per case, written by the case workflow's activities. */
export const cases = pgTable('cases', {
  caseNo: text('case_no').primaryKey(),
  region: text('region').notNull(),
  approvalDept: text('approval_dept').notNull(),
  creditCode: text('credit_code').notNull(),
  mode: text('mode').notNull(),
  stage: text('stage').notNull(),
  startedAt: timestamp('started_at', { withTimezone: true, mode: 'string' }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
});
