// Coordinators' problem records (问题记录, Dongli 二 3, 四 3(2)): a problem a coordinator could not
// solve in its department, raised up the coordinator levels with the measures taken, followed to
// resolution or to a consultation (会商); every step is an event (who, when, why).
import { bigserial, bigint, check, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { ProblemAction, ProblemStatus, ProblemSubjectKind } from '../../domain/problems.js';
import { instant } from './instant.js';

/** One problem record. */
export const problems = pgTable(
  'problems',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** The region of the raising department. */
    region: text('region').notNull(),
    /** The raising department; its coordinators follow the problem. */
    deptCode: text('dept_code').notNull(),
    /** The other side's department it concerns (D 二 3: level-1 coordinators coordinate with it), if any. */
    counterpartDept: text('counterpart_dept'),
    /** What it is about: `case`, `task`, `item` or `general`, and the code named (null for general). */
    subjectKind: text('subject_kind').$type<ProblemSubjectKind>().notNull(),
    subjectCode: text('subject_code'),
    /** The case the subject belongs to (a case or a task), for messages and reading. */
    caseNo: text('case_no'),
    description: text('description').notNull(),
    /** open → in_progress → resolved | referred (提交会商). */
    status: text('status').$type<ProblemStatus>().notNull().default('open'),
    /** The coordinator level that holds it now (2 → 1 → 3). */
    level: integer('level').notNull(),
    raisedBy: text('raised_by').notNull(),
    raisedLevel: integer('raised_level').notNull(),
    raisedAt: instant('raised_at').notNull().default(sql`now()`),
    /** The last event that answered it (raise, comment, measure, escalation): the escalation clock starts here. */
    lastActivityAt: instant('last_activity_at').notNull().default(sql`now()`),
    /** Bumped by every event: the workflow escalates only a problem unchanged since it read it. */
    revision: integer('revision').notNull().default(0),
    resolution: text('resolution'),
    closedAt: instant('closed_at'),
    /** The consultation (会商) that discussed it. */
    consultationId: bigint('consultation_id', { mode: 'number' }),
    /** The raiser's Idempotency-Key, if sent: a repeated raise answers the first. */
    idempotencyKey: text('idempotency_key'),
  },
  (t) => [
    check('problems_status', sql`${t.status} in ('open', 'in_progress', 'resolved', 'referred')`),
    check('problems_level', sql`${t.level} between 1 and 3`),
    index('problems_dept_raised').on(t.deptCode, t.raisedAt),
    index('problems_counterpart').on(t.counterpartDept),
    index('problems_raised_by').on(t.raisedBy, t.raisedAt),
    uniqueIndex('problems_idempotency').on(t.raisedBy, t.idempotencyKey),
  ],
);

/** One step of a problem: who, when, what, why (全程留痕). Appended only. */
export const problemEvents = pgTable(
  'problem_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    problemId: bigint('problem_id', { mode: 'number' })
      .notNull()
      .references(() => problems.id),
    at: instant('at').notNull().default(sql`now()`),
    /** A person's ID, or `system` for the workflow's escalation. */
    actor: text('actor').notNull(),
    /** raised, commented, measure-added, escalated, auto-escalated, resolved, referred, consultation-linked. */
    action: text('action').$type<ProblemAction>().notNull(),
    /** The comment, the reason, or the resolution. */
    text: text('text'),
    /** Measures taken (已采取的措施). */
    measures: jsonb('measures').$type<string[]>(),
    fromLevel: integer('from_level'),
    toLevel: integer('to_level'),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    /** The actor's Idempotency-Key, if sent: a repeated step answers the first. */
    idempotencyKey: text('idempotency_key'),
  },
  (t) => [index('problem_events_problem').on(t.problemId, t.id), uniqueIndex('problem_events_idempotency').on(t.problemId, t.idempotencyKey)],
);
