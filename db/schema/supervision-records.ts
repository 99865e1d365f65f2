// What supervision keeps beside the cases: credit grades from the credit platform (L12),
// consultation meetings (会商, D 三) and the half-year summaries units file, and the monthly
// credit-graded spot-check draws (双随机, L12).
import { bigserial, check, date, index, integer, jsonb, pgTable, primaryKey, real, text, unique } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { instant } from './instant.js';

/** Credit grades (信用等级), best first: A 守信, B 基本守信, C 失信, D 严重失信. */
export const creditGrades = ['A', 'B', 'C', 'D'] as const;
/** One credit grade. */
export type CreditGrade = (typeof creditGrades)[number];

/** The current credit grade of an enterprise, as the public credit platform last sent it. */
export const enterpriseCreditGrades = pgTable(
  'enterprise_credit_grades',
  {
    creditCode: text('credit_code').primaryKey(),
    grade: text('grade').$type<CreditGrade>().notNull(),
    /** The day the platform graded it (YYYY-MM-DD). */
    gradedOn: date('graded_on', { mode: 'string' }).notNull(),
    /** `api` (the platform's call) or `csv` (an import). */
    source: text('source').notNull(),
    updatedBy: text('updated_by').notNull(),
    updatedAt: instant('updated_at').notNull().default(sql`now()`),
  },
  (t) => [check('enterprise_credit_grades_grade', sql`${t.grade} in ('A', 'B', 'C', 'D')`)],
);

/** A consultation meeting (审管联动会商, D 三). */
export const consultations = pgTable(
  'consultations',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    region: text('region').notNull(),
    /** The department that convened it. */
    convenedBy: text('convened_by').notNull(),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    topics: jsonb('topics').$type<string[]>().notNull(),
    /** Participating departments, and the people (IDs) who attended for them. */
    participants: jsonb('participants').$type<{ deptCode: string; personIds: string[] }[]>().notNull(),
    decisions: jsonb('decisions').$type<string[]>().notNull(),
    followUps: jsonb('follow_ups').$type<{ item: string; ownerDept: string; dueDate: string; done: boolean }[]>().notNull(),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: instant('recorded_at').notNull().default(sql`now()`),
  },
  (t) => [index('consultations_region_held').on(t.region, t.heldOn)],
);

/** The half-year summary a unit files on its approval–supervision linkage work (D 三). */
export const halfYearSummaries = pgTable(
  'half_year_summaries',
  {
    deptCode: text('dept_code').notNull(),
    year: integer('year').notNull(),
    half: integer('half').notNull(),
    region: text('region').notNull(),
    summary: text('summary').notNull(),
    filedBy: text('filed_by').notNull(),
    filedAt: instant('filed_at').notNull().default(sql`now()`),
  },
  (t) => [primaryKey({ name: 'half_year_summaries_pk', columns: [t.deptCode, t.year, t.half] }), check('half_year_summaries_half', sql`${t.half} in (1, 2)`)],
);

/** How a supervising department samples (L12): how many enterprises a month, and the grade weights. */
export const samplingSettings = pgTable('sampling_settings', {
  deptCode: text('dept_code').primaryKey(),
  enterprisesPerMonth: integer('enterprises_per_month').notNull(),
  inspectorsPerCheck: integer('inspectors_per_check').notNull().default(2),
  /** Relative weight per grade, e.g. {"A":0.5,"B":1,"C":2,"D":4}; ungraded enterprises weigh as B. */
  weights: jsonb('weights').$type<Record<CreditGrade, number>>().notNull(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: instant('updated_at').notNull().default(sql`now()`),
});

/**
 * Secrets the server generates for itself, once, and never answers through the API: the sampling
 * secret keys every draw's seed, so nobody can compute a month's draw before it is made (双随机).
 */
export const serverSecrets = pgTable('server_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: instant('created_at').notNull().default(sql`now()`),
});

/** One enterprise drawn for a spot check in a month (双随机), and the spot-check case started for it. */
export const samplingDraws = pgTable(
  'sampling_draws',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** YYYY-MM. */
    month: text('month').notNull(),
    deptCode: text('dept_code').notNull(),
    creditCode: text('credit_code').notNull(),
    grade: text('grade'),
    weight: real('weight').notNull(),
    divisionCode: text('division_code').notNull(),
    inspectors: jsonb('inspectors').$type<string[]>().notNull(),
    caseNo: text('case_no').notNull(),
    /** The seed the draw was made with, so an auditor can reproduce it. */
    seed: text('seed').notNull(),
    drawnAt: instant('drawn_at').notNull().default(sql`now()`),
  },
  (t) => [
    unique('sampling_draws_once').on(t.month, t.deptCode, t.creditCode),
    index('sampling_draws_month').on(t.month, t.deptCode),
    // The enterprise portrait lists an enterprise's draws.
    index('sampling_draws_credit_code').on(t.creditCode, t.drawnAt),
  ],
);
