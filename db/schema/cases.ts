// The case read model: what lists, inboxes, portraits and statistics read, so that none of them
// scans Temporal. Written only by the case workflow's projection activity (activities/projection.ts);
// every row carries the workflow's revision, so a retried or late write never goes backwards.
import { boolean, index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { CaseView } from '../../domain/case/state.js';
import { instant } from './instant.js';

/** One row per case. */
export const cases = pgTable(
  'cases',
  {
    caseNo: text('case_no').primaryKey(),
    region: text('region').notNull(),
    approvalDept: text('approval_dept').notNull(),
    approvalItem: text('approval_item').notNull().default(''),
    handlingItem: text('handling_item').notNull().default(''),
    creditCode: text('credit_code').notNull(),
    /** The enterprise's name (企业名称) as the approval platform gave it; never the phone. */
    applicantName: text('applicant_name').notNull().default(''),
    mode: text('mode').notNull(),
    stage: text('stage').notNull(),
    outcome: text('outcome'),
    /** When the approval department decided (审批办结). */
    decidedAt: instant('decided_at'),
    startedAt: instant('started_at').notNull(),
    pushedAt: instant('pushed_at'),
    closedAt: instant('closed_at'),
    /** The nearest open deadline of the case, and whether any open deadline has passed. */
    nextDueAt: instant('next_due_at'),
    overdue: boolean('overdue').notNull().default(false),
    /** needs_attention (需人工处理): the step that failed, why (for staff, no personal data) and since when; null otherwise. */
    attentionStep: text('attention_step'),
    attentionReason: text('attention_reason'),
    attentionSince: instant('attention_since'),
    /**
     * The whole case view of this revision, the phone masked (domain/case/masked-view.ts): what
     * GET /api/cases/:caseNo and the scope checks of actions read, so they need no worker. Null
     * while only the attention columns could be written: readers then ask the workflow.
     */
    view: jsonb('view').$type<CaseView>(),
    /** The workflow's revision of this projection. */
    revision: integer('revision').notNull().default(0),
    updatedAt: instant('updated_at').notNull().default(sql`now()`),
  },
  (t) => [
    // The coordinator's dashboard: a department's cases that need attention, longest waiting first.
    index('cases_needs_attention').on(t.approvalDept, t.attentionSince).where(sql`${t.stage} = 'needs_attention'`),
    // Keyset pagination walks (started_at desc, case_no desc); the filters lead.
    index('cases_started').on(t.startedAt, t.caseNo),
    index('cases_credit_code').on(t.creditCode, t.startedAt),
    index('cases_region_started').on(t.region, t.startedAt),
    index('cases_approval_dept').on(t.approvalDept, t.startedAt),
  ],
);

/** One row per supervision task (监管任务), with the facts assessment counts (D 四). */
export const caseTasks = pgTable(
  'case_tasks',
  {
    taskId: text('task_id').primaryKey(),
    caseNo: text('case_no').notNull(),
    region: text('region').notNull(),
    creditCode: text('credit_code').notNull(),
    mode: text('mode').notNull(),
    approvalDept: text('approval_dept').notNull(),
    supervisingDept: text('supervising_dept').notNull(),
    divisionCode: text('division_code').notNull(),
    subItemCode: text('sub_item_code').notNull(),
    status: text('status').notNull(),
    notifiedAt: instant('notified_at').notNull(),
    viewedAt: instant('viewed_at'),
    /**
     * When the task had to be viewed (3 working days after the push) or, for a post-check or spot
     * check, started (1 working day after the decision); on the calendar at projection time.
     */
    startDueAt: instant('start_due_at'),
    /** Post-checks and spot checks: when the check had to be finished (10 working days). */
    finishDueAt: instant('finish_due_at'),
    firstInspectedAt: instant('first_inspected_at'),
    /** Inspection results recorded, and how many of them after their 5-working-day due time. */
    results: integer('results').notNull().default(0),
    lateResults: integer('late_results').notNull().default(0),
    rectificationOrderedAt: instant('rectification_ordered_at'),
    revocationProposedAt: instant('revocation_proposed_at'),
    /** `revoke` or `decline`, once the approval department decided on a proposal. */
    revocationDecision: text('revocation_decision'),
    revocationDecidedAt: instant('revocation_decided_at'),
    /** 双随机 spot checks: the inspectors drawn (person IDs). */
    inspectors: jsonb('inspectors').$type<string[]>(),
    /** The task as the workflow holds it (inspections, rectification, proposal, decision). */
    detail: jsonb('detail').notNull(),
    nextDueAt: instant('next_due_at'),
    nextDueKind: text('next_due_kind'),
    /** Highest escalation level reached by an open deadline of the task (0 = none). */
    escalationLevel: integer('escalation_level').notNull().default(0),
    warned: boolean('warned').notNull().default(false),
    overdue: boolean('overdue').notNull().default(false),
    closedAt: instant('closed_at'),
    revision: integer('revision').notNull().default(0),
    updatedAt: instant('updated_at').notNull().default(sql`now()`),
  },
  (t) => [
    index('case_tasks_case').on(t.caseNo),
    index('case_tasks_credit_code').on(t.creditCode, t.notifiedAt),
    // The division inbox (db/inbox.ts): a division's open tasks in page order, nearest deadline
    // first and tasks without one last, so a page of 50 reads 50 entries however long the backlog.
    index('case_tasks_division_open_due')
      .on(t.divisionCode, sql`coalesce(${t.nextDueAt}, 'infinity'::timestamptz)`, t.taskId)
      .where(sql`${t.closedAt} is null`),
    index('case_tasks_dept_notified').on(t.supervisingDept, t.notifiedAt),
    // The case list's department and division filters: the case numbers from the index alone.
    index('case_tasks_dept_case').on(t.supervisingDept, t.caseNo),
    index('case_tasks_division_case').on(t.divisionCode, t.caseNo),
  ],
);

/**
 * Every deadline a case opened (kept after it closes): warnings, overdue and escalation levels for
 * the coordinator's dashboard, and overdue counts for assessment.
 */
export const caseDeadlines = pgTable(
  'case_deadlines',
  {
    caseNo: text('case_no').notNull(),
    deadlineId: text('deadline_id').notNull(),
    taskId: text('task_id'),
    kind: text('kind').notNull(),
    /** The department that owes it: the task's supervising department, else the approval department. */
    deptCode: text('dept_code').notNull(),
    divisionCode: text('division_code'),
    region: text('region').notNull(),
    dueAt: instant('due_at').notNull(),
    warnAt: instant('warn_at'),
    provisional: boolean('provisional').notNull().default(false),
    warned: boolean('warned').notNull().default(false),
    overdue: boolean('overdue').notNull().default(false),
    /** Escalation levels reached (1–3), in the order they were reached. */
    escalatedLevels: jsonb('escalated_levels').$type<number[]>().notNull().default([]),
    escalationLevel: integer('escalation_level').notNull().default(0),
    openedAt: instant('opened_at').notNull(),
    /** When it stopped being open (met, or the case closed); null while open. */
    closedAt: instant('closed_at'),
    revision: integer('revision').notNull().default(0),
  },
  (t) => [
    primaryKey({ name: 'case_deadlines_pk', columns: [t.caseNo, t.deadlineId] }),
    index('case_deadlines_dept_open').on(t.deptCode, t.closedAt, t.dueAt),
    // The coordinator's dashboard (db/dashboard.ts): a department's open deadlines of one
    // escalation level in due order, and every column its counts read, so each list reads only
    // the rows it shows and the counts read the index alone, however many deadlines are open.
    index('case_deadlines_dept_open_level')
      .on(t.deptCode, t.escalationLevel, t.dueAt, t.caseNo, t.deadlineId, t.overdue, t.warned, t.warnAt)
      .where(sql`${t.closedAt} is null`),
  ],
);

/** The case timeline (全程留痕), one row per entry; entries are only ever appended. */
export const caseTimeline = pgTable(
  'case_timeline',
  {
    caseNo: text('case_no').notNull(),
    seq: integer('seq').notNull(),
    at: instant('at').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    reason: text('reason'),
  },
  (t) => [primaryKey({ name: 'case_timeline_pk', columns: [t.caseNo, t.seq] }), index('case_timeline_action_at').on(t.action, t.at)],
);
